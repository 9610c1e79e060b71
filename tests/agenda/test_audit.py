"""Every write on the common agenda leaves an event in the audit trail; the admin only reads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agenda import services
from agenda.models import Agenda, AgendaComment, Endorsement, Goal
from alliance import audit
from alliance.models import AuditEvent
from tests.factories import make_agenda

Action = AuditEvent.Action


@pytest.fixture
def adopted(secretariat):
    return make_agenda(goals=["Flere unge i job", "Bedre trivsel"], adopt=True, by=secretariat)


def _draft_data(draft, rows, **fields):
    """POST data for the draft page: texts plus (pk, title, description, order, delete) rows."""
    data = {
        "vision": draft.vision,
        "problem_statement": draft.problem_statement,
        "version": draft.version,
        "maal-TOTAL_FORMS": len(rows),
        "maal-INITIAL_FORMS": sum(1 for row in rows if row[0]),
        "maal-MIN_NUM_FORMS": 0,
        "maal-MAX_NUM_FORMS": 30,
    }
    for index, (pk, title, description, order, delete) in enumerate(rows):
        data |= {
            f"maal-{index}-id": pk or "",
            f"maal-{index}-agenda": draft.pk,
            f"maal-{index}-title": title,
            f"maal-{index}-description": description,
            f"maal-{index}-order": order,
        }
        if delete:
            data[f"maal-{index}-DELETE"] = "on"
    return data | fields


def test_starting_a_draft_records_it_as_created(secretariat, adopted):
    draft = services.start_draft(by=secretariat)
    event = audit.history(draft).get()
    assert (event.action, event.actor) == (Action.CREATED, secretariat)
    assert event.changes["number"] == [None, 2]
    assert event.changes["goals"] == [None, ["Bedre trivsel", "Flere unge i job"]]
    assert event.note == "Kopieret fra version 1."


def test_saving_a_draft_records_the_texts_and_a_summary_of_the_goals(
    client_for, secretariat, adopted
):
    draft = services.start_draft(by=secretariat)
    first, second = draft.agenda_goals.all()
    response = client_for(secretariat).post(
        reverse("agenda:draft_edit"),
        _draft_data(
            draft,
            [
                (first.pk, "Flere unge i uddannelse eller job", "", 1, False),
                (second.pk, second.title, "Målt i trivselsmålingen.", 2, False),
                (None, "Flere unge i foreninger", "", 3, False),
            ],
            vision="Alle unge har et godt liv.",
        ),
    )
    assert response.status_code == 302

    event = audit.history(draft).filter(action=Action.CHANGED).get()
    assert event.actor == secretariat
    assert event.changes["vision"] == [adopted.vision, "Alle unge har et godt liv."]
    assert event.changes["goals"] == [
        ["Flere unge i job", "Bedre trivsel"],
        ["Flere unge i uddannelse eller job", "Bedre trivsel", "Flere unge i foreninger"],
    ]
    assert "problem_statement" not in event.changes
    assert "Ny målsætning: «Flere unge i foreninger»." in event.note
    assert "Ny titel: «Flere unge i job» → «Flere unge i uddannelse eller job»." in event.note
    assert "Ny beskrivelse af «Bedre trivsel»." in event.note
    assert (
        "Målsætninger",
        "Flere unge i job, Bedre trivsel",
        "Flere unge i uddannelse eller job, Bedre trivsel, Flere unge i foreninger",
    ) in audit.rows(event)


def test_removing_a_goal_names_it(client_for, secretariat, adopted):
    draft = services.start_draft(by=secretariat)
    first, second = draft.agenda_goals.all()
    client_for(secretariat).post(
        reverse("agenda:draft_edit"),
        _draft_data(
            draft,
            [(first.pk, first.title, "", 1, False), (second.pk, second.title, "", 2, True)],
        ),
    )
    event = audit.history(draft).filter(action=Action.CHANGED).get()
    assert event.changes == {"goals": [["Flere unge i job", "Bedre trivsel"], ["Flere unge i job"]]}
    assert event.note == "Fjernet målsætning: «Bedre trivsel»."


def test_an_unchanged_draft_save_records_nothing(client_for, secretariat, adopted):
    draft = services.start_draft(by=secretariat)
    rows = [
        (row.pk, row.title, row.description, row.order, False) for row in draft.agenda_goals.all()
    ]
    client_for(secretariat).post(reverse("agenda:draft_edit"), _draft_data(draft, rows))
    assert not audit.history(draft).filter(action=Action.CHANGED).exists()


def test_adopting_records_both_status_changes_and_the_goals(secretariat, adopted):
    draft = services.start_draft(by=secretariat)
    dropped = draft.agenda_goals.get(title="Bedre trivsel")
    dropped.delete()
    kept = draft.agenda_goals.get()
    kept.title = "Flere unge i uddannelse eller job"
    kept.save()

    services.adopt_agenda(draft=draft, by=secretariat)

    event = audit.history(draft).get(action=Action.STATUS)
    assert event.actor == secretariat
    assert event.changes["status"] == ["draft", "adopted"]
    assert event.changes["adopted_by"] == [None, secretariat.full_name]
    assert ("Status", "Udkast", "Vedtaget") in audit.rows(event)

    event = audit.history(adopted).filter(action=Action.STATUS).first()
    assert event.changes == {"status": ["adopted", "superseded"]}
    assert event.note == "Afløst af version 2."

    event = audit.history(kept.goal).first()
    assert event.changes["title"] == ["Flere unge i job", "Flere unge i uddannelse eller job"]
    assert event.note == "Vedtaget med version 2."
    event = audit.history(Goal.objects.get(title="Bedre trivsel")).first()
    assert event.changes["retired_on"][0] is None
    assert event.note == "Udgået med version 2."


def test_an_endorsement_shows_in_the_agendas_history(client_for, secretariat, member_a, adopted):
    client_for(member_a).post(reverse("agenda:endorse"))
    event = audit.history(adopted).get(action=Action.CHANGED)
    assert event.actor == member_a
    assert event.note == "Organisation A har tilsluttet sig denne version."
    # A second press changes nothing and records nothing.
    client_for(member_a).post(reverse("agenda:endorse"))
    assert audit.history(adopted).filter(action=Action.CHANGED).count() == 1


def test_nobody_endorses_for_another_organisation(member_a, organisation_b, adopted):
    with pytest.raises(PermissionDenied):
        services.endorse(agenda=adopted, organisation=organisation_b, by=member_a)
    assert not Endorsement.objects.exists()


def test_a_comment_and_its_hiding_are_recorded(client_for, secretariat, member_a, adopted):
    services.start_draft(by=secretariat)
    client_for(member_a).post(reverse("agenda:comment_add"), {"body": "Husk de yngste børn."})
    comment = AgendaComment.objects.get()
    event = audit.history(comment).get()
    assert (event.action, event.actor) == (Action.CREATED, member_a)
    assert event.changes["body"] == [None, "Husk de yngste børn."]

    client_for(secretariat).post(reverse("agenda:comment_hide", args=[comment.pk]))
    event = audit.history(comment).get(action=Action.CHANGED)
    assert event.actor == secretariat
    assert event.changes["hidden_by"] == [None, secretariat.full_name]


def test_only_the_secretariat_drafts_and_hides(member_a, secretariat, adopted):
    with pytest.raises(PermissionDenied):
        services.start_draft(by=member_a)
    draft = services.start_draft(by=secretariat)
    comment = services.add_comment(agenda=draft, body="Enig.", by=member_a)
    with pytest.raises(PermissionDenied):
        services.hide_comment(comment=comment, by=member_a)
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_the_history_shows_on_the_version_and_draft_pages_for_the_secretariat_only(
    client_for, secretariat, member_a, adopted
):
    services.start_draft(by=secretariat)
    for url in (reverse("agenda:version", args=[adopted.number]), reverse("agenda:draft")):
        assert 'id="historik"' in client_for(secretariat).get(url).text, url
        assert 'id="historik"' not in client_for(member_a).get(url).text, url


ADMIN_MODELS = ["agenda", "goal", "endorsement", "agendacomment"]


@pytest.fixture
def agenda_objects(secretariat, member_a, adopted):
    draft = services.start_draft(by=secretariat)
    return {
        "agenda": adopted,
        "goal": adopted.goals.first(),
        "endorsement": services.endorse(
            agenda=adopted, organisation=member_a.organisation, by=member_a
        ),
        "agendacomment": services.add_comment(agenda=draft, body="Enig.", by=member_a),
    }


@pytest.mark.parametrize("name", ADMIN_MODELS)
def test_the_admin_shows_but_does_not_change_the_agenda(
    client_for, superuser, agenda_objects, name
):
    obj = agenda_objects[name]
    client = client_for(superuser)
    assert client.get(reverse(f"admin:agenda_{name}_changelist")).status_code == 200
    change = reverse(f"admin:agenda_{name}_change", args=[obj.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert client.post(change, {"title": "x", "body": "x", "vision": "x"}).status_code == 403
    assert client.get(reverse(f"admin:agenda_{name}_add")).status_code == 403
    delete = reverse(f"admin:agenda_{name}_delete", args=[obj.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    before = audit.snapshot(obj)
    obj.refresh_from_db()
    assert audit.snapshot(obj) == before


def test_the_agenda_admin_has_no_write_permission(superuser, rf):
    from django.contrib import admin

    request = rf.get("/")
    request.user = superuser
    for model in (Agenda, Goal, Endorsement, AgendaComment):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert model_admin.has_view_permission(request)
