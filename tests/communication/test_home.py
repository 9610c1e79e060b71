"""The home a signed-in person lands on: messages to them, their meetings and answers, and
what their organisation owes the alliance."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communication.models import Audience, Meeting, Message, Rsvp
from initiatives.models import Commitment
from measurement.models import Report
from tests.conftest import PASSWORD
from tests.factories import make_commitment, make_group, make_indicator, make_initiative
from tests.queries import assert_constant_queries_for

HOME = reverse("communication:home")


def _section(html, heading_id, *, markup=False):
    """The block a heading names: its text, tags stripped, or with `markup` its HTML."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, f"no block {heading_id}"
    if markup:
        return match.group()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group()))


def messages_block(html):
    return _section(html, "opslag-overskrift")


def meetings_block(html):
    return _section(html, "moeder-overskrift")


def unanswered_block(html):
    return _section(html, "svar-overskrift")


def organisation_block(html):
    return _section(html, "organisation-overskrift")


def _message(title, *, author, audience=Audience.ALLIANCE, group=None, **fields):
    return Message.objects.create(
        title=title,
        body="Se dagsordenen i bilaget.",
        audience=audience,
        group=group,
        author=author,
        **fields,
    )


def _meeting(title, group, *, in_days=3, by=None, **fields):
    starts = timezone.now() + timedelta(days=in_days)
    return Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=by,
        **fields,
    )


@pytest.fixture
def groups(member_a, member_b, secretariat):
    """Member A's group, and a group of member B's that A is not in."""
    return (
        make_group(name="Arbejdsgruppe om lektiehjælp", members=[member_a]),
        make_group(name="Arbejdsgruppe om idræt", members=[member_b]),
    )


def test_member_sees_their_groups_message_and_meeting_but_not_another_groups(
    client_for, member_a, secretariat, groups
):
    mine, other = groups
    _message("Lektiecaféen åbner igen", author=secretariat, audience=Audience.GROUP, group=mine)
    _message("Hemmelig idrætsplan", author=secretariat, audience=Audience.GROUP, group=other)
    _message("Velkommen til alliancen", author=secretariat)
    _meeting("Møde om lektiehjælp", mine)
    _meeting("Møde om idræt", other)

    html = client_for(member_a).get(HOME).text

    messages = messages_block(html)
    assert "Lektiecaféen åbner igen" in messages
    assert "Arbejdsgruppe om lektiehjælp" in messages  # the group it was posted to
    assert "Velkommen til alliancen" in messages
    assert "Hemmelig idrætsplan" not in html
    assert "Møde om lektiehjælp" in meetings_block(html)
    assert "Møde om idræt" not in html


def test_messages_are_the_latest_five_published_newest_first(client_for, member_a, secretariat):
    now = timezone.now()
    for hours in range(1, 8):
        _message(
            f"Opslag {hours} timer gammelt",
            author=secretariat,
            publish_at=now - timedelta(hours=hours),
        )
    _message("Kommer i morgen", author=secretariat, publish_at=now + timedelta(days=1))

    messages = messages_block(client_for(member_a).get(HOME).text)

    shown = re.findall(r"Opslag (\d) timer gammelt", messages)
    assert shown == ["1", "2", "3", "4", "5"]
    assert "Kommer i morgen" not in messages


def test_next_meetings_show_my_answer_and_leave_out_past_and_cancelled(
    client_for, member_a, groups
):
    mine, _ = groups
    answered = _meeting("Styregruppemøde", mine, in_days=2)
    Rsvp.objects.create(meeting=answered, person=member_a, answer=Rsvp.Answer.MAYBE)
    _meeting("Aflyst møde", mine, status=Meeting.Status.CANCELLED)
    _meeting("Møde sidste måned", mine, in_days=-30)

    meetings = meetings_block(client_for(member_a).get(HOME).text)

    assert "Styregruppemøde" in meetings
    assert "Dit svar: Måske" in meetings
    assert "Aflyst møde" not in meetings
    assert "Møde sidste måned" not in meetings


def test_unanswered_meeting_is_listed_until_answered(client_for, member_a, groups):
    mine, _ = groups
    meeting = _meeting("Temamøde om trivsel", mine)
    client = client_for(member_a)

    html = client.get(HOME).text
    assert "Temamøde om trivsel" in unanswered_block(html)
    assert "Du har ikke svaret endnu" in meetings_block(html)

    Rsvp.objects.create(meeting=meeting, person=member_a, answer=Rsvp.Answer.YES)

    html = client.get(HOME).text
    assert "Temamøde om trivsel" not in unanswered_block(html)
    assert "Du har svaret på alle indkaldelser" in unanswered_block(html)
    assert "Dit svar: Ja, jeg kommer" in meetings_block(html)


def test_organisation_block_lists_an_overdue_commitment_and_a_report_due(
    client_for, member_a, organisation_a
):
    today = timezone.localdate()
    initiative = make_initiative(name="Fritidsjob til unge")
    commitment = make_commitment(
        initiative=initiative,
        organisation=organisation_a,
        next_update_due=today - timedelta(days=10),
    )
    make_commitment(
        initiative=make_initiative(name="Langt ude i fremtiden"),
        organisation=organisation_a,
        next_update_due=today + timedelta(days=80),
    )
    indicator = make_indicator(
        name="Unge i fritidsjob", responsible=[organisation_a], reporting_from=_last_quarter()
    )

    block = organisation_block(client_for(member_a).get(HOME).text)

    assert "Opdater tilsagnet til Fritidsjob til unge" in block
    assert "overskredet" in block
    assert "Langt ude i fremtiden" not in block
    assert "Indberet Unge i fritidsjob" in block
    html = client_for(member_a).get(HOME).text
    assert reverse("initiatives:commitment_update", args=[commitment.pk]) in html
    assert reverse("measurement:report_new", args=[indicator.slug, _last_quarter()]) in html


