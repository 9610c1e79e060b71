"""The coherence check: each list holds what needs the secretariat and nothing else."""

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import Agenda, AgendaGoal, Goal
from communication.models import Meeting
from initiatives.models import Initiative
from measurement import periods
from measurement.models import Report
from secretariat import coherence
from secretariat.models import Task
from tests.factories import (
    make_agenda,
    make_commitment,
    make_goal,
    make_group,
    make_indicator,
    make_initiative,
    make_organisation,
    make_volunteer,
)
from tests.queries import assert_constant_queries_for

URL = reverse("secretariat:coherence")


def _page(client, secretariat):
    client.force_login(secretariat)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _section(html, key):
    """The HTML of one section of the page."""
    match = re.search(rf'<section id="{key}".*?</section>', html, re.S)
    assert match, f"no section {key}"
    return match.group(0)


def _listed(html, key):
    """The names of the objects a section lists, as their links read."""
    section = _section(html, key)
    return [unescape(name) for name in re.findall(r'<span>\s*<a href="[^"]*">([^<]*)</a>', section)]


def _task_links(html, key):
    section = _section(html, key)
    return [unescape(href) for href in re.findall(r'href="([^"]*opgaver/ny/[^"]*)"', section)]


def _meeting(group, days_ago, status=Meeting.Status.HELD):
    start = timezone.now() - timedelta(days=days_ago)
    return Meeting.objects.create(
        group=group,
        title="Møde",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        status=status,
    )


def _approve(indicator, organisation, period_start):
    return Report.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=period_start,
        status=Report.Status.APPROVED,
        total=10,
        submitted_at=timezone.now(),
    )


# --- goals ------------------------------------------------------------------------------


def test_live_goal_without_an_active_initiative_is_listed(client, secretariat):
    alone = make_goal("Færre unge i ensomhed")
    planned_only = make_goal("Flere unge i foreninger")
    make_initiative(goals=[planned_only], status=Initiative.Status.PLANNED)
    served = make_goal("Flere unge i job")
    make_initiative(goals=[served])
    retired = make_goal("Et gammelt mål", retired_on=date(2026, 1, 1))

    listed = _listed(_page(client, secretariat), "goals_without_initiative")

    assert alone.title in listed
    assert planned_only.title in listed
    assert served.title not in listed
    assert retired.title not in listed


def test_goal_proposed_in_a_draft_is_not_listed(client, secretariat):
    make_goal("Et vedtaget mål")
    draft = make_agenda(goals=["Et foreslået mål"])
    assert draft.status == Agenda.Status.DRAFT

    html = _page(client, secretariat)

    assert "Et vedtaget mål" in _listed(html, "goals_without_initiative")
    assert "Et foreslået mål" not in _listed(html, "goals_without_initiative")
    assert "Et foreslået mål" not in _listed(html, "goals_without_indicator")


def test_goal_without_indicator_is_listed_and_one_with_is_not(client, secretariat):
    measured = make_goal("Målt mål")
    make_indicator(goal=measured)
    unmeasured = make_goal("Umålt mål")

    listed = _listed(_page(client, secretariat), "goals_without_indicator")

    assert unmeasured.title in listed
    assert measured.title not in listed


def test_create_task_link_carries_title_function_and_goal(client, secretariat):
    goal = make_goal("Færre unge i ensomhed")

    (link,) = _task_links(_page(client, secretariat), "goals_without_initiative")

    address = urlsplit(link)
    assert address.path == reverse("secretariat:task_create")
    query = parse_qs(address.query)
    assert query == {
        "title": ["Find en aktiv indsats til målsætningen »Færre unge i ensomhed«"],
        "function": ["activities"],
        "goal": [str(goal.pk)],
    }


def test_an_open_task_is_shown_instead_of_a_new_one(client, secretariat):
    goal = make_goal("Færre unge i ensomhed")
    other = make_goal("Flere unge i job")
    task = Task.objects.create(title="Find en indsats", function="activities", goal=goal)
    Task.objects.create(
        title="Gammel opgave", function="activities", goal=other, status=Task.Status.DONE
    )

    section = _section(_page(client, secretariat), "goals_without_initiative")

    assert f'href="{task.get_absolute_url()}"' in section
    assert section.count(">Opgave findes</a>") == 1
    links = _task_links(section, "goals_without_initiative")
    assert [parse_qs(urlsplit(link).query)["goal"] for link in links] == [[str(other.pk)]]


# --- initiatives ------------------------------------------------------------------------


