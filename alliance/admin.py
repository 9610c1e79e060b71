"""Admin building blocks: the domain objects are read-only there, their services change them."""

from django.contrib import admin


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
