"""
The public results at /resultater/: the indicators the alliance has made
public, each with its curve, its breakdown (small groups hidden), the agreed
method and the story behind the curve; and the same figures as open data.

Only public indicators are found here; any other address answers 404, so an
internal indicator's name or slug never shows. A performance measure is
public only while its initiative is.
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agenda.models import Agenda, Goal
from alliance.export import csv_stream
from measurement import opendata, series
from measurement.models import Forecast, Indicator, Report
from measurement.numbers import format_number

# How long a browser or a proxy may keep the chart to embed; the portal's own
# copy is replaced as soon as a figure, the forecast or the indicator changes.
CHART_MAX_AGE = 10 * 60
SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'
VIEWBOX = re.compile(r'viewBox="0 0 (?P<width>[\d.]+) (?P<height>[\d.]+)"')
# The size the embed snippet gives the chart; the chart itself scales to any width.
EMBED_SIZE = (640, 360)


def value_text(indicator, value):
    """A figure as the reader's language writes it, with its unit: "1.234,5 unge", "42 %"."""
    if value is None:
        return ""
    number = format_number(opendata.rounded(indicator, value), indicator.decimals, grouping=True)
    return f"{number} {indicator.unit}".strip()


def _latest(points):
    """The last point with a figure, or None."""
    return next((point for point in reversed(points) if point.value is not None), None)


@dataclass
class Section:
    title: str
    items: list = field(default_factory=list)
    url: str = ""


@dataclass
class Card:
    indicator: Indicator
    chart: str
    latest: series.Point | None
    latest_text: str


def _latest_forecasts(indicators):
    """{indicator id: its latest forecast}, one query for all."""
    latest = (
        Forecast.objects.filter(indicator=OuterRef("indicator"))
        .order_by("-set_at", "-pk")
        .values("pk")[:1]
    )
    forecasts = Forecast.objects.filter(indicator__in=indicators, pk=Subquery(latest))
    return {forecast.indicator_id: forecast for forecast in forecasts}


def _cards(indicators):
    """Each indicator with its small chart and latest figure, in a fixed number of queries."""
    curves = series.curves(indicators)
    forecasts = _latest_forecasts(indicators) if indicators else {}
    cards = {}
    for indicator in indicators:
        points = curves[indicator.pk]
        latest = _latest(points)
        chart = series.curve_chart(
            indicator,
            id_prefix=f"indikator-{indicator.pk}-graf",
            public=True,
            small=True,
            points=points,
            forecast=forecasts.get(indicator.pk),
        )
        cards[indicator.pk] = Card(
            indicator=indicator,
            chart=chart,
            latest=latest,
            latest_text=value_text(indicator, latest.value) if latest else "",
        )
    return cards


def _goal_sections(population, cards):
    """The population indicators under the goals of the adopted agenda, in its order.

    An indicator on a goal the adopted agenda no longer has still shows, under
    the goal's own title after the agenda's goals.
    """
    by_goal = {}
    for indicator in population:
        by_goal.setdefault(indicator.goal_id, []).append(cards[indicator.pk])
    agenda = Agenda.objects.adopted()
    sections = []
    if agenda is not None:
        for agenda_goal in agenda.agenda_goals.all():
            items = by_goal.pop(agenda_goal.goal_id, None)
            if items:
                sections.append(
                    Section(
                        title=agenda_goal.title,
                        items=items,
                        url=reverse("measurement:goal", args=[agenda_goal.goal_id]),
                    )
                )
    rest = sorted(by_goal.values(), key=lambda items: items[0].indicator.goal.title)
    sections += [Section(title=items[0].indicator.goal.title, items=items) for items in rest]
    return sections


def _initiative_sections(measures, cards):
    by_initiative = {}
    for indicator in measures:
        by_initiative.setdefault(indicator.initiative_id, []).append(cards[indicator.pk])
    return [
        Section(
            title=items[0].indicator.initiative.name,
            items=items,
            url=reverse("initiatives:public_detail", args=[items[0].indicator.initiative.slug]),
        )
        for items in sorted(
            by_initiative.values(), key=lambda items: items[0].indicator.initiative.name
        )
    ]