def test_initiatives_without_goal_or_with_one_sector_are_listed(client, secretariat):
    kommune = make_organisation(sector="kommune")
    forening = make_organisation(sector="civilsamfund")
    fond = make_organisation(sector="fond")
    one_sector = make_initiative(name="Lektiecafé", lead=kommune)
    make_commitment(initiative=one_sector, organisation=kommune)
    make_commitment(initiative=one_sector, organisation=make_organisation(sector="kommune"))
    make_commitment(initiative=one_sector, organisation=forening, status="withdrawn")
    two_sectors = make_initiative(name="Sommerskole", lead=kommune)
    make_commitment(initiative=two_sectors, organisation=kommune)
    make_commitment(initiative=two_sectors, organisation=fond, status="at_risk")
    no_goal = make_initiative(name="Fritidsjob", lead=kommune)
    no_goal.goals.clear()
    make_commitment(initiative=no_goal, organisation=kommune)
    make_commitment(initiative=no_goal, organisation=fond)
    done = make_initiative(name="Afsluttet", lead=kommune, status=Initiative.Status.COMPLETED)
    proposed = make_agenda(goals=["Kun foreslået"]).goals.get()
    draft_goal_only = make_initiative(name="Kun et forslag", lead=kommune, goals=[proposed])
    make_commitment(initiative=draft_goal_only, organisation=kommune)
    make_commitment(initiative=draft_goal_only, organisation=fond)

    section = _section(_page(client, secretariat), "initiatives")
    listed = _listed(section, "initiatives")

    assert listed == ["Fritidsjob", "Kun et forslag", "Lektiecafé"]
    assert two_sectors.name not in listed and done.name not in listed
    assert "Kun én sektor: Kommune" in section
    assert section.count("Ingen målsætning i den vedtagne dagsorden") == 2
    link = parse_qs(urlsplit(_task_links(section, "initiatives")[0]).query)
    assert link["initiative"] == [str(no_goal.pk)]
    assert link["function"] == ["activities"]


def test_initiative_without_active_commitments_is_listed(client, secretariat):
    make_initiative(name="Ingen partnere")

    section = _section(_page(client, secretariat), "initiatives")

    assert _listed(section, "initiatives") == ["Ingen partnere"]
    assert "Ingen aktive tilsagn" in section


# --- indicators -------------------------------------------------------------------------


def test_due_period_is_the_latest_whose_deadline_has_passed():
    due = coherence.due_periods(date(2026, 12, 1))

    assert due[periods.QUARTER].start == date(2026, 7, 1)
    assert due[periods.MONTH].start == date(2026, 10, 1)
    assert due[periods.HALF_YEAR].start == date(2026, 1, 1)
    assert due[periods.YEAR].start == date(2025, 1, 1)


def test_indicator_without_approved_figures_for_the_due_period_is_listed(client, secretariat):
    organisation = make_organisation()
    due = coherence.due_periods(timezone.localdate())[periods.QUARTER]
    reported = make_indicator(name="Godkendt", responsible=[organisation])
    _approve(reported, organisation, due.start)
    old_only = make_indicator(name="Kun gamle tal", responsible=[organisation])
    _approve(old_only, organisation, due.previous().start)
    waiting = make_indicator(name="Venter på godkendelse", responsible=[organisation])
    Report.objects.create(
        indicator=waiting,
        organisation=organisation,
        period_start=due.start,
        status=Report.Status.SUBMITTED,
        total=5,
    )
    not_yet = make_indicator(name="Starter senere", reporting_from=due.next().start)

    section = _section(_page(client, secretariat), "indicators")
    listed = _listed(section, "indicators")

    assert listed == ["Kun gamle tal", "Venter på godkendelse"]
    assert reported.name not in listed and not_yet.name not in listed
    assert due.label() in section
    link = parse_qs(urlsplit(_task_links(section, "indicators")[0]).query)
    assert link["indicator"] == [str(old_only.pk)]
    assert link["function"] == ["measurement"]


# --- commitments, organisations, groups, volunteers -------------------------------------


def test_commitments_overdue_for_an_update_are_listed(client, secretariat):
    today = timezone.localdate()
    byg = make_organisation(name="Kronborg Byg")
    late = make_commitment(organisation=byg, next_update_due=today - timedelta(days=2))
    make_commitment(
        organisation=make_organisation(name="Færdig Fond"),
        status="completed",
        next_update_due=today - timedelta(days=30),
    )
    make_commitment(
        organisation=make_organisation(name="I god tid"), next_update_due=today + timedelta(days=5)
    )

    section = _section(_page(client, secretariat), "commitments")

    assert _listed(section, "commitments") == [str(late)]
    link = parse_qs(urlsplit(_task_links(section, "commitments")[0]).query)
    assert link["commitment"] == [str(late.pk)]
    assert "Kronborg Byg" in link["title"][0]


