"""
Start the demo database afresh when an older layout of the portal made it.

The migrations were written anew when the apps were rearranged, so a
`db.sqlite3` from before records migrations that no longer exist and
`migrate` would fail on it. Only a SQLite file is ever removed: it holds
nothing but demo data, which `seed_demo` loads again.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.loader import MigrationLoader


def stale_migrations(loader):
    """Applied migrations of installed apps that the code no longer has."""
    return sorted(
        key
        for key in loader.applied_migrations
        if key not in loader.disk_migrations and key[0] not in loader.unmigrated_apps
    )


class Command(BaseCommand):
    help = "Delete a SQLite demo database made by an older layout of the portal."

    def handle(self, *args, **options):
        path = Path(str(connection.settings_dict["NAME"]))
        if connection.vendor != "sqlite" or not path.is_file():
            return
        loader = MigrationLoader(connection)
        stale = stale_migrations(loader)
        try:
            loader.check_consistent_history(connection)
        except InconsistentMigrationHistory:
            stale = stale or ["inconsistent history"]
        if not stale:
            return
        connection.close()
        path.unlink()
        self.stdout.write(
            f"{path.name} was made by an older version of the portal "
            f"({len(stale)} migrations it no longer has); building the demo database again."
        )
