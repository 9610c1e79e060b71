"""The shared pages: the audit trail, a person's mail choices, unsubscribing from a mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alliance import audit, notifications
from alliance.forms import AuditFilterForm, NotificationSettingsForm
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


@never_cache
@login_required
def notification_settings(request):
    """A person's own choice, per kind of event, of mail at once, in the weekly digest or never."""
    current = notifications.settings_of(request.user)
    form = NotificationSettingsForm(
        request.POST or None, current=current, kinds=notifications.kinds_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        notifications.save_settings(user=request.user, choices=form.choices())
        messages.success(request, _("Dine valg for mails er gemt."))
        return redirect("notification_settings")
    return render(request, "alliance/notification_settings.html", {"form": form})


# The signed token in the address is the person's authority, and mail programs
# post here for one-click unsubscribing (RFC 8058) without a CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Turn off one kind of mail (or all) from a mail's link, without logging in."""
    try:
        user, kinds = notifications.unsubscribe_target(token)
    except signing.BadSignature:
        raise Http404 from None
    context = {"kinds": [kind.label for kind in kinds], "all_kinds": len(kinds) > 1}
    if request.method == "POST":
        notifications.unsubscribe(token=token)
        return render(request, "alliance/unsubscribe_done.html", context)
    return render(request, "alliance/unsubscribe.html", context)
