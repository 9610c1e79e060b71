"""Everyone hears when a draft of the common agenda opens for comments and when it is adopted."""

import pytest
from django.core import mail

from agenda.services import adopt_agenda, start_draft
from alliance.models import Notification
from tests.factories import make_agenda

Kind = Notification.Kind

pytestmark = pytest.mark.django_db


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_new_draft_is_told_to_every_active_person_but_the_one_who_started_it(
    member_a, member_b, secretariat, django_capture_on_commit_callbacks
):
    member_b.is_active = False
    member_b.save()

    with django_capture_on_commit_callbacks(execute=True):
        draft = start_draft(by=secretariat)

    assert _told(Kind.AGENDA_DRAFT) == [member_a.email]
    [message] = mail.outbox
    assert f"version {draft.number}" in message.subject
    assert "/portal/dagsorden/" in message.body


def test_adoption_is_told_to_everyone_and_says_endorsements_start_over(
    member_a, member_b, secretariat, django_capture_on_commit_callbacks
):
    draft = make_agenda()

    with django_capture_on_commit_callbacks(execute=True):
        adopt_agenda(draft=draft, by=secretariat)

    assert _told(Kind.AGENDA_ADOPTED) == sorted([member_a.email, member_b.email])
    assert all("begynder forfra" in message.body for message in mail.outbox)
