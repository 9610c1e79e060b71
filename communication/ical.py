"""
Meetings as iCalendar (RFC 5545) for people's calendar programs.

Times are written in Europe/Copenhagen with a VTIMEZONE built from the
zoneinfo database, so a calendar shows summer and winter meetings at the
right hour. Each meeting keeps one UID for good and counts its changes in
SEQUENCE (the meeting's version), so a calendar that fetched it before
replaces the old event instead of adding a second; a cancelled meeting stays
in the feed marked STATUS:CANCELLED, which takes it off people's calendars.
"""

from datetime import date
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from alliance.notifications import absolute
from communication.models import Meeting

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
CONTENT_TYPE = "text/calendar; charset=utf-8"

_STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def _host():
    return urlsplit(settings.PORTAL_URL).hostname or "localhost"


def uid(meeting):
    """The meeting's identity in every calendar, the same in the feed and the download."""
    return f"meeting-{meeting.pk}@{_host()}"


def _description(meeting, link):
    parts = [meeting.agenda.strip()] if meeting.agenda.strip() else []
    if meeting.online_url:
        parts.append(_("Onlinemøde: %(url)s") % {"url": meeting.online_url})
    parts.append(_("Mødets side i portalen: %(url)s") % {"url": link})
    return "\n\n".join(parts)


def event(meeting, *, stamp=None):
    """One meeting as a VEVENT; needs meeting.group loaded."""
    link = absolute(meeting.get_absolute_url())
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", stamp or timezone.now())
    item.add("dtstart", meeting.starts_at.astimezone(COPENHAGEN))
    item.add("dtend", meeting.ends_at.astimezone(COPENHAGEN))
    item.add("summary", meeting.title)
    item.add("description", _description(meeting, link))
    location = meeting.place or meeting.online_url
    if location:
        item.add("location", location)
    item.add("url", link)
    item.add("categories", [meeting.group.name])
    item.add("status", _STATUS[meeting.status])
    item.add("sequence", meeting.version)
    item.add("created", meeting.created_at)
    return item


def calendar(meetings, *, name):
    """A VCALENDAR of the meetings, with the time zone it refers to."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.ALLIANCE_NAME}//Allianceportalen//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", COPENHAGEN.key)
    stamp = timezone.now()
    years = []
    for meeting in meetings:
        cal.add_component(event(meeting, stamp=stamp))
        years += [meeting.starts_at.year, meeting.ends_at.year]
    if years:
        # The time zone's rules only for the years the meetings need keep the file small.
        cal.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 12, 31)
        )
    return cal.to_ical()
