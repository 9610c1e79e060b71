"""
Retention: one rule per status and consent state, followed by the purge and
printed in the privacy notice; anonymising also scrubs queued mail and the
admin's history; the self-service download holds everything stored.
"""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_initiative
from volunteers import retention, services
from volunteers.models import Consent, PendingVolunteerChange, Volunteer, VolunteerNote

DAY = timedelta(days=1)


def _ago(days):
    return timezone.now() - days * DAY


def _volunteer(**fields):
    fields.setdefault("email", f"v{Volunteer.objects.count()}@test.dk")
    fields.setdefault("first_name", "Frida")
    fields.setdefault("last_name", "Frivillig")
    return Volunteer.objects.create(**fields)


def _withdrawn(days_ago, **fields):
    fields.setdefault("status", "contacted")
    fields.setdefault("email_confirmed_at", _ago(400))
    fields.setdefault("created_at", _ago(400))
    volunteer = _volunteer(**fields)
    Consent.objects.create(
        volunteer=volunteer,
        purpose="contact",
        text_version="2026-11",
        given_at=_ago(400),
        withdrawn_at=_ago(days_ago),
    )
    return volunteer


def _withdrawn_then_given_again():
    volunteer = _withdrawn(90)
    Consent.objects.create(
        volunteer=volunteer, purpose="contact", text_version="2026-11", given_at=_ago(60)
    )
    return volunteer


def _withdrawn_twice():
    """Withdrawn long ago, given again, withdrawn again lately: the clock starts at the last."""
    volunteer = _withdrawn(90)
    Consent.objects.create(
        volunteer=volunteer,
        purpose="contact",
        text_version="2026-11",
        given_at=_ago(60),
        withdrawn_at=_ago(10),
    )
    return volunteer


# rule key: (volunteers the rule purges, volunteers it keeps), built with the
# default periods: 1, 6, 12, 24, 24 and 1 months of 30 days.
CASES = {
    "unconfirmed": (
        [lambda: _volunteer(created_at=_ago(31), status_changed_at=_ago(31))],
        [lambda: _volunteer(created_at=_ago(29), status_changed_at=_ago(29))],
    ),
    "new": (
        [lambda: _volunteer(created_at=_ago(181), email_confirmed_at=_ago(180))],
        [lambda: _volunteer(created_at=_ago(179), email_confirmed_at=_ago(179))],
    ),
    "contacted": (
        [lambda: _volunteer(status="contacted", created_at=_ago(400), status_changed_at=_ago(361))],
        [
            # Contacted by phone and never confirmed by e-mail: kept on its own clock.
            lambda: _volunteer(
                status="contacted", created_at=_ago(400), status_changed_at=_ago(359)
            ),
        ],
    ),
    "active": (
        [],
        [
            # Made active by phone, never confirmed by e-mail, for years.
            lambda: _volunteer(status="active", created_at=_ago(900), status_changed_at=_ago(900)),
            # Active while the contact consent is withdrawn: the work goes on.
            lambda: _withdrawn(90, status="active"),
        ],
    ),
    "paused": (
        [lambda: _volunteer(status="paused", created_at=_ago(900), status_changed_at=_ago(721))],
        [lambda: _volunteer(status="paused", created_at=_ago(900), status_changed_at=_ago(719))],
    ),
    "ended": (
        [lambda: _volunteer(status="ended", created_at=_ago(900), status_changed_at=_ago(721))],
        [lambda: _volunteer(status="ended", created_at=_ago(900), status_changed_at=_ago(719))],
    ),
    "withdrawn": (
        [lambda: _withdrawn(31), lambda: _withdrawn(31, status="paused")],
        [lambda: _withdrawn(29), _withdrawn_then_given_again, _withdrawn_twice],
    ),
}


def test_every_rule_has_cases():
    assert set(CASES) == {rule.key for rule in retention.RULES}


@pytest.mark.parametrize("key", sorted(CASES))
def test_each_rule_purges_exactly_what_it_should(db, key):
    purged_makers, kept_makers = CASES[key]
    purged = [make() for make in purged_makers]
    kept = [make() for make in kept_makers]
    call_command("purge_volunteers", stdout=io.StringIO())
    for volunteer in purged:
        volunteer.refresh_from_db()
        assert volunteer.anonymised_at is not None, (key, "should be purged")
        assert not volunteer.first_name and volunteer.email.endswith("@invalid")
    for volunteer in kept:
        volunteer.refresh_from_db()
        assert volunteer.anonymised_at is None, (key, "should be kept")
        assert volunteer.first_name == "Frida"
    assert retention.due_for_purge() == []


def test_the_periods_come_from_settings(db, settings):
    settings.VOLUNTEER_PAUSED_RETENTION_MONTHS = 3
    paused = _volunteer(status="paused", status_changed_at=_ago(91))
    assert [(v, rule.key) for v, rule in retention.due_for_purge()] == [(paused, "paused")]


def test_a_dry_run_anonymises_nobody(db):
    volunteer = _volunteer(status="ended", status_changed_at=_ago(800))
    out = io.StringIO()
    call_command("purge_volunteers", "--dry-run", stdout=out)
    assert "1 volunteer(s) would be anonymised" in out.getvalue()
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _log(user, obj):
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[obj], action_flag=CHANGE, change_message="Rettet"
    )


