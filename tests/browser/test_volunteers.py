"""Volunteers: a keyboard-only sign-up, then the secretariat's pipeline and the members' view."""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.flows import follow, log_in, log_out, main_menu, visit
from tests.factories import make_initiative
from volunteers.models import Volunteer


def tab_to(page: Page, label: str, *, limit: int = 60) -> None:
    """Press Tab until the field with this label (or the button with this name) has focus."""
    target = page.get_by_label(label, exact=True).or_(page.get_by_role("button", name=label))
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.first.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {label!r}")


def test_visitor_signs_up_with_the_keyboard_alone_and_confirms(page, live_server):
    make_initiative(
        name="Lektiecafé",
        is_public=True,
        wants_volunteers=True,
        volunteer_description="Hjælp med lektier.",
    )
    visit(page, reverse("volunteers:signup"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bliv frivillig")
    for label, text in [
        ("Fornavn*", "Frida"),
        ("Efternavn*", "Frivillig"),
        ("E-mail*", "frida@test.dk"),
        ("Telefon", "12 34 56 78"),
        ("Postnummer", "3000"),
    ]:
        tab_to(page, label)
        page.keyboard.type(text)
    tab_to(page, "Lektiecafé")
    page.keyboard.press("Space")
    tab_to(page, "Aftener")
    page.keyboard.press("Space")
    tab_to(page, "Send tilmelding")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    # The contact consent was left unticked: the error says so and nothing was lost.
    expect(page.get_by_role("alert")).to_contain_text("Sæt kryds, hvis vi må kontakte dig")
    expect(page.get_by_label("Fornavn*")).to_have_value("Frida")
    expect(page.get_by_label("Lektiecafé")).to_be_checked()

    tab_to(page, "Ja, sekretariatet må kontakte mig om frivilligt arbejde i alliancens indsatser.*")
    page.keyboard.press("Space")
    tab_to(page, "Send tilmelding")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for din tilmelding")

    body = mail.outbox[-1].body
    confirm = re.search(r"https?://[^/]+(/frivillig/bekraeft/\S+/)", body).group(1)
    visit(page, confirm)
    tab_to(page, "Ja, bekræft min tilmelding")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("status")).to_contain_text("Din e-mailadresse er bekræftet.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine oplysninger")
    assert Volunteer.objects.get().email_confirmed_at is not None


def test_secretariat_triages_and_only_the_right_organisation_sees_the_volunteer(
    page, secretariat, member_a, member_b
):
    initiative = make_initiative(name="Lektiecafé", lead=member_a.organisation)
    Volunteer.objects.create(first_name="Frida", last_name="Frivillig", email="frida@test.dk")
    log_in(page, secretariat.email)
    follow(page, main_menu(page).get_by_role("link", name="Frivillige"))
    expect(page.get_by_role("row", name="Frida Frivillig")).to_contain_text("ikke bekræftet")
    follow(page, page.get_by_role("link", name="Frida Frivillig"))
    page.get_by_label("Status").select_option(label="Kontaktet")
    page.get_by_label("Tilknyttet indsats").select_option(label=initiative.name)
    follow(page, page.get_by_role("button", name="Gem", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Ændringerne er gemt.")
    page.get_by_label("Intern note").fill("Ringede tirsdag; starter efter efterårsferien.")
    follow(page, page.get_by_role("button", name="Gem note"))
    expect(page.get_by_text("Ringede tirsdag; starter efter efterårsferien.")).to_be_visible()
    log_out(page)

    log_in(page, member_a.email)
    follow(page, main_menu(page).get_by_role("link", name="Frivillige"))
    row = page.get_by_role("row", name="Frida Frivillig")
    expect(row).to_contain_text("frida@test.dk")
    expect(row).to_contain_text("Lektiecafé")
    expect(page.get_by_text("Ringede tirsdag")).to_have_count(0)
    expect(page.get_by_role("link", name="Frida Frivillig")).to_have_count(0)
    log_out(page)

    log_in(page, member_b.email)
    follow(page, main_menu(page).get_by_role("link", name="Frivillige"))
    expect(page.get_by_text("Frida")).to_have_count(0)
    expect(page.get_by_text("Ingen frivillige at vise.")).to_be_visible()


def test_a_repeat_signup_changes_nothing_until_confirmed_from_the_inbox(page, live_server):
    volunteer = Volunteer.objects.create(
        first_name="Frida", last_name="Frivillig", email="frida@test.dk", phone="+4512345678"
    )
    visit(page, reverse("volunteers:signup"))
    page.get_by_label("Fornavn*").fill("Fie")
    page.get_by_label("Efternavn*").fill("Frivillig")
    page.get_by_label("E-mail*").fill("frida@test.dk")
    page.get_by_label(
        "Ja, sekretariatet må kontakte mig om frivilligt arbejde i alliancens indsatser.*"
    ).check()
    follow(page, page.get_by_role("button", name="Send tilmelding"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for din tilmelding")
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Frida"

    body = mail.outbox[-1].body
    assert "Fornavn: Frida → Fie" in body
    visit(page, re.search(r"https?://[^/]+(/frivillig/aendringer/\S+/)", body).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft ændringerne")
    expect(page.get_by_role("row", name="Fornavn")).to_contain_text("Fie")
    follow(page, page.get_by_role("button", name="Ja, opdatér mine oplysninger"))
    expect(page.get_by_role("status")).to_contain_text("Dine oplysninger er opdateret.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine oplysninger")
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Fie"


def test_a_volunteer_deletes_their_data_with_a_link_from_the_inbox(page, live_server):
    from volunteers.services import volunteer_token

    volunteer = Volunteer.objects.create(
        first_name="Frida", last_name="Frivillig", email="frida@test.dk"
    )
    visit(page, reverse("volunteers:my_data", args=[volunteer_token(volunteer, "data")]))
    follow(page, page.get_by_role("button", name="Slet mine oplysninger"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Se din e-mail")
    expect(page.get_by_text("Vi har sendt dig en e-mail")).to_be_visible()
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None

    body = mail.outbox[-1].body
    visit(page, re.search(r"https?://[^/]+(/frivillig/slet/\S+/)", body).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Slet dine oplysninger")
    follow(page, page.get_by_role("button", name="Ja, slet mine oplysninger"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine oplysninger er slettet")
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is not None
