"""The alliance's identity from settings: name, short name, mark, colour and owner."""

import pytest
from django.urls import reverse

from alliance.checks import check_alliance_colour
from alliance.identity import colour_problems, contrast, darker, luminance


def test_contrast_follows_the_wcag_formula():
    assert luminance("#000000") == 0
    assert luminance("#ffffff") == pytest.approx(1)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    # Bootstrap's link blue on white, a value the WCAG tools agree on.
    assert contrast("#0d6efd", "#ffffff") == pytest.approx(4.50, abs=0.01)


def test_the_default_colour_passes_the_system_check(settings):
    settings.ALLIANCE_COLOUR = "#1b5e9e"
    assert check_alliance_colour(None) == []


@pytest.mark.parametrize("colour", ["#1b5e9e", "#0f5c5c"])
def test_the_default_and_the_demo_colours_reach_aa_as_background_and_as_link(colour):
    assert contrast(colour, "#ffffff") >= 4.5
    assert contrast(colour, "#f8f9fa") >= 4.5
    assert colour_problems(colour) == []
    # Hover and pressed states only get darker, so they keep the contrast.
    assert contrast(darker(colour), "#ffffff") > contrast(colour, "#ffffff")


@pytest.mark.parametrize("colour", ["#7fb3e0", "#ffcc00", "blue", "#12345"])
def test_a_pale_or_malformed_colour_fails_the_system_check(settings, colour):
    settings.ALLIANCE_COLOUR = colour
    errors = check_alliance_colour(None)
    assert errors and {error.id for error in errors} == {"alliance.E003"}
    assert colour_problems(colour)


def test_the_header_and_footer_carry_the_identity(client, db, settings):
    settings.ALLIANCE_NAME = "Et lettere liv"
    settings.ALLIANCE_SHORT_NAME = "ELL"
    settings.ALLIANCE_LOGO = "img/et-lettere-liv.svg"
    settings.ALLIANCE_COLOUR = "#0f5c5c"
    settings.ALLIANCE_OWNER = "Helsingør Kommune"
    response = client.get(reverse("pages:home"))
    html = response.text
    assert "<title>" in html and "· Et lettere liv</title>" in html
    assert 'src="/static/img/et-lettere-liv.svg"' in html
    assert ">Et lettere liv</span>" in html and ">ELL</span>" in html
    assert "Portalen drives af Helsingør Kommune." in html
    assert "--bs-primary: #0f5c5c;" in html and "--bs-primary-rgb: 15, 92, 92;" in html
    # The colour comes in a style block the Content-Security-Policy lets through by nonce.
    nonce = html.split('<style nonce="')[1].split('"')[0]
    style_src = response["Content-Security-Policy"].split("style-src")[1].split(";")[0]
    assert f"'nonce-{nonce}'" in style_src


def test_without_settings_the_portal_has_sensible_defaults(client, db):
    html = client.get(reverse("pages:home")).text
    assert 'src="/static/img/logo.svg"' in html
    assert "--portal-primary: #1b5e9e;" in html
    assert "Portalen drives af" not in html


def test_a_logo_on_the_portals_own_site_is_used_as_it_is(client, db, settings):
    settings.ALLIANCE_LOGO = "/media/logo.png"
    assert 'src="/media/logo.png"' in client.get(reverse("pages:home")).text
