"""
The secretariat's own records: tasks on its board, quarterly snapshots of the
five conditions' signals, and the members' repeated self-assessment.

The board, the coherence check and the health cards read the other apps'
data; what they store here is only what the secretariat itself decides or
what must be kept to show a trend.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Condition(models.TextChoices):
    """The five conditions of Collective Impact, in the order the method tells them."""

    AGENDA = "agenda", _("Fælles dagsorden")
    MEASUREMENT = "measurement", _("Fælles målemetode")
    ACTIVITIES = "activities", _("Gensidigt forstærkende aktiviteter")
    COMMUNICATION = "communication", _("Hyppig og åben kommunikation")
    BACKBONE = "backbone", _("Fælles sekretariatsfunktion")


class BackboneFunction(models.TextChoices):
    """The six things a backbone organisation does (FSG)."""

    VISION = "vision", _("Vision og strategi")
    ACTIVITIES = "activities", _("Understøtte koordinerede aktiviteter")
    MEASUREMENT = "measurement", _("Fælles målepraksis")
    PUBLIC_WILL = "public_will", _("Skabe opbakning i offentligheden")
    POLICY = "policy", _("Fremme politik")
    FUNDING = "funding", _("Skaffe finansiering")


def open_task():
    """The condition a task is open on: not done."""
    return ~Q(status=Task.Status.DONE)


def overdue_task(today=None):
    """The condition a task is overdue on: open, and its due date has passed."""
    return open_task() & Q(due_on__lt=today or timezone.localdate())


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(open_task())

    def overdue(self, today=None):
        return self.filter(overdue_task(today))

    def of(self, user):
        return self.filter(assignee=user)


class Task(models.Model):
    """A piece of the secretariat's work, linked to what it supports."""

    class Status(models.TextChoices):
        TODO = "todo", _("Skal gøres")
        DOING = "doing", _("I gang")
        BLOCKED = "blocked", _("Blokeret")
        DONE = "done", _("Færdig")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Lav")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("Høj")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TODO
    )
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    function = models.CharField(
        _("sekretariatsfunktion"),
        max_length=20,
        choices=BackboneFunction.choices,
        help_text=_("Hvilken af sekretariatets seks funktioner opgaven tjener."),
    )

    # What the task supports: any of these may be set, usually one.
    goal = models.ForeignKey(
        "agenda.Goal",
        verbose_name=_("mål"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("indsats"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    commitment = models.ForeignKey(
        "initiatives.Commitment",
        verbose_name=_("tilsagn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    indicator = models.ForeignKey(
        "measurement.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    working_group = models.ForeignKey(
        "members.WorkingGroup",
        verbose_name=_("gruppe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    meeting = models.ForeignKey(
        "communication.Meeting",
        verbose_name=_("møde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        verbose_name=_("frivillig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    # The action item in a meeting's minutes this task was made from.
    action_item = models.OneToOneField(
        "communication.ActionItem",
        verbose_name=_("handlingspunkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status ændret"), default=timezone.now)
    done_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    # The links a task may have, in the order they are shown.
    LINKS = [
        "goal",
        "initiative",
        "commitment",
        "indicator",
        "working_group",
        "meeting",
        "organisation",
        "volunteer",
    ]

    class Meta:
        ordering = ["due_on", "-priority", "pk"]
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaver")
        indexes = [
            models.Index(fields=["status", "due_on"], name="secretariat_task_due"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("secretariat:task_detail", args=[self.pk])

    def is_overdue(self, today=None):
        return (
            self.status != self.Status.DONE
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )

    def links(self):
        """(label, object) for each thing the task supports."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.LINKS
            if getattr(self, f"{name}_id") is not None
        ]


class Snapshot(models.Model):
    """One signal of one condition's health at the end of a quarter, kept for the trend."""

    quarter = models.DateField(_("kvartal"), help_text=_("Kvartalets første dag."))
    condition = models.CharField(_("forudsætning"), max_length=20, choices=Condition.choices)
    signal = models.CharField(_("signal"), max_length=50)
    value = models.DecimalField(_("værdi"), max_digits=12, decimal_places=2, null=True)
    taken_at = models.DateTimeField(_("taget"), default=timezone.now)

    class Meta:
        ordering = ["quarter", "condition", "signal"]
        verbose_name = _("øjebliksbillede")
        verbose_name_plural = _("øjebliksbilleder")
        constraints = [
            models.UniqueConstraint(fields=["quarter", "signal"], name="secretariat_snapshot_once"),
        ]

    def __str__(self):
        return f"{self.quarter:%Y-%m} {self.signal}"


class SurveyQuestion(models.Model):
    """A statement members rate from 1 (helt uenig) to 5 (helt enig), for one condition."""

    condition = models.CharField(_("forudsætning"), max_length=20, choices=Condition.choices)
    text = models.CharField(_("udsagn"), max_length=300)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    is_active = models.BooleanField(
        _("bruges i nye runder"),
        default=True,
        help_text=_("Et udsagn, der ikke bruges mere, bliver stående i de gamle runder."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("udsagn")
        verbose_name_plural = _("udsagn")

    def __str__(self):
        return self.text


class SurveyRound(models.Model):
    """One round of the self-assessment: its questions are fixed when it opens."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        CLOSED = "closed", _("Lukket")

    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    questions = models.ManyToManyField(SurveyQuestion, related_name="rounds")
    opened_at = models.DateTimeField(_("åbnet"), default=timezone.now)
    closes_on = models.DateField(_("svarfrist"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("selvevalueringsrunde")
        verbose_name_plural = _("selvevalueringsrunder")

    def __str__(self):
        return self.title


class SurveyParticipation(models.Model):
    """That a person answered a round (never what they answered)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_participations"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="survey_participations"
    )
    answered_on = models.DateField(_("svaret"), default=timezone.localdate)

    class Meta:
        verbose_name = _("deltagelse")
        verbose_name_plural = _("deltagelser")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="secretariat_answer_once"),
        ]

    def __str__(self):
        return f"{self.round}: {self.organisation}"


class SurveyAnswer(models.Model):
    """One rating, counted for the organisation and kept apart from who gave it."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="survey_answers"
    )
    value = models.PositiveSmallIntegerField(
        _("svar"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="secretariat_answer_scale"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.value}"
