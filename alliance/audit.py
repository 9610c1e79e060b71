"""
Recording and reading the audit trail (alliance.models.AuditEvent).

A service takes a snapshot of the fields it is about to change, makes the
change and records the difference:

    before = audit.snapshot(organisation, ["name", "active"])
    ... change and save ...
    audit.record_change(by=user, instance=organisation, before=before)

or, for a ModelForm, lets audit.save_form do all three. Values are stored as
JSON: a related object by its name at the time, a choice by its key (shown
with its label), dates as ISO text. Secrets and counters are never stored.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance.models import AuditEvent

Action = AuditEvent.Action

# Never written to the trail: secrets, and counters that change with every save.
UNTRACKED = frozenset({"id", "password", "last_login", "token_hash", "version"})


def tracked_fields(model, names=None):
    """The names of the model's fields worth recording, in the given order or the model's."""
    if names is None:
        fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
        names = [field.name for field in fields if not field.primary_key]
    return [name for name in names if name not in UNTRACKED and _field(model, name) is not None]


def _field(model, name):
    """The model's own field of that name; None for other names and for reverse relations."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field


def _value(instance, field):
    if field.many_to_many:
        if instance.pk is None:
            return []
        return sorted(str(related) for related in getattr(instance, field.name).all())
    if field.is_relation:
        related = getattr(instance, field.name)
        return None if related is None else str(related)
    value = getattr(instance, field.attname)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # One moment is one text whatever zone a form gave it in, as the database gives it.
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance, names=None):
    """The tracked fields' values as JSON-ready data: {field name: value}."""
    model = type(instance)
    return {name: _value(instance, _field(model, name)) for name in tracked_fields(model, names)}


def differences(before, after):
    """{field: [before, after]} for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _actor(by):
    if by is None or not getattr(by, "is_authenticated", False):
        return None, ""
    return by, getattr(by, "full_name", "") or str(by)


def _url(instance):
    get_url = getattr(instance, "get_absolute_url", None)
    if get_url is None:
        return ""
    try:
        return get_url()
    except NoReverseMatch:
        return ""


def record(*, by, instance, action, changes=None, note=""):
    """Write one event about instance; by is the person acting, None for the portal itself."""
    actor, actor_name = _actor(by)
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_label=str(instance)[:300],
        object_url="" if action == Action.DELETED else _url(instance)[:300],
        action=action,
        changes=changes or {},
        note=note,
    )


def record_change(*, by, instance, before, action=None, note=""):
    """Record what changed since the snapshot `before`; nothing when nothing changed.

    The action is STATUS when the status field moved, CHANGED otherwise,
    unless one is given.
    """
    changes = differences(before, snapshot(instance, list(before)))
    if not changes and not note:
        return None
    if action is None:
        action = Action.STATUS if "status" in changes else Action.CHANGED
    return record(by=by, instance=instance, action=action, changes=changes, note=note)


def record_created(*, by, instance, names=None, note=""):
    after = snapshot(instance, names)
    changes = {name: [None, value] for name, value in after.items() if value not in (None, "", [])}
    return record(by=by, instance=instance, action=Action.CREATED, changes=changes, note=note)


def record_deleted(*, by, instance, names=None, note=""):
    """Call before the delete, while the object still has its primary key."""
    before = snapshot(instance, names)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "", [])}
    return record(by=by, instance=instance, action=Action.DELETED, changes=changes, note=note)


def form_fields(form):
    """The model fields a ModelForm edits."""
    return tracked_fields(form._meta.model, [name for name in form.fields if name != "version"])


def save_form(form, *, by, note=""):
    """Save a validated ModelForm and record the change. Call inside a transaction.

    The before-values come from the database, not from the form's instance,
    which validation has already changed. EditConflict from a
    VersionedModelForm passes through with nothing written.
    """
    instance = form.instance
    names = form_fields(form)
    if instance._state.adding:
        saved = form.save()
        record_created(by=by, instance=saved, names=names, note=note)
        return saved
    before = snapshot(type(instance)._default_manager.get(pk=instance.pk), names)
    saved = form.save()
    record_change(by=by, instance=saved, before=before, note=note)
    return saved


def history(instance):
    """The events about one object, newest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )


def scrub(model, pks, *, label):
    """Remove personal data from the events about these objects; the events stay.

    The changed values and notes go, and the object is named by `label`
    from then on.
    """
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(changes={}, note="", object_label=label, object_url="", scrubbed_at=timezone.now())


# --- reading ---------------------------------------------------------------------


def _shown(field, value):
    if value is None or value == "" or value == []:
        return "–"
    if field is None:
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field.choices and not field.is_relation:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nej")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else value
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return date_format(day, "DATE_FORMAT") if day else value
    return str(value)


def rows(event):
    """(field label, before, after) per changed field, as a reader should see them."""
    model = event.content_type.model_class()
    shown = []
    for name, (before, after) in event.changes.items():
        field = _field(model, name) if model else None
        label = str(field.verbose_name) if field is not None else name
        shown.append((label[:1].upper() + label[1:], _shown(field, before), _shown(field, after)))
    return shown
