"""
The admin for people and organisations.

Organisations, groups and invitations are only read here: the portal's pages
change them through members.services. Superusers do fix accounts here, so
the user admin stays writable, and its saves and deletions go through the
same services, which record them in the audit trail.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from alliance.admin import ReadOnlyAdmin
from members import services
from members.forms import AdminLoginForm
from members.models import Invitation, Organisation, User, WorkingGroup

# Password guessing at /admin/ meets the same limits as at the portal's log-in.
admin.site.login_form = AdminLoginForm


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
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
    # Facts about the account, not settings: editing them would only blur the history.
    readonly_fields = ["last_login", "date_joined"]
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

    def save_model(self, request, obj, form, change):
        services.save_user_in_admin(user=obj, form=form, by=request.user)

    def save_related(self, request, form, formsets, change):
        # save_user_in_admin saved the groups and permissions with the user.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.delete_user_in_admin(user=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_user_in_admin(user=user, by=request.user)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "purpose"]
    filter_horizontal = ["members"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["user", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["token_hash"]
