import json
import re
import threading
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_commitment, make_initiative
from volunteers import services
from volunteers.models import Consent, Volunteer, VolunteerNote


def _signup(**overrides):
    data = {
        "first_name": "Frida",
        "last_name": "Frivillig",
        "email": "Frida@Test.dk",
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


def _link(message, name):
    return re.search(rf"https?://[^/]+(/frivillig/{name}/\S+/)", message.body).group(1)


def test_visitor_signs_up_gets_a_confirmation_mail_and_confirms(
    client, db, django_capture_on_commit_callbacks
):
    initiative = make_initiative(
        is_public=True, wants_volunteers=True, volunteer_description="Lektiehjælp."
    )
    response = _post(
        client,
        _signup(interests=[initiative.pk], consent_newsletter="on"),
        django_capture_on_commit_callbacks,
    )
    assert response["Location"] == reverse("volunteers:thanks")
    volunteer = Volunteer.objects.get()
    assert (volunteer.email, volunteer.phone, volunteer.email_confirmed_at) == (
        "frida@test.dk",
        "+4512345678",
        None,
    )
    assert list(volunteer.interests.all()) == [initiative]
    assert {(c.purpose, c.text_version) for c in Consent.objects.all()} == {
        ("contact", "2026-11"),
        ("newsletter", "2026-11"),
    }
    assert "frida@test.dk" in client.get(response["Location"]).text

    message = mail.outbox[0]
    assert message.to == ["frida@test.dk"]
    assert "/frivillig/mine-data/" in message.body  # every mail links to the data page
    confirm = _link(message, "bekraeft")
    assert client.get(confirm).status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is None  # opening the link alone confirms nothing
    client.post(confirm)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "ikke-en-adresse", "gyldig e-mail"),
        ("phone", "123", "Skriv et dansk telefonnummer"),
        ("postcode", "0000", "Skriv et dansk postnummer"),
        ("first_name", "x" * 101, "højst have 100 tegn"),
        ("skills", "<script>alert(1)</script>", "uden HTML-koder"),
        ("message", '<img src=x onerror="alert(1)">', "uden HTML-koder"),
        ("consent_contact", "", "Sæt kryds, hvis vi må kontakte dig"),
    ],
)
def test_bad_input_is_explained_kept_and_never_stored(client, db, field, value, message):
    data = _signup(**{field: value})
    if not value:
        del data[field]
    response = client.post(reverse("volunteers:signup"), data)
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Frivillig"' in response.text  # the rest of the input is kept
    assert not Volunteer.objects.exists()


def test_a_second_signup_with_the_same_email_waits_for_the_owner(
    client, db, django_capture_on_commit_callbacks
):
    _post(client, _signup(), django_capture_on_commit_callbacks)
    _post(
        client,
        _signup(email="FRIDA@test.dk", skills="Kan køre bus", availability=["weekends"]),
        django_capture_on_commit_callbacks,
    )
    volunteer = Volunteer.objects.get()
    assert volunteer.skills == "Lektiehjælp i matematik"
    client.post(_link(mail.outbox[-1], "aendringer"))
    volunteer.refresh_from_db()
    assert "Lektiehjælp i matematik" in volunteer.skills and "Kan køre bus" in volunteer.skills
    assert sorted(volunteer.availability) == ["evenings", "weekends"]
    assert "Tilmeldte sig igen" in VolunteerNote.objects.get().body
    assert Consent.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_honeypot_pretends_success_and_stores_nothing(client, db):
    response = client.post(reverse("volunteers:signup"), _signup(website="http://spam.example"))
    assert response["Location"] == reverse("volunteers:thanks")
    assert not Volunteer.objects.exists()


def test_a_form_sent_too_fast_is_refused_but_kept(client, db, settings):
    settings.VOLUNTEER_MIN_FILL_SECONDS = 3
    started = signing.dumps(timezone.now().timestamp(), salt="members.volunteer.started")
    response = client.post(reverse("volunteers:signup"), _signup(started=started))
    assert "Formularen blev sendt meget hurtigt" in response.text
    assert 'value="Frida"' in response.text
    assert not Volunteer.objects.exists()


def test_too_many_signups_from_one_address_are_refused(client, db, settings):
    settings.VOLUNTEER_SIGNUPS_PER_IP_PER_HOUR = 2
    for number in range(3):
        response = client.post(reverse("volunteers:signup"), _signup(email=f"f{number}@test.dk"))
    assert response.status_code == 200
    assert "mange tilmeldinger fra din forbindelse" in response.text
    assert Volunteer.objects.count() == 2


