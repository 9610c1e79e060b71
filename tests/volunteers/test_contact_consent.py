"""A volunteer who withdrew the consent to be contacted is flagged and gets no more mail."""

from django.core import mail
from django.urls import reverse

from tests.factories import make_volunteer
from volunteers import services

BASE_URL = "http://portal.test"


def _withdrawn():
    volunteer = make_volunteer(first_name="Trukket")
    services.set_volunteer_consent(volunteer=volunteer, purpose="contact", given=True)
    services.set_volunteer_consent(volunteer=volunteer, purpose="contact", given=False)
    return volunteer


def test_the_inbox_flags_a_volunteer_without_contact_consent(client_for, secretariat):
    _withdrawn()
    given = make_volunteer(first_name="Givet")
    services.set_volunteer_consent(volunteer=given, purpose="contact", given=True)
    client = client_for(secretariat)
    assert client.get(reverse("volunteers:list")).text.count("intet samtykke til kontakt") == 1
    page = client.get(reverse("volunteers:list"), {"no_contact": "on"}).text
    assert "Trukket" in page and "Givet Frivillig" not in page


def test_no_ordinary_mail_goes_to_a_volunteer_who_withdrew(db, django_capture_on_commit_callbacks):
    volunteer = _withdrawn()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.mail_volunteer(
            volunteer=volunteer, template="volunteers/email/volunteer_stay", base_url=BASE_URL
        )
    assert sent is False
    assert mail.outbox == []


def test_the_delete_link_the_volunteer_asked_for_is_still_sent(
    db, django_capture_on_commit_callbacks
):
    volunteer = _withdrawn()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_volunteer_deletion(volunteer=volunteer, base_url=BASE_URL)
    assert len(mail.outbox) == 1
    assert "/frivillig/slet/" in mail.outbox[0].body


def test_the_secretariat_is_told_when_a_resend_is_not_sent(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _withdrawn()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(
            reverse("volunteers:resend", args=[volunteer.pk]), follow=True
        )
    assert "trukket samtykket til kontakt tilbage" in response.text
    assert mail.outbox == []
