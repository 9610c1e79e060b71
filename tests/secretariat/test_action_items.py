"""A meeting's action items become tasks on the secretariat's board, and stay in step."""

from datetime import date

import pytest
from django.urls import reverse

from alliance import audit
from alliance.models import Notification
from communication.models import ActionItem
from communication.services.meetings import record_minutes
from secretariat.models import BackboneFunction, Task
from secretariat.services.tasks import move_task
from tests.communication.factories import schedule
from tests.factories import make_group, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return make_user(email="kollega@test.dk", full_name="Kim Kollega", role="secretariat")


@pytest.fixture
def meeting(secretariat, member_a):
    group = make_group(name="Arbejdsgruppe om mentorer", members=[member_a])
    return schedule(group=group, by=secretariat, title="Mentormøde")


def _minutes(meeting, by, *items):
    record_minutes(meeting=meeting, minutes="Referat", decisions="", action_items=items, by=by)
    meeting.refresh_from_db()


def _row(item, **changes):
    return {
        "pk": item.pk,
        "text": item.text,
        "responsible": item.responsible,
        "due_on": item.due_on,
        **changes,
    }


def test_a_new_action_item_for_the_secretariat_becomes_their_task(meeting, secretariat, colleague):
    _minutes(
        meeting,
        secretariat,
        {"text": "Find ti mentorer", "responsible": colleague, "due_on": date(2027, 1, 15)},
    )
    item = ActionItem.objects.get()
    task = Task.objects.get()
    assert (task.title, task.meeting, task.action_item) == ("Find ti mentorer", meeting, item)
    assert (task.assignee, task.due_on, task.status) == (colleague, date(2027, 1, 15), "todo")
    assert task.function == BackboneFunction.ACTIVITIES
    assert task.created_by == secretariat
    assert audit.history(task).filter(action=audit.Action.CREATED).exists()
    assert Notification.objects.filter(
        kind=Notification.Kind.TASK_ASSIGNED, recipient=colleague
    ).exists()


def test_an_item_for_a_member_becomes_an_unassigned_task_naming_them(
    meeting, secretariat, member_a
):
    _minutes(meeting, secretariat, {"text": "Spørg klubberne", "responsible": member_a})
    task = Task.objects.get()
    assert task.assignee is None
    assert "Anna A" in task.description


def test_a_long_item_text_is_cut_to_a_title(meeting, secretariat):
    _minutes(meeting, secretariat, {"text": "x" * 450, "responsible": None})
    assert Task.objects.get().title == "x" * 200


def test_a_changed_item_changes_its_open_task(meeting, secretariat, colleague, member_a):
    _minutes(meeting, secretariat, {"text": "Find mentorer", "responsible": member_a})
    item = ActionItem.objects.get()
    task = Task.objects.get()
    version = task.version
    _minutes(
        meeting,
        secretariat,
        _row(item, text="Find tolv mentorer", responsible=colleague, due_on=date(2027, 2, 1)),
    )
    task.refresh_from_db()
    assert (task.title, task.assignee, task.due_on) == (
        "Find tolv mentorer",
        colleague,
        date(2027, 2, 1),
    )
    assert "Anna A" not in task.description
    assert task.version == version + 1
    assert audit.history(task).filter(action=audit.Action.CHANGED).exists()
    assert Task.objects.count() == 1


def test_a_finished_task_and_its_done_item_stay_when_the_minutes_are_saved_again(
    meeting, secretariat, colleague
):
    _minutes(meeting, secretariat, {"text": "Find mentorer", "responsible": colleague})
    task = Task.objects.get()
    move_task(task=task, status=Task.Status.DOING, by=secretariat)
    # Done from the board: the item is done too, and the minutes no longer touch it.
    move_task(task=Task.objects.get(), status=Task.Status.DONE, by=secretariat)
    item = ActionItem.objects.get()
    assert item.done_at is not None
    _minutes(meeting, secretariat)
    assert ActionItem.objects.filter(pk=item.pk).exists()
    assert Task.objects.get().title == "Find mentorer"


def test_a_removed_item_leaves_its_task_unlinked(meeting, secretariat, colleague):
    _minutes(meeting, secretariat, {"text": "Find mentorer", "responsible": colleague})
    task = Task.objects.get()
    _minutes(meeting, secretariat)
    assert not ActionItem.objects.exists()
    task.refresh_from_db()
    assert task.action_item is None and task.meeting == meeting
    assert task.title == "Find mentorer"


def test_finishing_the_task_marks_the_item_done_in_the_minutes(
    client_for, meeting, secretariat, colleague
):
    _minutes(meeting, secretariat, {"text": "Find mentorer", "responsible": colleague})
    task = Task.objects.get()
    response = client_for(colleague).post(
        reverse("secretariat:task_move", args=[task.pk]),
        {"status": "done", "version": task.version},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.done_at is not None
    assert audit.history(item).filter(action=audit.Action.CHANGED).exists()
    page = client_for(secretariat).get(meeting.get_absolute_url()).content.decode()
    assert "Ikke endnu" not in page


def test_the_task_page_links_back_to_the_meeting(client_for, meeting, secretariat, colleague):
    _minutes(meeting, secretariat, {"text": "Find mentorer", "responsible": colleague})
    task = Task.objects.get()
    page = client_for(secretariat).get(task.get_absolute_url()).content.decode()
    assert "handlingspunkt i referatet" in page
    assert f'href="{meeting.get_absolute_url()}#handlingspunkter"' in page


def test_minutes_through_the_form_make_the_task(client_for, meeting, secretariat, colleague):
    response = client_for(secretariat).post(
        reverse("communication:meeting_minutes", args=[meeting.pk]),
        {
            "minutes": "Vi talte om mentorer.",
            "decisions": "",
            "version": meeting.version,
            "punkter-TOTAL_FORMS": 1,
            "punkter-INITIAL_FORMS": 0,
            "punkter-MIN_NUM_FORMS": 0,
            "punkter-MAX_NUM_FORMS": 1000,
            "punkter-0-text": "Skriv til skolerne",
            "punkter-0-responsible": colleague.pk,
            "punkter-0-due_on": "2027-03-01",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.title, task.assignee, task.due_on) == (
        "Skriv til skolerne",
        colleague,
        date(2027, 3, 1),
    )
