"""Accounts made with a password from the start, as a command makes them: no invitation mailed."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from alliance import audit
from alliance.models import AuditEvent
from members.forms import UserEditForm
from members.models import User
from members.services import create_user_with_password

PASSWORD = "blaa-hylde-ved-vandet-7"


def _form(**changes):
    form = UserEditForm(
        {
            "full_name": "Nina Nielsen",
            "email": "Nina.Nielsen@Test.dk",
            "role": "member",
            "organisation": changes.pop("organisation"),
            "job_title": "Koordinator",
            "phone": "12 34 56 78",
        }
        | changes
    )
    assert form.is_valid(), form.errors
    return form


def test_the_account_logs_in_with_its_password_and_no_mail_goes_out(
    client, secretariat, organisation_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        person = create_user_with_password(
            form=_form(organisation=organisation_a.pk), password=PASSWORD, by=secretariat
        )
    assert (person.email, person.phone, person.organisation) == (
        "nina.nielsen@test.dk",
        "+4512345678",
        organisation_a,
    )
    assert client.login(username="nina.nielsen@test.dk", password=PASSWORD)
    assert callbacks == []
    assert mail.outbox == []


def test_the_creation_is_recorded_without_the_password(secretariat, organisation_a):
    person = create_user_with_password(
        form=_form(organisation=organisation_a.pk), password=PASSWORD, by=secretariat
    )
    [event] = audit.history(person)
    assert (event.actor, event.action) == (secretariat, AuditEvent.Action.CREATED)
    assert event.changes["full_name"] == [None, "Nina Nielsen"]
    assert event.changes["organisation"] == [None, "Organisation A"]
    assert PASSWORD not in str(event.changes)
    assert "password" not in event.changes


def test_the_portal_itself_may_make_the_first_account(db):
    person = create_user_with_password(
        form=_form(organisation="", role="secretariat"), password=PASSWORD, by=None
    )
    assert person.is_secretariat
    [event] = audit.history(person)
    assert (event.actor, event.actor_name) == (None, "")


def test_a_member_may_not_make_accounts(member_a, organisation_a):
    with pytest.raises(PermissionDenied):
        create_user_with_password(
            form=_form(organisation=organisation_a.pk), password=PASSWORD, by=member_a
        )
    assert not User.objects.filter(email="nina.nielsen@test.dk").exists()


@pytest.mark.parametrize("password", ["kort", "1234567890123", "nina.nielsen"])
def test_a_password_a_person_could_not_choose_is_refused(secretariat, organisation_a, password):
    with pytest.raises(ValidationError):
        create_user_with_password(
            form=_form(organisation=organisation_a.pk), password=password, by=secretariat
        )
    assert not User.objects.filter(email="nina.nielsen@test.dk").exists()
