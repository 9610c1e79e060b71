"""
Telling people what happened: one mechanism for every app.

A service that changes something others should hear about calls notify()
after its write, inside its transaction:

    notify(
        kind=Notification.Kind.COMMITMENT_PROPOSED,
        recipients=User.objects.filter(role="secretariat"),
        template="initiatives/email/commitment_proposed",
        context={"commitment": commitment},
        url=commitment.get_absolute_url(),
        topic=str(commitment.initiative),
        by=user,
    )

Each recipient has chosen, per kind of event, to hear at once, in the
weekly digest or never (alliance.models.NotificationSetting; DEFAULTS when
they have not chosen). The subject and text are rendered from
`<template>_subject.txt` and `<template>.txt` in the recipient's stored
language, kept as a Notification row, and mailed through the task queue
once the transaction commits. The person who caused the event is not told.

Items kept for the digest wait until send_digests() (the send_digest
command, run weekly) mails each person one summary of them, grouped by topic
and kind. Every mail carries a link that turns its kind off without logging
in, and a link to the settings page.
"""

import contextvars
import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance import audit
from alliance.mail import TEXT_TEMPLATES, send_templated_mail
from alliance.models import DigestSent, Notification, NotificationSetting

Kind = Notification.Kind
Delivery = Notification.Delivery

# What a person gets before choosing: news and comments wait for the weekly
# digest, everything that asks something of them comes at once.
DEFAULTS = {
    Kind.MESSAGE_POSTED: Delivery.DIGEST,
    Kind.COMMENT_POSTED: Delivery.DIGEST,
    Kind.MEETING: Delivery.IMMEDIATE,
    Kind.RSVP_REMINDER: Delivery.IMMEDIATE,
    Kind.COMMITMENT_PROPOSED: Delivery.IMMEDIATE,
    Kind.COMMITMENT_ACCEPTED: Delivery.IMMEDIATE,
    Kind.COMMITMENT_AT_RISK: Delivery.IMMEDIATE,
    Kind.COMMITMENT_RETURNED: Delivery.IMMEDIATE,
    Kind.AGENDA_DRAFT: Delivery.IMMEDIATE,
    Kind.AGENDA_ADOPTED: Delivery.IMMEDIATE,
    Kind.VOLUNTEER_ASSIGNED: Delivery.IMMEDIATE,
    Kind.REPORT_RETURNED: Delivery.IMMEDIATE,
    Kind.REPORT_DUE: Delivery.IMMEDIATE,
    Kind.SURVEY_OPENED: Delivery.IMMEDIATE,
    Kind.TASK_ASSIGNED: Delivery.IMMEDIATE,
    Kind.CERTIFICATE_EXPIRING: Delivery.IMMEDIATE,
}

# Kinds only the secretariat is ever told of: nobody else is offered a choice about them.
SECRETARIAT_KINDS = frozenset({Kind.TASK_ASSIGNED, Kind.CERTIFICATE_EXPIRING})


def kinds_for(user):
    """The kinds of event a person may be told of, in the order of Kind."""
    if user.is_secretariat:
        return list(Kind)
    return [kind for kind in Kind if kind not in SECRETARIAT_KINDS]


UNSUBSCRIBE_SALT = "alliance.notifications.unsubscribe"

_silenced = contextvars.ContextVar("alliance_notifications_silenced", default=False)


@contextmanager
def silenced():
    """Tell nobody of what happens inside: loading demo data is news to no one."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def language_of(user):
    """The language a person reads their mail in: the one they chose last, else Danish."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def choices_of(users, kind):
    """{user pk: delivery} for one kind of event, defaults included, in one query."""
    chosen = dict(
        NotificationSetting.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: chosen.get(user.pk, DEFAULTS[kind]) for user in users}


