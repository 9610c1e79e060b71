"""The health of the five conditions: the signals, the quarterly snapshots, the page."""

import re
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agenda.models import Endorsement
from communication.models import Meeting, Message
from demo.health import seed_snapshots
from measurement import periods
from measurement.models import Report
from secretariat import coherence
from secretariat.health import BY_KEY, SIGNALS, previous_quarters, quarter_of
from secretariat.models import Condition, Snapshot, Task
from secretariat.services.snapshots import record_snapshot, take_snapshot
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

URL = reverse("secretariat:health")


def _value(key, today=None):
    return BY_KEY[key].compute(today or timezone.localdate())


def _meeting(group, days_ago, status=Meeting.Status.HELD):
    start = timezone.now() - timedelta(days=days_ago)
    return Meeting.objects.create(
        group=group,
        title="Møde",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        status=status,
    )


# --- the signals on a small data set ----------------------------------------------------


def test_every_condition_has_two_to_four_signals_with_unique_keys():
    assert len({signal.key for signal in SIGNALS}) == len(SIGNALS)
    for condition in Condition.values:
        assert 2 <= sum(signal.condition == condition for signal in SIGNALS) <= 4
    for signal in SIGNALS:
        assert len(signal.key) <= Snapshot._meta.get_field("signal").max_length


def test_endorsed_share_counts_active_organisations_of_the_adopted_agenda(secretariat):
    agenda = make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat)
    organisations = [make_organisation() for _ in range(4)]
    make_organisation(active=False)
    Endorsement.objects.create(agenda=agenda, organisation=organisations[0])

    assert _value("agenda_endorsed") == Decimal("25.0")


def test_endorsed_share_is_unknown_without_an_adopted_agenda(db):
    make_organisation()

    assert _value("agenda_endorsed") is None


def test_goal_shares_count_indicators_and_active_initiatives(db):
    measured = make_goal("Målt")
    make_indicator(goal=measured)
    make_goal("Umålt")
    make_initiative(goals=[measured])

    assert _value("agenda_goals_indicator") == Decimal("50.0")
    assert _value("agenda_goals_initiative") == Decimal("50.0")


def test_reports_on_time_counts_each_responsible_organisation_once(db):
    today = timezone.localdate()
    due = coherence.due_periods(today)[periods.QUARTER]
    deadline = periods.deadline(due)
    prompt, late, silent = make_organisation(), make_organisation(), make_organisation()
    indicator = make_indicator(responsible=[prompt, late, silent])
    on_time = timezone.make_aware(timezone.datetime.combine(deadline, timezone.datetime.min.time()))
    for organisation, submitted in ((prompt, on_time), (late, on_time + timedelta(days=2))):
        Report.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_start=due.start,
            status=Report.Status.APPROVED,
            total=3,
            submitted_at=submitted,
        )

    assert _value("measurement_on_time") == Decimal("33.3")
    # Two of the three reported, both approved: the indicator has figures.
    assert _value("measurement_figures") == Decimal("100.0")
    make_indicator()
    assert _value("measurement_figures") == Decimal("50.0")


def test_activity_shares(db):
    today = timezone.localdate()
    kommune = make_organisation(sector="kommune")
    fond = make_organisation(sector="fond")
    make_organisation()  # without any commitment
    mixed = make_initiative(lead=kommune)
    make_commitment(initiative=mixed, organisation=kommune)
    make_commitment(initiative=mixed, organisation=fond, status="at_risk")
    single = make_initiative(lead=kommune)
    make_commitment(
        initiative=single, organisation=kommune, next_update_due=today - timedelta(days=1)
    )
    make_initiative(lead=kommune, status="planned")

    assert _value("activities_sectors") == Decimal("50.0")
    # On track: one of three (one at risk, one overdue for its update).
    assert _value("activities_on_track") == Decimal("33.3")
    # Two of the three active organisations have an active commitment.
    assert _value("activities_organisations") == Decimal("66.7")


def test_communication_signals(db, secretariat):
    busy, quiet = make_group(), make_group()
    _meeting(busy, 10)
    _meeting(busy, 40, status=Meeting.Status.PLANNED)
    _meeting(busy, 20, status=Meeting.Status.CANCELLED)
    _meeting(quiet, 100)
    _meeting(quiet, -5, status=Meeting.Status.PLANNED)
    now = timezone.now()
    for days in (1, 30, 120, -3):
        Message.objects.create(
            title="Nyt", body="Tekst", author=secretariat, publish_at=now - timedelta(days=days)
        )

    assert _value("communication_meetings") == Decimal("1.0")
    assert _value("communication_groups") == Decimal("50.0")
    assert _value("communication_messages") == Decimal(2)


def test_backbone_signals(db):
    today = timezone.localdate()
    now = timezone.now()
    for days, due, status in (
        (2, today - timedelta(days=1), Task.Status.TODO),
        (10, None, Task.Status.DOING),
        (30, today + timedelta(days=1), Task.Status.BLOCKED),
        (400, today - timedelta(days=100), Task.Status.DONE),
    ):
        Task.objects.create(
            title="Opgave",
            function="vision",
            due_on=due,
            status=status,
            created_at=now - timedelta(days=days),
        )
    make_volunteer(created_at=now - timedelta(days=20))
    make_volunteer(created_at=now - timedelta(days=3))

    assert _value("backbone_overdue_tasks") == Decimal(1)
    assert _value("backbone_task_age") == Decimal(10)
    Task.objects.create(title="Ny", function="vision", created_at=now - timedelta(days=20))
    # Four open tasks: the mean of the two in the middle (10 and 20 days).
    assert _value("backbone_task_age") == Decimal(15)
    assert _value("backbone_volunteers_waiting") == Decimal(1)


