"""
Mutually reinforcing activities: initiatives (indsatser), each organisation's
commitments (tilsagn) to them, and the progress updates that make up a
commitment's history.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long until a commitment is due for its next progress update.
UPDATE_INTERVAL = timedelta(days=91)
# A commitment is "due soon" for an update within this many days ("Min organisation", home).
DUE_SOON_DAYS = 14


def next_update_due():
    return timezone.localdate() + UPDATE_INTERVAL


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        """What the public site shows: public initiatives that have started."""
        return self.filter(is_public=True).exclude(status=Initiative.Status.PLANNED)

    def wanting_volunteers(self):
        return (
            self.public().filter(wants_volunteers=True).exclude(status=Initiative.Status.COMPLETED)
        )


class Initiative(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ACTIVE = "active", _("Aktiv")
        PAUSED = "paused", _("Sat på pause")
        COMPLETED = "completed", _("Afsluttet")

    name = models.CharField(
        _("navn"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Der findes allerede en indsats med det navn.")},
    )
    slug = models.SlugField(
        _("adresse"),
        max_length=80,
        unique=True,
        help_text=_("Den del af adressen, der navngiver indsatsen, fx lektiecafe."),
        error_messages={"unique": _("Adressen bruges allerede af en anden indsats.")},
    )
    summary = models.CharField(_("kort beskrivelse"), max_length=300)
    description = models.TextField(
        _("beskrivelse"), blank=True, max_length=10000, help_text=_("Markdown er tilladt.")
    )
    goals = models.ManyToManyField(
        "agenda.Goal", verbose_name=_("målsætninger"), related_name="initiatives"
    )
    lead_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("ansvarlig organisation"),
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    working_group = models.ForeignKey(
        "members.WorkingGroup",
        verbose_name=_("arbejdsgruppe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    contact_person = models.ForeignKey(
        "members.User",
        verbose_name=_("kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives_in_contact",
        help_text=_("Navn, stilling, e-mail og telefon vises på den offentlige side om indsatsen."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    is_public = models.BooleanField(
        _("offentlig"), default=False, help_text=_("Vises på den offentlige side om indsatser.")
    )
    wants_volunteers = models.BooleanField(_("søger frivillige"), default=False)
    involves_children = models.BooleanField(
        _("involverer børn under 15 år"),
        default=False,
        help_text=_(
            "Frivillige kan først blive aktive her, når sekretariatet har vurderet en børneattest."
        ),
    )
    volunteer_description = models.TextField(
        _("hvad frivillige skal lave"),
        blank=True,
        max_length=2000,
        help_text=_("Vises i opslaget til frivillige. Markdown er tilladt."),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="initiatives_initiative_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class CommitmentQuerySet(models.QuerySet):
    def open(self):
        """Commitments still under way, which owe progress updates."""
        return self.filter(status__in=Commitment.OPEN_STATUSES)

    def active(self):
        return self.filter(status__in=[Commitment.Status.ACTIVE, Commitment.Status.AT_RISK])

    def overdue(self, today=None):
        return self.open().filter(next_update_due__lt=today or timezone.localdate())

    def due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.open().filter(
            next_update_due__gte=today, next_update_due__lte=today + timedelta(days=days)
        )

    def of_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def awaiting_acceptance(self):
        """Proposals for the secretariat to accept or send back; a returned one waits for its
        organisation until they edit it."""
        return self.filter(status=Commitment.Status.PROPOSED, returned_at__isnull=True)


class Commitment(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslået")
        ACTIVE = "active", _("Aktiv")
        AT_RISK = "at_risk", _("I fare")
        COMPLETED = "completed", _("Gennemført")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    OPEN_STATUSES = [Status.PROPOSED, Status.ACTIVE, Status.AT_RISK]

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("indsats"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    description = models.TextField(_("det gør vi"), max_length=4000)
    staff_hours_per_month = models.DecimalField(
        _("timer pr. måned"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Medarbejdertimer, som organisationen lægger i indsatsen hver måned."),
        validators=[MinValueValidator(0)],
    )
    resources = models.TextField(
        _("andre ressourcer"),
        blank=True,
        max_length=2000,
        help_text=_("Fx lokaler, materialer eller penge."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    next_update_due = models.DateField(_("næste opdatering"), default=next_update_due)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    # A proposal the secretariat sent back with a reason, until the organisation edits it.
    returned_at = models.DateTimeField(_("sendt tilbage"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("begrundelse"), blank=True, max_length=2000, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["initiative__name", "organisation__name"]
        verbose_name = _("tilsagn")
        verbose_name_plural = _("tilsagn")
        indexes = [
            # "Min organisation" and the reminders look for open commitments by due date.
            models.Index(fields=["status", "next_update_due"], name="initiatives_commit_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff_hours_per_month__isnull=True) | Q(staff_hours_per_month__gte=0),
                name="initiatives_commitment_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="initiatives_commitment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.initiative}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.next_update_due < timezone.localdate()

    @property
    def is_returned(self):
        """A proposal sent back to its organisation, waiting for their edit."""
        return self.status == self.Status.PROPOSED and self.returned_at is not None


class CommitmentUpdate(models.Model):
    """One entry in a commitment's progress log."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("tilsagn")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet af"),
        on_delete=models.PROTECT,
        related_name="commitment_updates",
    )
    status = models.CharField(_("status"), max_length=20, choices=Commitment.Status.choices)
    note = models.TextField(_("hvordan går det?"), max_length=4000)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("statusopdatering")
        verbose_name_plural = _("statusopdateringer")

    def __str__(self):
        return f"{self.commitment}: {self.get_status_display()}"
