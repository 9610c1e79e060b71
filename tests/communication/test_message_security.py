"""Who reads, writes and hides what: two groups, a member in each, and text that tries to
run script. Plus who hears about a new message or comment."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from alliance.models import Notification
from communication.forms.messages import MessageForm
from communication.models import Comment, Message
from communication.services.messages import add_comment, hide_comment, post_message
from tests.communication.factories import post
from tests.factories import make_group, make_user

LIST = reverse("communication:message_list")
CREATE = reverse("communication:message_create")
ATOM = "{http://www.w3.org/2005/Atom}"

SCRIPT_TITLE = '<script>alert("titel")</script>Overskrift'
SCRIPT_BODY = (
    "<script>alert('tekst')</script>\n\n"
    "[Klik her](javascript:alert('link'))\n\n"
    "<a href=\"javascript:alert('html')\">rå html</a>\n\n"
    '<img src=x onerror="alert(1)">'
)
SCRIPT_COMMENT = "<script>alert('kommentar')</script> [ja](javascript:alert(2))"


@pytest.fixture
def groups(member_a, member_b):
    """Member A is in the mentor group only, member B in the sports group only."""
    return (
        make_group(name="Arbejdsgruppe om mentorer", members=[member_a]),
        make_group(name="Arbejdsgruppe om idræt", members=[member_b]),
    )


@pytest.fixture
def b_message(groups, member_b):
    return post(by=member_b, title="Kun for idrætten", audience="group", group=groups[1])


def _script_free(html):
    """No script element, no javascript: link and no event handler attribute in the markup."""
    # Quoted attribute values hold escaped text (a meta description may quote the payload
    # as text); what matters is the markup around them.
    html = re.sub(r'="[^"]*"', '=""', html)
    assert "<script" not in html
    assert not re.search(r"""<[^>]*\shref\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, re.IGNORECASE)


# --- another group's message --------------------------------------------------------------


def test_a_member_never_sees_another_groups_message_in_the_list(client_for, member_a, b_message):
    client = client_for(member_a)
    assert "Kun for idrætten" not in client.get(LIST).text
    assert "Kun for idrætten" not in client.get(LIST, {"group": b_message.group_id}).text
    assert "Kun for idrætten" not in client.get(LIST, {"audience": "group"}).text


