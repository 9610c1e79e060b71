"""
Links in mails to volunteers: opaque, stored only hashed, refused with 410 when
they should not work, and deleting the data takes a fresh link from the inbox.
"""

import base64
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation
from tests.factories import make_user
from volunteers import services
from volunteers.models import Volunteer, VolunteerLink, VolunteerNote


def _volunteer(**fields):
    fields.setdefault("email", "frida@test.dk")
    fields.setdefault("first_name", "Frida")
    fields.setdefault("last_name", "Frivillig")
    return Volunteer.objects.create(**fields)


def _urls(message):
    return re.findall(r"https?://\S+", message.body)


def _b64(text):
    encoded = {base64.b64encode(text.encode()), base64.urlsafe_b64encode(text.encode())}
    return {value.decode().rstrip("=") for value in encoded}


def _decoded(token):
    """The token, and each part of it, read as base64 where that is possible."""
    for part in [token, *re.split(r"[:.]", token)]:
        try:
            yield base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("latin-1")
        except ValueError:
            continue


def test_links_in_mails_carry_neither_the_address_nor_an_encoding_of_it(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("volunteers:signup"),
            {
                "first_name": "Frida",
                "last_name": "Frivillig",
                "email": "frida@test.dk",
                "consent_contact": "on",
            },
        )
    volunteer = Volunteer.objects.get()
    urls = _urls(mail.outbox[0])
    assert len(urls) == 2  # the confirmation and the data page
    for url in urls:
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
        assert "frida" not in url.lower() and "test.dk" not in url
        assert not any(encoded in url for encoded in _b64(volunteer.email))
        assert not any("frida" in text.lower() for text in _decoded(token))
        # The database holds only the hash: a copy of it opens nothing.
        assert not VolunteerLink.objects.filter(token_hash=token).exists()


def _gone(response):
    assert response.status_code == 410
    assert "Linket virker ikke længere" in response.text
    return True


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "case",
    [
        "tampered",
        "truncated",
        "unknown",
        "invitation token",
        "data link at the confirmation",
        "data link at the yearly question",
        "data link at deletion",
        "delete link at the data page",
        "expired",
        "after anonymisation",
    ],
)
def test_links_that_should_not_work_answer_410(client, db, secretariat, case, method):
    volunteer = _volunteer()
    data = services.volunteer_token(volunteer, "data")
    url = {
        "tampered": reverse(
            "volunteers:my_data", args=[("A" if data[0] != "A" else "B") + data[1:]]
        ),
        "truncated": reverse("volunteers:my_data", args=[data[:-4]]),
        "unknown": reverse("volunteers:my_data", args=["x" * 43]),
        "data link at the confirmation": reverse("volunteers:confirm", args=[data]),
        "data link at the yearly question": reverse("volunteers:stay", args=[data]),
        "data link at deletion": reverse("volunteers:delete", args=[data]),
        "delete link at the data page": reverse(
            "volunteers:my_data", args=[services.volunteer_token(volunteer, "delete")]
        ),
        "expired": reverse("volunteers:my_data", args=[data]),
        "after anonymisation": reverse("volunteers:my_data", args=[data]),
    }.get(case)
    if case == "invitation token":
        invited = make_user(email="inviteret@test.dk")
        _, token = Invitation.issue(user=invited, invited_by=secretariat)
        url = reverse("volunteers:my_data", args=[token])
    if case == "expired":
        VolunteerLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    if case == "after anonymisation":
        services.anonymise_volunteer(volunteer=volunteer, reason="Test")
    before = Volunteer.objects.values().get(pk=volunteer.pk)
    assert _gone(getattr(client, method)(url, {"action": "delete"}))
    assert Volunteer.objects.values().get(pk=volunteer.pk) == before


