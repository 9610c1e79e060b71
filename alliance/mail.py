"""
Outgoing e-mail: rendered in the request, delivered by a task after commit.

A message is rendered from `<template>_subject.txt` and `<template>.txt`
while the request still has its data, then handed to Django's tasks
framework once the transaction has committed, so a rolled-back change sends
nothing and a failing mail server never breaks the page that caused it.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


@task
def deliver_mail(*, to, subject, body):
    EmailMessage(subject=subject, body=body, to=to).send()
    logger.info("Sent %r to %d recipient(s)", subject, len(to))


def send_templated_mail(*, to, template, context, language=None):
    context = {"alliance_name": settings.ALLIANCE_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    subject = " ".join(subject.split())
    transaction.on_commit(lambda: deliver_mail.enqueue(to=list(to), subject=subject, body=body))
