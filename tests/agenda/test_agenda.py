import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from agenda.models import Agenda, AgendaComment, Endorsement, Goal
from agenda.services import adopt_agenda, start_draft
from tests.factories import make_agenda, make_organisation, make_user


@pytest.fixture
def adopted(secretariat):
    return make_agenda(goals=["Flere unge i job", "Bedre trivsel"], adopt=True, by=secretariat)


def _edit_data(draft, rows, **fields):
    """POST data for the draft form: texts plus one row per (pk, title, order, delete)."""
    data = {
        "vision": draft.vision,
        "problem_statement": draft.problem_statement,
        "version": draft.version,
        "maal-TOTAL_FORMS": len(rows),
        "maal-INITIAL_FORMS": sum(1 for row in rows if row[0]),
        "maal-MIN_NUM_FORMS": 0,
        "maal-MAX_NUM_FORMS": 30,
    }
    for index, (pk, title, order, delete) in enumerate(rows):
        data |= {
            f"maal-{index}-id": pk or "",
            f"maal-{index}-agenda": draft.pk,
            f"maal-{index}-title": title,
            f"maal-{index}-description": "",
            f"maal-{index}-order": order,
        }
        if delete:
            data[f"maal-{index}-DELETE"] = "on"
    return data | fields


def test_a_new_draft_is_a_copy_of_the_adopted_version(secretariat, adopted):
    draft = start_draft(by=secretariat)
    assert draft.number == 2
    assert draft.vision == adopted.vision
    assert [row.title for row in draft.agenda_goals.all()] == ["Flere unge i job", "Bedre trivsel"]
    assert [row.goal for row in draft.agenda_goals.all()] == [
        row.goal for row in adopted.agenda_goals.all()
    ]
    with pytest.raises(ValidationError):
        start_draft(by=secretariat)


def test_secretariat_drafts_changes_a_goal_adds_one_and_adopts(client_for, secretariat, adopted):
    client = client_for(secretariat)
    client.post(reverse("agenda:draft_start"))
    draft = Agenda.objects.draft()
    first, second = draft.agenda_goals.all()
    response = client.post(
        reverse("agenda:draft_edit"),
        _edit_data(
            draft,
            [
                (first.pk, "Flere unge i uddannelse eller job", 1, False),
                (second.pk, second.title, 2, True),
                (None, "Flere unge i foreninger", 3, False),
            ],
            vision="Alle unge har et godt liv.",
        ),
    )
    assert response["Location"] == reverse("agenda:draft")
    response = client.post(
        reverse("agenda:draft_adopt"),
        {"decided_on": timezone.localdate().isoformat(), "decided_where": "Styregruppemøde"},
    )
    assert response["Location"] == reverse("agenda:detail")

    adopted.refresh_from_db()
    assert adopted.status == Agenda.Status.SUPERSEDED
    current = Agenda.objects.adopted()
    assert current.number == 2
    assert current.adopted_on == timezone.localdate()
    assert list(Goal.objects.current().values_list("title", flat=True).order_by("title")) == [
        "Flere unge i foreninger",
        "Flere unge i uddannelse eller job",
    ]
    # The dropped goal is retired, not deleted: version 1 still shows it.
    retired = Goal.objects.get(title="Bedre trivsel")
    assert retired.retired_on == timezone.localdate()
    old_version = client.get(reverse("agenda:version", args=[1]))
    assert "Bedre trivsel" in old_version.text
    new_version = client.get(reverse("agenda:version", args=[2]))
    assert "<ins>" in new_version.text and "<del>" in new_version.text
    assert "Flere unge i foreninger" in new_version.text


def test_two_secretaries_editing_one_draft_get_a_conflict_not_an_overwrite(
    client_for, secretariat, adopted
):
    draft = start_draft(by=secretariat)
    rows = [(row.pk, row.title, row.order, False) for row in draft.agenda_goals.all()]
    colleague = make_user(role="secretariat", full_name="Kim Kollega")
    from django.test import Client

    other = Client()
    other.force_login(colleague)
    other.post(reverse("agenda:draft_edit"), _edit_data(draft, rows, vision="Kims vision."))

    response = client_for(secretariat).post(
        reverse("agenda:draft_edit"), _edit_data(draft, rows, vision="Saras vision.")
    )
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.text
    assert "Kims vision." in response.text  # the other's text
    assert "Saras vision.</textarea>" in response.text  # my own input, kept
    draft.refresh_from_db()
    assert draft.vision == "Kims vision."


def test_a_draft_without_goals_cannot_be_adopted(client_for, secretariat):
    draft = make_agenda(goals=[])
    response = client_for(secretariat).post(
        reverse("agenda:draft_adopt"),
        {"decided_on": timezone.localdate().isoformat(), "decided_where": "Styregruppemøde"},
    )
    assert "Tilføj mindst én målsætning" in response.text
    draft.refresh_from_db()
    assert draft.is_draft


