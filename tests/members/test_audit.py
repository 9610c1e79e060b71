"""Every write on organisations, groups, people and invitations leaves an event in the trail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from alliance import audit
from alliance.models import AuditEvent
from members.models import Organisation, User, WorkingGroup
from tests.factories import make_group, make_organisation, make_user

Action = AuditEvent.Action


def _organisation_data(organisation, **changes):
    return {
        "name": organisation.name,
        "sector": organisation.sector,
        "cvr": organisation.cvr,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "joined_on": organisation.joined_on.isoformat(),
        "version": organisation.version,
    } | changes


def _user_data(person, **changes):
    return {
        "full_name": person.full_name,
        "email": person.email,
        "role": person.role,
        "organisation": person.organisation_id or "",
        "job_title": person.job_title,
        "phone": person.phone,
        "version": person.version,
    } | changes


def test_organisation_create_edit_and_deactivation_are_recorded(client_for, secretariat):
    client = client_for(secretariat)
    client.post(
        reverse("members:organisation_create"),
        {"name": "Lektiecaféen", "sector": "civilsamfund", "joined_on": "2026-11-01"},
    )
    organisation = Organisation.objects.get(name="Lektiecaféen")
    created = audit.history(organisation).get()
    assert (created.action, created.actor) == (Action.CREATED, secretariat)
    assert created.changes["name"] == [None, "Lektiecaféen"]

    client.post(
        reverse("members:organisation_edit", args=[organisation.pk]),
        _organisation_data(organisation, name="Lektiecaféen i Nord"),
    )
    changed = audit.history(organisation).get(action=Action.CHANGED, changes__has_key="name")
    assert changed.changes == {"name": ["Lektiecaféen", "Lektiecaféen i Nord"]}

    client.post(
        reverse("members:organisation_set_active", args=[organisation.pk]), {"active": "false"}
    )
    organisation.refresh_from_db()
    assert not organisation.active
    event = audit.history(organisation).first()
    assert (event.actor, event.changes) == (secretariat, {"active": [True, False]})


def test_group_create_edit_and_membership_are_recorded_on_the_group(
    client_for, secretariat, member_a
):
    client = client_for(secretariat)
    client.post(
        reverse("members:group_create"),
        {"name": "Arbejdsgruppe for job", "kind": "working_group", "purpose": ""},
    )
    group = WorkingGroup.objects.get()
    assert audit.history(group).get().action == Action.CREATED

    client.post(
        reverse("members:group_edit", args=[group.pk]),
        {"name": group.name, "kind": group.kind, "purpose": "Flere i job.", "version": 1},
    )
    assert audit.history(group).first().changes == {"purpose": ["", "Flere i job."]}

    client.post(reverse("members:group_member_add", args=[group.pk]), {"user": member_a.pk})
    added = audit.history(group).first()
    assert (added.actor, added.changes) == (secretariat, {"members": [[], ["Anna A"]]})
    assert ("Medlemmer", "–", "Anna A") in audit.rows(added)

    client.post(reverse("members:group_member_remove", args=[group.pk, member_a.pk]))
    assert audit.history(group).first().changes == {"members": [["Anna A"], []]}
    assert audit.history(group).count() == 4


def test_invite_reinvite_and_acceptance_are_recorded_without_the_password(
    client, client_for, secretariat, organisation_a, django_capture_on_commit_callbacks
):
    staff = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("members:user_invite"),
            {
                "full_name": "Ny Person",
                "email": "ny@test.dk",
                "role": "member",
                "organisation": organisation_a.pk,
            },
        )
    person = User.objects.get(email="ny@test.dk")
    created = audit.history(person).get()
    assert (created.action, created.actor) == (Action.CREATED, secretariat)
    assert created.changes["organisation"] == [None, "Organisation A"]
    assert created.note == "Invitationen er sendt til ny@test.dk."

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("members:user_reinvite", args=[person.pk]))
    assert "ny invitation" in audit.history(person).first().note

    staff.logout()
    path = re.search(r"(/konto/invitation/\S+/)", mail.outbox[-1].body).group(1)
    password = "en lang og god adgangskode"
    client.post(path, {"new_password1": password, "new_password2": password})
    accepted = audit.history(person).first()
    assert accepted.actor == person
    assert accepted.changes == {}
    assert "adgangskoden er valgt" in accepted.note
    assert password not in str([event.changes for event in audit.history(person)])


def test_the_secretariats_edit_and_deactivation_of_a_person_are_recorded(
    client_for, secretariat, member_a, organisation_b
):
    client = client_for(secretariat)
    client.post(
        reverse("members:user_edit", args=[member_a.pk]),
        _user_data(member_a, organisation=organisation_b.pk, job_title="Leder"),
    )
    event = audit.history(member_a).get()
    assert (event.action, event.actor) == (Action.CHANGED, secretariat)
    assert event.changes == {
        "organisation": ["Organisation A", "Organisation B"],
        "job_title": ["", "Leder"],
    }

    client.post(reverse("members:user_set_active", args=[member_a.pk]), {"active": "false"})
    assert audit.history(member_a).first().changes == {"is_active": [True, False]}


def test_a_persons_own_profile_edit_is_recorded_as_theirs(client_for, member_a):
    client_for(member_a).post(
        reverse("members:profile"),
        {
            "full_name": "Anna Andersen",
            "email": member_a.email,
            "phone": "",
            "job_title": "",
            "version": member_a.version,
        },
    )
    event = audit.history(member_a).get()
    assert (event.actor, event.changes) == (member_a, {"full_name": ["Anna A", "Anna Andersen"]})


def test_the_history_shows_on_the_object_pages_for_the_secretariat_only(
    client_for, secretariat, member_a, organisation_a
):
    group = make_group(members=[member_a])
    pages = [
        reverse("members:organisation_detail", args=[organisation_a.pk]),
        reverse("members:group_detail", args=[group.pk]),
    ]
    for url in pages:
        assert 'id="historik"' in client_for(secretariat).get(url).text, url
        assert 'id="historik"' not in client_for(member_a).get(url).text, url
    user_page = client_for(secretariat).get(reverse("members:user_edit", args=[member_a.pk]))
    assert 'id="historik"' in user_page.text


@pytest.mark.parametrize("model", ["organisation", "workinggroup", "invitation"])
def test_organisations_groups_and_invitations_are_read_only_in_the_admin(
    client_for, superuser, secretariat, member_a, model
):
    from members.models import Invitation

    objects = {
        "organisation": member_a.organisation,
        "workinggroup": make_group(members=[member_a]),
        "invitation": Invitation.issue(user=member_a, invited_by=secretariat)[0],
    }
    obj = objects[model]
    client = client_for(superuser)
    assert client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200
    change = reverse(f"admin:members_{model}_change", args=[obj.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert client.post(change, {"name": "Overtaget", "kind": "working_group"}).status_code == 403
    assert client.get(reverse(f"admin:members_{model}_add")).status_code == 403
    delete = reverse(f"admin:members_{model}_delete", args=[obj.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    stored = type(obj).objects.get(pk=obj.pk)
    assert audit.snapshot(stored) == audit.snapshot(obj)
    assert not AuditEvent.objects.exists()


def _admin_user_data(person, **changes):
    return {
        "email": person.email,
        "full_name": person.full_name,
        "job_title": person.job_title,
        "phone": person.phone,
        "role": person.role,
        "organisation": person.organisation_id or "",
        "is_active": "on",
    } | changes


def test_a_superusers_admin_save_is_recorded_and_an_open_portal_form_reports_a_conflict(
    client_for, superuser, secretariat, member_a
):
    opened_version = member_a.version
    from django.test import Client

    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        reverse("admin:members_user_change", args=[member_a.pk]),
        _admin_user_data(member_a, full_name="Anna Admin-rettet"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    member_a.refresh_from_db()
    assert member_a.full_name == "Anna Admin-rettet"
    assert member_a.version == opened_version + 1
    event = audit.history(member_a).get()
    assert (event.action, event.actor) == (Action.CHANGED, superuser)
    assert event.changes == {"full_name": ["Anna A", "Anna Admin-rettet"]}
    assert event.note == "Gemt i administrationen."

    response = client_for(secretariat).post(
        reverse("members:user_edit", args=[member_a.pk]),
        _user_data(member_a, full_name="Anna fra portalen", version=opened_version),
    )
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.text
    assert "Anna Admin-rettet" in response.text
    member_a.refresh_from_db()
    assert member_a.full_name == "Anna Admin-rettet"


def test_a_superusers_admin_add_and_delete_are_recorded(client_for, superuser, organisation_a):
    client = client_for(superuser)
    response = client.post(
        reverse("admin:members_user_add"),
        {
            "email": "ny@test.dk",
            "full_name": "Nina Ny",
            "role": "member",
            "organisation": organisation_a.pk,
            "password1": "en lang og god adgangskode",
            "password2": "en lang og god adgangskode",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(email="ny@test.dk")
    created = audit.history(person).get()
    assert (created.action, created.actor) == (Action.CREATED, superuser)
    assert created.changes["full_name"] == [None, "Nina Ny"]
    assert "password" not in created.changes

    pk = person.pk
    client.post(reverse("admin:members_user_delete", args=[pk]), {"post": "yes"})
    assert not User.objects.filter(pk=pk).exists()
    deleted = AuditEvent.objects.get(action=Action.DELETED)
    assert (deleted.object_id, deleted.actor) == (str(pk), superuser)
    assert deleted.changes["email"] == ["ny@test.dk", None]


def test_a_deleted_account_keeps_a_readable_history(superuser):
    person = make_user(full_name="Kortvarig")
    from members import services

    services.delete_user_in_admin(user=person, by=superuser)
    assert AuditEvent.objects.get().object_label == "Kortvarig"


def test_an_organisation_deactivated_twice_records_once(secretariat):
    from members import services

    organisation = make_organisation()
    services.set_organisation_active(organisation=organisation, active=False, by=secretariat)
    services.set_organisation_active(organisation=organisation, active=False, by=secretariat)
    assert audit.history(organisation).count() == 1
