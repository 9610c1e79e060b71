"""The curves behind the charts: how approved figures are added up per period."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from measurement import series
from measurement.models import DataPoint, DimensionValue, Forecast, Indicator, Report
from measurement.periods import Period
from tests.factories import make_indicator, make_organisation

pytestmark = pytest.mark.django_db

Q1, Q2, Q3, Q4 = date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)

# The quick way the curve tests (and the page table) make figures as they stand after review.
_clock = itertools.count(1)


def add_report(
    indicator,
    organisation,
    period_start,
    total=None,
    *,
    numerator=None,
    denominator=None,
    groups=None,
    status=Report.Status.APPROVED,
):
    """A report as it stands after review, written straight to the database.

    `groups` is {dimension value: value, or (numerator, denominator)}. Each
    report made here counts as reviewed a second after the one before it.
    """
    report = Report.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=period_start,
        status=status,
        total=None if total is None else Decimal(total),
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
        reviewed_at=timezone.now() + timedelta(seconds=next(_clock)),
    )
    points = []
    for value, figure in (groups or {}).items():
        if isinstance(figure, tuple):
            points.append(
                DataPoint(
                    report=report,
                    dimension_value=value,
                    numerator=Decimal(figure[0]),
                    denominator=Decimal(figure[1]),
                )
            )
        else:
            points.append(DataPoint(report=report, dimension_value=value, value=Decimal(figure)))
    DataPoint.objects.bulk_create(points)
    return report


def quarters_back(n, before=date(2025, 1, 1)):
    """The n quarters before `before`, latest first."""
    starts, year, month = [], before.year, before.month
    for _ in range(n):
        month -= 3
        if month < 1:
            year, month = year - 1, month + 12
        starts.append(date(year, month, 1))
    return starts


@pytest.fixture
def orgs():
    return make_organisation(name="Kommunen"), make_organisation(name="Klubben")


def values(points):
    return [(point.period.start, point.value, point.reporters) for point in points]


def gender_indicator(**fields):
    indicator = make_indicator(groups={"Køn": ["Piger", "Drenge", "Andre"]}, **fields)
    return indicator, list(DimensionValue.objects.filter(dimension__indicator=indicator))


def test_sum_adds_up_every_organisations_approved_total(orgs):
    indicator = make_indicator()
    add_report(indicator, orgs[0], Q1, 10)
    add_report(indicator, orgs[1], Q1, 5)
    add_report(indicator, orgs[0], Q2, 12)
    assert values(series.curve(indicator)) == [(Q1, 15, 2), (Q2, 12, 1)]


def test_only_approved_reports_count(orgs):
    indicator = make_indicator()
    old = add_report(indicator, orgs[0], Q1, 99, status=Report.Status.SUPERSEDED)
    add_report(indicator, orgs[0], Q1, 10)
    add_report(indicator, orgs[1], Q1, 50, status=Report.Status.SUBMITTED)
    add_report(indicator, orgs[1], Q2, 50, status=Report.Status.DRAFT)
    assert old.status == Report.Status.SUPERSEDED
    assert values(series.curve(indicator)) == [(Q1, 10, 1)]


def test_mean_averages_the_organisations(orgs):
    indicator = make_indicator(aggregation=Indicator.Aggregation.MEAN)
    add_report(indicator, orgs[0], Q1, 10)
    add_report(indicator, orgs[1], Q1, 15)
    assert values(series.curve(indicator)) == [(Q1, Decimal("12.5"), 2)]


def test_ratio_divides_the_summed_numerators_by_the_summed_denominators(orgs):
    indicator = make_indicator(aggregation=Indicator.Aggregation.RATIO, unit="%")
    add_report(indicator, orgs[0], Q1, numerator=3, denominator=10)
    add_report(indicator, orgs[1], Q1, numerator=7, denominator=30)
    # 10 of 40, not the mean of 30 % and 23 %.
    assert values(series.curve(indicator)) == [(Q1, Decimal(25), 2)]


def test_ratio_of_a_third_is_rounded_the_same_on_every_database(orgs):
    indicator = make_indicator(aggregation=Indicator.Aggregation.RATIO, unit="%")
    add_report(indicator, orgs[0], Q1, numerator=1, denominator=3)
    assert series.curve(indicator)[0].value == Decimal("33.3333")


def test_latest_takes_the_most_recently_approved_total(orgs):
    indicator = make_indicator(aggregation=Indicator.Aggregation.LATEST)
    add_report(indicator, orgs[1], Q1, 30)
    add_report(indicator, orgs[0], Q1, 20)
    add_report(indicator, orgs[0], Q2, 25)
    add_report(indicator, orgs[1], Q2, 21)
    assert [point.value for point in series.curve(indicator)] == [20, 21]


def test_gaps_are_periods_without_a_value(orgs):
    indicator = make_indicator()
    add_report(indicator, orgs[0], Q1, 10)
    add_report(indicator, orgs[0], Q4, 14)
    assert values(series.curve(indicator)) == [
        (Q1, 10, 1),
        (Q2, None, 0),
        (Q3, None, 0),
        (Q4, 14, 1),
    ]


def test_curve_starts_at_an_earlier_baseline(orgs):
    indicator = make_indicator(baseline_value=8, baseline_period=date(2024, 11, 15))
    add_report(indicator, orgs[0], Q1, 10)
    assert values(series.curve(indicator)) == [(date(2024, 10, 1), None, 0), (Q1, 10, 1)]


def test_no_approved_figures_is_no_curve(orgs):
    indicator = make_indicator(baseline_value=8, baseline_period=Q1)
    add_report(indicator, orgs[0], Q1, 10, status=Report.Status.SUBMITTED)
    assert series.curve(indicator) == []


def test_curves_of_several_indicators_keep_their_own_aggregation(orgs):
    summed = make_indicator()
    latest = make_indicator(aggregation=Indicator.Aggregation.LATEST, frequency="year")
    empty = make_indicator()
    for indicator in (summed, latest):
        add_report(indicator, orgs[0], Q1, 10)
        add_report(indicator, orgs[1], Q1, 4)
    with CaptureQueriesContext(connection) as queries:
        found = series.curves([summed, latest, empty])
    assert len(queries) == 2  # one for the sums, one for the latest figures
    assert values(found[summed.pk]) == [(Q1, 14, 2)]
    assert values(found[latest.pk]) == [(Q1, 4, 2)]
    assert found[latest.pk][0].period == Period(Q1, "year")
    assert found[empty.pk] == []


@pytest.mark.parametrize("reports", [3, 30])
def test_curve_and_groups_cost_the_same_queries_however_many_reports(reports):
    indicator, (girls, boys, others) = gender_indicator(aggregation=Indicator.Aggregation.LATEST)
    for number in range(reports):
        add_report(
            indicator, make_organisation(), Q1, 10, groups={girls: 4, boys: 5, others: number}
        )
    with CaptureQueriesContext(connection) as queries:
        series.curve(indicator)
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        series.groups(indicator, public=True)
    assert len(queries) == 2


# --- groups ---------------------------------------------------------------------


def group_values(found):
    return {
        value.label: [(point.value, point.suppressed) for point in points]
        for value, points in found
    }


def test_groups_add_up_each_group_per_period_in_the_dimensions_order(orgs):
    indicator, (girls, boys, others) = gender_indicator()
    add_report(indicator, orgs[0], Q1, 30, groups={girls: 10, boys: 12, others: 8})
    add_report(indicator, orgs[1], Q1, 20, groups={girls: 10, boys: 5, others: 5})
    add_report(indicator, orgs[1], Q2, 60, groups={girls: 25, boys: 30, others: 5}, status="draft")
    found = series.groups(indicator, public=False)
    assert [value.label for value, _ in found] == ["Piger", "Drenge", "Andre"]
    assert group_values(found) == {
        "Piger": [(20, False)],
        "Drenge": [(17, False)],
        "Andre": [(13, False)],
    }


def test_group_ratio_uses_the_groups_numerators_and_denominators(orgs):
    indicator, (girls, boys, _) = gender_indicator(aggregation=Indicator.Aggregation.RATIO)
    add_report(indicator, orgs[0], Q1, numerator=5, denominator=20, groups={girls: (2, 10)})
    add_report(indicator, orgs[1], Q1, numerator=5, denominator=20, groups={girls: (8, 10)})
    found = dict(series.groups(indicator, public=False))
    assert [point.value for point in found[girls]] == [50]
    assert [point.value for point in found[boys]] == [None]


def test_group_latest_takes_the_group_figure_of_the_most_recently_approved_report(orgs):
    indicator, (girls, boys, _) = gender_indicator(aggregation=Indicator.Aggregation.LATEST)
    add_report(indicator, orgs[0], Q1, 30, groups={girls: 10, boys: 20})
    add_report(indicator, orgs[1], Q1, 50, groups={girls: 30})
    add_report(indicator, orgs[1], Q2, 9, groups={girls: 4, boys: 5}, status="submitted")
    found = dict(series.groups(indicator, public=False))
    assert values(found[girls]) == [(Q1, 30, 2)]
    # The newest report has no figure for boys: the newest one that has counts.
    assert values(found[boys]) == [(Q1, 20, 1)]


def test_internal_groups_are_never_suppressed(orgs):
    indicator, (girls, boys, others) = gender_indicator()
    add_report(indicator, orgs[0], Q1, 53, groups={girls: 3, boys: 20, others: 30})
    assert group_values(series.groups(indicator, public=False))["Piger"] == [(3, False)]


def test_a_small_group_and_the_next_smallest_are_hidden_on_public_pages(orgs):
    indicator, (girls, boys, others) = gender_indicator()
    add_report(indicator, orgs[0], Q1, 53, groups={girls: 3, boys: 20, others: 30})
    add_report(indicator, orgs[0], Q2, 60, groups={girls: 20, boys: 10, others: 30})
    # Girls alone hidden, the total minus boys and others would give them away.
    assert group_values(series.groups(indicator, public=True)) == {
        "Piger": [(None, True), (20, False)],
        "Drenge": [(None, True), (10, False)],
        "Andre": [(30, False), (30, False)],
    }


def test_two_small_groups_hide_each_other(orgs):
    indicator, (girls, boys, others) = gender_indicator()
    add_report(indicator, orgs[0], Q1, 57, groups={girls: 3, boys: 4, others: 50})
    assert group_values(series.groups(indicator, public=True)) == {
        "Piger": [(None, True)],
        "Drenge": [(None, True)],
        "Andre": [(50, False)],
    }


def test_a_group_of_nobody_is_not_hidden(orgs):
    indicator, (girls, boys, others) = gender_indicator()
    add_report(indicator, orgs[0], Q1, 50, groups={girls: 0, boys: 20, others: 30})
    assert group_values(series.groups(indicator, public=True)) == {
        "Piger": [(0, False)],
        "Drenge": [(20, False)],
        "Andre": [(30, False)],
    }


def test_a_group_at_the_threshold_is_shown(orgs, settings):
    settings.MEASUREMENT_MIN_GROUP_SIZE = 10
    indicator, (girls, boys, others) = gender_indicator()
    add_report(indicator, orgs[0], Q1, 50, groups={girls: 10, boys: 9, others: 31})
    found = group_values(series.groups(indicator, public=True))
    assert found["Piger"] == [(None, True)]  # the next smallest after the boys
    assert found["Drenge"] == [(None, True)]
    assert found["Andre"] == [(31, False)]


def test_ratio_groups_are_hidden_by_their_denominator(orgs):
    indicator, (girls, boys, others) = gender_indicator(aggregation=Indicator.Aggregation.RATIO)
    add_report(
        indicator,
        orgs[0],
        Q1,
        numerator=30,
        denominator=64,
        groups={girls: (2, 4), boys: (8, 20), others: (20, 40)},
    )
    assert group_values(series.groups(indicator, public=True)) == {
        "Piger": [(None, True)],
        "Drenge": [(None, True)],
        "Andre": [(50, False)],
    }


def test_means_have_no_group_size_and_are_not_hidden(orgs):
    indicator, (girls, boys, others) = gender_indicator(aggregation=Indicator.Aggregation.MEAN)
    add_report(indicator, orgs[0], Q1, 3, groups={girls: 2, boys: 3, others: 4})
    found = group_values(series.groups(indicator, public=True))
    assert found["Piger"] == [(2, False)]


def test_an_indicator_without_groups_has_none(orgs):
    indicator = make_indicator()
    add_report(indicator, orgs[0], Q1, 10)
    assert series.groups(indicator, public=True) == []


# --- forecast -------------------------------------------------------------------


def test_forecast_points_follow_the_latest_forecast(secretariat):
    indicator = make_indicator()
    quarters = [Period(start, "quarter") for start in (Q1, Q2, Q3, Q4)]
    assert series.forecast_points(indicator, quarters) == [None] * 4
    for start_value in (100, 40):
        Forecast.objects.create(
            indicator=indicator,
            from_period=Q2,
            start_value=start_value,
            change_per_period=Decimal("2.5"),
            reason="Skøn.",
            set_by=secretariat,
        )
    assert series.forecast_points(indicator, quarters) == [None, 40, Decimal("42.5"), 45]


def test_has_turned_compares_the_curve_with_the_forecast(orgs):
    indicator = make_indicator(direction=Indicator.Direction.DOWN)
    for start, total in zip((Q1, Q2, Q3, Q4), (50, 47, 44, 40), strict=True):
        add_report(indicator, orgs[0], start, total)
    points = series.curve(indicator)
    assert series.has_turned(indicator, points, [50, 49, 48, 47])
    assert not series.has_turned(indicator, points, [50, 46, 43, 39])
    assert not series.has_turned(indicator, points, [None] * 4)


# --- charts ---------------------------------------------------------------------


def test_curve_chart_draws_the_figures_forecast_and_turn(orgs, secretariat):
    indicator = make_indicator(name="Unge i job", unit="unge", target_value=60, target_date=Q4)
    for start, total in zip((Q1, Q2, Q3), (40, 45, 50), strict=True):
        add_report(indicator, orgs[0], start, total)
    Forecast.objects.create(
        indicator=indicator,
        from_period=Q1,
        start_value=40,
        change_per_period=1,
        reason="Skøn.",
        set_by=secretariat,
    )
    with CaptureQueriesContext(connection) as queries:
        svg = str(series.curve_chart(indicator, id_prefix="kurve", public=True))
    assert len(queries) == 2
    assert '<title id="kurve-title">Unge i job</title>' in svg
    assert svg.count('class="chart-point"') == 3
    assert "3. kvt. 2025: 50 unge" in svg
    assert "kurven er knækket" in svg
    assert 'class="chart-forecast"' in svg and "<polyline" in svg
    small = str(series.curve_chart(indicator, id_prefix="lille", public=True, small=True))
    assert 'viewBox="0 0 240 120"' in small


def test_curve_data_reaches_ahead_to_the_target_period_within_two_years(orgs):
    indicator = make_indicator(target_value=60, target_date=date(2026, 5, 1))
    add_report(indicator, orgs[0], Q1, 40)
    data = series.curve_data(indicator, forecast=None)
    assert [period.start for period in data.ahead] == [
        Q2,
        Q3,
        Q4,
        date(2026, 1, 1),
        date(2026, 4, 1),
    ]
    far = make_indicator(target_value=60, target_date=date(2040, 1, 1))
    add_report(far, orgs[0], Q1, 40)
    assert len(series.curve_data(far, forecast=None).ahead) == series.MAX_AHEAD


def test_breakdown_chart_hides_small_groups_on_public_pages(orgs):
    indicator, (girls, boys, others) = gender_indicator(name="Unge i job")
    add_report(indicator, orgs[0], Q1, 53, groups={girls: 3, boys: 20, others: 30})
    public = str(series.breakdown_chart(indicator, id_prefix="grupper", public=True))
    assert "Unge i job fordelt på køn" in public
    assert public.count("Skjult (for få)") == 4  # two rows, each also in the description
    assert "3 unge" not in public
    internal = str(series.breakdown_chart(indicator, id_prefix="grupper", public=False))
    assert "3 unge" in internal and "Skjult" not in internal
    assert series.breakdown_chart(make_indicator(), id_prefix="grupper", public=True) == ""
