"""
The curves behind the charts: each indicator's approved figures added up per
period, in the database.

Only approved reports count. A curve has one point per period from its first
figure (or the baseline, if earlier) to its last, with gaps where no approved
figure exists. How the organisations' figures are combined is the indicator's
aggregation: a sum, a mean, a share (the sum of numerators over the sum of
denominators) or the most recently approved figure of the period.

Every function costs a fixed number of queries, however many reports and
data points there are.

On the public pages a small group is hidden (suppressed): a group of fewer
than MEASUREMENT_MIN_GROUP_SIZE people could point at someone. When only one
group of a breakdown would be hidden in a period, the next smallest is hidden
as well, so that the total minus the groups shown cannot reveal it.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from measurement import charts, periods
from measurement.models import DataPoint, DimensionValue, Forecast, Indicator, Report

SUPPRESSION_SETTING = "MEASUREMENT_MIN_GROUP_SIZE"
DEFAULT_MIN_GROUP_SIZE = 5

# Means and shares are kept to the precision a figure is stored with, so a curve
# reads the same on every database.
PRECISION = Decimal("0.0001")

_AGG = Indicator.Aggregation
# Stands for "not passed" where None is a meaningful argument (no forecast stored).
_ASK = object()


@dataclass
class Point:
    period: periods.Period
    value: Decimal | None  # None: no approved figure, or suppressed
    reporters: int  # how many organisations' approved reports went in
    suppressed: bool = False


def min_group_size():
    return getattr(settings, SUPPRESSION_SETTING, DEFAULT_MIN_GROUP_SIZE)


# --- aggregation ---------------------------------------------------------------


def _aggregates(value, numerator, denominator):
    """The aggregates each aggregation needs, over one row's figure fields."""
    return {
        "n_sum": Sum(value),
        "n_avg": Avg(value),
        "n_num": Sum(numerator, filter=Q(**{f"{denominator}__isnull": False})),
        "n_den": Sum(denominator, filter=Q(**{f"{numerator}__isnull": False})),
        "n_values": Count(value),
        "n_pairs": Count(denominator, filter=Q(**{f"{numerator}__isnull": False})),
    }


def _value(aggregation, row):
    """The period's value and the number of reports behind it, from one aggregated row."""
    if aggregation == _AGG.RATIO:
        value = _share(row["n_num"], row["n_den"])
        return value, row["n_pairs"]
    if aggregation == _AGG.MEAN:
        value = row["n_avg"]
    elif aggregation == _AGG.LATEST:
        value = row["n_latest"]
    else:
        value = row["n_sum"]
    if value is not None:
        value = Decimal(value).quantize(PRECISION)
    return value, row["n_values"]


