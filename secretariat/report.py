"""
Reading the self-assessment's results and the year's work for the backbone report.

Every count is made by the database, a fixed number of queries whatever
the number of rounds, answers, tasks or reports. The results of the
self-assessment are anonymous: a condition's result is shown only when at
least MIN_PEOPLE people answered it, and never per person.

The trend chart is drawn on the server as SVG, as measurement.charts draws
its charts: presentation attributes only (the content security policy allows
no inline styles), a title and a description, a dash pattern and a marker
shape per line so that it reads without colour, and a table of the same
numbers beside it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.templatetags.portal import short_date
from initiatives.models import Commitment
from measurement.charts import COLOURS
from measurement.models import Report
from measurement.numbers import format_number
from measurement.periods import Period, deadline
from secretariat.health import end_of_day
from secretariat.models import (
    BackboneFunction,
    Condition,
    SurveyAnswer,
    SurveyParticipation,
    SurveyRound,
    Task,
)
from volunteers.models import Volunteer

# Below this many people a condition's result would tell too much about each of them.
MIN_PEOPLE = 3
_TENTH = Decimal("0.1")


# --- the self-assessment's results --------------------------------------------------------


@dataclass
class ConditionResult:
    condition: str
    label: str
    mean: Decimal | None = None  # None: too few answered (or nobody)
    answers: int = 0
    organisations: int = 0
    too_few: bool = True


@dataclass
class RoundResult:
    survey_round: SurveyRound
    people: int = 0
    organisations: int = 0
    conditions: list[ConditionResult] = field(default_factory=list)

    def of(self, condition):
        return next(result for result in self.conditions if result.condition == condition)


def survey_results(rounds) -> list[RoundResult]:
    """Each round's participation and, per condition, the mean, the answers and organisations.

    Three queries whatever the number of rounds and answers. A condition counts
    as answered by at least as many people as its most answered statement has
    answers (each person answers a statement once), and its result is hidden
    below MIN_PEOPLE, as is every result of a round with fewer participants.
    """
    rounds = list(rounds)
    pks = [survey_round.pk for survey_round in rounds]
    taking_part = {
        row["round"]: row
        for row in SurveyParticipation.objects.filter(round__in=pks)
        .values("round")
        .annotate(people=Count("pk"), organisations=Count("organisation", distinct=True))
        .order_by()
    }
    per_condition = {
        (row["round"], row["question__condition"]): row
        for row in SurveyAnswer.objects.filter(round__in=pks)
        .values("round", "question__condition")
        .annotate(
            mean=Avg("value"),
            answers=Count("pk"),
            organisations=Count("organisation", distinct=True),
        )
        .order_by()
    }
    most_answered = {}
    for row in (
        SurveyAnswer.objects.filter(round__in=pks)
        .values("round", "question__condition", "question")
        .annotate(answers=Count("pk"))
        .order_by()
    ):
        key = (row["round"], row["question__condition"])
        most_answered[key] = max(most_answered.get(key, 0), row["answers"])

    results = []
    for survey_round in rounds:
        part = taking_part.get(survey_round.pk, {})
        result = RoundResult(
            survey_round=survey_round,
            people=part.get("people", 0),
            organisations=part.get("organisations", 0),
        )
        for value, label in Condition.choices:
            row = per_condition.get((survey_round.pk, value))
            condition = ConditionResult(condition=value, label=label)
            if row is not None:
                condition.answers = row["answers"]
                condition.organisations = row["organisations"]
                people = most_answered.get((survey_round.pk, value), 0)
                condition.too_few = result.people < MIN_PEOPLE or people < MIN_PEOPLE
                if not condition.too_few:
                    condition.mean = Decimal(str(row["mean"])).quantize(_TENTH, ROUND_HALF_UP)
            result.conditions.append(condition)
        results.append(result)
    return results


# --- the trend chart -----------------------------------------------------------------------

# One look per condition: colour (each at least 4.5:1 on white), dash pattern and marker.
LINES = {
    Condition.AGENDA: ("#0b5394", "", "circle"),
    Condition.MEASUREMENT: ("#8a4b00", "8 5", "square"),
    Condition.ACTIVITIES: ("#6b2d8a", "2 4", "diamond"),
    Condition.COMMUNICATION: ("#1e6b32", "12 4 2 4", "triangle"),
    Condition.BACKBONE: ("#a8201a", "5 3", "down"),
}
WIDTH, PLOT_TOP, PLOT_HEIGHT = 640, 20, 220
LEFT, RIGHT = 56, 56  # room for half a date under the first and last round
LEGEND_ROW = 22
FONT_SIZE = 13
CHAR_WIDTH = 0.6  # an estimated glyph width, as a share of the font size


def _n(number):
    return f"{number:.1f}".removesuffix(".0")


def _marker(shape, x, y, size=5.0):
    """A marker's SVG element name and attributes; shapes tell the lines apart without colour."""
    if shape == "circle":
        return {"circle": True, "cx": _n(x), "cy": _n(y), "r": _n(size)}
    corners = {
        "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.3), (1.2, 1), (-1.2, 1)],
        "down": [(0, 1.3), (1.2, -1), (-1.2, -1)],
    }[shape]
    return {"points": " ".join(f"{_n(x + dx * size)},{_n(y + dy * size)}" for dx, dy in corners)}