def results(request):
    indicators = list(
        Indicator.objects.public().select_related("goal", "initiative").order_by("name", "pk")
    )
    cards = _cards(indicators)
    population = [indicator for indicator in indicators if indicator.goal_id]
    measures = [indicator for indicator in indicators if indicator.initiative_id]
    return render(
        request,
        "measurement/results.html",
        {
            "goal_sections": _goal_sections(population, cards),
            "initiative_sections": _initiative_sections(measures, cards),
            "has_indicators": bool(indicators),
        },
    )


def goal(request, pk):
    """One goal of the common agenda: its population indicators, and the public initiatives
    serving it with their performance measures."""
    goal = get_object_or_404(Goal, pk=pk)
    agenda = Agenda.objects.adopted()
    on_agenda = agenda.agenda_goals.filter(goal=goal).first() if agenda is not None else None
    public = Indicator.objects.public().select_related("goal", "initiative")
    population = list(public.filter(goal=goal).order_by("name", "pk"))
    initiatives = list(goal.initiatives.public().order_by("name"))
    measures = list(public.filter(initiative__in=initiatives).order_by("name", "pk"))
    if on_agenda is None and not population:
        raise Http404
    cards = _cards(population + measures)
    sections = []
    if population:
        sections.append(
            Section(
                title=_("Befolkningsindikatorer"),
                items=[cards[indicator.pk] for indicator in population],
            )
        )
    sections += _initiative_sections(measures, cards)
    return render(
        request,
        "measurement/goal.html",
        {
            "goal": goal,
            "title": on_agenda.title if on_agenda else goal.title,
            "description": on_agenda.description if on_agenda else goal.description,
            "sections": sections,
            "initiatives": initiatives,
        },
    )


def _public_indicator(slug):
    return get_object_or_404(
        Indicator.objects.public().select_related("goal", "initiative"), slug=slug
    )


def _curve_rows(data):
    """The chart's figures as table rows: each period of the curve, then the forecast ahead."""
    indicator = data.indicator
    rows = []
    points = data.points + [None] * len(data.ahead)
    for period, point, forecast in zip(data.periods, points, data.forecast_values, strict=True):
        if point is None and forecast is None:
            continue
        rows.append(
            {
                "period": period,
                "value": value_text(indicator, point and point.value),
                "forecast": value_text(indicator, forecast),
                "reporters": point.reporters if point else "",
            }
        )
    return rows


def _breakdown_tables(indicator, groups):
    """One table per dimension: a row per period, a cell per group (hidden ones marked)."""
    tables = {}
    for value, points in groups:
        table = tables.setdefault(
            value.dimension_id, {"dimension": value.dimension, "groups": [], "rows": {}}
        )
        table["groups"].append(value)
        for point in points:
            cells = table["rows"].setdefault(point.period, [])
            cells.append(
                {"suppressed": point.suppressed, "text": value_text(indicator, point.value)}
            )
    return [
        {
            "dimension": table["dimension"],
            "groups": table["groups"],
            "rows": sorted(table["rows"].items()),
        }
        for table in tables.values()
    ]


