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


class Notification(models.Model):
    """Something a person is told about: mailed at once, or kept for the weekly digest.

    The subject and text are rendered in the recipient's language when the
    event happens, so the digest shows what was true then, and a mail server
    that is down loses nothing: the row stays, the mail task tries again.
    """

    class Kind(models.TextChoices):
        MESSAGE_POSTED = "message_posted", _("Nye opslag og nyheder")
        COMMENT_POSTED = "comment_posted", _("Kommentarer til dine opslag")
        MEETING = "meeting", _("Nye, flyttede og aflyste møder")
        RSVP_REMINDER = "rsvp_reminder", _("Påmindelser om at svare på en mødeindkaldelse")
        COMMITMENT_PROPOSED = "commitment_proposed", _("Foreslåede tilsagn")
        COMMITMENT_ACCEPTED = "commitment_accepted", _("Tilsagn, der er taget imod")
        COMMITMENT_AT_RISK = "commitment_at_risk", _("Tilsagn, der er i fare")
        COMMITMENT_RETURNED = "commitment_returned", _("Foreslåede tilsagn, der sendes tilbage")
        AGENDA_DRAFT = "agenda_draft", _("Udkast til den fælles dagsorden til kommentering")
        AGENDA_ADOPTED = "agenda_adopted", _("Vedtagelse af den fælles dagsorden")
        VOLUNTEER_ASSIGNED = "volunteer_assigned", _("Frivillige, der tilknyttes jeres indsatser")
        REPORT_RETURNED = "report_returned", _("Indberetninger, der sendes retur")
        REPORT_DUE = "report_due", _("Indberetninger, der snart skal sendes")
        SURVEY_OPENED = "survey_opened", _("Selvevalueringer, der er åbne for svar")
        TASK_ASSIGNED = "task_assigned", _("Opgaver, sekretariatet giver dig")
        CERTIFICATE_EXPIRING = (
            "certificate_expiring",
            _("Frivilliges børneattester, der snart udløber"),
        )

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Med det samme")
        DIGEST = "digest", _("I ugens sammendrag")
        NEVER = "never", _("Aldrig")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modtager"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("slags"), max_length=40, choices=Kind.choices)
    delivery = models.CharField(_("levering"), max_length=20, choices=Delivery.choices)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What the item belongs to, for grouping the digest: a working group's name,
    # or the alliance as a whole.
    topic = models.CharField(_("emne i sammendraget"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    # When the mail went to the queue, or the digest that held the item was sent.
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("underretning")
        verbose_name_plural = _("underretninger")
        indexes = [
            # The digest run: a person's items still waiting for the digest.
            models.Index(
                fields=["delivery", "sent_at", "recipient"], name="alliance_notif_waiting"
            ),
        ]

    def __str__(self):
        return self.subject


class NotificationSetting(models.Model):
    """How a person wants to hear of one kind of event; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    kind = models.CharField(_("slags"), max_length=40, choices=Notification.Kind.choices)
    delivery = models.CharField(_("levering"), max_length=20, choices=Notification.Delivery.choices)

    class Meta:
        verbose_name = _("valg for underretninger")
        verbose_name_plural = _("valg for underretninger")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="alliance_notif_setting_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} – {self.get_delivery_display()}"


class DigestSent(models.Model):
    """A weekly digest that went to one person: never the same week twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week = models.DateField(_("uge (mandag)"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    items = models.PositiveIntegerField(_("punkter"), default=0)

    class Meta:
        verbose_name = _("ugentligt sammendrag")
        verbose_name_plural = _("ugentlige sammendrag")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="alliance_digest_once_a_week"),
        ]

    def __str__(self):
        return f"{self.user}: {self.week:%G-W%V}"