def round_label(survey_round):
    """A round as the chart names it: the day it opened."""
    return short_date(survey_round.opened_at)


def trend_chart(results: list[RoundResult], *, id_prefix="selvevaluering") -> str:
    """The means per condition over the rounds (oldest first) as an SVG line chart."""
    count = len(results)
    plot_right = WIDTH - RIGHT
    bottom = PLOT_TOP + PLOT_HEIGHT

    def x(index):
        if count < 2:
            return (LEFT + plot_right) / 2
        return LEFT + index * (plot_right - LEFT) / (count - 1)

    def y(value):
        return bottom - float(Decimal(value) - 1) / 4 * PLOT_HEIGHT

    labels = [round_label(result.survey_round) for result in results]
    widest = max((len(label) for label in labels), default=1) * FONT_SIZE * CHAR_WIDTH + 12
    gap = (plot_right - LEFT) / (count - 1) if count > 1 else widest
    every = max(1, -(-int(widest) // max(int(gap), 1)))
    x_labels = [
        {"x": _n(x(index)), "text": label}
        for index, label in enumerate(labels)
        if (count - 1 - index) % every == 0
    ]

    lines = []
    for value, label in Condition.choices:
        colour, dashes, shape = LINES[value]
        runs, run, points = [], [], []
        for index, result in enumerate(results):
            mean = result.of(value).mean
            if mean is None:
                runs.append(run)
                run = []
                continue
            run.append(f"{_n(x(index))},{_n(y(mean))}")
            points.append(
                _marker(shape, x(index), y(mean))
                | {
                    "title": _("%(round)s – %(condition)s: %(mean)s")
                    % {
                        "round": result.survey_round.title,
                        "condition": label,
                        "mean": format_number(mean, 1),
                    }
                }
            )
        runs.append(run)
        lines.append(
            {
                "label": label,
                "colour": colour,
                "dashes": dashes,
                "runs": [" ".join(r) for r in runs if len(r) > 1],
                "points": points,
            }
        )
    legend_top = bottom + 44
    for index, line in enumerate(lines):
        row_y = legend_top + index * LEGEND_ROW
        line["legend"] = {
            "y": _n(row_y),
            "text_y": _n(row_y + FONT_SIZE * 0.35),
            "marker": _marker(LINES[Condition.values[index]][2], LEFT + 16, row_y),
        }
    shown = [result for result in results if any(c.mean is not None for c in result.conditions)]
    if not shown:
        desc = _("Ingen runde har endnu svar fra mindst tre personer.")
    else:
        desc = _(
            "Gennemsnit pr. forudsætning på en skala fra 1 (helt uenig) til 5 (helt enig), "
            "fra %(first)s til %(last)s. Tabellen har de samme tal."
        ) % {"first": shown[0].survey_round.title, "last": shown[-1].survey_round.title}
    return render_to_string(
        "secretariat/_survey_chart.html",
        {
            "ids": {"title": f"{id_prefix}-title", "desc": f"{id_prefix}-desc"},
            "title": _("Selvevalueringen over tid"),
            "desc": desc,
            "width": WIDTH,
            "height": _n(legend_top + LEGEND_ROW * len(lines)),
            "font_size": FONT_SIZE,
            "colours": COLOURS,
            "plot": {"left": LEFT, "right": plot_right, "top": PLOT_TOP, "bottom": bottom},
            "y_ticks": [
                {"y": _n(y(tick)), "text_y": _n(y(tick) + FONT_SIZE * 0.35), "text": tick}
                for tick in range(1, 6)
            ],
            "value_x": LEFT - 10,
            "tick_bottom": bottom + 5,
            "x_label_y": bottom + 22,
            "x_labels": x_labels,
            "lines": lines,
            "legend_line": {"x1": LEFT, "x2": LEFT + 32, "text_x": LEFT + 42},
        },
    )


# --- the yearly backbone report -------------------------------------------------------------


@dataclass
class FunctionWork:
    label: str
    done: int
    open: int


@dataclass
class YearReport:
    year: int
    functions: list[FunctionWork]
    survey: list[RoundResult]
    commitments_completed: int
    commitments_active: int
    reports_total: int
    reports_on_time: int
    volunteers_recruited: int
    volunteers_active: int

    @property
    def reports_share(self):
        """The share of the year's reports sent in by their deadline, in whole percent."""
        if not self.reports_total:
            return None
        share = Decimal(100 * self.reports_on_time) / self.reports_total
        return share.quantize(Decimal(1), ROUND_HALF_UP)


def year_bounds(year):
    """The first moment of the year and of the next, in the portal's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def work_per_function(start, end) -> list[FunctionWork]:
    """Per backbone function: tasks done in the year, and tasks open at its end (now, this year).

    A task done after the year's end was still open at it.
    """
    done_in_year = Q(status=Task.Status.DONE, done_at__gte=start, done_at__lt=end)
    done_before_end = Q(status=Task.Status.DONE, done_at__lt=end)
    counts = {
        row["function"]: row
        for row in Task.objects.values("function")
        .annotate(
            done=Count("pk", filter=done_in_year),
            open=Count("pk", filter=Q(created_at__lt=end) & ~done_before_end),
        )
        .order_by()
    }
    return [
        FunctionWork(
            label=label,
            done=counts.get(value, {}).get("done", 0),
            open=counts.get(value, {}).get("open", 0),
        )
        for value, label in BackboneFunction.choices
    ]


def reports_on_time(start, end) -> tuple[int, int]:
    """(on time, all) of the reports first sent in during the year; corrections do not count.

    A report is on time when it was sent in by the end of its period's deadline
    (measurement.periods.deadline), which depends on the indicator's frequency:
    one query finds the year's few periods, a second counts in the database.
    """
    sent = Report.objects.filter(
        submitted_at__gte=start, submitted_at__lt=end, corrects__isnull=True
    )
    in_time = Q(pk__in=[])
    for period_start, frequency in (
        sent.values_list("period_start", "indicator__frequency").distinct().order_by()
    ):
        in_time |= Q(
            period_start=period_start,
            indicator__frequency=frequency,
            submitted_at__lt=end_of_day(deadline(Period(period_start, frequency))),
        )
    counts = sent.aggregate(total=Count("pk"), on_time=Count("pk", filter=in_time))
    return counts["on_time"], counts["total"]


def year_report(year) -> YearReport:
    """The backbone report for one calendar year; nine queries."""
    start, end = year_bounds(year)
    previous_start, _previous_end = year_bounds(year - 1)
    rounds = SurveyRound.objects.filter(opened_at__gte=previous_start, opened_at__lt=end).order_by(
        "opened_at", "pk"
    )
    _S = Commitment.Status
    commitments = Commitment.objects.aggregate(
        completed=Count(
            "pk",
            distinct=True,
            filter=Q(
                status=_S.COMPLETED,
                updates__status=_S.COMPLETED,
                updates__created_at__gte=start,
                updates__created_at__lt=end,
            ),
        ),
        active=Count(
            "pk", distinct=True, filter=Q(status__in=[_S.ACTIVE, _S.AT_RISK], created_at__lt=end)
        ),
    )
    volunteers = Volunteer.objects.aggregate(
        recruited=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        active=Count("pk", filter=Q(status=Volunteer.Status.ACTIVE, created_at__lt=end)),
    )
    on_time, total = reports_on_time(start, end)
    return YearReport(
        year=year,
        functions=work_per_function(start, end),
        survey=survey_results(rounds),
        commitments_completed=commitments["completed"],
        commitments_active=commitments["active"],
        reports_total=total,
        reports_on_time=on_time,
        volunteers_recruited=volunteers["recruited"],
        volunteers_active=volunteers["active"],
    )
