"""Page-table entries for an indicator's curve, forecast and stories; tests/pagelist.py takes
them in."""

from datetime import date

from measurement.models import CurveStory, Forecast, Report
from tests.factories import make_organisation
from tests.measurement.test_series import add_report, quarters_back
from tests.pagelist import Get, Page, Post, secretariat_only, signed_in


def _indicator(w):
    return {"slug": w.indicator.slug}


def _story_period(w):
    return {"slug": w.indicator.slug, "period": date(2025, 1, 1)}


def _curve_rows(w, n):
    """n more approved quarters, each from a new organisation, with groups and a story."""
    have = Report.objects.filter(indicator=w.indicator, period_start__lt=date(2025, 1, 1)).count()
    for start in quarters_back(have + n)[have:]:
        add_report(w.indicator, make_organisation(), start, 40, groups={w.girls: 19, w.boys: 21})
        CurveStory.objects.create(indicator=w.indicator, period_start=start, text="Sommerferie.")


def _forecasts(w, n):
    for number in range(n):
        Forecast.objects.create(
            indicator=w.indicator,
            from_period=date(2025, 1, 1),
            start_value=40,
            change_per_period=number,
            reason=f"Skøn nummer {number}.",
            set_by=w.secretariat,
        )


def _story(w):
    story = CurveStory.objects.filter(indicator=w.indicator, period_start=date(2025, 1, 1)).first()
    return story.text if story else None


PAGES = {
    "measurement:indicator_detail": Page(
        kwargs=_indicator, get=Get(signed_in(200), queries=11, rows=_curve_rows)
    ),
    "measurement:forecast": Page(
        kwargs=_indicator,
        get=Get(secretariat_only(200), queries=6, rows=_forecasts),
        post=Post(
            secretariat_only(302),
            data=lambda w: {
                "from_period": "2025-01-01",
                "start_value": "42",
                "change_per_period": "1,5",
                "reason": "Flere virksomheder er kommet med.",
            },
            state=lambda w: list(
                Forecast.objects.filter(indicator=w.indicator).values_list("reason", flat=True)
            ),
        ),
    ),
    "measurement:story": Page(
        kwargs=_story_period,
        get=Get(secretariat_only(200), queries=6),
        post=Post(
            secretariat_only(302),
            data=lambda w: {"text": "Sommerjob gav et hop.", "version": ""},
            state=_story,
        ),
    ),
}
