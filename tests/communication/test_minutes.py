"""Minutes, decisions and action items after a meeting."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance import audit
from communication.models import ActionItem, Meeting
from communication.services.meetings import record_minutes
from tests.communication import meeting_cast
from tests.factories import make_user

# The two groups and their meetings (fixtures).
group_a, group_b = meeting_cast.group_a, meeting_cast.group_b
meeting_a, meeting_b = meeting_cast.meeting_a, meeting_cast.meeting_b

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _url(meeting):
    return reverse("communication:meeting_minutes", args=[meeting.pk])


def _post(client, meeting, minutes, items, *, version=None, existing=()):
    """The minutes form as a browser sends it: existing rows first, then new ones."""
    rows = [*existing, *items]
    data = {
        "minutes": minutes,
        "decisions": "Vi starter i januar.",
        "version": meeting.version if version is None else version,
        "punkter-TOTAL_FORMS": len(rows),
        "punkter-INITIAL_FORMS": len(existing),
        "punkter-MIN_NUM_FORMS": 0,
        "punkter-MAX_NUM_FORMS": 1000,
    }
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"punkter-{number}-{key}"] = value
    return client.post(_url(meeting), data)


def test_secretariat_writes_minutes_with_action_items(client_for, secretariat, member_a, meeting_a):
    response = _post(
        client_for(secretariat),
        meeting_a,
        "Vi talte om **mentorer**.",
        [{"text": "Find ti mentorer", "responsible": member_a.pk, "due_on": "2027-01-15"}],
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.meeting, item.responsible, item.due_on) == (meeting_a, member_a, date(2027, 1, 15))
    page = client_for(member_a).get(meeting_a.get_absolute_url()).content.decode()
    assert "<strong>mentorer</strong>" in page and "Vi starter i januar." in page
    assert "Find ti mentorer" in page and "15. jan. 2027" in page
    assert audit.history(item).filter(action=audit.Action.CREATED).exists()


def test_editing_action_items_keeps_their_rows(client_for, secretariat, member_a, meeting_a):
    record_minutes(
        meeting=meeting_a,
        minutes="Referat",
        decisions="",
        action_items=[
            {"text": "Første", "responsible": None, "due_on": None},
            {"text": "Anden", "responsible": None, "due_on": None},
        ],
        by=secretariat,
    )
    first, second = ActionItem.objects.order_by("pk")
    done = ActionItem.objects.create(meeting=meeting_a, text="Klaret", done_at=timezone.now())
    meeting_a.refresh_from_db()
    response = _post(
        client_for(secretariat),
        meeting_a,
        "Referat, rettet",
        [{"text": "Tredje"}],
        existing=[
            {"id": first.pk, "text": "Første, rettet", "responsible": member_a.pk},
            {"id": second.pk, "text": "Anden", "DELETE": "on"},
        ],
    )
    assert response.status_code == 302
    items = {item.pk: item.text for item in ActionItem.objects.all()}
    assert items[first.pk] == "Første, rettet"
    assert second.pk not in items
    assert items[done.pk] == "Klaret"
    assert "Tredje" in items.values() and len(items) == 3


def test_an_item_of_another_meeting_cannot_be_edited_through_the_form(
    client_for, secretariat, meeting_a, meeting_b
):
    other = ActionItem.objects.create(meeting=meeting_b, text="Andres punkt")
    response = _post(
        client_for(secretariat),
        meeting_a,
        "Referat",
        [],
        existing=[{"id": other.pk, "text": "Kapret"}],
    )
    assert response.status_code in (200, 302)
    other.refresh_from_db()
    assert (other.meeting, other.text) == (meeting_b, "Andres punkt")


def test_concurrent_minutes_are_refused_and_keep_the_input(client_for, secretariat, meeting_a):
    client = client_for(secretariat)
    stale = meeting_a.version
    assert _post(client, meeting_a, "Først", [], version=stale).status_code == 302
    response = _post(client, meeting_a, "Anden udgave", [], version=stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "En anden har gemt ændringer" in page and "Anden udgave" in page
    assert Meeting.objects.get(pk=meeting_a.pk).minutes == "Først"


def test_a_cancelled_meeting_has_no_minutes(secretariat, meeting_a):
    Meeting.objects.filter(pk=meeting_a.pk).update(status=Meeting.Status.CANCELLED)
    with pytest.raises(ValidationError):
        record_minutes(
            meeting=meeting_a, minutes="x", decisions="", action_items=[], by=secretariat
        )


def test_only_the_secretariat_writes_minutes(client_for, member_a, member_b, meeting_a):
    assert client_for(member_a).get(_url(meeting_a)).status_code == 403
    assert client_for(member_b).get(_url(meeting_a)).status_code == 404


def test_responsible_people_are_active_users_only(client_for, secretariat, meeting_a):
    make_user(full_name="Gone Person", is_active=False)
    make_user(full_name="Here Person")
    page = client_for(secretariat).get(_url(meeting_a)).content.decode()
    assert "Here Person" in page and "Gone Person" not in page


def test_html_in_minutes_and_items_is_shown_as_text(client_for, secretariat, member_a, meeting_a):
    record_minutes(
        meeting=meeting_a,
        minutes=f"Referat {XSS}",
        decisions=f"Beslutning {XSS}",
        action_items=[{"text": f"Punkt {XSS}", "responsible": None, "due_on": None}],
        by=secretariat,
    )
    for user in (member_a, secretariat):
        page = client_for(user).get(meeting_a.get_absolute_url()).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "Punkt &lt;script&gt;" in page
    page = client_for(secretariat).get(_url(meeting_a)).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