def test_the_form_offers_only_public_initiatives_that_want_volunteers(client, db):
    make_initiative(name="Lektiecafé", is_public=True, wants_volunteers=True)
    make_initiative(name="Intern", is_public=False, wants_volunteers=True)
    make_initiative(name="Fuldt hus", is_public=True, wants_volunteers=False)
    html = client.get(reverse("volunteers:signup")).text
    assert "Lektiecafé" in html
    assert "Intern" not in html and "Fuldt hus" not in html


def _volunteer(**fields):
    fields.setdefault("email", f"v{Volunteer.objects.count()}@test.dk")
    fields.setdefault("first_name", "Frida")
    fields.setdefault("last_name", "Frivillig")
    return Volunteer.objects.create(**fields)


def test_secretariat_moves_a_volunteer_along_and_assigns_an_initiative(client_for, secretariat):
    volunteer = _volunteer()
    initiative = make_initiative(name="Lektiecafé")
    url = reverse("volunteers:detail", args=[volunteer.pk])
    response = client_for(secretariat).post(
        url,
        {"status": "contacted", "assigned_initiative": initiative.pk, "version": volunteer.version},
    )
    assert response["Location"] == url
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.assigned_initiative) == ("contacted", initiative)


def test_no_active_volunteer_with_children_before_the_certificate_is_assessed(
    client_for, secretariat
):
    volunteer = _volunteer(status="contacted", email_confirmed_at=timezone.now())
    initiative = make_initiative(name="Legestue", involves_children=True)
    client = client_for(secretariat)
    url = reverse("volunteers:detail", args=[volunteer.pk])
    data = {"status": "active", "assigned_initiative": initiative.pk}
    response = client.post(url, data | {"version": volunteer.version})
    assert response.status_code == 200
    assert "børn under 15 år" in response.text
    volunteer.refresh_from_db()
    assert volunteer.status == "contacted"

    client.post(
        reverse("volunteers:certificate", args=[volunteer.pk]), {"checked_on": "2026-11-20"}
    )
    volunteer.refresh_from_db()
    assert volunteer.child_certificate_checked_by == secretariat
    response = client.post(url, data | {"version": volunteer.version})
    volunteer.refresh_from_db()
    assert volunteer.status == "active"


def test_notes_are_for_the_secretariat_only(client_for, secretariat, member_a):
    initiative = make_initiative(lead=member_a.organisation)
    volunteer = _volunteer(assigned_initiative=initiative)
    client_for(secretariat).post(
        reverse("volunteers:note", args=[volunteer.pk]), {"body": "Ringede tirsdag."}
    )
    assert (
        "Ringede tirsdag."
        in client_for(secretariat).get(reverse("volunteers:detail", args=[volunteer.pk])).text
    )
    member_view = client_for(member_a).get(reverse("volunteers:list"))
    assert "Frida Frivillig" in member_view.text
    assert "Ringede tirsdag." not in member_view.text
    assert (
        client_for(member_a).get(reverse("volunteers:detail", args=[volunteer.pk])).status_code
        == 403
    )


def test_members_see_only_volunteers_in_their_organisations_work(
    client_for, member_a, member_b, organisation_b
):
    led_by_a = make_initiative(lead=member_a.organisation)
    with_b = make_initiative()
    make_commitment(initiative=with_b, organisation=organisation_b)
    _volunteer(first_name="Anton", assigned_initiative=led_by_a)
    _volunteer(first_name="Bente", assigned_initiative=with_b)
    _volunteer(first_name="Carl")
    a_names = [
        v.first_name for v in client_for(member_a).get(reverse("volunteers:list")).context["page"]
    ]
    b_names = [
        v.first_name for v in client_for(member_b).get(reverse("volunteers:list")).context["page"]
    ]
    assert a_names == ["Anton"]
    assert b_names == ["Bente"]


def test_inbox_filters_and_marks_unconfirmed(client_for, secretariat):
    _volunteer(first_name="Ubekræftet")
    _volunteer(first_name="Bekræftet", email_confirmed_at=timezone.now(), status="contacted")
    client = client_for(secretariat)
    response = client.get(reverse("volunteers:list"), {"unconfirmed": "on"})
    assert [v.first_name for v in response.context["page"]] == ["Ubekræftet"]
    assert "ikke bekræftet" in response.text
    response = client.get(reverse("volunteers:list"), {"status": "contacted"})
    assert [v.first_name for v in response.context["page"]] == ["Bekræftet"]


