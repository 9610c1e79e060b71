"""Being written."""

from django.http import Http404


def health(request, *args, **kwargs):
    raise Http404
