"""The audit trail: one row per change a service made to a domain object."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        """The history of one object, newest first (the "Historik" on its page)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditEvent(models.Model):
    """Who did what to which object when, with the before and after of each changed field.

    `changes` maps a field's verbose name key to `[before, after]` as shown to
    people. The actor is kept as a name too, so the trail survives a deleted
    account; scrubbing removes the values but keeps the event.
    """

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("hvem"), max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(_("objekt"), max_length=300)
    action = models.CharField(_("handling"), max_length=40)
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    scrubbed_at = models.DateTimeField(_("personoplysninger fjernet"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("hændelse")
        verbose_name_plural = _("historik")
        ordering = ["-at", "-pk"]
        indexes = [
            # An object's "Historik".
            models.Index(fields=["content_type", "object_id", "-at"], name="alliance_audit_object"),
            # The secretariat's log, newest first, optionally by person.
            models.Index(fields=["-at"], name="alliance_audit_at"),
            models.Index(fields=["actor", "-at"], name="alliance_audit_actor"),
        ]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '–'}: {self.action} {self.object_label}"
        )
