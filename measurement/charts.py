"""
Charts for the shared measurement, drawn on the server as SVG.

Three charts: the turn-the-curve chart of one indicator (`turn_the_curve`), the
same curve small enough for a grid of many indicators (`small_multiple`), and the
equity chart that sets the groups of a breakdown side by side (`breakdown`). They
take plain data (the dataclasses below), never models, and return markup ready to
put in a page or to serve as an image.

The portal's content security policy allows no scripts and no inline styles, so
the charts use SVG presentation attributes and classes only. Every text from the
data goes through the templates' autoescaping. Each line has its own dash pattern,
so a chart reads without colour, and every colour used for text has a contrast of
at least 4.5:1 on white.
"""

import functools
import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from measurement.numbers import format_number

COLOURS = {
    "text": "#1a1a1a",  # 17.4:1 on white
    "actual": "#0b5394",  # 7.8:1
    "forecast": "#6b2d8a",  # 8.9:1
    "target": "#8a4b00",  # 6.8:1
    "baseline": "#595959",  # 7.0:1
    "frame": "#767676",  # 4.5:1
    "grid": "#d9d9d9",  # decoration only, never text
}
# The figures are a solid line with markers; the rest differ from it and each other
# by their dash pattern, so that the lines can be told apart without colour.
DASHES = {"baseline": "8 5", "forecast": "1 5", "target": "12 4 2 4"}

FONT_SIZE = 13  # in viewBox units; no chart text is smaller than 12
SMALL_FONT_SIZE = 12
# Texts cannot be measured on the server: room for them is estimated with a
# generous average glyph width, as a share of the font size.
CHAR_WIDTH = 0.6
MIDDLE = 0.35  # from a text's middle down to its baseline, as a share of the font size
ROW, HEADER = 36, 40  # the equity chart's rows

UP, DOWN = "up", "down"
_ID = re.compile(r"[^\W\d_][\w-]*")
_CENT = Decimal("0.01")


@dataclass
class CurveChart:
    """One indicator's curve; `actual` and `forecast` hold a value per period (None: none)."""

    id_prefix: str  # makes the chart's ids unique on the page
    title: str
    unit: str
    periods: list[str]
    actual: list[Decimal | None]
    forecast: list[Decimal | None] | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_index: int | None = None  # the period the target is set for
    direction: str = UP  # which way is good
    turned: bool = False
    decimals: int | None = None  # for the figures; None: as needed, at most two


@dataclass
class BreakdownChart:
    """The groups of a breakdown, each with a value per period (None: hidden or missing)."""

    id_prefix: str
    title: str
    unit: str
    periods: list[str]
    groups: list[tuple[str, list[Decimal | None]]]
    decimals: int | None = None


# --- numbers ---------------------------------------------------------------------------


def _format(value, decimals: int | None = None) -> str:
    """A chart's figure: "1.234,5" in Danish; without `decimals`, at most two decimals."""
    value = Decimal(value)
    if decimals is None:
        decimals = _decimals(value.quantize(_CENT, ROUND_HALF_UP))
    return format_number(value, decimals, grouping=True)


def _figure(chart, value) -> str:
    """A figure of the chart's with its unit: "1.234,5 unge"."""
    return f"{_format(value, chart.decimals)} {chart.unit}".strip()


def nice_ticks(low, high) -> list[Decimal]:
    """4 to 6 round values (steps of 1, 2, 2.5 or 5 times a power of ten) from low to high."""
    low, high = Decimal(low), Decimal(high)
    if low == high:
        padding = abs(low) / 10 or Decimal(1)
        low, high = low - padding, high + padding
    magnitude = (high - low).adjusted()
    # The smallest step giving at most 6 ticks: the step before it gave 7 or more, and
    # being at most half as big, this one gives at least 4.
    for power in range(magnitude - 2, magnitude + 2):
        for mantissa in (1, 2, Decimal("2.5"), 5):
            step = Decimal(mantissa).scaleb(power)
            first = (low / step).to_integral_value(ROUND_FLOOR) * step
            last = (high / step).to_integral_value(ROUND_CEILING) * step
            count = int((last - first) / step) + 1
            if count <= 6:
                return [first + step * index for index in range(count)]
    raise AssertionError("a step of ten times the span always fits")


