from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from members.forms import AdminLoginForm
from members.models import Invitation, Organisation, User, WorkingGroup

# Password guessing at /admin/ meets the same limits as at the portal's log-in.
admin.site.login_form = AdminLoginForm


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "cvr", "email", "active", "joined_on"]
    list_filter = ["sector", "active"]
    search_fields = ["name", "cvr", "email"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = [
        "full_name",
        "email",
        "role",
        "organisation",
        "is_active",
        "is_superuser",
    ]
    list_filter = ["role", "is_active", "is_superuser", "organisation__sector"]
    search_fields = ["full_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Person"),
            {"fields": ["full_name", "job_title", "phone", "show_on_contact_page"]},
        ),
        (_("Rolle"), {"fields": ["role", "organisation"]}),
        (
            _("Rettigheder"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Datoer"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "organisation",
                    "password1",
                    "password2",
                ],
            },
        )
    ]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "purpose"]
    filter_horizontal = ["members"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["token_hash"]
