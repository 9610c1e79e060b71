"""
Messages and news with comments; meetings with answers, minutes and action items;
personal calendar feeds.

Who reads what is decided by audience and group in one place each:
Message.objects.visible_to(user) and Meeting.objects.visible_to(user), used
by the pages, the calendar feed, the member's home and the notifications alike.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.tokens import hash_token, new_token
from members.models import WorkingGroup


def _sees_everything(user):
    return user.is_authenticated and user.is_secretariat


class Audience(models.TextChoices):
    PUBLIC = "public", _("Offentligt – alle kan læse det")
    ALLIANCE = "alliance", _("Hele alliancen")
    GROUP = "group", _("Én gruppe")


class MessageQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(publish_at__lte=now or timezone.now())

    def public(self):
        """What anybody may read: published public news."""
        return self.published().filter(audience=Audience.PUBLIC)

    def visible_to(self, user):
        """The messages a person may open: the secretariat everything, including what
        is scheduled for later; a member what is published for the public, the whole
        alliance or a group they are in, and their own posts."""
        if not user.is_authenticated:
            return self.public()
        if _sees_everything(user):
            return self
        groups = WorkingGroup.objects.filter(members=user).values("pk")
        return self.filter(
            Q(author=user)
            | Q(publish_at__lte=timezone.now())
            & (
                Q(audience__in=[Audience.PUBLIC, Audience.ALLIANCE])
                | Q(audience=Audience.GROUP, group__in=groups)
            )
        )

    def due_for_announcement(self, now=None):
        """Published messages whose readers have not been told yet."""
        return self.published(now).filter(announced_at__isnull=True)

    def newest_first(self):
        return self.order_by("-pinned", "-publish_at", "-pk")


class Message(models.Model):
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(
        _("tekst"), help_text=_("Du kan bruge Markdown: **fed**, *kursiv*, lister og links.")
    )
    audience = models.CharField(
        _("hvem kan læse det"), max_length=20, choices=Audience.choices, default=Audience.ALLIANCE
    )
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("gruppe"),
        on_delete=models.PROTECT,
        related_name="messages",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet af"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    publish_at = models.DateTimeField(
        _("offentliggøres"),
        default=timezone.now,
        help_text=_("Et tidspunkt ude i fremtiden udskyder opslaget til da."),
    )
    pinned = models.BooleanField(
        _("fastgjort øverst"), default=False, help_text=_("Vises før de nyeste opslag.")
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("senest ændret"), default=timezone.now)
    # When the readers were told; a message scheduled for later is told when it goes live.
    announced_at = models.DateTimeField(_("meddelt"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-publish_at", "-pk"]
        verbose_name = _("opslag")
        verbose_name_plural = _("opslag")
        indexes = [
            # The public news list and feed: public messages, newest first.
            models.Index(fields=["audience", "-publish_at"], name="communication_msg_audience"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="group", group__isnull=False)
                | ~Q(audience="group") & Q(group__isnull=True),
                name="communication_message_group_iff_group_audience",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communication:message_detail", args=[self.pk])

    @property
    def is_public(self):
        return self.audience == Audience.PUBLIC

    @property
    def is_published(self):
        return self.publish_at <= timezone.now()


class CommentQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(hidden_at__isnull=True)


class Comment(models.Model):
    message = models.ForeignKey(
        Message, verbose_name=_("opslag"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet af"),
        on_delete=models.PROTECT,
        related_name="message_comments",
    )
    body = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    # A hidden comment is kept, and shown as hidden, so the thread stays readable.
    hidden_at = models.DateTimeField(_("skjult"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skjult af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.message.get_absolute_url()}#kommentar-{self.pk}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The secretariat sees every meeting; a member the meetings of their groups."""
        if not user.is_authenticated:
            return self.none()
        if _sees_everything(user):
            return self
        return self.filter(group__members=user)

    def of_groups_of(self, user):
        """The meetings of the groups a person is in, whatever their role (the calendar)."""
        return self.filter(group__members=user)

    def with_answer_of(self, user):
        """Each meeting with the person's own answer as `my_answer` (None when unanswered)."""
        mine = Rsvp.objects.filter(meeting=OuterRef("pk"), person=user).values("answer")[:1]
        return self.annotate(my_answer=Subquery(mine))

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).exclude(
            status=Meeting.Status.CANCELLED
        )

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Afholdt")
        CANCELLED = "cancelled", _("Aflyst")

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("gruppe"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=300, blank=True)
    online_url = models.URLField(_("link til onlinemøde"), blank=True)
    agenda = models.TextField(
        _("dagsorden"), blank=True, help_text=_("Punkterne til mødet. Du kan bruge Markdown.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("referat"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        indexes = [
            # A group's meetings in time order: the group page, the calendar feed.
            models.Index(fields=["group", "starts_at"], name="communication_meeting_group"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="communication_meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communication:meeting_detail", args=[self.pk])


class Rsvp(models.Model):
    """A group member's answer to a meeting invitation."""

    class Answer(models.TextChoices):
        YES = "yes", _("Ja, jeg kommer")
        MAYBE = "maybe", _("Måske")
        NO = "no", _("Nej, jeg kommer ikke")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="rsvps"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltager"),
        on_delete=models.CASCADE,
        related_name="rsvps",
    )
    answer = models.CharField(_("svar"), max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(_("svaret"), default=timezone.now)

    class Meta:
        ordering = ["person__full_name"]
        verbose_name = _("svar på mødeindkaldelse")
        verbose_name_plural = _("svar på mødeindkaldelser")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="communication_rsvp_once"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_answer_display()}"

    @staticmethod
    def label_of(answer):
        """An answer's label, or "" for no answer (Meeting.objects.with_answer_of)."""
        return Rsvp.Answer(answer).label if answer else ""


class ActionItem(models.Model):
    """Something a meeting decided somebody does by a date; the task board takes it over."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.CharField(_("opgave"), max_length=500)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("handlingspunkt")
        verbose_name_plural = _("handlingspunkter")

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#handlingspunkter"


class CalendarFeedQuerySet(models.QuerySet):
    def find(self, token):
        """The feed a calendar address belongs to, or None (a revoked one is gone)."""
        return self.filter(token_hash=hash_token(token)).select_related("user").first()


class CalendarFeed(models.Model):
    """A person's secret calendar address; making a new one revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token():
        """A fresh token and the hash to store for it."""
        return new_token()
