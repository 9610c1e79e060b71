"""Formatting filters shared by every template."""

from django import template

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
