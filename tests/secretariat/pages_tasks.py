"""Page-table entries for the secretariat's tasks; tests/pagelist.py takes them in.

Every task page is the secretariat's: members get 403, anonymous visitors the log-in page.
"""

from datetime import timedelta

from django.utils import timezone

from secretariat.forms.tasks import TaskForm
from secretariat.models import BackboneFunction, Task
from secretariat.services.tasks import create_task, move_task
from tests.factories import make_goal
from tests.pagelist import Get, Page, Post, form_data, secretariat_only


def extend_world(w):
    """An overdue task the contact person holds, linked to the homework café and a goal,
    and one that is done; the minutes in pages_meetings have made one more."""
    today = timezone.localdate()
    w.task = create_task(
        by=w.secretariat,
        fields={
            "title": "Ring til lektiecaféens frivillige",
            "function": BackboneFunction.ACTIVITIES,
            "assignee": w.contact,
            "due_on": today - timedelta(days=2),
            "initiative": w.initiative,
            "goal": w.initiative.goals.first(),
            "working_group": w.group,
        },
    )
    w.task_done = create_task(
        by=w.secretariat,
        fields={
            "title": "Skriv nyhed om lektiecaféen",
            "function": BackboneFunction.PUBLIC_WILL,
            "assignee": w.secretariat,
            "indicator": w.indicator,
        },
    )
    w.task_done = move_task(task=w.task_done, status=Task.Status.DONE, by=w.secretariat)


# --- rows ---------------------------------------------------------------------------


def _tasks(w, n):
    """n more tasks of the signed-in secretariat, each linked to something else."""
    today = timezone.localdate()
    for number in range(n):
        task = create_task(
            by=w.secretariat,
            fields={
                "title": f"Opgave {number}",
                "function": BackboneFunction.values[number % 6],
                "assignee": w.secretariat,
                "due_on": today + timedelta(days=number - 5),
                "goal": make_goal(f"Mål for opgave {number}"),
                "commitment": w.commitment_a,
                "meeting": w.meeting,
                "organisation": w.org_b,
                "volunteer": w.volunteer,
            },
        )
        if number % 3 == 1:
            move_task(task=task, status=Task.Status.DOING, by=w.secretariat)
        elif number % 3 == 2:
            move_task(task=task, status=Task.Status.DONE, by=w.secretariat)


# --- states a POST changes ----------------------------------------------------------


def _fresh(task, field):
    return getattr(Task.objects.get(pk=task.pk), field)


def _pk(w):
    return {"pk": w.task.pk}


# --- the table ------------------------------------------------------------------------

PAGES = {
    "secretariat:task_board": Page(get=Get(secretariat_only(200), queries=5, rows=_tasks)),
    "secretariat:task_list": Page(get=Get(secretariat_only(200), queries=6, rows=_tasks)),
    "secretariat:my_tasks": Page(get=Get(secretariat_only(200), queries=6, rows=_tasks)),
    "secretariat:task_create": Page(
        get=Get(secretariat_only(200), queries=12),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(
                TaskForm(),
                title="Book lokale til temamødet",
                function=BackboneFunction.VISION,
                assignee=w.contact.pk,
                initiative=w.initiative.pk,
            ),
            state=lambda w: Task.objects.count(),
        ),
    ),
    "secretariat:task_detail": Page(kwargs=_pk, get=Get(secretariat_only(200), queries=5)),
    "secretariat:task_edit": Page(
        kwargs=_pk,
        get=Get(secretariat_only(200), queries=13),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(
                TaskForm(instance=Task.objects.get(pk=w.task.pk)),
                title="Ring til alle lektiecaféens frivillige",
            ),
            state=lambda w: _fresh(w.task, "title"),
        ),
    ),
    "secretariat:task_move": Page(
        kwargs=_pk,
        post=Post(
            secretariat_only(302),
            data=lambda w: {
                "status": Task.Status.DOING,
                "version": _fresh(w.task, "version"),
                "next": "/portal/sekretariat/opgaver/liste/",
            },
            state=lambda w: _fresh(w.task, "status"),
        ),
    ),
}
