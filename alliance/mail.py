"""
Outgoing e-mail: rendered in the request, delivered by a task after commit.

A message is rendered from `<template>_subject.txt` and `<template>.txt`
(and, when asked for, an HTML alternative from `<template>.html`) while the
request still has its data, then handed to Django's tasks
framework once the transaction has committed, so a rolled-back change sends
nothing and a failing mail server never breaks the page that caused it.
With the database task backend a failed delivery is tried again later,
waiting longer each time; the failed attempt's task result is FAILED with a
MailDeliveryDeferred that says when, and only the last attempt fails for good
with the mail server's own error.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task, task_backends
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# The template engine for mail text (settings.TEMPLATES): nothing in it is HTML-escaped.
TEXT_TEMPLATES = "text"
# Attempts before a message is given up (and left as a failed task):
# 1 + 2 + 4 + 8 + 16 + 32 minutes, about an hour of mail server trouble.
MAX_ATTEMPTS = 7


class MailDeliveryDeferred(Exception):
    """A delivery attempt failed and the next one is queued: the attempt's task shows as failed."""


def _message(*, to, subject, body, html=None, headers=None):
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers or None)
    if html:
        message.attach_alternative(html, "text/html")
    return message


@task
def deliver_mail(*, to, subject, body, attempt=1, html=None, headers=None):
    try:
        _message(to=to, subject=subject, body=body, html=html, headers=headers).send()
    except Exception as error:
        if attempt >= MAX_ATTEMPTS or not task_backends["default"].supports_defer:
            logger.exception("Giving up sending %r after %d attempt(s)", subject, attempt)
            raise
        retry_at = timezone.now() + timedelta(minutes=2 ** (attempt - 1))
        # db_worker runs each task outside any transaction, so the retry is
        # committed here and survives the exception below.
        deliver_mail.using(run_after=retry_at).enqueue(
            to=to, subject=subject, body=body, attempt=attempt + 1, **_extras(html, headers)
        )
        logger.warning("Sending %r failed; trying again at %s", subject, retry_at)
        raise MailDeliveryDeferred(
            f"Attempt {attempt} of {MAX_ATTEMPTS} failed: {error!r}. "
            f"It will be retried at {retry_at.isoformat(timespec='seconds')}."
        ) from error
    logger.info("Sent %r to %d recipient(s)", subject, len(to))


def _extras(html, headers):
    """Only the optional parts a message has, so a plain mail's task stays as small as before."""
    extras = {}
    if html:
        extras["html"] = html
    if headers:
        extras["headers"] = dict(headers)
    return extras


def send_templated_mail(*, to, template, context, language=None, html=False, headers=None):
    """Render a mail now and queue it for delivery once the transaction commits.

    With html=True `<template>.html` is rendered (HTML-escaped, as any page)
    and sent as an alternative to the text. `headers` are added as they are,
    e.g. List-Unsubscribe.
    """
    context = {"alliance_name": settings.ALLIANCE_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context, using=TEXT_TEMPLATES)
        body = render_to_string(f"{template}.txt", context, using=TEXT_TEMPLATES)
        html_body = render_to_string(f"{template}.html", context) if html else None
    subject = " ".join(subject.split())
    extras = _extras(html_body, headers)
    transaction.on_commit(
        lambda: deliver_mail.enqueue(to=list(to), subject=subject, body=body, **extras)
    )
