"""A member edits their own profile."""

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.flows import follow, log_in, main_menu


def test_member_edits_profile_and_it_stays_saved(page, member_a):
    log_in(page, member_a.email)
    follow(page, main_menu(page).get_by_role("link", name="Min profil"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Min profil")
    page.get_by_label("Fulde navn").fill("Anna Andersen")
    page.get_by_label("Stilling").fill("Frivilligkoordinator")
    page.get_by_label("Telefon").fill("87654321")
    follow(page, page.get_by_role("button", name="Gem profil"))
    expect(page.get_by_role("status")).to_have_text("Din profil er gemt.")

    page.reload()
    assert_accessible(page)
    expect(page.get_by_role("status")).to_have_count(0)  # the message was shown once
    expect(page.get_by_label("Fulde navn")).to_have_value("Anna Andersen")
    expect(page.get_by_label("Stilling")).to_have_value("Frivilligkoordinator")
    expect(page.get_by_label("Telefon")).to_have_value("+45 87 65 43 21")
    # The name in the menu (for screen readers) follows the change too.
    expect(main_menu(page).get_by_role("link", name="Min profil (Anna Andersen)")).to_be_visible()
