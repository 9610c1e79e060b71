"""The lead organisation hears when a volunteer joins its initiative, and only the first name."""

import pytest
from django.core import mail

from alliance.models import Notification
from tests.factories import make_initiative, make_user, make_volunteer
from volunteers import services
from volunteers.forms import VolunteerForm

Kind = Notification.Kind

pytestmark = pytest.mark.django_db


def _assign(volunteer, initiative, by):
    form = VolunteerForm(
        {
            "status": volunteer.status,
            "assigned_initiative": initiative.pk if initiative else "",
            "version": volunteer.version,
        },
        instance=volunteer,
    )
    assert form.is_valid(), form.errors
    return services.update_volunteer(form=form, by=by)


def test_the_lead_organisations_members_hear_of_a_new_volunteer_by_first_name_only(
    member_a, member_b, secretariat, organisation_a, django_capture_on_commit_callbacks
):
    gone = make_user(email="gone@test.dk", organisation=organisation_a, is_active=False)
    initiative = make_initiative(lead=organisation_a, name="Lektiecafé")
    volunteer = make_volunteer(
        first_name="Frida", last_name="Frivilligsen", email="frida@privat.dk", phone="+4512345678"
    )

    with django_capture_on_commit_callbacks(execute=True):
        _assign(volunteer, initiative, secretariat)

    told = Notification.objects.filter(kind=Kind.VOLUNTEER_ASSIGNED)
    assert [row.recipient for row in told] == [member_a]
    assert gone not in [row.recipient for row in told]
    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert "Frida" in message.body and "Lektiecafé" in message.body
    text = message.subject + message.body
    for private in ("Frivilligsen", "frida@privat.dk", "12345678", "12 34 56 78"):
        assert private not in text


def test_keeping_the_same_initiative_tells_nobody_again(member_a, secretariat, organisation_a):
    initiative = make_initiative(lead=organisation_a)
    volunteer = make_volunteer(assigned_initiative=initiative)

    _assign(volunteer, initiative, secretariat)

    assert not Notification.objects.exists()
