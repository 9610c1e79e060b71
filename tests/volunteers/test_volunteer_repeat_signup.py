"""A sign-up with a known address changes nothing until the address's owner confirms it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from tests.factories import make_initiative
from volunteers.models import Consent, PendingVolunteerChange, Volunteer, VolunteerNote


def _signup(**overrides):
    data = {
        "first_name": "Frida",
        "last_name": "Frivillig",
        "email": "frida@test.dk",
        "phone": "12 34 56 78",
        "postcode": "3000",
        "skills": "Lektiehjælp i matematik",
        "availability": ["evenings"],
        "consent_contact": "on",
    }
    return data | overrides


def _post(client, data, callbacks):
    with callbacks(execute=True):
        return client.post(reverse("volunteers:signup"), data)


def _change_link(message):
    return re.search(r"https?://[^/]+(/frivillig/aendringer/\S+/)", message.body).group(1)


@pytest.fixture
def frida(db, django_capture_on_commit_callbacks):
    """A confirmed volunteer with one interest, a contact consent and a note."""
    lektier = make_initiative(name="Lektiecafé", is_public=True, wants_volunteers=True)
    _post(Client(), _signup(interests=[lektier.pk]), django_capture_on_commit_callbacks)
    volunteer = Volunteer.objects.get()
    volunteer.email_confirmed_at = timezone.now()
    volunteer.save()
    VolunteerNote.objects.create(volunteer=volunteer, body="Ringede tirsdag.")
    mail.outbox.clear()
    return volunteer


def _snapshot(volunteer):
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    return {
        "fields": {
            field: getattr(volunteer, field)
            for field in [
                "first_name",
                "last_name",
                "email",
                "phone",
                "postcode",
                "interest_text",
                "skills",
                "availability",
                "message",
                "email_confirmed_at",
                "version",
            ]
        },
        "interests": sorted(volunteer.interests.values_list("name", flat=True)),
        "consents": sorted(
            Consent.objects.filter(volunteer=volunteer).values_list(
                "purpose", "given_at", "withdrawn_at"
            )
        ),
        "notes": list(VolunteerNote.objects.filter(volunteer=volunteer).values_list("body")),
    }


def _mallory(**overrides):
    """Someone else's sign-up with Frida's address."""
    byg = Initiative.objects.filter(name="Byg & Anlæg").first() or make_initiative(
        name="Byg & Anlæg", is_public=True, wants_volunteers=True
    )
    return _signup(
        **{
            "first_name": "Mallory",
            "last_name": "Mørk",
            "email": "FRIDA@test.dk",
            "phone": "87 65 43 21",
            "postcode": "2100",
            "skills": "Kan køre bus",
            "availability": ["weekends"],
            "interests": [byg.pk],
            "consent_newsletter": "on",
        }
        | overrides
    )


def test_a_repeat_signup_changes_nothing_and_mails_the_address_on_file(
    frida, django_capture_on_commit_callbacks
):
    before = _snapshot(frida)
    response = _post(Client(), _mallory(), django_capture_on_commit_callbacks)

    assert response["Location"] == reverse("volunteers:thanks")
    assert _snapshot(frida) == before
    assert PendingVolunteerChange.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["frida@test.dk"]
    assert "Bekræft ændringer" in message.subject
    for line in [
        "Fornavn: Frida → Mallory",
        "Efternavn: Frivillig → Mørk",
        "Telefon: +4512345678 → +4587654321",
        "Postnummer: 3000 → 2100",
        "Kompetencer og erfaring: Lektiehjælp i matematik → Lektiehjælp i matematik / Kan køre bus",
        "Tid: Aftener → Aftener, Weekender",
        "Interesserede indsatser: Lektiecafé → Lektiecafé, Byg & Anlæg",
        "Samtykke: Nyhedsbrev: nej → ja",
    ]:
        assert line in message.body
    assert "&amp;" not in message.body
    assert "/frivillig/aendringer/" in message.body
    assert "/frivillig/mine-data/" in message.body


def test_opening_the_link_shows_the_changes_and_only_the_button_applies_them(
    frida, client, django_capture_on_commit_callbacks
):
    _post(Client(), _mallory(), django_capture_on_commit_callbacks)
    before = _snapshot(frida)
    link = _change_link(mail.outbox[-1])

    page = client.get(link)
    assert page.status_code == 200
    assert "Mallory" in page.text and "Byg &amp; Anlæg" in page.text
    assert "no-store" in page["Cache-Control"]
    assert _snapshot(frida) == before  # a mail scanner opening the link changes nothing

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/frivillig/mine-data/")
    frida.refresh_from_db()
    assert (frida.first_name, frida.last_name, frida.phone, frida.postcode) == (
        "Mallory",
        "Mørk",
        "+4587654321",
        "2100",
    )
    assert "Lektiehjælp i matematik" in frida.skills and "Kan køre bus" in frida.skills
    assert sorted(frida.availability) == ["evenings", "weekends"]
    assert sorted(frida.interests.values_list("name", flat=True)) == ["Byg & Anlæg", "Lektiecafé"]
    assert set(
        frida.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    ) == {"contact", "newsletter"}
    assert PendingVolunteerChange.objects.get().applied_at is not None
    assert frida.notes.filter(body__contains="Tilmeldte sig igen").exists()


def test_a_spent_change_link_answers_410_and_changes_nothing(
    frida, client, django_capture_on_commit_callbacks
):
    _post(Client(), _mallory(), django_capture_on_commit_callbacks)
    link = _change_link(mail.outbox[-1])
    client.post(link)
    Volunteer.objects.filter(pk=frida.pk).update(first_name="Frida")
    before = _snapshot(frida)

    for method in [client.get, client.post]:
        response = method(link)
        assert response.status_code == 410
        assert "Linket virker ikke længere" in response.text
    assert _snapshot(frida) == before


def test_an_expired_change_link_answers_410_and_changes_nothing(
    frida, client, django_capture_on_commit_callbacks
):
    _post(Client(), _mallory(), django_capture_on_commit_callbacks)
    link = _change_link(mail.outbox[-1])
    PendingVolunteerChange.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    before = _snapshot(frida)

    for method in [client.get, client.post]:
        response = method(link)
        assert response.status_code == 410
        assert "Linket virker ikke længere" in response.text
    assert _snapshot(frida) == before


def test_a_change_expires_after_the_configured_days(
    frida, settings, django_capture_on_commit_callbacks
):
    settings.VOLUNTEER_CHANGE_VALID_DAYS = 7
    _post(Client(), _mallory(), django_capture_on_commit_callbacks)
    change = PendingVolunteerChange.objects.get()
    assert change.expires_at - change.created_at == timedelta(days=7)
    assert "udløber" in mail.outbox[-1].body


def test_other_links_do_not_open_the_change_page_nor_the_other_way_round(
    frida, client, django_capture_on_commit_callbacks
):
    from volunteers.services import volunteer_token

    _post(Client(), _mallory(), django_capture_on_commit_callbacks)
    change_token = _change_link(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]
    data_token = volunteer_token(frida, "data")
    assert client.get(reverse("volunteers:change", args=[data_token])).status_code == 410
    assert client.post(reverse("volunteers:change", args=[data_token])).status_code == 410
    assert client.get(reverse("volunteers:my_data", args=[change_token])).status_code == 410
    assert client.get(reverse("volunteers:change", args=[change_token[:-3]])).status_code == 410


def test_a_repeat_of_a_never_confirmed_signup_is_staged_too(
    db, client, django_capture_on_commit_callbacks
):
    _post(Client(), _signup(), django_capture_on_commit_callbacks)
    volunteer = Volunteer.objects.get()
    assert volunteer.email_confirmed_at is None
    mail.outbox.clear()
    before = _snapshot(volunteer)

    _post(Client(), _mallory(), django_capture_on_commit_callbacks)
    assert _snapshot(volunteer) == before
    [message] = mail.outbox
    assert "Fornavn: Frida → Mallory" in message.body
    assert "/frivillig/bekraeft/" not in message.body

    # Confirming from the inbox proves the address as well.
    client.post(_change_link(message))
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Mallory"
    assert volunteer.email_confirmed_at is not None


def test_a_repeat_with_nothing_new_stages_nothing_and_tells_the_owner(
    frida, django_capture_on_commit_callbacks
):
    before = _snapshot(frida)
    _post(Client(), _signup(email="Frida@Test.dk"), django_capture_on_commit_callbacks)
    assert _snapshot(frida) == before
    assert not PendingVolunteerChange.objects.exists()
    [message] = mail.outbox
    assert message.to == ["frida@test.dk"]
    assert "allerede tilmeldt" in message.subject
    assert "/frivillig/aendringer/" not in message.body


def test_a_repeat_with_nothing_new_resends_the_confirmation_when_never_confirmed(
    db, django_capture_on_commit_callbacks
):
    _post(Client(), _signup(), django_capture_on_commit_callbacks)
    _post(Client(), _signup(), django_capture_on_commit_callbacks)
    assert Volunteer.objects.count() == 1
    assert [("/frivillig/bekraeft/" in m.body) for m in mail.outbox] == [True, True]


def _page_without_per_request_values(response):
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_the_answer_is_the_same_for_a_new_and_a_known_address(
    db, django_capture_on_commit_callbacks
):
    new, known = Client(), Client()
    new_post = _post(new, _signup(), django_capture_on_commit_callbacks)
    known_post = _post(known, _mallory(), django_capture_on_commit_callbacks)
    assert (new_post.status_code, new_post["Location"]) == (
        known_post.status_code,
        known_post["Location"],
    )
    new_page = new.get(new_post["Location"])
    known_page = known.get(known_post["Location"])
    assert new_page.status_code == known_page.status_code == 200
    assert _page_without_per_request_values(new_page) == _page_without_per_request_values(
        known_page
    )


def test_purge_deletes_expired_staged_changes_and_keeps_the_rest(
    frida, django_capture_on_commit_callbacks
):
    _post(Client(), _mallory(), django_capture_on_commit_callbacks)
    _post(Client(), _mallory(first_name="Mads"), django_capture_on_commit_callbacks)
    old, fresh = PendingVolunteerChange.objects.order_by("created_at")
    PendingVolunteerChange.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("purge_volunteers", stdout=__import__("io").StringIO())
    assert list(PendingVolunteerChange.objects.all()) == [fresh]
    frida.refresh_from_db()
    assert frida.first_name == "Frida"
