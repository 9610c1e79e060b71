"""Public pages describe themselves to search engines, and shared links show a card."""

import re

import pytest
from django.urls import reverse

from tests.communication.factories import post
from tests.factories import make_initiative

PUBLIC = [
    "pages:home",
    "pages:about",
    "pages:contact",
    "pages:privacy",
    "pages:accessibility",
    "initiatives:public_list",
    "measurement:results",
    "communication:news_list",
    "volunteers:signup",
    "members:login",
]


def _meta(html, attribute, name):
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_page_has_its_own_description(client, db, name):
    description = _meta(client.get(reverse(name)).text, "name", "description")
    assert 50 <= len(description) <= 200


def test_descriptions_differ_from_page_to_page(client, db):
    descriptions = {_meta(client.get(reverse(name)).text, "name", "description") for name in PUBLIC}
    assert len(descriptions) == len(PUBLIC)


def test_an_initiative_shares_its_name_and_summary(client, db):
    initiative = make_initiative(
        name="Lektiecafé & læsning", summary="Lektiehjælp <b>to</b> gange om ugen.", is_public=True
    )
    html = client.get(reverse("initiatives:public_detail", args=[initiative.slug])).text
    assert _meta(html, "property", "og:title") == "Lektiecafé &amp; læsning"
    # Only the text goes into the description, never markup.
    assert _meta(html, "name", "description") == "Lektiehjælp to gange om ugen."
    assert _meta(html, "property", "og:url").endswith(initiative.slug + "/")


def test_a_quote_in_a_summary_cannot_break_out_of_the_meta_tag(client, db):
    initiative = make_initiative(summary='Sjov" onmouseover="alert(1) & leg', is_public=True)
    html = client.get(reverse("initiatives:public_detail", args=[initiative.slug])).text
    assert _meta(html, "name", "description") == "Sjov&quot; onmouseover=&quot;alert(1) &amp; leg"


def test_a_news_item_shares_its_title_and_text_without_markup(client, secretariat):
    item = post(
        by=secretariat,
        audience="public",
        title="Ny lektiecafé",
        body="Vi **åbner** en [lektiecafé](https://example.dk) i " + "Vapnagaard " * 40,
    )
    html = client.get(reverse("communication:news_detail", args=[item.pk])).text
    assert _meta(html, "property", "og:type") == "article"
    assert _meta(html, "property", "og:title") == "Ny lektiecafé"
    description = _meta(html, "name", "description")
    assert description.startswith("Vi åbner en lektiecafé i Vapnagaard")
    assert "<" not in description and len(description) <= 200
