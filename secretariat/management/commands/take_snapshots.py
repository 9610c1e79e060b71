"""
Store the health signals' values as the current quarter's snapshot. Run it
daily: the running quarter's values are overwritten until the quarter ends.
"""

from datetime import date

from django.core.management.base import BaseCommand

from secretariat.services.snapshots import take_snapshot


class Command(BaseCommand):
    help = "Store the current quarter's value of every health signal."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="Compute as of this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, **options):
        snapshots = take_snapshot(options["date"])
        for snapshot in snapshots:
            value = "-" if snapshot.value is None else snapshot.value
            self.stdout.write(f"{snapshot.quarter:%Y-%m-%d} {snapshot.signal}: {value}")
        self.stdout.write(f"Stored {len(snapshots)} snapshot(s).")
