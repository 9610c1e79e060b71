"""
The health of the five conditions: a few signals for each, computed from the
portal's data.

SIGNALS is the one list of them. The health page shows each signal's value
now and its trend from the stored quarterly snapshots; the snapshot service
stores them; the tests check them. A signal's compute function takes the day
to compute for and returns a Decimal, or None when there is nothing to
measure yet (no organisations, no adopted agenda), which the page says.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agenda.models import Agenda, Endorsement, Goal
from communication.models import Message
from initiatives.models import Commitment, Initiative
from measurement import periods
from measurement.models import Indicator, Report
from measurement.numbers import format_number
from members.models import Organisation, WorkingGroup
from secretariat import coherence
from secretariat.models import Condition, Snapshot, Task

PERCENT, NUMBER, DAYS = "percent", "number", "days"
# The window the communication signals look back over.
RECENT_DAYS = 90
# Reports that count as sent in: waiting for review, approved, or replaced by a correction.
SENT_IN = (Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.SUPERSEDED)


@dataclass(frozen=True)
class Signal:
    key: str
    condition: str
    label: str
    unit: str  # PERCENT, NUMBER or DAYS
    up_is_good: bool
    compute: Callable[[date], Decimal | None]


def _share(part, whole):
    """part of whole in percent, one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _share_of(queryset, *, having=None, lacking=None):
    """The share of `queryset` that is in `having`, or not in `lacking`, in one query."""
    subset = having if having is not None else lacking
    counts = queryset.aggregate(
        total=Count("pk", distinct=True),
        matched=Count("pk", distinct=True, filter=Q(pk__in=subset.values("pk"))),
    )
    part = counts["matched"] if having is not None else counts["total"] - counts["matched"]
    return _share(part, counts["total"])


