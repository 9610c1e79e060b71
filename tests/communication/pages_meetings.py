"""Page-table entries for meetings and calendar addresses; tests/pagelist.py takes them in.

The meetings belong to a group with member A in it and member B outside it:
B may not learn that they exist (404), A sees them but may not run them (403).
"""

from datetime import date, timedelta

from django.utils import timezone

from communication.forms.meetings import ActionItemFormSet, MinutesForm
from communication.models import CalendarFeed, Meeting, Rsvp
from communication.services.meetings import (
    answer_rsvp,
    new_calendar_address,
    record_minutes,
    set_meeting_status,
)
from tests.communication.factories import meeting_fields, schedule
from tests.factories import make_group, make_user
from tests.pagelist import (
    ANON,
    LOGIN,
    MEMBER_A,
    MEMBER_B,
    SECRETARIAT,
    SUPERUSER,
    Get,
    Page,
    Post,
    everyone,
    form_data,
    own_organisation_only,
    secretariat_only,
    signed_in,
)

# The group's meetings: the secretariat and the group's members see them; B does not.
_GROUP_ONLY = {ANON: LOGIN, MEMBER_A: 200, MEMBER_B: 404, SECRETARIAT: 200, SUPERUSER: 200}


def extend_world(w):
    """The group with member A in it, an upcoming meeting A has answered, a held meeting
    with minutes and an action item, and A's calendar address."""
    if getattr(w, "comm_group", None) is None:
        w.comm_group = make_group(name="Arbejdsgruppe om mentorer", members=[w.member_a])
    w.meeting = schedule(group=w.comm_group, by=w.secretariat, title="Mentormøde i december")
    answer_rsvp(meeting=w.meeting, person=w.member_a, answer=Rsvp.Answer.YES)
    w.past_meeting = schedule(
        group=w.comm_group,
        by=w.secretariat,
        title="Opstartsmøde",
        starts_at=timezone.now() - timedelta(days=20),
    )
    set_meeting_status(meeting=w.past_meeting, status=Meeting.Status.HELD, by=w.secretariat)
    record_minutes(
        meeting=w.past_meeting,
        minutes="Vi blev enige om at **starte** i januar.",
        decisions="Mentorordningen starter 1. februar.",
        action_items=[
            {"text": "Find ti mentorer", "responsible": w.member_a, "due_on": date(2027, 1, 15)}
        ],
        by=w.secretariat,
    )
    w.meeting.refresh_from_db()
    w.past_meeting.refresh_from_db()
    w.calendar_token = new_calendar_address(user=w.member_a)


# --- rows ---------------------------------------------------------------------------


def _meetings(w, n):
    """n more meetings of the group, ahead and behind, each with answers."""
    for number in range(n):
        days = 5 + number if number % 2 else -5 - number
        meeting = schedule(
            group=w.comm_group,
            by=w.secretariat,
            starts_at=timezone.now() + timedelta(days=days),
        )
        person = make_user()
        w.comm_group.members.add(person)
        Rsvp.objects.create(meeting=meeting, person=person, answer=Rsvp.Answer.MAYBE)


def _attendees(w, n):
    """n more members of the group, most of them with an answer."""
    for number in range(n):
        person = make_user()
        w.comm_group.members.add(person)
        if number % 3:
            Rsvp.objects.create(meeting=w.meeting, person=person, answer=Rsvp.Answer.NO)


def _action_items(w, n):
    """n more open action items on the held meeting, and people to make responsible."""
    meeting = w.past_meeting
    items = [
        {"pk": item.pk, "text": item.text, "responsible": item.responsible, "due_on": item.due_on}
        for item in meeting.action_items.all()
    ]
    for number in range(n):
        items.append({"text": f"Opgave {number}", "responsible": make_user(), "due_on": None})
    record_minutes(
        meeting=meeting,
        minutes=meeting.minutes,
        decisions=meeting.decisions,
        action_items=items,
        by=w.secretariat,
    )


# --- states a POST changes ----------------------------------------------------------


def _meeting_count(w):
    return Meeting.objects.count()


def _fresh(meeting, field):
    return getattr(Meeting.objects.get(pk=meeting.pk), field)


def _answers(w):
    return sorted(Rsvp.objects.filter(meeting=w.meeting).values_list("person_id", "answer"))


def _feed_of_signed_in(w):
    return w.user and CalendarFeed.objects.filter(user=w.user).values_list("token_hash").first()


def _minutes_form(w, **changes):
    meeting = Meeting.objects.get(pk=w.past_meeting.pk)
    form = MinutesForm(
        initial={
            "minutes": meeting.minutes,
            "decisions": meeting.decisions,
            "version": meeting.version,
        }
    )
    items = ActionItemFormSet(
        queryset=meeting.action_items.filter(done_at__isnull=True), prefix="punkter"
    )
    return form_data(form, items, **changes)


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


# --- the table ------------------------------------------------------------------------

PAGES = {
    "communication:meeting_list": Page(
        get=Get(signed_in(200), queries=7, rows=_meetings),
    ),
    "communication:meeting_create": Page(
        get=Get(secretariat_only(200), queries=4),
        post=Post(
            secretariat_only(302),
            data=lambda w: meeting_fields(
                group=w.comm_group,
                title="Ekstra møde",
                starts_at=timezone.now() + timedelta(days=30),
            ),
            state=_meeting_count,
        ),
    ),
    "communication:meeting_detail": Page(
        kwargs=_pk("meeting"),
        get=Get(_GROUP_ONLY, queries=9, rows=_attendees),
    ),
    "communication:meeting_edit": Page(
        kwargs=_pk("meeting"),
        get=Get(own_organisation_only(200), queries=5),
        post=Post(
            own_organisation_only(302),
            data=lambda w: meeting_fields(
                group=w.comm_group,
                title="Mentormøde i december (flyttet)",
                starts_at=w.meeting.starts_at + timedelta(hours=1),
                version=_fresh(w.meeting, "version"),
            ),
            state=lambda w: _fresh(w.meeting, "title"),
        ),
    ),
    "communication:meeting_status": Page(
        kwargs=_pk("meeting"),
        post=Post(
            own_organisation_only(302),
            data=lambda w: {"status": Meeting.Status.CANCELLED},
            state=lambda w: _fresh(w.meeting, "status"),
        ),
    ),
    "communication:meeting_rsvp": Page(
        kwargs=_pk("meeting"),
        post=Post(
            {ANON: LOGIN, MEMBER_A: 302, MEMBER_B: 404, SECRETARIAT: 403, SUPERUSER: 403},
            data=lambda w: {"answer": Rsvp.Answer.NO},
            state=_answers,
        ),
    ),
    "communication:meeting_minutes": Page(
        kwargs=_pk("past_meeting"),
        get=Get(own_organisation_only(200), queries=7, rows=_action_items),
        post=Post(
            own_organisation_only(302),
            data=lambda w: _minutes_form(w, minutes="Referatet, rettet."),
            state=lambda w: _fresh(w.past_meeting, "minutes"),
        ),
    ),
    "communication:meeting_ics": Page(
        kwargs=_pk("meeting"),
        get=Get(_GROUP_ONLY, queries=4, html=False, personal=True),
    ),
    "communication:calendar_settings": Page(
        get=Get(signed_in(200), queries=3, personal=True),
        post=Post(
            signed_in(302),
            data=lambda w: {"action": "new"},
            state=_feed_of_signed_in,
        ),
    ),
    "communication:calendar_feed": Page(
        kwargs=lambda w: {"token": w.calendar_token},
        get=Get(everyone(200), queries=2, html=False, personal=True, rows=_meetings),
    ),
}
