"""The secretariat's tasks: the board by status, the filtered list, one's own, and the forms.

Every page is the secretariat's (members 403, anonymous to log-in). Moving a
task on the board is a plain form per card, so it works without JavaScript,
and a move over a change the board did not show is refused.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.paging import paginate
from alliance.transitions import allowed_targets
from alliance.versioning import EditConflict, save_form
from members.permissions import secretariat_required
from secretariat.forms.tasks import MoveForm, TaskFilterForm, TaskForm, link_querysets, prefill
from secretariat.models import Task, overdue_task
from secretariat.services.tasks import (
    TASK_TRANSITIONS,
    create_task,
    move_task,
    task_role,
    update_task,
)

# The done column shows what was finished lately, not the whole past.
DONE_DAYS = 30
DONE_SHOWN = 10
# Each open column shows its most urgent tasks (a person scans no more), the list the rest.
COLUMN_SHOWN = 10
URGENT_FIRST = [F("due_on").asc(nulls_last=True), F("priority").desc(), F("pk").asc()]

# Where each kind of linked object is opened; a goal has no page of its own.
LINK_URLS = {
    "initiative": lambda obj: reverse("initiatives:initiative_detail", args=[obj.slug]),
    "commitment": lambda obj: reverse("initiatives:commitment_detail", args=[obj.pk]),
    "indicator": lambda obj: obj.get_absolute_url(),
    "working_group": lambda obj: obj.get_absolute_url(),
    "meeting": lambda obj: obj.get_absolute_url(),
    "organisation": lambda obj: obj.get_absolute_url(),
    "volunteer": lambda obj: reverse("volunteers:detail", args=[obj.pk]),
}


# Of each linked object, what a card or a row shows: its name and what its address needs.
# Loading whole rows of eight other tables made the board twice as slow.
LINK_FIELDS = [
    "goal__title",
    "initiative__name",
    "initiative__slug",
    "commitment__organisation__name",
    "commitment__initiative__name",
    "indicator__name",
    "indicator__slug",
    "working_group__name",
    "meeting__title",
    "organisation__name",
    "volunteer__first_name",
    "volunteer__last_name",
    "volunteer__anonymised_at",
]


def _tasks():
    """Tasks with everything a card or a row shows, in one query."""
    return Task.objects.select_related(
        "assignee", "commitment__organisation", "commitment__initiative", *Task.LINKS
    ).only(*[field.name for field in Task._meta.concrete_fields], *LINK_FIELDS)


def _dress(tasks, user, today):
    """Give each task what its card shows: overdue, its links and the moves it may make."""
    role = task_role(user)
    labels = dict(Task.Status.choices)
    for task in tasks:
        task.overdue = task.is_overdue(today)
        task.link_list = [
            (label, obj, LINK_URLS[name](obj) if name in LINK_URLS else "")
            for name in Task.LINKS
            for label, obj in [(Task._meta.get_field(name).verbose_name, getattr(task, name))]
            if obj is not None
        ]
        task.targets = [
            (status, labels[status])
            for status in allowed_targets(TASK_TRANSITIONS, task.status, role, Task.Status.values)
        ]
    return tasks


@secretariat_required
def task_board(request):
    """Four columns by status, the most urgent first; done shows the last DONE_DAYS days.

    A column shows at most COLUMN_SHOWN tasks and says how many it holds, so the
    board costs the same with a hundred open tasks as with ten.
    """
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=DONE_DAYS)
    open_tasks = _dress(
        list(
            _tasks()
            .open()
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("status")], order_by=URGENT_FIRST),
                in_column=Window(Count("pk"), partition_by=[F("status")]),
                overdue_total=Window(Count("pk", filter=overdue_task(today))),
            )
            .filter(rank__lte=COLUMN_SHOWN)
            .order_by(*URGENT_FIRST)
        ),
        request.user,
        today,
    )
    done = _dress(
        list(
            _tasks()
            .filter(status=Task.Status.DONE, done_at__gte=since)
            .annotate(in_column=Window(Count("pk")))
            .order_by("-done_at", "-pk")[:DONE_SHOWN]
        ),
        request.user,
        today,
    )
    columns = []
    for status, label in Task.Status.choices:
        cards = (
            done if status == Task.Status.DONE else [t for t in open_tasks if t.status == status]
        )
        count = cards[0].in_column if cards else 0
        columns.append(
            {
                "status": status,
                "label": label,
                "tasks": cards,
                "count": count,
                "more": count - len(cards),
                "list_url": f"{reverse('secretariat:task_list')}?{urlencode({'status': status})}",
            }
        )
    return render(
        request,
        "secretariat/task_board.html",
        {
            "columns": columns,
            "overdue_count": open_tasks[0].overdue_total if open_tasks else 0,
            "done_days": DONE_DAYS,
            "here": request.get_full_path(),
        },
    )


def _list(request, *, mine):
    today = timezone.localdate()
    bound = TaskFilterForm(request.GET, mine=mine)
    values = bound.values()
    tasks = _tasks()
    if mine:
        tasks = tasks.of(request.user)
    tasks = bound.filter(tasks, today).order_by(*URGENT_FIRST)
    page, query = paginate(request, tasks)
    _dress(page.object_list, request.user, today)
    # The specific objects a link in the address filters by, named for the reader.
    querysets = link_querysets()
    linked = [
        (Task._meta.get_field(name).verbose_name, obj)
        for name in Task.LINKS
        if name in values
        for obj in querysets[name].filter(pk=values[name])
    ]
    return render(
        request,
        "secretariat/task_list.html",
        {
            "form": TaskFilterForm(initial=values, mine=mine),
            "filtered": bool(values),
            "linked": linked,
            "page": page,
            "query": query,
            "mine": mine,
            "here": request.get_full_path(),
        },
    )


@secretariat_required
def task_list(request):
    return _list(request, mine=False)


@secretariat_required
def my_tasks(request):
    return _list(request, mine=True)


@secretariat_required
def task_create(request):
    if request.method == "POST":
        form = TaskForm(request.POST)
    else:
        form = TaskForm(initial=prefill(request.GET))
    if request.method == "POST" and save_form(
        form, lambda: create_task(form=form, by=request.user)
    ):
        messages.success(request, _("Opgaven »%(title)s« er oprettet.") % {"title": form.instance})
        return redirect(form.instance)
    return render(request, "secretariat/task_form.html", {"form": form})


@secretariat_required
def task_detail(request, pk):
    task = get_object_or_404(_tasks().select_related("action_item__meeting", "created_by"), pk=pk)
    _dress([task], request.user, timezone.localdate())
    return render(
        request,
        "secretariat/task_detail.html",
        {"task": task, "here": request.get_full_path()},
    )


@secretariat_required
def task_edit(request, pk):
    task = get_object_or_404(Task, pk=pk)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and save_form(
        form, lambda: update_task(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect(form.instance)
    return render(request, "secretariat/task_form.html", {"form": form, "task": task})


def _back(request, target):
    """Where a move returns to: the page it came from when that is ours, else the board."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(target)
    return redirect("secretariat:task_board")


@require_POST
@secretariat_required
def task_move(request, pk):
    task = get_object_or_404(Task, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg den status, opgaven skal flyttes til."))
        return _back(request, request.POST.get("next", ""))
    data = form.cleaned_data
    try:
        task = move_task(
            task=task, status=data["status"], by=request.user, seen_version=data["version"]
        )
    except EditConflict:
        messages.error(
            request,
            _(
                "Opgaven »%(title)s« er ændret, siden du åbnede siden, så den er ikke flyttet. "
                "Se den nu, og flyt den igen, hvis det stadig passer."
            )
            % {"title": task},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Opgaven »%(title)s« er flyttet til %(status)s.")
            % {"title": task, "status": task.get_status_display()},
        )
    return _back(request, data["next"])