def _decimals(value: Decimal) -> int:
    """How many decimals `value` needs: 1 for 2.50, 0 for 1200."""
    return max(0, -value.normalize().as_tuple().exponent)


# --- forecast and the turn -------------------------------------------------------------


def linear_forecast(values: list[Decimal | None], periods_ahead: int) -> list[Decimal]:
    """The next `periods_ahead` values of the straight line fitted to the known values.

    The line is fitted by least squares, with the period's position as x. A single
    known value is carried forward; with none, there is nothing to forecast.
    """
    known = [(Decimal(x), Decimal(y)) for x, y in enumerate(values) if y is not None]
    if not known:
        return []
    if len(known) == 1:
        return [known[0][1].quantize(_CENT, ROUND_HALF_UP)] * periods_ahead
    n = len(known)
    sum_x = sum(x for x, y in known)
    sum_y = sum(y for x, y in known)
    sum_xx = sum(x * x for x, y in known)
    sum_xy = sum(x * y for x, y in known)
    slope = (n * sum_xy - sum_x * sum_y) / (n * sum_xx - sum_x * sum_x)
    intercept = (sum_y - slope * sum_x) / n
    return [
        (intercept + slope * x).quantize(_CENT, ROUND_HALF_UP)
        for x in range(len(values), len(values) + periods_ahead)
    ]


def curve_has_turned(
    actual: list[Decimal | None], forecast: list[Decimal | None] | None, direction: str
) -> bool:
    """Whether the curve has turned away from its forecast in the good direction.

    Only periods with both an approved figure and a forecast are compared. The
    curve has turned when the latest figure beats its forecast (lies above it when
    up is good, below when down is good) and the two comparable figures before it,
    taken together, beat theirs too: the sum of their distances to the forecast is
    on the good side. One good period alone is never a turn, and one period just
    short of the forecast does not hide a turn the others show. The latest figure
    must have a forecast of its own; fewer than three comparisons are no turn.
    """
    _check_direction(direction)
    known = [index for index, value in enumerate(actual) if value is not None]
    if not forecast or not known or known[-1] >= len(forecast) or forecast[known[-1]] is None:
        return False
    sign = 1 if direction == UP else -1
    gains = [
        sign * (value - expected)
        for value, expected in zip(actual, forecast, strict=False)
        if value is not None and expected is not None
    ]
    return len(gains) >= 3 and gains[-1] > 0 and gains[-2] + gains[-3] > 0


# --- geometry --------------------------------------------------------------------------


def _n(number: float) -> str:
    """A coordinate as SVG wants it: a point for decimals, whatever the language."""
    return f"{number:.1f}".removesuffix(".0")


def _text_width(text: str, font_size: int) -> float:
    return len(text) * font_size * CHAR_WIDTH


def _scale(low, high, start: float, end: float):
    """A function placing values from low to high at start to end (low < high)."""
    low, high = Decimal(low), Decimal(high)
    return lambda value: start + float((Decimal(value) - low) / (high - low)) * (end - start)


@dataclass
class _Plot:
    """An area of a chart in viewBox units, `count` periods wide and low to high tall."""

    left: float
    top: float
    right: float
    bottom: float
    low: Decimal
    high: Decimal
    count: int

    def x(self, index: int) -> float:
        if self.count < 2:
            return (self.left + self.right) / 2
        return self.left + index * (self.right - self.left) / (self.count - 1)

    def y(self, value) -> float:
        return _scale(self.low, self.high, self.bottom, self.top)(value)

    def runs(self, values: list[Decimal | None]) -> list[str]:
        """Polyline points of each unbroken stretch of values: a None breaks the line."""
        runs, run = [], []
        for index, value in enumerate(values):
            if value is None:
                runs.append(run)
                run = []
            else:
                run.append(f"{_n(self.x(index))},{_n(self.y(value))}")
        runs.append(run)
        return [" ".join(run) for run in runs if len(run) > 1]

    def box(self) -> dict:
        return {side: _n(getattr(self, side)) for side in ("left", "top", "right", "bottom")}


def _diamond(x: float, y: float, size: float) -> str:
    corners = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    return " ".join(f"{_n(cx)},{_n(cy)}" for cx, cy in corners)


def _known(values) -> list[Decimal]:
    return [value for value in values or [] if value is not None]


