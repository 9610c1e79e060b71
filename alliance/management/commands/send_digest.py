"""Mail the weekly digest: run it once a week, e.g. Monday morning from cron."""

from django.core.management.base import BaseCommand

from alliance.notifications import send_digests


class Command(BaseCommand):
    help = "Mail each person one summary of the items waiting for the weekly digest."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
