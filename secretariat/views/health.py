"""Sundhed: the five conditions' signals now and over the last four quarters."""

from django.shortcuts import render

from members.permissions import secretariat_required
from secretariat import health as signals


@secretariat_required
def health(request):
    return render(request, "secretariat/health.html", {"cards": signals.cards()})
