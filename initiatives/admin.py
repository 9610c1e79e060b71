"""Initiatives and commitments in the admin: read only; the portal's services make every change."""

from django.contrib import admin

from alliance.admin import ReadOnlyAdmin, ReadOnlyInline
from initiatives.models import Commitment, CommitmentUpdate, Initiative


class CommitmentInline(ReadOnlyInline):
    model = Commitment
    extra = 0
    fields = ["organisation", "status", "next_update_due"]
    show_change_link = True


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "lead_organisation", "is_public", "wants_volunteers"]
    list_filter = ["status", "is_public", "wants_volunteers"]
    list_select_related = ["lead_organisation"]
    search_fields = ["name", "summary", "lead_organisation__name"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "organisation", "status", "next_update_due"]
    list_filter = ["status", "organisation__sector"]
    list_select_related = ["initiative", "organisation"]
    search_fields = ["initiative__name", "organisation__name", "description"]


@admin.register(CommitmentUpdate)
class CommitmentUpdateAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "status", "author", "created_at"]
    list_select_related = ["commitment__initiative", "commitment__organisation", "author"]
    search_fields = ["note", "author__full_name"]
