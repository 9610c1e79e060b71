from django.conf import settings
from django.urls import reverse

from members.permissions import is_secretariat


def portal(request):
    """What every page needs: the alliance's name and what the navigation may show."""
    user = getattr(request, "user", None)
    return {
        "alliance_name": settings.ALLIANCE_NAME,
        "user_is_secretariat": bool(user and is_secretariat(user)),
        "accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL
        or reverse("accessibility"),
    }