def test_a_report_sent_in_leaves_the_organisation_block(client_for, member_a, organisation_a):
    indicator = make_indicator(
        name="Unge i fritidsjob", responsible=[organisation_a], reporting_from=_last_quarter()
    )
    report = Report.objects.create(
        indicator=indicator,
        organisation=organisation_a,
        period_start=_last_quarter(),
        status=Report.Status.DRAFT,
        total=12,
    )
    client = client_for(member_a)

    block = organisation_block(client.get(HOME).text)
    assert "Fortsæt indberetningen af Unge i fritidsjob" in block

    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)

    block = organisation_block(client.get(HOME).text)
    assert "Unge i fritidsjob" not in block
    assert "Alle tal er indberettet" in block


def test_home_and_reporting_page_agree_on_what_is_outstanding(client_for, member_a, organisation_a):
    start = _last_quarter()
    statuses = {
        "Kladde": Report.Status.DRAFT,
        "Retur": Report.Status.RETURNED,
        "Indsendt": Report.Status.SUBMITTED,
        "Godkendt": Report.Status.APPROVED,
        "Mangler": None,
    }
    for name, status in statuses.items():
        indicator = make_indicator(name=name, responsible=[organisation_a], reporting_from=start)
        if status:
            Report.objects.create(
                indicator=indicator, organisation=organisation_a, period_start=start, status=status
            )
    client = client_for(member_a)

    sections = client.get(reverse("measurement:reporting")).context["sections"]
    owed = {section["indicator"].name for section in sections if section["outstanding"]}
    block = organisation_block(client.get(HOME).text)

    assert owed == {"Kladde", "Retur", "Mangler"}
    assert {name for name in statuses if f"{name} for" in block} == owed


def test_empty_home_says_so_and_offers_a_next_step(client_for, member_a):
    html = client_for(member_a).get(HOME).text

    assert "Der er ingen opslag til dig endnu" in messages_block(html)
    assert reverse("communication:message_create") in _section(
        html, "opslag-overskrift", markup=True
    )
    assert "Der er ingen kommende møder i dine grupper" in meetings_block(html)
    assert "Du har svaret på alle indkaldelser" in unanswered_block(html)
    organisation = organisation_block(html)
    assert "Ingen af jeres tilsagn skal opdateres" in organisation
    assert "Alle tal er indberettet" in organisation
    assert reverse("initiatives:my_organisation") in html


def test_secretariat_sees_messages_and_meetings_but_no_organisation_block(
    client_for, secretariat, member_b
):
    group = make_group(name="Alliancegruppen", kind="alliance_group", members=[secretariat])
    _message("Referat fra styregruppen", author=member_b, audience=Audience.GROUP, group=group)
    _meeting("Alliancegruppemøde", group)

    response = client_for(secretariat).get(HOME)

    assert response.status_code == 200
    assert "Referat fra styregruppen" in messages_block(response.text)
    assert "Alliancegruppemøde" in unanswered_block(response.text)
    assert 'id="organisation-overskrift"' not in response.text


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


def test_log_in_lands_on_the_home(client, member_a):
    response = client.post(
        reverse("members:login"), {"username": member_a.email, "password": PASSWORD}
    )
    # The log-in sends everybody onwards by role; a member goes on to this home.
    onwards = client.get(response["Location"])
    assert onwards["Location"] == HOME == "/portal/"
    assert client.get(onwards["Location"]).status_code == 200


def test_queries_do_not_grow_with_messages_meetings_and_obligations(
    client, member_a, organisation_a, secretariat
):
    group = make_group(members=[member_a, secretariat])
    start = _last_quarter()

    def add_rows(n):
        for number in range(n):
            _message(f"Opslag {number}", author=secretariat, audience=Audience.GROUP, group=group)
            meeting = _meeting(f"Møde {number}", group, in_days=number + 1)
            if number % 2:
                Rsvp.objects.create(meeting=meeting, person=member_a, answer=Rsvp.Answer.NO)
            make_commitment(
                organisation=organisation_a,
                status=Commitment.Status.AT_RISK,
                next_update_due=timezone.localdate() - timedelta(days=1),
            )
            make_indicator(responsible=[organisation_a], reporting_from=start)

    counts = assert_constant_queries_for(
        client, {"member": member_a, "secretariat": secretariat}, HOME, add_rows
    )
    # Nine for a member: the last asks whether a self-assessment round waits for an answer.
    assert max(counts.values()) <= 9


def _last_quarter():
    """The first day of the latest quarter that has ended."""
    today = timezone.localdate()
    first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    previous = first - timedelta(days=1)
    return previous.replace(month=(previous.month - 1) // 3 * 3 + 1, day=1)


def test_answering_from_the_home_takes_the_meeting_off_the_list(client_for, member_a, groups):
    mine, _ = groups
    meeting = _meeting("Temamøde om trivsel", mine)
    client = client_for(member_a)
    form = _section(client.get(HOME).text, "svar-overskrift", markup=True)
    assert reverse("communication:meeting_rsvp", args=[meeting.pk]) in form
    assert 'name="answer" value="maybe"' in form

    client.post(reverse("communication:meeting_rsvp", args=[meeting.pk]), {"answer": "maybe"})

    html = client.get(HOME).text
    assert "Temamøde om trivsel" not in unanswered_block(html)
    assert "Dit svar: Måske" in meetings_block(html)