def _check_prefix(prefix: str):
    if not _ID.fullmatch(prefix):
        raise ValueError(f"id_prefix must start with a letter and hold no spaces: {prefix!r}")


def _check_direction(direction: str):
    if direction not in (UP, DOWN):
        raise ValueError(f"direction must be {UP!r} or {DOWN!r}, not {direction!r}")


def _check_curve(chart: CurveChart):
    _check_prefix(chart.id_prefix)
    _check_direction(chart.direction)
    for name in ("actual", "forecast"):
        values = getattr(chart, name)
        if values is not None and len(values) != len(chart.periods):
            raise ValueError(f"{name} needs one value per period")


def _target_period(chart: CurveChart) -> str | None:
    index = chart.target_index
    return chart.periods[index] if index is not None and 0 <= index < len(chart.periods) else None


def _curve_plot(chart: CurveChart, left, top, right, bottom) -> tuple[_Plot, list[Decimal]]:
    values = _known(chart.actual) + _known(chart.forecast) + _known([chart.baseline, chart.target])
    ticks = nice_ticks(min(values), max(values))
    return _Plot(left, top, right, bottom, ticks[0], ticks[-1], len(chart.periods)), ticks


def _curve_lines(chart: CurveChart, plot: _Plot, marker: float) -> dict:
    """What the curve and the small multiple both draw, placed in `plot`."""
    lines = {"actual": plot.runs(chart.actual), "forecast": plot.runs(chart.forecast or [])}
    lines["points"] = [
        {
            "x": _n(plot.x(index)),
            "y": _n(plot.y(value)),
            "label": f"{chart.periods[index]}: {_figure(chart, value)}",
        }
        for index, value in enumerate(chart.actual)
        if value is not None
    ]
    if chart.baseline is not None:
        lines["baseline_y"] = _n(plot.y(chart.baseline))
    if chart.target is not None and _target_period(chart) is not None:
        x, y = plot.x(chart.target_index), plot.y(chart.target)
        lines["target"] = {
            "x": _n(x),
            "label_y": _n(y - marker - 5),
            "diamond": _diamond(x, y, marker),
            "title": _("Mål: %(value)s") % {"value": _figure(chart, chart.target)},
        }
    elif chart.target is not None:
        lines["target_y"] = _n(plot.y(chart.target))
    return lines


def _period_labels(periods: list[str], plot: _Plot, font_size: int) -> list[dict]:
    """The periods named under the x axis: as many as fit side by side, always the latest."""
    widest = max(_text_width(period, font_size) for period in periods) + font_size
    gap = (plot.right - plot.left) / (len(periods) - 1) if len(periods) > 1 else widest
    every = math.ceil(widest / gap)
    last = len(periods) - 1
    return [
        {"x": _n(plot.x(index)), "text": periods[index]}
        for index in range(len(periods))
        if (last - index) % every == 0
    ]


def _spread(labels: list[dict], bottom: float, gap: float) -> list[dict]:
    """The labels in the right margin, moved apart so that none covers the next."""
    labels = sorted(labels, key=lambda label: label["y"])
    for above, label in zip(labels, labels[1:], strict=False):
        label["y"] = max(label["y"], above["y"] + gap)
    overshoot = max(0, labels[-1]["y"] - bottom) if labels else 0
    return [{**label, "y": _n(label["y"] - overshoot)} for label in labels]


# --- descriptions ----------------------------------------------------------------------


def _describe_curve(chart: CurveChart) -> str:
    """The curve in one sentence: the first and latest figure, the target and the turn."""
    known = [(p, v) for p, v in zip(chart.periods, chart.actual, strict=True) if v is not None]
    (first_period, first), (latest_period, latest) = known[0], known[-1]
    if len(known) == 1:
        figures = _("Det eneste godkendte tal er %(value)s i %(period)s")
        figures %= {"value": _figure(chart, first), "period": first_period}
    else:
        figures = _(
            "Første godkendte tal er %(first)s i %(first_period)s, "
            "og seneste er %(latest)s i %(latest_period)s"
        ) % {
            "first": _figure(chart, first),
            "first_period": first_period,
            "latest": _figure(chart, latest),
            "latest_period": latest_period,
        }
    if chart.target is None:
        target = _("der er ikke sat noget mål")
    elif (period := _target_period(chart)) is None:
        target = _("målet er %(value)s") % {"value": _figure(chart, chart.target)}
    else:
        target = _("målet er %(value)s i %(period)s")
        target %= {"value": _figure(chart, chart.target), "period": period}
    turn = _("kurven er knækket") if chart.turned else _("kurven er ikke knækket endnu")
    sentence = _("%(figures)s; %(target)s, og %(turn)s.")
    return sentence % {"figures": figures, "target": target, "turn": turn}


