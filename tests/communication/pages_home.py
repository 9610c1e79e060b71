"""Page-table entry for the signed-in person's home at /portal/; tests/pagelist.py takes it in."""

import itertools
from datetime import timedelta

from django.utils import timezone

from communication.models import Audience, Meeting, Message, Rsvp
from initiatives.models import Commitment
from tests.factories import make_commitment, make_group, make_indicator
from tests.pagelist import Get, Page, signed_in

_batches = itertools.count(1)


def _home_rows(w, n):
    """n more of everything the home lists: messages to the alliance and to a group of
    member A's, meetings of groups member A and the secretariat are in (half of them
    answered), overdue commitments of organisation A and indicators it has not reported."""
    batch = next(_batches)
    now = timezone.now()
    group = make_group(name=f"Mødegruppe {batch}", members=[w.member_a, w.secretariat])
    for number in range(n):
        Message.objects.create(
            title=f"Nyt fra alliancen {batch}-{number}",
            body="Vi mødes igen efter sommerferien.",
            audience=Audience.ALLIANCE,
            author=w.secretariat,
            publish_at=now - timedelta(hours=number + 1),
        )
        Message.objects.create(
            title=f"Nyt fra gruppen {batch}-{number}",
            body="Husk at læse bilagene.",
            audience=Audience.GROUP,
            group=group,
            author=w.member_a,
            publish_at=now - timedelta(hours=number + 1),
        )
        starts = now + timedelta(days=number + 1)
        meeting = Meeting.objects.create(
            group=group,
            title=f"Gruppemøde {batch}-{number}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Rådhuset, lokale 2",
            created_by=w.secretariat,
        )
        if number % 2:
            Rsvp.objects.create(meeting=meeting, person=w.member_a, answer=Rsvp.Answer.YES)
            Rsvp.objects.create(meeting=meeting, person=w.secretariat, answer=Rsvp.Answer.MAYBE)
        make_commitment(
            organisation=w.org_a,
            status=Commitment.Status.ACTIVE,
            next_update_due=timezone.localdate() - timedelta(days=number + 1),
        )
        make_indicator(responsible=[w.org_a], reporting_from=w.indicator.reporting_from)


PAGES = {
    # Everyone signed in has a home; the organisation's block only for members.
    # One more for a member: an open self-assessment round not yet answered.
    "communication:home": Page(get=Get(signed_in(200), queries=9, rows=_home_rows)),
}
