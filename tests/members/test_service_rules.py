"""The services refuse what the views refuse, so no other caller can go around the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members import services
from members.forms import OrganisationForm, ProfileForm, UserEditForm, WorkingGroupForm
from members.models import User
from tests.factories import make_group, make_user


@pytest.fixture
def staff(db):
    return User.objects.create_user(
        "drift@test.dk", "x", full_name="Dorte Drift", is_staff=True, role=User.Role.SECRETARIAT
    )


def _edit_form(person, **changes):
    data = {
        "full_name": person.full_name,
        "email": person.email,
        "role": person.role,
        "organisation": person.organisation_id or "",
        "job_title": person.job_title,
        "phone": person.phone,
        "version": person.version,
    } | changes
    form = UserEditForm(data, instance=User.objects.get(pk=person.pk))
    assert form.is_valid(), form.errors
    return form


@pytest.mark.parametrize("protected", ["superuser", "staff"])
def test_the_secretariat_cannot_change_a_protected_accounts_email_through_the_service(
    request, secretariat, protected
):
    person = request.getfixturevalue(protected)
    form = _edit_form(person, email="angriber@example.invalid")
    with pytest.raises(PermissionDenied):
        services.update_user(form=form, by=secretariat)
    person.refresh_from_db()
    assert person.email != "angriber@example.invalid"


@pytest.mark.parametrize("protected", ["superuser", "staff"])
def test_the_secretariat_cannot_deactivate_or_reinvite_a_protected_account_through_the_service(
    request, secretariat, protected
):
    person = request.getfixturevalue(protected)
    with pytest.raises(PermissionDenied):
        services.set_user_active(user=person, active=False, by=secretariat)
    person.set_unusable_password()
    person.save()
    with pytest.raises(PermissionDenied):
        services.send_invitation(user=person, by=secretariat, base_url="http://portal.test/")
    person.refresh_from_db()
    assert person.is_active
    assert not person.invitations.exists()


def test_members_change_no_accounts_organisations_or_groups(member_a, member_b, organisation_b):
    with pytest.raises(PermissionDenied):
        services.update_user(form=_edit_form(member_b, full_name="Overtaget"), by=member_a)
    with pytest.raises(PermissionDenied):
        services.set_user_active(user=member_b, active=False, by=member_a)
    with pytest.raises(PermissionDenied):
        services.set_organisation_active(organisation=organisation_b, active=False, by=member_a)
    form = OrganisationForm(
        {"name": "Ny", "sector": "fond", "joined_on": "2026-01-01"}, instance=None
    )
    assert form.is_valid(), form.errors
    with pytest.raises(PermissionDenied):
        services.create_organisation(form=form, by=member_a)
    group = make_group()
    form = WorkingGroupForm({"name": "Ny gruppe", "kind": "working_group"})
    assert form.is_valid(), form.errors
    with pytest.raises(PermissionDenied):
        services.create_group(form=form, by=member_a)
    with pytest.raises(PermissionDenied):
        services.add_group_member(group=group, person=member_a, by=member_a)
    member_b.refresh_from_db()
    organisation_b.refresh_from_db()
    assert member_b.full_name == "Bo B" and member_b.is_active and organisation_b.active
    assert not group.members.exists()


def test_nobody_edits_another_persons_profile(member_a, member_b):
    form = ProfileForm(
        {"full_name": "Overtaget", "email": member_b.email, "version": member_b.version},
        instance=User.objects.get(pk=member_b.pk),
    )
    assert form.is_valid(), form.errors
    with pytest.raises(PermissionDenied):
        services.update_profile(form=form, by=member_a)


def test_the_secretariat_cannot_deactivate_themselves(secretariat):
    with pytest.raises(ValidationError):
        services.set_user_active(user=secretariat, active=False, by=secretariat)


def test_an_inactive_person_cannot_join_a_group(secretariat, organisation_a):
    gone = make_user(organisation=organisation_a, is_active=False)
    group = make_group()
    with pytest.raises(ValidationError):
        services.add_group_member(group=group, person=gone, by=secretariat)
    assert not group.members.exists()
