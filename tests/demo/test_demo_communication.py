"""The demo alliance's news, messages and meetings, as `manage.py seed_demo` loads them."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from communication.models import ActionItem, Audience, Comment, Meeting, Message, Rsvp
from members.models import User, WorkingGroup
from tests.conftest import shared_test_data


def _seed():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo alliance loaded once, for the tests here that only look at it."""
    with shared_test_data(django_db_blocker, _seed):
        yield


@pytest.fixture
def demo(db, seeded):
    return None


def test_news_of_every_audience(demo):
    published = Message.objects.published()
    public = published.filter(audience=Audience.PUBLIC)
    assert public.count() == 3
    assert public.filter(pinned=True).count() == 1
    assert published.filter(audience=Audience.ALLIANCE).exists()
    assert published.filter(audience=Audience.GROUP).exists()
    # The public news is what anybody may read.
    assert set(Message.objects.public()) == set(public)


def test_every_group_has_a_message_with_comments(demo):
    for group in WorkingGroup.objects.all():
        message = Message.objects.get(group=group)
        assert message.comments.shown().count() >= 2, group.name


def test_one_comment_is_hidden_by_the_messages_author(demo):
    hidden = Comment.objects.get(hidden_at__isnull=False)
    assert hidden.hidden_by == hidden.message.author


def test_held_meetings_have_minutes_decisions_and_action_items(demo):
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held.count() == 2
    for meeting in held:
        assert meeting.ends_at < timezone.now()
        assert meeting.minutes and meeting.decisions
        items = list(meeting.action_items.all())
        assert len(items) >= 2
        for item in items:
            assert item.responsible is not None
            assert item.due_on is not None
    # One action item is past its date, as happens.
    assert ActionItem.objects.filter(due_on__lt=timezone.localdate()).exists()


def test_coming_meetings_have_some_answers_and_one_is_cancelled(demo):
    coming = Meeting.objects.upcoming().filter(status=Meeting.Status.PLANNED)
    assert coming.count() == 2
    for meeting in coming:
        answered = meeting.rsvps.count()
        assert 0 < answered < meeting.group.members.count(), meeting.title
    assert set(Rsvp.objects.values_list("answer", flat=True)) == set(Rsvp.Answer.values)
    cancelled = Meeting.objects.get(status=Meeting.Status.CANCELLED)
    assert cancelled.starts_at > timezone.now()


def test_the_demo_members_home_has_something_in_every_block(demo, client):
    client.force_login(User.objects.get(email="medlem@demo.dk"))
    html = client.get(reverse("communication:home")).text
    assert "Der er ingen opslag til dig endnu" not in html
    assert "Der er ingen kommende møder i dine grupper" not in html
    assert "Du har svaret på alle indkaldelser" not in html
    assert "Opdater tilsagnet til" in html


def test_a_second_run_posts_and_schedules_nothing_more(db):
    _seed()
    counts = (Message.objects.count(), Comment.objects.count(), Meeting.objects.count())
    _seed()
    assert (Message.objects.count(), Comment.objects.count(), Meeting.objects.count()) == counts