def test_signals_without_data_are_unknown_not_zero(db):
    for key in ("agenda_goals_indicator", "activities_on_track", "backbone_task_age"):
        assert _value(key) is None


# --- snapshots --------------------------------------------------------------------------


def test_taking_the_snapshot_twice_keeps_one_per_signal_and_the_latest_value(db):
    make_organisation()
    make_commitment(status="active", next_update_due=date(2000, 1, 1))
    today = timezone.localdate()

    take_snapshot(today)
    take_snapshot(today)

    snapshots = Snapshot.objects.filter(quarter=quarter_of(today))
    assert snapshots.count() == len(SIGNALS)
    on_track = snapshots.get(signal="activities_on_track")
    assert on_track.value == Decimal("0.00")
    assert on_track.condition == Condition.ACTIVITIES

    make_commitment(status="active")
    take_snapshot(today)

    assert Snapshot.objects.count() == len(SIGNALS)
    assert Snapshot.objects.get(signal="activities_on_track").value == Decimal("50.00")


def test_a_later_quarter_does_not_overwrite_an_earlier_one(db):
    take_snapshot(date(2026, 9, 30))
    take_snapshot(date(2026, 10, 1))

    assert set(Snapshot.objects.values_list("quarter", flat=True)) == {
        date(2026, 7, 1),
        date(2026, 10, 1),
    }


def test_the_command_stores_and_says_what_it_stored(db):
    out = StringIO()

    call_command("take_snapshots", "--date", "2026-11-15", stdout=out)

    assert Snapshot.objects.filter(quarter=date(2026, 10, 1)).count() == len(SIGNALS)
    assert "2026-10-01 backbone_overdue_tasks: 0" in out.getvalue()
    assert f"Stored {len(SIGNALS)} snapshot(s)." in out.getvalue()


# --- the page ---------------------------------------------------------------------------


def _card(html, condition):
    pattern = rf'<section class="card[^"]*" aria-labelledby="sundhed-{condition}">.*?</section>'
    match = re.search(pattern, html, re.S)
    assert match, condition
    return match.group(0)


def _signal(card, label):
    """One signal's part of a card, from its label to the end of its table."""
    return re.search(rf"{label}</h3>.*?</table>", card, re.S).group(0)


def test_page_shows_a_card_per_condition_with_four_quarters_and_now(client, secretariat):
    today = timezone.localdate()
    quarters = previous_quarters(today)
    signal = BY_KEY["backbone_overdue_tasks"]
    for value, quarter in zip((7, 5, 4), quarters[1:], strict=True):
        record_snapshot(quarter=quarter.start, signal=signal, value=Decimal(value))
    Task.objects.create(title="Bagud", function="vision", due_on=today - timedelta(days=1))
    client.force_login(secretariat)

    html = client.get(URL).content.decode()

    for condition, label in Condition.choices:
        assert str(label) in _card(html, condition)
    card = _card(html, Condition.BACKBONE)
    signal_html = _signal(card, "Åbne opgaver over fristen")
    headings = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', signal_html)
    assert headings == [quarter.label() for quarter in quarters]
    # The oldest quarter has no snapshot; now there is one overdue task.
    assert re.findall(r'<td class="text-end">([^<]*)</td>', signal_html) == ["–", "7", "5", "4"]
    assert re.search(r"data-signal-now>([^<]*)<", signal_html).group(1) == "1"
    assert "Bedre" in signal_html
    assert 'aria-hidden="true"' in signal_html and "<polyline" in signal_html
    assert reverse("secretariat:round_list") in card


def test_worse_when_a_signal_moves_the_wrong_way(client, secretariat):
    quarters = previous_quarters(timezone.localdate())
    record_snapshot(quarter=quarters[0].start, signal=BY_KEY["backbone_overdue_tasks"], value=0)
    Task.objects.create(
        title="Bagud", function="vision", due_on=timezone.localdate() - timedelta(days=3)
    )
    client.force_login(secretariat)

    card = _card(client.get(URL).content.decode(), Condition.BACKBONE)

    assert "Dårligere" in _signal(card, "Åbne opgaver over fristen")


def test_members_may_not_open_the_page_and_anonymous_must_log_in(client, member_a):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))
    client.force_login(member_a)
    assert client.get(URL).status_code == 403


def test_health_page_queries_do_not_grow(client, secretariat):
    def add(n):
        for number in range(n):
            make_commitment()
            group = make_group()
            _meeting(group, number + 1)
            Task.objects.create(
                title="Opgave",
                function="vision",
                created_at=timezone.now() - timedelta(days=number),
            )
            make_volunteer(created_at=timezone.now() - timedelta(days=30))
        take_snapshot()

    assert_constant_queries_for(client, {"secretariat": secretariat}, URL, add)


def test_demo_history_leads_up_to_the_current_quarter(db):
    make_organisation()
    make_commitment()
    today = timezone.localdate()

    stored = seed_snapshots(today)
    again = seed_snapshots(today)

    assert stored == again == 5 * len(SIGNALS)
    assert Snapshot.objects.count() == 5 * len(SIGNALS)
    quarters = [quarter.start for quarter in previous_quarters(today)] + [quarter_of(today)]
    on_track = list(
        Snapshot.objects.filter(signal="activities_organisations")
        .order_by("quarter")
        .values_list("quarter", "value")
    )
    assert [quarter for quarter, _value in on_track] == quarters
    # An improving signal: each earlier quarter was lower than the next.
    values = [value for _quarter, value in on_track]
    assert values == sorted(values) and values[0] < values[-1]
    overdue = Snapshot.objects.filter(signal="backbone_overdue_tasks").order_by("quarter")
    assert all(
        value == value.to_integral_value() for value in overdue.values_list("value", flat=True)
    )
