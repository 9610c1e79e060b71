"""
Tell the secretariat of volunteers at work with children whose børneattest runs
out within VOLUNTEER_CHILD_CERTIFICATE_WARN_DAYS. Run it daily: each expiry is
told of once.
"""

from django.core.management.base import BaseCommand

from volunteers import services


class Command(BaseCommand):
    help = "Tell the secretariat of børneattester that run out soon; once per expiry."

    def handle(self, *args, **options):
        told = services.warn_expiring_certificates()
        self.stdout.write(f"Told the secretariat of {len(told)} expiring certificate(s).")
