"""The one table of a commitment's status changes, for each role, and nothing outside it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance.transitions import MEMBER, SECRETARIAT, changes
from initiatives import services
from initiatives.forms import CommitmentEditForm, CommitmentForm
from initiatives.models import Commitment
from tests.factories import make_commitment, make_initiative

S = Commitment.Status
TABLE = services.COMMITMENT_TRANSITIONS
ALLOWED = [(old, new, role) for old, new, roles in changes(TABLE) for role in sorted(roles)]
REFUSED = [
    (old, new, role)
    for old in S
    for new in S
    for role in [SECRETARIAT, MEMBER]
    if role not in TABLE.get(old, {}).get(new, ())
]


def _person(role, secretariat, member_a):
    return secretariat if role == SECRETARIAT else member_a


def test_the_table_names_only_known_statuses_and_roles():
    for old, new, roles in changes(TABLE):
        assert old in S.values and new in S.values
        assert roles and roles <= {SECRETARIAT, MEMBER}


@pytest.mark.parametrize(("old", "new", "role"), ALLOWED)
def test_a_move_in_the_table_is_allowed_for_its_roles(old, new, role, secretariat, member_a):
    commitment = make_commitment(organisation=member_a.organisation, status=old)
    person = _person(role, secretariat, member_a)
    services.post_update(commitment=commitment, by=person, status=new, note="Sådan går det.")
    commitment.refresh_from_db()
    assert commitment.status == new


@pytest.mark.parametrize(("old", "new", "role"), REFUSED)
def test_every_other_move_is_refused(old, new, role, secretariat, member_a):
    commitment = make_commitment(organisation=member_a.organisation, status=old)
    person = _person(role, secretariat, member_a)
    with pytest.raises(ValidationError) as refused:
        services.post_update(commitment=commitment, by=person, status=new, note="")
    assert refused.value.code == "transition"
    commitment.refresh_from_db()
    assert (commitment.status, commitment.updates.count()) == (old, 0)


def test_only_the_secretariat_accepts_a_proposal():
    assert TABLE[S.PROPOSED][S.ACTIVE] == {SECRETARIAT}


def test_another_organisations_member_may_change_nothing(member_b, member_a):
    commitment = make_commitment(organisation=member_a.organisation, status=S.ACTIVE)
    assert services.allowed_statuses(commitment, member_b) == []
    with pytest.raises(ValidationError):
        services.post_update(commitment=commitment, by=member_b, status=S.AT_RISK, note="")


def test_a_member_cannot_withdraw_a_proposal_and_then_make_it_active(client_for, member_a):
    commitment = make_commitment(organisation=member_a.organisation, status=S.PROPOSED)
    client = client_for(member_a)
    url = reverse("initiatives:commitment_update", args=[commitment.pk])

    client.post(url, {"version": commitment.version, "status": "withdrawn", "note": "Nej tak."})
    commitment.refresh_from_db()
    assert commitment.status == S.WITHDRAWN
    page = client.get(url)
    assert 'value="active"' not in page.text

    response = client.post(
        url, {"version": commitment.version, "status": "active", "note": "Alligevel."}
    )
    assert response.status_code == 200
    assert "Status kan ikke ændres fra Trukket tilbage til Aktiv." in response.text
    commitment.refresh_from_db()
    assert commitment.status == S.WITHDRAWN


# --- the edit forms cannot move the status past the table ----------------------------------


def _edit_data(commitment, **overrides):
    return {
        "organisation": commitment.organisation_id,
        "description": commitment.description,
        "next_update_due": commitment.next_update_due.isoformat(),
        "version": commitment.version,
    } | overrides


def test_the_secretariats_edit_form_does_not_carry_the_status(client_for, secretariat):
    commitment = make_commitment(status=S.PROPOSED)
    response = client_for(secretariat).post(
        reverse("initiatives:commitment_edit", args=[commitment.pk]),
        _edit_data(commitment, status="completed", description="Ny tekst."),
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.description, commitment.status) == ("Ny tekst.", S.PROPOSED)
    assert "status" not in CommitmentEditForm(instance=commitment).fields


class _EditWithStatus(CommitmentEditForm):
    class Meta(CommitmentEditForm.Meta):
        fields = [*CommitmentEditForm.Meta.fields, "status"]


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [(S.ACTIVE, S.AT_RISK, True), (S.ACTIVE, S.PROPOSED, False), (S.COMPLETED, S.WITHDRAWN, False)],
)
def test_an_edit_that_carries_the_status_is_held_to_the_table(old, new, allowed, secretariat):
    commitment = make_commitment(status=old)
    form = _EditWithStatus(_edit_data(commitment, status=new), instance=commitment)
    assert form.is_valid(), form.errors
    if allowed:
        services.update_commitment(form=form, by=secretariat)
    else:
        with pytest.raises(ValidationError):
            services.update_commitment(form=form, by=secretariat)
    commitment.refresh_from_db()
    assert commitment.status == (new if allowed else old)


# --- a new commitment -------------------------------------------------------------------


def test_the_secretariat_adds_commitments_proposed_or_active_only(client_for, secretariat):
    initiative = make_initiative()
    assert [value for value, _label in CommitmentForm().fields["status"].choices] == [
        S.PROPOSED,
        S.ACTIVE,
    ]
    url = reverse("initiatives:commitment_create", args=[initiative.slug])
    data = {
        "organisation": make_commitment().organisation_id,
        "description": "Vi hjælper.",
        "next_update_due": "2027-01-31",
    }
    response = client_for(secretariat).post(url, data | {"status": "completed"})
    assert response.status_code == 200
    assert not initiative.commitments.exists()

    form = CommitmentForm(data | {"status": "proposed"})
    assert form.is_valid(), form.errors
    form.instance.status = S.COMPLETED  # past the form, the service still refuses
    with pytest.raises(ValidationError):
        services.create_commitment(form=form, initiative=initiative, by=secretariat)
    assert not initiative.commitments.exists()
