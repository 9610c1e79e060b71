"""Self-service: a receipt after deleting, a new link on request, and a readable download."""

import json

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance import audit
from tests.factories import make_volunteer
from volunteers import services

BASE_URL = "http://portal.test"


def test_deleting_by_link_asks_first_and_then_mails_a_receipt(
    client, db, django_capture_on_commit_callbacks
):
    volunteer = make_volunteer(first_name="Frida", email="frida@test.dk")
    url = reverse("volunteers:delete", args=[services.volunteer_token(volunteer, "delete")])
    page = client.get(url)
    assert page.status_code == 200 and "<form" in page.text
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is not None
    (receipt,) = mail.outbox
    assert receipt.to == ["frida@test.dk"]
    assert "slettet" in receipt.subject
    assert "Hej Frida" in receipt.body


def test_the_expired_link_page_offers_a_new_link(client, db):
    response = client.get(reverse("volunteers:my_data", args=["udløbet-token"]))
    assert response.status_code == 410
    assert reverse("volunteers:new_link") in response.text


def test_a_new_link_is_mailed_to_a_known_address(client, db, django_capture_on_commit_callbacks):
    volunteer = make_volunteer(email="frida@test.dk")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("volunteers:new_link"), {"email": "Frida@test.dk"})
    (message,) = mail.outbox
    assert message.to == ["frida@test.dk"]
    link = next(line for line in message.body.splitlines() if "/frivillig/mine-data/" in line)
    assert client.get(link.replace("http://testserver", "")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(reverse("volunteers:new_link"), {"email": "ukendt@test.dk"})
    assert len(mail.outbox) == 1
    assert known.status_code == unknown.status_code == 200

    def main(response):
        return response.text[response.text.index("<main") : response.text.index("</main>")]

    assert main(known) == main(unknown)
    assert volunteer.links.filter(purpose="data").exists()


def test_asking_for_new_links_is_rate_limited(client, db, settings):
    settings.VOLUNTEER_SIGNUPS_PER_IP_PER_HOUR = 2
    for _ in range(2):
        client.post(reverse("volunteers:new_link"), {"email": "a@test.dk"})
    response = client.post(reverse("volunteers:new_link"), {"email": "a@test.dk"})
    assert "Prøv igen om en time" in response.text


def test_the_download_holds_notes_and_history_with_readable_labels(db, secretariat):
    volunteer = make_volunteer(
        status="contacted", availability=["evenings"], email_confirmed_at=timezone.now()
    )
    services.set_volunteer_consent(volunteer=volunteer, purpose="contact", given=True)
    services.add_volunteer_note(volunteer=volunteer, body="Ringede tirsdag.", by=secretariat)
    data = json.loads(json.dumps(services.volunteer_data(volunteer), default=str))
    assert data["status"] == "Kontaktet"
    assert data["tid"] == ["Aftener"]
    assert data["samtykker"][0]["formål"] == "Kontakt om frivilligt arbejde"
    assert data["sekretariatets noter"][0]["note"] == "Ringede tirsdag."
    assert any("Samtykke givet" in event["note"] for event in data["historik"])


def test_a_volunteer_corrects_their_own_data_and_the_history_says_so(client, db):
    volunteer = make_volunteer(first_name="Frida", last_name="Frivillig", postcode="3000")
    url = reverse("volunteers:my_data", args=[services.volunteer_token(volunteer, "data")])
    response = client.post(
        url,
        {
            "action": "correct",
            "first_name": "Frida",
            "last_name": "Hansen",
            "phone": "12 34 56 78",
            "postcode": "8000",
            "availability": ["evenings"],
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.last_name, volunteer.postcode, volunteer.phone) == (
        "Hansen",
        "8000",
        "+4512345678",
    )
    event = audit.history(volunteer).first()
    assert event.changes["last_name"] == ["Frivillig", "Hansen"]
    assert "Via linket i e-mailen." in event.note


def test_a_bad_correction_keeps_the_input_and_says_what_is_wrong(client, db):
    volunteer = make_volunteer(postcode="3000")
    url = reverse("volunteers:my_data", args=[services.volunteer_token(volunteer, "data")])
    response = client.post(
        url, {"action": "correct", "first_name": "Frida", "last_name": "", "postcode": "99"}
    )
    assert response.status_code == 200
    assert "Skriv et dansk postnummer" in response.text
    volunteer.refresh_from_db()
    assert volunteer.postcode == "3000"
