"""Page-table entries for the secretariat's home (today's work), where people land after
logging in, and accepting or sending back a proposed commitment; tests/pagelist.py takes
them in.

Organisation A has proposed a commitment to organisation B's initiative: A's members may
see it but not decide on it (403), B's may not learn that it can be decided on (404).
"""

import itertools
from datetime import timedelta

from django.utils import timezone

from communication.models import ActionItem
from initiatives.models import Commitment
from measurement.models import Report
from secretariat.models import BackboneFunction, Task
from tests.communication.factories import schedule
from tests.factories import make_commitment, make_organisation, make_volunteer
from tests.pagelist import (
    Get,
    Page,
    Post,
    own_organisation_only,
    secretariat_only,
    signed_in,
)

_numbers = itertools.count(1)


def extend_world(w):
    """Organisation A's proposal waiting for the secretariat, a commitment of B's overdue for
    its update and a task of the secretariat's own; the rest of today's work is in the
    world already (a new volunteer, a report to review, a quarter A has not reported)."""
    w.proposal_a = make_commitment(
        initiative=w.initiative_b,
        organisation=w.org_a,
        status=Commitment.Status.PROPOSED,
        description="Vi stiller en træner til rådighed hver torsdag.",
    )
    w.overdue_b = make_commitment(
        organisation=w.org_b, next_update_due=timezone.localdate() - timedelta(days=5)
    )
    w.own_task = Task.objects.create(
        title="Forbered styregruppemødet",
        function=BackboneFunction.VISION,
        assignee=w.secretariat,
        due_on=timezone.localdate() + timedelta(days=3),
        created_by=w.secretariat,
    )


def _today_rows(w, n):
    """n more of everything the home lists."""
    today = timezone.localdate()
    meeting = schedule(group=w.group, by=w.secretariat)
    for _ in range(n):
        number = next(_numbers)
        make_commitment(status=Commitment.Status.PROPOSED)
        make_commitment(next_update_due=today - timedelta(days=number % 20 + 1))
        make_volunteer()
        organisation = make_organisation()
        w.indicator.responsible.add(organisation)  # one more that has not reported
        Report.objects.create(
            indicator=w.indicator,
            organisation=organisation,
            period_start=w.submitted_report.period_start,
            status=Report.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for assignee in (w.secretariat, w.contact):
            Task.objects.create(
                title=f"Opgave {number}",
                function=BackboneFunction.FUNDING,
                assignee=assignee,
                due_on=today - timedelta(days=1 + number % 5),
            )
        schedule(group=w.group, by=w.secretariat)
        ActionItem.objects.create(meeting=meeting, text=f"Find lokaler {number}")


PAGES = {
    # Where the log-in form sends everybody: onwards by role.
    "secretariat:landing": Page(get=Get(signed_in(302), queries=2)),
    "secretariat:home": Page(
        get=Get(secretariat_only(200), queries=13, rows=_today_rows, personal=True)
    ),
    # Deciding on a proposal is the secretariat's.
    "initiatives:commitment_accept": Page(
        kwargs=lambda w: {"pk": w.proposal_a.pk},
        post=Post(
            own_organisation_only(302),
            data=lambda w: {"version": w.proposal_a.version},
            state=lambda w: Commitment.objects.get(pk=w.proposal_a.pk).status,
        ),
    ),
    "initiatives:commitment_return": Page(
        kwargs=lambda w: {"pk": w.proposal_a.pk},
        get=Get(own_organisation_only(200), queries=4),
        post=Post(
            own_organisation_only(302),
            data=lambda w: {
                "version": w.proposal_a.version,
                "reason": "Skriv gerne, hvor mange timer træneren bruger.",
            },
            state=lambda w: Commitment.objects.get(pk=w.proposal_a.pk).returned_at,
        ),
    ),
}
