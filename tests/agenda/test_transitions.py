"""An agenda's status moves only as AGENDA_TRANSITIONS allows, and the services check it."""

import pytest
from django.core.exceptions import ValidationError

from agenda import services
from agenda.models import Agenda
from agenda.services import AGENDA_TRANSITIONS, adopt_agenda, start_draft
from alliance.transitions import MEMBER, SECRETARIAT, SYSTEM, changes, check_transition
from tests.factories import make_agenda

STATUSES = list(Agenda.Status)
ROLES = [SECRETARIAT, MEMBER, SYSTEM]
IN_TABLE = {(old, new): roles for old, new, roles in changes(AGENDA_TRANSITIONS)}
EVERY_MOVE = [(old, new, role) for old in STATUSES for new in STATUSES for role in ROLES]


def test_the_table_is_the_documented_one():
    assert changes(AGENDA_TRANSITIONS) == [
        (Agenda.Status.DRAFT, Agenda.Status.ADOPTED, {SECRETARIAT}),
        (Agenda.Status.ADOPTED, Agenda.Status.SUPERSEDED, {SYSTEM}),
    ]


@pytest.mark.parametrize("old,new,role", EVERY_MOVE)
def test_every_move_is_allowed_only_for_the_roles_in_the_table(old, new, role):
    allowed = role in IN_TABLE.get((old, new), ())
    if allowed:
        check_transition(
            AGENDA_TRANSITIONS, current=old, new=new, role=role, statuses=Agenda.Status
        )
    else:
        with pytest.raises(ValidationError) as refused:
            check_transition(
                AGENDA_TRANSITIONS, current=old, new=new, role=role, statuses=Agenda.Status
            )
        assert refused.value.code == "transition"


@pytest.fixture
def people(secretariat, member_a):
    return {SECRETARIAT: secretariat, MEMBER: member_a, SYSTEM: None}


def _agenda_in(status, secretariat):
    """An agenda with the given status, made the way the portal makes it."""
    if status == Agenda.Status.DRAFT:
        return make_agenda(goals=["Mål"])
    first = make_agenda(goals=["Mål"], adopt=True, by=secretariat)
    if status == Agenda.Status.ADOPTED:
        return first
    adopt_agenda(draft=start_draft(by=secretariat), by=secretariat)
    first.refresh_from_db()
    assert first.status == Agenda.Status.SUPERSEDED
    return first


@pytest.mark.parametrize("old", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_adoption_follows_the_table(people, secretariat, old, role):
    agenda = _agenda_in(old, secretariat)
    allowed = role in IN_TABLE.get((old, Agenda.Status.ADOPTED), ())
    if allowed:
        adopt_agenda(draft=agenda, by=people[role])
        agenda.refresh_from_db()
        assert agenda.status == Agenda.Status.ADOPTED
    else:
        with pytest.raises(ValidationError):
            adopt_agenda(draft=agenda, by=people[role])
        agenda.refresh_from_db()
        assert agenda.status == old


def test_the_adopted_version_is_superseded_only_by_adopting_the_next(secretariat):
    first = make_agenda(goals=["Mål"], adopt=True, by=secretariat)
    draft = start_draft(by=secretariat)
    adopt_agenda(draft=draft, by=secretariat)
    first.refresh_from_db()
    draft.refresh_from_db()
    assert (first.status, draft.status) == (Agenda.Status.SUPERSEDED, Agenda.Status.ADOPTED)
    # A superseded version stays superseded when the next one is adopted.
    adopt_agenda(draft=start_draft(by=secretariat), by=secretariat)
    first.refresh_from_db()
    assert first.status == Agenda.Status.SUPERSEDED


def test_adoption_asks_the_table_before_superseding(secretariat, monkeypatch):
    first = make_agenda(goals=["Mål"], adopt=True, by=secretariat)
    draft = start_draft(by=secretariat)
    narrowed = {Agenda.Status.DRAFT: AGENDA_TRANSITIONS[Agenda.Status.DRAFT]}
    monkeypatch.setattr(services, "AGENDA_TRANSITIONS", narrowed)
    with pytest.raises(ValidationError):
        adopt_agenda(draft=draft, by=secretariat)
    first.refresh_from_db()
    draft.refresh_from_db()
    assert (first.status, draft.status) == (Agenda.Status.ADOPTED, Agenda.Status.DRAFT)


def test_adoption_asks_the_table_for_the_role(secretariat, monkeypatch):
    draft = make_agenda(goals=["Mål"])
    monkeypatch.setattr(
        services,
        "AGENDA_TRANSITIONS",
        {Agenda.Status.DRAFT: {Agenda.Status.ADOPTED: {SYSTEM}}},
    )
    with pytest.raises(ValidationError):
        adopt_agenda(draft=draft, by=secretariat)
    draft.refresh_from_db()
    assert draft.is_draft