def test_adopting_the_same_draft_twice_is_refused(secretariat, adopted):
    draft = start_draft(by=secretariat)
    adopt_agenda(draft=draft, by=secretariat)
    with pytest.raises(ValidationError):
        adopt_agenda(draft=draft, by=secretariat)
    assert Agenda.objects.filter(status=Agenda.Status.ADOPTED).count() == 1


def test_the_database_refuses_a_second_adopted_agenda(adopted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agenda.objects.create(
            number=9, vision="x", status=Agenda.Status.ADOPTED, adopted_on=timezone.localdate()
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_adoptions_leave_exactly_one_adopted_agenda(secretariat):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks; CI runs this on PostgreSQL")
    make_agenda(goals=["Mål"], adopt=True, by=secretariat)
    draft = start_draft(by=secretariat)
    barrier = threading.Barrier(2)
    outcomes = []

    def adopt():
        try:
            barrier.wait()
            adopt_agenda(draft=draft, by=secretariat)
            outcomes.append("adopted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=adopt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["adopted", "refused"]
    assert list(Agenda.objects.filter(status=Agenda.Status.ADOPTED)) == [draft]


def test_member_endorses_once_for_the_organisation(client_for, member_a, adopted):
    client = client_for(member_a)
    client.post(reverse("agenda:endorse"))
    client.post(reverse("agenda:endorse"))
    endorsement = Endorsement.objects.get()
    assert (endorsement.organisation, endorsement.endorsed_by) == (member_a.organisation, member_a)
    page = client.get(reverse("agenda:detail"))
    assert "Organisation A har tilsluttet sig denne version (Anna A" in page.text


def test_secretariat_sees_who_is_missing_and_reminds_only_them(
    client_for, secretariat, member_a, member_b, adopted, django_capture_on_commit_callbacks
):
    Endorsement.objects.create(agenda=adopted, organisation=member_a.organisation)
    make_organisation(name="Tidligere Medlem", active=False)
    client = client_for(secretariat)
    page = client.get(reverse("agenda:detail"))
    missing = page.text.split("Mangler at tilslutte sig")[1]
    assert "Organisation B" in missing
    assert "Organisation A" not in missing
    assert "Tidligere Medlem" not in missing

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agenda:remind"))
    assert [message.to for message in mail.outbox] == [["b@test.dk"]]
    assert reverse("agenda:detail") in mail.outbox[0].body


def test_members_comment_on_the_draft_and_the_secretariat_can_hide_a_comment(
    client_for, secretariat, member_a, member_b, adopted
):
    start_draft(by=secretariat)
    client_for(member_a).post(reverse("agenda:comment_add"), {"body": "Husk de yngste børn."})
    comment = AgendaComment.objects.get()
    assert "Husk de yngste børn." in client_for(member_b).get(reverse("agenda:draft")).text

    client_for(secretariat).post(reverse("agenda:comment_hide", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert "Husk de yngste børn." not in client_for(member_b).get(reverse("agenda:draft")).text
    secretariat_view = client_for(secretariat).get(reverse("agenda:draft")).text
    assert "Husk de yngste børn." in secretariat_view
    assert "skjult af Sara Sekretariat" in secretariat_view


def test_an_empty_or_overlong_comment_is_refused(client_for, secretariat, member_a, adopted):
    start_draft(by=secretariat)
    client = client_for(member_a)
    client.post(reverse("agenda:comment_add"), {"body": ""})
    client.post(reverse("agenda:comment_add"), {"body": "x" * 5001})
    assert not AgendaComment.objects.exists()


def test_no_comments_once_there_is_no_draft(client_for, member_a, adopted):
    assert (
        client_for(member_a).post(reverse("agenda:comment_add"), {"body": "Hej"}).status_code == 404
    )


XSS = [
    "<script>alert('xss')</script>",
    '<img src="x" onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](JAVASCRIPT:alert(1))",
    '<svg onload="alert(1)">',
]


@pytest.mark.parametrize("payload", XSS)
def test_markdown_texts_are_sanitised(client_for, member_a, secretariat, payload):
    make_agenda(goals=["Mål"], adopt=True, by=secretariat, vision=f"Vision {payload} slut")
    html = client_for(member_a).get(reverse("agenda:detail")).text
    assert "<script>alert" not in html
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), "an event handler survived"
    assert not re.search(r"<a[^>]*href=[\"']?\s*javascript:", html, re.IGNORECASE)


def test_markdown_formatting_survives(client_for, member_a, secretariat):
    make_agenda(goals=["Mål"], adopt=True, by=secretariat, vision="**Fed** og [link](https://x.dk)")
    html = client_for(member_a).get(reverse("agenda:detail")).text
    assert "<strong>Fed</strong>" in html
    assert 'href="https://x.dk"' in html