def test_csv_export(client_for, secretariat, member_a):
    _volunteer(phone="+4512345678", availability=["weekends"])
    response = client_for(secretariat).get(reverse("volunteers:export"))
    text = response.content.decode()
    assert text.startswith("\ufeffFornavn;Efternavn;E-mail")
    assert "Frida;Frivillig;v0@test.dk;'+4512345678" in text
    assert client_for(member_a).get(reverse("volunteers:export")).status_code == 403


def test_volunteer_sees_downloads_and_withdraws_consent_through_the_link(client, db):
    volunteer = _volunteer()
    Consent.objects.create(volunteer=volunteer, purpose="newsletter", text_version="2026-11")
    url = reverse("volunteers:my_data", args=[services.volunteer_token(volunteer, "data")])
    assert "v0@test.dk" in client.get(url).text
    data = json.loads(client.get(url + "json/").content)
    assert data["e-mail"] == "v0@test.dk"
    client.post(url, {})  # every box unticked
    assert Consent.objects.get().withdrawn_at is not None
    client.post(url, {"newsletter": "on"})
    assert Consent.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_volunteer_deletes_themselves_and_the_link_stops_working(
    client, db, django_capture_on_commit_callbacks
):
    volunteer = _volunteer(skills="Kan bage")
    url = reverse("volunteers:my_data", args=[services.volunteer_token(volunteer, "data")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "delete"})
    assert "Vi har sendt dig en e-mail" in response.text
    response = client.post(_link(mail.outbox[-1], "slet"))
    assert "Dine oplysninger er slettet" in response.text
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at and not volunteer.first_name and not volunteer.skills
    assert volunteer.email != "v0@test.dk"
    assert client.get(url).status_code == 410


def test_forged_or_expired_links_are_refused(client, db, settings):
    volunteer = _volunteer()
    forged = reverse("volunteers:my_data", args=["abc:def"])
    assert client.get(forged).status_code == 410
    settings.VOLUNTEER_LINK_VALID_DAYS = -1
    token = services.volunteer_token(volunteer, "data")
    assert client.get(reverse("volunteers:my_data", args=[token])).status_code == 410
    # A link for one purpose does not open another.
    settings.VOLUNTEER_LINK_VALID_DAYS = 30
    token = services.volunteer_token(volunteer, "data")
    assert client.get(reverse("volunteers:confirm", args=[token])).status_code == 410


def test_secretariat_anonymises_a_volunteer(client_for, secretariat):
    volunteer = _volunteer()
    VolunteerNote.objects.create(volunteer=volunteer, body="Privat note")
    client_for(secretariat).post(reverse("volunteers:anonymise", args=[volunteer.pk]))
    volunteer.refresh_from_db()
    assert volunteer.anonymised_at is not None
    assert not VolunteerNote.objects.filter(body="Privat note").exists()
    assert "Frida" not in client_for(secretariat).get(reverse("volunteers:list")).text


def test_purge_anonymises_the_ended_and_the_unconfirmed_after_their_periods(db):
    long_ago = timezone.now() - timedelta(days=800)
    ended = _volunteer(status="ended", status_changed_at=long_ago, email_confirmed_at=long_ago)
    unconfirmed = _volunteer(created_at=timezone.now() - timedelta(days=40))
    recent = _volunteer(created_at=timezone.now() - timedelta(days=5))
    active = _volunteer(status="active", created_at=long_ago, email_confirmed_at=long_ago)
    call_command("purge_volunteers", stdout=__import__("io").StringIO())
    for volunteer in [ended, unconfirmed, recent, active]:
        volunteer.refresh_from_db()
    assert ended.anonymised_at and unconfirmed.anonymised_at
    assert not recent.anonymised_at and not active.anonymised_at


