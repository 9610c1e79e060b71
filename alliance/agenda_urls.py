from django.urls import path

from alliance.views import agenda

app_name = "agenda"

urlpatterns = [
    path("", agenda.agenda_detail, name="detail"),
    path("versioner/", agenda.agenda_history, name="history"),
    path("versioner/<int:number>/", agenda.agenda_version, name="version"),
    path("udkast/", agenda.draft_detail, name="draft"),
    path("udkast/ny/", agenda.draft_start, name="draft_start"),
    path("udkast/rediger/", agenda.draft_edit, name="draft_edit"),
    path("udkast/vedtag/", agenda.draft_adopt, name="draft_adopt"),
    path("udkast/kommentarer/", agenda.comment_add, name="comment_add"),
    path("udkast/kommentarer/<int:pk>/skjul/", agenda.comment_hide, name="comment_hide"),
    path("tilslut/", agenda.endorse, name="endorse"),
    path("paamind/", agenda.remind, name="remind"),
]
