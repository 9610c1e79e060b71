"""Being written."""

from django.http import Http404


def task_board(request, *args, **kwargs):
    raise Http404


def task_list(request, *args, **kwargs):
    raise Http404


def my_tasks(request, *args, **kwargs):
    raise Http404


def task_create(request, *args, **kwargs):
    raise Http404


def task_detail(request, *args, **kwargs):
    raise Http404


def task_edit(request, *args, **kwargs):
    raise Http404


def task_move(request, *args, **kwargs):
    raise Http404