def end_of_day(day):
    """The last moment of `day` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# --- fælles dagsorden -----------------------------------------------------------------


def endorsed_share(today):
    """Share of active organisations that have endorsed the adopted agenda."""
    agenda = Agenda.objects.filter(status=Agenda.Status.ADOPTED).first()
    if agenda is None:
        return None
    endorsed = Organisation.objects.filter(
        Exists(Endorsement.objects.filter(agenda=agenda, organisation=OuterRef("pk")))
    )
    return _share_of(Organisation.objects.active(), having=endorsed)


def goals_with_indicator_share(today):
    """Share of the live goals with at least one indicator."""
    return _share_of(Goal.objects.live(), lacking=coherence.goals_without_indicator())


def goals_with_initiative_share(today):
    """Share of the live goals with at least one active initiative."""
    return _share_of(Goal.objects.live(), lacking=coherence.goals_without_active_initiative())


# --- fælles målemetode ----------------------------------------------------------------


def reports_on_time_share(today):
    """Share of the reports owed for the latest period past its deadline that came in time.

    One report is owed by each responsible organisation of each indicator; it
    came in time when it was sent in by the end of the deadline day.
    """
    due = coherence.due_periods(today)
    owed, in_time = Q(), Q()
    for frequency, period in due.items():
        owed |= Q(indicator__frequency=frequency, indicator__reporting_from__lte=period.end)
        in_time |= Q(
            indicator__frequency=frequency,
            period_start=period.start,
            submitted_at__lt=end_of_day(periods.deadline(period)),
        )
    pairs = Indicator.responsible.through.objects.filter(owed)
    sent = Report.objects.filter(
        in_time,
        status__in=SENT_IN,
        indicator=OuterRef("indicator_id"),
        organisation=OuterRef("organisation_id"),
    )
    return _share_of(pairs, having=pairs.filter(Exists(sent)))


def indicators_with_figures_share(today):
    """Share of the indicators owing figures that have approved figures for the period."""
    indicators = coherence.with_approved_figures(Indicator.objects.all(), today)
    return _share_of(indicators, having=indicators.filter(has_figures=True))


# --- gensidigt forstærkende aktiviteter -----------------------------------------------


def multi_sector_share(today):
    """Share of active initiatives with active commitments from at least two sectors."""
    initiatives = coherence.with_sector_count(
        Initiative.objects.filter(status=Initiative.Status.ACTIVE)
    )
    return _share_of(initiatives, having=initiatives.filter(sector_count__gte=2))


def on_track_share(today):
    """Share of active commitments that are on track: not at risk, not late with an update."""
    commitments = Commitment.objects.active()
    on_track = commitments.filter(status=Commitment.Status.ACTIVE, next_update_due__gte=today)
    return _share_of(commitments, having=on_track)


def organisations_committed_share(today):
    """Share of active organisations with at least one active commitment."""
    return _share_of(
        Organisation.objects.active(), lacking=coherence.organisations_without_commitment()
    )


# --- hyppig og åben kommunikation -----------------------------------------------------


def _now_for(today):
    """The moment the signals of `today` are taken: now, or the end of a day gone by."""
    now = timezone.now()
    return now if today >= timezone.localdate(now) else end_of_day(today)


def meetings_per_group(today):
    """Meetings held (or planned and begun) in the last 90 days, per group."""
    groups = WorkingGroup.objects.count()
    if not groups:
        return None
    meetings = coherence.meetings_that_count(_now_for(today)).count()
    return (Decimal(meetings) / groups).quantize(Decimal("0.1"), ROUND_HALF_UP)


def messages_recent(today):
    """Messages published in the last 90 days."""
    now = _now_for(today)
    return Decimal(
        Message.objects.filter(
            publish_at__lte=now, publish_at__gt=now - timedelta(days=RECENT_DAYS)
        ).count()
    )


def groups_meeting_share(today):
    """Share of the groups that have met in the last 90 days."""
    return _share_of(WorkingGroup.objects.all(), lacking=coherence.quiet_groups(_now_for(today)))


# --- fælles sekretariatsfunktion ------------------------------------------------------


def overdue_tasks(today):
    return Decimal(Task.objects.overdue(today).count())


def median_task_age(today):
    """The median age in days of the open tasks, read from the one or two middle tasks."""
    tasks = Task.objects.open().order_by("created_at", "pk")
    count = tasks.count()
    if not count:
        return None
    middle = list(tasks.values_list("created_at", flat=True)[(count - 1) // 2 : count // 2 + 1])
    ages = [(today - timezone.localdate(created)).days for created in middle]
    return (Decimal(sum(ages)) / len(ages)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def volunteers_waiting(today):
    return Decimal(coherence.waiting_volunteers(today).count())


SIGNALS = [
    Signal(
        "agenda_endorsed",
        Condition.AGENDA,
        _("Aktive organisationer, der har tilsluttet sig den vedtagne dagsorden"),
        PERCENT,
        True,
        endorsed_share,
    ),
    Signal(
        "agenda_goals_indicator",
        Condition.AGENDA,
        _("Målsætninger med en indikator"),
        PERCENT,
        True,
        goals_with_indicator_share,
    ),
    Signal(
        "agenda_goals_initiative",
        Condition.AGENDA,
        _("Målsætninger med en aktiv indsats"),
        PERCENT,
        True,
        goals_with_initiative_share,
    ),
    Signal(
        "measurement_on_time",
        Condition.MEASUREMENT,
        _("Indberetninger til tiden for seneste periode"),
        PERCENT,
        True,
        reports_on_time_share,
    ),
    Signal(
        "measurement_figures",
        Condition.MEASUREMENT,
        _("Indikatorer med godkendte tal for seneste periode"),
        PERCENT,
        True,
        indicators_with_figures_share,
    ),
    Signal(
        "activities_sectors",
        Condition.ACTIVITIES,
        _("Aktive indsatser med tilsagn fra mindst to sektorer"),
        PERCENT,
        True,
        multi_sector_share,
    ),
    Signal(
        "activities_on_track",
        Condition.ACTIVITIES,
        _("Tilsagn, der er på sporet (ikke i fare, ikke bagud med opdatering)"),
        PERCENT,
        True,
        on_track_share,
    ),
    Signal(
        "activities_organisations",
        Condition.ACTIVITIES,
        _("Aktive organisationer med mindst ét aktivt tilsagn"),
        PERCENT,
        True,
        organisations_committed_share,
    ),
    Signal(
        "communication_meetings",
        Condition.COMMUNICATION,
        _("Møder pr. gruppe de seneste 90 dage"),
        NUMBER,
        True,
        meetings_per_group,
    ),
    Signal(
        "communication_groups",
        Condition.COMMUNICATION,
        _("Grupper, der har holdt møde de seneste 90 dage"),
        PERCENT,
        True,
        groups_meeting_share,
    ),
    Signal(
        "communication_messages",
        Condition.COMMUNICATION,
        _("Opslag de seneste 90 dage"),
        NUMBER,
        True,
        messages_recent,
    ),
    Signal(
        "backbone_overdue_tasks",
        Condition.BACKBONE,
        _("Åbne opgaver over fristen"),
        NUMBER,
        False,
        overdue_tasks,
    ),
    Signal(
        "backbone_task_age",
        Condition.BACKBONE,
        _("Åbne opgavers alder (median)"),
        DAYS,
        False,
        median_task_age,
    ),
    Signal(
        "backbone_volunteers_waiting",
        Condition.BACKBONE,
        _("Frivillige, der har ventet mere end 14 dage"),
        NUMBER,
        False,
        volunteers_waiting,
    ),
]

BY_KEY = {signal.key: signal for signal in SIGNALS}


def quarter_of(day):
    """The first day of the quarter `day` falls in."""
    return periods.period_of(day, periods.QUARTER).start


def previous_quarters(day, count=4):
    """The `count` quarters before the one `day` falls in, oldest first."""
    period = periods.period_of(day, periods.QUARTER)
    quarters = []
    for _step in range(count):
        period = period.previous()
        quarters.insert(0, period)
    return quarters


def compute_all(today=None):
    """{signal key: value} for every signal."""
    today = today or timezone.localdate()
    return {signal.key: signal.compute(today) for signal in SIGNALS}


# --- the health page's cards ----------------------------------------------------------

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


def format_value(value, unit):
    """A signal's value as the page writes it: "42,5 %", "3", "12,5 dage"; "–" for none."""
    if value is None:
        return "–"
    number = format_number(Decimal(value), None, grouping=True)
    if unit == PERCENT:
        return f"{number} %"
    if unit == DAYS:
        return ngettext("%(number)s dag", "%(number)s dage", int(value)) % {"number": number}
    return number


