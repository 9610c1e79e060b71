"""Each person hears of an event the way they chose: at once, in the weekly digest, or never."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from alliance.models import AuditEvent, Notification, NotificationSetting
from alliance.notifications import (
    DEFAULTS,
    notify,
    save_settings,
    set_delivery,
    settings_of,
    silenced,
)
from members.services import send_invitation
from tests.factories import make_user

Kind = Notification.Kind
Delivery = Notification.Delivery

pytestmark = pytest.mark.django_db


def _post_message(recipients, *, by=None, callbacks):
    with callbacks(execute=True):
        return notify(
            kind=Kind.MESSAGE_POSTED,
            recipients=recipients,
            template="alliance/email/notification",
            context={
                "user": {"get_short_name": "Alle"},
                "notification": {"body": "Vi mødes i Byg & Anlæg", "subject": "Nyt opslag"},
                "link": "",
                "unsubscribe_link": "",
                "settings_link": "",
            },
            url="/portal/",
            topic="Alliancegruppen",
            by=by,
        )


def _meeting(recipients, *, by=None, callbacks):
    with callbacks(execute=True):
        return notify(
            kind=Kind.AGENDA_DRAFT,
            recipients=recipients,
            template="agenda/email/agenda_draft",
            context={"agenda": {"number": 4}},
            url="/portal/dagsorden/udkast/",
            by=by,
        )


def test_a_person_who_chose_at_once_gets_a_mail_at_once(
    member_a, django_capture_on_commit_callbacks
):
    set_delivery(user=member_a, kind=Kind.MESSAGE_POSTED, delivery=Delivery.IMMEDIATE)

    [row] = _post_message([member_a], callbacks=django_capture_on_commit_callbacks)

    assert row.sent_at is not None
    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert "Byg & Anlæg" in message.body
    assert "/afmeld/" in message.body
    assert "/portal/profil/underretninger/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_person_who_chose_the_digest_gets_no_mail_now_but_an_item_kept_for_it(
    member_a, django_capture_on_commit_callbacks
):
    set_delivery(user=member_a, kind=Kind.MESSAGE_POSTED, delivery=Delivery.DIGEST)

    [row] = _post_message([member_a], callbacks=django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert row.delivery == Delivery.DIGEST
    assert row.sent_at is None


def test_a_person_who_chose_never_hears_nothing(member_a, django_capture_on_commit_callbacks):
    set_delivery(user=member_a, kind=Kind.MESSAGE_POSTED, delivery=Delivery.NEVER)

    assert _post_message([member_a], callbacks=django_capture_on_commit_callbacks) == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_without_a_choice_the_kinds_default_applies(
    member_a, member_b, django_capture_on_commit_callbacks
):
    assert DEFAULTS[Kind.MESSAGE_POSTED] == Delivery.DIGEST
    assert DEFAULTS[Kind.AGENDA_DRAFT] == Delivery.IMMEDIATE

    _post_message([member_a], callbacks=django_capture_on_commit_callbacks)
    _meeting([member_b], callbacks=django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[member_b.email]]
    assert Notification.objects.get(recipient=member_a).delivery == Delivery.DIGEST


def test_the_settings_show_defaults_until_a_person_chooses(member_a):
    assert settings_of(member_a) == DEFAULTS

    save_settings(user=member_a, choices={Kind.MESSAGE_POSTED: Delivery.IMMEDIATE})

    assert settings_of(member_a)[Kind.MESSAGE_POSTED] == Delivery.IMMEDIATE
    assert settings_of(member_a)[Kind.MEETING] == DEFAULTS[Kind.MEETING]


def test_saving_the_defaults_as_they_are_stores_and_records_nothing(member_a):
    assert save_settings(user=member_a, choices=dict(DEFAULTS)) == []
    assert not NotificationSetting.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_changed_choice_is_recorded_in_the_history(member_a):
    save_settings(user=member_a, choices={Kind.MEETING: Delivery.DIGEST})
    save_settings(user=member_a, choices={Kind.MEETING: Delivery.NEVER})

    events = AuditEvent.objects.order_by("pk")
    assert [event.actor for event in events] == [member_a, member_a]
    assert events[1].changes == {"delivery": ["digest", "never"]}


def test_the_person_who_caused_the_event_is_not_told(
    member_a, member_b, django_capture_on_commit_callbacks
):
    _meeting([member_a, member_b], by=member_a, callbacks=django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[member_b.email]]


def test_inactive_people_are_skipped(member_a, member_b, django_capture_on_commit_callbacks):
    member_b.is_active = False
    member_b.save()

    _meeting([member_a, member_b], callbacks=django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[member_a.email]]
    assert list(Notification.objects.values_list("recipient", flat=True)) == [member_a.pk]


def test_nobody_is_told_twice_of_one_event(member_a, django_capture_on_commit_callbacks):
    _meeting([member_a, member_a], callbacks=django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1


def test_each_person_is_written_to_in_their_own_language(
    member_a, django_capture_on_commit_callbacks
):
    english = make_user(email="english@test.dk", full_name="Emma English", language="en")

    _meeting([member_a, english], callbacks=django_capture_on_commit_callbacks)

    mails = {message.to[0]: message.body for message in mail.outbox}
    assert mails[member_a.email].startswith("Hej Anna")
    assert mails[english.email].startswith("Hello Emma")


def test_a_rolled_back_change_tells_nobody(member_a, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(
            kind=Kind.MEETING,
            recipients=[member_a],
            template="agenda/email/agenda_draft",
            context={"agenda": {"number": 4}},
        )
        raise RuntimeError

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_an_unknown_choice_is_refused(member_a):
    with pytest.raises(ValidationError):
        save_settings(user=member_a, choices={"no_such_kind": Delivery.NEVER})
    with pytest.raises(ValidationError):
        save_settings(user=member_a, choices={Kind.MEETING: "sometimes"})


# --- the settings page ----------------------------------------------------------------


def test_the_settings_page_shows_defaults_and_saves_a_choice(client_for, member_a):
    client = client_for(member_a)
    page = client.get(reverse("notification_settings")).content.decode()
    assert "<legend" in page and str(Kind.MESSAGE_POSTED.label) in page
    assert re.search(
        r'value="digest"[^>]*name="message_posted"[^>]*checked|'
        r'name="message_posted"[^>]*value="digest"[^>]*checked',
        page,
    )

    data = {kind.value: DEFAULTS[kind].value for kind in Kind}
    data[Kind.MESSAGE_POSTED] = Delivery.NEVER
    response = client.post(reverse("notification_settings"), data, follow=True)

    assert "Dine valg for mails er gemt." in response.content.decode()
    assert settings_of(member_a)[Kind.MESSAGE_POSTED] == Delivery.NEVER


def test_a_bad_choice_is_refused_and_the_other_choices_kept(client_for, member_a):
    data = {kind.value: Delivery.NEVER.value for kind in Kind}
    data[Kind.MEETING] = "sometimes"

    response = client_for(member_a).post(reverse("notification_settings"), data)

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {Kind.MEETING.value}
    assert response.context["form"]["comment_posted"].value() == Delivery.NEVER
    assert not NotificationSetting.objects.exists()


def test_the_settings_page_needs_a_log_in(client):
    response = client.get(reverse("notification_settings"))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


# --- the language mail is written in -------------------------------------------------------


def test_switching_language_signed_in_sets_the_language_of_ones_mail(client_for, member_a):
    response = client_for(member_a).post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.language == "en"
    assert AuditEvent.objects.get().changes == {"language": ["da", "en"]}


def test_switching_language_anonymously_still_works(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_language_changes_nothing(client_for, member_a):
    client_for(member_a).post(reverse("set_language"), {"language": "xx", "next": "/"})

    member_a.refresh_from_db()
    assert member_a.language == "da"


def test_an_invitation_is_written_in_the_invited_persons_language(
    secretariat, django_capture_on_commit_callbacks
):
    invited = make_user(email="new@test.dk", full_name="Nina New", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        send_invitation(user=invited, by=secretariat, base_url="http://portal.example")

    [message] = mail.outbox
    assert message.body.startswith("Hello Nina")


def test_nobody_is_told_anything_while_silenced(member_a, django_capture_on_commit_callbacks):
    with silenced():
        assert _meeting([member_a], callbacks=django_capture_on_commit_callbacks) == []

    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert len(_meeting([member_a], callbacks=django_capture_on_commit_callbacks)) == 1


def test_only_the_secretariat_is_offered_its_own_kinds(client, member_a, secretariat):
    client.force_login(member_a)
    page = client.get(reverse("notification_settings")).text
    assert str(Kind.MESSAGE_POSTED.label) in page
    assert str(Kind.TASK_ASSIGNED.label) not in page
    assert str(Kind.CERTIFICATE_EXPIRING.label) not in page

    client.force_login(secretariat)
    page = client.get(reverse("notification_settings")).text
    assert str(Kind.TASK_ASSIGNED.label) in page
    assert str(Kind.CERTIFICATE_EXPIRING.label) in page
