"""
The only code that changes the secretariat's tasks.

Each function checks that the person acting is the secretariat, checks a
status change against TASK_TRANSITIONS, writes inside a transaction, records
the change in the audit trail and tells a person when somebody else gives
them a task (alliance.notifications, Kind.TASK_ASSIGNED).

Tasks are also kept in step with the action items of meetings' minutes:
communication sends action_item_saved, secretariat.receivers passes it to
task_from_action_item, and a task made from an item that is moved to done
marks the item done through communication's service.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance import audit
from alliance.notifications import Kind, notify
from alliance.transitions import SECRETARIAT, check_transition
from alliance.versioning import EditConflict
from communication.services.meetings import complete_action_item
from members.models import User
from secretariat.models import BackboneFunction, Task
from secretariat.permissions import can_use_secretariat

_S = Task.Status
_SEC = frozenset({SECRETARIAT})

# The one table of a task's status changes: from -> to -> who. The secretariat
# moves its own tasks freely on the board, also back from done.
TASK_TRANSITIONS = {
    _S.TODO: {_S.DOING: _SEC, _S.BLOCKED: _SEC, _S.DONE: _SEC},
    _S.DOING: {_S.TODO: _SEC, _S.BLOCKED: _SEC, _S.DONE: _SEC},
    _S.BLOCKED: {_S.TODO: _SEC, _S.DOING: _SEC, _S.DONE: _SEC},
    _S.DONE: {_S.TODO: _SEC, _S.DOING: _SEC, _S.BLOCKED: _SEC},
}

# What a task made from an action item serves until somebody says otherwise.
ACTION_ITEM_FUNCTION = BackboneFunction.ACTIVITIES
TITLE_LENGTH = Task._meta.get_field("title").max_length


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def task_role(user):
    return SECRETARIAT if can_use_secretariat(user) else None


def assignable_people():
    """Who may be given a task: the secretariat's people who can still log in."""
    return (
        User.objects.active()
        .filter(Q(role=User.Role.SECRETARIAT) | Q(is_superuser=True))
        .order_by("full_name", "pk")
    )


def _check_assignee(assignee):
    if assignee is not None and not assignable_people().filter(pk=assignee.pk).exists():
        raise ValidationError(
            _("Kun sekretariatets folk kan være ansvarlige for en opgave."), code="assignee"
        )


def _stamp_status(task, *, old, now):
    """The times that follow a status: when it changed, and when the task was done."""
    if task.status != old:
        task.status_changed_at = now
    task.done_at = (task.done_at or now) if task.status == _S.DONE else None


def _tell_assignee(task, *, by):
    """The person given the task hears of it, unless they gave it to themselves."""
    if task.assignee is None:
        return
    notify(
        kind=Kind.TASK_ASSIGNED,
        recipients=[task.assignee],
        template="secretariat/email/task_assigned",
        context={"task": task, "by": by},
        url=task.get_absolute_url(),
        topic=_("Sekretariatets opgaver"),
        by=by,
    )


@transaction.atomic
def create_task(*, by, form=None, fields=None) -> Task:
    """A new task from the secretariat's form, or from plain `fields` (demo data, imports)."""
    _require(can_use_secretariat(by))
    now = timezone.now()
    task = form.instance if form is not None else Task(**(fields or {}))
    _check_assignee(task.assignee)
    task.created_by = by
    task.created_at = task.status_changed_at = now
    _stamp_status(task, old=task.status, now=now)
    if form is not None:
        task = audit.save_form(form, by=by)
    else:
        task.full_clean()
        task.save()
        audit.record_created(by=by, instance=task)
    _tell_assignee(task, by=by)
    return task


