"""The secretariat writes an e-mail to a volunteer from the volunteer's page.

Each page is checked with axe at a desktop width and at a phone's.
"""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.flows import follow, visit
from volunteers.models import Volunteer
from volunteers.services import set_volunteer_consent

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_secretariat_writes_an_email_to_a_volunteer(page, sign_in, secretariat, width):
    page.set_viewport_size({"width": width, "height": 900})
    volunteer = Volunteer.objects.create(
        first_name="Frida", last_name="Frivillig", email="frida@test.dk"
    )
    set_volunteer_consent(volunteer=volunteer, purpose="contact", given=True)
    sign_in(secretariat)
    visit(page, reverse("volunteers:detail", args=[volunteer.pk]))
    follow(page, page.get_by_role("link", name="Skriv en e-mail"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv en e-mail til Frida Frivillig")
    expect(page.get_by_role("main")).to_contain_text("Frida Frivillig <frida@test.dk>")
    # Sent without a subject: the error stands by the field, and the text stays.
    page.get_by_label("Besked").fill("Kan du komme til et møde tirsdag kl. 16?")
    follow(page, page.get_by_role("button", name="Send e-mail"))
    expect(page.get_by_text("Skriv et emne til e-mailen.").first).to_be_visible()
    expect(page.get_by_label("Besked")).to_have_value("Kan du komme til et møde tirsdag kl. 16?")
    assert mail.outbox == []
    page.get_by_label("Emne").fill("Møde om lektiecaféen")
    follow(page, page.get_by_role("button", name="Send e-mail"))
    expect(page.get_by_role("status")).to_contain_text("E-mailen er sendt til frida@test.dk.")
    timeline = page.get_by_role("region", name="Tidslinje")
    expect(timeline).to_contain_text("E-mail sendt: Møde om lektiecaféen")
    expect(timeline).to_contain_text("Kan du komme til et møde tirsdag kl. 16?")
    expect(timeline).to_contain_text(secretariat.full_name)
    assert [(sent.to, sent.subject) for sent in mail.outbox] == [
        (["frida@test.dk"], "Møde om lektiecaféen")
    ]
    assert "Kan du komme til et møde tirsdag kl. 16?" in mail.outbox[0].body
