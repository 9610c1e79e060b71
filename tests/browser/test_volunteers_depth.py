"""The secretariat sets two volunteers' status in one go; a volunteer corrects their own data.

Each page is checked with axe at a desktop width and at a phone's.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.flows import follow, visit
from volunteers.models import Volunteer
from volunteers.services import volunteer_token

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_secretariat_sets_the_status_of_two_volunteers_at_once(page, sign_in, secretariat, width):
    page.set_viewport_size({"width": width, "height": 900})
    _first, second, other = (
        Volunteer.objects.create(
            first_name=name, last_name="Frivillig", email=f"{name.lower()}@test.dk"
        )
        for name in ["Frida", "Fie", "Finn"]
    )
    sign_in(secretariat)
    visit(page, reverse("volunteers:list"))
    page.get_by_label("Vælg Frida Frivillig").check()
    page.get_by_label("Vælg Fie Frivillig").check()
    page.get_by_label("Handling").select_option(label="Sæt status")
    page.get_by_label("Ny status").select_option(label="Kontaktet")
    follow(page, page.get_by_role("button", name="Udfør"))
    expect(page.get_by_role("status")).to_contain_text("2 frivillige er ændret.")
    statuses = dict(Volunteer.objects.values_list("first_name", "status"))
    assert statuses == {"Frida": "contacted", "Fie": "contacted", "Finn": "new"}
    # The volunteer's page shows the move in the timeline; its other pages pass axe too.
    follow(page, page.get_by_role("link", name="Frida Frivillig"))
    expect(page.get_by_role("region", name="Tidslinje")).to_contain_text("Ny → Kontaktet")
    follow(page, page.get_by_role("link", name="Ret oplysninger"))
    visit(page, reverse("volunteers:matches"))
    assert second and other


@pytest.mark.parametrize("width", WIDTHS)
def test_a_volunteer_corrects_their_own_data_through_the_link(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    volunteer = Volunteer.objects.create(
        first_name="Frida",
        last_name="Frivillig",
        email="frida@test.dk",
        postcode="3000",
        email_confirmed_at=timezone.now(),
    )
    visit(page, reverse("volunteers:my_data", args=[volunteer_token(volunteer, "data")]))
    page.get_by_label("Efternavn*").fill("Hansen")
    page.get_by_label("Postnummer").fill("8000")
    page.get_by_label("Aftener").check()
    follow(page, page.get_by_role("button", name="Gem rettelser"))
    expect(page.get_by_role("status")).to_contain_text("Dine oplysninger er rettet.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine oplysninger")
    volunteer.refresh_from_db()
    assert (volunteer.last_name, volunteer.postcode, volunteer.availability) == (
        "Hansen",
        "8000",
        ["evenings"],
    )
    # An expired link offers a new one, with the same answer for any address.
    visit(page, reverse("volunteers:my_data", args=["udloebet"]))
    page.get_by_label("E-mail").fill("frida@test.dk")
    follow(page, page.get_by_role("button", name="Send nyt link"))
    expect(page.get_by_role("status")).to_contain_text("Står e-mailadressen hos os")
