"""Being written."""

from django.http import Http404


def backbone_report(request, *args, **kwargs):
    raise Http404