def _describe_breakdown(chart: BreakdownChart, texts: list[str]) -> str:
    groups = "; ".join(
        _("%(group)s: %(value)s") % {"group": name, "value": text}
        for (name, _values), text in zip(chart.groups, texts, strict=True)
    )
    sentence = _("Tal for %(period)s – %(groups)s.")
    sentence %= {"period": chart.periods[-1], "groups": groups}
    if len(chart.periods) > 1:
        trend = _("Ved siden af hver gruppe ses udviklingen fra %(first)s til %(last)s.")
        sentence += " " + trend % {"first": chart.periods[0], "last": chart.periods[-1]}
    return sentence


# --- the charts ------------------------------------------------------------------------


def _render(template: str, chart, size: tuple[float, float], desc: str, **context):
    """The chart's template with what every chart has: ids, title, description, size."""
    prefix = chart.id_prefix
    context = {
        "ids": {"title": f"{prefix}-title", "desc": f"{prefix}-desc"},
        "title": chart.title,
        "desc": desc,
        "width": _n(size[0]),
        "height": _n(size[1]),
        "font_size": FONT_SIZE,
        "colours": COLOURS,
        "dashes": DASHES,
    } | context
    return render_to_string(f"measurement/charts/{template}", context)


def _empty(chart, width: int, height: int, font_size: int) -> SafeString:
    message = _("Ingen godkendte tal endnu")
    return _render(
        "_empty.html",
        chart,
        (width, height),
        message,
        message=message,
        font_size=font_size,
        frame={"width": _n(width - 1), "height": _n(height - 1)},
        centre={"x": _n(width / 2), "y": _n(height / 2 + font_size * MIDDLE)},
    )


# Drawn charts kept per process, keyed by everything they are drawn from: a page
# of many charts redraws only those whose figures changed.
REMEMBERED_CHARTS = 512
_drawn = OrderedDict()
_drawing = threading.Lock()


def _remembered(draw):
    @functools.wraps(draw)
    def remembered(chart):
        key = (draw.__name__, get_language(), repr(chart))
        with _drawing:
            svg = _drawn.get(key)
            if svg is not None:
                _drawn.move_to_end(key)
                return svg
        svg = draw(chart)
        with _drawing:
            _drawn[key] = svg
            if len(_drawn) > REMEMBERED_CHARTS:
                _drawn.popitem(last=False)
        return svg

    return remembered


@_remembered
def turn_the_curve(chart: CurveChart) -> SafeString:
    """The turn-the-curve chart: approved figures, baseline, target and forecast."""
    _check_curve(chart)
    width, height = 640, 360
    if not _known(chart.actual):
        return _empty(chart, width, height, FONT_SIZE)
    plot, ticks = _curve_plot(chart, 80, 36, width - 128, height - 48)
    decimals = _decimals(ticks[1] - ticks[0])
    lines = _curve_lines(chart, plot, marker=7)
    middle = FONT_SIZE * MIDDLE
    # The lines without markers are named in the right margin, level with their end.
    margin = [
        {"y": plot.y(value) + middle, "text": text, "colour": COLOURS[kind]}
        for kind, value, text in (
            ("baseline", chart.baseline, _("Udgangspunkt")),
            ("forecast", (_known(chart.forecast) or [None])[-1], _("Fremskrivning")),
            ("target", chart.target if "target_y" in lines else None, _("Mål")),
        )
        if value is not None
    ]
    return _render(
        "_curve.html",
        chart,
        (width, height),
        _describe_curve(chart),
        plot=plot.box(),
        y_ticks=[
            {"y": _n(y), "text_y": _n(y + middle), "text": _format(tick, decimals)}
            for tick, y in ((tick, plot.y(tick)) for tick in ticks)
        ],
        x_labels=_period_labels(chart.periods, plot, FONT_SIZE),
        value_x=_n(plot.left - 8),
        tick_bottom=_n(plot.bottom + 5),
        x_label_y=_n(plot.bottom + 24),
        margin_labels=_spread(margin, plot.bottom, FONT_SIZE + 3),
        margin_x=_n(plot.right + 8),
        target_label=_("Mål"),  # by the target's marker
        unit=chart.unit,
        **lines,
    )


