"""Formatting filters shared by every template."""

import datetime
import html

from django import template
from django.utils import timezone, translation
from django.utils.html import strip_tags

from alliance.markdown import render_markdown
from alliance.phone import format_phone

register = template.Library()


@register.filter
def phone(value):
    """+4512345678 → +45 12 34 56 78."""
    return format_phone(value)


@register.filter
def tel_href(value):
    """A tel: link target; the stored form is already what dialers want."""
    return f"tel:{value}" if value else ""


@register.filter
def markdown(value):
    """Markdown to sanitised HTML (see alliance.markdown)."""
    return render_markdown(value)


# Danish abbreviations as Danish style guides write them: "maj" and "jun." alike.
_DANISH_MONTHS = (
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "maj",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)
_ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def _local_date(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


@register.filter
def short_date(value):
    """27. nov. 2026 in Danish, 27 Nov 2026 in English; the portal's time zone for a moment."""
    if not isinstance(value, datetime.date):
        return ""
    day = _local_date(value)
    if (translation.get_language() or "").startswith("en"):
        return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day}. {_DANISH_MONTHS[day.month - 1]} {day.year}"


@register.filter
def short_datetime(value):
    """27. nov. 2026 kl. 14.00 in Danish, 27 Nov 2026 at 14:00 in English."""
    if not isinstance(value, datetime.datetime):
        return short_date(value)
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    if (translation.get_language() or "").startswith("en"):
        return f"{short_date(moment)} at {moment:%H:%M}"
    return f"{short_date(moment)} kl. {moment:%H.%M}"


@register.filter
def short_time(value):
    """14.00 in Danish, 14:00 in English, in the portal's time zone."""
    if not isinstance(value, datetime.datetime | datetime.time):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if (translation.get_language() or "").startswith("en"):
        return f"{value:%H:%M}"
    return f"{value:%H.%M}"


@register.filter
def machine(value):
    """What a <time datetime="…"> holds: 2026-11-27T14:00:00+01:00 for a moment in the
    portal's time zone, 2026-11-27 for a day. HTML allows no microseconds there."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def plain(value):
    """The text of some HTML, entities decoded and whitespace collapsed, for an attribute
    such as a meta description; the template escapes it again as it is written out."""
    return " ".join(html.unescape(strip_tags(str(value or ""))).split())
