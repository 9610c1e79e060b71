"""
The only code that changes meetings, answers, minutes, action items and calendar addresses.

Each function checks who may act (communication.permissions), checks a
meeting's status change against MEETING_TRANSITIONS, writes inside a
transaction, records the change in the audit trail and tells the group's
members what they should know (alliance.notifications).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import audit
from alliance.models import Notification
from alliance.notifications import Kind, notify
from alliance.transitions import SECRETARIAT, check_transition
from alliance.versioning import EditConflict
from communication.models import ActionItem, CalendarFeed, Meeting, Rsvp
from communication.permissions import can_manage_meetings, can_rsvp
from communication.signals import action_item_saved

_S = Meeting.Status

# The one table of a meeting's status changes: from -> to -> who. A planned
# meeting is held or cancelled; a cancelled one can be planned again.
MEETING_TRANSITIONS = {
    _S.PLANNED: {_S.HELD: {SECRETARIAT}, _S.CANCELLED: {SECRETARIAT}},
    _S.CANCELLED: {_S.PLANNED: {SECRETARIAT}},
}

# What the group is told about when it changes: the time and the place.
WHEN_AND_WHERE = ["starts_at", "ends_at", "place", "online_url"]
# How far ahead members who have not answered are reminded.
REMINDER_WINDOW = timedelta(days=3)


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def meeting_role(user):
    return SECRETARIAT if can_manage_meetings(user) else None


def _tell_group(meeting, template, *, by):
    """Tell the group's members about the meeting (Kind.MEETING)."""
    return notify(
        kind=Kind.MEETING,
        recipients=meeting.group.members.all(),
        template=f"communication/email/{template}",
        context={"meeting": meeting},
        url=meeting.get_absolute_url(),
        topic=meeting.group.name,
        by=by,
    )


def _bump(meeting):
    """Count a change the calendars must pick up (the .ics SEQUENCE)."""
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    meeting.version += 1


# --- meetings ------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(*, form, by) -> Meeting:
    """A new meeting from the secretariat's form; the group's members are invited."""
    _require(can_manage_meetings(by))
    form.instance.created_by = by
    form.instance.status = _S.PLANNED
    meeting = audit.save_form(form, by=by)
    _tell_group(meeting, "meeting_scheduled", by=by)
    return meeting


@transaction.atomic
def update_meeting(*, form, by) -> Meeting:
    """The secretariat's edit. A concurrent edit raises EditConflict (VersionedModelForm).

    When the time or the place of a planned meeting moves, the group is told.
    """
    _require(can_manage_meetings(by))
    stored = Meeting.objects.get(pk=form.instance.pk)
    meeting = audit.save_form(form, by=by)
    # Compared as values: the same moment in two time zones is no move.
    moved = any(getattr(stored, name) != getattr(meeting, name) for name in WHEN_AND_WHERE)
    if moved and meeting.status == _S.PLANNED:
        _tell_group(meeting, "meeting_changed", by=by)
    return meeting


@transaction.atomic
def set_meeting_status(*, meeting, status, by) -> Meeting:
    """Hold, cancel or plan again a meeting, as MEETING_TRANSITIONS allows.

    A cancelled meeting, and one planned again, is news to the group; the
    version goes up so that calendars replace the event they have.
    """
    _require(can_manage_meetings(by))
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    check_transition(
        MEETING_TRANSITIONS, current=meeting.status, new=status, role=meeting_role(by), statuses=_S
    )
    before = audit.snapshot(meeting, ["status"])
    meeting.status = status
    meeting.save(update_fields=["status"])
    _bump(meeting)
    audit.record_change(by=by, instance=meeting, before=before)
    if status == _S.CANCELLED:
        _tell_group(meeting, "meeting_cancelled", by=by)
    elif status == _S.PLANNED:
        _tell_group(meeting, "meeting_reinstated", by=by)
    return meeting


# --- answers -------------------------------------------------------------------


@transaction.atomic
def answer_rsvp(*, meeting, person, answer) -> Rsvp:
    """A group member's answer; answering again changes the answer."""
    _require(can_rsvp(person, meeting))
    if answer not in Rsvp.Answer.values:
        raise ValidationError(_("Vælg et svar."), code="answer")
    stored = Rsvp.objects.filter(meeting=meeting, person=person).first()
    before = audit.snapshot(stored, ["answer"]) if stored else None
    rsvp, created = Rsvp.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={"answer": answer, "answered_at": timezone.now()},
    )
    if created:
        audit.record_created(by=person, instance=rsvp, names=["meeting", "person", "answer"])
    else:
        audit.record_change(by=person, instance=rsvp, before=before)
    return rsvp


# --- minutes and action items -------------------------------------------------------


