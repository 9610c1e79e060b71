"""The secretariat corrects a volunteer's data, audited field by field, and sees a timeline."""

from django.urls import reverse
from django.utils import timezone

from alliance import audit
from tests.factories import make_volunteer
from volunteers import services
from volunteers.forms import VolunteerDataForm


def _data(volunteer, **changes):
    form = VolunteerDataForm(instance=volunteer)
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    return data | changes


def test_a_correction_is_saved_and_every_changed_field_recorded(client_for, secretariat):
    volunteer = make_volunteer(first_name="Frida", phone="+4512345678", postcode="3000")
    response = client_for(secretariat).post(
        reverse("volunteers:edit", args=[volunteer.pk]),
        _data(volunteer, first_name="Frederikke", postcode="8000"),
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.postcode) == ("Frederikke", "8000")
    changes = audit.history(volunteer).first().changes
    assert changes == {"first_name": ["Frida", "Frederikke"], "postcode": ["3000", "8000"]}


def test_a_concurrent_correction_is_refused_and_keeps_the_input(client_for, secretariat):
    volunteer = make_volunteer(first_name="Frida")
    stale = _data(volunteer, first_name="Fie")
    services.add_volunteer_note(volunteer=volunteer, body="Ringede.", by=secretariat)
    response = client_for(secretariat).post(reverse("volunteers:edit", args=[volunteer.pk]), stale)
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.text
    assert 'value="Fie"' in response.text
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Frida"


def test_a_changed_address_must_be_confirmed_again(client_for, secretariat):
    volunteer = make_volunteer(email_confirmed_at=timezone.now())
    client_for(secretariat).post(
        reverse("volunteers:edit", args=[volunteer.pk]), _data(volunteer, email="ny@test.dk")
    )
    volunteer.refresh_from_db()
    assert volunteer.email == "ny@test.dk" and volunteer.email_confirmed_at is None


def test_members_may_not_correct(client_for, member_a):
    volunteer = make_volunteer()
    assert (
        client_for(member_a).get(reverse("volunteers:edit", args=[volunteer.pk])).status_code == 404
    )


def test_the_timeline_shows_status_changes_and_notes_newest_first(client_for, secretariat):
    volunteer = make_volunteer(email_confirmed_at=timezone.now())
    services.add_volunteer_note(volunteer=volunteer, body="Første note.", by=secretariat)
    services.set_volunteers_status(volunteers=[volunteer], status="contacted", by=secretariat)
    services.add_volunteer_note(volunteer=volunteer, body="Anden note.", by=secretariat)
    page = client_for(secretariat).get(reverse("volunteers:detail", args=[volunteer.pk])).text
    timeline = page[page.index("Tidslinje") :]
    second = timeline.index("Anden note.")
    status = timeline.index("Ny → Kontaktet")
    first = timeline.index("Første note.")
    assert second < status < first
