"""Messages and meetings in the admin: read only; the portal's services make every change."""

from django.contrib import admin

from alliance.admin import ReadOnlyAdmin, ReadOnlyInline
from communication.models import ActionItem, Comment, Meeting, Message, Rsvp


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ["author", "created_at", "hidden_at", "body"]


class RsvpInline(ReadOnlyInline):
    model = Rsvp
    fields = ["person", "answer", "answered_at"]


class ActionItemInline(ReadOnlyInline):
    model = ActionItem
    fields = ["text", "responsible", "due_on", "done_at"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["title", "audience", "group", "author", "publish_at", "pinned"]
    list_filter = ["audience", "pinned"]
    list_select_related = ["group", "author"]
    search_fields = ["title", "body"]
    inlines = [CommentInline]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "group", "starts_at", "status"]
    list_filter = ["status", "group"]
    list_select_related = ["group"]
    search_fields = ["title", "agenda", "minutes"]
    inlines = [RsvpInline, ActionItemInline]
