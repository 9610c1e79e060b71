"""A visitor reads the alliance's results, and another site shows a chart from them."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from measurement.models import DataPoint, Report
from tests.browser.flows import follow, visit
from tests.factories import make_agenda, make_indicator, make_organisation


def _results(secretariat):
    """A public indicator with two approved quarters; three girls in the second."""
    goal = make_agenda(goals=["Flere unge i fritidsjob"], adopt=True, by=secretariat).goals.get()
    indicator = make_indicator(
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        goal=goal,
        is_public=True,
        unit="unge",
        groups={"Køn": ["Piger", "Drenge", "Ikke oplyst"]},
    )
    values = {value.label: value for value in indicator.dimensions.get().values.all()}
    organisation = make_organisation(name="Helsingør Kommune", sector="kommune")
    quarters = [
        (date(2025, 1, 1), {"Piger": 18, "Drenge": 12, "Ikke oplyst": 10}),
        (date(2025, 4, 1), {"Piger": 3, "Drenge": 20, "Ikke oplyst": 12}),
    ]
    for period, groups in quarters:
        report = Report.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_start=period,
            total=sum(groups.values()),
            status=Report.Status.APPROVED,
            reviewed_at=timezone.now(),
        )
        for label, value in groups.items():
            DataPoint.objects.create(report=report, dimension_value=values[label], value=value)
    return indicator


def test_visitor_follows_an_indicator_and_sees_small_groups_hidden(page, secretariat):
    _results(secretariat)
    visit(page, reverse("measurement:results"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alliancens resultater")
    card = page.get_by_role("article", name="Unge i fritidsjob")
    expect(card).to_contain_text("35 unge")
    expect(card.locator("svg")).to_be_visible()

    follow(page, card.get_by_role("link", name="Unge i fritidsjob"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unge i fritidsjob")
    curve = page.get_by_role("region", name="Udviklingen")
    expect(curve.locator("svg").first).to_be_visible()
    table = page.get_by_role("table", name="Unge i fritidsjob: tal pr. periode")
    expect(table.get_by_role("row", name="2. kvt. 2025")).to_contain_text("35 unge")
    groups = page.get_by_role("table", name="Unge i fritidsjob fordelt på Køn")
    second = groups.get_by_role("row", name="2. kvt. 2025")
    expect(second.get_by_role("cell")).to_have_text(
        ["skjult (færre end 5)", "20 unge", "skjult (færre end 5)"]
    )
    expect(page.get_by_role("region", name="Sådan måler vi")).to_contain_text(
        "Tælles i foreningernes medlemslister"
    )


def test_another_site_shows_the_chart_with_an_img_tag(page, context, live_server, secretariat):
    indicator = _results(secretariat)
    visit(page, reverse("measurement:public_indicator", args=[indicator.slug]))
    snippet = page.get_by_role("region", name="Brug tallene").locator("code").inner_text()
    assert snippet.startswith(f'<img src="{live_server.url}/resultater/unge-i-fritidsjob/graf.svg"')

    # A page of another origin, with nothing but the snippet the secretariat hands out.
    elsewhere = context.new_page()
    elsewhere.set_content(f"<!doctype html><title>Kommunen</title>{snippet}")
    image = elsewhere.locator("img")
    elsewhere.wait_for_function("document.images[0].complete")
    assert image.evaluate("img => img.naturalWidth") > 0
    elsewhere.close()
