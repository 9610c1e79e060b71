"""
The only code that changes messages and their comments.

Each function checks the rule in communication.permissions, writes inside a
transaction, records the change in the audit trail and tells the readers
through alliance.notifications. A message is announced when it is posted
already published; one scheduled for later is announced when it goes live, by
`manage.py announce_messages` (announce_due_messages) on the schedule.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import audit
from alliance.models import Notification
from alliance.notifications import notify
from alliance.versioning import EditConflict
from communication.models import Audience, Comment, Message
from communication.permissions import (
    can_comment,
    can_edit_message,
    can_hide_comment,
    can_post,
    can_post_to,
)
from members.models import User
from members.permissions import is_secretariat


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _everyone_in_the_alliance():
    """Who reads what goes to the whole alliance: people of an organisation and the secretariat."""
    return User.objects.active().filter(
        Q(organisation__isnull=False) | Q(role=User.Role.SECRETARIAT) | Q(is_superuser=True)
    )


def readers(message):
    """The people a published message is announced to."""
    if message.audience == Audience.GROUP:
        return message.group.members.filter(is_active=True)
    return _everyone_in_the_alliance()


def topic_of(message):
    """What a message is about in notifications and digests: its group or the alliance."""
    if message.audience == Audience.GROUP:
        return message.group.name
    return settings.ALLIANCE_NAME


def _announce(message, by):
    Message.objects.filter(pk=message.pk).update(announced_at=timezone.now())
    notify(
        kind=Notification.Kind.MESSAGE_POSTED,
        recipients=readers(message),
        template="communication/email/message_posted",
        context={
            "message": message,
            "author": by,
            "topic": topic_of(message),
            "alliance_name": settings.ALLIANCE_NAME,
        },
        url=message.get_absolute_url(),
        topic=topic_of(message),
        by=by,
    )


def _check_audience(by, message):
    """A member writes for the alliance or one of their own groups; only the secretariat for
    the public. A forged form is refused here as well as by the form's choices."""
    if message.audience != Audience.GROUP:
        message.group = None
    if not can_post_to(by, message.audience, message.group):
        raise PermissionDenied


@transaction.atomic
def post_message(*, form, by) -> Message:
    """A new message from a validated MessageForm, announced to its readers if it is out now."""
    _require(can_post(by))
    message = form.instance
    _check_audience(by, message)
    _require(is_secretariat(by) or not message.pinned)
    now = timezone.now()
    message.author = by
    message.created_at = message.updated_at = now
    message = audit.save_form(form, by=by)
    if message.is_published:
        _announce(message, by)
    return message


@transaction.atomic
def update_message(*, form, by) -> Message:
    """Save an edit of a message.

    A form opened at an older version is refused (EditConflict) before any
    rule is checked. Audience and group are held to the rules only when they
    change, so an author who has left a group can still correct a typo. A
    message that was scheduled and is published by this edit is announced.
    """
    stored = (
        Message.objects.select_for_update(of=("self",))
        .select_related("group")
        .get(pk=form.instance.pk)
    )
    _require(can_edit_message(by, stored))
    if (form.cleaned_data.get("version") or 0) != stored.version:
        raise EditConflict
    message = form.instance
    if message.audience != Audience.GROUP:
        message.group = None
    if (message.audience, message.group_id) != (stored.audience, stored.group_id):
        _check_audience(by, message)
    _require(is_secretariat(by) or message.pinned == stored.pinned)
    message.updated_at = timezone.now()
    message = audit.save_form(form, by=by)
    if message.is_published and stored.announced_at is None:
        _announce(message, by)
    return message


@transaction.atomic
def announce_due_messages(*, now=None) -> int:
    """Tell the readers of every message that has gone live since it was scheduled; how many.

    Each message is announced once: a second run finds nothing to do, and two
    runs at the same time do not both take the same message.
    """
    due = list(
        Message.objects.due_for_announcement(now)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("group", "author")
        .order_by("publish_at", "pk")
    )
    for message in due:
        _announce(message, message.author)
    return len(due)


# --- comments ----------------------------------------------------------------


def _may_read(user, message):
    return Message.objects.visible_to(user).filter(pk=message.pk).exists()


def _thread(message, by):
    """The message's author and the earlier commenters who can still read the message."""
    people = User.objects.active().filter(
        Q(pk=message.author_id) | Q(message_comments__message=message)
    )
    if message.audience == Audience.GROUP:
        people = people.filter(
            Q(pk=message.author_id)
            | Q(working_groups=message.group_id)
            | Q(role=User.Role.SECRETARIAT)
            | Q(is_superuser=True)
        )
    return people.distinct()


@transaction.atomic
def add_comment(*, message, body, by) -> Comment:
    """A reader's comment on a published message; the author and earlier commenters are told."""
    _require(by is not None and can_comment(by, message) and _may_read(by, message))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Skriv en kommentar."), code="empty")
    comment = Comment.objects.create(message=message, author=by, body=body)
    audit.record_created(by=by, instance=comment, names=["message", "body"])
    notify(
        kind=Notification.Kind.COMMENT_POSTED,
        recipients=_thread(message, by),
        template="communication/email/comment_posted",
        context={
            "message": message,
            "comment": comment,
            "author": by,
            "alliance_name": settings.ALLIANCE_NAME,
        },
        url=comment.get_absolute_url(),
        topic=topic_of(message),
        by=by,
    )
    return comment


@transaction.atomic
def hide_comment(*, comment, by) -> Comment:
    """Hide a comment from the thread; it is kept, marked with who hid it and when."""
    _require(can_hide_comment(by, comment))
    if comment.hidden_at is not None:
        return comment
    before = audit.snapshot(comment, ["hidden_at", "hidden_by"])
    Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now(), hidden_by=by)
    comment.refresh_from_db(fields=["hidden_at", "hidden_by"])
    audit.record_change(by=by, instance=comment, before=before)
    return comment