@transaction.atomic
def record_minutes(*, meeting, minutes, decisions, action_items, by, seen_version=None) -> Meeting:
    """Write the minutes, the decisions and the meeting's open action items.

    `action_items` is the whole list of open items after the edit: dicts with
    text, responsible (a User or None), due_on and, for an item that already
    exists, its pk. An existing item is changed in place, so whatever refers
    to it (the task board) keeps pointing at the same row; an open item left
    out of the list is removed; an item without a pk is added. Items already
    done are never touched here. `seen_version` is the meeting's version the
    form was loaded with: a save over somebody else's newer one raises
    EditConflict. Each added or changed item is announced with
    communication.signals.action_item_saved, so the task board can follow.
    """
    _require(can_manage_meetings(by))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if seen_version is not None and seen_version != meeting.version:
        raise EditConflict
    if meeting.status == _S.CANCELLED:
        raise ValidationError(_("Et aflyst møde har intet referat."), code="cancelled")

    before = audit.snapshot(meeting, ["minutes", "decisions"])
    meeting.minutes, meeting.decisions = minutes, decisions
    meeting.save(update_fields=["minutes", "decisions"])
    _bump(meeting)
    audit.record_change(by=by, instance=meeting, before=before)

    open_items = {item.pk: item for item in meeting.action_items.filter(done_at__isnull=True)}
    kept = set()
    for row in action_items:
        fields = {
            "text": row["text"],
            "responsible": row.get("responsible"),
            "due_on": row.get("due_on"),
        }
        item = open_items.get(row.get("pk"))
        if item is None:
            item = ActionItem.objects.create(meeting=meeting, **fields)
            audit.record_created(by=by, instance=item, names=list(fields))
            action_item_saved.send(sender=ActionItem, item=item, created=True, by=by)
            continue
        kept.add(item.pk)
        before = audit.snapshot(item, list(fields))
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=list(fields))
        if audit.record_change(by=by, instance=item, before=before):
            action_item_saved.send(sender=ActionItem, item=item, created=False, by=by)
    for pk, item in open_items.items():
        if pk not in kept:
            audit.record_deleted(by=by, instance=item, names=["text", "responsible", "due_on"])
            item.delete()
    return meeting


@transaction.atomic
def complete_action_item(*, item, by) -> ActionItem:
    """Mark an action item done (the task made from it is finished); done stays done."""
    _require(can_manage_meetings(by))
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.done_at is None:
        before = audit.snapshot(item, ["done_at"])
        item.done_at = timezone.now()
        item.save(update_fields=["done_at"])
        audit.record_change(by=by, instance=item, before=before)
    return item


# --- calendar addresses -----------------------------------------------------------


@transaction.atomic
def new_calendar_address(*, user) -> str:
    """A fresh secret calendar token for the person; any older address stops working.

    Only the token's hash is stored: the token is shown once and cannot be
    read back.
    """
    _require(user.is_authenticated and user.is_active)
    token, token_hash = CalendarFeed.new_token()
    feed, created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": token_hash, "created_at": timezone.now()}
    )
    audit.record(
        by=user,
        instance=feed,
        action=audit.Action.CREATED if created else audit.Action.CHANGED,
        note=_("Ny kalenderadresse.")
        if created
        else _("Ny kalenderadresse; den gamle virker ikke mere."),
    )
    return token


@transaction.atomic
def revoke_calendar_address(*, user) -> bool:
    """Stop the person's calendar address from working; False when there was none."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return False
    audit.record_deleted(by=user, instance=feed, names=["created_at"])
    feed.delete()
    return True


# --- reminders -------------------------------------------------------------------


def send_rsvp_reminders(*, now=None) -> int:
    """Remind invited members who have not answered a meeting starting within three days.

    Nobody is reminded twice of one meeting: a reminder is kept as a
    Notification row with the meeting's address, and such a row means done.
    Returns how many reminders were made.
    """
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            status=_S.PLANNED, starts_at__gt=now, starts_at__lte=now + REMINDER_WINDOW
        )
        .select_related("group")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for meeting in meetings:
        sent += _remind(meeting)
    return sent


@transaction.atomic
def _remind(meeting) -> int:
    url = meeting.get_absolute_url()
    answered = Rsvp.objects.filter(meeting=meeting).values("person")
    reminded = Notification.objects.filter(kind=Kind.RSVP_REMINDER, url=url).values("recipient")
    waiting = meeting.group.members.exclude(pk__in=answered).exclude(pk__in=reminded)
    rows = notify(
        kind=Kind.RSVP_REMINDER,
        recipients=waiting,
        template="communication/email/meeting_rsvp_reminder",
        context={"meeting": meeting},
        url=url,
        topic=meeting.group.name,
    )
    if rows:
        audit.record(
            by=None,
            instance=meeting,
            action=audit.Action.CHANGED,
            note=_("Påmindelse om at svare sendt til %(count)s.") % {"count": len(rows)},
        )
    return len(rows)
