"""The secretariat invites a person, who follows the mailed link, sets a password and logs in."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.flows import follow, log_in, log_out, main_menu, visit

NEW_PASSWORD = "syv grønne cykler i regnvejr"


def test_invited_person_chooses_a_password_and_logs_in(page, secretariat, organisation_a):
    log_in(page, secretariat.email)
    follow(page, main_menu(page).get_by_role("link", name="Brugere", exact=True))
    follow(page, page.get_by_role("link", name="Inviter en person"))
    page.get_by_label("Fulde navn").fill("Ida Inviteret")
    page.get_by_label("E-mail").fill("Ida@Test.dk")
    page.get_by_label("Rolle").select_option(label="Medlem")
    page.get_by_label("Organisation").select_option(label=organisation_a.name)
    follow(page, page.get_by_role("button", name="Send invitation"))
    expect(page.get_by_role("status")).to_contain_text("Invitationen er sendt til ida@test.dk")

    # The live server runs in this process, so the mail it sent is in this outbox.
    assert [message.to for message in mail.outbox] == [["ida@test.dk"]]
    link = re.search(r"https?://\S+/invitation/\S+/", mail.outbox[0].body).group()
    log_out(page)

    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen – vælg din adgangskode")
    # A regex sees the label's raw text; plain text would also match "…af ny adgangskode".
    page.get_by_label(re.compile(r"^\s*Ny adgangskode")).fill(NEW_PASSWORD)
    page.get_by_label("Bekræftelse af ny adgangskode").fill(NEW_PASSWORD)
    follow(page, page.get_by_role("button", name="Gem adgangskode"))

    # Signed in at once, she lands on her home in the portal.
    expect(page.get_by_role("status")).to_contain_text("Din adgangskode er gemt")
    expect(main_menu(page).get_by_role("link", name="Min profil")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik")
    expect(page.get_by_text("Velkommen, Ida.")).to_be_visible()

    log_out(page)
    response = visit(page, link)
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Linket virker ikke længere")
