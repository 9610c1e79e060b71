"""Page-table entries for news, messages and comments; tests/pagelist.py takes them in.

In the world, the working group on mentors has member A but not member B, so
B gets 404 for its message. Member A wrote the alliance message and the group
message; the secretariat wrote the public news and commented on the group message.
"""

import itertools
from datetime import timedelta

from django.utils import timezone

from communication.forms.messages import MessageForm
from communication.models import Audience, Comment, Message
from communication.services.messages import add_comment
from tests.communication.factories import post
from tests.factories import make_group, make_user
from tests.pagelist import (
    ANON,
    LOGIN,
    MEMBER_A,
    MEMBER_B,
    SECRETARIAT,
    SUPERUSER,
    Get,
    Page,
    Post,
    everyone,
    form_data,
    signed_in,
)

_numbers = itertools.count(1)


def in_group_only(status):
    """A message to a group member A is in and member B is not: B may not learn it exists."""
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: 404, SECRETARIAT: status, SUPERUSER: status}


def authors_only(status):
    """Member A's message: B reads it but may not change it."""
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: 403, SECRETARIAT: status, SUPERUSER: status}


def extend_world(w):
    if not hasattr(w, "comm_group"):
        w.comm_group = make_group(name="Arbejdsgruppe om mentorer", members=[w.member_a])
    w.public_message = post(
        by=w.secretariat,
        title="Ny mentorordning søger frivillige",
        body="Vi søger **ti** mentorer til unge. Læs mere på [vores side](https://example.org/).",
        audience=Audience.PUBLIC,
    )
    w.alliance_message = post(
        by=w.member_a,
        title="Husk stormødet",
        body="Vi ses til stormødet i næste måned.",
        audience=Audience.ALLIANCE,
    )
    w.group_message = post(
        by=w.member_a,
        title="Mentorer: næste skridt",
        body="Vi skal finde lokaler til mentormøderne.",
        audience=Audience.GROUP,
        group=w.comm_group,
    )
    w.group_comment = add_comment(
        message=w.group_message, body="Biblioteket har et lokale.", by=w.secretariat
    )


# --- rows -------------------------------------------------------------------------------


def _public_news(w, n):
    """n more public news items, some long, by the secretariat."""
    for number in range(n):
        Message.objects.create(
            title=f"Nyhed {next(_numbers)}",
            body="Et afsnit med **fed** tekst.\n\n" * (1 + number % 3),
            audience=Audience.PUBLIC,
            author=w.secretariat,
            publish_at=timezone.now() - timedelta(minutes=number + 1),
        )


def _messages(w, n):
    """n more messages of every audience, by new people of new organisations, with comments."""
    for number in range(n):
        author = make_user()
        kind = number % 3
        message = Message.objects.create(
            title=f"Opslag {next(_numbers)}",
            body="Tekst.",
            audience=[Audience.PUBLIC, Audience.ALLIANCE, Audience.GROUP][kind],
            group=w.comm_group if kind == 2 else None,
            author=author,
            publish_at=timezone.now() - timedelta(minutes=number + 1),
            pinned=number == 0,
        )
        Comment.objects.create(message=message, author=w.secretariat, body="Tak.")


def _comments(w, n):
    """n more comments on the group message from new people, every third one hidden."""
    for number in range(n):
        author = make_user()
        w.comm_group.members.add(author)
        Comment.objects.create(
            message=w.group_message,
            author=author,
            body=f"Kommentar {number}",
            hidden_at=timezone.now() if number % 3 == 0 else None,
            hidden_by=w.secretariat if number % 3 == 0 else None,
        )


# --- states ------------------------------------------------------------------------------


def _fresh(obj, field):
    return getattr(type(obj).objects.get(pk=obj.pk), field)


def _edit(w):
    return form_data(
        MessageForm(instance=w.alliance_message, user=w.secretariat),
        title="Husk stormødet den 12.",
    )


# --- the table ---------------------------------------------------------------------------

PAGES = {
    # Public news and its feed.
    "communication:news_list": Page(get=Get(everyone(200), queries=4, rows=_public_news)),
    "communication:news_feed": Page(
        get=Get(everyone(200), queries=1, rows=_public_news, html=False)
    ),
    "communication:news_detail": Page(
        kwargs=lambda w: {"pk": w.public_message.pk},
        get=Get(everyone(200), queries=3),
    ),
    # Messages inside the portal.
    "communication:message_list": Page(get=Get(signed_in(200), queries=5, rows=_messages)),
    "communication:message_create": Page(
        get=Get(signed_in(200), queries=3),
        post=Post(
            signed_in(302),
            data=lambda w: {
                "title": "Hvem har en projektor?",
                "body": "Vi mangler en projektor til fredag.",
                "audience": "alliance",
                "publish_at": "",
            },
            state=lambda w: Message.objects.count(),
        ),
    ),
    "communication:message_detail": Page(
        kwargs=lambda w: {"pk": w.group_message.pk},
        get=Get(in_group_only(200), queries=4, rows=_comments),
    ),
    "communication:message_edit": Page(
        kwargs=lambda w: {"pk": w.alliance_message.pk},
        get=Get(authors_only(200), queries=4),
        post=Post(
            authors_only(302),
            data=_edit,
            state=lambda w: _fresh(w.alliance_message, "title"),
        ),
    ),
    "communication:comment_create": Page(
        kwargs=lambda w: {"pk": w.group_message.pk},
        post=Post(
            in_group_only(302),
            data=lambda w: {"body": "Jeg kan spørge på skolen."},
            state=lambda w: w.group_message.comments.count(),
        ),
    ),
    # Member A wrote the group message and keeps its thread in order.
    "communication:comment_hide": Page(
        kwargs=lambda w: {"pk": w.group_comment.pk},
        post=Post(
            in_group_only(302),
            data=lambda w: {},
            state=lambda w: _fresh(w.group_comment, "hidden_at"),
        ),
    ),
}