def test_another_groups_message_answers_404_everywhere(client_for, member_a, b_message):
    client = client_for(member_a)
    assert client.get(b_message.get_absolute_url()).status_code == 404
    assert client.get(reverse("communication:message_edit", args=[b_message.pk])).status_code == 404
    response = client.post(
        reverse("communication:comment_create", args=[b_message.pk]), {"body": "Hej"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_another_groups_comment_cannot_be_hidden(client_for, member_a, member_b, b_message):
    comment = add_comment(message=b_message, body="Vi ses", by=member_b)
    response = client_for(member_a).post(reverse("communication:comment_hide", args=[comment.pk]))
    assert response.status_code == 404
    assert Comment.objects.get(pk=comment.pk).hidden_at is None


def test_the_group_members_and_the_secretariat_read_the_group_message(
    client_for, member_b, secretariat, b_message
):
    assert client_for(member_b).get(b_message.get_absolute_url()).status_code == 200
    assert client_for(secretariat).get(b_message.get_absolute_url()).status_code == 200
    assert "Kun for idrætten" in client_for(secretariat).get(LIST).text


def test_the_service_refuses_a_comment_from_outside_the_group(member_a, b_message):
    with pytest.raises(PermissionDenied):
        add_comment(message=b_message, body="Hej", by=member_a)


# --- posting where one may not ----------------------------------------------------------------


def test_a_forged_post_to_another_group_is_refused(client_for, member_a, groups):
    response = client_for(member_a).post(
        CREATE, {"title": "Snyd", "body": "Tekst", "audience": "group", "group": groups[1].pk}
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.text
    assert not Message.objects.exists()


def test_a_forged_public_post_by_a_member_is_refused(client_for, member_a):
    response = client_for(member_a).post(
        CREATE, {"title": "Snyd", "body": "Tekst", "audience": "public"}
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.text
    assert not Message.objects.exists()


def test_the_service_refuses_public_and_foreign_groups_whatever_the_form(
    member_a, secretariat, groups
):
    for data in [
        {"title": "Snyd", "body": "Tekst", "audience": "public"},
        {"title": "Snyd", "body": "Tekst", "audience": "group", "group": groups[1].pk},
    ]:
        # The secretariat's form offers everything; the service still asks who is posting.
        form = MessageForm(data, user=secretariat)
        assert form.is_valid(), form.errors
        with pytest.raises(PermissionDenied):
            post_message(form=form, by=member_a)
    assert not Message.objects.exists()


def test_a_member_cannot_move_their_message_to_another_group(client_for, member_a, groups):
    message = post(by=member_a, audience="group", group=groups[0])
    response = client_for(member_a).post(
        reverse("communication:message_edit", args=[message.pk]),
        {
            "title": message.title,
            "body": message.body,
            "audience": "group",
            "group": groups[1].pk,
            "version": message.version,
        },
    )
    assert response.status_code == 200
    assert Message.objects.get(pk=message.pk).group == groups[0]


# --- script in what people write ------------------------------------------------------------


def test_script_in_title_body_and_comment_never_reaches_the_pages(
    client, client_for, secretariat, member_a
):
    message = post(by=secretariat, title=SCRIPT_TITLE, body=SCRIPT_BODY, audience="public")
    add_comment(message=message, body=SCRIPT_COMMENT, by=member_a)
    pages = [
        reverse("communication:news_list"),
        reverse("communication:news_detail", args=[message.pk]),
        "/",
    ]
    for url in pages:
        html = client.get(url).text
        assert "Overskrift" in html, url
        _script_free(html)
    signed_in = client_for(member_a)
    for url in [LIST, message.get_absolute_url()]:
        html = signed_in.get(url).text
        assert "Overskrift" in html, url
        _script_free(html)
    assert "&lt;script&gt;alert(&#x27;kommentar&#x27;)" in html


def test_script_never_reaches_the_feed(client, secretariat):
    post(by=secretariat, title=SCRIPT_TITLE, body=SCRIPT_BODY, audience="public")
    raw = client.get(reverse("communication:news_feed")).content.decode()
    assert "<script" not in raw
    entry = ET.fromstring(raw).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == SCRIPT_TITLE  # plain text, escaped in the XML
    # The summary is HTML a feed reader will render: it must be as clean as the page.
    _script_free(entry.findtext(f"{ATOM}summary"))


# --- hiding comments --------------------------------------------------------------------------


@pytest.fixture
def thread(groups, member_a, secretariat):
    """Member A's message to the mentor group, with a comment by another group member."""
    other = make_user(full_name="Olga Anden")
    groups[0].members.add(other)
    message = post(by=member_a, audience="group", group=groups[0])
    return message, add_comment(message=message, body="Reklame", by=other), other


def _hide(client, comment):
    return client.post(reverse("communication:comment_hide", args=[comment.pk]))


def test_the_author_of_the_message_hides_a_comment(client_for, member_a, thread):
    message, comment, _ = thread
    assert _hide(client_for(member_a), comment).status_code == 302
    assert Comment.objects.get(pk=comment.pk).hidden_by == member_a


def test_the_secretariat_hides_a_comment(client_for, secretariat, thread):
    message, comment, _ = thread
    assert _hide(client_for(secretariat), comment).status_code == 302
    assert Comment.objects.get(pk=comment.pk).hidden_by == secretariat


def test_a_commenter_who_is_not_the_author_cannot_hide(client_for, thread):
    message, comment, other = thread
    assert _hide(client_for(other), comment).status_code == 403
    assert Comment.objects.get(pk=comment.pk).hidden_at is None


def test_a_member_outside_the_group_cannot_learn_the_comment_exists(client_for, member_b, thread):
    message, comment, _ = thread
    assert _hide(client_for(member_b), comment).status_code == 404


def test_the_service_refuses_to_hide_for_anybody_else(member_b, thread):
    message, comment, other = thread
    for person in (other, member_b):
        with pytest.raises(PermissionDenied):
            hide_comment(comment=comment, by=person)


# --- scheduled messages ------------------------------------------------------------------------


def test_a_scheduled_message_stays_hidden_until_its_time(
    client, client_for, member_a, member_b, secretariat
):
    later = timezone.now() + timedelta(hours=3)
    internal = post(by=member_a, title="Internt senere", audience="alliance", publish_at=later)
    news = post(by=secretariat, title="Nyhed senere", audience="public", publish_at=later)
    member = client_for(member_b)
    assert "Internt senere" not in member.get(LIST).text
    assert member.get(internal.get_absolute_url()).status_code == 404
    assert (
        member.post(
            reverse("communication:comment_create", args=[internal.pk]), {"body": "Hej"}
        ).status_code
        == 404
    )
    client.logout()
    assert "Nyhed senere" not in client.get(reverse("communication:news_list")).text
    assert client.get(reverse("communication:news_detail", args=[news.pk])).status_code == 404
    assert b"Nyhed senere" not in client.get(reverse("communication:news_feed")).content
    assert "Nyhed senere" not in client.get("/").text

    Message.objects.filter(pk__in=[internal.pk, news.pk]).update(
        publish_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(reverse("communication:news_detail", args=[news.pk])).status_code == 200
    assert b"Nyhed senere" in client.get(reverse("communication:news_feed")).content
    assert client_for(member_b).get(internal.get_absolute_url()).status_code == 200


# --- who is told --------------------------------------------------------------------------------


def _told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_group_message_is_announced_to_the_group_only(member_a, member_b, groups, secretariat):
    colleague = make_user(email="kollega@test.dk")
    groups[0].members.add(colleague)
    message = post(by=member_a, title="Til mentorerne", audience="group", group=groups[0])
    assert _told(Notification.Kind.MESSAGE_POSTED) == {"kollega@test.dk"}
    row = Notification.objects.get()
    assert row.topic == "Arbejdsgruppe om mentorer"
    assert row.url == message.get_absolute_url()
    assert "Til mentorerne" in row.subject


def test_an_alliance_message_is_announced_to_everyone_in_the_alliance(
    member_a, member_b, secretariat, settings
):
    settings.ALLIANCE_NAME = "Alliancen for unge"
    gone = make_user(email="stoppet@test.dk")
    gone.is_active = False
    gone.save()
    post(by=member_a, title="Til alle", audience="alliance")
    assert _told(Notification.Kind.MESSAGE_POSTED) == {member_b.email, secretariat.email}
    assert set(Notification.objects.values_list("topic", flat=True)) == {"Alliancen for unge"}


def test_the_announcement_text_is_plain(member_a, member_b):
    post(by=member_a, title="Byg & Anlæg <3", body="Mød op & tag kage med.", audience="alliance")
    row = Notification.objects.get(recipient=member_b)
    assert "Byg & Anlæg <3" in row.subject
    assert "Mød op & tag kage med." in row.body and "&amp;" not in row.body


def test_a_comment_tells_the_author_and_earlier_commenters(member_a, member_b, secretariat, groups):
    message = post(by=member_a, title="Lokaler", audience="alliance")
    Notification.objects.all().delete()
    add_comment(message=message, body="Første", by=member_b)
    assert _told(Notification.Kind.COMMENT_POSTED) == {member_a.email}
    Notification.objects.all().delete()
    add_comment(message=message, body="Anden", by=secretariat)
    assert _told(Notification.Kind.COMMENT_POSTED) == {member_a.email, member_b.email}
    assert "Anden" in Notification.objects.filter(recipient=member_a).get().body


def test_a_comment_is_not_told_to_someone_who_left_the_group(member_a, groups):
    leaver = make_user(email="gaaet@test.dk")
    groups[0].members.add(leaver)
    message = post(by=member_a, audience="group", group=groups[0])
    add_comment(message=message, body="Jeg er med", by=leaver)
    groups[0].members.remove(leaver)
    Notification.objects.all().delete()
    colleague = make_user(email="kollega@test.dk")
    groups[0].members.add(colleague)
    add_comment(message=message, body="Også mig", by=colleague)
    assert _told(Notification.Kind.COMMENT_POSTED) == {member_a.email}
