"""A børneattest is assessed on a day that has happened, and stops counting after a set period."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_initiative, make_volunteer
from volunteers import services
from volunteers.forms import VolunteerForm
from volunteers.models import Volunteer


def _days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def test_a_checked_on_date_in_the_future_is_refused_next_to_the_field(client_for, secretariat):
    volunteer = make_volunteer()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(secretariat).post(
        reverse("volunteers:certificate", args=[volunteer.pk]), {"checked_on": tomorrow}
    )
    assert response.status_code == 200
    assert "Datoen ligger i fremtiden" in response.text
    volunteer.refresh_from_db()
    assert volunteer.child_certificate_checked_on is None


def test_todays_assessment_is_accepted(client_for, secretariat):
    volunteer = make_volunteer()
    client_for(secretariat).post(
        reverse("volunteers:certificate", args=[volunteer.pk]),
        {"checked_on": timezone.localdate()},
    )
    volunteer.refresh_from_db()
    assert volunteer.child_certificate_checked_on == timezone.localdate()


def test_a_certificate_counts_for_the_set_period_and_then_expires(settings, db):
    settings.VOLUNTEER_CHILD_CERTIFICATE_VALID_DAYS = 100
    fresh = make_volunteer(child_certificate_checked_on=_days_ago(100))
    old = make_volunteer(child_certificate_checked_on=_days_ago(101))
    never = make_volunteer()
    assert fresh.is_cleared_for_children() and not old.is_cleared_for_children()
    assert not never.is_cleared_for_children()
    assert list(Volunteer.objects.cleared_for_children()) == [fresh]


def test_the_period_is_two_years_unless_set(settings, db):
    del settings.VOLUNTEER_CHILD_CERTIFICATE_VALID_DAYS
    assert make_volunteer(child_certificate_checked_on=_days_ago(730)).is_cleared_for_children()
    assert not make_volunteer(child_certificate_checked_on=_days_ago(731)).is_cleared_for_children()


def test_an_expired_certificate_stops_a_volunteer_becoming_active_with_children(secretariat):
    initiative = make_initiative(involves_children=True)
    volunteer = make_volunteer(
        status="contacted",
        assigned_initiative=initiative,
        email_confirmed_at=timezone.now(),
        child_certificate_checked_on=_days_ago(800),
    )
    form = VolunteerForm(
        {"status": "active", "assigned_initiative": initiative.pk, "version": volunteer.version},
        instance=volunteer,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError) as refused:
        services.update_volunteer(form=form, by=secretariat)
    assert refused.value.code == "child_certificate"
    volunteer.refresh_from_db()
    assert volunteer.status == "contacted"


def test_the_inbox_flags_expiring_and_expired_certificates(client_for, secretariat):
    make_volunteer(first_name="Udløbet", child_certificate_checked_on=_days_ago(800))
    make_volunteer(first_name="Snart", child_certificate_checked_on=_days_ago(700))
    make_volunteer(first_name="Gyldig", child_certificate_checked_on=_days_ago(10))
    client = client_for(secretariat)
    page = client.get(reverse("volunteers:list")).text
    assert page.count("Børneattest udløbet") == 1
    assert page.count("Børneattest udløber") == 1
    expired = client.get(reverse("volunteers:list"), {"certificate": "expired"}).text
    assert "Udløbet" in expired and "Snart Frivillig" not in expired
    expiring = client.get(reverse("volunteers:list"), {"certificate": "expiring"}).text
    assert "Snart" in expiring and "Udløbet Frivillig" not in expiring
    assert "Gyldig Frivillig" not in expiring
