"""The secretariat's home: where it lands after logging in, and today's work on one screen."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.services import endorse
from alliance.models import Notification
from communication.models import ActionItem, Meeting
from communication.services.meetings import set_meeting_status
from initiatives.models import Commitment
from initiatives.services import return_commitment
from measurement.models import Report
from secretariat import today
from secretariat.models import BackboneFunction, Task
from tests.communication.factories import schedule
from tests.conftest import PASSWORD
from tests.factories import (
    make_agenda,
    make_commitment,
    make_group,
    make_indicator,
    make_initiative,
    make_organisation,
    make_user,
    make_volunteer,
)
from tests.queries import assert_constant_queries_for
from volunteers.models import Volunteer

HOME = reverse("secretariat:home")
S = Commitment.Status

pytestmark = pytest.mark.django_db


def _block(html, heading_id):
    """The HTML of the block whose heading has this id."""
    found = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.DOTALL
    )
    assert found, f"no block {heading_id}"
    return found.group(0)


def _count(block_html):
    return int(re.search(r'<span class="badge[^"]*">(\d+)<', block_html).group(1))


@pytest.fixture
def home(client_for, secretariat):
    def get():
        response = client_for(secretariat).get(HOME)
        assert response.status_code == 200
        return response.text

    return get


# --- landing ---------------------------------------------------------------------------


def test_landing_sends_the_secretariat_home_and_members_to_theirs(
    client_for, secretariat, member_a, superuser
):
    landing = reverse("secretariat:landing")
    assert client_for(member_a).get(landing)["Location"] == reverse("communication:home")
    assert client_for(secretariat).get(landing)["Location"] == HOME
    assert client_for(superuser).get(landing)["Location"] == HOME


def test_the_secretariat_logs_in_and_lands_on_its_home(client, secretariat):
    response = client.post(
        reverse("members:login"),
        {"username": secretariat.email, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1] == (HOME, 302)
    assert "Sekretariatet i dag" in response.text


def test_members_may_not_open_the_home(client_for, member_a, client):
    assert client_for(member_a).get(HOME).status_code == 403
    client.logout()
    assert client.get(HOME)["Location"].startswith(reverse("members:login"))


# --- each block: what belongs in it and nothing else ------------------------------------


def test_proposals_waiting_are_shown_with_their_buttons_and_nothing_else(home, secretariat):
    waiting = make_commitment(
        initiative=make_initiative(name="Lektiecafé"),
        organisation=make_organisation(name="Venteforeningen"),
        status=S.PROPOSED,
    )
    returned = make_commitment(organisation=make_organisation(name="Retur IF"), status=S.PROPOSED)
    return_commitment(commitment=returned, by=secretariat, reason="Ret timerne.")
    make_commitment(organisation=make_organisation(name="Aktiv A/S"), status=S.ACTIVE)
    make_commitment(organisation=make_organisation(name="Trukket ApS"), status=S.WITHDRAWN)

    block = _block(home(), "i-dag-forslag")
    assert "Venteforeningen → Lektiecafé" in block
    for name in ("Retur IF", "Aktiv A/S", "Trukket ApS"):
        assert name not in block
    assert _count(block) == 1
    assert reverse("initiatives:commitment_accept", args=[waiting.pk]) in block
    assert reverse("initiatives:commitment_return", args=[waiting.pk]) in block
    assert f'name="next" value="{HOME}"' in block


def test_volunteers_waiting_for_contact(home):
    make_volunteer(first_name="Nora", last_name="Ny")
    make_volunteer(first_name="Karl", last_name="Kontaktet", status=Volunteer.Status.CONTACTED)
    make_volunteer(first_name="Anne", last_name="Aktiv", status=Volunteer.Status.ACTIVE)
    make_volunteer(first_name="Glemt", last_name="Person", anonymised_at=timezone.now())

    block = _block(home(), "i-dag-frivillige")
    assert "Nora Ny" in block
    for name in ("Kontaktet", "Aktiv", "Glemt"):
        assert name not in block
    assert _count(block) == 1
    assert reverse("volunteers:list") + "?status=new" in block


def test_reports_waiting_for_review(home, organisation_a, organisation_b):
    indicator = make_indicator(name="Unge i job", responsible=[organisation_a, organisation_b])
    Report.objects.create(
        indicator=indicator,
        organisation=organisation_a,
        period_start=date(2025, 1, 1),
        status=Report.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Report.objects.create(
        indicator=indicator, organisation=organisation_b, period_start=date(2025, 1, 1)
    )

    block = _block(home(), "i-dag-godkendelse")
    assert "Organisation A: Unge i job, 1. kvt. 2025" in block
    assert "Organisation B" not in block
    assert _count(block) == 1


def test_overdue_reports_are_those_past_their_deadline_without_figures_sent_in(
    organisation_a, organisation_b
):
    sleepy = make_organisation(name="Søvnig Forening")
    gone = make_organisation(name="Nedlagt Forening", active=False)
    quarterly = make_indicator(
        name="Unge i job", responsible=[organisation_a, organisation_b, sleepy, gone]
    )
    make_indicator(name="Ny indikator", responsible=[sleepy], reporting_from=date(2026, 10, 1))
    on_time = date(2026, 7, 1)  # the third quarter, due by 30 October
    Report.objects.create(
        indicator=quarterly,
        organisation=organisation_a,
        period_start=on_time,
        status=Report.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Report.objects.create(indicator=quarterly, organisation=organisation_b, period_start=on_time)

    rows = list(today.overdue_reports(date(2026, 12, 1)))
    assert [(row.organisation.name, row.due_start) for row in rows] == [
        ("Organisation B", on_time),
        ("Søvnig Forening", on_time),
    ]
    # Before the quarter's deadline the quarter before is the latest one overdue.
    rows = today.overdue_reports(date(2026, 10, 30))
    assert {row.due_start for row in rows} == {date(2026, 4, 1)}


def test_commitments_overdue_for_an_update(home):
    past = timezone.localdate() - timedelta(days=3)
    make_commitment(organisation=make_organisation(name="Forsinket IF"), next_update_due=past)
    make_commitment(
        organisation=make_organisation(name="Færdig A/S"),
        next_update_due=past,
        status=S.COMPLETED,
    )
    make_commitment(
        organisation=make_organisation(name="Rettidig ApS"),
        next_update_due=timezone.localdate() + timedelta(days=3),
    )

    block = _block(home(), "i-dag-tilsagn")
    assert "Forsinket IF" in block
    assert "Færdig A/S" not in block and "Rettidig ApS" not in block
    assert _count(block) == 1


def _task(title, **fields):
    return Task.objects.create(title=title, function=BackboneFunction.VISION, **fields)


def test_overdue_tasks_and_my_own(home, secretariat):
    colleague = make_user(role="secretariat", full_name="Kaj Kollega")
    yesterday = timezone.localdate() - timedelta(days=1)
    _task("Ring til kommunen", assignee=colleague, due_on=yesterday)
    _task("Færdig opgave", assignee=secretariat, due_on=yesterday, status=Task.Status.DONE)
    _task("Skriv nyhedsbrev", assignee=secretariat, due_on=timezone.localdate())
    _task("Kollegas opgave", assignee=colleague)

    html = home()
    overdue = _block(html, "i-dag-opgaver-forsinket")
    assert "Ring til kommunen" in overdue and "Kaj Kollega" in overdue
    assert "Færdig opgave" not in overdue and "Skriv nyhedsbrev" not in overdue
    mine = _block(html, "i-dag-mine-opgaver")
    assert "Skriv nyhedsbrev" in mine
    assert "Kollegas opgave" not in mine and "Færdig opgave" not in mine
    assert (_count(overdue), _count(mine)) == (1, 1)


def test_the_next_meetings(home, secretariat):
    group = make_group(name="Styregruppen")
    schedule(group=group, by=secretariat, title="Styregruppemøde")
    cancelled = schedule(group=group, by=secretariat, title="Aflyst møde")
    set_meeting_status(meeting=cancelled, status=Meeting.Status.CANCELLED, by=secretariat)
    schedule(
        group=group,
        by=secretariat,
        title="Gammelt møde",
        starts_at=timezone.now() - timedelta(days=3),
    )

    block = _block(home(), "i-dag-moeder")
    assert "Styregruppemøde" in block
    assert "Aflyst møde" not in block and "Gammelt møde" not in block


def test_organisations_that_have_not_endorsed_the_adopted_agenda(home, secretariat, member_a):
    block = _block(home(), "i-dag-tilslutning")
    assert "Der er ingen vedtaget fælles dagsorden" in block

    agenda = make_agenda(adopt=True, by=secretariat)
    make_organisation(name="Tøvende Forening")
    make_organisation(name="Lukket Forening", active=False)
    endorse(agenda=agenda, organisation=member_a.organisation, by=member_a)

    block = _block(home(), "i-dag-tilslutning")
    assert "Tøvende Forening" in block
    assert "Organisation A" not in block and "Lukket Forening" not in block
    assert _count(block) == 1


def test_action_items_nobody_has_taken_on(home, secretariat, member_a):
    meeting = schedule(group=make_group(), by=secretariat, title="Arbejdsmøde")
    ActionItem.objects.create(meeting=meeting, text="Find lokaler")
    ActionItem.objects.create(meeting=meeting, text="Skriv referat", responsible=member_a)
    ActionItem.objects.create(meeting=meeting, text="Bestil kaffe", done_at=timezone.now())
    taken = ActionItem.objects.create(meeting=meeting, text="Ring til skolen")
    _task("Ring til skolen", action_item=taken)

    block = _block(home(), "i-dag-handlingspunkter")
    assert "Find lokaler" in block
    for text in ("Skriv referat", "Bestil kaffe", "Ring til skolen"):
        assert text not in block
    assert _count(block) == 1


def test_empty_blocks_say_so(home):
    html = home()
    assert "Ingen foreslåede tilsagn venter på sekretariatet." in html
    assert "Ingen nye frivillige venter på at blive kontaktet." in html
    assert "Ingen indberetninger venter på godkendelse." in html
    assert "Alle åbne tilsagn er opdateret til tiden." in html
    assert "Ingen opgaver er over fristen." in html
    assert "Du har ingen åbne opgaver." in html
    assert "Der er ingen kommende møder." in html
    assert "Alle åbne handlingspunkter fra møderne har en ansvarlig." in html


def test_a_block_shows_its_first_rows_and_the_count_of_all(home):
    for number in range(today.ROWS + 2):
        make_volunteer(first_name=f"Frivillig{number}", last_name="Hansen")
    block = _block(home(), "i-dag-frivillige")
    assert _count(block) == today.ROWS + 2
    assert block.count("Hansen") == today.ROWS
    assert f"Viser de første {today.ROWS} af {today.ROWS + 2}." in block


# --- acting from the home ------------------------------------------------------------------


def test_accepting_from_the_home_returns_there_and_tells_the_organisation(
    client_for, secretariat, member_a, django_capture_on_commit_callbacks
):
    proposal = make_commitment(organisation=member_a.organisation, status=S.PROPOSED)
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("initiatives:commitment_accept", args=[proposal.pk]),
            {"version": proposal.version, "next": HOME},
            follow=True,
        )
    assert response.redirect_chain == [(HOME, 302)]
    assert "er taget imod" in response.text
    assert "Ingen foreslåede tilsagn venter på sekretariatet." in response.text
    proposal.refresh_from_db()
    assert proposal.status == S.ACTIVE
    assert Notification.objects.filter(
        recipient=member_a, kind=Notification.Kind.COMMITMENT_ACCEPTED
    ).exists()


def test_sending_back_from_the_home_returns_there(client_for, secretariat, member_a):
    proposal = make_commitment(organisation=member_a.organisation, status=S.PROPOSED)
    response = client_for(secretariat).post(
        reverse("initiatives:commitment_return", args=[proposal.pk]),
        {"version": proposal.version, "reason": "Hvor mange timer?", "next": HOME},
        follow=True,
    )
    assert response.redirect_chain == [(HOME, 302)]
    assert "er sendt tilbage" in response.text
    proposal.refresh_from_db()
    assert proposal.return_reason == "Hvor mange timer?"


# --- cost ---------------------------------------------------------------------------------


def test_the_home_costs_the_same_with_many_rows(client, secretariat):
    agenda = make_agenda(adopt=True, by=secretariat)
    group = make_group()
    meeting = schedule(group=group, by=secretariat)
    indicator = make_indicator()
    day = timezone.localdate()

    def add_rows(n):
        for number in range(n):
            make_commitment(status=S.PROPOSED)
            make_commitment(next_update_due=day - timedelta(days=1))
            make_volunteer()
            organisation = make_organisation()
            indicator.responsible.add(organisation)
            Report.objects.create(
                indicator=indicator,
                organisation=organisation,
                period_start=date(2025, 1, 1),
                status=Report.Status.SUBMITTED,
                submitted_at=timezone.now(),
            )
            _task(f"Opgave {number}", assignee=secretariat, due_on=day - timedelta(days=1))
            schedule(group=group, by=secretariat)
            ActionItem.objects.create(meeting=meeting, text=f"Punkt {number}")
        assert agenda.endorsements.count() == 0

    counts = assert_constant_queries_for(client, {"secretariat": secretariat}, HOME, add_rows)
    assert counts["secretariat"] <= 13
