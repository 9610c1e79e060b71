"""With the database task backend, mail that fails is tried again later instead of lost."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alliance.mail import send_templated_mail

FAILING_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
    }
}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# The worker manages its own transactions and connections, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def _queue_invitation(callbacks, member):
    with callbacks(execute=True):
        send_templated_mail(
            to=[member.email],
            template="members/email/invitation",
            context={"user": member, "by": member, "link": "http://x", "expires_at": None},
        )


def test_mail_waits_in_the_database_until_the_worker_sends_it(
    database_queue, member_a, django_capture_on_commit_callbacks
):
    _queue_invitation(django_capture_on_commit_callbacks, member_a)
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    _run_worker()
    assert [message.to for message in mail.outbox] == [["a@test.dk"]]


def test_a_mail_server_outage_delays_mail_instead_of_losing_it(
    database_queue, member_a, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING_SMTP
    _queue_invitation(django_capture_on_commit_callbacks, member_a)
    _run_worker()
    [retry] = [r for r in DBTaskResult.objects.all() if r.args_kwargs["kwargs"].get("attempt")]
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()
    assert mail.outbox == []

    settings.MAILERS = WORKING  # the mail server is back
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(1))
    _run_worker()
    assert [message.to for message in mail.outbox] == [["a@test.dk"]]
