"""
Add a large alliance to the demo one, for measuring how the pages hold up (demo/large.py).

Run after `seed_demo`; a second run changes nothing. Nothing is mailed.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alliance import notifications
from demo.large import seed_large
from demo.management.commands.seed_demo import DEMO_SECRETARIAT
from members.models import Organisation, User


class Command(BaseCommand):
    help = "Add a large alliance to the demo one, for measuring (run seed_demo first)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every count.")

    def handle(self, *args, scale, **options):
        secretariat = User.objects.filter(email=DEMO_SECRETARIAT).first()
        if secretariat is None:
            raise CommandError("Load the demo first: python manage.py seed_demo")
        with transaction.atomic(), notifications.silenced():
            seed_large(by=secretariat, scale=scale)
        self.stdout.write(f"Large alliance ready: {Organisation.objects.count()} organisations.")
