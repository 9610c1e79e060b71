"""Writing, reading, editing and commenting on messages inside the portal."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance import audit
from alliance.models import AuditEvent, Notification
from alliance.versioning import EditConflict
from communication.forms.messages import MessageForm
from communication.models import Comment, Message
from communication.services.messages import (
    add_comment,
    announce_due_messages,
    hide_comment,
    update_message,
)
from tests.communication.factories import post
from tests.factories import make_group

LIST = reverse("communication:message_list")
CREATE = reverse("communication:message_create")


def _edit_url(message):
    return reverse("communication:message_edit", args=[message.pk])


def _comment_url(message):
    return reverse("communication:comment_create", args=[message.pk])


@pytest.fixture
def group(member_a):
    return make_group(name="Arbejdsgruppe om mentorer", members=[member_a])


def test_member_posts_to_their_group_and_lands_on_the_message(client_for, member_a, group):
    response = client_for(member_a).post(
        CREATE,
        {
            "title": "Lokaler til mentormøder",
            "body": "Vi har brug for **to** lokaler.",
            "audience": "group",
            "group": group.pk,
            "publish_at": "",
        },
        follow=True,
    )
    message = Message.objects.get()
    assert (message.author, message.audience, message.group) == (member_a, "group", group)
    assert message.is_published
    assert response.redirect_chain[-1][0] == message.get_absolute_url()
    assert "Opslaget er offentliggjort." in response.text
    assert "<strong>to</strong>" in response.text
    assert "Arbejdsgruppe om mentorer" in response.text


def test_the_form_offers_only_what_a_member_may_post_to(client_for, member_a, group):
    make_group(name="Fremmed gruppe")
    html = client_for(member_a).get(CREATE).text
    assert 'value="alliance"' in html and 'value="group"' in html
    assert 'value="public"' not in html
    assert "Arbejdsgruppe om mentorer" in html and "Fremmed gruppe" not in html
    assert 'name="pinned"' not in html


def test_the_secretariat_may_write_news_and_pin(client_for, secretariat):
    html = client_for(secretariat).get(CREATE).text
    assert 'value="public"' in html and 'name="pinned"' in html


def test_a_group_message_needs_its_group(client_for, member_a, group):
    response = client_for(member_a).post(
        CREATE, {"title": "Hvilken gruppe?", "body": "Tekst", "audience": "group", "group": ""}
    )
    assert response.status_code == 200
    assert "Vælg den gruppe, opslaget er til." in response.text
    assert 'value="Hvilken gruppe?"' in response.text
    assert not Message.objects.exists()


def test_a_group_is_only_chosen_for_a_group_message(client_for, member_a, group):
    response = client_for(member_a).post(
        CREATE, {"title": "Til alle", "body": "Tekst", "audience": "alliance", "group": group.pk}
    )
    assert "Vælg kun en gruppe, når opslaget er til én gruppe." in response.text
    assert not Message.objects.exists()


def test_the_list_shows_newest_first_with_pinned_on_top_and_comment_counts(
    client_for, member_a, secretariat, group
):
    old = post(by=member_a, title="Gammelt opslag", publish_at=timezone.now() - timedelta(days=3))
    post(by=member_a, title="Nyt opslag")
    post(
        by=secretariat,
        title="Fastgjort opslag",
        pinned=True,
        publish_at=timezone.now() - timedelta(days=9),
    )
    add_comment(message=old, body="Enig.", by=secretariat)
    hide_comment(comment=add_comment(message=old, body="Reklame", by=secretariat), by=secretariat)
    html = client_for(member_a).get(LIST).text
    assert html.index("Fastgjort opslag") < html.index("Nyt opslag") < html.index("Gammelt opslag")
    assert "1 kommentar" in html and "2 kommentarer" not in html


def test_the_list_filters_by_group_and_audience(client_for, member_a, group):
    other = make_group(name="Arbejdsgruppe om idræt", members=[member_a])
    post(by=member_a, title="Til mentorerne", audience="group", group=group)
    post(by=member_a, title="Til idrætten", audience="group", group=other)
    post(by=member_a, title="Til alle", audience="alliance")
    client = client_for(member_a)
    html = client.get(LIST, {"group": group.pk}).text
    assert "Til mentorerne" in html and "Til idrætten" not in html and "Til alle" not in html
    html = client.get(LIST, {"audience": "alliance"}).text
    assert "Til alle" in html and "Til mentorerne" not in html


def test_a_bad_filter_shows_the_whole_list(client_for, member_a):
    post(by=member_a, title="Til alle")
    response = client_for(member_a).get(LIST, {"group": "x", "audience": "alle"})
    assert response.status_code == 200
    assert "Til alle" in response.text


def test_the_author_edits_the_message_and_the_history_has_it(client_for, member_a):
    message = post(by=member_a, title="Stormøde", body="Den 12.")
    response = client_for(member_a).post(
        _edit_url(message),
        {
            "title": "Stormøde",
            "body": "Den 13.",
            "audience": "alliance",
            "group": "",
            "publish_at": "",
            "version": message.version,
        },
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "Den 13." and message.version == 2
    event = audit.history(message).first()
    assert event.action == AuditEvent.Action.CHANGED
    assert event.changes["body"] == ["Den 12.", "Den 13."]


def test_another_member_may_read_but_not_edit(client_for, member_a, member_b):
    message = post(by=member_a)
    client = client_for(member_b)
    assert client.get(message.get_absolute_url()).status_code == 200
    assert client.get(_edit_url(message)).status_code == 403
    assert "Rediger opslaget" not in client.get(message.get_absolute_url()).text


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(client_for, member_a, secretariat):
    message = post(by=member_a, title="Stormøde", body="Den 12.")
    seen = message.version
    form = MessageForm(
        {
            "title": "Stormøde",
            "body": "Rettet af sekretariatet.",
            "audience": "alliance",
            "version": seen,
        },
        instance=Message.objects.get(pk=message.pk),
        user=secretariat,
    )
    assert form.is_valid()
    update_message(form=form, by=secretariat)
    response = client_for(member_a).post(
        _edit_url(message),
        {
            "title": "Stormøde",
            "body": "Min egen rettelse.",
            "audience": "alliance",
            "version": seen,
        },
    )
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.text
    assert "Min egen rettelse." in response.text
    assert Message.objects.get(pk=message.pk).body == "Rettet af sekretariatet."


def test_the_service_refuses_a_concurrent_edit(member_a, secretariat):
    message = post(by=member_a, body="Før.")
    forms = [
        MessageForm(
            {
                "title": message.title,
                "body": body,
                "audience": "alliance",
                "version": message.version,
            },
            instance=Message.objects.get(pk=message.pk),
            user=person,
        )
        for body, person in [("Først.", member_a), ("Sidst.", secretariat)]
    ]
    assert all(form.is_valid() for form in forms)
    update_message(form=forms[0], by=member_a)
    with pytest.raises(EditConflict):
        update_message(form=forms[1], by=secretariat)
    assert Message.objects.get(pk=message.pk).body == "Først."


def test_a_member_cannot_pin_by_a_forged_field(client_for, member_a):
    client_for(member_a).post(
        CREATE, {"title": "Se mig", "body": "Tekst", "audience": "alliance", "pinned": "on"}
    )
    assert Message.objects.get().pinned is False


def test_a_comment_is_added_and_shown_under_the_message(client_for, member_a, member_b):
    message = post(by=member_a)
    response = client_for(member_b).post(
        _comment_url(message), {"body": "Jeg kan hjælpe.\nRing til mig."}, follow=True
    )
    comment = Comment.objects.get()
    assert (comment.author, comment.message) == (member_b, message)
    assert response.redirect_chain[-1][0].endswith(f"#kommentar-{comment.pk}")
    assert "Jeg kan hjælpe.<br>Ring til mig." in response.text
    assert "Din kommentar er tilføjet." in response.text
    assert audit.history(comment).get().action == AuditEvent.Action.CREATED


def test_a_refused_comment_shows_the_error_and_keeps_the_text(client_for, member_a, member_b):
    message = post(by=member_a)
    text = "Alt for langt. " * 400
    response = client_for(member_b).post(_comment_url(message), {"body": text})
    assert response.status_code == 200
    assert "højst have 5000 tegn" in response.text
    assert text.strip() in response.text
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(client_for, member_a, member_b):
    message = post(by=member_a)
    response = client_for(member_b).post(_comment_url(message), {"body": "   "})
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not Comment.objects.exists()


def test_a_hidden_comment_keeps_its_place_but_only_the_secretariat_reads_it(
    client_for, member_a, member_b, secretariat
):
    message = post(by=member_a)
    comment = add_comment(message=message, body="Køb billige ure her", by=member_b)
    response = client_for(member_a).post(
        reverse("communication:comment_hide", args=[comment.pk]), follow=True
    )
    assert "Kommentaren er skjult" in response.text
    assert "Køb billige ure her" not in response.text
    comment.refresh_from_db()
    assert comment.hidden_by == member_a and comment.hidden_at is not None
    assert "Køb billige ure her" not in client_for(member_b).get(message.get_absolute_url()).text
    html = client_for(secretariat).get(message.get_absolute_url()).text
    assert "Køb billige ure her" in html and "skjult af Anna A" in html
    assert audit.history(comment).first().changes["hidden_by"] == [None, "Anna A"]


def test_the_hide_button_is_offered_to_the_author_and_the_secretariat_only(
    client_for, member_a, member_b, secretariat
):
    message = post(by=member_a)
    add_comment(message=message, body="En kommentar", by=member_b)
    url = message.get_absolute_url()
    assert "Skjul kommentaren" in client_for(member_a).get(url).text
    assert "Skjul kommentaren" in client_for(secretariat).get(url).text
    assert "Skjul kommentaren" not in client_for(member_b).get(url).text


def test_a_scheduled_message_is_kept_back_and_not_announced(client_for, member_a, member_b):
    later = timezone.localtime() + timedelta(days=2)
    response = client_for(member_a).post(
        CREATE,
        {
            "title": "Kommer senere",
            "body": "Tekst",
            "audience": "alliance",
            "publish_at": later.strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    assert "bliver offentliggjort på det valgte tidspunkt" in response.text
    assert "Indtil da kan kun du og sekretariatet se det." in response.text
    message = Message.objects.get()
    assert not message.is_published
    assert not Notification.objects.exists()
    assert client_for(member_b).get(message.get_absolute_url()).status_code == 404


def test_publishing_a_scheduled_message_by_an_edit_announces_it(member_a, member_b):
    message = post(by=member_a, publish_at=timezone.now() + timedelta(days=1))
    form = MessageForm(
        {
            "title": message.title,
            "body": message.body,
            "audience": "alliance",
            "publish_at": "",
            "version": message.version,
        },
        instance=Message.objects.get(pk=message.pk),
        user=member_a,
    )
    assert form.is_valid()
    update_message(form=form, by=member_a)
    assert Notification.objects.filter(recipient=member_b).exists()


def test_a_scheduled_message_is_announced_once_when_it_goes_live(member_a, member_b):
    publish_at = timezone.now() + timedelta(hours=2)
    message = post(by=member_a, publish_at=publish_at)
    assert announce_due_messages() == 0
    assert not Notification.objects.exists()

    assert announce_due_messages(now=publish_at + timedelta(minutes=1)) == 1
    told = Notification.objects.filter(kind=Notification.Kind.MESSAGE_POSTED)
    assert [n.recipient for n in told] == [member_b]
    assert told.get().url == message.get_absolute_url()
    # The next run, and an edit after it, tell nobody again.
    assert announce_due_messages(now=publish_at + timedelta(minutes=5)) == 0
    assert told.count() == 1


def test_the_announce_command_says_how_many_it_announced(member_a, member_b):
    post(by=member_a, publish_at=timezone.now() - timedelta(minutes=1))
    Message.objects.update(announced_at=None)
    out = StringIO()
    call_command("announce_messages", stdout=out)
    assert out.getvalue().strip() == "Announced 1 message(s)."


def test_a_scheduled_message_cannot_be_commented_yet(client_for, member_a):
    message = post(by=member_a, publish_at=timezone.now() + timedelta(days=1))
    assert 'name="body"' not in client_for(member_a).get(message.get_absolute_url()).text
    assert client_for(member_a).post(_comment_url(message), {"body": "Hej"}).status_code == 403


def test_posting_and_commenting_are_in_the_history(member_a, member_b):
    message = post(by=member_a, title="Til historikken")
    event = audit.history(message).get()
    assert event.action == AuditEvent.Action.CREATED
    assert event.changes["title"] == [None, "Til historikken"]
    assert event.actor == member_a
    comment = add_comment(message=message, body="Noteret.", by=member_b)
    assert audit.history(comment).get().actor == member_b