@dataclass
class Point:
    label: str  # "3. kvt. 2026" or "Nu"
    value: Decimal | None
    text: str


@dataclass
class SignalRow:
    signal: Signal
    now: Point
    trend: list[Point]  # the four quarters before this one, oldest first

    @property
    def points(self):
        return [*self.trend, self.now]

    @property
    def change(self):
        """ "better", "worse" or "same", from the oldest known quarter to now; None if unknown."""
        known = [point.value for point in self.trend if point.value is not None]
        if not known or self.now.value is None:
            return None
        if self.now.value == known[0]:
            return "same"
        return "better" if (self.now.value > known[0]) == self.signal.up_is_good else "worse"

    @property
    def sparkline(self):
        """The SVG polyline's points, or "" when fewer than two values are known."""
        known = [(i, point.value) for i, point in enumerate(self.points) if point.value is not None]
        if len(known) < 2:
            return ""
        low = min(value for _i, value in known)
        high = max(value for _i, value in known)
        span = (high - low) or 1
        step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(self.points) - 1)
        inner = SPARK_HEIGHT - 2 * SPARK_PAD
        coordinates = []
        for i, value in known:
            y = SPARK_PAD + inner - float((value - low) / span) * inner
            coordinates.append(f"{SPARK_PAD + i * step:.1f},{y:.1f}")
        return " ".join(coordinates)


@dataclass
class Card:
    condition: str
    label: str
    rows: list[SignalRow]


def cards(today=None):
    """One card per condition with its signals' values now and the last four quarters."""
    today = today or timezone.localdate()
    quarters = previous_quarters(today)
    stored = {
        (snapshot.signal, snapshot.quarter): snapshot.value
        for snapshot in Snapshot.objects.filter(quarter__in=[q.start for q in quarters])
    }
    values = compute_all(today)
    result = []
    for condition, label in Condition.choices:
        rows = []
        for signal in SIGNALS:
            if signal.condition != condition:
                continue
            trend = []
            for quarter in quarters:
                value = stored.get((signal.key, quarter.start))
                trend.append(Point(quarter.label(), value, format_value(value, signal.unit)))
            now = values[signal.key]
            rows.append(
                SignalRow(signal, Point(gettext("Nu"), now, format_value(now, signal.unit)), trend)
            )
        result.append(Card(condition, label, rows))
    return result
