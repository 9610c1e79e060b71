"""Every write to a volunteer bumps the version and leaves an event; anonymising scrubs them."""

import json
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from alliance import audit
from alliance.models import AuditEvent
from alliance.tokens import hash_token
from tests.factories import make_volunteer
from volunteers import services
from volunteers.forms import VolunteerForm
from volunteers.models import (
    Consent,
    LinkPurpose,
    PendingVolunteerChange,
    Volunteer,
    VolunteerLink,
    VolunteerNote,
)

Action = AuditEvent.Action
VIA_LINK = "Via linket i e-mailen."
BASE_URL = "http://portal.test"


def _latest(volunteer):
    return audit.history(volunteer).first()


def _version(volunteer):
    return Volunteer.objects.get(pk=volunteer.pk).version


def _sign_up(**data):
    volunteer, _created = services.sign_up_volunteer(
        data={
            "first_name": "Frida",
            "last_name": "Frivillig",
            "email": "frida@test.dk",
            "phone": "+4512345678",
            "postcode": "3000",
            "skills": "Lektiehjælp",
            "availability": ["evenings"],
            "message": "Jeg har en hemmelig besked.",
        }
        | data,
        interests=[],
        consents=["contact"],
        base_url=BASE_URL,
    )
    return volunteer


def _apply_staged():
    """Confirm the one staged sign-up, as the link in its mail would."""
    token = "kendt-af-testen"
    # The token is only in the mail; give the staged change one this test knows.
    PendingVolunteerChange.objects.update(token_hash=hash_token(token))
    assert services.apply_volunteer_change(token=token) is not None


def test_a_signup_is_recorded_as_created_by_the_portal(db):
    volunteer = _sign_up()
    event = _latest(volunteer)
    assert (event.actor, event.actor_name, event.action) == (None, "", Action.CREATED)
    assert event.changes["first_name"] == [None, "Frida"]
    assert event.changes["email"] == [None, "frida@test.dk"]
    assert "Kontakt om frivilligt arbejde (2026-11)" in event.note


def test_the_volunteers_own_links_are_recorded_with_the_portal_as_actor(db):
    volunteer = make_volunteer()
    steps = [
        (
            lambda: services.confirm_volunteer_email(volunteer=volunteer),
            "email_confirmed_at",
        ),
        (lambda: services.confirm_volunteer_stays(volunteer=volunteer), "stay_confirmed_at"),
        (
            lambda: services.set_volunteer_consent(
                volunteer=volunteer, purpose="newsletter", given=True
            ),
            None,
        ),
        (
            lambda: services.set_volunteer_consent(
                volunteer=volunteer, purpose="newsletter", given=False
            ),
            None,
        ),
        (
            lambda: services.request_volunteer_deletion(volunteer=volunteer, base_url=BASE_URL),
            None,
        ),
    ]
    for step, field in steps:
        version = _version(volunteer)
        step()
        event = _latest(volunteer)
        assert _version(volunteer) == version + 1
        assert (event.actor, event.action) == (None, Action.CHANGED)
        assert event.note.endswith(VIA_LINK)
        if field:
            assert list(event.changes) == [field]
            assert event.changes[field][0] is None and event.changes[field][1]
    notes = [event.note for event in audit.history(volunteer)]
    assert "Samtykke givet: Nyhedsbrev (2026-11). " + VIA_LINK in notes
    assert "Samtykke trukket tilbage: Nyhedsbrev (2026-11). " + VIA_LINK in notes


def test_nothing_is_recorded_when_a_consent_stays_as_it_was(db):
    volunteer = make_volunteer()
    version = _version(volunteer)
    services.set_volunteer_consent(volunteer=volunteer, purpose="newsletter", given=False)
    assert _version(volunteer) == version
    assert not audit.history(volunteer).exists()


def test_the_secretariats_writes_are_recorded_with_before_and_after(secretariat):
    volunteer = make_volunteer()
    form = VolunteerForm(
        {"status": "contacted", "assigned_initiative": "", "version": volunteer.version},
        instance=volunteer,
    )
    assert form.is_valid(), form.errors
    services.update_volunteer(form=form, by=secretariat)
    event = _latest(volunteer)
    assert (event.actor, event.action) == (secretariat, Action.STATUS)
    assert event.changes == {"status": ["new", "contacted"]}
    assert _version(volunteer) == 2

    services.record_child_certificate(
        volunteer=volunteer, checked_on=date(2026, 11, 20), by=secretariat
    )
    event = _latest(volunteer)
    assert (event.actor, event.action) == (secretariat, Action.CHANGED)
    assert event.changes == {
        "child_certificate_checked_on": [None, "2026-11-20"],
        "child_certificate_checked_by": [None, "Sara Sekretariat"],
    }
    assert _version(volunteer) == 3

    services.add_volunteer_note(volunteer=volunteer, body="Ringede tirsdag.", by=secretariat)
    event = _latest(volunteer)
    assert (event.actor, event.action, event.note) == (
        secretariat,
        Action.CHANGED,
        "Intern note tilføjet.",
    )
    assert _version(volunteer) == 4


