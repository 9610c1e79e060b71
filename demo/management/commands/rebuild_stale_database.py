"""
Start the demo database afresh when an older layout of the portal made it.

The migrations were written anew when the apps were rearranged, so a
`db.sqlite3` from before records migrations that no longer exist and
`migrate` would fail on it. Only a SQLite file is ever removed: it holds
nothing but demo data, which `seed_demo` loads again.
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.loader import MigrationLoader


def stale_migrations(loader):
    """Applied migrations of installed apps that the code no longer has."""
    installed = {config.label for config in apps.get_app_configs()}
    return sorted(
        key
        for key in loader.applied_migrations
        if key[0] in installed and key not in loader.disk_migrations
    )


class Command(BaseCommand):
    help = "Delete a SQLite demo database made by an older layout of the portal."

    def handle(self, *args, **options):
        path = Path(str(connection.settings_dict["NAME"]))
        if connection.vendor != "sqlite" or not path.is_file():
            return
        loader = MigrationLoader(connection)
        try:
            loader.check_consistent_history(connection)
            stale = bool(stale_migrations(loader))
        except InconsistentMigrationHistory:
            stale = True
        if not stale:
            return
        connection.close()
        path.unlink()
        self.stdout.write(
            f"{path.name} was made by an older version of the portal; "
            "building the demo database again."
        )
