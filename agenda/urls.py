"""The common agenda, for logged-in people only, under /portal/dagsorden/."""

from django.urls import include, path

from agenda import views

app_name = "agenda"

portal_patterns = [
    path("", views.agenda_detail, name="detail"),
    path("versioner/", views.agenda_history, name="history"),
    path("versioner/sammenlign/", views.agenda_compare, name="compare"),
    path("versioner/<int:number>/", views.agenda_version, name="version"),
    path("udkast/", views.draft_detail, name="draft"),
    path("udkast/ny/", views.draft_start, name="draft_start"),
    path("udkast/rediger/", views.draft_edit, name="draft_edit"),
    path("udkast/vedtag/", views.draft_adopt, name="draft_adopt"),
    path("udkast/kommentarer/", views.comment_add, name="comment_add"),
    path("udkast/kommentarer/<int:pk>/skjul/", views.comment_hide, name="comment_hide"),
    path("tilslut/", views.endorse, name="endorse"),
    path("paamind/", views.remind, name="remind"),
]

urlpatterns = [path("portal/dagsorden/", include(portal_patterns))]
