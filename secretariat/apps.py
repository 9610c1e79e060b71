from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Fælles sekretariatsfunktion")

    def ready(self):
        # Imported here: the receivers import models, which must wait for the app registry.
        from secretariat import receivers

        receivers.connect()