def indicator(request, slug):
    indicator = _public_indicator(slug)
    data = series.curve_data(indicator)
    groups = series.groups(indicator, public=True)
    stories = [
        (indicator.period(story.period_start), story)
        for story in indicator.stories.order_by("-period_start")
    ]
    latest = _latest(data.points)
    svg_url = request.build_absolute_uri(reverse("measurement:chart_svg", args=[slug]))
    chart = series.curve_chart(
        indicator, id_prefix="kurve", public=True, points=data.points, forecast=data.forecast
    )
    breakdown = series.breakdown_chart(indicator, id_prefix="grupper", public=True, found=groups)
    return render(
        request,
        "measurement/public_indicator.html",
        {
            "indicator": indicator,
            "chart": chart,
            "rows": _curve_rows(data) if data.points else [],
            "has_forecast": data.forecast is not None,
            "turned": data.turned,
            "latest": latest,
            "latest_text": value_text(indicator, latest.value) if latest else "",
            "baseline_text": value_text(indicator, indicator.baseline_value),
            "baseline_period": indicator.baseline_period
            and indicator.period(indicator.baseline_period),
            "target_text": value_text(indicator, indicator.target_value),
            "breakdown_chart": breakdown,
            "breakdown_tables": _breakdown_tables(indicator, groups),
            "min_group_size": series.min_group_size(),
            "stories": stories,
            "svg_url": svg_url,
            "embed": format_html(
                '<img src="{}" alt="{}" width="{}" height="{}">',
                svg_url,
                indicator.name,
                *EMBED_SIZE,
            ),
        },
    )


# --- open data -----------------------------------------------------------------------


def indicator_csv(request, slug):
    indicator = _public_indicator(slug)
    return csv_stream(indicator.slug, opendata.HEADER, opendata.indicator_rows(indicator))


def all_csv(request):
    indicators = Indicator.objects.public().order_by("name", "pk")
    return csv_stream("resultater", opendata.HEADER, opendata.all_rows(indicators))


def datapackage(request):
    indicators = Indicator.objects.public().order_by("name", "pk")
    return JsonResponse(
        opendata.datapackage(request, indicators),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


# --- the chart to embed --------------------------------------------------------------


def _chart_key(slug):
    """The indicator and a cache key for its chart; one query.

    The key changes with anything the chart shows: the indicator itself (its
    name, baseline, target), each approval (a correction too, as it is approved
    later), the latest forecast, and the language of the labels.
    """
    approved = Report.objects.approved().filter(indicator=OuterRef("pk")).order_by()
    last_forecast = Forecast.objects.filter(indicator=OuterRef("pk")).order_by("-set_at", "-pk")
    indicator = get_object_or_404(
        Indicator.objects.public().annotate(
            approved_count=Subquery(
                approved.values("indicator").annotate(n=Count("pk")).values("n")
            ),
            last_approved=Subquery(
                approved.values("indicator").annotate(last=Max("reviewed_at")).values("last")
            ),
            last_forecast=Subquery(last_forecast.values("pk")[:1]),
        ),
        slug=slug,
    )
    parts = (
        indicator.pk,
        indicator.version,
        indicator.updated_at.isoformat(),
        indicator.approved_count,
        indicator.last_approved and indicator.last_approved.isoformat(),
        indicator.last_forecast,
        get_language(),
    )
    return indicator, "measurement-chart-svg:" + ":".join(str(part) for part in parts)


def standalone_svg(svg):
    """An inline chart as an SVG file of its own: an XML declaration, the namespace, and
    a width and height from its viewBox, so that an <img> without them has a size."""
    svg = str(svg).strip()
    start, rest = svg.split(">", 1)
    if SVG_NAMESPACE not in start:
        start = start.replace("<svg", f"<svg {SVG_NAMESPACE}", 1)
    box = VIEWBOX.search(start)
    if box and " width=" not in start:
        start += f' width="{box["width"]}" height="{box["height"]}"'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{start}>{rest}\n'


def chart_svg(request, slug):
    """The public curve as an image another site can show with <img src=…>.

    The rendered file is kept in the cache under a key that changes with the
    indicator, its latest approved figure and its forecast, so an approval
    shows at once; browsers and proxies may keep it for CHART_MAX_AGE.
    """
    indicator, key = _chart_key(slug)
    document = cache.get(key)
    if document is None:
        document = standalone_svg(series.curve_chart(indicator, id_prefix="graf", public=True))
        cache.set(key, document, timeout=24 * 60 * 60)
    response = HttpResponse(document, content_type="image/svg+xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=CHART_MAX_AGE)
    # The language chosen with the switch is a cookie; the labels follow it.
    patch_vary_headers(response, ["Cookie"])
    return response
