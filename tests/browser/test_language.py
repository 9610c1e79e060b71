"""
Switching language with the select in the header.

Only the language code is asserted, not English wording: the English
catalogue is maintained separately and may lag behind the Danish text.
"""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.flows import language_select, switch_language, visit


def test_language_switch_to_english_and_back(page):
    visit(page, reverse("pages:home"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "da")
    expect(language_select(page)).to_have_value("da")

    switch_language(page, "en")
    expect(html).to_have_attribute("lang", "en")
    expect(language_select(page)).to_have_value("en")
    assert page.url.endswith(reverse("pages:home"))  # the person stays on the page they were on

    switch_language(page, "da")
    expect(html).to_have_attribute("lang", "da")
    expect(language_select(page)).to_have_value("da")
    expect(page.get_by_role("link", name="Log ind").first).to_be_visible()
