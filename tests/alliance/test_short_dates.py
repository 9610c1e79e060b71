"""Dates in mail read as Danes write them, or as the English do, in Copenhagen's time."""

import datetime

import pytest
from django.utils import timezone, translation

from alliance.templatetags.portal import machine, short_date, short_datetime, short_time

AFTERNOON_UTC = datetime.datetime(2026, 11, 27, 13, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "27. nov. 2026"), ("en", "27 Nov 2026")],
)
def test_short_date(language, expected):
    with translation.override(language):
        assert short_date(datetime.date(2026, 11, 27)) == expected


def test_may_has_no_full_stop_in_danish():
    with translation.override("da"):
        assert short_date(datetime.date(2026, 5, 1)) == "1. maj 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "27. nov. 2026 kl. 14.00"), ("en", "27 Nov 2026 at 14:00")],
)
def test_short_datetime_in_copenhagen_time(language, expected):
    with translation.override(language):
        assert short_datetime(AFTERNOON_UTC) == expected


def test_a_moment_near_midnight_falls_on_the_danish_day():
    with translation.override("da"):
        assert (
            short_date(timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30), datetime.UTC))
            == "1. jan. 2027"
        )


def test_nothing_for_what_is_not_a_date():
    assert short_date(None) == ""
    assert short_datetime("") == ""


@pytest.mark.parametrize(("language", "expected"), [("da", "14.00"), ("en", "14:00")])
def test_short_time_in_copenhagen(language, expected):
    with translation.override(language):
        assert short_time(AFTERNOON_UTC) == expected


def test_a_summer_time_is_shown_in_summer_time():
    with translation.override("da"):
        assert short_time(datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)) == "14.00"


def test_a_time_element_gets_a_moment_html_accepts():
    # HTML's <time datetime> allows at most three digits of a second's fraction.
    moment = datetime.datetime(2026, 11, 27, 13, 0, 5, 655115, tzinfo=datetime.UTC)
    assert machine(moment) == "2026-11-27T14:00:05+01:00"
    assert machine(datetime.date(2026, 11, 27)) == "2026-11-27"
    assert machine(None) == ""
