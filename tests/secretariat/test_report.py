"""The yearly backbone report's numbers on a small data set of 2025, with rows around it."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Commitment, CommitmentUpdate
from measurement.models import Indicator, Report
from secretariat.models import BackboneFunction, Condition, Task
from secretariat.report import year_report
from secretariat.services.survey import add_default_questions, answer_round, close_round, open_round
from tests.factories import make_commitment, make_indicator, make_organisation, make_user
from tests.factories import make_volunteer as volunteer
from volunteers.models import Volunteer


@pytest.fixture(autouse=True)
def statements(db):
    add_default_questions()


def at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=UTC)


def task(function, *, created, done=None):
    return Task.objects.create(
        title="Opgave",
        function=function,
        created_at=created,
        status=Task.Status.DONE if done else Task.Status.TODO,
        done_at=done,
    )


def report(indicator, organisation, period_start, submitted):
    return Report.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=period_start,
        status=Report.Status.SUBMITTED,
        submitted_at=submitted,
    )


def completed(commitment, when):
    update = CommitmentUpdate.objects.create(
        commitment=commitment, author=make_user(), status="completed", note="Færdig."
    )
    CommitmentUpdate.objects.filter(pk=update.pk).update(created_at=when)


def survey(secretariat, title, opened, people_and_values):
    survey_round = open_round(title=title, by=secretariat, now=opened)
    for person, value in people_and_values:
        questions = survey_round.questions.values_list("pk", flat=True)
        answer_round(
            survey_round=survey_round, user=person, answers=dict.fromkeys(questions, value)
        )
    return close_round(survey_round=survey_round, by=secretariat, now=opened)


@pytest.fixture
def year_2025(secretariat, member_a, member_b):
    """A bit of everything in 2025, and things just outside it that must not count."""
    # Tasks: two visions done in 2025, one open at its end (done in 2026), one from 2026.
    task(BackboneFunction.VISION, created=at(2025, 2, 1), done=at(2025, 3, 1))
    task(BackboneFunction.VISION, created=at(2024, 11, 1), done=at(2025, 6, 1))
    task(BackboneFunction.VISION, created=at(2025, 9, 1), done=at(2026, 2, 1))
    task(BackboneFunction.FUNDING, created=at(2025, 5, 1))
    task(BackboneFunction.FUNDING, created=at(2026, 1, 15))
    task(BackboneFunction.POLICY, created=at(2024, 1, 1), done=at(2024, 12, 1))

    # Reports of a quarterly indicator: Q1's deadline is 30 April, Q2's is 30 July.
    indicator = make_indicator(frequency=Indicator.Frequency.QUARTER)
    a, b = member_a.organisation, member_b.organisation
    report(indicator, a, date(2025, 1, 1), at(2025, 4, 20))  # on time
    report(indicator, b, date(2025, 1, 1), at(2025, 5, 15))  # late
    report(indicator, a, date(2025, 4, 1), at(2025, 7, 30))  # on time, the last day
    report(indicator, b, date(2024, 10, 1), at(2024, 12, 30))  # 2024: not counted

    # Commitments: one completed in 2025, one completed in 2024, two active, one withdrawn.
    done = make_commitment(status=Commitment.Status.COMPLETED)
    completed(done, at(2025, 10, 1))
    old = make_commitment(status=Commitment.Status.COMPLETED)
    completed(old, at(2024, 10, 1))
    make_commitment(status=Commitment.Status.ACTIVE)
    make_commitment(status=Commitment.Status.AT_RISK)
    make_commitment(status=Commitment.Status.WITHDRAWN)
    Commitment.objects.update(created_at=at(2025, 1, 10))

    # Volunteers: three signed up in 2025 (one active now), one in 2024 (active), one in 2026.
    for when, status in [
        (at(2025, 3, 1), Volunteer.Status.ACTIVE),
        (at(2025, 4, 1), Volunteer.Status.NEW),
        (at(2025, 8, 1), Volunteer.Status.ENDED),
        (at(2024, 8, 1), Volunteer.Status.ACTIVE),
        (at(2026, 2, 1), Volunteer.Status.ACTIVE),
    ]:
        volunteer(created_at=when, status=status)

    # Rounds: 2023 (left out), 2024 and 2025, each answered by three people.
    people = [member_a, member_b, make_user(organisation=make_organisation())]
    survey(secretariat, "Runde 2023", at(2023, 3, 1), zip(people, [1, 1, 1], strict=True))
    survey(secretariat, "Runde 2024", at(2024, 3, 1), zip(people, [2, 3, 4], strict=True))
    survey(secretariat, "Runde 2025", at(2025, 3, 1), zip(people, [4, 4, 5], strict=True))


def test_work_per_backbone_function(year_2025):
    work = {w.label: (w.done, w.open) for w in year_report(2025).functions}
    assert work[BackboneFunction.VISION.label] == (2, 1)
    assert work[BackboneFunction.FUNDING.label] == (0, 1)
    assert work[BackboneFunction.POLICY.label] == (0, 0)
    assert len(work) == 6


def test_reports_on_time(year_2025):
    report = year_report(2025)
    assert (report.reports_on_time, report.reports_total) == (2, 3)
    assert report.reports_share == 67


def test_commitments_and_volunteers(year_2025):
    report = year_report(2025)
    assert report.commitments_completed == 1
    assert report.commitments_active == 2
    assert report.volunteers_recruited == 3
    assert report.volunteers_active == 2  # the 2026 sign-up is not counted for 2025


def test_survey_trend_covers_the_year_and_the_year_before(year_2025):
    rounds = year_report(2025).survey
    assert [r.survey_round.title for r in rounds] == ["Runde 2024", "Runde 2025"]
    assert str(rounds[0].of(Condition.AGENDA).mean) == "3.0"
    assert str(rounds[1].of(Condition.BACKBONE).mean) == "4.3"
    assert rounds[1].people == 3 and rounds[1].organisations == 3


def test_the_page_shows_the_year_asked_for(client, secretariat, year_2025):
    client.force_login(secretariat)
    html = client.get(reverse("secretariat:report"), {"year": 2025}).content.decode()
    assert "Årsrapport 2025" in html
    assert "67 %" in html and "2 af 3 indberetninger" in html
    assert "Runde 2024" in html and "Runde 2023" not in html
    assert "4,3" in html
    assert "css/print.css" in html


def test_a_year_the_form_does_not_offer_shows_this_year(client, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("secretariat:report"), {"year": "1066"}).content.decode()
    assert f"Årsrapport {timezone.localdate().year}" in html


def test_only_the_report_links_the_print_stylesheet(client, secretariat):
    client.force_login(secretariat)
    assert "css/print.css" not in client.get(reverse("secretariat:round_list")).content.decode()


def test_the_year_select_lists_this_year_first(client, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("secretariat:report")).content.decode()
    this_year = timezone.localdate().year
    assert html.index(f'<option value="{this_year}" selected>') < html.index(
        f'<option value="{this_year - 1}"'
    )