@transaction.atomic
def update_task(*, form, by) -> Task:
    """Save the secretariat's edit. An edit over a newer save raises EditConflict.

    A new status must be one TASK_TRANSITIONS allows, and a new assignee hears of it.
    """
    _require(can_use_secretariat(by))
    stored = Task.objects.select_for_update().get(pk=form.instance.pk)
    if (form.cleaned_data.get("version") or 0) != stored.version:
        raise EditConflict
    task = form.instance
    _check_assignee(task.assignee)
    if task.status != stored.status:
        check_transition(
            TASK_TRANSITIONS,
            current=stored.status,
            new=task.status,
            role=task_role(by),
            statuses=_S,
        )
    task.done_at = stored.done_at
    _stamp_status(task, old=stored.status, now=timezone.now())
    task = audit.save_form(form, by=by)
    if task.assignee_id != stored.assignee_id:
        _tell_assignee(task, by=by)
    if task.status == _S.DONE and stored.status != _S.DONE:
        _complete_item(task, by=by)
    return task


@transaction.atomic
def move_task(*, task, status, by, seen_version=None) -> Task:
    """Move a task on the board, as TASK_TRANSITIONS allows.

    `seen_version` is the task's version the board showed: when the task has
    changed since, the move is refused (EditConflict) rather than applied over
    a change the person has not seen.
    """
    _require(can_use_secretariat(by))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if seen_version is not None and seen_version != task.version:
        raise EditConflict
    if status not in _S.values:
        raise ValidationError(_("Vælg en status."), code="status")
    check_transition(
        TASK_TRANSITIONS, current=task.status, new=status, role=task_role(by), statuses=_S
    )
    before = audit.snapshot(task, ["status", "done_at"])
    old = task.status
    task.status = status
    _stamp_status(task, old=old, now=timezone.now())
    task.version += 1
    task.save(update_fields=["status", "status_changed_at", "done_at", "version"])
    audit.record_change(by=by, instance=task, before=before)
    if status == _S.DONE:
        _complete_item(task, by=by)
    return task


def _complete_item(task, *, by):
    """A finished task made from an action item finishes the item in the minutes too."""
    if task.action_item_id is not None:
        complete_action_item(item=task.action_item, by=by)


# --- action items from meetings' minutes -----------------------------------------------


def _from_item(item):
    """The task's fields an action item decides: title, deadline, assignee, and a note
    naming the responsible person when that person cannot hold a task."""
    responsible = item.responsible
    assignee = None
    note = ""
    if responsible is not None:
        if assignable_people().filter(pk=responsible.pk).exists():
            assignee = responsible
        else:
            note = responsible_note(responsible)
    return {
        "title": item.text[:TITLE_LENGTH],
        "due_on": item.due_on,
        "assignee": assignee,
    }, note


# The description's first line when the responsible person cannot hold the task.
RESPONSIBLE_NOTE = gettext_lazy("Ansvarlig ifølge referatet: %(name)s.")


def responsible_note(person):
    return RESPONSIBLE_NOTE % {"name": person}


def _is_responsible_note(line):
    """Whether a description's first line is the note, so a changed item may replace it."""
    return bool(line) and line.startswith(str(RESPONSIBLE_NOTE).split("%(name)s")[0])


@transaction.atomic
def task_from_action_item(*, item, by) -> Task:
    """Keep one task for an action item of a meeting's minutes.

    An item without a task (a new one) becomes a task on the board; a changed
    item changes its task's title, deadline and assignee, unless the task is
    already done.
    """
    fields, note = _from_item(item)
    task = Task.objects.select_for_update().filter(action_item=item).first()
    if task is None:
        return create_task(
            by=by,
            fields={
                **fields,
                "description": note,
                "meeting": item.meeting,
                "action_item": item,
                "function": ACTION_ITEM_FUNCTION,
                "status": _S.TODO,
            },
        )
    if task.status == _S.DONE:
        return task
    _require(can_use_secretariat(by))
    before = audit.snapshot(task, [*fields, "description"])
    old_assignee = task.assignee_id
    for name, value in fields.items():
        setattr(task, name, value)
    lines = task.description.split("\n", 1)
    if _is_responsible_note(lines[0]) or not task.description:
        lines[0] = note
        task.description = "\n".join(lines).strip()
    if audit.differences(before, audit.snapshot(task, list(before))):
        task.version += 1
        task.save(update_fields=[*fields, "description", "version"])
        audit.record_change(by=by, instance=task, before=before, note=_("Ændret i mødets referat."))
        if task.assignee_id != old_assignee:
            _tell_assignee(task, by=by)
    return task
