"""The portal's own app: registers the deploy checks and makes the database cache's table."""

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using, **kwargs):
    """The database cache's table, ready for production whatever cache was set while migrating.

    A database migrated in debug mode (local memory cache) thus has the table
    when production starts on it; an existing table is left as it is.
    """
    call_command("createcachetable", settings.DATABASE_CACHE_TABLE, database=using, verbosity=0)


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Alliancen")

    def ready(self):
        from alliance import checks  # noqa: F401  registers the deploy checks

        # alliance has no models and gets no post_migrate of its own; contenttypes always does.
        post_migrate.connect(create_cache_table, sender=apps.get_app_config("contenttypes"))
