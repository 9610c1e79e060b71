"""
The audit trail: one row per change a service made to a domain object.

Services write it (alliance.audit.record); nothing else does. An event
keeps who did it, when, to what, which action, and the value of each
changed field before and after. The values of a person's data can be
scrubbed (alliance.audit.scrub) while the event itself stays.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("oprettet")
        CHANGED = "changed", _("ændret")
        STATUS = "status", _("status ændret")
        DELETED = "deleted", _("slettet")
        ANONYMISED = "anonymised", _("anonymiseret")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept apart from the foreign key so the name survives a deleted account;
    # empty when the portal itself acted (a scheduled command).
    actor_name = models.CharField(_("navn"), max_length=150, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("slags"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(_("hvad"), max_length=300)
    object_url = models.CharField(max_length=300, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices)
    # {field name: [before, after]}, values as JSON; a created object has before null.
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)
    scrubbed_at = models.DateTimeField(_("persondata fjernet"), null=True, blank=True)

    class Meta:
        verbose_name = _("hændelse i historikken")
        verbose_name_plural = _("historik")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="alliance_audit_object"),
            models.Index(fields=["-at"], name="alliance_audit_at"),
            models.Index(fields=["actor", "-at"], name="alliance_audit_actor"),
        ]

    def __str__(self):
        return f"{self.object_label}: {self.get_action_display()}"
