"""
Steps a person takes in the portal, each ending with an axe check of the page reached.

Locators go by role and label, as a screen reader would, and by the Danish
text of the templates. Paths are relative to the context's base_url, which
the conftest sets to the live server.
"""

from django.urls import reverse
from playwright.sync_api import Locator, Page, Response, expect

from tests.browser.axe import assert_accessible
from tests.conftest import PASSWORD


def visit(page: Page, path: str) -> Response | None:
    """Open a page by its address and check it with axe."""
    response = page.goto(path)
    assert_accessible(page)
    return response


def follow(page: Page, target: Locator) -> None:
    """Click a link or a submit button that loads another page, then check that page."""
    with page.expect_navigation():
        target.click()
    assert_accessible(page)


def main_menu(page: Page) -> Locator:
    """The main menu; on a narrow screen it is folded behind the Menu button, which opens it."""
    folded = page.locator("details.portal-nav-narrow:not([open]) > summary")
    if folded.is_visible():
        folded.click()
    return page.get_by_role("navigation", name="Hovedmenu")


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real log-in form and land on the front page."""
    visit(page, reverse("members:login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    follow(page, page.get_by_role("button", name="Log ind"))
    expect(main_menu(page).get_by_role("link", name="Min profil")).to_be_visible()


def log_out(page: Page) -> None:
    follow(page, page.get_by_role("button", name="Log ud"))
    expect(main_menu(page).get_by_role("link", name="Log ind")).to_be_visible()


def language_select(page: Page) -> Locator:
    # Found by role rather than by its label: the label changes with the language.
    return page.get_by_role("banner").get_by_role("combobox")


def switch_language(page: Page, code: str) -> None:
    """Choose a language in the header's select and press its button."""
    language_select(page).select_option(code)
    form = page.get_by_role("banner").locator("form").filter(has=page.get_by_role("combobox"))
    follow(page, form.get_by_role("button"))