def absolute(url):
    """A portal path as a link that works from a mail."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.PORTAL_URL.rstrip("/") + url


def unsubscribe_token(user, kind=None):
    """A signed token that turns off one kind of event (or all) without logging in."""
    return signing.dumps({"user": user.pk, "kind": kind or ""}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(user pk, kind or None) from a token; signing.BadSignature for anything else."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    try:
        user, kind = int(data["user"]), data.get("kind") or None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise signing.BadSignature("Not an unsubscribe token") from error
    if kind is not None and kind not in Kind.values:
        raise signing.BadSignature("Unknown kind of event")
    return user, kind


def unsubscribe_target(token):
    """(person, kinds) a token turns off; signing.BadSignature for a bad or forged token."""
    user_pk, kind = read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        raise signing.BadSignature("No such person")
    return user, [Kind(kind)] if kind else list(Kind)


def settings_of(user):
    """{kind: delivery} for every kind of event, the person's choices over DEFAULTS; one query."""
    chosen = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: Delivery(chosen.get(kind, DEFAULTS[kind])) for kind in Kind}


def _write_choices(*, user, choices, by, note=""):
    """Store {kind: delivery} for a person; record each changed choice; the kinds changed."""
    for kind, delivery in choices.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise ValidationError(_("Ukendt valg for underretninger."), code="invalid")
    stored = {
        setting.kind: setting
        for setting in NotificationSetting.objects.select_for_update().filter(user=user)
    }
    changed = []
    for kind, delivery in choices.items():
        setting = stored.get(kind)
        if setting is None:
            if delivery == DEFAULTS[kind]:
                continue  # nothing chosen and nothing changes: no row needed
            setting = NotificationSetting.objects.create(user=user, kind=kind, delivery=delivery)
            audit.record_created(by=by, instance=setting, names=["kind", "delivery"], note=note)
        elif setting.delivery != delivery:
            before = audit.snapshot(setting, ["delivery"])
            NotificationSetting.objects.filter(pk=setting.pk).update(delivery=delivery)
            setting.delivery = delivery
            audit.record_change(by=by, instance=setting, before=before, note=note)
        else:
            continue
        changed.append(Kind(kind))
    return changed


@transaction.atomic
def set_delivery(*, user, kind, delivery) -> list:
    """A person's own choice of how to hear about one kind of event."""
    return _write_choices(user=user, choices={kind: delivery}, by=user)


@transaction.atomic
def save_settings(*, user, choices) -> list:
    """A person's own choices from the settings page: {kind: delivery}; the kinds changed."""
    return _write_choices(user=user, choices=dict(choices), by=user)


@transaction.atomic
def unsubscribe(*, token):
    """Turn off what a mail's link names (one kind, or every kind); (person, kinds) turned off.

    The signed token is the person's authority, so no log-in is needed;
    signing.BadSignature for a bad or forged token.
    """
    user, kinds = unsubscribe_target(token)
    _write_choices(
        user=user,
        choices=dict.fromkeys(kinds, Delivery.NEVER),
        by=user,
        note=_("Afmeldt via linket i en mail."),
    )
    return user, kinds


def notify(*, kind, recipients, template, context, url="", topic="", by=None):
    """Tell each recipient about an event the way they chose; the Notification rows made.

    Inactive people, people without an address and the one who caused the
    event (`by`) are left out, and nobody is told twice of one event.
    Inside silenced() nobody is told anything.
    """
    if _silenced.get():
        return []
    by_pk = getattr(by, "pk", None)
    people = {}
    for user in recipients:
        if user.is_active and user.email and user.pk != by_pk:
            people.setdefault(user.pk, user)
    people = list(people.values())
    if not people:
        return []
    deliveries = choices_of(people, kind)
    context = {"alliance_name": settings.ALLIANCE_NAME, **context}
    texts = {}
    rows = []
    now = timezone.now()
    for user in people:
        delivery = deliveries[user.pk]
        if delivery == Delivery.NEVER:
            continue
        language = language_of(user)
        if language not in texts:
            with translation.override(language):
                subject = render_to_string(f"{template}_subject.txt", context, using=TEXT_TEMPLATES)
                body = render_to_string(f"{template}.txt", context, using=TEXT_TEMPLATES)
            texts[language] = (" ".join(subject.split()), body.strip())
        subject, body = texts[language]
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                delivery=delivery,
                subject=subject[:300],
                body=body,
                url=url,
                topic=topic[:200],
                created_at=now,
                sent_at=now if delivery == Delivery.IMMEDIATE else None,
            )
        )
    Notification.objects.bulk_create(rows)
    for row in rows:
        if row.delivery == Delivery.IMMEDIATE:
            _mail_at_once(row)
    return rows


