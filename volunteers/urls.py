"""Volunteers: the public sign-up and self-service at /frivillig/, the inbox under /portal/."""

from django.urls import include, path

from volunteers import views

app_name = "volunteers"

public_patterns = [
    path("", views.signup, name="signup"),
    path("tak/", views.thanks, name="thanks"),
    path("nyt-link/", views.new_link, name="new_link"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("aendringer/<str:token>/", views.change, name="change"),
    path("mine-data/<str:token>/", views.my_data, name="my_data"),
    path("mine-data/<str:token>/json/", views.my_data_json, name="my_data_json"),
    path("bliv/<str:token>/", views.stay, name="stay"),
    path("slet/<str:token>/", views.delete, name="delete"),
]

portal_patterns = [
    path("", views.volunteer_list, name="list"),
    path("frivillige.csv", views.volunteer_export, name="export"),
    path("valgte/", views.volunteer_bulk, name="bulk"),
    path("match/", views.volunteer_matches, name="matches"),
    path("match/<slug:slug>/", views.volunteer_matches, name="matches_for"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/ret/", views.volunteer_edit, name="edit"),
    path("<int:pk>/boerneattest/", views.volunteer_certificate, name="certificate"),
    path("<int:pk>/noter/", views.volunteer_note, name="note"),
    path("<int:pk>/anonymiser/", views.volunteer_anonymise, name="anonymise"),
    path("<int:pk>/send-bekraeftelse/", views.volunteer_resend, name="resend"),
    path("<int:pk>/skriv/", views.volunteer_write, name="write"),
]

urlpatterns = [
    path("frivillig/", include(public_patterns)),
    path("portal/frivillige/", include(portal_patterns)),
]
