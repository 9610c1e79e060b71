"""Page-table entries for the public results and open data; tests/pagelist.py takes them in."""

import itertools
from datetime import date

from django.utils import timezone

from measurement.models import DataPoint, Report
from measurement.periods import Period
from tests.factories import make_indicator, make_organisation
from tests.pagelist import Get, Page, everyone

_batches = itertools.count(1)


def _approved(indicator, organisation, period, total, groups=()):
    report = Report.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=period,
        total=total,
        status=Report.Status.APPROVED,
        reviewed_at=timezone.now(),
    )
    DataPoint.objects.bulk_create(
        DataPoint(report=report, dimension_value=group, value=value) for group, value in groups
    )


def _public_indicators(w, n):
    """n more public indicators on the indicator's goal, each with an approved quarter."""
    batch = next(_batches)
    for number in range(n):
        indicator = make_indicator(
            name=f"Offentlig indikator {batch}-{number}",
            slug=f"offentlig-{batch}-{number}",
            goal=w.indicator.goal,
            is_public=True,
            groups={"Alder": ["Under 18", "18 og derover"]},
        )
        _approved(indicator, w.org_a, date(2025, 1, 1), 10 + number)


def _approved_reports(w, n):
    """n more approved quarters of the public indicator from a new organisation, each with
    a group small enough to be hidden."""
    organisation = make_organisation()
    period = Period(date(2026, 1, 1), w.indicator.frequency)
    for number in range(n):
        _approved(
            w.indicator,
            organisation,
            period.start,
            30 + number,
            groups=[(w.girls, 3), (w.boys, 27 + number)],
        )
        period = period.next()


def _slug(w):
    return {"slug": w.indicator.slug}


# The files are streamed: the queries behind their rows run while the file is sent,
# after the view has answered, so a CSV's budget counts only finding the indicator
# (tests/measurement/test_public.py counts the whole file).
PAGES = {
    "measurement:results": Page(
        get=Get(everyone(200), queries=7, rows=_public_indicators),
    ),
    "measurement:goal": Page(
        kwargs=lambda w: {"pk": w.indicator.goal_id},
        get=Get(everyone(200), queries=10, rows=_public_indicators),
    ),
    "measurement:public_indicator": Page(
        kwargs=_slug,
        get=Get(everyone(200), queries=8, rows=_approved_reports),
    ),
    "measurement:indicator_csv": Page(
        kwargs=_slug,
        get=Get(everyone(200), queries=1, rows=_approved_reports, html=False),
    ),
    "measurement:all_csv": Page(
        get=Get(everyone(200), queries=1, rows=_public_indicators, html=False),
    ),
    "measurement:datapackage": Page(
        get=Get(everyone(200), queries=1, rows=_public_indicators, html=False),
    ),
    "measurement:chart_svg": Page(
        kwargs=_slug,
        get=Get(everyone(200), queries=3, rows=_approved_reports, html=False),
    ),
}
