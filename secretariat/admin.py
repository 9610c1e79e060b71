"""The secretariat's records in the admin: read only; the portal's services make every change."""

from django.contrib import admin

from alliance.admin import ReadOnlyAdmin
from secretariat.models import Task


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "priority", "assignee", "due_on", "function"]
    list_filter = ["status", "function", "priority"]
    list_select_related = ["assignee"]
    search_fields = ["title", "description"]
    date_hierarchy = "due_on"
