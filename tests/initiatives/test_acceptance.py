"""The secretariat accepts a proposed commitment, or sends it back with a reason."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliance import audit
from alliance.models import AuditEvent, Notification
from alliance.versioning import EditConflict
from initiatives import services
from initiatives.forms import CommitmentUpdateForm, MemberCommitmentForm
from initiatives.models import Commitment
from tests.factories import make_commitment, make_initiative, make_user

S = Commitment.Status
Kind = Notification.Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(organisation_a):
    return make_commitment(
        initiative=make_initiative(name="Lektiecafé"),
        organisation=organisation_a,
        status=S.PROPOSED,
        description="Vi stiller to trænere.",
    )


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def _accept_url(commitment):
    return reverse("initiatives:commitment_accept", args=[commitment.pk])


def _return_url(commitment):
    return reverse("initiatives:commitment_return", args=[commitment.pk])


# --- the services ---------------------------------------------------------------------


def test_accepting_makes_the_proposal_active_and_logs_it(proposal, secretariat):
    update = services.accept_commitment(commitment=proposal, by=secretariat)

    proposal.refresh_from_db()
    assert proposal.status == S.ACTIVE
    assert (update.author, update.status) == (secretariat, S.ACTIVE)
    assert list(proposal.updates.all()) == [update]
    assert update.note == "Sekretariatet har taget imod tilsagnet."
    event = audit.history(proposal).first()
    assert (event.actor, event.action) == (secretariat, AuditEvent.Action.STATUS)
    assert event.changes["status"] == ["proposed", "active"]


def test_accepting_tells_the_proposing_organisation(
    proposal, secretariat, member_a, member_b, organisation_a, django_capture_on_commit_callbacks
):
    colleague = make_user(email="kollega@test.dk", organisation=organisation_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_commitment(commitment=proposal, by=secretariat)

    assert _told(Kind.COMMITMENT_ACCEPTED) == sorted([member_a.email, colleague.email])
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [member_a.email, colleague.email]
    )
    assert "Lektiecafé" in mail.outbox[0].subject


def test_a_proposal_is_not_accepted_twice(proposal, secretariat):
    services.accept_commitment(commitment=proposal, by=secretariat)
    with pytest.raises(ValidationError, match="allerede taget imod"):
        services.accept_commitment(commitment=proposal, by=secretariat)
    assert proposal.updates.count() == 1


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.COMPLETED, S.AT_RISK])
def test_only_a_proposal_can_be_accepted_or_sent_back(status, secretariat, organisation_a):
    commitment = make_commitment(organisation=organisation_a, status=status)
    with pytest.raises(ValidationError):
        services.accept_commitment(commitment=commitment, by=secretariat)
    with pytest.raises(ValidationError):
        services.return_commitment(commitment=commitment, by=secretariat, reason="Nej.")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.returned_at) == (status, None)


def test_members_may_not_accept_or_send_back_even_their_own(proposal, member_a, member_b):
    for person in (member_a, member_b):
        with pytest.raises(PermissionDenied):
            services.accept_commitment(commitment=proposal, by=person)
        with pytest.raises(PermissionDenied):
            services.return_commitment(commitment=proposal, by=person, reason="Ret det.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.returned_at, proposal.updates.count()) == (
        S.PROPOSED,
        None,
        0,
    )


def test_an_accept_from_a_page_opened_before_an_edit_is_refused(proposal, secretariat):
    seen = proposal.version
    Commitment.objects.filter(pk=proposal.pk).update(version=seen + 1)
    with pytest.raises(EditConflict):
        services.accept_commitment(commitment=proposal, by=secretariat, seen_version=seen)
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED


def test_sending_back_needs_a_reason(proposal, secretariat):
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.return_commitment(commitment=proposal, by=secretariat, reason=reason)
        assert refused.value.code == "required"
    proposal.refresh_from_db()
    assert (proposal.returned_at, proposal.updates.count()) == (None, 0)


def test_sending_back_keeps_it_proposed_logs_the_reason_and_tells_the_organisation(
    proposal, secretariat, member_a, member_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = services.return_commitment(
            commitment=proposal, by=secretariat, reason="Hvor mange timer om ugen?"
        )

    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED
    assert proposal.is_returned
    assert proposal.return_reason == "Hvor mange timer om ugen?"
    assert (update.author, update.status) == (secretariat, S.PROPOSED)
    assert "Hvor mange timer om ugen?" in update.note
    event = audit.history(proposal).first()
    assert event.actor == secretariat
    assert event.changes["return_reason"] == ["", "Hvor mange timer om ugen?"]
    assert _told(Kind.COMMITMENT_RETURNED) == [member_a.email]
    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert "Hvor mange timer om ugen?" in message.body
    assert "Lektiecafé" in message.subject


def test_a_returned_proposal_leaves_the_waiting_list_until_the_organisation_edits_it(
    proposal, secretariat, member_a, django_capture_on_commit_callbacks
):
    assert list(Commitment.objects.awaiting_acceptance()) == [proposal]
    services.return_commitment(commitment=proposal, by=secretariat, reason="Hvor mange timer?")
    assert not Commitment.objects.awaiting_acceptance().exists()
    with pytest.raises(ValidationError, match="allerede sendt tilbage"):
        services.return_commitment(commitment=proposal, by=secretariat, reason="Igen.")

    proposal.refresh_from_db()
    form = MemberCommitmentForm(
        {"description": "Vi stiller to trænere, fire timer om ugen.", "version": proposal.version},
        instance=proposal,
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        services.update_commitment(form=form, by=member_a)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.returned_at) == (S.PROPOSED, None)
    assert list(Commitment.objects.awaiting_acceptance()) == [proposal]
    assert _told(Kind.COMMITMENT_PROPOSED) == [secretariat.email]


def test_the_secretariats_own_edit_does_not_put_it_back_in_the_list(proposal, secretariat):
    services.return_commitment(commitment=proposal, by=secretariat, reason="Hvor mange timer?")
    proposal.refresh_from_db()
    form = MemberCommitmentForm(
        {"description": "Rettet af sekretariatet.", "version": proposal.version},
        instance=proposal,
    )
    assert form.is_valid(), form.errors
    services.update_commitment(form=form, by=secretariat)
    proposal.refresh_from_db()
    assert proposal.is_returned


def test_accepting_a_returned_proposal_clears_the_return(proposal, secretariat):
    services.return_commitment(commitment=proposal, by=secretariat, reason="Hvor mange timer?")
    services.accept_commitment(commitment=proposal, by=secretariat)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.returned_at, proposal.return_reason) == (S.ACTIVE, None, "")


def test_the_update_form_no_longer_offers_to_accept_a_proposal(proposal, secretariat):
    form = CommitmentUpdateForm(commitment=proposal, user=secretariat)
    offered = [value for value, label in form.fields["status"].widget.choices]
    assert S.ACTIVE not in offered
    assert S.WITHDRAWN in offered


# --- the pages ------------------------------------------------------------------------


def test_the_secretariat_accepts_from_the_commitment_page(
    client_for, proposal, secretariat, member_a
):
    client = client_for(secretariat)
    page = client.get(reverse("initiatives:commitment_detail", args=[proposal.pk]))
    assert "Tag imod tilsagnet" in page.text
    assert _accept_url(proposal) in page.text

    response = client.post(_accept_url(proposal), {"version": proposal.version}, follow=True)

    proposal.refresh_from_db()
    assert proposal.status == S.ACTIVE
    assert response.redirect_chain[-1][0] == reverse(
        "initiatives:commitment_detail", args=[proposal.pk]
    )
    assert "er taget imod" in response.text
    assert "Tag imod tilsagnet" not in response.text


def test_a_second_accept_says_so_instead_of_failing(client_for, proposal, secretariat):
    client = client_for(secretariat)
    client.post(_accept_url(proposal), {"version": proposal.version})
    proposal.refresh_from_db()
    response = client.post(_accept_url(proposal), {"version": proposal.version}, follow=True)
    assert response.status_code == 200
    assert "Tilsagnet er allerede taget imod." in response.text


def test_an_accept_goes_back_to_the_page_it_came_from_inside_the_portal_only(
    client_for, proposal, secretariat
):
    response = client_for(secretariat).post(
        _accept_url(proposal), {"version": proposal.version, "next": "https://ondt.example/"}
    )
    assert response["Location"] == reverse("initiatives:commitment_detail", args=[proposal.pk])
    other = make_commitment(status=S.PROPOSED)
    response = client_for(secretariat).post(
        _accept_url(other), {"version": other.version, "next": "/portal/sekretariat/"}
    )
    assert response["Location"] == "/portal/sekretariat/"


def test_who_may_accept_and_send_back(client_for, proposal, member_a, member_b, client):
    assert client.post(_accept_url(proposal))["Location"].startswith(reverse("members:login"))
    assert client_for(member_a).post(_accept_url(proposal)).status_code == 403
    assert client_for(member_a).get(_return_url(proposal)).status_code == 403
    assert client_for(member_b).post(_accept_url(proposal)).status_code == 404
    assert client_for(member_b).get(_return_url(proposal)).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED


def test_accepting_is_a_post_only(client_for, proposal, secretariat):
    assert client_for(secretariat).get(_accept_url(proposal)).status_code == 405


def test_sending_back_without_a_reason_asks_for_one(client_for, proposal, secretariat):
    client = client_for(secretariat)
    response = client.post(
        _return_url(proposal), {"version": proposal.version, "reason": "", "next": "/portal/"}
    )
    assert response.status_code == 200
    assert "Skriv, hvorfor tilsagnet sendes tilbage." in response.text
    assert 'name="next" value="/portal/"' in response.text
    proposal.refresh_from_db()
    assert proposal.returned_at is None


def test_the_organisation_sees_the_returned_state_and_the_reason(
    client_for, proposal, secretariat, member_a
):
    response = client_for(secretariat).post(
        _return_url(proposal), {"version": proposal.version, "reason": "Hvor mange timer?"}
    )
    assert response["Location"] == reverse("initiatives:commitment_detail", args=[proposal.pk])

    page = client_for(member_a).get(response["Location"])
    assert "Sendt tilbage af sekretariatet" in page.text
    assert "Hvor mange timer?" in page.text
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}">', page.text)
    assert reverse("initiatives:commitment_edit", args=[proposal.pk]) in page.text
    assert "Tag imod tilsagnet" not in page.text
