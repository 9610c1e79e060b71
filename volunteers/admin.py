from django.contrib import admin

from volunteers.models import Consent, Volunteer, VolunteerNote


class VolunteerNoteInline(admin.TabularInline):
    model = VolunteerNote
    extra = 0


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "status", "assigned_initiative", "email_confirmed_at"]
    list_filter = ["status", "email_confirmed_at", "anonymised_at"]
    list_select_related = ["assigned_initiative"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [ConsentInline, VolunteerNoteInline]


@admin.register(VolunteerNote)
class VolunteerNoteAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "author", "created_at"]
    list_select_related = ["volunteer", "author"]
    search_fields = ["body", "volunteer__email"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "purpose", "text_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "text_version"]
    list_select_related = ["volunteer"]
    search_fields = ["volunteer__email"]
