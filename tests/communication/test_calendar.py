"""Meetings in people's calendars: the .ics download and the personal calendar address."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from communication.models import CalendarFeed, Meeting
from communication.services.meetings import (
    new_calendar_address,
    revoke_calendar_address,
    set_meeting_status,
)
from tests.communication import meeting_cast
from tests.communication.factories import schedule

# The two groups and their meetings (fixtures).
group_a, group_b = meeting_cast.group_a, meeting_cast.group_b
meeting_a, meeting_b = meeting_cast.meeting_a, meeting_cast.meeting_b

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
XSS = '<script>alert("x")</script>'


def _feed_url(token):
    return reverse("communication:calendar_feed", args=[token])


def _events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_feed_holds_the_persons_groups_meetings_and_never_anothers(
    client, secretariat, member_a, meeting_a, meeting_b
):
    cancelled = schedule(group=meeting_a.group, by=secretariat, title="Aflyst møde")
    set_meeting_status(meeting=cancelled, status=Meeting.Status.CANCELLED, by=secretariat)
    response = client.get(_feed_url(new_calendar_address(user=member_a)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    assert set(events) == {"Mentormøde", "Aflyst møde"}
    assert events["Aflyst møde"]["status"] == "CANCELLED"
    assert events["Mentormøde"]["status"] == "CONFIRMED"
    assert "Idrætsmøde" not in response.content.decode()


def test_the_secretariats_feed_holds_only_its_own_groups(client, secretariat, meeting_a):
    response = client.get(_feed_url(new_calendar_address(user=secretariat)))
    assert _events(response) == {}


def test_unknown_revoked_and_replaced_addresses_answer_404(client, member_a, meeting_a):
    assert client.get(_feed_url("ukendt")).status_code == 404
    old = new_calendar_address(user=member_a)
    new = new_calendar_address(user=member_a)
    assert client.get(_feed_url(old)).status_code == 404
    assert client.get(_feed_url(new)).status_code == 200
    assert revoke_calendar_address(user=member_a)
    assert client.get(_feed_url(new)).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_only_the_hash_of_the_address_is_stored(member_a):
    token = new_calendar_address(user=member_a)
    assert token not in CalendarFeed.objects.get().token_hash


def test_an_inactive_persons_address_stops_working(client, member_a, meeting_a):
    token = new_calendar_address(user=member_a)
    member_a.is_active = False
    member_a.save()
    assert client.get(_feed_url(token)).status_code == 404


def test_summer_and_winter_meetings_have_the_right_utc_offsets(
    client, secretariat, member_a, group_a
):
    summer = datetime(2027, 7, 1, 14, 0, tzinfo=COPENHAGEN)
    winter = datetime(2027, 12, 1, 14, 0, tzinfo=COPENHAGEN)
    schedule(group=group_a, by=secretariat, title="Sommermøde", starts_at=summer)
    schedule(group=group_a, by=secretariat, title="Vintermøde", starts_at=winter)
    response = client.get(_feed_url(new_calendar_address(user=member_a)))
    body = response.content.decode()
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Copenhagen" in body
    assert "DTSTART;TZID=Europe/Copenhagen:20270701T140000" in body
    events = _events(response)
    assert events["Sommermøde"].decoded("dtstart").utcoffset() == timedelta(hours=2)
    assert events["Vintermøde"].decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert events["Sommermøde"].decoded("dtstart").astimezone(ZoneInfo("UTC")).hour == 12
    assert events["Vintermøde"].decoded("dtstart").astimezone(ZoneInfo("UTC")).hour == 13
    # A calendar that reads only the VTIMEZONE, not its own zone database, gets the same.
    calendar = Calendar.from_ical(response.content)
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    assert zone.utcoffset(datetime(2027, 7, 1, 14, 0)) == timedelta(hours=2)
    assert zone.utcoffset(datetime(2027, 12, 1, 14, 0)) == timedelta(hours=1)


@override_settings(PORTAL_URL="https://portal.alliancen.dk")
def test_download_has_a_stable_uid_a_link_back_and_counts_changes(
    client_for, secretariat, member_a, meeting_a
):
    client = client_for(member_a)
    url = reverse("communication:meeting_ics", args=[meeting_a.pk])
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    event = _events(response)["Mentormøde"]
    link = f"https://portal.alliancen.dk/portal/moeder/{meeting_a.pk}/"
    assert str(event["uid"]) == f"meeting-{meeting_a.pk}@portal.alliancen.dk"
    assert str(event["url"]) == link and link in str(event["description"])
    assert str(event["location"]) == meeting_a.place
    assert event["sequence"] == 1
    set_meeting_status(meeting=meeting_a, status=Meeting.Status.CANCELLED, by=secretariat)
    event = _events(client.get(url))["Mentormøde"]
    assert str(event["uid"]) == f"meeting-{meeting_a.pk}@portal.alliancen.dk"
    assert event["sequence"] == 2 and event["status"] == "CANCELLED"


def test_html_in_a_meeting_is_plain_text_in_the_calendar(
    client_for, secretariat, member_a, group_a
):
    meeting = schedule(group=group_a, by=secretariat, title=f"Møde {XSS}", place=f"Sted {XSS}")
    response = client_for(member_a).get(reverse("communication:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == f"Møde {XSS}"
    assert str(event["location"]) == f"Sted {XSS}"


def test_no_download_for_another_group_or_the_signed_out(client, client_for, member_b, meeting_a):
    url = reverse("communication:meeting_ics", args=[meeting_a.pk])
    assert client.get(url).status_code == 302
    assert client_for(member_b).get(url).status_code == 404


def test_settings_show_a_new_address_once_and_revoke_it(client_for, member_a, meeting_a):
    client = client_for(member_a)
    url = reverse("communication:calendar_settings")
    page = client.get(url).content.decode()
    assert "Du har ingen kalenderadresse." in page
    response = client.post(url, {"action": "new"}, follow=True)
    address = response.context["new_address"]
    assert address and "kun denne ene gang" in response.content.decode()
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(_feed_url(token)).status_code == 200
    assert client.get(url).context["new_address"] is None
    response = client.post(url, {"action": "revoke"}, follow=True)
    assert "Den virker ikke længere." in response.content.decode()
    assert client.get(_feed_url(token)).status_code == 404


@pytest.mark.parametrize("action", ["", "hack"])
def test_settings_refuse_an_unknown_action(client_for, member_a, action):
    response = client_for(member_a).post(
        reverse("communication:calendar_settings"), {"action": action}
    )
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_meeting_times_stay_local_in_the_feed(client, secretariat, member_a, group_a):
    starts = timezone.make_aware(datetime(2027, 3, 28, 1, 30))  # the night before summer time
    schedule(group=group_a, by=secretariat, title="Natmøde", starts_at=starts)
    event = _events(client.get(_feed_url(new_calendar_address(user=member_a))))["Natmøde"]
    assert event.decoded("dtstart") == starts
