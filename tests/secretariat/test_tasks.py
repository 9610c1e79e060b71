"""The secretariat's tasks: the rules of the services, the board, the list and the forms."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance import audit
from alliance.models import Notification
from alliance.transitions import SECRETARIAT, changes
from alliance.versioning import EditConflict
from demo.tasks import TASKS, seed_tasks
from members.models import User
from secretariat.forms.tasks import TaskForm
from secretariat.models import BackboneFunction, Task
from secretariat.services.tasks import TASK_TRANSITIONS, create_task, move_task, update_task
from tests.factories import make_agenda, make_goal, make_group, make_initiative, make_user

pytestmark = pytest.mark.django_db

BOARD = reverse("secretariat:task_board")
LIST = reverse("secretariat:task_list")
MINE = reverse("secretariat:my_tasks")
CREATE = reverse("secretariat:task_create")


@pytest.fixture
def colleague(db):
    return make_user(email="kollega@test.dk", full_name="Kim Kollega", role="secretariat")


def _task(by, **fields):
    fields.setdefault("title", "Ring til foreningerne")
    fields.setdefault("function", BackboneFunction.ACTIVITIES)
    return create_task(by=by, fields=fields)


def _form_data(task=None, **changes):
    """What the task form sends, as the browser would."""
    data = {
        "title": "Ring til foreningerne",
        "description": "",
        "status": Task.Status.TODO,
        "priority": Task.Priority.NORMAL,
        "assignee": "",
        "due_on": "",
        "function": BackboneFunction.ACTIVITIES,
    }
    if task is not None:
        data.update(
            title=task.title,
            status=task.status,
            priority=task.priority,
            assignee=task.assignee_id or "",
            due_on=task.due_on.isoformat() if task.due_on else "",
            function=task.function,
            version=task.version,
        )
    data.update(changes)
    return data


# --- services ------------------------------------------------------------------------


def test_the_table_lets_the_secretariat_move_between_any_two_statuses():
    moves = {(old, new) for old, new, roles in changes(TASK_TRANSITIONS) if SECRETARIAT in roles}
    statuses = Task.Status.values
    assert moves == {(old, new) for old in statuses for new in statuses if old != new}


def test_moving_to_done_stamps_the_time_and_moving_back_clears_it(secretariat):
    task = _task(secretariat)
    assert task.done_at is None
    moved = move_task(task=task, status=Task.Status.DONE, by=secretariat)
    assert moved.status == Task.Status.DONE and moved.done_at is not None
    assert moved.status_changed_at >= task.status_changed_at
    assert moved.version == task.version + 1
    back = move_task(task=moved, status=Task.Status.DOING, by=secretariat)
    stored = Task.objects.get(pk=task.pk)
    assert (back.status, stored.status, stored.done_at) == ("doing", "doing", None)


def test_staying_in_the_same_status_is_refused(secretariat):
    task = _task(secretariat)
    with pytest.raises(ValidationError):
        move_task(task=task, status=Task.Status.TODO, by=secretariat)


def test_an_unknown_status_is_refused(secretariat):
    with pytest.raises(ValidationError):
        move_task(task=_task(secretariat), status="archived", by=secretariat)


def test_a_move_over_a_newer_version_is_refused(secretariat):
    task = _task(secretariat)
    seen = task.version
    move_task(task=task, status=Task.Status.DOING, by=secretariat)
    with pytest.raises(EditConflict):
        move_task(task=task, status=Task.Status.DONE, by=secretariat, seen_version=seen)
    assert Task.objects.get(pk=task.pk).status == Task.Status.DOING


def test_members_may_not_create_or_move_tasks(secretariat, member_a):
    with pytest.raises(PermissionDenied):
        _task(member_a)
    task = _task(secretariat)
    with pytest.raises(PermissionDenied):
        move_task(task=task, status=Task.Status.DONE, by=member_a)


def test_only_secretariat_people_can_hold_a_task(secretariat, member_a):
    with pytest.raises(ValidationError):
        _task(secretariat, assignee=member_a)
    form = TaskForm(_form_data(assignee=member_a.pk))
    assert not form.is_valid() and "assignee" in form.errors


def test_an_inactive_secretariat_person_cannot_hold_a_task(secretariat, colleague):
    colleague.is_active = False
    colleague.save()
    with pytest.raises(ValidationError):
        _task(secretariat, assignee=colleague)


def test_creating_and_moving_are_in_the_audit_trail(secretariat):
    task = _task(secretariat)
    move_task(task=task, status=Task.Status.BLOCKED, by=secretariat)
    events = list(audit.history(task).order_by("pk"))
    assert [event.action for event in events] == [audit.Action.CREATED, audit.Action.STATUS]
    assert events[1].changes["status"] == ["todo", "blocked"]
    assert events[1].actor == secretariat


def test_the_person_given_a_task_hears_of_it(
    secretariat, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = _task(secretariat, assignee=colleague, due_on=timezone.localdate())
    [note] = Notification.objects.filter(kind=Notification.Kind.TASK_ASSIGNED)
    assert note.recipient == colleague and note.url == task.get_absolute_url()
    [message] = mail.outbox
    assert message.to == [colleague.email]
    assert "Ring til foreningerne" in message.subject
    assert "Sara Sekretariat" in message.body


def test_nobody_is_told_of_a_task_they_gave_themselves(secretariat):
    _task(secretariat, assignee=secretariat)
    assert not Notification.objects.exists()


def test_a_new_assignee_on_edit_hears_of_it_the_old_one_does_not_again(secretariat, colleague):
    task = _task(secretariat, assignee=secretariat)
    form = TaskForm(_form_data(task, assignee=colleague.pk), instance=task)
    assert form.is_valid(), form.errors
    update_task(form=form, by=secretariat)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [colleague.pk]


def test_an_edit_over_a_newer_save_is_refused(secretariat):
    task = _task(secretariat)
    stale = TaskForm(_form_data(task, title="Mit navn"), instance=Task.objects.get(pk=task.pk))
    move_task(task=task, status=Task.Status.DOING, by=secretariat)
    assert stale.is_valid()
    with pytest.raises(EditConflict):
        update_task(form=stale, by=secretariat)
    assert Task.objects.get(pk=task.pk).title == "Ring til foreningerne"


def test_a_status_change_in_the_edit_form_stamps_done(secretariat):
    task = _task(secretariat)
    form = TaskForm(_form_data(task, status=Task.Status.DONE), instance=task)
    assert form.is_valid(), form.errors
    saved = update_task(form=form, by=secretariat)
    assert saved.done_at is not None
    assert audit.history(task).filter(action=audit.Action.STATUS).exists()


# --- pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [BOARD, LIST, MINE, CREATE])
def test_members_are_refused_and_anonymous_visitors_sent_to_log_in(client, member_a, url):
    assert client.get(url).status_code == 302
    assert reverse("members:login") in client.get(url).url
    client.force_login(member_a)
    assert client.get(url).status_code == 403


def test_a_member_cannot_move_a_task(client_for, secretariat, member_a):
    task = _task(secretariat)
    response = client_for(member_a).post(
        reverse("secretariat:task_move", args=[task.pk]),
        {"status": "done", "version": task.version},
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).status == Task.Status.TODO


def test_the_board_shows_each_status_with_overdue_marked_in_words(client_for, secretariat):
    today = timezone.localdate()
    late = _task(secretariat, title="Sen opgave", due_on=today - timedelta(days=1))
    _task(secretariat, title="Rettidig opgave", due_on=today + timedelta(days=3))
    blocked = move_task(
        task=_task(secretariat, title="Blokeret opgave"), status="blocked", by=secretariat
    )
    old = move_task(task=_task(secretariat, title="Gammel færdig"), status="done", by=secretariat)
    Task.objects.filter(pk=old.pk).update(done_at=timezone.now() - timedelta(days=60))
    move_task(task=_task(secretariat, title="Ny færdig"), status="done", by=secretariat)

    page = client_for(secretariat).get(BOARD).content.decode()
    for heading in ["Skal gøres", "I gang", "Blokeret", "Færdig"]:
        assert heading in page
    assert "Sen opgave" in page and "Overskredet" in page
    assert page.count("Overskredet") == 1
    assert "Blokeret opgave" in page and f'id="flyt-{blocked.pk}"' in page
    assert "Ny færdig" in page and "Gammel færdig" not in page
    # The move form offers the other statuses, and carries the version the board showed.
    assert f'action="{reverse("secretariat:task_move", args=[late.pk])}"' in page
    assert f'name="version" value="{late.version}"' in page


def test_a_full_column_shows_the_most_urgent_and_counts_the_rest(
    client_for, secretariat, monkeypatch
):
    monkeypatch.setattr("secretariat.views.tasks.COLUMN_SHOWN", 2)
    today = timezone.localdate()
    _task(secretariat, title="Uden dato")
    _task(secretariat, title="Frist om en uge", due_on=today + timedelta(days=7))
    _task(secretariat, title="Frist i går", due_on=today - timedelta(days=1))
    _task(secretariat, title="Frist i forgårs", due_on=today - timedelta(days=2))
    move_task(task=_task(secretariat, title="I gang nu"), status="doing", by=secretariat)

    page = client_for(secretariat).get(BOARD).content.decode()

    assert "Frist i forgårs" in page and "Frist i går" in page
    assert "Frist om en uge" not in page and "Uden dato" not in page
    assert "Viser de 2 mest presserende af 4." in page
    assert f'href="{LIST}?status=todo"' in page
    # The hidden tasks still count: in the column's badge and among the overdue.
    assert '4<span class="visually-hidden"> opgaver</span>' in page
    assert "2 opgaver har overskredet deres frist." in page
    # A column within the limit says nothing more.
    assert "I gang nu" in page and page.count("mest presserende") == 1


def test_moving_without_javascript_returns_to_the_page_it_came_from(client_for, secretariat):
    task = _task(secretariat)
    response = client_for(secretariat).post(
        reverse("secretariat:task_move", args=[task.pk]),
        {"status": "doing", "version": task.version, "next": f"{LIST}?status=open"},
    )
    assert response.status_code == 302 and response.url == f"{LIST}?status=open"
    assert Task.objects.get(pk=task.pk).status == Task.Status.DOING


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/", "javascript:x", ""])
def test_a_move_never_returns_to_another_site(client_for, secretariat, target):
    task = _task(secretariat)
    response = client_for(secretariat).post(
        reverse("secretariat:task_move", args=[task.pk]),
        {"status": "doing", "version": task.version, "next": target},
    )
    assert response.url == BOARD


def test_a_move_from_a_stale_board_is_refused_with_a_message(client_for, secretariat):
    task = _task(secretariat)
    seen = task.version
    move_task(task=task, status=Task.Status.BLOCKED, by=secretariat)
    client = client_for(secretariat)
    response = client.post(
        reverse("secretariat:task_move", args=[task.pk]),
        {"status": "done", "version": seen},
        follow=True,
    )
    assert Task.objects.get(pk=task.pk).status == Task.Status.BLOCKED
    assert "er ændret, siden du åbnede siden" in response.content.decode()


def test_the_list_filters(client_for, secretariat, colleague):
    today = timezone.localdate()
    initiative = make_initiative(name="Lektiecafé")
    group = make_group(name="Gruppen om idræt")
    mine = _task(secretariat, title="Min opgave", assignee=secretariat, initiative=initiative)
    _task(
        secretariat,
        title="Kollegas sene opgave",
        assignee=colleague,
        due_on=today - timedelta(days=1),
        function=BackboneFunction.FUNDING,
        working_group=group,
    )
    move_task(
        task=_task(secretariat, title="Færdig opgave", initiative=initiative),
        status="done",
        by=secretariat,
    )
    client = client_for(secretariat)

    def titles(query):
        page = client.get(f"{LIST}?{query}").content.decode()
        names = ["Min opgave", "Kollegas sene opgave", "Færdig opgave"]
        return {name for name in names if f">{name}</a>" in page}

    assert titles("") == {"Min opgave", "Kollegas sene opgave", "Færdig opgave"}
    assert titles(f"assignee={colleague.pk}") == {"Kollegas sene opgave"}
    assert titles("status=open") == {"Min opgave", "Kollegas sene opgave"}
    assert titles("status=done") == {"Færdig opgave"}
    assert titles("overdue=yes") == {"Kollegas sene opgave"}
    assert titles("function=funding") == {"Kollegas sene opgave"}
    assert titles("link=working_group") == {"Kollegas sene opgave"}
    assert titles(f"initiative={initiative.pk}") == {"Min opgave", "Færdig opgave"}
    assert titles(f"initiative={initiative.pk}&status=open") == {"Min opgave"}
    # Junk is ignored, not an error.
    assert titles("status=nonsense&assignee=abc&goal=x&overdue=2") == titles("")
    assert mine.pk


def test_my_tasks_are_the_list_of_my_own(client_for, secretariat, colleague):
    _task(secretariat, title="Min opgave", assignee=secretariat)
    _task(secretariat, title="Kollegas opgave", assignee=colleague)
    page = client_for(secretariat).get(MINE).content.decode()
    assert "Min opgave" in page and "Kollegas opgave" not in page


def test_the_list_is_paginated(client_for, secretariat):
    for number in range(27):
        _task(secretariat, title=f"Opgave nummer {number:02}")
    client = client_for(secretariat)
    first = client.get(LIST).content.decode()
    second = client.get(f"{LIST}?side=2").content.decode()
    assert "Side 1 af 2" in first and "Side 2 af 2" in second
    assert first.count('<th scope="row">') == 25 and second.count('<th scope="row">') == 2


def test_a_new_task_is_prefilled_from_the_address(client_for, secretariat):
    goal = make_goal("Flere unge i job")
    initiative = make_initiative(name="Fritidsjob")
    query = (
        f"title=F%C3%B8lg+op&function=measurement&goal={goal.pk}&initiative={initiative.pk}"
        "&meeting=999999&organisation=abc&unknown=1&function_extra=x"
    )
    response = client_for(secretariat).get(f"{CREATE}?{query}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {
        "title": "Følg op",
        "function": "measurement",
        "goal": goal.pk,
        "initiative": initiative.pk,
    }
    page = response.content.decode()
    assert f'<option value="{goal.pk}" selected>' in page


def test_a_retired_or_draft_goal_is_not_offered(client_for, secretariat):
    live = make_goal("Levende mål")
    draft = make_agenda(goals=["Foreslået mål"])
    proposed = draft.goals.get()
    response = client_for(secretariat).get(f"{CREATE}?goal={proposed.pk}")
    assert "goal" not in response.context["form"].initial
    choices = list(response.context["form"].fields["goal"].queryset)
    assert live in choices and proposed not in choices


def test_creating_a_task_through_the_form(client_for, secretariat, colleague):
    initiative = make_initiative(name="Lektiecafé")
    response = client_for(secretariat).post(
        CREATE,
        _form_data(
            title="Book lokale",
            assignee=colleague.pk,
            initiative=initiative.pk,
            due_on="2027-02-01",
            priority=Task.Priority.HIGH,
        ),
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    assert (task.assignee, task.initiative, task.created_by) == (colleague, initiative, secretariat)


def test_a_member_cannot_be_chosen_in_the_form(client_for, secretariat, member_a):
    response = client_for(secretariat).post(CREATE, _form_data(assignee=member_a.pk))
    assert response.status_code == 200 and not Task.objects.exists()


def test_editing_a_task_from_a_stale_form_shows_the_conflict(client_for, secretariat):
    task = _task(secretariat)
    data = _form_data(task, title="Ny titel")
    move_task(task=task, status=Task.Status.DOING, by=secretariat)
    response = client_for(secretariat).post(reverse("secretariat:task_edit", args=[task.pk]), data)
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.content.decode()
    assert Task.objects.get(pk=task.pk).title == "Ring til foreningerne"


def test_the_detail_page_shows_the_task_and_its_history(client_for, secretariat):
    initiative = make_initiative(name="Lektiecafé")
    task = _task(secretariat, initiative=initiative, description="Husk <b>nøglen</b>.")
    move_task(task=task, status=Task.Status.DOING, by=secretariat)
    page = client_for(secretariat).get(task.get_absolute_url()).content.decode()
    assert "Ring til foreningerne" in page and "Lektiecafé" in page
    assert "Husk &lt;b&gt;nøglen&lt;/b&gt;." in page
    assert "Understøtte koordinerede aktiviteter" in page
    assert "Historik" in page and "I gang" in page


# --- the demo ---------------------------------------------------------------------------


def test_the_demo_board_covers_the_six_functions_and_every_status():
    call_command("seed_demo", verbosity=0)
    tasks = Task.objects.filter(title__in=[row[0] for row in TASKS])
    assert 12 <= tasks.count() <= 18
    assert set(tasks.values_list("function", flat=True)) == set(BackboneFunction.values)
    assert set(tasks.values_list("status", flat=True)) == set(Task.Status.values)
    assert tasks.overdue().count() >= 2
    assert tasks.filter(goal__isnull=False).exists() and tasks.filter(meeting__isnull=False)
    assert tasks.filter(initiative__isnull=False).exists()
    assert tasks.filter(working_group__isnull=False).exists()
    assert not tasks.filter(assignee__role="member").exists()
    # Loading it again changes nothing.
    by = User.objects.get(email="sekretariat@demo.dk")
    users = {user.email: user for user in User.objects.all()}
    assert seed_tasks(users=users, by=by) == []
