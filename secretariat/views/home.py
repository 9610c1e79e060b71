"""
Where people land after logging in, and the secretariat's home: today's work
on one screen, each line linking to where it is done (secretariat/today.py).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from members.permissions import is_secretariat, secretariat_required
from secretariat import today


@login_required
def landing(request):
    """The secretariat lands on its home, everybody else on the members' overview."""
    if is_secretariat(request.user):
        return redirect("secretariat:home")
    return redirect("communication:home")


@never_cache
@secretariat_required
def home(request):
    now = timezone.now()
    blocks = today.today_for(request.user, now=now)
    return render(
        request,
        "secretariat/home.html",
        {
            "blocks": blocks,
            "today": timezone.localdate(now),
            "rows": today.ROWS,
        },
    )
