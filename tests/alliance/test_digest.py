"""The weekly digest: one mail with everything a person chose to hear about once a week."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance.models import DigestSent, Notification
from alliance.notifications import notify, send_digests, set_delivery, settings_of, week_of
from tests.factories import make_user

Kind = Notification.Kind
Delivery = Notification.Delivery

pytestmark = pytest.mark.django_db

TUESDAY = timezone.make_aware(datetime.datetime(2026, 11, 24, 9, 0))


def _event(recipients, *, kind=Kind.MESSAGE_POSTED, number, topic="Alliancegruppen"):
    return notify(
        kind=kind,
        recipients=recipients,
        template="agenda/email/agenda_draft",
        context={"agenda": {"number": number}},
        url=f"/portal/nyt/{number}/",
        topic=topic,
    )


def _digest(callbacks, now=TUESDAY):
    with callbacks(execute=True):
        return send_digests(now=now)


def _html(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_three_items_arrive_as_one_digest_instead_of_three_mails(
    member_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in (1, 2, 3):
            _event([member_a], number=number)
    assert mail.outbox == []

    assert _digest(django_capture_on_commit_callbacks) == 1

    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert "3" in message.subject
    for number in (1, 2, 3):
        assert f"version {number} af den fælles dagsorden" in message.body
        assert f"/portal/nyt/{number}/" in _html(message)
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    [sent] = DigestSent.objects.all()
    assert (sent.user, sent.week, sent.items) == (member_a, datetime.date(2026, 11, 23), 3)


def test_items_are_grouped_by_topic_and_then_by_kind(member_a, django_capture_on_commit_callbacks):
    set_delivery(user=member_a, kind=Kind.AGENDA_DRAFT, delivery=Delivery.DIGEST)
    _event([member_a], number=1, topic="Skolegruppen")
    _event([member_a], number=2, topic="Alliancegruppen", kind=Kind.AGENDA_DRAFT)
    _event([member_a], number=3, topic="Alliancegruppen")
    _event([member_a], number=4, topic="")

    _digest(django_capture_on_commit_callbacks)

    [message] = mail.outbox
    body = message.body
    headings = re.findall(r"^== (.+) ==$", body, flags=re.MULTILINE)
    assert headings == ["Hele alliancen", "Alliancegruppen", "Skolegruppen"]
    alliance_group = body[body.index("== Alliancegruppen") : body.index("== Skolegruppen")]
    assert alliance_group.count(str(Kind.MESSAGE_POSTED.label)) == 1
    assert alliance_group.count(str(Kind.AGENDA_DRAFT.label)) == 1
    html = _html(message)
    assert html.index("Hele alliancen") < html.index("Alliancegruppen") < html.index("Skolegruppen")
    assert html.count("<h3") == 4


def test_the_digest_has_a_text_and_an_html_part_with_names_as_written(
    member_a, django_capture_on_commit_callbacks
):
    _event([member_a], number=1, topic="Byg & Anlæg <Nord>")

    _digest(django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert "Byg & Anlæg <Nord>" in message.body
    html = _html(message)
    assert "Byg &amp; Anlæg &lt;Nord&gt;" in html
    assert '<html lang="da">' in html


def test_never_the_same_week_twice(member_a, django_capture_on_commit_callbacks):
    _event([member_a], number=1)
    assert _digest(django_capture_on_commit_callbacks) == 1

    _event([member_a], number=2)
    assert (
        _digest(django_capture_on_commit_callbacks, now=TUESDAY + datetime.timedelta(days=3)) == 0
    )
    assert len(mail.outbox) == 1

    next_week = TUESDAY + datetime.timedelta(days=7)
    assert _digest(django_capture_on_commit_callbacks, now=next_week) == 1
    assert len(mail.outbox) == 2
    assert "version 2 af" in mail.outbox[1].body
    assert "version 1 af" not in mail.outbox[1].body


def test_nothing_waiting_sends_nothing(member_a, django_capture_on_commit_callbacks):
    assert _digest(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert not DigestSent.objects.exists()


def test_inactive_people_get_no_digest(member_a, django_capture_on_commit_callbacks):
    _event([member_a], number=1)
    member_a.is_active = False
    member_a.save()

    assert _digest(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_each_person_gets_their_own_digest_in_their_own_language(
    member_a, django_capture_on_commit_callbacks
):
    english = make_user(email="english@test.dk", full_name="Emma English", language="en")
    _event([member_a], number=1)
    _event([english], number=2)

    assert _digest(django_capture_on_commit_callbacks) == 2

    mails = {message.to[0]: message for message in mail.outbox}
    assert mails[member_a.email].body.startswith("Hej Anna")
    assert mails[english.email].body.startswith("Hello Emma")
    assert '<html lang="en">' in _html(mails[english.email])


def test_the_digest_costs_the_same_queries_for_three_items_as_for_thirty(
    member_a, member_b, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for number in range(30):
        _event([member_a], number=number, topic=f"Gruppe {number % 4}")
    for number in range(3):
        _event([member_b], number=number)

    with django_assert_max_num_queries(2 + 2 * 5):
        _digest(django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2


def test_the_digest_carries_working_unsubscribe_and_settings_links(
    client, member_a, django_capture_on_commit_callbacks
):
    _event([member_a], number=1)
    _digest(django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert reverse("notification_settings") in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    links = re.findall(r"https?://\S+/afmeld/[^/\s]+/", message.body)
    assert len(links) == 2  # this kind, and every kind
    kind_link = links[0]
    path = kind_link[kind_link.index("/afmeld/") :]

    page = client.get(path)  # nobody is logged in
    assert page.status_code == 200
    assert str(Kind.MESSAGE_POSTED.label) in page.content.decode()
    done = client.post(path)
    assert done.status_code == 200

    assert settings_of(member_a)[Kind.MESSAGE_POSTED] == Delivery.NEVER
    assert settings_of(member_a)[Kind.MEETING] == Delivery.IMMEDIATE


def test_the_every_kind_link_turns_every_kind_off(
    client, member_a, django_capture_on_commit_callbacks
):
    _event([member_a], number=1)
    _digest(django_capture_on_commit_callbacks)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    # A mail program's one-click unsubscribe (RFC 8058): a POST without a CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(link[link.index("/afmeld/") :], {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert set(settings_of(member_a).values()) == {Delivery.NEVER}


def test_a_forged_or_broken_unsubscribe_link_is_not_found(client, member_a):
    assert client.get("/afmeld/noget-vrøvl/").status_code == 404
    assert client.post("/afmeld/eyJ1c2VyIjoxfQ:1abc:forged/").status_code == 404


def test_the_command_says_how_many_digests_went_out(member_a, django_capture_on_commit_callbacks):
    _event([member_a], number=1)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", stdout=out)

    assert out.getvalue().strip() == "1 digest(s) sent."
    assert len(mail.outbox) == 1


def test_the_week_is_the_monday_of_the_danish_iso_week():
    sunday_night_utc = timezone.make_aware(
        datetime.datetime(2026, 11, 29, 23, 30), datetime.UTC
    )  # already Monday in Copenhagen
    assert week_of(sunday_night_utc) == datetime.date(2026, 11, 30)
    assert week_of(TUESDAY) == datetime.date(2026, 11, 23)
