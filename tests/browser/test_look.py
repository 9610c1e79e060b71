"""The header on a phone and a desktop, and a focus ring that shows on every control."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.flows import main_menu, visit

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# The portal's focus ring (static/css/portal.css): 3 px of amber outside a dark halo.
RING = "rgb(255, 191, 71)"


def test_on_a_phone_the_menu_folds_away_and_opens_without_javascript(page, sign_in, member_a):
    page.set_viewport_size(PHONE)
    sign_in(member_a)
    visit(page, reverse("communication:home"))
    header = page.get_by_role("banner")
    # Folded, the header is one row: the mark, the short name and the Menu button.
    assert header.bounding_box()["height"] <= 80
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    menu = page.get_by_role("navigation", name="Hovedmenu")
    expect(menu.get_by_role("link", name="Opslag")).to_be_visible()
    expect(menu.get_by_role("link", name="Min profil")).to_be_visible()
    assert_accessible(page)
    # Nothing in the open menu is cut off at the screen's edge.
    for box in menu.locator("a, button, select").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    ):
        assert box <= PHONE["width"]


@pytest.mark.parametrize("who", ["member_a", "superuser"])
def test_on_a_desktop_the_menu_fits_one_row(page, sign_in, request, who):
    page.set_viewport_size(DESKTOP)
    sign_in(request.getfixturevalue(who))
    visit(page, reverse("communication:home"))
    links = main_menu(page).locator(".portal-nav-main .nav-link")
    tops = {
        round(top)
        for top in links.evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    }
    assert len(tops) == 1, f"the menu wraps into {len(tops)} rows"
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()


def _tab_through(page):
    """Press Tab until focus leaves the page; check each stop's ring; the kinds of stops."""
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const e = document.activeElement;
                const s = getComputedStyle(e);
                return {
                    tag: e.tagName.toLowerCase(),
                    type: e.type || '',
                    name: e.name || e.textContent.trim().slice(0, 30),
                    style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth),
                    colour: s.outlineColor,
                };
            }"""
        )
        if stop["tag"] == "body":
            break
        where = f"{stop['tag']} {stop['type']} {stop['name']!r}"
        assert stop["style"] == "solid" and stop["width"] >= 3, where
        assert stop["colour"] == RING, where
        seen.add(stop["type"] if stop["type"] in ("checkbox", "radio") else stop["tag"])
    return seen


def test_every_control_shows_the_portals_focus_ring(page, sign_in, member_a):
    """Header links on the coloured header, the language select, fields, checkboxes and
    buttons: each stop has the amber ring, not Bootstrap's pale glow."""
    page.set_viewport_size(DESKTOP)
    visit(page, reverse("volunteers:signup"))
    seen = _tab_through(page)
    sign_in(member_a)
    visit(page, reverse("members:profile"))
    seen |= _tab_through(page)
    assert {"a", "select", "input", "textarea", "button", "checkbox"} <= seen, seen
