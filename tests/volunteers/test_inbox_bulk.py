"""The secretariat ticks several volunteers in the inbox and acts on them in one go."""

import csv
import io

from django.urls import reverse
from django.utils import timezone

from alliance import audit
from tests.factories import make_initiative, make_volunteer


def _bulk(client, volunteers, **data):
    return client.post(
        reverse("volunteers:bulk"), {"volunteers": [v.pk for v in volunteers], **data}
    )


def test_the_inbox_offers_a_checkbox_per_volunteer_and_the_actions(client_for, secretariat):
    volunteer = make_volunteer()
    page = client_for(secretariat).get(reverse("volunteers:list")).text
    assert f'name="volunteers" value="{volunteer.pk}"' in page
    assert reverse("volunteers:bulk") in page


def test_setting_the_status_of_several_changes_and_audits_each(client_for, secretariat):
    first, second = make_volunteer(), make_volunteer()
    response = _bulk(client_for(secretariat), [first, second], action="status", status="contacted")
    assert response.status_code == 302
    for volunteer in [first, second]:
        volunteer.refresh_from_db()
        assert volunteer.status == "contacted"
        assert audit.history(volunteer).first().changes["status"] == ["new", "contacted"]


def test_a_refused_move_is_reported_per_person_and_the_others_go_through(client_for, secretariat):
    fine = make_volunteer(status="contacted", email_confirmed_at=timezone.now())
    unconfirmed = make_volunteer(first_name="Ubekræftet", status="contacted")
    new = make_volunteer(first_name="Helt", last_name="Ny")
    response = _bulk(
        client_for(secretariat), [fine, unconfirmed, new], action="status", status="active"
    )
    page = client_for(secretariat).get(response.url).text if response.status_code == 302 else ""
    assert response.status_code == 302
    assert "1 frivillig er ændret" in page
    assert "blev ikke ændret: E-mailadressen er ikke bekræftet" in page
    assert "Helt Ny blev ikke ændret" in page
    for volunteer in [fine, unconfirmed, new]:
        volunteer.refresh_from_db()
    assert [fine.status, unconfirmed.status, new.status] == ["active", "contacted", "new"]


def test_assigning_an_initiative_to_several(client_for, secretariat):
    initiative = make_initiative(name="Lektiecafé")
    first, second = make_volunteer(), make_volunteer()
    _bulk(client_for(secretariat), [first, second], action="assign", initiative=initiative.pk)
    for volunteer in [first, second]:
        volunteer.refresh_from_db()
        assert volunteer.assigned_initiative == initiative
        assert audit.history(volunteer).exists()


def test_exporting_the_selected_holds_only_them(client_for, secretariat):
    chosen = make_volunteer(first_name="Valgt")
    make_volunteer(first_name="Fravalgt")
    response = _bulk(client_for(secretariat), [chosen], action="export")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Valgt"]


def test_nothing_ticked_is_a_message_not_an_error(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("volunteers:bulk"), {"action": "status", "status": "contacted"}
    )
    assert response.status_code == 302
    page = client_for(secretariat).get(response.url).text
    assert "Vælg mindst én frivillig." in page


def test_members_may_not_act_in_bulk(client_for, member_a):
    volunteer = make_volunteer()
    response = _bulk(client_for(member_a), [volunteer], action="status", status="contacted")
    assert response.status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.status == "new"
