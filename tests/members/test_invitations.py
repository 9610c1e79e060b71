import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation, User

NEW_PASSWORD = "en lang og god adgangskode"


def _invite(client, org, **overrides):
    data = {
        "full_name": "Ny Person",
        "email": "Ny.Person@Test.dk",
        "role": "member",
        "organisation": org.pk,
        "job_title": "Konsulent",
        "phone": "",
    }
    return client.post(reverse("members:user_invite"), {**data, **overrides})


def _link_path(message):
    return re.search(r"https?://[^/]+(/konto/invitation/\S+/)", message.body).group(1)


def test_invitation_mails_a_link_that_sets_a_password_once(
    client_for, secretariat, organisation_a, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, organisation_a)
    assert response.status_code == 302
    person = User.objects.get(email="ny.person@test.dk")
    assert not person.has_usable_password()
    assert person.organisation == organisation_a
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny.person@test.dk"]
    assert "Sara Sekretariat" in mail.outbox[0].body
    path = _link_path(mail.outbox[0])

    client.logout()
    form = client.get(path)
    assert "Velkommen" in form.text
    accepted = client.post(
        path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    # Signed in at once, on the home page, without typing the new password again.
    assert accepted.redirect_chain == [(reverse("communication:home"), 302)]
    assert accepted.wsgi_request.user == person
    assert "du er logget ind" in accepted.text
    client.logout()
    assert client.login(username="ny.person@test.dk", password=NEW_PASSWORD)

    client.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert "Linket virker ikke længere" in again.text


def test_expired_invitation_is_refused(client, secretariat, member_a):
    member_a.set_unusable_password()
    member_a.save()
    invitation, token = Invitation.issue(user=member_a, invited_by=secretariat)
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    path = reverse("members:invitation_accept", args=[token])
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 410
    member_a.refresh_from_db()
    assert not member_a.has_usable_password()


def test_unknown_token_is_refused(client, db):
    response = client.get(reverse("members:invitation_accept", args=["gaet-ikke-noeglen"]))
    assert response.status_code == 410


def test_weak_password_is_refused_in_danish_and_link_still_works(client, secretariat, member_a):
    member_a.set_unusable_password()
    member_a.save()
    _, token = Invitation.issue(user=member_a, invited_by=secretariat)
    path = reverse("members:invitation_accept", args=[token])
    response = client.post(path, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "for kort" in response.text
    assert client.get(path).status_code == 200


def test_member_needs_an_organisation(client_for, secretariat, organisation_a):
    response = _invite(client_for(secretariat), organisation_a, organisation="")
    assert response.status_code == 200
    assert "Et medlem skal høre til en organisation" in response.text
    assert 'value="Ny Person"' in response.text
    assert not User.objects.filter(email="ny.person@test.dk").exists()


def test_secretariat_may_be_invited_without_organisation(client_for, secretariat, organisation_a):
    response = _invite(client_for(secretariat), organisation_a, role="secretariat", organisation="")
    assert response.status_code == 302
    assert User.objects.get(email="ny.person@test.dk").role == "secretariat"


def test_an_existing_email_is_refused_whatever_its_case(client_for, secretariat, member_a):
    response = _invite(client_for(secretariat), member_a.organisation, email="A@TEST.DK")
    assert response.status_code == 200
    assert "Der findes allerede en bruger med den e-mailadresse." in response.text


@pytest.mark.parametrize("email", ["ikke-en-adresse", "a@", "x" * 300 + "@test.dk"])
def test_invalid_email_is_refused(client_for, secretariat, organisation_a, email):
    response = _invite(client_for(secretariat), organisation_a, email=email)
    assert response.status_code == 200
    assert list(User.objects.all()) == [secretariat]


def test_reinviting_replaces_the_old_link(
    client_for, secretariat, organisation_a, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, organisation_a)
    person = User.objects.get(email="ny.person@test.dk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:user_reinvite", args=[person.pk]))
    old, new = _link_path(mail.outbox[0]), _link_path(mail.outbox[1])
    client.logout()
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_a_deactivated_person_cannot_use_their_invitation(client, secretariat, member_a):
    from members.services import set_user_active

    member_a.set_unusable_password()
    member_a.save()
    _, token = Invitation.issue(user=member_a, invited_by=secretariat)
    set_user_active(user=member_a, active=False, by=secretariat)
    assert client.get(reverse("members:invitation_accept", args=[token])).status_code == 410


def test_mail_failure_does_not_break_the_invitation(
    client_for, secretariat, organisation_a, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(secretariat), organisation_a)
    assert response.status_code == 302
    assert User.objects.filter(email="ny.person@test.dk").exists()
