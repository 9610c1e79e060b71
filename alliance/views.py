"""The audit trail as one log for the secretariat."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from alliance import audit
from alliance.forms import AuditFilterForm
from alliance.models import AuditEvent
from alliance.paging import paginate


@never_cache
@login_required
def audit_log(request):
    # alliance imports no app, so the secretariat role is read from the user itself.
    if not getattr(request.user, "is_secretariat", False):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("content_type")
    if form.is_valid():
        events = form.filter(events)
    elif form.is_bound:
        events = events.none()
    page, query = paginate(request, events)
    return render(
        request,
        "alliance/audit_log.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "events": [(event, audit.rows(event)) for event in page.object_list],
        },
    )
