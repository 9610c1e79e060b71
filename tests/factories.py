"""Plain functions that make test data with sensible defaults."""

import itertools
from datetime import date

from django.utils import timezone

from agenda.models import Agenda, AgendaGoal, Goal
from agenda.services import adopt_agenda
from initiatives.models import Commitment, Initiative
from measurement.models import Dimension, DimensionValue, Indicator
from members.models import Organisation, User, WorkingGroup
from volunteers.models import Volunteer

_numbers = itertools.count(1)


def make_organisation(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Organisation {number}")
    fields.setdefault("sector", "civilsamfund")
    return Organisation.objects.create(**fields)


def make_user(*, password=None, **fields):
    number = next(_numbers)
    fields.setdefault("email", f"person{number}@test.dk")
    fields.setdefault("full_name", f"Person {number}")
    if fields.get("role", "member") == "member" and "organisation" not in fields:
        fields["organisation"] = make_organisation()
    return User.objects.create_user(password=password, **fields)


def make_group(*, members=(), **fields):
    number = next(_numbers)
    fields.setdefault("name", f"Arbejdsgruppe {number}")
    group = WorkingGroup.objects.create(**fields)
    group.members.set(members)
    return group


def make_agenda(*, goals=("Flere unge i job",), adopt=False, by=None, **fields):
    """An agenda version with the given goal titles, adopted when asked."""
    fields.setdefault(
        "number", (Agenda.objects.order_by("-number").first() or Agenda(number=0)).number + 1
    )
    fields.setdefault("vision", "Alle unge har et godt fritidsliv.")
    agenda = Agenda.objects.create(**fields)
    for order, title in enumerate(goals, start=1):
        goal = Goal.objects.create(title=title)
        AgendaGoal.objects.create(agenda=agenda, goal=goal, title=title, order=order)
    if adopt:
        adopt_agenda(draft=agenda, by=by)
        agenda.refresh_from_db()
    return agenda


def make_goal(title, **fields):
    """A live goal: one of the adopted agenda's (an adopted agenda is made if none is)."""
    agenda = Agenda.objects.filter(status=Agenda.Status.ADOPTED).first()
    if agenda is None:
        number = (Agenda.objects.order_by("-number").first() or Agenda(number=0)).number + 1
        agenda = Agenda.objects.create(
            number=number, status=Agenda.Status.ADOPTED, adopted_on=timezone.localdate()
        )
    goal = Goal.objects.create(title=title, **fields)
    AgendaGoal.objects.create(
        agenda=agenda, goal=goal, title=title, order=agenda.agenda_goals.count() + 1
    )
    return goal


def make_initiative(*, lead=None, goals=(), **fields):
    number = next(_numbers)
    fields.setdefault("name", f"Indsats {number}")
    fields.setdefault("slug", f"indsats-{number}")
    fields.setdefault("summary", "En indsats for unge.")
    fields.setdefault("status", Initiative.Status.ACTIVE)
    initiative = Initiative.objects.create(lead_organisation=lead or make_organisation(), **fields)
    initiative.goals.set(goals or [make_goal(f"Mål {number}")])
    return initiative


def make_commitment(*, initiative=None, organisation=None, **fields):
    fields.setdefault("description", "Vi stiller frivillige og lokaler til rådighed.")
    fields.setdefault("status", Commitment.Status.ACTIVE)
    return Commitment.objects.create(
        initiative=initiative or make_initiative(),
        organisation=organisation or make_organisation(),
        **fields,
    )


def make_volunteer(**fields):
    number = next(_numbers)
    fields.setdefault("first_name", "Frida")
    fields.setdefault("last_name", f"Frivillig{number}")
    fields.setdefault("email", f"frivillig{number}@test.dk")
    return Volunteer.objects.create(**fields)


def make_indicator(*, goal=None, initiative=None, responsible=(), groups=None, **fields):
    """An indicator on a goal (a population indicator) or, given one, on an initiative.

    `groups` is {dimension name: [group labels]}, e.g. {"Køn": ["Piger", "Drenge"]}.
    """
    number = next(_numbers)
    fields.setdefault("name", f"Indikator {number}")
    fields.setdefault("slug", f"indikator-{number}")
    fields.setdefault("definition", "Andelen af unge, der går til en fritidsaktivitet.")
    fields.setdefault("method", "Tælles i foreningernes medlemslister hvert kvartal.")
    fields.setdefault("unit", "unge")
    fields.setdefault("reporting_from", date(2025, 1, 1))
    if initiative is None:
        fields.setdefault("kind", Indicator.Kind.POPULATION)
        goal = goal or make_goal(f"Mål {number}")
    else:
        fields.setdefault("kind", Indicator.Kind.HOW_MUCH)
    indicator = Indicator.objects.create(goal=goal, initiative=initiative, **fields)
    indicator.responsible.set(responsible)
    for order, (name, labels) in enumerate((groups or {}).items()):
        dimension = Dimension.objects.create(indicator=indicator, name=name, order=order)
        for position, label in enumerate(labels):
            DimensionValue.objects.create(dimension=dimension, label=label, order=position)
    return indicator