def test_a_confirmed_repeat_signup_is_recorded_with_the_changes(db):
    volunteer = _sign_up()
    services.sign_up_volunteer(
        data={"email": "frida@test.dk", "first_name": "Frida", "skills": "Kan køre bus"},
        interests=[],
        consents=["contact", "newsletter"],
        base_url=BASE_URL,
    )
    staged = _latest(volunteer)
    assert "venter på, at de bliver bekræftet" in staged.note
    version = _version(volunteer)
    _apply_staged()
    event = _latest(volunteer)
    assert (event.actor, event.action) == (None, Action.CHANGED)
    assert event.changes["skills"] == ["Lektiehjælp", "Lektiehjælp\n\nKan køre bus"]
    assert event.changes["email_confirmed_at"][0] is None
    assert "Samtykke givet: Nyhedsbrev (2026-11)." in event.note
    assert event.note.endswith(VIA_LINK)
    assert _version(volunteer) == version + 1


def test_the_yearly_question_and_the_pause_are_recorded(db):
    year_ago = timezone.now() - timedelta(days=400)
    volunteer = make_volunteer(status="active", created_at=year_ago)
    services.ask_volunteers_to_stay(base_url=BASE_URL)
    asked = _latest(volunteer)
    assert (asked.actor, asked.action, list(asked.changes)) == (
        None,
        Action.CHANGED,
        ["stay_asked_at"],
    )
    assert _version(volunteer) == 2

    services.ask_volunteers_to_stay(base_url=BASE_URL, now=timezone.now() + timedelta(days=31))
    paused = _latest(volunteer)
    assert (paused.actor, paused.action) == (None, Action.STATUS)
    assert paused.changes["status"] == ["active", "paused"]
    assert "årlige spørgsmål" in paused.note
    assert _version(volunteer) == 3


# --- anonymising ---------------------------------------------------------------------------


def _events_text():
    return json.dumps(
        list(AuditEvent.objects.values("object_label", "object_url", "changes", "note")),
        ensure_ascii=False,
    )


def test_anonymising_leaves_no_personal_data_in_any_event(client_for, secretariat):
    volunteer = _sign_up()
    services.sign_up_volunteer(
        data={"email": "frida@test.dk", "first_name": "Frederikke", "phone": "+4587654321"},
        interests=[],
        consents=["contact"],
        base_url=BASE_URL,
    )
    _apply_staged()
    services.confirm_volunteer_email(volunteer=volunteer)
    services.set_volunteer_consent(volunteer=volunteer, purpose="newsletter", given=True)
    services.add_volunteer_note(
        volunteer=volunteer, body="Frida Frivillig ringede fra 12345678.", by=secretariat
    )
    services.volunteer_token(volunteer, LinkPurpose.DATA)
    personal = ["Frida", "Frederikke", "Frivillig", "frida@test.dk", "12345678", "87654321"]
    personal.append("hemmelig besked")
    assert all(value in _events_text() for value in personal)
    before = AuditEvent.objects.count()

    client_for(secretariat).post(reverse("volunteers:anonymise", args=[volunteer.pk]))

    text = _events_text()
    assert [value for value in personal if value in text] == []
    assert AuditEvent.objects.count() == before + 1
    label = f"Anonymiseret frivillig #{volunteer.pk}"
    assert set(
        audit.history(volunteer)
        .exclude(action=Action.ANONYMISED)
        .values_list("object_label", flat=True)
    ) == {label}
    last = _latest(volunteer)
    assert (last.actor, last.action, last.changes) == (secretariat, Action.ANONYMISED, {})
    assert last.note == "Anonymiseret af Sara Sekretariat."
    assert not VolunteerLink.objects.exists() and not PendingVolunteerChange.objects.exists()
    assert Consent.objects.filter(volunteer=volunteer).exists()


def test_a_delete_by_link_is_recorded_as_the_volunteers_own(db):
    volunteer = make_volunteer()
    token = services.volunteer_token(volunteer, LinkPurpose.DELETE)
    services.delete_volunteer_by_link(token=token)
    event = _latest(volunteer)
    assert (event.actor, event.action) == (None, Action.ANONYMISED)
    assert event.note == "Slettet efter ønske fra den frivillige. " + VIA_LINK
    assert VolunteerNote.objects.get(volunteer=volunteer).body == event.note


# --- the admin and the history on the page --------------------------------------------------


@pytest.mark.parametrize("model", [Volunteer, VolunteerNote, Consent])
def test_the_admin_only_reads(model, rf, superuser):
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_change_permission(request)
        assert not inline.has_add_permission(request, None)


def test_the_admin_cannot_set_a_volunteer_active(client_for, superuser):
    volunteer = make_volunteer(status="contacted")
    url = reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])
    client = client_for(superuser)
    assert client.get(url).status_code == 200
    client.post(url, {"status": "active", "first_name": "Ændret"})
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.first_name) == ("contacted", "Frida")


def test_the_history_shows_on_the_volunteers_page_for_the_secretariat(client_for, secretariat):
    volunteer = make_volunteer()
    services.add_volunteer_note(volunteer=volunteer, body="Ringede tirsdag.", by=secretariat)
    page = client_for(secretariat).get(reverse("volunteers:detail", args=[volunteer.pk])).text
    assert 'id="historik"' in page
    assert "Intern note tilføjet." in page


def test_the_history_is_not_shown_to_a_member(member_a, client_for, rf):
    from django.template import Context, Template

    volunteer = make_volunteer()
    services.confirm_volunteer_email(volunteer=volunteer)
    request = rf.get("/")
    request.user = member_a
    html = Template("{% load audit %}{% history_for volunteer %}").render(
        Context({"request": request, "volunteer": volunteer})
    )
    assert "Historik" not in html and VIA_LINK not in html