@_remembered
def small_multiple(chart: CurveChart) -> SafeString:
    """The curve in 240 × 120 for a grid: only the first and last period and the latest figure."""
    _check_curve(chart)
    width, height = 240, 120
    if not _known(chart.actual):
        return _empty(chart, width, height, SMALL_FONT_SIZE)
    plot, _ticks = _curve_plot(chart, 10, 30, width - 10, height - 30)
    return _render(
        "_small_multiple.html",
        chart,
        (width, height),
        _describe_curve(chart),
        plot=plot.box(),
        latest=_figure(chart, _known(chart.actual)[-1]),
        first=chart.periods[0],
        last=chart.periods[-1] if len(chart.periods) > 1 else None,
        centre=_n(plot.x(0)),
        font_size=SMALL_FONT_SIZE,
        axis_y=_n(plot.bottom + 6),
        period_y=_n(height - 8),
        **_curve_lines(chart, plot, marker=5),
    )


@_remembered
def breakdown(chart: BreakdownChart) -> SafeString:
    """The equity chart: a bar per group for the latest period, and each group's trend."""
    _check_prefix(chart.id_prefix)
    if any(len(values) != len(chart.periods) for _name, values in chart.groups):
        raise ValueError("every group needs one value per period")
    every_value = [value for _name, values in chart.groups for value in _known(values)]
    if not every_value:
        return _empty(chart, 640, 160, FONT_SIZE)
    hidden = _("Skjult (for få)")
    texts = [
        hidden if values[-1] is None else _figure(chart, values[-1])
        for _name, values in chart.groups
    ]
    bar_left = max(80, max(_text_width(name, FONT_SIZE) for name, _values in chart.groups) + 16)
    bar_right = bar_left + 260
    trend_left = bar_right + max(_text_width(text, FONT_SIZE) for text in texts) + 24
    # Bars start at zero; the trends share one scale, so that their slopes compare.
    shown = _known(values[-1] for _name, values in chart.groups)
    low, high = min([0, *shown]), max([0, *shown])
    place = _scale(low, high if high > low else 1, bar_left, bar_right)
    trend_low, trend_high = min(every_value), max(every_value)
    if trend_low == trend_high:
        trend_low, trend_high = trend_low - 1, trend_high + 1
    trend_span = (trend_low, trend_high, len(chart.periods))
    rows = []
    for index, ((name, values), text) in enumerate(zip(chart.groups, texts, strict=True)):
        middle = HEADER + ROW * index + ROW / 2
        row = {"name": name, "text": text, "text_y": _n(middle + FONT_SIZE * MIDDLE)}
        end = place(0)
        if values[-1] is not None:
            start, end = sorted((end, place(values[-1])))
            row["bar"] = {"x": _n(start), "y": _n(middle - 10), "width": _n(max(end - start, 1))}
        # The value after the bar's end; "hidden" where the bar would start.
        row["text_x"] = _n(end + 6)
        trend = _Plot(trend_left, middle - 11, trend_left + 110, middle + 11, *trend_span)
        row["trend"] = trend.runs(values)
        if known := [at for at, value in enumerate(values) if value is not None]:
            row["dot"] = {"x": _n(trend.x(known[-1])), "y": _n(trend.y(values[known[-1]]))}
        rows.append(row)
    return _render(
        "_breakdown.html",
        chart,
        (math.ceil(trend_left + 120), HEADER + ROW * len(rows) + 8),
        _describe_breakdown(chart, texts),
        rows=rows,
        name_x=_n(bar_left - 10),
        bar_left=_n(bar_left),
        zero_x=_n(place(0)) if low < 0 else None,
        trend_left=_n(trend_left),
        heading_y=_n(HEADER - 12),
        rows_top=_n(HEADER - 4),
        latest_heading=_("Seneste periode: %(period)s") % {"period": chart.periods[-1]},
        trend_heading=_("Udvikling"),
    )
