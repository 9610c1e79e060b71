"""The network drawing as a secretariat member uses it: filter, highlight, narrow screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.flows import follow, visit
from tests.factories import make_commitment, make_goal, make_initiative, make_organisation

DRAWING = "Netværk mellem organisationer, indsatser og målsætninger"
SCROLL_NOTE = "Træk eller rul til siden for at se hele tegningen"


def _world():
    jobs = make_goal("Flere unge i fritidsjob")
    school = make_goal("Alle unge gennemfører en ungdomsuddannelse")
    byg = make_organisation(name="Kronborg Byg", sector="erhverv")
    kommune = make_organisation(name="Helsingør Kommune", sector="kommune")
    forening = make_organisation(name="Kronborg IF", sector="civilsamfund")
    make_organisation(name="Stille Fond", sector="fond")
    fritidsjob = make_initiative(name="Unge i fritidsjob", lead=byg, goals=[jobs])
    lektiecafe = make_initiative(name="Lektiecafé", lead=kommune, goals=[school])
    sommerskole = make_initiative(name="Sommerskole", lead=forening, goals=[school, jobs])
    make_commitment(initiative=fritidsjob, organisation=forening)
    make_commitment(initiative=lektiecafe, organisation=forening)
    make_commitment(initiative=sommerskole, organisation=byg)


@pytest.mark.parametrize("width", [1280, 390])
def test_secretariat_filters_by_sector_and_highlights_an_organisation(
    page, sign_in, secretariat, width
):
    _world()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(secretariat)

    visit(page, reverse("initiatives:network"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Netværk")
    drawing = page.get_by_role("img", name=DRAWING)
    expect(drawing).to_contain_text("Uden aktive tilsagn")
    expect(drawing).to_contain_text("Stille Fond")

    page.get_by_label("Sektor").select_option(label="Civilsamfund")
    follow(page, page.get_by_role("button", name="Vis netværket"))
    expect(page.locator("#netvaerk-udsnit")).to_contain_text("sektoren Civilsamfund")
    expect(drawing).to_contain_text("Kronborg IF")
    expect(drawing).not_to_contain_text("Kronborg Byg")
    expect(drawing).not_to_contain_text("Stille Fond")

    lists = page.get_by_role("region", name="Netværket som lister")
    follow(page, lists.get_by_role("link", name="Kronborg IF").first)
    caption = page.locator("#netvaerk-fremhaevet")
    expect(caption).to_contain_text(
        "Fremhævet: organisationen Kronborg IF og de 3 indsatser, den er med i."
    )
    # The filter is kept; the highlighted boxes have a thick border, the others a pale one.
    expect(page.get_by_label("Sektor")).to_have_value("civilsamfund")
    expect(drawing.locator('rect[stroke-width="3"]')).to_have_count(1 + 3 + 2)
    expect(drawing.locator('line[stroke-opacity="0.35"]')).to_have_count(0)
    expect(lists.locator('[aria-current="true"]').first).to_have_text("Kronborg IF")

    follow(page, caption.get_by_role("link", name="Vis tegningen uden fremhævning"))
    expect(page.locator("#netvaerk-fremhaevet")).to_have_count(0)
    expect(page.get_by_label("Sektor")).to_have_value("civilsamfund")


def test_on_a_phone_the_drawing_scrolls_inside_a_labelled_region(page, sign_in, secretariat):
    _world()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(secretariat)

    visit(page, reverse("initiatives:network"))

    expect(page.get_by_text(SCROLL_NOTE)).to_be_visible()
    region = page.get_by_role("region", name="Tegning af netværket")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region.get_by_text(SCROLL_NOTE)).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('[aria-label=\"Tegning af netværket\"]').scrollLeft > 0"
    )


def test_on_a_wide_screen_the_drawing_fits_without_the_scroll_note(page, sign_in, secretariat):
    _world()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(secretariat)

    visit(page, reverse("initiatives:network"))

    expect(page.get_by_text(SCROLL_NOTE)).to_be_hidden()
    region = page.get_by_role("region", name="Tegning af netværket")
    assert region.evaluate("box => box.scrollWidth <= box.clientWidth")
