"""
The portal's addresses. Each app brings its own: public pages at their fixed
paths, everything that needs a log-in under /portal/, account pages under /konto/.
"""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from alliance.views import audit_log

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("members.urls")),
    path("", include("agenda.urls")),
    path("", include("initiatives.urls")),
    path("", include("volunteers.urls")),
    path("", include("measurement.urls")),
    path("portal/historik/", audit_log, name="audit_log"),
    path("sprog/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
