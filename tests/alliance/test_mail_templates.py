"""Every mail the portal sends reads as plain text: names arrive as written, in either language."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import get_template
from django.utils import translation

from alliance.mail import TEXT_TEMPLATES, send_templated_mail

NAME = "Kronborg Byg & Anlæg ApS <Nord> \"Øst\" 'Vest'"
ESCAPED = ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;")


_DATE_PARTS = {"year", "month", "day", "hour", "minute", "second", "tzinfo", "timetuple"}


class _Anything:
    """Whatever a mail template asks of its context: a name full of HTML's special signs."""

    def __getattr__(self, name):
        if name.startswith("_") or name in _DATE_PARTS:
            raise AttributeError(name)  # not a date: the date filter shows nothing
        return self

    def __getitem__(self, key):
        return self

    def __len__(self):
        return 1

    def __str__(self):
        return NAME

    def __iter__(self):
        return iter([self])


class _EveryName(dict):
    """A template context that has a value for every name a template uses."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        # Numbers where a text counts something ("valid_minutes", "days").
        return 30 if key.endswith(("minutes", "days", "count")) else _Anything()


def _mail_templates():
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.txt")):
        relative = path.relative_to(root).as_posix()
        if ("/email/" in relative or "_email" in relative) and not path.name.startswith("_"):
            yield relative


def test_every_mail_template_is_found():
    templates = list(_mail_templates())
    assert "registration/password_reset_email.txt" in templates
    assert "measurement/email/report_reminder.txt" in templates
    assert len(templates) >= 18


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", list(_mail_templates()))
def test_mail_text_is_never_html_escaped(name, language):
    context = _EveryName(
        uid="MQ", token="abc-123", protocol="https", domain="portal.example", minutes=30, days=30
    )
    with translation.override(language):
        text = get_template(name, using=TEXT_TEMPLATES).render(context)

    assert NAME in text, text
    assert not any(entity in text for entity in ESCAPED), text


def test_a_sent_mail_keeps_an_ampersand(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(
            to=["kontakt@kronborgbyg.dk"],
            template="agenda/email/endorsement_reminder",
            context={"organisation": {"name": "Kronborg Byg & Anlæg ApS"}, "agenda": {}},
        )

    [message] = mail.outbox
    assert "Til Kronborg Byg & Anlæg ApS" in message.body
    assert "&amp;" not in message.body + message.subject
