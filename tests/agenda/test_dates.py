"""Agenda pages write dates the portal's one way: "27. nov. 2026", in English "27 Nov 2026"."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from agenda import services
from agenda.models import Agenda, AgendaComment, Endorsement
from tests.factories import make_agenda

pytestmark = pytest.mark.django_db

AFTERNOON = datetime(2026, 11, 27, 14, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def adopted(secretariat, member_a):
    agenda = make_agenda(adopt=True, by=secretariat)
    Agenda.objects.filter(pk=agenda.pk).update(adopted_on="2026-11-27")
    services.endorse(agenda=agenda, organisation=member_a.organisation, by=member_a)
    Endorsement.objects.filter(agenda=agenda).update(endorsed_at=AFTERNOON)
    return agenda


def test_the_history_shows_the_adoption_day_in_the_short_danish_style(client_for, adopted):
    page = client_for(adopted.endorsements.get().endorsed_by).get(reverse("agenda:history"))
    assert "27. nov. 2026" in page.text
    assert "27. november 2026" not in page.text


def test_the_history_shows_english_dates_in_english(client_for, member_a, adopted):
    client = client_for(member_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("agenda:history"))
    assert "27 Nov 2026" in page.text


def test_endorsements_show_the_short_date(client_for, member_a, secretariat, adopted):
    own = strip_tags(client_for(member_a).get(reverse("agenda:detail")).text)
    assert f"({member_a.full_name}, 27. nov. 2026)" in own
    listed = strip_tags(client_for(secretariat).get(reverse("agenda:detail")).text)
    assert f"({member_a.full_name}, 27. nov. 2026)" in listed


def test_draft_comments_show_day_and_time(client_for, member_a, secretariat, adopted):
    draft = services.start_draft(by=secretariat)
    comment = services.add_comment(agenda=draft, body="Godt forslag.", by=member_a)
    AgendaComment.objects.filter(pk=comment.pk).update(created_at=AFTERNOON)
    page = client_for(member_a).get(reverse("agenda:draft"))
    assert "27. nov. 2026 kl. 14.00" in page.text
