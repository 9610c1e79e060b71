"""Page-table entries for the coherence check and the health of the five conditions;
tests/pagelist.py takes them in."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from agenda.models import AgendaGoal, Goal
from communication.models import Meeting
from secretariat.health import SIGNALS, previous_quarters
from secretariat.models import BackboneFunction, Task
from secretariat.services.snapshots import record_snapshot, take_snapshot
from tests.factories import (
    make_commitment,
    make_group,
    make_indicator,
    make_initiative,
    make_organisation,
    make_volunteer,
)
from tests.pagelist import Get, Page, secretariat_only

_numbers = itertools.count(1)


def extend_world(w):
    """A live goal nobody works for (with an open task on it), a quiet group, a volunteer
    who has waited three weeks, and snapshots of the last four quarters."""
    w.lonely_goal = Goal.objects.create(title="Færre unge i ensomhed")
    AgendaGoal.objects.create(
        agenda=w.adopted, goal=w.lonely_goal, title=w.lonely_goal.title, order=50
    )
    Task.objects.create(
        title="Find en indsats mod ensomhed",
        function=BackboneFunction.ACTIVITIES,
        goal=w.lonely_goal,
        created_by=w.secretariat,
    )
    w.quiet_group = make_group(name="Stille arbejdsgruppe")
    w.waiting_volunteer = make_volunteer(
        first_name="Villads", created_at=timezone.now() - timedelta(days=21)
    )
    today = timezone.localdate()
    for step, quarter in enumerate(previous_quarters(today)):
        for signal in SIGNALS:
            record_snapshot(quarter=quarter.start, signal=signal, value=Decimal(10 + step))
    take_snapshot(today)


def _things_out_of_place(w, n):
    """n more of every kind the coherence check lists."""
    today = timezone.localdate()
    for number in range(n):
        goal = Goal.objects.create(title=f"Løst mål {next(_numbers)}")
        AgendaGoal.objects.create(agenda=w.adopted, goal=goal, title=goal.title, order=100)
        if number % 2:
            Task.objects.create(title="Opgave", function="vision", goal=goal)
        organisation = make_organisation()
        initiative = make_initiative(lead=organisation, goals=[goal])
        make_commitment(
            initiative=initiative,
            organisation=organisation,
            next_update_due=today - timedelta(days=3),
        )
        make_indicator(initiative=initiative)
        make_group()
        make_volunteer(created_at=timezone.now() - timedelta(days=30))


def _more_to_measure(w, n):
    """n more of what the signals count: organisations, groups and meetings, tasks."""
    for number in range(n):
        make_commitment()
        group = make_group()
        start = timezone.now() - timedelta(days=number + 1)
        Meeting.objects.create(
            group=group, title="Møde", starts_at=start, ends_at=start + timedelta(hours=1)
        )
        Task.objects.create(
            title=f"Opgave {number}",
            function="vision",
            created_at=timezone.now() - timedelta(days=number),
        )


PAGES = {
    "secretariat:coherence": Page(
        get=Get(secretariat_only(200), queries=11, rows=_things_out_of_place, personal=True)
    ),
    "secretariat:health": Page(get=Get(secretariat_only(200), queries=15, rows=_more_to_measure)),
}
