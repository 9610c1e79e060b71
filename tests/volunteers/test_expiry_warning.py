"""The secretariat hears ahead of time when a børneattest at work with children runs out.

Told once per expiry; a renewed certificate is told of again before its new expiry.
A certificate that has already expired unseen (recorded late, or the command did not
run) is told of too, once.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance import audit
from alliance.models import Notification
from alliance.notifications import set_delivery
from tests.factories import make_initiative, make_user, make_volunteer
from volunteers import services
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
TODAY = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.VOLUNTEER_CHILD_CERTIFICATE_VALID_DAYS = 730
    settings.VOLUNTEER_CHILD_CERTIFICATE_WARN_DAYS = 30


def _checked_for_expiry_on(expires_on):
    """The assessment day that makes a certificate expire on the given day."""
    return expires_on - timedelta(days=730)


def _at_work_with_children(
    expires_on, *, status="active", involves_children=True, initiative="", **fields
):
    initiative = make_initiative(
        involves_children=involves_children, **({"name": initiative} if initiative else {})
    )
    return make_volunteer(
        status=status,
        assigned_initiative=initiative,
        child_certificate_checked_on=_checked_for_expiry_on(expires_on),
        **fields,
    )


def _warn(today=TODAY, capture=None):
    if capture is None:
        return services.warn_expiring_certificates(today=today)
    with capture(execute=True):
        return services.warn_expiring_certificates(today=today)


def test_the_secretariat_is_told_within_the_warning_period(
    secretariat, member_a, django_capture_on_commit_callbacks
):
    volunteer = _at_work_with_children(
        date(2026, 11, 27), initiative="Lektiecafé", first_name="Frida", last_name="Frivilligsen"
    )

    told = _warn(capture=django_capture_on_commit_callbacks)

    assert told == [volunteer]
    rows = Notification.objects.filter(kind=Kind.CERTIFICATE_EXPIRING)
    assert [row.recipient for row in rows] == [secretariat]
    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert "Lektiecafé: udløber 27. nov. 2026" in message.body
    assert f"/portal/frivillige/{volunteer.pk}/" in message.body
    # Notifications are kept after a volunteer is anonymised: no name in them.
    assert "Frivilligsen" not in message.subject + message.body
    volunteer.refresh_from_db()
    assert volunteer.certificate_warned_for == date(2026, 11, 27)


def test_a_certificate_further_off_is_not_told_yet(secretariat):
    _at_work_with_children(TODAY + timedelta(days=31))
    assert _warn() == []
    assert not Notification.objects.exists()


def test_the_warning_period_is_a_setting(secretariat, settings):
    settings.VOLUNTEER_CHILD_CERTIFICATE_WARN_DAYS = 60
    volunteer = _at_work_with_children(TODAY + timedelta(days=45))
    assert _warn() == [volunteer]


def test_a_certificate_is_told_of_once_not_every_day(secretariat):
    volunteer = _at_work_with_children(date(2026, 11, 20))

    assert _warn() == [volunteer]
    assert _warn(TODAY + timedelta(days=1)) == []
    assert _warn(date(2026, 11, 25)) == []
    assert Notification.objects.filter(kind=Kind.CERTIFICATE_EXPIRING).count() == 1


def test_a_renewed_certificate_is_told_of_again_before_its_new_expiry(secretariat):
    volunteer = _at_work_with_children(date(2026, 11, 20))
    assert _warn() == [volunteer]

    services.record_child_certificate(volunteer=volunteer, checked_on=TODAY, by=secretariat)
    new_expiry = TODAY + timedelta(days=730)
    assert _warn() == []
    assert _warn(new_expiry - timedelta(days=31)) == []
    assert _warn(new_expiry - timedelta(days=30)) == [volunteer]
    volunteer.refresh_from_db()
    assert volunteer.certificate_warned_for == new_expiry


def test_an_already_expired_certificate_never_told_of_is_told_once(
    secretariat, django_capture_on_commit_callbacks
):
    volunteer = _at_work_with_children(date(2026, 10, 3), initiative="Lektiecafé")

    assert _warn(capture=django_capture_on_commit_callbacks) == [volunteer]
    assert "Lektiecafé: udløb 3. okt. 2026" in mail.outbox[0].body
    assert _warn(TODAY + timedelta(days=1)) == []


def test_volunteers_not_at_work_with_children_are_not_told_of(secretariat):
    soon = date(2026, 11, 20)
    _at_work_with_children(soon, involves_children=False)
    _at_work_with_children(soon, status="ended")
    _at_work_with_children(soon, status="new")
    make_volunteer(status="active", child_certificate_checked_on=_checked_for_expiry_on(soon))
    make_volunteer(status="active")
    gone = _at_work_with_children(soon)
    services.anonymise_volunteer(volunteer=gone, reason="Test.")

    assert _warn() == []


def test_a_contacted_volunteer_assigned_to_children_is_told_of(secretariat):
    volunteer = _at_work_with_children(date(2026, 11, 20), status="contacted")
    assert _warn() == [volunteer]


def test_several_volunteers_make_one_mail(secretariat, django_capture_on_commit_callbacks):
    first = _at_work_with_children(date(2026, 11, 10), initiative="Natteravne")
    second = _at_work_with_children(date(2026, 11, 20), initiative="Lektiecafé")

    assert _warn(capture=django_capture_on_commit_callbacks) == [first, second]

    [message] = mail.outbox
    assert message.subject == "2 børneattester udløber snart: Lektiecafé, Natteravne"


def test_only_active_secretariat_users_who_want_it_are_told(
    secretariat, member_a, django_capture_on_commit_callbacks
):
    make_user(email="tidligere@test.dk", role="secretariat", is_active=False)
    quiet = make_user(email="stille@test.dk", role="secretariat")
    set_delivery(user=quiet, kind=Kind.CERTIFICATE_EXPIRING, delivery="never")
    _at_work_with_children(date(2026, 11, 20))

    _warn(capture=django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[secretariat.email]]


def test_the_telling_is_in_the_volunteers_history_and_leaves_the_version(secretariat):
    volunteer = _at_work_with_children(date(2026, 11, 20))
    version = volunteer.version

    _warn()

    stored = Volunteer.objects.get(pk=volunteer.pk)
    assert stored.version == version
    [event] = audit.history(stored)
    assert "børneattesten udløber" in event.note


def test_the_command_tells_and_says_how_many(secretariat):
    _at_work_with_children(timezone.localdate() + timedelta(days=10))
    out = StringIO()

    call_command("warn_expiring_certificates", stdout=out)
    call_command("warn_expiring_certificates", stdout=out)

    assert "Told the secretariat of 1 expiring" in out.getvalue()
    assert "Told the secretariat of 0 expiring" in out.getvalue()
    assert Notification.objects.filter(kind=Kind.CERTIFICATE_EXPIRING).count() == 1


def test_the_inbox_flags_a_certificate_within_the_same_warning_period(client_for, secretariat):
    today = timezone.localdate()
    make_volunteer(
        first_name="Snart", child_certificate_checked_on=today - timedelta(days=730 - 29)
    )
    make_volunteer(
        first_name="Senere", child_certificate_checked_on=today - timedelta(days=730 - 45)
    )
    page = client_for(secretariat).get(reverse("volunteers:list"), {"certificate": "expiring"})
    assert "Snart" in page.text and "Senere" not in page.text