def _mail_at_once(notification):
    user = notification.recipient
    link = unsubscribe_link(user, notification.kind)
    send_templated_mail(
        to=[user.email],
        template="alliance/email/notification",
        context={
            "user": user,
            "notification": notification,
            "link": absolute(notification.url),
            "unsubscribe_link": link,
            "settings_link": settings_link(),
        },
        language=language_of(user),
        headers=unsubscribe_headers(link),
    )


def unsubscribe_link(user, kind=None):
    """A link that turns off one kind of event (or all of them) without logging in."""
    return absolute(reverse("unsubscribe", args=[unsubscribe_token(user, kind)]))


def settings_link():
    return absolute(reverse("notification_settings"))


def unsubscribe_headers(link):
    """RFC 2369 and RFC 8058: mail programs offer their own one-click "unsubscribe" button."""
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# --- the weekly digest ---------------------------------------------------------------


def week_of(moment):
    """The Monday of the ISO week a moment falls in, in the portal's time zone."""
    day = timezone.localdate(moment)
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class DigestKind:
    kind: str
    label: str
    unsubscribe_link: str
    items: list = field(default_factory=list)


@dataclass
class DigestTopic:
    topic: str
    kinds: list = field(default_factory=list)


def _digest_groups(user, items):
    """The items grouped by topic (the alliance as a whole first), then by kind."""
    topics = {}

    def order(item):
        return (
            item.topic != settings.ALLIANCE_NAME,
            item.topic,
            item.kind,
            item.created_at,
            item.pk,
        )

    for item in sorted(items, key=order):
        topic = topics.setdefault(item.topic, DigestTopic(topic=item.topic))
        if not topic.kinds or topic.kinds[-1].kind != item.kind:
            topic.kinds.append(
                DigestKind(
                    kind=item.kind,
                    label=str(Kind(item.kind).label),
                    unsubscribe_link=unsubscribe_link(user, item.kind),
                )
            )
        item.link = absolute(item.url)
        topic.kinds[-1].items.append(item)
    return list(topics.values())


def send_digests(*, now=None) -> int:
    """Mail each person one summary of the items waiting for the digest; how many went out.

    A person gets at most one digest a week (DigestSent's unique constraint):
    a second run in the same week sends nothing, and items that arrive after
    this week's digest wait for next week's. Each person's digest is its own
    transaction, so one failure does not hold back the rest.
    """
    now = now or timezone.now()
    week = week_of(now)
    done = set(DigestSent.objects.filter(week=week).values_list("user_id", flat=True))
    waiting = {}
    rows = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST,
            sent_at__isnull=True,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .exclude(recipient_id__in=done)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    for row in rows:
        waiting.setdefault(row.recipient_id, []).append(row)
    sent = 0
    for items in waiting.values():
        if _send_digest(user=items[0].recipient, items=items, week=week, now=now):
            sent += 1
    return sent


def _send_digest(*, user, items, week, now):
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, week=week, sent_at=now, items=len(items))
            Notification.objects.filter(
                pk__in=[item.pk for item in items], sent_at__isnull=True
            ).update(sent_at=now)
            link = unsubscribe_link(user)
            send_templated_mail(
                to=[user.email],
                template="alliance/email/digest",
                context={
                    "user": user,
                    "week": week,
                    "count": len(items),
                    "groups": _digest_groups(user, items),
                    "unsubscribe_link": link,
                    "settings_link": settings_link(),
                },
                language=language_of(user),
                html=True,
                headers=unsubscribe_headers(link),
            )
    except IntegrityError:
        return False  # another run sent this person's digest for the week first
    return True
