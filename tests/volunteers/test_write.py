"""The secretariat writes an e-mail to a volunteer from the portal; the timeline keeps it."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliance import audit
from tests.factories import make_initiative, make_volunteer
from volunteers import services

SUBJECT = "Møde om lektiecaféen"
BODY = "Hej Frida\n\nKan du komme til et møde tirsdag kl. 16 i Byg & Anlæg?"


def _volunteer(**fields):
    fields.setdefault("first_name", "Frida")
    fields.setdefault("last_name", "Frivillig")
    fields.setdefault("email", "frida@test.dk")
    volunteer = make_volunteer(**fields)
    services.set_volunteer_consent(volunteer=volunteer, purpose="contact", given=True)
    return volunteer


def _write(client, volunteer, capture, **data):
    with capture(execute=True):
        return client.post(
            reverse("volunteers:write", args=[volunteer.pk]),
            {"subject": SUBJECT, "body": BODY, **data},
        )


def _field_error(html, name):
    """The error text crispy shows right under one field."""
    found = re.search(rf'id="error_\d+_id_{name}"[^>]*>\s*<strong>([^<]*)</strong>', html)
    return found.group(1).strip() if found else None


def test_the_page_names_the_volunteer_and_the_address(client_for, secretariat):
    volunteer = _volunteer()
    client = client_for(secretariat)
    detail = client.get(reverse("volunteers:detail", args=[volunteer.pk])).text
    assert f'href="{reverse("volunteers:write", args=[volunteer.pk])}"' in detail
    assert "Skriv en e-mail" in detail
    page = client.get(reverse("volunteers:write", args=[volunteer.pk])).text
    assert "Frida Frivillig &lt;frida@test.dk&gt;" in page
    assert 'name="subject"' in page and 'name="body"' in page


def test_the_secretariat_sends_one_mail_to_the_volunteer(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _volunteer()
    client = client_for(secretariat)
    response = _write(client, volunteer, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("volunteers:detail", args=[volunteer.pk])
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["frida@test.dk"]
    assert sent.subject == SUBJECT
    # Plain text as typed: nothing is HTML-escaped.
    assert BODY in sent.body
    assert settings.ALLIANCE_NAME in sent.body
    assert "/frivillig/mine-data/" in sent.body


def test_the_timeline_shows_the_mail_and_who_sent_it(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _volunteer()
    client = client_for(secretariat)
    _write(client, volunteer, django_capture_on_commit_callbacks)
    page = client.get(reverse("volunteers:detail", args=[volunteer.pk])).text
    assert "E-mailen er sendt til frida@test.dk." in page
    timeline = page.split('id="tidslinje-overskrift"')[1].split("</section>")[0]
    assert f"E-mail sendt: {SUBJECT}" in timeline
    assert "Kan du komme til et møde tirsdag kl. 16 i Byg &amp; Anlæg?" in timeline
    assert secretariat.full_name in timeline
    event = audit.history(volunteer).order_by("-pk").first()
    assert event.note == f"E-mail sendt: {SUBJECT}"
    assert event.actor == secretariat


def test_the_mail_is_in_danish_whatever_language_the_sender_uses(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _volunteer()
    client = client_for(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _write(client, volunteer, django_capture_on_commit_callbacks)
    assert "Venlig hilsen" in mail.outbox[0].body


def test_no_mail_to_a_volunteer_who_withdrew_the_consent_to_contact(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _volunteer()
    services.set_volunteer_consent(volunteer=volunteer, purpose="contact", given=False)
    notes = volunteer.notes.count()
    client = client_for(secretariat)
    assert "trukket samtykket til kontakt tilbage" in (
        client.get(reverse("volunteers:write", args=[volunteer.pk])).text
    )
    response = _write(client, volunteer, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert mail.outbox == []
    assert volunteer.notes.count() == notes
    page = response.text
    assert "Den frivillige har trukket samtykket til kontakt tilbage. E-mailen er ikke sendt." in (
        page
    )
    assert f'value="{SUBJECT}"' in page
    assert "tirsdag kl. 16 i Byg &amp; Anlæg?</textarea>" in page


def test_no_mail_to_a_volunteer_anonymised_while_the_form_was_open(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _volunteer()
    client = client_for(secretariat)
    assert client.get(reverse("volunteers:write", args=[volunteer.pk])).status_code == 200
    services.anonymise_volunteer(volunteer=volunteer, reason="Slettet.", by=secretariat)
    response = _write(client, volunteer, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert mail.outbox == []
    page = response.text
    assert "Den frivilliges oplysninger er slettet. E-mailen er ikke sendt." in page
    assert f'value="{SUBJECT}"' in page
    assert "frida@test.dk" not in page
    assert [note.body for note in volunteer.notes.all()] == ["Slettet."]


def test_a_volunteer_without_an_address_is_refused(db, secretariat):
    volunteer = _volunteer(email="")
    with pytest.raises(ValidationError, match="ingen e-mailadresse"):
        services.write_to_volunteer(volunteer=volunteer, subject=SUBJECT, body=BODY, by=secretariat)
    assert mail.outbox == []


def test_an_empty_subject_is_refused_next_to_the_field(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _volunteer()
    response = _write(
        client_for(secretariat), volunteer, django_capture_on_commit_callbacks, subject=" "
    )
    assert response.status_code == 200
    assert _field_error(response.text, "subject") == "Skriv et emne til e-mailen."
    assert _field_error(response.text, "body") is None
    assert "tirsdag kl. 16 i Byg &amp; Anlæg?</textarea>" in response.text
    assert mail.outbox == []


def test_a_too_long_message_is_refused(client_for, secretariat, django_capture_on_commit_callbacks):
    volunteer = _volunteer()
    response = _write(
        client_for(secretariat), volunteer, django_capture_on_commit_callbacks, body="x" * 3001
    )
    assert (
        _field_error(response.text, "body") == "Denne værdi må højst have 3000 tegn (den har 3001)."
    )
    assert mail.outbox == []


def test_a_member_may_not_write_to_a_volunteer_in_their_organisations_work(
    client_for, member_a, organisation_a, django_capture_on_commit_callbacks
):
    volunteer = _volunteer(assigned_initiative=make_initiative(lead=organisation_a))
    client = client_for(member_a)
    assert client.get(reverse("volunteers:write", args=[volunteer.pk])).status_code == 403
    assert _write(client, volunteer, django_capture_on_commit_callbacks).status_code == 403
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        services.write_to_volunteer(volunteer=volunteer, subject=SUBJECT, body=BODY, by=member_a)


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    volunteer = _volunteer()
    response = client.get(reverse("volunteers:write", args=[volunteer.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("members:login"))
