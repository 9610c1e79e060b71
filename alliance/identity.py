"""
The alliance's own look: its name, short name, mark, colour and owner, from settings.

The colour becomes Bootstrap 5.3's CSS variables (primary, links, buttons)
and the header's background; it must read well as a background under white
text and as link text on white, so contrast() is checked in the tests and by
`manage.py check` (alliance.checks).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# The footer's light grey (Bootstrap's bg-light), where links in the colour show too.
LIGHT = "#f8f9fa"
# WCAG 2.1 AA for normal text.
AA = 4.5


def rgb(colour):
    """'#1b5e9e' → (27, 94, 158)."""
    if not HEX.match(colour or ""):
        raise ValueError(f"{colour!r} is not a colour written as #rrggbb")
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour):
    """Relative luminance as WCAG defines it, 0 (black) to 1 (white)."""
    red, green, blue = (_channel(value) for value in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground, background):
    """The WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour, by=0.15):
    """The colour mixed with black: for hover and pressed states."""
    return "#" + "".join(f"{round(value * (1 - by)):02x}" for value in rgb(colour))


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str
    logo: str  # a static file's path, or an address on the portal's own site ("/…")
    colour: str
    owner: str

    @property
    def logo_is_static(self):
        return not self.logo.startswith("/")

    @property
    def colour_rgb(self):
        return ", ".join(str(value) for value in rgb(self.colour))

    @property
    def colour_hover(self):
        return darker(self.colour)

    @property
    def colour_active(self):
        return darker(self.colour, 0.25)


@cache
def _identity(name, short_name, logo, colour, owner):
    return Identity(name, short_name or name, logo, colour.lower(), owner)


def identity():
    """The identity the settings give (tests may override the settings)."""
    return _identity(
        settings.ALLIANCE_NAME,
        settings.ALLIANCE_SHORT_NAME,
        settings.ALLIANCE_LOGO,
        settings.ALLIANCE_COLOUR,
        settings.ALLIANCE_OWNER,
    )


def colour_problems(colour):
    """Why a colour would fail the portal's readers, as texts; empty when it is fine."""
    try:
        on_white, on_light = contrast(colour, WHITE), contrast(colour, LIGHT)
    except ValueError as error:
        return [str(error)]
    problems = []
    if on_white < AA:
        problems.append(
            f"{colour} has a contrast of {on_white:.2f}:1 against white; "
            f"white text on buttons and the header needs {AA}:1."
        )
    if on_light < AA:
        problems.append(
            f"{colour} has a contrast of {on_light:.2f}:1 against the footer's light grey "
            f"{LIGHT}; links there need {AA}:1."
        )
    return problems