def test_purge_deletes_the_persons_queued_mail_and_admin_history(
    database_queue, superuser, django_capture_on_commit_callbacks
):
    gone = _volunteer(email="gone@test.dk", status="ended", status_changed_at=_ago(800))
    stays = _volunteer(email="stays@test.dk", status="active")
    note = VolunteerNote.objects.create(volunteer=gone, body="Frida ringede.")
    with django_capture_on_commit_callbacks(execute=True):
        for volunteer in [gone, stays]:
            services.mail_volunteer(
                volunteer=volunteer,
                template="volunteers/email/volunteer_stay",
                base_url="http://portal.test",
                links=["stay"],
                required=True,
            )
    assert DBTaskResult.objects.count() == 2
    # A copy being sent this very moment is the worker's; it is left alone.
    sending = DBTaskResult.objects.get(args_kwargs__icontains="gone@test.dk")
    sending.pk = None
    sending.status = TaskResultStatus.RUNNING
    sending.save()
    for obj in [gone, note, stays]:
        _log(superuser, obj)

    call_command("purge_volunteers", stdout=io.StringIO())

    remaining = [
        (row.args_kwargs["kwargs"]["to"], row.status) for row in DBTaskResult.objects.all()
    ]
    assert sorted(remaining) == [
        (["gone@test.dk"], TaskResultStatus.RUNNING),
        (["stays@test.dk"], TaskResultStatus.READY),
    ]
    volunteer_type = ContentType.objects.get_for_model(Volunteer)
    note_type = ContentType.objects.get_for_model(VolunteerNote)
    assert list(LogEntry.objects.values_list("content_type", "object_id")) == [
        (volunteer_type.pk, str(stays.pk))
    ]
    assert not LogEntry.objects.filter(content_type=note_type).exists()


def test_the_secretariats_anonymise_button_scrubs_the_same(
    database_queue, client_for, secretariat, superuser, django_capture_on_commit_callbacks
):
    volunteer = _volunteer(email="frida@test.dk")
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_volunteer(
            volunteer=volunteer,
            template="volunteers/email/volunteer_confirm",
            base_url="http://portal.test",
            links=["confirm"],
            required=True,
        )
    _log(superuser, volunteer)
    PendingVolunteerChange.issue(volunteer=volunteer, data={"first_name": "X"}, consents=[])
    client_for(secretariat).post(reverse("volunteers:anonymise", args=[volunteer.pk]))
    assert str(Volunteer.objects.get(pk=volunteer.pk)) == "Anonymiseret frivillig"
    assert not DBTaskResult.objects.exists()
    assert not LogEntry.objects.exists()
    assert not PendingVolunteerChange.objects.exists()
    assert not volunteer.links.exists()


def test_the_privacy_notice_states_every_rule_and_its_period(client, db, settings):
    periods = {
        "VOLUNTEER_UNCONFIRMED_RETENTION_MONTHS": 2,
        "VOLUNTEER_NEW_RETENTION_MONTHS": 7,
        "VOLUNTEER_CONTACTED_RETENTION_MONTHS": 11,
        "VOLUNTEER_PAUSED_RETENTION_MONTHS": 19,
        "VOLUNTEER_ENDED_RETENTION_MONTHS": 23,
        "VOLUNTEER_WITHDRAWN_RETENTION_MONTHS": 1,
    }
    for name, value in periods.items():
        setattr(settings, name, value)
    html = client.get(reverse("pages:privacy")).text
    for months in [2, 7, 11, 19, 23]:
        assert f"Anonymiseres efter {months} måneder" in html
    assert "Anonymiseres efter 1 måned," in html
    for rule in retention.RULES:
        assert str(rule.situation) in html
    assert "Gemmes, så længe du er aktiv" in html


def test_the_download_holds_everything_stored(db, secretariat):
    initiative = make_initiative(name="Lektiecafé")
    volunteer = _volunteer(
        email="frida@test.dk",
        status="active",
        assigned_initiative=initiative,
        child_certificate_checked_on=timezone.localdate(),
        child_certificate_checked_by=secretariat,
        stay_asked_at=_ago(20),
        stay_confirmed_at=_ago(10),
        status_changed_at=_ago(30),
    )
    Consent.objects.create(volunteer=volunteer, purpose="contact", text_version="2026-11")
    services.add_volunteer_note(volunteer=volunteer, body="Ringede tirsdag.", by=secretariat)
    change, _token = PendingVolunteerChange.issue(
        volunteer=volunteer, data={"first_name": "Fie"}, consents=["newsletter"]
    )
    change.interests.set([initiative])
    url = reverse("volunteers:my_data_json", args=[services.volunteer_token(volunteer, "data")])

    data = json.loads(Client().get(url).content)

    assert [note["note"] for note in data["sekretariatets noter"]] == ["Ringede tirsdag."]
    assert data["sekretariatets noter"][0]["skrevet"]
    assert data["tilknyttet indsats"] == "Lektiecafé"
    assert data["børneattest vurderet"] == timezone.localdate().isoformat()
    assert data["børneattest vurderet af"] == "Sara Sekretariat"
    for key in ["status ændret", "spurgt om at fortsætte", "svarede ja til at fortsætte"]:
        assert data[key], key
    assert [consent["formål"] for consent in data["samtykker"]] == ["Kontakt om frivilligt arbejde"]
    [staged] = data["ventende ændringer"]
    assert staged["oplysninger"] == {"first_name": "Fie"}
    assert staged["interesserede indsatser"] == ["Lektiecafé"]
    assert staged["samtykker"] == ["newsletter"]
    assert {link["formål"] for link in data["links i e-mails"]} == {"Se og hent dine oplysninger"}
