"""The common agenda in the admin: read only; the portal's services make every change."""

from django.contrib import admin

from agenda.models import Agenda, AgendaComment, AgendaGoal, Endorsement, Goal
from alliance.admin import ReadOnlyAdmin, ReadOnlyInline


class AgendaGoalInline(ReadOnlyInline):
    model = AgendaGoal
    extra = 0


@admin.register(Agenda)
class AgendaAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "adopted_on", "created_at"]
    list_filter = ["status"]
    search_fields = ["vision", "problem_statement"]
    inlines = [AgendaGoalInline]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["title", "retired_on"]
    list_filter = ["retired_on"]
    search_fields = ["title", "description"]


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyAdmin):
    list_display = ["agenda", "organisation", "endorsed_by", "endorsed_at"]
    list_select_related = ["agenda", "organisation", "endorsed_by"]
    search_fields = ["organisation__name", "endorsed_by__full_name"]


@admin.register(AgendaComment)
class AgendaCommentAdmin(ReadOnlyAdmin):
    list_display = ["agenda", "author", "created_at", "hidden_at"]
    list_select_related = ["agenda", "author"]
    list_filter = ["hidden_at"]
    search_fields = ["body", "author__full_name"]
