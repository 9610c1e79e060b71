"""A volunteer the secretariat registers: recorded with the consents given, and nothing mailed."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from alliance import audit
from alliance.models import AuditEvent
from tests.factories import make_initiative, make_volunteer
from volunteers.models import ConsentPurpose, Volunteer
from volunteers.services import register_volunteer

DATA = {
    "first_name": "Frida",
    "last_name": "Frivillig",
    "email": "frida@test.dk",
    "phone": "+4512345678",
    "postcode": "3000",
    "interest_text": "",
    "skills": "Lektiehjælp",
    "availability": ["evenings"],
    "message": "",
}


def test_the_volunteer_is_registered_new_and_unconfirmed_without_mail(
    secretariat, django_capture_on_commit_callbacks
):
    initiative = make_initiative(wants_volunteers=True, is_public=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        volunteer = register_volunteer(
            data=DATA, interests=[initiative], consents=[ConsentPurpose.CONTACT], by=secretariat
        )
    volunteer.refresh_from_db()
    assert (volunteer.full_name, volunteer.status) == ("Frida Frivillig", Volunteer.Status.NEW)
    assert volunteer.email_confirmed_at is None
    assert list(volunteer.interests.all()) == [initiative]
    assert volunteer.availability == ["evenings"]
    assert list(volunteer.consents.values_list("purpose", "text_version")) == [
        ("contact", "2026-11")
    ]
    assert callbacks == []
    assert mail.outbox == []


def test_the_registration_is_recorded_with_the_consents(secretariat):
    volunteer = register_volunteer(
        data=DATA,
        interests=[],
        consents=[ConsentPurpose.CONTACT, ConsentPurpose.NEWSLETTER],
        by=secretariat,
    )
    [event] = audit.history(volunteer)
    assert (event.actor, event.action) == (secretariat, AuditEvent.Action.CREATED)
    assert event.changes["email"] == [None, "frida@test.dk"]
    assert "Kontakt om frivilligt arbejde (2026-11)" in event.note
    assert "Nyhedsbrev (2026-11)" in event.note


def test_a_known_address_is_refused_and_the_record_left_alone(secretariat):
    known = make_volunteer(email="frida@test.dk", first_name="Karen")
    with pytest.raises(ValidationError):
        register_volunteer(
            data=DATA | {"email": "Frida@Test.dk"}, interests=[], consents=[], by=secretariat
        )
    known.refresh_from_db()
    assert known.first_name == "Karen"
    assert Volunteer.objects.count() == 1
    assert not audit.history(known).exists()


def test_only_the_secretariat_registers_volunteers(member_a):
    with pytest.raises(PermissionDenied):
        register_volunteer(data=DATA, interests=[], consents=[], by=member_a)
    assert not Volunteer.objects.exists()
