"""A volunteer who never confirmed the address becomes active only after a noted phone call."""

from django.urls import reverse
from django.utils import timezone

from alliance import audit
from tests.factories import make_volunteer


def _post(client, volunteer, **extra):
    return client.post(
        reverse("volunteers:detail", args=[volunteer.pk]),
        {"status": "active", "assigned_initiative": "", "version": volunteer.version, **extra},
    )


def test_an_unconfirmed_volunteer_is_not_made_active_without_the_phone_note(
    client_for, secretariat
):
    volunteer = make_volunteer(status="contacted")
    response = _post(client_for(secretariat), volunteer)
    assert response.status_code == 200
    assert "Bekræftet pr. telefon" in response.text
    assert "har ikke bekræftet sin e-mailadresse" in response.text
    volunteer.refresh_from_db()
    assert volunteer.status == "contacted"


def test_the_box_without_a_note_is_refused_too(client_for, secretariat):
    volunteer = make_volunteer(status="contacted")
    _post(client_for(secretariat), volunteer, confirmed_by_phone="on", phone_note=" ")
    volunteer.refresh_from_db()
    assert volunteer.status == "contacted"


def test_with_the_box_and_a_note_the_volunteer_is_active_and_the_note_kept(client_for, secretariat):
    volunteer = make_volunteer(status="contacted")
    response = _post(
        client_for(secretariat),
        volunteer,
        confirmed_by_phone="on",
        phone_note="Talte med Frida 1. dec.",
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == "active"
    assert volunteer.notes.get().body == "Bekræftet pr. telefon: Talte med Frida 1. dec."
    event = audit.history(volunteer).first()
    assert event.note == "Bekræftet pr. telefon: Talte med Frida 1. dec."
    assert event.changes["status"] == ["contacted", "active"]


def test_a_confirmed_address_needs_no_phone_note(client_for, secretariat):
    volunteer = make_volunteer(status="contacted", email_confirmed_at=timezone.now())
    _post(client_for(secretariat), volunteer)
    volunteer.refresh_from_db()
    assert volunteer.status == "active"
    assert not volunteer.notes.exists()
