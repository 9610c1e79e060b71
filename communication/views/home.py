"""
The home a signed-in person lands on at /portal/: the latest messages to them,
their next meetings and the invitations they have not answered, and, for a
member of an organisation, what the organisation owes the alliance: overdue
commitment updates and indicator figures still to report.

Each block is one query, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.utils import timezone

from communication.models import Meeting, Message, Rsvp
from communication.permissions import can_post
from initiatives.models import DUE_SOON_DAYS, Commitment
from measurement import periods
from measurement.models import Indicator, Report
from measurement.permissions import can_report, indicators_to_report
from measurement.services import SENT_IN
from members.permissions import is_secretariat

LATEST_MESSAGES = 5
NEXT_MEETINGS = 5
# Unanswered invitations shown; the meeting list has the rest.
UNANSWERED_MEETINGS = 10
# Commitments and indicators shown in the organisation's block; its own pages have the rest.
ORGANISATION_ROWS = 10

# A report the organisation has started but not sent in, which the home links to.
_STARTED = (Report.Status.DRAFT, Report.Status.RETURNED)


@login_required
def home(request):
    user = request.user
    now = timezone.now()
    context = {
        "messages_to_me": _latest_messages(user, now),
        "next_meetings": _next_meetings(user, now),
        "unanswered": _unanswered_meetings(user, now),
        # Each unanswered invitation can be answered right here.
        "answers": Rsvp.Answer.choices,
        "can_post": can_post(user),
        "has_organisation_block": False,
    }
    # What an organisation owes is asked of its members; the secretariat, even one tied to
    # the municipality, does not report or update commitments for an organisation.
    if not is_secretariat(user) and can_report(user):
        today = timezone.localdate()
        commitments = _commitments_to_update(user, today)
        reports = _reports_due(user, today)
        context |= {
            "has_organisation_block": True,
            "commitments_to_update": commitments,
            "reports_due": reports,
            "due_soon_days": DUE_SOON_DAYS,
        }
    return render(request, "communication/home.html", context)


def _latest_messages(user, now):
    return list(
        Message.objects.visible_to(user)
        .published(now)
        .select_related("group")
        .annotate(comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True)))
        .order_by("-publish_at", "-pk")[:LATEST_MESSAGES]
    )


def _my_meetings(user, now):
    return Meeting.objects.of_groups_of(user).upcoming(now).select_related("group")


def _next_meetings(user, now):
    meetings = list(
        _my_meetings(user, now).with_answer_of(user).order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )
    for meeting in meetings:
        meeting.my_answer_label = Rsvp.label_of(meeting.my_answer)
    return meetings


def _unanswered_meetings(user, now):
    answered = Rsvp.objects.filter(meeting=OuterRef("pk"), person=user)
    return list(
        _my_meetings(user, now)
        .filter(status=Meeting.Status.PLANNED)
        .exclude(Exists(answered))
        .order_by("starts_at", "pk")[:UNANSWERED_MEETINGS]
    )


def _commitments_to_update(user, today):
    """The organisation's open commitments whose update is overdue or due soon, oldest first."""
    ours = Commitment.objects.of_organisation(user.organisation_id)
    due = ours.overdue(today) | ours.due_within(DUE_SOON_DAYS, today)
    return list(
        due.select_related("initiative").order_by("next_update_due", "initiative__name")[
            :ORGANISATION_ROWS
        ]
    )


@dataclass
class ReportDue:
    """An indicator with periods the organisation has not sent figures in for."""

    indicator: Indicator
    first: periods.Period  # the earliest period still missing
    missing: int
    deadline: date
    overdue: bool
    started: int | None  # the pk of a report begun for the first period, if any


def _reports_due(user, today):
    """The indicators the organisation owes figures for, the most overdue first.

    The same periods as the reporting page: its latest finished periods, of which
    those without a report sent in (submitted, approved or replaced by a correction).
    """
    indicators = list(indicators_to_report(user).order_by("name"))
    windows = {indicator.pk: periods.latest_periods(indicator, today) for indicator in indicators}
    earliest = min((p.start for shown in windows.values() for p in shown), default=None)
    if earliest is None:
        return []
    sent, started = set(), {}
    reports = Report.objects.filter(
        indicator__in=indicators, organisation_id=user.organisation_id, period_start__gte=earliest
    ).values_list("pk", "indicator_id", "period_start", "status", "corrects_id")
    for pk, indicator_id, period_start, status, corrects_id in reports:
        if status in SENT_IN:
            sent.add((indicator_id, period_start))
        elif status in _STARTED and corrects_id is None:
            started[indicator_id, period_start] = pk
    due = []
    for indicator in indicators:
        missing = sorted(
            period for period in windows[indicator.pk] if (indicator.pk, period.start) not in sent
        )
        if not missing:
            continue
        first = missing[0]
        due.append(
            ReportDue(
                indicator=indicator,
                first=first,
                missing=len(missing),
                deadline=periods.deadline(first),
                overdue=today > periods.deadline(first),
                started=started.get((indicator.pk, first.start)),
            )
        )
    due.sort(key=lambda row: (not row.overdue, row.deadline, row.indicator.name))
    return due[:ORGANISATION_ROWS]
