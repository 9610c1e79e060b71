"""
An indicator inside the portal: its turn-the-curve chart with the figures, the
breakdown by group, the stories behind the curve, and the secretariat's pages
for the forecast and the stories.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.versioning import EditConflict, save_form
from measurement import charts, periods, series, services
from measurement.forms import ForecastForm, StoryForm, forecast_periods
from measurement.models import CurveStory, Forecast, Indicator
from measurement.numbers import format_number
from measurement.permissions import can_edit_indicator
from members.models import Organisation
from members.permissions import secretariat_required

# Up to this many responsible organisations are listed as links; more as a folded list of names.
MAX_LINKED_ORGANISATIONS = 20


def _number(value, decimals=None):
    return format_number(value, decimals, grouping=True)


@dataclass
class Row:
    period: periods.Period
    value: str  # "" where no approved figure
    reporters: int | None  # None for the periods ahead of the curve
    forecast: str
    story: CurveStory | None


def _rows(data, stories):
    """The chart's data as table rows: the curve's periods and the forecast ahead of it."""
    decimals = data.indicator.decimals
    rows = []
    for index, period in enumerate(data.periods):
        point = data.points[index] if index < len(data.points) else None
        if point is None and data.forecast_values[index] is None:
            continue  # a period ahead, drawn only to place the target
        rows.append(
            Row(
                period=period,
                value=_number(point.value, decimals) if point else "",
                reporters=point.reporters if point else None,
                forecast=_number(data.forecast_values[index]),
                story=stories.get(period.start),
            )
        )
    return rows


def _breakdown_tables(indicator, found):
    """One table per dimension: a row per period, a column per group."""
    tables = {}
    for value, points in found:
        table = tables.setdefault(
            value.dimension_id, {"dimension": value.dimension, "groups": [], "columns": []}
        )
        table["groups"].append(value)
        table["columns"].append([_number(point.value, indicator.decimals) for point in points])
    shown = [point.period for point in found[0][1]] if found else []
    return [
        {
            "dimension": table["dimension"],
            "groups": table["groups"],
            "rows": [
                (period, [column[index] for column in table["columns"]])
                for index, period in enumerate(shown)
            ],
        }
        for table in tables.values()
    ]


@login_required
def indicator_detail(request, slug):
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal", "initiative").prefetch_related(
            Prefetch("responsible", queryset=Organisation.objects.order_by("name"))
        ),
        slug=slug,
    )
    forecast = (
        Forecast.objects.filter(indicator=indicator)
        .select_related("set_by")
        .order_by("-set_at", "-pk")
        .first()
    )
    data = series.curve_data(indicator, forecast=forecast)
    stories = {
        story.period_start: story
        for story in CurveStory.objects.filter(indicator=indicator).select_related("written_by")
    }
    found = series.groups(indicator, public=False)
    latest = next((point for point in reversed(data.points) if point.value is not None), None)
    responsible = list(indicator.responsible.all())
    return render(
        request,
        "measurement/indicator_detail.html",
        {
            "indicator": indicator,
            "responsible": responsible,
            "responsible_linked": len(responsible) <= MAX_LINKED_ORGANISATIONS,
            "data": data,
            "chart": data.chart(id_prefix="kurve") if data.points else "",
            "rows": _rows(data, stories),
            "latest": latest,
            "latest_value": _number(latest.value, indicator.decimals) if latest else "",
            "baseline": _number(indicator.baseline_value, indicator.decimals),
            "baseline_period": indicator.baseline_period
            and indicator.period(indicator.baseline_period),
            "target": _number(indicator.target_value, indicator.decimals),
            "forecast": forecast,
            "forecast_period": forecast and indicator.period(forecast.from_period),
            "forecast_start": forecast and _number(forecast.start_value),
            "forecast_change": forecast and _number(forecast.change_per_period),
            "breakdown_chart": series.breakdown_chart(
                indicator, id_prefix="fordeling", public=False, found=found
            ),
            "breakdown_tables": _breakdown_tables(indicator, found),
            "stories": [
                (indicator.period(start), story)
                for start, story in sorted(stories.items(), reverse=True)
            ],
            "can_edit": can_edit_indicator(request.user),
        },
    )


def _proposal(points):
    """A straight line through the approved figures, from the latest of them.

    {"from_period", "start_value", "change_per_period"} for the form, and the
    number of figures it rests on; None without any figure.
    """
    values = [point.value for point in points]
    known = sum(value is not None for value in values)
    if not known:
        return None, 0
    following, after = charts.linear_forecast(values, 2)
    change = after - following
    return {
        "from_period": points[-1].period.start.isoformat(),
        "start_value": following - change,
        "change_per_period": change,
    }, known


@secretariat_required
def forecast(request, slug):
    indicator = get_object_or_404(Indicator, slug=slug)
    points = series.curve(indicator)
    proposal, basis = _proposal(points)
    form = ForecastForm(
        request.POST or None,
        choices=forecast_periods(indicator, points, timezone.localdate()),
        initial=proposal or {},
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.set_forecast(indicator=indicator, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Fremskrivningen er gemt."))
        return redirect("measurement:indicator_detail", slug=indicator.slug)
    forecasts = (
        Forecast.objects.filter(indicator=indicator)
        .select_related("set_by")
        .order_by("-set_at", "-pk")
    )
    return render(
        request,
        "measurement/forecast.html",
        {
            "indicator": indicator,
            "form": form,
            "proposal": proposal,
            "proposal_basis": basis,
            "forecasts": [
                {
                    "forecast": saved,
                    "period": indicator.period(saved.from_period),
                    "start": _number(saved.start_value),
                    "change": _number(saved.change_per_period),
                }
                for saved in forecasts
            ],
        },
    )


@secretariat_required
def story(request, slug, period):
    indicator = get_object_or_404(Indicator, slug=slug)
    if not periods.is_period_start(period, indicator.frequency):
        raise Http404(_("Indikatoren har ingen periode, der begynder den dag."))
    period = indicator.period(period)
    current = (
        CurveStory.objects.filter(indicator=indicator, period_start=period.start)
        .select_related("written_by")
        .first()
    )
    form = StoryForm(request.POST or None, story=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_story(
                indicator=indicator,
                period_start=period.start,
                text=form.cleaned_data["text"],
                by=request.user,
                seen_version=form.seen_version,
            )
        except EditConflict:
            current = CurveStory.objects.select_related("written_by").get(
                indicator=indicator, period_start=period.start
            )
            form.show_conflict(current)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("Historien bag kurven for %(period)s er gemt.") % {"period": period.label()},
            )
            return redirect("measurement:indicator_detail", slug=indicator.slug)
    point = next(
        (point for point in series.curve(indicator) if point.period == period),
        None,
    )
    return render(
        request,
        "measurement/story.html",
        {
            "indicator": indicator,
            "period": period,
            "point": point,
            "value": _number(point.value, indicator.decimals) if point else "",
            "story": current,
            "form": form,
        },
    )
