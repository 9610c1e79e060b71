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
from django.utils.functional import cached_property
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
from secretariat.models import Condition, Snapshot, Task, overdue_task

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
    # Computes this signal and its neighbours over the same table: {key: value}.
    source: Callable[[date], dict[str, Decimal | None]]

    def compute(self, today):
        return self.source(today)[self.key]


def _share(part, whole):
    """part of whole in percent, one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _share_of(queryset, condition):
    """The share of `queryset` for which `condition` (a boolean expression) holds."""
    counts = queryset.aggregate(total=Count("pk"), matched=Count("pk", filter=Q(condition)))
    return _share(counts["matched"], counts["total"])


def end_of_day(day):
    """The last moment of `day` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# Each source below computes the signals of one table in one query (two at most),
# however many rows there are; a signal's docstring is its line in the source.


def organisation_signals(today):
    """Share of active organisations that have endorsed the adopted agenda (unknown while
    none is adopted), and share with at least one active commitment."""
    adopted = Agenda.objects.filter(status=Agenda.Status.ADOPTED)
    endorsed = Endorsement.objects.filter(organisation=OuterRef("pk"), agenda__in=adopted)
    counts = Organisation.objects.active().aggregate(
        total=Count("pk"),
        endorsed=Count("pk", filter=Q(Exists(endorsed))),
        committed=Count("pk", filter=Q(coherence.has_active_commitment())),
        # Every organisation counts here while an agenda is adopted, none when not.
        under_agenda=Count("pk", filter=Q(Exists(adopted))),
    )
    return {
        "agenda_endorsed": _share(counts["endorsed"], counts["under_agenda"]),
        "activities_organisations": _share(counts["committed"], counts["total"]),
    }


def goal_signals(today):
    """Share of the live goals with at least one indicator, and with an active initiative."""
    # A goal counts once, however many adopted-agenda rows it is joined through.
    counts = Goal.objects.live().aggregate(
        total=Count("pk", distinct=True),
        measured=Count("pk", distinct=True, filter=Q(coherence.has_indicator())),
        worked_for=Count("pk", distinct=True, filter=Q(coherence.has_active_initiative())),
    )
    return {
        "agenda_goals_indicator": _share(counts["measured"], counts["total"]),
        "agenda_goals_initiative": _share(counts["worked_for"], counts["total"]),
    }


def reports_on_time(today):
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
    sent = Report.objects.filter(
        in_time,
        status__in=SENT_IN,
        indicator=OuterRef("indicator_id"),
        organisation=OuterRef("organisation_id"),
    )
    pairs = Indicator.responsible.through.objects.filter(owed)
    return {"measurement_on_time": _share_of(pairs, Exists(sent))}


def indicators_with_figures(today):
    """Share of the indicators owing figures that have approved figures for the period."""
    indicators = coherence.with_approved_figures(Indicator.objects.all(), today)
    return {"measurement_figures": _share_of(indicators, Q(has_figures=True))}


def multi_sector(today):
    """Share of active initiatives with active commitments from at least two sectors."""
    initiatives = coherence.with_sector_count(
        Initiative.objects.filter(status=Initiative.Status.ACTIVE)
    )
    return {"activities_sectors": _share_of(initiatives, Q(sector_count__gte=2))}


def commitments_on_track(today):
    """Share of active commitments that are on track: not at risk, not late with an update."""
    on_track = Q(status=Commitment.Status.ACTIVE, next_update_due__gte=today)
    return {"activities_on_track": _share_of(Commitment.objects.active(), on_track)}


def _now_for(today):
    """The moment the signals of `today` are taken: now, or the end of a day gone by."""
    now = timezone.now()
    return now if today >= timezone.localdate(now) else end_of_day(today)


def group_signals(today):
    """Meetings held (or planned and begun) in the last 90 days per group, and the share of
    the groups that have met in that time."""
    now = _now_for(today)
    counts = WorkingGroup.objects.aggregate(
        total=Count("pk"), met=Count("pk", filter=Q(coherence.has_met_recently(now)))
    )
    if not counts["total"]:
        return {"communication_meetings": None, "communication_groups": None}
    meetings = coherence.meetings_that_count(now).count()
    return {
        "communication_meetings": (Decimal(meetings) / counts["total"]).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        ),
        "communication_groups": _share(counts["met"], counts["total"]),
    }


