"""The main menu offers each role what it may use, and nothing more."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.flows import log_in, main_menu, visit

SECTIONS = ["Organisationer", "Grupper", "Brugere", "Administration"]


def test_anonymous_visitor_is_offered_log_in_only(page):
    visit(page, reverse("pages:home"))
    menu = main_menu(page)
    expect(menu.get_by_role("link", name="Log ind")).to_be_visible()
    for section in SECTIONS:
        expect(menu.get_by_role("link", name=section, exact=True)).to_have_count(0)
    expect(menu.get_by_role("link", name="Min profil")).to_have_count(0)


@pytest.mark.parametrize(
    ("who", "sections"),
    [
        ("member_a", {"Organisationer", "Grupper"}),
        ("secretariat", {"Organisationer", "Grupper", "Brugere"}),
        ("superuser", {"Organisationer", "Grupper", "Brugere", "Administration"}),
    ],
)
def test_menu_shows_what_the_role_may_use(page, request, who, sections):
    person = request.getfixturevalue(who)
    log_in(page, person.email)
    menu = main_menu(page)
    expect(menu.get_by_role("link", name="Min profil")).to_be_visible()
    expect(menu.get_by_role("link", name="Log ind")).to_have_count(0)
    for section in SECTIONS:
        link = menu.get_by_role("link", name=section, exact=True)
        if section in sections:
            expect(link).to_be_visible()
        else:
            expect(link).to_have_count(0)
