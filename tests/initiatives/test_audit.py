"""Every write on initiatives and commitments leaves an event; the admin only reads."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from alliance import audit
from alliance.models import AuditEvent
from initiatives import services
from initiatives.forms import CommitmentForm, InitiativeForm, MemberCommitmentForm
from initiatives.models import Commitment, CommitmentUpdate, Initiative
from tests.factories import make_commitment, make_initiative, make_organisation

Action = AuditEvent.Action


def _only_event(instance):
    events = list(audit.history(instance))
    assert len(events) == 1, events
    return events[0]


def test_creating_and_editing_an_initiative_is_recorded(secretariat):
    template = make_initiative()
    data = {
        "name": "Sommerskole",
        "slug": "sommerskole",
        "summary": "Lektier og leg.",
        "goals": [template.goals.get().pk],
        "lead_organisation": template.lead_organisation_id,
        "status": "planned",
    }
    form = InitiativeForm(data)
    assert form.is_valid(), form.errors
    initiative = services.create_initiative(form=form, by=secretariat)
    created = _only_event(initiative)
    assert (created.actor, created.action) == (secretariat, Action.CREATED)
    assert created.changes["name"] == [None, "Sommerskole"]
    assert created.changes["status"] == [None, "planned"]

    form = InitiativeForm(
        data | {"status": "active", "summary": "Lektier, leg og mad.", "version": 1},
        instance=initiative,
    )
    assert form.is_valid(), form.errors
    services.update_initiative(form=form, by=secretariat)
    changed = audit.history(initiative).first()
    assert (changed.actor, changed.action) == (secretariat, Action.STATUS)
    assert changed.changes == {
        "summary": ["Lektier og leg.", "Lektier, leg og mad."],
        "status": ["planned", "active"],
    }


def test_a_proposal_and_its_edit_are_recorded(member_a, organisation_b):
    initiative = make_initiative()
    form = MemberCommitmentForm({"description": "Vi låner lokaler ud."})
    assert form.is_valid(), form.errors
    commitment = services.create_commitment(form=form, initiative=initiative, by=member_a)
    created = _only_event(commitment)
    assert (created.actor, created.action) == (member_a, Action.CREATED)
    assert created.changes["description"] == [None, "Vi låner lokaler ud."]
    assert commitment.status == Commitment.Status.PROPOSED
    assert commitment.organisation == member_a.organisation

    form = MemberCommitmentForm(
        {"description": "Vi låner lokaler ud om tirsdagen.", "version": commitment.version},
        instance=commitment,
    )
    assert form.is_valid(), form.errors
    services.update_commitment(form=form, by=member_a)
    changed = audit.history(commitment).first()
    assert (changed.actor, changed.action) == (member_a, Action.CHANGED)
    assert changed.changes == {
        "description": ["Vi låner lokaler ud.", "Vi låner lokaler ud om tirsdagen."]
    }


def test_the_secretariat_adds_an_active_commitment_and_it_is_recorded(secretariat):
    initiative = make_initiative()
    organisation = make_organisation(name="Kronborg IF")
    form = CommitmentForm(
        {
            "organisation": organisation.pk,
            "description": "Trænere.",
            "status": "active",
            "next_update_due": "2027-01-31",
        }
    )
    assert form.is_valid(), form.errors
    commitment = services.create_commitment(form=form, initiative=initiative, by=secretariat)
    created = _only_event(commitment)
    assert (created.actor, created.action) == (secretariat, Action.CREATED)
    assert created.changes["status"] == [None, "active"]
    assert created.changes["organisation"] == [None, "Kronborg IF"]
    assert commitment.created_by == secretariat


def test_a_progress_update_records_the_status_and_the_note(member_a):
    commitment = make_commitment(
        organisation=member_a.organisation, status="active", next_update_due=date(2026, 1, 5)
    )
    services.post_update(commitment=commitment, by=member_a, status="at_risk", note="Svært.")
    event = _only_event(commitment)
    assert (event.actor, event.action, event.note) == (member_a, Action.STATUS, "Svært.")
    assert event.changes["status"] == ["active", "at_risk"]
    assert event.changes["next_update_due"] == [
        "2026-01-05",
        commitment.next_update_due.isoformat(),
    ]


# --- the admin -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Initiative, Commitment, CommitmentUpdate])
def test_the_admin_only_reads(model, rf, superuser):
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_change_permission(request)


def test_a_superusers_post_to_the_admin_changes_nothing(client_for, superuser):
    initiative = make_initiative(name="Lektiecafé", status="active")
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    client = client_for(superuser)
    assert client.get(url).status_code == 200
    client.post(url, {"name": "Ændret i admin", "status": "completed"})
    initiative.refresh_from_db()
    assert (initiative.name, initiative.status) == ("Lektiecafé", "active")
    assert not AuditEvent.objects.exists()


# --- the history on the pages -------------------------------------------------------------


def test_the_history_shows_for_the_secretariat_only(client_for, secretariat, member_a):
    commitment = make_commitment(organisation=member_a.organisation, status="active")
    services.post_update(commitment=commitment, by=member_a, status="at_risk", note="Svært.")
    pages = [
        reverse("initiatives:initiative_detail", args=[commitment.initiative.slug]),
        reverse("initiatives:commitment_detail", args=[commitment.pk]),
    ]
    for url in pages:
        assert 'id="historik"' in client_for(secretariat).get(url).text, url
        assert 'id="historik"' not in client_for(member_a).get(url).text, url
    commitment_page = client_for(secretariat).get(pages[1]).text
    assert "Anna A" in commitment_page and "I fare" in commitment_page
