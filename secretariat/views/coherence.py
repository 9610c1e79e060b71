"""Sammenhæng: the lists of what does not hang together yet, for the secretariat."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from members.permissions import secretariat_required
from secretariat import coherence as checks


# The list names waiting volunteers: personal data no cache may keep.
@never_cache
@secretariat_required
def coherence(request):
    sections = checks.sections()
    return render(
        request,
        "secretariat/coherence.html",
        {
            "sections": sections,
            "total": sum(section.total for section in sections),
            "limit": checks.LIMIT,
        },
    )
