"""Public news: the list, a news item, the Atom feed, and the news on the front page."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communication.models import Message
from tests.communication.factories import post
from tests.factories import make_group

NEWS = reverse("communication:news_list")
FEED = reverse("communication:news_feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def _news(by, title, *, days_ago=0, **fields):
    return post(
        by=by,
        title=title,
        audience="public",
        publish_at=timezone.now() - timedelta(days=days_ago, minutes=1),
        **fields,
    )


def _feed(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_the_news_list_shows_published_public_news_only(client, secretariat, member_a):
    group = make_group(members=[member_a])
    _news(secretariat, "Ny mentorordning")
    post(by=member_a, title="Kun for alliancen", audience="alliance")
    post(by=member_a, title="Kun for gruppen", audience="group", group=group)
    post(
        by=secretariat,
        title="Først i morgen",
        audience="public",
        publish_at=timezone.now() + timedelta(days=1),
    )
    html = client.get(NEWS).text
    assert "Ny mentorordning" in html
    assert "Kun for alliancen" not in html
    assert "Kun for gruppen" not in html
    assert "Først i morgen" not in html


def test_the_news_list_offers_its_feed(client, db):
    html = client.get(NEWS).text
    assert '<link rel="alternate" type="application/atom+xml" title="Nyheder fra ' in html
    assert f'href="{FEED}"' in html
    assert "Der er ingen nyheder endnu." in html


def test_the_news_list_shows_ten_a_page_newest_first(client, secretariat):
    for number in range(12):
        _news(secretariat, f"Nyhed nummer {number:02}", days_ago=number)
    first = client.get(NEWS).text
    assert "Nyhed nummer 00" in first and "Nyhed nummer 09" in first
    assert "Nyhed nummer 10" not in first
    assert first.index("Nyhed nummer 00") < first.index("Nyhed nummer 09")
    assert "Side 1 af 2" in first
    second = client.get(NEWS, {"side": 2}).text
    assert "Nyhed nummer 10" in second and "Nyhed nummer 11" in second


def test_a_news_item_is_shown_with_its_markdown(client, secretariat):
    item = _news(secretariat, "Mentorer søges", body="Vi søger **ti** mentorer.")
    response = client.get(reverse("communication:news_detail", args=[item.pk]))
    assert response.status_code == 200
    assert "<h1" in response.text and "Mentorer søges" in response.text
    assert "<strong>ti</strong>" in response.text


@pytest.mark.parametrize("audience", ["alliance", "group"])
def test_an_internal_message_is_no_news(client, member_a, audience):
    group = make_group(members=[member_a]) if audience == "group" else None
    message = post(by=member_a, audience=audience, group=group)
    assert client.get(reverse("communication:news_detail", args=[message.pk])).status_code == 404


def test_the_byline_names_only_people_on_the_contact_page(client, secretariat):
    item = _news(secretariat, "Nyt fra sekretariatet")
    url = reverse("communication:news_detail", args=[item.pk])
    assert "Sara Sekretariat" not in client.get(url).text
    assert "Sekretariatet" in client.get(url).text
    secretariat.show_on_contact_page = True
    secretariat.save()
    assert "Sara Sekretariat" in client.get(url).text


def test_the_feed_is_atom_with_the_latest_public_news(client, secretariat, member_a, settings):
    settings.ALLIANCE_NAME = "Alliancen for unge"
    _news(secretariat, "Ældre nyhed", body="Første **tekst**.", days_ago=2)
    _news(secretariat, "Nyeste nyhed", body="Anden tekst.")
    post(by=member_a, title="Kun for alliancen", audience="alliance")
    feed = _feed(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Nyheder fra Alliancen for unge"
    assert "Alliancen for unge" in feed.findtext(f"{ATOM}subtitle")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Nyeste nyhed", "Ældre nyhed"]
    older = entries[1]
    link = older.find(f"{ATOM}link").get("href")
    assert link.endswith(
        reverse("communication:news_detail", args=[Message.objects.get(title="Ældre nyhed").pk])
    )
    assert older.findtext(f"{ATOM}id") and older.findtext(f"{ATOM}updated")
    assert older.findtext(f"{ATOM}published")
    assert older.find(f"{ATOM}summary").get("type") == "html"
    assert "<strong>tekst</strong>" in older.findtext(f"{ATOM}summary")
    assert older.findtext(f"{ATOM}author/{ATOM}name") == "Sekretariatet"


def test_the_feed_holds_the_latest_twenty(client, secretariat):
    for number in range(22):
        _news(secretariat, f"Nyhed {number}", days_ago=number)
    titles = [entry.findtext(f"{ATOM}title") for entry in _feed(client).findall(f"{ATOM}entry")]
    assert len(titles) == 20
    assert titles[0] == "Nyhed 0" and "Nyhed 21" not in titles


def test_the_front_page_shows_the_three_latest_news(client, secretariat, member_a):
    for number in range(4):
        _news(secretariat, f"Forsidenyhed {number}", days_ago=number)
    post(by=member_a, title="Intern besked", audience="alliance")
    html = client.get("/").text
    assert "Forsidenyhed 0" in html and "Forsidenyhed 2" in html
    assert "Forsidenyhed 3" not in html
    assert "Intern besked" not in html
    item = Message.objects.get(title="Forsidenyhed 0")
    assert reverse("communication:news_detail", args=[item.pk]) in html
    assert f'href="{NEWS}"' in html


def test_the_front_page_without_news_has_no_news_section(client, db):
    assert 'id="nyheder"' not in client.get("/").text


def test_the_about_page_links_the_news_once_there_is_news(client, secretariat):
    about = reverse("pages:about")
    assert f'href="{NEWS}"' not in client.get(about).text.split("<main", 1)[1].split("</main>")[0]
    _news(secretariat, "Den første nyhed")
    assert "Læs nyhederne" in client.get(about).text
    assert f'href="{NEWS}"' in client.get(about).text.split("<main", 1)[1]
