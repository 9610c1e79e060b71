"""The inbox's CSV file holds what the screen shows, with consent, address and certificate."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import make_volunteer
from volunteers import services


def _rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def test_the_file_follows_the_filters_on_screen(client_for, secretariat):
    make_volunteer(first_name="Ny", status="new")
    make_volunteer(first_name="Aktiv", status="active")
    client = client_for(secretariat)
    page = client.get(reverse("volunteers:list"), {"status": "active"}).text
    assert reverse("volunteers:export") + "?status=active" in page
    rows = _rows(client.get(reverse("volunteers:export"), {"status": "active"}))
    assert [row[0] for row in rows[1:]] == ["Aktiv"]


def test_the_file_has_consent_confirmation_and_certificate_columns(client_for, secretariat):
    volunteer = make_volunteer(
        phone="+4512345678",
        email_confirmed_at=timezone.now(),
        child_certificate_checked_on=timezone.localdate() - timedelta(days=800),
    )
    services.set_volunteer_consent(volunteer=volunteer, purpose="contact", given=True)
    header, row = _rows(client_for(secretariat).get(reverse("volunteers:export")))
    cells = dict(zip(header, row, strict=True))
    assert cells["Telefon"] == "'+4512345678"
    assert cells["E-mail bekræftet"] == "ja"
    assert cells["Samtykke til kontakt"] == "ja"
    assert cells["Samtykke til nyhedsbrev"] == "nej"
    assert cells["Børneattest"] == "udløbet"
