from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from alliance.views import public
from initiatives.views import public as initiatives_public
from members.forms import LoginForm, PasswordResetConfirmForm, PasswordResetForm
from members.views.directory import LoginView

account_patterns = [
    path("log-ind/", LoginView.as_view(form_class=LoginForm), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "adgangskode/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "adgangskode/skiftet/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "glemt-adgangskode/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "glemt-adgangskode/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=PasswordResetConfirmForm),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("om-metoden/", public.about, name="about"),
    path("kontakt/", public.contact, name="contact"),
    path("privatliv/", public.privacy, name="privacy"),
    path("tilgaengelighed/", public.accessibility, name="accessibility"),
    path("healthz", public.healthz, name="healthz"),
    path("dagsorden/", include("alliance.agenda_urls")),
    path("indsatser/", initiatives_public.public_list, name="initiatives_public_list"),
    path(
        "indsatser/<slug:slug>/",
        initiatives_public.public_detail,
        name="initiatives_public_detail",
    ),
    path("portal/", include("initiatives.urls")),
    path("konto/", include(account_patterns)),
    path("sprog/", set_language, name="set_language"),
    path("", include("members.urls")),
    path("", include("members.volunteer_urls")),
    path("admin/", admin.site.urls),
]