def test_active_organisations_without_an_active_commitment_are_listed(client, secretariat):
    idle = make_organisation(name="Stille Fond")
    withdrawn = make_organisation(name="Trak sig")
    make_commitment(organisation=withdrawn, status="withdrawn")
    busy = make_organisation(name="Travl Forening")
    make_commitment(organisation=busy, status="at_risk")
    make_organisation(name="Udmeldt", active=False)

    listed = _listed(_page(client, secretariat), "organisations")

    assert "Stille Fond" in listed and "Trak sig" in listed
    assert "Travl Forening" not in listed and "Udmeldt" not in listed
    assert idle.name in listed


def test_groups_without_a_meeting_in_90_days_are_listed(client, secretariat):
    met = make_group(name="Mødtes for nylig")
    _meeting(met, 10)
    planned_past = make_group(name="Planlagt i sidste uge")
    _meeting(planned_past, 7, status=Meeting.Status.PLANNED)
    long_ago = make_group(name="Mødtes for længe siden")
    _meeting(long_ago, 120)
    cancelled = make_group(name="Aflyste mødet")
    _meeting(cancelled, 10, status=Meeting.Status.CANCELLED)
    future = make_group(name="Mødes næste måned")
    _meeting(future, -30, status=Meeting.Status.PLANNED)
    never = make_group(name="Aldrig mødtes")

    section = _section(_page(client, secretariat), "groups")
    listed = _listed(section, "groups")

    assert sorted(listed) == sorted([long_ago.name, cancelled.name, future.name, never.name])
    assert "Har aldrig holdt møde" in section
    # The group that has never met comes first.
    assert listed[0] in {cancelled.name, future.name, never.name}
    link = parse_qs(urlsplit(_task_links(section, "groups")[0]).query)
    assert "working_group" in link


def test_volunteers_waiting_more_than_14_days_are_listed(client, secretariat):
    now = timezone.now()
    waiting = make_volunteer(first_name="Villads", created_at=now - timedelta(days=20))
    make_volunteer(first_name="Nyligt", created_at=now - timedelta(days=5))
    make_volunteer(first_name="Kontaktet", created_at=now - timedelta(days=40), status="contacted")
    make_volunteer(first_name="Anonym", created_at=now - timedelta(days=40), anonymised_at=now)

    section = _section(_page(client, secretariat), "volunteers")

    assert _listed(section, "volunteers") == [waiting.full_name]
    link = parse_qs(urlsplit(_task_links(section, "volunteers")[0]).query)
    assert link["volunteer"] == [str(waiting.pk)]
    assert link["function"] == ["public_will"]


# --- the page as a whole ----------------------------------------------------------------


def test_empty_sections_say_there_is_nothing_to_do(client, secretariat):
    html = _page(client, secretariat)

    for check in coherence.CHECKS:
        assert "Intet at gøre her." in _section(html, check.key)


def test_a_long_list_shows_the_first_rows_and_the_total(client, secretariat):
    agenda = Agenda.objects.create(number=1, status="adopted", adopted_on=date(2026, 1, 1))
    for number in range(coherence.LIMIT + 3):
        goal = Goal.objects.create(title=f"Mål {number:02}")
        AgendaGoal.objects.create(agenda=agenda, goal=goal, title=goal.title, order=number)

    section = _section(_page(client, secretariat), "goals_without_initiative")

    assert len(_listed(section, "goals_without_initiative")) == coherence.LIMIT
    assert f">{coherence.LIMIT + 3}</span>" in section
    assert f"Viser de første {coherence.LIMIT} af {coherence.LIMIT + 3}." in section


@pytest.mark.parametrize("many", [30])
def test_queries_do_not_grow_with_what_is_listed(client, secretariat, many):
    today = timezone.localdate()

    def add(n):
        for number in range(n):
            goal = make_goal(f"Mål {Goal.objects.count()}")
            if number % 2:
                Task.objects.create(title="Opgave", function="vision", goal=goal)
            organisation = make_organisation()
            initiative = make_initiative(lead=organisation, goals=[goal])
            make_commitment(
                initiative=initiative,
                organisation=organisation,
                next_update_due=today - timedelta(days=3),
            )
            make_indicator(initiative=initiative)
            make_group()
            make_volunteer(created_at=timezone.now() - timedelta(days=30))

    counts = assert_constant_queries_for(client, {"secretariat": secretariat}, URL, add, many=many)
    # Log-in and session, one query for each list, one for the open tasks linked to them.
    assert counts["secretariat"] <= 2 + len(coherence.CHECKS) + 1