def messages_recent(today):
    """Messages published in the last 90 days."""
    now = _now_for(today)
    published = Message.objects.filter(
        publish_at__lte=now, publish_at__gt=now - timedelta(days=RECENT_DAYS)
    )
    return {"communication_messages": Decimal(published.count())}


def task_signals(today):
    """Open tasks past their due date, and the median age in days of the open tasks, read
    from the one or two middle tasks."""
    open_tasks = Task.objects.open()
    counts = open_tasks.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=overdue_task(today))
    )
    total, median = counts["total"], None
    if total:
        middle = open_tasks.order_by("created_at", "pk").values_list("created_at", flat=True)
        ages = [
            (today - timezone.localdate(created)).days
            for created in middle[(total - 1) // 2 : total // 2 + 1]
        ]
        median = (Decimal(sum(ages)) / len(ages)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return {"backbone_overdue_tasks": Decimal(counts["overdue"]), "backbone_task_age": median}


def volunteers_waiting(today):
    return {"backbone_volunteers_waiting": Decimal(coherence.waiting_volunteers(today).count())}


SIGNALS = [
    Signal(
        "agenda_endorsed",
        Condition.AGENDA,
        _("Aktive organisationer, der har tilsluttet sig den vedtagne dagsorden"),
        PERCENT,
        True,
        organisation_signals,
    ),
    Signal(
        "agenda_goals_indicator",
        Condition.AGENDA,
        _("Målsætninger med en indikator"),
        PERCENT,
        True,
        goal_signals,
    ),
    Signal(
        "agenda_goals_initiative",
        Condition.AGENDA,
        _("Målsætninger med en aktiv indsats"),
        PERCENT,
        True,
        goal_signals,
    ),
    Signal(
        "measurement_on_time",
        Condition.MEASUREMENT,
        _("Indberetninger til tiden for seneste periode"),
        PERCENT,
        True,
        reports_on_time,
    ),
    Signal(
        "measurement_figures",
        Condition.MEASUREMENT,
        _("Indikatorer med godkendte tal for seneste periode"),
        PERCENT,
        True,
        indicators_with_figures,
    ),
    Signal(
        "activities_sectors",
        Condition.ACTIVITIES,
        _("Aktive indsatser med tilsagn fra mindst to sektorer"),
        PERCENT,
        True,
        multi_sector,
    ),
    Signal(
        "activities_on_track",
        Condition.ACTIVITIES,
        _("Tilsagn, der er på sporet (ikke i fare, ikke bagud med opdatering)"),
        PERCENT,
        True,
        commitments_on_track,
    ),
    Signal(
        "activities_organisations",
        Condition.ACTIVITIES,
        _("Aktive organisationer med mindst ét aktivt tilsagn"),
        PERCENT,
        True,
        organisation_signals,
    ),
    Signal(
        "communication_meetings",
        Condition.COMMUNICATION,
        _("Møder pr. gruppe de seneste 90 dage"),
        NUMBER,
        True,
        group_signals,
    ),
    Signal(
        "communication_groups",
        Condition.COMMUNICATION,
        _("Grupper, der har holdt møde de seneste 90 dage"),
        PERCENT,
        True,
        group_signals,
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
        task_signals,
    ),
    Signal(
        "backbone_task_age",
        Condition.BACKBONE,
        _("Åbne opgavers alder (median)"),
        DAYS,
        False,
        task_signals,
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
    """{signal key: value} for every signal, each source computed once."""
    today = today or timezone.localdate()
    values = {}
    for source in dict.fromkeys(signal.source for signal in SIGNALS):
        values.update(source(today))
    return values


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

    @cached_property
    def points(self):
        return [*self.trend, self.now]

    @cached_property
    def change(self):
        """ "better", "worse" or "same", from the oldest known quarter to now; None if unknown."""
        known = [point.value for point in self.trend if point.value is not None]
        if not known or self.now.value is None:
            return None
        if self.now.value == known[0]:
            return "same"
        return "better" if (self.now.value > known[0]) == self.signal.up_is_good else "worse"

    @cached_property
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
