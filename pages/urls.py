"""The public front at its fixed addresses."""

from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("om-metoden/", views.about, name="about"),
    path("kontakt/", views.contact, name="contact"),
    path("privatliv/", views.privacy, name="privacy"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]
