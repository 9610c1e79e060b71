"""
The portal's addresses. Each app brings its own: public pages at their fixed
paths, everything that needs a log-in under /portal/, account pages under /konto/.
"""

from django.contrib import admin
from django.urls import include, path

from alliance.views import audit_log, notification_settings, unsubscribe

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("members.urls")),
    path("", include("agenda.urls")),
    path("", include("initiatives.urls")),
    path("", include("volunteers.urls")),
    path("", include("measurement.urls")),
    path("", include("communication.urls")),
    path("", include("secretariat.urls")),
    path("portal/historik/", audit_log, name="audit_log"),
    path("portal/profil/underretninger/", notification_settings, name="notification_settings"),
    path("afmeld/<str:token>/", unsubscribe, name="unsubscribe"),
    # The language switch remembers a signed-in person's choice for their mail.
    path("", include("members.language_urls")),
    path("admin/", admin.site.urls),
]
