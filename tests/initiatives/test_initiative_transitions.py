"""The one table of an initiative's status changes: the secretariat moves them, nobody else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliance.transitions import MEMBER, SECRETARIAT, changes, check_transition
from initiatives import services
from initiatives.forms import InitiativeForm
from initiatives.models import Initiative
from tests.factories import make_initiative

S = Initiative.Status
TABLE = services.INITIATIVE_TRANSITIONS
ALLOWED = [(old, new) for old, new, roles in changes(TABLE) if SECRETARIAT in roles]
REFUSED = [
    (old, new)
    for old in S
    for new in S
    if old != new and SECRETARIAT not in TABLE.get(old, {}).get(new, ())
]


def _data(initiative, **overrides):
    return {
        "name": initiative.name,
        "slug": initiative.slug,
        "summary": initiative.summary,
        "goals": [goal.pk for goal in initiative.goals.all()],
        "lead_organisation": initiative.lead_organisation_id,
        "status": initiative.status,
        "version": initiative.version,
    } | overrides


def _edit(initiative, by, **overrides):
    form = InitiativeForm(_data(initiative, **overrides), instance=initiative)
    assert form.is_valid(), form.errors
    return services.update_initiative(form=form, by=by)


def test_only_the_secretariat_appears_in_the_table():
    assert {role for _old, _new, roles in changes(TABLE) for role in roles} == {SECRETARIAT}


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_the_secretariat_makes_every_move_in_the_table(old, new, secretariat):
    initiative = make_initiative(status=old)
    _edit(initiative, secretariat, status=new)
    initiative.refresh_from_db()
    assert initiative.status == new


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_every_move_outside_the_table_is_refused(old, new, secretariat):
    initiative = make_initiative(status=old)
    with pytest.raises(ValidationError) as refused:
        _edit(initiative, secretariat, status=new)
    assert refused.value.code == "transition"
    initiative.refresh_from_db()
    assert initiative.status == old


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_a_member_makes_no_move(old, new, member_a):
    with pytest.raises(ValidationError):
        check_transition(TABLE, current=old, new=new, role=MEMBER, statuses=S)
    initiative = make_initiative(status=old)
    with pytest.raises(PermissionDenied):
        _edit(initiative, member_a, status=new)
    initiative.refresh_from_db()
    assert initiative.status == old


def test_an_edit_that_keeps_the_status_needs_no_move(secretariat):
    initiative = make_initiative(status=S.COMPLETED)
    _edit(initiative, secretariat, summary="Afsluttet i 2026.")
    initiative.refresh_from_db()
    assert (initiative.summary, initiative.status) == ("Afsluttet i 2026.", S.COMPLETED)


def test_the_edit_page_offers_the_moves_the_table_allows_and_refuses_others(
    client_for, secretariat
):
    initiative = make_initiative(status=S.COMPLETED)
    client = client_for(secretariat)
    url = reverse("initiatives:initiative_edit", args=[initiative.slug])
    page = client.get(url).text
    assert 'value="active"' in page and 'value="paused"' not in page

    response = client.post(url, _data(initiative, status="paused"))
    assert response.status_code == 200
    assert "Status kan ikke ændres fra Afsluttet til Sat på pause." in response.text
    initiative.refresh_from_db()
    assert initiative.status == S.COMPLETED


def test_a_new_initiative_starts_planned_or_active(client_for, secretariat):
    form = InitiativeForm()
    assert [value for value, _label in form.fields["status"].choices] == [S.PLANNED, S.ACTIVE]
    template = make_initiative()
    data = _data(template, name="Ny indsats", slug="ny", status="completed")
    response = client_for(secretariat).post(reverse("initiatives:initiative_create"), data)
    assert response.status_code == 200
    assert not Initiative.objects.filter(slug="ny").exists()
