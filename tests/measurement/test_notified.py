"""The reporting organisation hears of a returned report; reminders go through its choices."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from alliance.models import Notification
from alliance.notifications import set_delivery
from measurement import services
from tests.factories import make_indicator, make_user

Kind = Notification.Kind
Delivery = Notification.Delivery

pytestmark = pytest.mark.django_db


def _submitted(indicator, member):
    return services.save_report(
        indicator=indicator,
        period_start=date(2025, 1, 1),
        figures=services.Figures(total=Decimal(4)),
        by=member,
        submit=True,
    )


def test_a_returned_report_is_told_to_the_reporting_organisations_members(
    member_a, member_b, secretariat, organisation_a, django_capture_on_commit_callbacks
):
    colleague = make_user(email="kollega@test.dk", organisation=organisation_a)
    indicator = make_indicator(responsible=[organisation_a], name="Unge i fritidsjob")
    report = _submitted(indicator, member_a)

    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report=report, by=secretariat, comment="Ret februar & marts.")

    told = Notification.objects.filter(kind=Kind.REPORT_RETURNED)
    assert sorted(row.recipient.email for row in told) == sorted([member_a.email, colleague.email])
    assert len(mail.outbox) == 2
    assert "Ret februar & marts." in mail.outbox[0].body
    assert "Unge i fritidsjob" in mail.outbox[0].subject


def test_report_reminders_follow_each_members_choice(
    member_a,
    member_b,
    secretariat,
    organisation_a,
    organisation_b,
    django_capture_on_commit_callbacks,
):
    colleague = make_user(email="kollega@test.dk", organisation=organisation_b)
    set_delivery(user=colleague, kind=Kind.REPORT_DUE, delivery=Delivery.NEVER)
    set_delivery(user=member_a, kind=Kind.REPORT_DUE, delivery=Delivery.DIGEST)
    indicator = make_indicator(responsible=[organisation_a, organisation_b])

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_report_reminders(
            indicator=indicator, period_start=date(2025, 1, 1), by=secretariat, base_url="http://x"
        )

    assert sent == 2
    assert [message.to for message in mail.outbox] == [[member_b.email]]
    assert Notification.objects.get(recipient=member_a).delivery == Delivery.DIGEST
    assert not Notification.objects.filter(recipient=colleague).exists()


def test_an_organisation_without_people_is_reminded_at_its_own_address(
    secretariat, organisation_a, django_capture_on_commit_callbacks
):
    organisation_a.email = "kontakt@a.dk"
    organisation_a.save()
    indicator = make_indicator(responsible=[organisation_a])

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_report_reminders(
            indicator=indicator, period_start=date(2025, 1, 1), by=secretariat, base_url="http://x"
        )

    assert sent == 1
    assert [message.to for message in mail.outbox] == [["kontakt@a.dk"]]
