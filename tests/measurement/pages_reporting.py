"""Page-table entries for reporting and review; tests/pagelist.py takes them in.

In the world, organisation A reports the indicator "Unge i fritidsjob" by
quarter: 1st quarter 2025 is approved, the 2nd waits for review, the 3rd is
a draft and the 4th has no report yet. Organisation B reports nothing.
"""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from measurement.models import DataPoint, Dimension, DimensionValue, Report
from tests.factories import make_indicator, make_organisation
from tests.pagelist import (
    ANON,
    LOGIN,
    MEMBER_A,
    MEMBER_B,
    SECRETARIAT,
    SUPERUSER,
    Get,
    Page,
    Post,
    secretariat_only,
    signed_in,
)

# A quarter organisation A has not reported yet.
UNREPORTED = date(2025, 10, 1)

_numbers = itertools.count(1)


def own_report(status):
    """Organisation A's report: A's members and the secretariat; B may not learn of it."""
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: 404, SECRETARIAT: status, SUPERUSER: status}


def reporters_only(status):
    """What only organisation A's members do: the secretariat reviews, it does not report."""
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: 404, SECRETARIAT: 403, SUPERUSER: 403}


def _report(indicator, organisation, period, status, total=40):
    return Report.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=period,
        status=status,
        total=total,
        submitted_at=timezone.now() if status != Report.Status.DRAFT else None,
    )


def _indicators_to_report(w, n):
    """n more indicators that organisation A and one other organisation report, with reports
    in various states, some for the latest finished quarter."""
    latest = _latest_quarter()
    statuses = itertools.cycle(Report.Status.values)
    for number in range(n):
        other = make_organisation()
        indicator = make_indicator(responsible=[w.org_a, other], reporting_from=date(2024, 1, 1))
        _report(indicator, w.org_a, latest, next(statuses))
        _report(indicator, other, latest, next(statuses))
        _report(indicator, w.org_a, date(2025, 1, 1), Report.Status.APPROVED)
        if number % 2:
            _report(indicator, w.org_a, date(2025, 4, 1), Report.Status.SUBMITTED)


def _latest_quarter():
    today = timezone.localdate()
    first_of_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    previous = first_of_quarter - timedelta(days=1)
    return date(previous.year, (previous.month - 1) // 3 * 3 + 1, 1)


def _waiting_reports(w, n):
    for _ in range(n):
        indicator = make_indicator(responsible=[w.org_a])
        _report(indicator, make_organisation(), date(2025, 1, 1), Report.Status.SUBMITTED)


def _rows_of_groups(w, n):
    """n more groups of the world's indicator, in a second dimension, each with a figure in
    the submitted report."""
    dimension = Dimension.objects.filter(indicator=w.indicator, name="Alder").first()
    if dimension is None:
        dimension = Dimension.objects.create(indicator=w.indicator, name="Alder", order=5)
    have = dimension.values.count()
    for position in range(have, have + n):
        value = DimensionValue.objects.create(
            dimension=dimension, label=f"{position + 10} år", order=position
        )
        DataPoint.objects.create(report=w.submitted_report, dimension_value=value, value=1)


def _unreported(w):
    return {"slug": w.indicator.slug, "period": UNREPORTED}


def _new_report_data(w):
    return {
        "total": "43",
        f"gruppe_{w.girls.pk}": "20",
        f"gruppe_{w.boys.pk}": "23",
        "note": "Tallene er fra foreningernes lister.",
        "handling": "indsend",
    }


def _unreported_state(w):
    return list(
        Report.objects.filter(
            indicator=w.indicator, organisation=w.org_a, period_start=UNREPORTED
        ).values_list("status", "total")
    )


def _status(report):
    return lambda w: Report.objects.get(pk=getattr(w, report).pk).status


def _corrections(w):
    return list(w.approved_report.corrections.values_list("status", "total"))


PAGES = {
    # Members see what their organisation owes; the secretariat who has not reported yet.
    "measurement:reporting": Page(
        get=Get(signed_in(200), queries=6, rows=_indicators_to_report),
    ),
    "measurement:report_new": Page(
        kwargs=_unreported,
        get=Get(reporters_only(200), queries=6, rows=_rows_of_groups),
        post=Post(reporters_only(302), data=_new_report_data, state=_unreported_state),
    ),
    # The submitted report: the secretariat approves it. A's members may open it, but it is
    # out of their hands while it waits; their POST changes nothing.
    "measurement:report_detail": Page(
        kwargs=lambda w: {"pk": w.submitted_report.pk},
        get=Get(own_report(200), queries=7, rows=_rows_of_groups),
        post=Post(
            own_report(302) | {MEMBER_A: 200},
            data=lambda w: {"handling": "godkend", "version": w.submitted_report.version},
            state=_status("submitted_report"),
            changes=frozenset({SECRETARIAT, SUPERUSER}),
        ),
    ),
    "measurement:report_correct": Page(
        kwargs=lambda w: {"pk": w.approved_report.pk},
        post=Post(reporters_only(302), data=lambda w: {}, state=_corrections),
    ),
    "measurement:review_queue": Page(
        get=Get(secretariat_only(200), queries=4, rows=_waiting_reports),
        post=Post(
            secretariat_only(302),
            data=lambda w: {"valgt": [w.submitted_report.pk]},
            state=_status("submitted_report"),
        ),
    ),
}
