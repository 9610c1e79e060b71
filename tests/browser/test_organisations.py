"""The secretariat creates an organisation; a member reads the directory on a phone."""

from playwright.sync_api import expect

from tests.browser.flows import follow, log_in, main_menu
from tests.factories import make_organisation


def test_secretariat_creates_an_organisation_after_fixing_the_cvr(page, secretariat):
    log_in(page, secretariat.email)
    follow(page, main_menu(page).get_by_role("link", name="Organisationer"))
    follow(page, page.get_by_role("link", name="Opret organisation"))
    page.get_by_label("Navn").fill("Foreningen Lektiecaféen")
    page.get_by_label("Sektor").select_option(label="Civilsamfund")
    page.get_by_label("CVR-nummer").fill("123")
    page.get_by_label("Telefon").fill("12 34 56 78")
    follow(page, page.get_by_role("button", name="Gem"))

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("Formularen kunne ikke gemmes")
    error_link = summary.get_by_role("link", name="CVR-nummer: Et CVR-nummer består af 8 cifre.")
    target = error_link.get_attribute("href")
    expect(page.locator(target)).to_have_attribute("name", "cvr")
    error_link.click()
    expect(page.get_by_label("CVR-nummer")).to_be_focused()
    # What the person typed is still there.
    expect(page.get_by_label("Navn")).to_have_value("Foreningen Lektiecaféen")
    expect(page.get_by_label("Sektor")).to_have_value("civilsamfund")
    expect(page.get_by_label("Telefon")).to_have_value("12 34 56 78")

    page.get_by_label("CVR-nummer").fill("12345678")
    follow(page, page.get_by_role("button", name="Gem"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Foreningen Lektiecaféen")
    expect(page.get_by_role("status")).to_contain_text("Organisationen Foreningen Lektiecaféen")
    expect(page.get_by_role("link", name="+45 12 34 56 78")).to_have_attribute(
        "href", "tel:+4512345678"
    )
    expect(page.get_by_text("12345678", exact=True)).to_be_visible()


def _assert_no_sideways_scroll(page):
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{page.url} scrolls sideways: {scroll} px wide in {client} px"


def test_directory_fits_a_phone_screen(page, member_a):
    make_organisation(name="Foreningen for Lektiehjælp og Fritidsaktiviteter i Nordvestkvarteret")
    make_organisation(name="Kommunens Beskæftigelses- og Integrationsforvaltning", sector="kommune")
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, member_a.email)
    _assert_no_sideways_scroll(page)  # the front page, menu and all
    follow(page, main_menu(page).get_by_role("link", name="Organisationer"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationer")
    expect(page.get_by_role("table")).to_be_visible()
    _assert_no_sideways_scroll(page)
