"""Being written."""

from django.http import Http404


def coherence(request, *args, **kwargs):
    raise Http404
