"""With the database task backend, mail that fails is tried again later instead of lost."""

import io
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alliance.mail import MAX_ATTEMPTS, send_templated_mail


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


FAILING_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 1},
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


def _make_due(result):
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now() - timedelta(1))


def test_a_failed_attempt_shows_as_failed_and_says_when_it_is_retried(
    database_queue, member_a, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING_SMTP
    _queue_invitation(django_capture_on_commit_callbacks, member_a)
    [first] = DBTaskResult.objects.all()

    _run_worker()

    first.refresh_from_db()
    assert first.status == TaskResultStatus.FAILED
    assert first.exception_class_path == "alliance.mail.MailDeliveryDeferred"
    assert f"Attempt 1 of {MAX_ATTEMPTS} failed" in first.traceback
    assert "It will be retried at" in first.traceback
    [retry] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()
    assert retry.run_after.isoformat(timespec="seconds") in first.traceback


def test_after_the_last_attempt_the_mail_is_given_up_with_the_servers_error(
    database_queue, member_a, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING_SMTP
    _queue_invitation(django_capture_on_commit_callbacks, member_a)

    for _ in range(MAX_ATTEMPTS):
        [due] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        _make_due(due)
        _run_worker()

    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == [TaskResultStatus.FAILED] * MAX_ATTEMPTS
    assert [r.exception_class_path for r in results[: MAX_ATTEMPTS - 1]] == [
        "alliance.mail.MailDeliveryDeferred"
    ] * (MAX_ATTEMPTS - 1)
    last = results[MAX_ATTEMPTS - 1]
    assert last.args_kwargs["kwargs"]["attempt"] == MAX_ATTEMPTS
    assert last.exception_class_path == "builtins.ConnectionRefusedError"
    assert "retried" not in last.traceback.splitlines()[-1]
    assert mail.outbox == []