def test_every_kind_of_link_works_until_it_expires(client, db, settings):
    volunteer = _volunteer()
    for name, purpose in [
        ("volunteers:confirm", "confirm"),
        ("volunteers:my_data", "data"),
        ("volunteers:my_data_json", "data"),
        ("volunteers:stay", "stay"),
        ("volunteers:delete", "delete"),
    ]:
        url = reverse(name, args=[services.volunteer_token(volunteer, purpose)])
        assert client.get(url).status_code == 200, name
        VolunteerLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        assert _gone(client.get(url))


def test_links_last_as_long_as_settings_say(db, settings):
    settings.VOLUNTEER_LINK_VALID_DAYS = 30
    settings.VOLUNTEER_DELETE_LINK_VALID_MINUTES = 60
    volunteer = _volunteer()
    for purpose, lifetime in [
        ("confirm", timedelta(days=30)),
        ("data", timedelta(days=30)),
        ("stay", timedelta(days=30)),
        ("delete", timedelta(minutes=60)),
    ]:
        link, _token = VolunteerLink.issue(volunteer=volunteer, purpose=purpose)
        assert link.expires_at - link.created_at == lifetime


def _delete_link(message):
    return re.search(r"https?://[^/]+(/frivillig/slet/\S+/)", message.body).group(1)


def test_deleting_needs_a_fresh_single_use_link_from_the_inbox(
    client, db, django_capture_on_commit_callbacks
):
    volunteer = _volunteer(skills="Kan bage")
    data_url = reverse("volunteers:my_data", args=[services.volunteer_token(volunteer, "data")])

    # The data page's button deletes nothing: it mails a link.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(data_url, {"action": "delete"})
    assert response.status_code == 200
    assert "Vi har sendt dig en e-mail" in response.text
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None and volunteer.skills == "Kan bage"
    [message] = mail.outbox
    assert message.to == ["frida@test.dk"]
    delete_url = _delete_link(message)

    # Opening the mailed link (a mail scanner does) deletes nothing either.
    page = client.get(delete_url)
    assert page.status_code == 200
    assert "Ja, slet mine oplysninger" in page.text
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is None

    response = client.post(delete_url)
    assert "Dine oplysninger er slettet" in response.text
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at and not volunteer.first_name and not volunteer.skills
    assert volunteer.email != "frida@test.dk"
    assert _gone(client.post(delete_url))
    assert _gone(client.get(data_url))
    assert not VolunteerLink.objects.exists()


def test_a_used_delete_link_does_not_work_twice(db):
    volunteer = _volunteer()
    token = services.volunteer_token(volunteer, "delete")
    assert services.delete_volunteer_by_link(token=token) is not None
    assert services.delete_volunteer_by_link(token=token) is None


def test_the_secretariat_resend_mails_a_fresh_confirmation_link(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    volunteer = _volunteer()
    services.set_volunteer_consent(volunteer=volunteer, purpose="contact", given=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretariat).post(reverse("volunteers:resend", args=[volunteer.pk]))
    confirm = re.search(r"https?://[^/]+(/frivillig/bekraeft/\S+/)", mail.outbox[0].body).group(1)
    Client().post(confirm)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is not None


def test_pages_with_personal_data_are_never_cached(client, client_for, secretariat, db):
    volunteer = _volunteer()
    VolunteerNote.objects.create(volunteer=volunteer, body="Ringede.")
    public = [
        reverse("volunteers:my_data", args=[services.volunteer_token(volunteer, "data")]),
        reverse("volunteers:my_data_json", args=[services.volunteer_token(volunteer, "data")]),
        reverse("volunteers:confirm", args=[services.volunteer_token(volunteer, "confirm")]),
        reverse("volunteers:stay", args=[services.volunteer_token(volunteer, "stay")]),
        reverse("volunteers:delete", args=[services.volunteer_token(volunteer, "delete")]),
    ]
    for url in public:
        response = Client().get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url
    staff = client_for(secretariat)
    for url in [
        reverse("volunteers:list"),
        reverse("volunteers:detail", args=[volunteer.pk]),
        reverse("volunteers:export"),
    ]:
        response = staff.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}
