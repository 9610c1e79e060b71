"""The one table of a volunteer's place in the pipeline, for each role, and nothing outside it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.transitions import MEMBER, SECRETARIAT, SYSTEM, changes, check_transition
from tests.factories import make_initiative, make_volunteer
from volunteers import services
from volunteers.forms import VolunteerForm
from volunteers.models import Volunteer

S = Volunteer.Status
TABLE = services.VOLUNTEER_TRANSITIONS
ROLES = [SECRETARIAT, SYSTEM, MEMBER]
ALLOWED = [(old, new, role) for old, new, roles in changes(TABLE) for role in sorted(roles)]
REFUSED = [
    (old, new, role)
    for old in S
    for new in S
    for role in ROLES
    if old != new and role not in TABLE.get(old, {}).get(new, ())
]


def _move(volunteer, by, status):
    form = VolunteerForm(
        {"status": status, "assigned_initiative": "", "version": volunteer.version},
        instance=volunteer,
    )
    assert form.is_valid(), form.errors
    return services.update_volunteer(form=form, by=by)


def test_the_table_names_only_known_statuses_and_roles():
    for old, new, roles in changes(TABLE):
        assert old in S.values and new in S.values and old != new
        assert roles and roles <= {SECRETARIAT, SYSTEM}


def test_the_portal_itself_only_pauses_an_active_volunteer():
    assert [(old, new) for old, new, roles in changes(TABLE) if SYSTEM in roles] == [
        (S.ACTIVE, S.PAUSED)
    ]


@pytest.mark.parametrize(("old", "new", "role"), ALLOWED)
def test_a_move_in_the_table_is_allowed_for_its_roles(old, new, role, secretariat):
    check_transition(TABLE, current=old, new=new, role=role, statuses=S)
    if role == SECRETARIAT:
        volunteer = make_volunteer(status=old, email_confirmed_at=timezone.now())
        _move(volunteer, secretariat, new)
        volunteer.refresh_from_db()
        assert volunteer.status == new


@pytest.mark.parametrize(("old", "new", "role"), REFUSED)
def test_every_other_move_is_refused(old, new, role, secretariat):
    with pytest.raises(ValidationError) as refused:
        check_transition(TABLE, current=old, new=new, role=role, statuses=S)
    assert refused.value.code == "transition"
    if role == SECRETARIAT:
        volunteer = make_volunteer(status=old, email_confirmed_at=timezone.now())
        with pytest.raises(ValidationError):
            _move(volunteer, secretariat, new)
        volunteer.refresh_from_db()
        assert volunteer.status == old


def test_a_member_may_move_nobody(member_a):
    volunteer = make_volunteer(status=S.NEW)
    with pytest.raises(PermissionDenied):
        _move(volunteer, member_a, S.CONTACTED)
    volunteer.refresh_from_db()
    assert volunteer.status == S.NEW


def test_the_page_offers_the_moves_the_table_allows_and_explains_a_refusal(client_for, secretariat):
    volunteer = make_volunteer(status=S.NEW)
    client = client_for(secretariat)
    url = reverse("volunteers:detail", args=[volunteer.pk])
    page = client.get(url).text
    assert 'value="contacted"' in page and 'value="active"' not in page

    response = client.post(
        url, {"status": "active", "assigned_initiative": "", "version": volunteer.version}
    )
    assert response.status_code == 200
    assert "Status kan ikke ændres fra Ny til Aktiv." in response.text
    volunteer.refresh_from_db()
    assert volunteer.status == S.NEW


def test_the_table_and_the_child_certificate_rule_both_hold(secretariat):
    initiative = make_initiative(involves_children=True)
    volunteer = make_volunteer(status=S.CONTACTED, assigned_initiative=initiative)
    form = VolunteerForm(
        {"status": "active", "assigned_initiative": initiative.pk, "version": volunteer.version},
        instance=volunteer,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError) as refused:
        services.update_volunteer(form=form, by=secretariat)
    assert refused.value.code == "child_certificate"
