"""Admin building blocks: the domain objects are read-only there, their services change them."""

from django.contrib import admin

from alliance.models import DigestSent, Notification


class ReadOnly:
    """No add, change or delete: lists and view pages only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "recipient", "kind", "delivery", "created_at", "sent_at"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__email"]


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin):
    list_display = ["user", "week", "items", "sent_at"]
    list_select_related = ["user"]
