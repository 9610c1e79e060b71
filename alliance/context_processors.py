from django.conf import settings
from django.urls import reverse

from alliance.identity import identity


def portal(request):
    """What every page needs: the alliance's name and what the navigation may show."""
    user = getattr(request, "user", None)
    return {
        "alliance_name": settings.ALLIANCE_NAME,
        "identity": identity(),
        "user_is_secretariat": bool(user and getattr(user, "is_secretariat", False)),
        "accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL
        or reverse("pages:accessibility"),
    }
