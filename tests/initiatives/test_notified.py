"""Who hears of a proposed, accepted or endangered commitment."""

import pytest
from django.core import mail
from django.urls import reverse

from alliance.models import Notification
from initiatives.models import Commitment
from initiatives.services import post_update
from tests.factories import make_commitment, make_initiative, make_user

Kind = Notification.Kind

pytestmark = pytest.mark.django_db


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_proposal_is_told_to_the_secretariat(
    client_for, member_a, secretariat, django_capture_on_commit_callbacks
):
    initiative = make_initiative(name="Lektiecafé")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(member_a).post(
            reverse("initiatives:commitment_create", args=[initiative.slug]),
            {"description": "Vi stiller to trænere."},
        )

    assert _told(Kind.COMMITMENT_PROPOSED) == [secretariat.email]
    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert "Organisation A" in message.subject
    assert "Lektiecafé" in message.body


def test_accepting_a_proposal_is_told_to_the_proposing_organisation(
    member_a, member_b, secretariat, organisation_a, django_capture_on_commit_callbacks
):
    colleague = make_user(email="kollega@test.dk", organisation=organisation_a)
    commitment = make_commitment(organisation=organisation_a, status=Commitment.Status.PROPOSED)

    with django_capture_on_commit_callbacks(execute=True):
        post_update(commitment=commitment, by=secretariat, status="active", note="Velkommen.")

    assert _told(Kind.COMMITMENT_ACCEPTED) == sorted([member_a.email, colleague.email])
    assert "Velkommen." in mail.outbox[0].body


def test_a_commitment_at_risk_is_told_to_the_secretariat_and_the_lead_organisation(
    member_a, member_b, secretariat, organisation_a, organisation_b
):
    initiative = make_initiative(lead=organisation_b)
    commitment = make_commitment(initiative=initiative, organisation=organisation_a)

    post_update(commitment=commitment, by=member_a, status="at_risk", note="Vi mangler folk.")

    # Member A moved it, so member A is not told.
    assert _told(Kind.COMMITMENT_AT_RISK) == sorted([member_b.email, secretariat.email])
    assert not Notification.objects.exclude(kind=Kind.COMMITMENT_AT_RISK).exists()


def test_a_plain_progress_note_tells_nobody(member_a, secretariat, organisation_a):
    commitment = make_commitment(organisation=organisation_a)

    post_update(commitment=commitment, by=member_a, status="active", note="Det går fint.")

    assert not Notification.objects.exists()
