"""
The secretariat's work for today, as its home page shows it: what waits for
the secretariat in every part of the portal.

Each function gives the queryset of one block, filtered but not cut; the
home shows a block's first rows and its count, both from one query
(first_rows()), so the page costs the same with three rows as with three
thousand.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, Value, When, Window
from django.utils import timezone

from agenda.models import Agenda, Endorsement
from communication.models import ActionItem, Meeting
from initiatives.models import Commitment
from measurement import periods
from measurement.models import Indicator, Report
from measurement.services import SENT_IN
from members.models import Organisation
from secretariat.models import Task
from volunteers.models import Volunteer

# Rows shown in each block; the count and the block's own list page tell the rest.
ROWS = 6


def proposals():
    """Proposed commitments waiting for the secretariat to accept or send back, oldest first."""
    return (
        Commitment.objects.awaiting_acceptance()
        .select_related("initiative", "organisation")
        .only("created_at", "description", "version", "initiative__name", "organisation__name")
        .order_by("created_at", "pk")
    )


def volunteers_waiting():
    """Volunteers who signed up and have not been contacted yet, the longest waiting first."""
    return (
        Volunteer.objects.present()
        .filter(status=Volunteer.Status.NEW)
        .select_related("assigned_initiative")
        .only("first_name", "last_name", "created_at", "assigned_initiative__name")
        .order_by("created_at", "pk")
    )


def reports_to_review():
    """Figures sent in and waiting for the secretariat's review, the longest waiting first."""
    return (
        Report.objects.filter(status=Report.Status.SUBMITTED)
        .select_related("indicator", "organisation")
        .only(
            "period_start",
            "submitted_at",
            "indicator__name",
            "indicator__frequency",
            "organisation__name",
        )
        .order_by("submitted_at", "pk")
    )


def overdue_reports(today):
    """Each responsible organisation's overdue figures: for every indicator, the latest
    period whose deadline has passed without a report sent in (submitted or approved).

    Rows are pairs of indicator and organisation with `due_start`, the period's first day.
    """
    due = [
        (frequency, periods.latest_past_deadline(today, frequency))
        for frequency in Indicator.Frequency.values
    ]
    due_start = Case(
        *[
            When(
                Q(indicator__frequency=frequency, indicator__reporting_from__lte=period.end),
                then=Value(period.start),
            )
            for frequency, period in due
        ],
        default=None,
        output_field=DateField(),
    )
    sent = Report.objects.filter(
        indicator=OuterRef("indicator_id"),
        organisation=OuterRef("organisation_id"),
        period_start=OuterRef("due_start"),
        status__in=SENT_IN,
    )
    return (
        Indicator.responsible.through.objects.filter(organisation__active=True)
        .annotate(due_start=due_start)
        .filter(due_start__isnull=False)
        .exclude(Exists(sent))
        .select_related("indicator", "organisation")
        .only("indicator__name", "indicator__slug", "indicator__frequency", "organisation__name")
        .order_by("due_start", "indicator__name", "organisation__name")
    )


def commitments_overdue(today):
    """Open commitments whose progress update is overdue, the most overdue first."""
    return (
        Commitment.objects.overdue(today)
        .select_related("initiative", "organisation")
        .only("next_update_due", "initiative__name", "organisation__name")
        .order_by("next_update_due", "pk")
    )


def tasks_overdue(today):
    return (
        Task.objects.overdue(today)
        .select_related("assignee")
        .only("title", "due_on", "assignee__full_name")
        .order_by("due_on", "pk")
    )


def my_tasks(user):
    """The open tasks a person has, those with a due date first."""
    return (
        Task.objects.open()
        .of(user)
        .only("title", "status", "due_on")
        .order_by(F("due_on").asc(nulls_last=True), "-priority", "pk")
    )


def next_meetings(now):
    return (
        Meeting.objects.upcoming(now)
        .select_related("group")
        .only("title", "starts_at", "group__name")
        .order_by("starts_at", "pk")
    )


def organisations_not_endorsed():
    """Active organisations that have not endorsed the adopted agenda (all, when none is)."""
    endorsed = Endorsement.objects.filter(
        organisation=OuterRef("pk"), agenda__status=Agenda.Status.ADOPTED
    )
    return Organisation.objects.active().exclude(Exists(endorsed)).only("name").order_by("name")


def action_items_without_owner():
    """Open action items from meetings that nobody has taken on, nor the task board."""
    return (
        ActionItem.objects.filter(responsible__isnull=True, done_at__isnull=True)
        .filter(task__isnull=True)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting")
        .only("text", "due_on", "meeting__title")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def first_rows(queryset, count=ROWS):
    """(the first `count` rows, the number of all rows) in one query: every row carries
    the total as a window over the whole result, counted before the cut."""
    rows = list(queryset.annotate(block_total=Window(Count("pk")))[:count])
    return rows, rows[0].block_total if rows else 0


@dataclass
class Block:
    rows: list
    count: int

    @property
    def more(self):
        return self.count > len(self.rows)


def today_for(user, now: datetime | None = None, today: date | None = None):
    """Every block of the home page for one secretariat user: {name: Block}."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    querysets = {
        "proposals": proposals(),
        "volunteers": volunteers_waiting(),
        "reports_to_review": reports_to_review(),
        "overdue_reports": overdue_reports(today),
        "commitments_overdue": commitments_overdue(today),
        "tasks_overdue": tasks_overdue(today),
        "my_tasks": my_tasks(user),
        "meetings": next_meetings(now),
        "not_endorsed": organisations_not_endorsed(),
        "action_items": action_items_without_owner(),
    }
    blocks = {name: Block(*first_rows(qs)) for name, qs in querysets.items()}
    for row in blocks["overdue_reports"].rows:
        row.period = periods.Period(row.due_start, row.indicator.frequency)
        row.deadline = periods.deadline(row.period)
    blocks["has_adopted_agenda"] = Agenda.objects.filter(status=Agenda.Status.ADOPTED).exists()
    return blocks
