"""The audit trail: what a service records, how the secretariat reads it, and scrubbing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from alliance import audit
from alliance.models import AuditEvent
from members.forms import OrganisationForm
from members.models import Organisation, User
from tests.factories import make_organisation


def _organisation_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "sector": organisation.sector,
        "cvr": organisation.cvr,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "joined_on": organisation.joined_on.isoformat() if organisation.joined_on else "",
        "version": organisation.version,
    } | changes
    return OrganisationForm(data, instance=organisation)


def test_a_saved_form_records_each_changed_field_before_and_after(secretariat):
    organisation = make_organisation(name="Kronborg Byg", sector="erhverv")
    form = _organisation_form(organisation, name="Kronborg Byg & Anlæg", sector="civilsamfund")
    assert form.is_valid(), form.errors

    audit.save_form(form, by=secretariat)

    event = audit.history(organisation).get()
    assert event.action == AuditEvent.Action.CHANGED
    assert event.actor == secretariat and event.actor_name == secretariat.full_name
    assert event.changes == {
        "name": ["Kronborg Byg", "Kronborg Byg & Anlæg"],
        "sector": ["erhverv", "civilsamfund"],
    }
    assert ("Navn", "Kronborg Byg", "Kronborg Byg & Anlæg") in audit.rows(event)
    assert ("Sektor", "Erhverv", "Civilsamfund") in audit.rows(event)


def test_an_unchanged_save_records_nothing(secretariat):
    organisation = make_organisation(name="Uændret")
    form = _organisation_form(organisation)
    assert form.is_valid(), form.errors
    audit.save_form(form, by=secretariat)
    assert not audit.history(organisation).exists()


def test_a_new_object_records_its_values(secretariat):
    form = OrganisationForm(
        {"name": "Ny forening", "sector": "civilsamfund", "joined_on": "2026-11-01"}
    )
    assert form.is_valid(), form.errors
    organisation = audit.save_form(form, by=secretariat)
    event = audit.history(organisation).get()
    assert event.action == AuditEvent.Action.CREATED
    assert event.changes["name"] == [None, "Ny forening"]
    assert "version" not in event.changes


def test_secrets_and_counters_are_never_recorded(secretariat):
    before = audit.snapshot(secretariat)
    assert "password" not in before and "version" not in before and "last_login" not in before


def test_scrubbing_keeps_the_event_and_removes_the_values(secretariat):
    organisation = make_organisation(name="Hemmelig")
    audit.record(
        by=secretariat,
        instance=organisation,
        action=AuditEvent.Action.CHANGED,
        changes={"name": ["Gammel", "Hemmelig"]},
        note="Ringet op",
    )
    audit.scrub(Organisation, [organisation.pk], label="Anonymiseret")
    event = audit.history(organisation).get()
    assert event.changes == {} and event.note == "" and event.object_label == "Anonymiseret"
    assert event.scrubbed_at is not None


@pytest.fixture
def two_events(secretariat, member_a):
    first = make_organisation(name="Første Forening")
    second = make_organisation(name="Anden Forening")
    audit.record(by=secretariat, instance=first, action=AuditEvent.Action.CREATED)
    audit.record(by=member_a, instance=second, action=AuditEvent.Action.CHANGED)
    audit.record(by=secretariat, instance=member_a, action=AuditEvent.Action.CHANGED)
    return first, second


def test_the_log_shows_every_event_and_filters_by_person_and_kind(
    client_for, secretariat, member_a, two_events
):
    client = client_for(secretariat)
    page = client.get(reverse("audit_log")).content.decode()
    assert "Første Forening" in page and "Anden Forening" in page and member_a.full_name in page

    page = client.get(reverse("audit_log"), {"person": member_a.pk}).content.decode()
    assert "Anden Forening" in page and "Første Forening" not in page

    kind = audit.history(two_events[0]).get().content_type_id
    page = client.get(reverse("audit_log"), {"kind": kind}).content.decode()
    assert "Første Forening" in page and "Anden Forening" in page
    assert member_a.full_name not in page.split("</form>", 1)[1].split("Udført af")[0]


def test_the_log_refuses_a_reversed_date_range_next_to_the_field(client_for, secretariat):
    response = client_for(secretariat).get(
        reverse("audit_log"), {"since": "2026-12-01", "until": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "Slutdatoen skal ligge efter startdatoen." in response.content.decode()


def test_the_log_is_for_the_secretariat_only(client_for, member_a):
    assert client_for(member_a).get(reverse("audit_log")).status_code == 403


def test_one_moment_in_two_time_zones_is_no_change(secretariat):
    """A form gives times in Copenhagen time, the database in UTC: the same moment."""
    user = User.objects.get(pk=secretariat.pk)
    before = audit.snapshot(user, ["date_joined"])
    user.date_joined = user.date_joined.astimezone(ZoneInfo("Europe/Copenhagen"))
    assert audit.differences(before, audit.snapshot(user, ["date_joined"])) == {}
    user.date_joined = datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    changed = audit.differences(before, audit.snapshot(user, ["date_joined"]))
    assert changed["date_joined"][1] == "2026-07-01T10:00:00+00:00"
