from django.urls import path

from members.views import directory as views

app_name = "members"

urlpatterns = [
    path("organisationer/", views.organisation_list, name="organisation_list"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path(
        "organisationer/<int:pk>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisationer/<int:pk>/rediger/",
        views.organisation_edit,
        name="organisation_edit",
    ),
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
    path("profil/", views.profile, name="profile"),
    path("brugere/", views.user_list, name="user_list"),
    path("brugere/inviter/", views.user_invite, name="user_invite"),
    path("brugere/<int:pk>/", views.user_edit, name="user_edit"),
    path("brugere/<int:pk>/aktiv/", views.user_set_active, name="user_set_active"),
    path("brugere/<int:pk>/inviter-igen/", views.user_reinvite, name="user_reinvite"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
