"""An indicator's page inside the portal, its forecast and the stories behind its curve."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from measurement.models import CurveStory, DimensionValue, Forecast, Indicator
from measurement.services import save_story, set_forecast
from tests.factories import make_indicator, make_initiative, make_organisation
from tests.measurement.test_series import add_report, quarters_back
from tests.queries import assert_constant_queries_for

pytestmark = pytest.mark.django_db

Q1, Q2, Q3, Q4 = date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)


@pytest.fixture
def indicator(organisation_a):
    indicator = make_indicator(
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        method="Tælles hos **arbejdsgiverne**.",
        responsible=[organisation_a],
        groups={"Køn": ["Piger", "Drenge"]},
        baseline_value=40,
        baseline_period=Q1,
        target_value=60,
        target_date=date(2026, 12, 31),
    )
    girls, boys = DimensionValue.objects.filter(dimension__indicator=indicator)
    indicator.girls, indicator.boys = girls, boys
    return indicator


def detail(indicator):
    return reverse("measurement:indicator_detail", args=[indicator.slug])


def story_url(indicator, period):
    return reverse("measurement:story", args=[indicator.slug, period])


def forecast_url(indicator):
    return reverse("measurement:forecast", args=[indicator.slug])


# --- the indicator's page --------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, indicator):
    response = client.get(detail(indicator))
    assert response.status_code == 302
    assert response.url.startswith(reverse("members:login"))


def test_members_see_internal_performance_measures(client, member_b, organisation_a):
    measure = make_indicator(
        name="Elever i lektiecaféen", initiative=make_initiative(name="Lektiecafé")
    )
    assert not measure.is_public
    client.force_login(member_b)
    response = client.get(detail(measure))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hvor meget gjorde vi?" in content
    assert (
        'href="{}"'.format(reverse("initiatives:initiative_detail", args=[measure.initiative.slug]))
        in content
    )


def test_the_page_shows_the_chart_and_its_figures_as_a_table(client, member_a, indicator):
    other = make_organisation()
    add_report(indicator, member_a.organisation, Q1, 42)
    add_report(indicator, other, Q1, 8)
    add_report(indicator, member_a.organisation, Q2, 999, status="submitted")
    add_report(indicator, member_a.organisation, Q3, 47)
    client.force_login(member_a)
    response = client.get(detail(indicator))
    content = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-curve"' in content
    rows = {row.period.start: (row.value, row.reporters) for row in response.context["rows"]}
    assert rows == {Q1: ("50", 2), Q2: ("", 0), Q3: ("47", 1)}
    assert "999" not in content
    assert "<strong>arbejdsgiverne</strong>" in content  # the method as Markdown
    assert "Kurven er knækket" not in content


def test_the_curve_is_flagged_as_turned_when_it_beats_the_forecast(client, member_a, indicator):
    for start, total in zip((Q1, Q2, Q3, Q4), (40, 44, 47, 50), strict=True):
        add_report(indicator, member_a.organisation, start, total)
    Forecast.objects.create(
        indicator=indicator,
        from_period=Q1,
        start_value=40,
        change_per_period=1,
        reason="Som hidtil.",
    )
    client.force_login(member_a)
    response = client.get(detail(indicator))
    assert "Kurven er knækket." in response.content.decode()
    forecasts = {row.period.start: row.forecast for row in response.context["rows"]}
    assert forecasts[Q4] == "43"
    # The forecast goes on past the figures, up to the target.
    assert forecasts[date(2026, 10, 1)] == "47"


def test_internal_breakdown_shows_every_group_however_small(client, member_a, indicator):
    add_report(
        indicator, member_a.organisation, Q1, 23, groups={indicator.girls: 3, indicator.boys: 20}
    )
    client.force_login(member_a)
    response = client.get(detail(indicator))
    (table,) = response.context["breakdown_tables"]
    assert table["rows"] == [(indicator.period(Q1), ["3", "20"])]
    assert "Unge i fritidsjob fordelt på køn" in response.content.decode()


def test_stories_show_under_the_curve(client, member_a, secretariat, indicator):
    add_report(indicator, member_a.organisation, Q1, 42)
    save_story(
        indicator=indicator, period_start=Q1, text="Sommerjob via *klubben*.", by=secretariat
    )
    client.force_login(member_a)
    content = client.get(detail(indicator)).content.decode()
    assert "Sommerjob via <em>klubben</em>." in content
    assert 'href="#historie-2025-01-01"' in content


def test_only_the_secretariat_gets_the_links_to_edit(client, member_a, secretariat, indicator):
    add_report(indicator, member_a.organisation, Q1, 42)
    links = [
        reverse("measurement:indicator_edit", args=[indicator.slug]),
        forecast_url(indicator),
        story_url(indicator, Q1),
    ]
    client.force_login(member_a)
    content = client.get(detail(indicator)).content.decode()
    assert not any(link in content for link in links)
    client.force_login(secretariat)
    content = client.get(detail(indicator)).content.decode()
    assert all(link in content for link in links)
    assert 'id="historik"' in content


def test_the_page_costs_the_same_queries_with_3_and_30_reports(
    client, member_a, secretariat, indicator
):
    Forecast.objects.create(
        indicator=indicator, from_period=Q1, start_value=40, change_per_period=1, reason="Skøn."
    )
    made = []

    def add_rows(n):
        for start in quarters_back(len(made) + n)[len(made) :]:
            made.append(
                add_report(
                    indicator,
                    make_organisation(),
                    start,
                    20,
                    groups={indicator.girls: 9, indicator.boys: 11},
                )
            )
            add_report(indicator, member_a.organisation, start, 5)
            CurveStory.objects.create(indicator=indicator, period_start=start, text="Travlt.")

    assert_constant_queries_for(
        client, {"member": member_a, "secretariat": secretariat}, detail(indicator), add_rows
    )


# --- the forecast ----------------------------------------------------------------


def test_forecast_is_for_the_secretariat_only(client, member_a, indicator):
    client.force_login(member_a)
    assert client.get(forecast_url(indicator)).status_code == 403
    assert client.post(forecast_url(indicator), {"reason": "x"}).status_code == 403
    assert not Forecast.objects.exists()
    client.logout()
    assert client.get(forecast_url(indicator)).status_code == 302


def test_forecast_proposes_a_line_through_the_approved_figures(
    client, member_a, secretariat, indicator
):
    for start, total in zip((Q1, Q2, Q3), (10, 13, 15), strict=True):
        add_report(indicator, member_a.organisation, start, total)
    add_report(indicator, make_organisation(), Q3, 100, status="submitted")
    client.force_login(secretariat)
    response = client.get(forecast_url(indicator))
    # The least-squares line through 10, 13, 15: 2.5 a quarter, 15.17 in the latest quarter.
    assert response.context["form"].initial == {
        "from_period": "2025-07-01",
        "start_value": Decimal("15.17"),
        "change_per_period": Decimal("2.50"),
    }
    content = response.content.decode()
    assert 'value="15,17"' in content
    assert 'value="2,5"' in content


def test_saving_a_forecast_needs_a_reason_and_keeps_the_earlier_ones(
    client, secretariat, indicator
):
    set_forecast(
        indicator=indicator,
        from_period=Q1,
        start_value=Decimal(40),
        change_per_period=Decimal(1),
        reason="Første skøn.",
        by=secretariat,
    )
    client.force_login(secretariat)
    data = {"from_period": "2025-04-01", "start_value": "41,5", "change_per_period": "-0,5"}
    response = client.post(forecast_url(indicator), data | {"reason": ""})
    assert response.status_code == 200
    assert Forecast.objects.count() == 1
    response = client.post(forecast_url(indicator), data | {"reason": "Færre job i kommunen."})
    assert response.status_code == 302
    latest = Forecast.objects.order_by("-set_at", "-pk").first()
    assert (latest.from_period, latest.start_value, latest.change_per_period) == (
        Q2,
        Decimal("41.5"),
        Decimal("-0.5"),
    )
    assert latest.set_by == secretariat
    content = client.get(forecast_url(indicator)).content.decode()
    assert "Første skøn." in content and "Færre job i kommunen." in content
    assert content.index("Færre job i kommunen.") < content.index("Første skøn.")
    assert "Sara Sekretariat" in content


def test_forecast_refuses_a_period_the_indicator_does_not_have(client, secretariat, indicator):
    client.force_login(secretariat)
    response = client.post(
        forecast_url(indicator),
        {
            "from_period": "2025-02-01",
            "start_value": "1",
            "change_per_period": "1",
            "reason": "Skøn.",
        },
    )
    assert response.status_code == 200
    assert "from_period" in response.context["form"].errors
    assert not Forecast.objects.exists()


# --- the stories -----------------------------------------------------------------


def test_the_secretariat_writes_the_story_behind_a_period(client, secretariat, indicator):
    client.force_login(secretariat)
    assert client.get(story_url(indicator, Q2)).status_code == 200
    response = client.post(story_url(indicator, Q2), {"text": "Ny klub åbnede.", "version": ""})
    assert response.status_code == 302
    story = CurveStory.objects.get(indicator=indicator, period_start=Q2)
    assert story.text == "Ny klub åbnede."
    assert story.written_by == secretariat


def test_members_may_not_write_stories(client, member_a, indicator):
    client.force_login(member_a)
    assert client.get(story_url(indicator, Q2)).status_code == 403
    assert client.post(story_url(indicator, Q2), {"text": "Hej."}).status_code == 403
    assert not CurveStory.objects.exists()


@pytest.mark.parametrize("period", ["2025-02-01", "2025-01-15", "2025-13-01"])
def test_a_day_that_starts_no_period_is_not_found(client, secretariat, indicator, period):
    client.force_login(secretariat)
    address = f"/portal/indikatorer/{indicator.slug}/historie/{period}/"
    assert client.get(address).status_code == 404
    assert client.post(address, {"text": "Hej."}).status_code == 404


def test_a_monthly_indicator_has_a_story_for_every_month(client, secretariat):
    monthly = make_indicator(frequency=Indicator.Frequency.MONTH)
    client.force_login(secretariat)
    assert client.get(story_url(monthly, date(2025, 2, 1))).status_code == 200


def test_a_story_saved_meanwhile_is_not_overwritten_unseen(client, secretariat, indicator):
    save_story(indicator=indicator, period_start=Q1, text="Første udgave.", by=secretariat)
    client.force_login(secretariat)
    opened = client.get(story_url(indicator, Q1)).context["form"]["version"].value()
    save_story(
        indicator=indicator,
        period_start=Q1,
        text="En kollegas udgave.",
        by=secretariat,
        seen_version=opened,
    )
    response = client.post(story_url(indicator, Q1), {"text": "Min udgave.", "version": opened})
    assert response.status_code == 200
    content = response.content.decode()
    assert "En anden har gemt ændringer" in content
    assert "En kollegas udgave." in content
    assert CurveStory.objects.get().text == "En kollegas udgave."
    # Saving again overwrites on purpose.
    armed = response.context["form"].data["version"]
    response = client.post(story_url(indicator, Q1), {"text": "Min udgave.", "version": armed})
    assert response.status_code == 302
    assert CurveStory.objects.get().text == "Min udgave."


def test_a_story_written_by_someone_else_first_is_a_conflict(client, secretariat, indicator):
    client.force_login(secretariat)
    assert client.get(story_url(indicator, Q1)).context["form"]["version"].value() is None
    save_story(indicator=indicator, period_start=Q1, text="Kom først.", by=secretariat)
    response = client.post(story_url(indicator, Q1), {"text": "Kom sidst.", "version": ""})
    assert response.status_code == 200
    assert CurveStory.objects.get().text == "Kom først."


@pytest.mark.parametrize("typed", ["1234.5", "1.234,5", "1234,5"])
def test_forecast_reads_a_figure_typed_with_point_or_comma_alike(
    client, secretariat, indicator, typed
):
    client.force_login(secretariat)
    response = client.post(
        forecast_url(indicator),
        {
            "from_period": "2025-04-01",
            "start_value": typed,
            "change_per_period": "-0,5",
            "reason": "Skøn.",
        },
    )
    assert response.status_code == 302
    assert Forecast.objects.get().start_value == Decimal("1234.5")


def test_forecast_refuses_a_figure_that_is_not_a_number_and_keeps_the_reason(
    client, secretariat, indicator
):
    client.force_login(secretariat)
    response = client.post(
        forecast_url(indicator),
        {
            "from_period": "2025-04-01",
            "start_value": "mange",
            "change_per_period": "1",
            "reason": "Vores skøn.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_value"] == ["Skriv et tal, fx 1.234,5."]
    assert "Vores skøn." in response.content.decode()
    assert not Forecast.objects.exists()
