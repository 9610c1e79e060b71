"""The language switch, outside the members namespace: every page's header posts to it."""

from django.urls import path

from members import views

urlpatterns = [
    path("sprog/", views.switch_language, name="set_language"),
]
