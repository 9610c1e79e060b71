"""A volunteer's page and the inbox write dates the portal's one way: "27. nov. 2026"."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import make_volunteer

pytestmark = pytest.mark.django_db

AFTERNOON = datetime(2026, 11, 27, 14, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_the_volunteer_page_shows_short_danish_dates(client_for, secretariat, settings):
    settings.VOLUNTEER_CHILD_CERTIFICATE_VALID_DAYS = (
        3650  # valid for years after the test is written
    )
    volunteer = make_volunteer(
        created_at=AFTERNOON,
        email_confirmed_at=AFTERNOON,
        child_certificate_checked_on=date(2026, 11, 2),
        child_certificate_checked_by=secretariat,
    )
    page = client_for(secretariat).get(reverse("volunteers:detail", args=[volunteer.pk])).text
    assert "27. nov. 2026 kl. 14.00" in page  # signed up
    assert "bekræftet 27. nov. 2026" in page
    assert "Vurderet 2. nov. 2026" in page
    assert "Gyldig til 30. okt. 2036" in page
    assert "november" not in page.lower()


def test_the_inbox_shows_the_sign_up_day(client_for, secretariat):
    make_volunteer(created_at=AFTERNOON)
    page = client_for(secretariat).get(reverse("volunteers:list")).text
    assert '<time datetime="2026-11-27T14:00:00+01:00">27. nov. 2026</time>' in page
