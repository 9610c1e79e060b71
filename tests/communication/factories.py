"""Messages and meetings made the way people make them: through the forms and services."""

import itertools
from datetime import timedelta

from django.utils import timezone

from communication.forms.meetings import MeetingForm
from communication.forms.messages import MessageForm
from communication.services.meetings import schedule_meeting
from communication.services.messages import post_message

_numbers = itertools.count(1)


def meeting_fields(*, group, title, starts_at, place="Rådhuset, mødelokale 2", **changes):
    """What the meeting form sends, times as the browser's date-and-time picker sends them."""
    local = timezone.localtime(starts_at)
    return {
        "group": group.pk,
        "title": title,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": place,
        "online_url": "",
        "agenda": "1. Velkomst\n2. Status på **mentorordningen**",
        **changes,
    }


def schedule(*, group, by, title=None, starts_at=None, **changes):
    """A meeting scheduled the way the secretariat's form does it."""
    number = next(_numbers)
    form = MeetingForm(
        meeting_fields(
            group=group,
            title=title or f"Møde {number}",
            starts_at=starts_at or timezone.now() + timedelta(days=10, minutes=number),
            **changes,
        )
    )
    assert form.is_valid(), form.errors
    return schedule_meeting(form=form, by=by)


def post(*, by, title="Et opslag", body="Noget **nyt** fra os.", audience="alliance", **fields):
    """A message posted through the form and the service, as a person posts one."""
    group = fields.pop("group", None)
    publish_at = fields.pop("publish_at", None)
    data = {
        "title": title,
        "body": body,
        "audience": audience,
        "group": group.pk if group else "",
        "publish_at": publish_at.isoformat() if publish_at else "",
    }
    if fields.pop("pinned", False):
        data["pinned"] = "on"
    assert not fields, fields
    form = MessageForm(data, user=by)
    assert form.is_valid(), form.errors
    return post_message(form=form, by=by)
