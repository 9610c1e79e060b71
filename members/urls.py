"""People and organisations: account pages under /konto/, the rest under /portal/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from members import views
from members.forms import LoginForm, PasswordResetConfirmForm, PasswordResetForm

app_name = "members"

account_patterns = [
    path("log-ind/", auth_views.LoginView.as_view(form_class=LoginForm), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path(
        "adgangskode/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("members:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "adgangskode/skiftet/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "glemt-adgangskode/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("members:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "glemt-adgangskode/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=PasswordResetConfirmForm,
            success_url=reverse_lazy("members:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

portal_patterns = [
    path("organisationer/", views.organisation_list, name="organisation_list"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path("organisationer/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisationer/<int:pk>/rediger/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisationer/<int:pk>/aktiv/",
        views.organisation_set_active,
        name="organisation_set_active",
    ),
    path("grupper/", views.group_list, name="group_list"),
    path("grupper/ny/", views.group_create, name="group_create"),
    path("grupper/<int:pk>/", views.group_detail, name="group_detail"),
    path("grupper/<int:pk>/rediger/", views.group_edit, name="group_edit"),
    path("grupper/<int:pk>/medlemmer/", views.group_member_add, name="group_member_add"),
    path(
        "grupper/<int:pk>/medlemmer/<int:user_pk>/fjern/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("brugere/", views.user_list, name="user_list"),
    path("brugere/inviter/", views.user_invite, name="user_invite"),
    path("brugere/<int:pk>/", views.user_edit, name="user_edit"),
    path("brugere/<int:pk>/aktiv/", views.user_set_active, name="user_set_active"),
    path("brugere/<int:pk>/inviter-igen/", views.user_reinvite, name="user_reinvite"),
]

urlpatterns = [
    path("konto/", include(account_patterns)),
    path("portal/", include(portal_patterns)),
]