def test_yearly_question_pauses_those_who_do_not_answer(db, django_capture_on_commit_callbacks):
    year_ago = timezone.now() - timedelta(days=400)
    asked = _volunteer(status="active", created_at=year_ago, email_confirmed_at=year_ago)
    services.set_volunteer_consent(volunteer=asked, purpose="contact", given=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_volunteers_to_stay(base_url="http://portal.test")
    assert "/frivillig/bliv/" in mail.outbox[0].body
    asked.refresh_from_db()
    assert asked.stay_asked_at is not None

    later = timezone.now() + timedelta(days=31)
    services.ask_volunteers_to_stay(base_url="http://portal.test", now=later)
    asked.refresh_from_db()
    assert asked.status == "paused"


def test_a_page_opened_before_the_yearly_pause_cannot_set_the_volunteer_active_unseen(
    client_for, secretariat
):
    year_ago = timezone.now() - timedelta(days=400)
    volunteer = _volunteer(status="active", created_at=year_ago, email_confirmed_at=year_ago)
    services.ask_volunteers_to_stay(base_url="http://portal.test")
    volunteer.refresh_from_db()
    opened_at = volunteer.version

    services.ask_volunteers_to_stay(
        base_url="http://portal.test", now=timezone.now() + timedelta(days=31)
    )
    response = client_for(secretariat).post(
        reverse("volunteers:detail", args=[volunteer.pk]),
        {"status": "active", "assigned_initiative": "", "version": opened_at},
    )
    assert "En anden har gemt ændringer" in response.text
    volunteer.refresh_from_db()
    assert volunteer.status == "paused"


def test_answering_the_yearly_question_keeps_the_volunteer_active(client, db):
    year_ago = timezone.now() - timedelta(days=400)
    volunteer = _volunteer(status="active", created_at=year_ago)
    services.ask_volunteers_to_stay(base_url="http://portal.test")
    client.post(reverse("volunteers:stay", args=[services.volunteer_token(volunteer, "stay")]))
    services.ask_volunteers_to_stay(
        base_url="http://portal.test", now=timezone.now() + timedelta(days=31)
    )
    volunteer.refresh_from_db()
    assert volunteer.status == "active"


def test_a_mail_outage_loses_no_signup(client, db, settings, django_capture_on_commit_callbacks):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    response = _post(client, _signup(), django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("volunteers:thanks")
    assert Volunteer.objects.filter(email="frida@test.dk").exists()


class PortalServer(ThreadedWSGIServer):
    """The portal behind a listen queue and a worker pool the size of a production node.

    Django's test server accepts only 10 waiting connections; gunicorn accepts
    2048 and runs a bounded number of workers, which this mimics, so a burst
    of sign-ups meets the portal as it would in production.
    """

    request_queue_size = 256
    workers = threading.BoundedSemaphore(16)

    def process_request_thread(self, request, client_address):
        with self.workers:
            super().process_request_thread(request, client_address)


@pytest.fixture
def portal_server(transactional_db, settings):
    settings.VOLUNTEER_SIGNUPS_PER_IP_PER_HOUR = 1000
    server = PortalServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    # A short poll interval: shutting down waits for the current one to end.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# Skipped before the server and the emptied-afterwards database are set up.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; CI runs this on PostgreSQL",
)
def test_a_hundred_simultaneous_signups_make_a_hundred_volunteers(portal_server):
    # 90 distinct addresses and 10 repeats in other case: 90 volunteers. A
    # repeat changes nothing; its owner is mailed instead.
    emails = [f"frivillig{n}@test.dk" for n in range(90)] + [
        f"FRIVILLIG{n}@test.dk" for n in range(10)
    ]
    barrier = threading.Barrier(len(emails))
    outcomes, errors = [], []

    def sign_up(email):
        try:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
            form = opener.open(portal_server + reverse("volunteers:signup"), timeout=60)
            token = re.search(
                r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode()
            ).group(1)
            body = urllib.parse.urlencode(
                _signup(email=email, csrfmiddlewaretoken=token), doseq=True
            ).encode()
            barrier.wait(timeout=60)
            with opener.open(portal_server + reverse("volunteers:signup"), body, 60) as answer:
                outcomes.append(answer.url.endswith(reverse("volunteers:thanks")))
        except Exception as error:  # collected and reported below
            errors.append((email, repr(error)))

    threads = [threading.Thread(target=sign_up, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert outcomes == [True] * 100
    assert Volunteer.objects.count() == 90
    assert not VolunteerNote.objects.exists()
    assert len(mail.outbox) == 100
    assert sorted({tuple(message.to) for message in mail.outbox}) == sorted(
        {(email.lower(),) for email in emails}
    )
