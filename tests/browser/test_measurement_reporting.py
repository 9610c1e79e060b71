"""Reporting figures as people do it: an organisation reports, the secretariat reviews."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from measurement.models import Report
from measurement.periods import period_of
from tests.browser.flows import follow, log_in, log_out, main_menu, visit
from tests.factories import make_indicator


def _open_reporting(page: Page) -> None:
    follow(page, main_menu(page).get_by_role("link", name="Målinger"))
    follow(page, page.get_by_role("link", name="Indberetning"))


def _open_the_waiting_report(page: Page) -> None:
    _open_reporting(page)
    follow(page, page.get_by_role("link", name="Til godkendelse"))
    follow(page, page.get_by_role("link", name="Åbn Organisation A, Unge i fritidsjob"))


def test_a_quarter_is_reported_returned_corrected_and_approved(page, member_a, secretariat):
    quarter = period_of(timezone.localdate(), "quarter").previous()
    make_indicator(
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        is_public=True,
        unit="unge",
        responsible=[member_a.organisation],
        groups={"Køn": ["Piger", "Drenge"]},
        reporting_from=quarter.start,
    )
    label = quarter.label()

    # Organisation A reports the quarter, broken down by gender, and submits it.
    log_in(page, member_a.email)
    _open_reporting(page)
    ours = page.get_by_role("region", name="Unge i fritidsjob")
    expect(ours.get_by_role("row", name=label)).to_contain_text("Mangler")
    follow(page, ours.get_by_role("link", name=f"Indberet {label}"))
    page.get_by_label("I alt").fill("42")
    by_gender = page.get_by_role("group", name="Fordelt på Køn")
    by_gender.get_by_label("Piger").fill("20")
    by_gender.get_by_label("Drenge").fill("21")
    follow(page, page.get_by_role("button", name="Indsend til godkendelse"))
    # The groups do not add up: the page says so next to them, and keeps what was typed.
    expect(page.get_by_role("alert")).to_contain_text(
        "Grupperne under Køn giver 41, men i alt er 42."
    )
    expect(by_gender.get_by_label("Drenge")).to_have_value("21")
    by_gender.get_by_label("Drenge").fill("22")
    page.get_by_label("Bemærkning").fill("Optalt i foreningernes lister.")
    follow(page, page.get_by_role("button", name="Indsend til godkendelse"))
    expect(page.get_by_role("status")).to_contain_text("er sendt til godkendelse")
    expect(page.get_by_role("row", name=label)).to_contain_text("Indsendt")
    log_out(page)

    # The secretariat finds it in the review queue and sends it back with a comment.
    log_in(page, secretariat.email)
    _open_reporting(page)
    expect(page.get_by_role("row", name="Unge i fritidsjob")).to_contain_text("1 af 1")
    _open_the_waiting_report(page)
    expect(page.get_by_role("table", name="Fordelt på Køn")).to_contain_text("22 unge")
    page.get_by_label("Kommentar til organisationen").fill("Drengene i marts mangler vist.")
    follow(page, page.get_by_role("button", name="Send retur"))
    expect(page.get_by_role("status")).to_contain_text("er sendt retur")
    expect(page.get_by_text("Ingen indberetninger venter på godkendelse.")).to_be_visible()
    log_out(page)

    # The member reads the comment, corrects the figures and submits them again.
    log_in(page, member_a.email)
    _open_reporting(page)
    row = page.get_by_role("row", name=label)
    expect(row).to_contain_text("Sendt retur")
    follow(page, row.get_by_role("link", name=f"Fortsæt {label}"))
    expect(page.get_by_text("Drengene i marts mangler vist.")).to_be_visible()
    expect(page.get_by_label("I alt")).to_have_value("42")
    page.get_by_label("I alt").fill("43")
    page.get_by_role("group", name="Fordelt på Køn").get_by_label("Drenge").fill("23")
    follow(page, page.get_by_role("button", name="Indsend til godkendelse"))
    expect(page.get_by_role("row", name=label)).to_contain_text("Indsendt")
    log_out(page)

    # The secretariat approves, and the figure counts.
    log_in(page, secretariat.email)
    _open_the_waiting_report(page)
    expect(page.get_by_text("43 unge").first).to_be_visible()
    follow(page, page.get_by_role("button", name="Godkend", exact=True))
    expect(page.get_by_role("status")).to_contain_text("er godkendt")
    report = Report.objects.get()
    assert (report.status, report.total, report.reviewed_by) == ("approved", 43, secretariat)

    # Anyone can now read the figure on the public results, in the chart's table.
    log_out(page)
    visit(page, reverse("measurement:public_indicator", args=["unge-i-fritidsjob"]))
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.get_by_role("row", name=label).first).to_contain_text("43")
