"""A person's secret calendar address: managing it, and the feed it serves.

The feed needs no log-in (calendar programs cannot log in); the random
token in the address is the key, and only its hash is stored. Making a new
address revokes the old one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from alliance.notifications import absolute
from communication import ical
from communication.models import CalendarFeed, Meeting
from communication.services.meetings import new_calendar_address, revoke_calendar_address

# Where a newly made address waits between the POST and the page that shows it once.
_NEW_ADDRESS = "communication.new_calendar_address"


def feed_address(token):
    return absolute(reverse("communication:calendar_feed", args=[token]))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "new":
            token = new_calendar_address(user=request.user)
            request.session[_NEW_ADDRESS] = token
            messages.success(request, _("Din nye kalenderadresse er klar."))
        elif action == "revoke":
            if revoke_calendar_address(user=request.user):
                messages.success(
                    request, _("Kalenderadressen er slettet. Den virker ikke længere.")
                )
        else:
            messages.error(request, _("Vælg, hvad du vil gøre med kalenderadressen."))
        return redirect("communication:calendar_settings")
    token = request.session.pop(_NEW_ADDRESS, None)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "communication/calendar_settings.html",
        {
            "feed": feed,
            "new_address": feed_address(token) if token and feed else None,
        },
    )


@never_cache
def calendar_feed(request, token):
    """Every meeting of the person's groups, cancelled ones included (marked as such)."""
    feed = CalendarFeed.objects.find(token)
    if feed is None or not feed.user.is_active:
        raise Http404
    meetings = (
        Meeting.objects.of_groups_of(feed.user).select_related("group").order_by("starts_at", "pk")
    )
    body = ical.calendar(meetings, name=_("Møder i alliancen"))
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="moeder.ics"'
    return response
