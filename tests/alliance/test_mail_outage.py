"""A mail server that is down never loses a change or the news of it: the mail goes out later."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alliance.models import Notification
from alliance.notifications import notify, send_digests, set_delivery
from initiatives.models import Commitment
from tests.alliance.test_mail_queue import FAILING_SMTP, WORKING
from tests.factories import make_initiative

# The worker manages its own transactions and connections, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def _make_retries_due():
    DBTaskResult.objects.filter(run_after__isnull=False).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def test_a_proposal_is_kept_and_its_mail_sent_once_the_server_is_back(
    database_queue, settings, client_for, member_a, secretariat
):
    settings.MAILERS = FAILING_SMTP
    initiative = make_initiative(name="Lektiecafé")

    response = client_for(member_a).post(
        reverse("initiatives:commitment_create", args=[initiative.slug]),
        {"description": "Vi stiller to trænere."},
    )
    _run_worker()

    assert response.status_code == 302
    assert Commitment.objects.filter(initiative=initiative).exists()
    [row] = Notification.objects.all()
    assert row.recipient == secretariat
    assert mail.outbox == []

    settings.MAILERS = WORKING  # the mail server is back
    _make_retries_due()
    _run_worker()

    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert "Lektiecafé" in message.body


def test_a_digest_that_could_not_be_sent_goes_out_later_and_only_once(
    database_queue, settings, member_a
):
    settings.MAILERS = FAILING_SMTP
    set_delivery(
        user=member_a,
        kind=Notification.Kind.AGENDA_DRAFT,
        delivery=Notification.Delivery.DIGEST,
    )
    notify(
        kind=Notification.Kind.AGENDA_DRAFT,
        recipients=[member_a],
        template="agenda/email/agenda_draft",
        context={"agenda": {"number": 7}},
    )

    assert send_digests() == 1
    _run_worker()
    assert mail.outbox == []
    assert send_digests() == 0  # the week's digest is on its way: never a second one

    settings.MAILERS = WORKING
    _make_retries_due()
    _run_worker()

    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert "version 7" in message.body
    assert message.alternatives  # the HTML part survives the retry
