"""Being written."""

from django.http import Http404


def round_list(request, *args, **kwargs):
    raise Http404


def round_open(request, *args, **kwargs):
    raise Http404


def round_detail(request, *args, **kwargs):
    raise Http404


def round_close(request, *args, **kwargs):
    raise Http404


def question_list(request, *args, **kwargs):
    raise Http404


def question_edit(request, *args, **kwargs):
    raise Http404


def question_create(request, *args, **kwargs):
    raise Http404


def answer(request, *args, **kwargs):
    raise Http404
