"""The table of status changes a progress update may make, for each role, and nothing outside it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives import services
from initiatives.models import Commitment
from tests.factories import make_commitment

S = Commitment.Status
EVERY_CHANGE = [(old, new) for old in S for new in S]


def _expected(old, new, role):
    return role in services.COMMITMENT_TRANSITIONS[old].get(new, ())


@pytest.mark.parametrize(("old", "new"), EVERY_CHANGE)
@pytest.mark.parametrize("role", ["secretariat", "member"])
def test_every_change_is_allowed_or_refused_by_the_table(old, new, role, secretariat, member_a):
    commitment = make_commitment(organisation=member_a.organisation, status=old)
    person = secretariat if role == "secretariat" else member_a
    if _expected(old, new, role):
        services.post_update(commitment=commitment, by=person, status=new, note="")
        commitment.refresh_from_db()
        assert commitment.status == new
    else:
        with pytest.raises(ValidationError):
            services.post_update(commitment=commitment, by=person, status=new, note="")
        commitment.refresh_from_db()
        assert commitment.status == old


def test_only_the_secretariat_accepts_a_proposal():
    proposed = services.COMMITMENT_TRANSITIONS[S.PROPOSED]
    assert proposed[S.ACTIVE] == {"secretariat"}


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
    assert "kan du ikke give status Aktiv" in response.text
    commitment.refresh_from_db()
    assert commitment.status == S.WITHDRAWN


def test_another_organisations_member_may_change_nothing(member_b, member_a):
    commitment = make_commitment(organisation=member_a.organisation, status=S.ACTIVE)
    assert services.allowed_statuses(commitment, member_b) == []
    with pytest.raises(ValidationError):
        services.post_update(commitment=commitment, by=member_b, status=S.AT_RISK, note="")
