"""Answering a meeting invitation, seeing who comes, and the reminders to answer."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance.models import Notification, NotificationSetting
from communication.models import Meeting, Rsvp
from communication.services.meetings import answer_rsvp, send_rsvp_reminders
from tests.communication import meeting_cast
from tests.communication.factories import schedule
from tests.factories import make_user

# The two groups and their meetings (fixtures).
group_a, group_b = meeting_cast.group_a, meeting_cast.group_b
meeting_a, meeting_b = meeting_cast.meeting_a, meeting_cast.meeting_b


def _rsvp_url(meeting):
    return reverse("communication:meeting_rsvp", args=[meeting.pk])


def test_member_answers_and_can_change_the_answer(client_for, member_a, meeting_a):
    client = client_for(member_a)
    response = client.post(_rsvp_url(meeting_a), {"answer": "yes"}, follow=True)
    assert "Dit svar er gemt: Ja, jeg kommer." in response.content.decode()
    client.post(_rsvp_url(meeting_a), {"answer": "no"})
    assert list(Rsvp.objects.values_list("person", "answer")) == [(member_a.pk, "no")]


def test_member_of_another_group_cannot_answer(client_for, member_b, meeting_a):
    assert client_for(member_b).post(_rsvp_url(meeting_a), {"answer": "yes"}).status_code == 404
    assert not Rsvp.objects.exists()


def test_secretariat_outside_the_group_is_not_invited(client_for, secretariat, meeting_a):
    assert client_for(secretariat).post(_rsvp_url(meeting_a), {"answer": "yes"}).status_code == 403


@pytest.mark.parametrize("state", ["cancelled", "past"])
def test_no_answers_to_a_cancelled_or_past_meeting(client_for, member_a, meeting_a, state):
    if state == "cancelled":
        Meeting.objects.filter(pk=meeting_a.pk).update(status=Meeting.Status.CANCELLED)
    else:
        Meeting.objects.filter(pk=meeting_a.pk).update(
            starts_at=timezone.now() - timedelta(days=2),
            ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=1),
        )
    assert client_for(member_a).post(_rsvp_url(meeting_a), {"answer": "yes"}).status_code == 403
    meeting_a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        answer_rsvp(meeting=meeting_a, person=member_a, answer="yes")


def test_a_nonsense_answer_changes_nothing(client_for, member_a, meeting_a):
    response = client_for(member_a).post(_rsvp_url(meeting_a), {"answer": "kanske"}, follow=True)
    assert response.status_code == 200
    assert "Vælg et svar" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_invited_members_see_who_comes_by_name(client_for, member_a, group_a, meeting_a):
    karen, lars = make_user(full_name="Karen Kommer"), make_user(full_name="Lars Later")
    group_a.members.add(karen, lars)
    answer_rsvp(meeting=meeting_a, person=karen, answer="yes")
    response = client_for(member_a).get(meeting_a.get_absolute_url())
    attendance = {
        value: [p.full_name for p in people] for value, _, people in response.context["attendance"]
    }
    assert attendance["yes"] == ["Karen Kommer"]
    assert set(attendance["none"]) == {"Anna A", "Lars Later"}
    page = response.content.decode()
    assert "Hvem kommer?" in page and "Karen Kommer" in page
    assert 'name="answer"' in page and 'type="radio"' in page


def _soon(group, by, **fields):
    return schedule(group=group, by=by, starts_at=timezone.now() + timedelta(days=2), **fields)


def test_reminders_go_once_to_those_who_have_not_answered(secretariat, member_a, group_a):
    answered = make_user()
    group_a.members.add(answered)
    meeting = _soon(group_a, secretariat, title="Snart møde")
    answer_rsvp(meeting=meeting, person=answered, answer="yes")
    schedule(group=group_a, by=secretariat, starts_at=timezone.now() + timedelta(days=5))
    Notification.objects.all().delete()

    assert send_rsvp_reminders() == 1
    reminder = Notification.objects.get()
    assert reminder.recipient == member_a and reminder.kind == Notification.Kind.RSVP_REMINDER
    assert reminder.url == meeting.get_absolute_url() and "Snart møde" in reminder.subject
    assert send_rsvp_reminders() == 0
    assert Notification.objects.count() == 1


def test_no_reminders_for_cancelled_meetings_or_those_who_said_never(
    secretariat, member_a, group_a
):
    meeting = _soon(group_a, secretariat)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    assert send_rsvp_reminders() == 0
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PLANNED)
    NotificationSetting.objects.create(
        user=member_a, kind=Notification.Kind.RSVP_REMINDER, delivery="never"
    )
    assert send_rsvp_reminders() == 0


def test_reminder_command_says_how_many(secretariat, member_a, group_a):
    _soon(group_a, secretariat)
    out = StringIO()
    call_command("send_rsvp_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 reminder(s)."
    out = StringIO()
    call_command("send_rsvp_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 0 reminder(s)."
