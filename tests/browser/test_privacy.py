"""
The portal needs no cookie banner and shares nothing with third parties:
it sets only the necessary cookies, and the browser fetches nothing from elsewhere.
"""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.flows import follow, log_in, log_out, main_menu, switch_language, visit
from tests.factories import make_group

ALLOWED_COOKIES = {"sessionid", "csrftoken", "django_language"}


def test_only_necessary_cookies_are_set(page, member_a):
    log_in(page, member_a.email)
    switch_language(page, "en")
    switch_language(page, "da")
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert names <= ALLOWED_COOKIES
    assert {"sessionid", "django_language"} <= names  # the steps above really set them


def test_no_request_leaves_the_portal(page, page_log, live_server, secretariat, member_a):
    group = make_group(name="Alliancegruppen", kind="alliance_group", members=[member_a])
    visit(page, reverse("pages:home"))
    log_in(page, secretariat.email)
    menu = main_menu(page)
    follow(page, menu.get_by_role("link", name="Organisationer"))
    follow(page, page.get_by_role("link", name=member_a.organisation.name))
    follow(page, menu.get_by_role("link", name="Grupper"))
    follow(page, page.get_by_role("link", name=group.name))
    follow(page, menu.get_by_role("link", name="Brugere", exact=True))
    follow(page, page.get_by_role("link", name="Inviter en person"))
    switch_language(page, "en")
    switch_language(page, "da")
    log_out(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert len(page_log.requests) > 20  # pages, style sheets and icons were all recorded
    portal = f"{live_server.url}/"
    elsewhere = [url for url in page_log.requests if not url.startswith(portal)]
    assert elsewhere == []


def test_the_privacy_notice_shows_how_long_volunteers_are_kept(page, live_server):
    visit(page, reverse("pages:privacy"))
    table = page.get_by_role("table", name="Hvor længe vi gemmer oplysningerne om frivillige")
    expect(table.get_by_role("row")).to_have_count(8)  # the header and seven rules
    expect(table.get_by_role("row", name="Du er stoppet som frivillig.")).to_contain_text(
        "Anonymiseres efter 24 måneder"
    )