def _share(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(PRECISION)


def _newest_rows(queryset, keys, value, newest_first):
    """Per combination of `keys`, the newest row's `value` and how many rows have one.

    A window ranks the rows within each combination, so the database reads each
    row once (a correlated subquery would run once per row).
    """
    partition = [F(key) for key in keys]
    return (
        queryset.filter(**{f"{value}__isnull": False})
        .annotate(
            n_rank=Window(RowNumber(), partition_by=partition, order_by=newest_first),
            n_values=Window(Count("pk"), partition_by=partition),
        )
        .filter(n_rank=1)
        .values(*keys, "n_values", n_latest=F(value))
        .order_by()
    )


def _curve_rows(indicators):
    """{indicator id: {period start: aggregated row}} for the approved reports.

    One query for the indicators that add up their figures, one for those that
    take the latest.
    """
    latest = [indicator.pk for indicator in indicators if indicator.aggregation == _AGG.LATEST]
    others = [indicator.pk for indicator in indicators if indicator.pk not in latest]
    approved = Report.objects.approved()
    queries = []
    if others:
        queries.append(
            approved.filter(indicator__in=others)
            .values("indicator_id", "period_start")
            .annotate(**_aggregates("total", "numerator", "denominator"))
            .order_by()
        )
    if latest:
        queries.append(
            _newest_rows(
                approved.filter(indicator__in=latest),
                ["indicator_id", "period_start"],
                "total",
                [F("reviewed_at").desc(nulls_last=True), F("pk").desc()],
            )
        )
    found = defaultdict(dict)
    for rows in queries:
        for row in rows:
            found[row["indicator_id"]][row["period_start"]] = row
    return found


def _span(indicator, starts):
    """The periods a curve covers: from its first figure or baseline to its last figure."""
    if not starts:
        return []
    first, last = min(starts), max(starts)
    if indicator.baseline_period is not None:
        first = min(first, indicator.baseline_period)
    return periods.periods_between(first, last, indicator.frequency)


def _points(indicator, rows, span):
    points = []
    for period in span:
        row = rows.get(period.start)
        value, reporters = _value(indicator.aggregation, row) if row else (None, 0)
        points.append(Point(period=period, value=value, reporters=reporters))
    return points


def curve(indicator) -> list[Point]:
    """One point per period of the indicator's approved figures; one query."""
    return curves([indicator])[indicator.pk]


def curves(indicators) -> dict[int, list[Point]]:
    """The curves of many indicators in at most two queries (for small multiples)."""
    indicators = list(indicators)
    if not indicators:
        return {}
    found = _curve_rows(indicators)
    result = {}
    for indicator in indicators:
        rows = found.get(indicator.pk, {})
        result[indicator.pk] = _points(indicator, rows, _span(indicator, rows.keys()))
    return result


# --- groups --------------------------------------------------------------------


def groups(indicator, *, public: bool) -> list[tuple[DimensionValue, list[Point]]]:
    """Each group's curve, in the order of the dimensions and their groups; two queries.

    With `public`, small groups are suppressed (see the module's docstring).
    """
    values = list(
        DimensionValue.objects.filter(dimension__indicator=indicator)
        .select_related("dimension")
        .order_by("dimension__order", "dimension__pk", "order", "pk")
    )
    if not values:
        return []
    approved = DataPoint.objects.filter(
        report__indicator=indicator, report__status=Report.Status.APPROVED
    )
    keys = ["dimension_value_id", "report__period_start"]
    if indicator.aggregation == _AGG.LATEST:
        rows = _newest_rows(
            approved,
            keys,
            "value",
            [F("report__reviewed_at").desc(nulls_last=True), F("report_id").desc()],
        )
    else:
        rows = (
            approved.values(*keys)
            .annotate(**_aggregates("value", "numerator", "denominator"))
            .order_by()
        )
    found = defaultdict(dict)
    for row in rows:
        found[row["dimension_value_id"]][row["report__period_start"]] = row
    starts = {start for by_period in found.values() for start in by_period}
    span = _span(indicator, starts)
    result = [(value, _points(indicator, found.get(value.pk, {}), span)) for value in values]
    if public:
        _suppress(indicator, result, found)
    return result


def _size(indicator, row):
    """How many people a group's figure stands for; None where the figure is no count."""
    if row is None:
        return None
    if indicator.aggregation == _AGG.RATIO:
        return row["n_den"] if row["n_pairs"] else None
    if indicator.aggregation == _AGG.SUM:
        return row["n_sum"]
    return None


def _hide(point):
    point.value, point.suppressed = None, True


def _suppress(indicator, result, found):
    threshold = min_group_size()
    by_dimension = defaultdict(list)
    for value, points in result:
        by_dimension[value.dimension_id].append((value, points))
    for members in by_dimension.values():
        for index in range(len(members[0][1]) if members else 0):
            sized = []
            for value, points in members:
                point = points[index]
                size = _size(indicator, found.get(value.pk, {}).get(point.period.start))
                if size is not None and point.value is not None:
                    sized.append((size, value.order, value.pk, point))
            hidden = [entry for entry in sized if 0 < entry[0] < threshold]
            for entry in hidden:
                _hide(entry[3])
            if len(hidden) == 1:
                rest = sorted(entry for entry in sized if entry not in hidden)
                if rest:
                    _hide(rest[0][3])


# --- forecast ------------------------------------------------------------------


def latest_forecast(indicator):
    return Forecast.objects.filter(indicator=indicator).order_by("-set_at", "-pk").first()


def forecast_points(indicator, periods_, forecast=_ASK) -> list[Decimal | None]:
    """The latest forecast's values at `periods_` (None before it starts, or with none stored).

    `forecast` (the latest Forecast, or None) may be given when the caller has it,
    to save the query.
    """
    if forecast is _ASK:
        forecast = latest_forecast(indicator)
    if forecast is None:
        return [None] * len(periods_)
    return [forecast.value_at(period) for period in periods_]


def has_turned(indicator, points, forecast) -> bool:
    """Whether the curve has turned for the better against its forecast.

    `forecast` holds the forecast's value at each of the points (see forecast_points).
    """
    return charts.curve_has_turned(
        [point.value for point in points], list(forecast or []), indicator.direction
    )


# --- charts --------------------------------------------------------------------

# How many periods past the last figure a chart reaches, to show the target period
# and where the forecast leads.
MAX_AHEAD = 8
FORECAST_AHEAD = 4


def periods_ahead(indicator, points, forecast) -> list[periods.Period]:
    """The periods a chart shows after the curve: up to the target, or a while of forecast."""
    if not points:
        return []
    last = points[-1].period
    end = last
    if indicator.target_date is not None:
        end = max(end, indicator.period(indicator.target_date))
    if forecast is not None:
        start = indicator.period(forecast.from_period)
        end = max(end, start, _advance(last, FORECAST_AHEAD))
    ahead, period = [], last.next()
    while period <= end and len(ahead) < MAX_AHEAD:
        ahead.append(period)
        period = period.next()
    return ahead


def _advance(period, steps):
    for _step in range(steps):
        period = period.next()
    return period


@dataclass
class CurveData:
    """What a curve chart and its table show: the figures, the forecast and the turn."""

    indicator: Indicator
    points: list[Point]
    ahead: list[periods.Period]  # periods after the curve, drawn for the forecast and target
    forecast: Forecast | None
    forecast_values: list[Decimal | None]  # at each of the points, then each period ahead
    turned: bool

    @property
    def periods(self):
        return [point.period for point in self.points] + self.ahead

    def chart(self, *, id_prefix, small=False) -> SafeString:
        indicator = self.indicator
        shown = self.periods
        target_index = None
        if indicator.target_value is not None and indicator.target_date is not None:
            target = indicator.period(indicator.target_date)
            if target in shown:
                target_index = shown.index(target)
        data = charts.CurveChart(
            id_prefix=id_prefix,
            title=indicator.name,
            unit=indicator.unit,
            periods=[period.label() for period in shown],
            actual=[point.value for point in self.points] + [None] * len(self.ahead),
            forecast=self.forecast_values if self.forecast is not None else None,
            baseline=indicator.baseline_value,
            target=indicator.target_value,
            target_index=target_index,
            direction=indicator.direction,
            turned=self.turned,
            decimals=indicator.decimals,
        )
        return charts.small_multiple(data) if small else charts.turn_the_curve(data)


def curve_data(indicator, points=None, forecast=_ASK) -> CurveData:
    """The curve with its forecast; two queries, none for what the caller passes in.

    `forecast` is the latest Forecast (or None for none) when the caller has it.
    """
    if points is None:
        points = curve(indicator)
    if forecast is _ASK:
        forecast = latest_forecast(indicator)
    ahead = periods_ahead(indicator, points, forecast)
    values = forecast_points(indicator, [point.period for point in points] + ahead, forecast)
    return CurveData(
        indicator=indicator,
        points=points,
        ahead=ahead,
        forecast=forecast,
        forecast_values=values,
        turned=has_turned(indicator, points, values[: len(points)]),
    )


def curve_chart(
    indicator, *, id_prefix, public, small=False, points=None, forecast=_ASK
) -> SafeString:
    """The turn-the-curve chart (or its small multiple) of an indicator.

    A curve shows totals only, so `public` changes nothing today; it is there so
    that every chart is asked for the same way. `points` and `forecast` save
    their queries when the caller has them (see curve_data).
    """
    data = curve_data(indicator, points, forecast)
    return data.chart(id_prefix=id_prefix, small=small)


def breakdown_chart(indicator, *, id_prefix, public, found=None) -> SafeString:
    """The equity chart of an indicator's groups, suppressed on public pages.

    `found` is what groups() gave, when the caller has it; with no groups the
    chart is empty markup.
    """
    if found is None:
        found = groups(indicator, public=public)
    if not found:
        return SafeString("")
    shown = [point.period for point in found[0][1]]
    dimensions = list(dict.fromkeys(value.dimension.name for value, _points in found))
    several = len(dimensions) > 1
    data = charts.BreakdownChart(
        id_prefix=id_prefix,
        title=_("%(indicator)s fordelt på %(groups)s")
        % {"indicator": indicator.name, "groups": ", ".join(dimensions).lower()},
        unit=indicator.unit,
        periods=[period.label() for period in shown],
        groups=[
            (
                f"{value.dimension.name}: {value.label}" if several else value.label,
                [point.value for point in points],
            )
            for value, points in found
        ],
        decimals=indicator.decimals,
    )
    return charts.breakdown(data)
