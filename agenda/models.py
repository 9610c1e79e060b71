"""
The common agenda (fælles dagsorden): versions, goals, endorsements, comments.

An Agenda is one version of the vision, the shared understanding of the
problem and the goals. Goals outlive versions, because indicators and
initiatives point at them: a Goal carries the text of the adopted version,
and AgendaGoal keeps each version's own wording and order.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class GoalQuerySet(models.QuerySet):
    def current(self):
        """Goals not retired: the adopted agenda's, and those a draft proposes."""
        return self.filter(retired_on__isnull=True)

    def live(self):
        """The adopted agenda's goals: what initiatives, indicators and overviews work with.

        A goal proposed in a draft becomes live when the draft is adopted.
        """
        return self.current().filter(agenda_goals__agenda__status=Agenda.Status.ADOPTED)


class Goal(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=10000)
    retired_on = models.DateField(_("udgået"), null=True, blank=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("målsætning")
        verbose_name_plural = _("målsætninger")

    def __str__(self):
        return self.title


class AgendaQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(status=Agenda.Status.ADOPTED).first()

    def draft(self):
        return self.filter(status=Agenda.Status.DRAFT).first()


class Agenda(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Udkast")
        ADOPTED = "adopted", _("Vedtaget")
        SUPERSEDED = "superseded", _("Afløst")

    number = models.PositiveIntegerField(_("version"), unique=True)
    vision = models.TextField(
        _("vision"), blank=True, max_length=20000, help_text=_("Markdown er tilladt.")
    )
    problem_statement = models.TextField(
        _("problemforståelse"), blank=True, max_length=20000, help_text=_("Markdown er tilladt.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    goals = models.ManyToManyField(
        Goal, through="AgendaGoal", related_name="agendas", verbose_name=_("målsætninger")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adopted_on = models.DateField(_("vedtaget"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where the alliance took the decision: a meeting, a general assembly. Free
    # text, because the meetings live in an app the agenda must not depend on.
    decided_where = models.CharField(_("besluttet ved"), max_length=200, blank=True)
    decided_link = models.URLField(_("link til beslutningen"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AgendaQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("dagsorden")
        verbose_name_plural = _("dagsordener")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="adopted"),
                name="agenda_agenda_one_adopted",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="draft"),
                name="agenda_agenda_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_on__isnull=False),
                name="agenda_agenda_adopted_has_date",
            ),
        ]

    def __str__(self):
        return _("Fælles dagsorden, version %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        if self.is_draft:
            return reverse("agenda:draft")
        return reverse("agenda:version", args=[self.number])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class AgendaGoal(models.Model):
    """A goal as one version of the agenda words and orders it."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="agenda_goals")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="agenda_goals")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(
        _("beskrivelse"), blank=True, max_length=10000, help_text=_("Markdown er tilladt.")
    )
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("målsætning i en version")
        verbose_name_plural = _("målsætninger i en version")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "goal"], name="agenda_agendagoal_once"),
        ]

    def __str__(self):
        return self.title


class Endorsement(models.Model):
    """An organisation's backing of one adopted version."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilsluttet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    endorsed_at = models.DateTimeField(_("tilsluttet"), auto_now_add=True)

    class Meta:
        ordering = ["endorsed_at"]
        verbose_name = _("tilslutning")
        verbose_name_plural = _("tilslutninger")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "organisation"], name="agenda_endorsement_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.agenda}"


class AgendaCommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden_at__isnull=True)


class AgendaComment(models.Model):
    """A member's remark on a draft before it is adopted."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agenda_comments"
    )
    body = models.TextField(_("kommentar"), max_length=5000)
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("skjult"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AgendaCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"
