"""Volunteers in the admin: read only; the portal's services make every change.

The services hold the rules the admin would bypass: the status table, the
børneattest check before a volunteer becomes active, and the history.
"""

from django.contrib import admin

from alliance.admin import ReadOnlyAdmin, ReadOnlyInline
from volunteers.models import Consent, Volunteer, VolunteerNote


class VolunteerNoteInline(ReadOnlyInline):
    model = VolunteerNote


class ConsentInline(ReadOnlyInline):
    model = Consent


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "email", "status", "assigned_initiative", "email_confirmed_at"]
    list_filter = ["status", "email_confirmed_at", "anonymised_at"]
    list_select_related = ["assigned_initiative"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [ConsentInline, VolunteerNoteInline]


@admin.register(VolunteerNote)
class VolunteerNoteAdmin(ReadOnlyAdmin):
    list_display = ["volunteer", "author", "created_at"]
    list_select_related = ["volunteer", "author"]
    search_fields = ["body", "volunteer__email"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["volunteer", "purpose", "text_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "text_version"]
    list_select_related = ["volunteer"]
    search_fields = ["volunteer__email"]
