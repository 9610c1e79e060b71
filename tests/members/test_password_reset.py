import re

from django.core import mail
from django.urls import reverse

from members.models import User

NEW_PASSWORD = "en helt ny adgangskode"


def test_forgotten_password_is_reset_through_the_mailed_link(
    client, member_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:password_reset"), {"email": "A@test.dk"})
    assert response["Location"] == reverse("members:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Ny adgangskode til")
    link = re.search(r"https?://[^/]+(/konto/nulstil/\S+/)", mail.outbox[0].body).group(1)

    form_url = client.get(link)["Location"]  # Django swaps the token for a session key
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("members:password_reset_complete")
    assert client.login(username="a@test.dk", password=NEW_PASSWORD)


def test_the_reset_mail_is_in_the_persons_own_language(
    client, member_a, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member_a.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:password_reset"), {"email": "a@test.dk"})
    assert mail.outbox[0].subject.startswith("New password for")


def test_unknown_address_gets_the_same_answer_and_no_mail(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:password_reset"), {"email": "ukendt@test.dk"})
    assert response["Location"] == reverse("members:password_reset_done")
    assert mail.outbox == []


def test_member_changes_password(client_for, member_a):
    from tests.conftest import PASSWORD

    client = client_for(member_a)
    response = client.post(
        reverse("members:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("members:password_change_done")
    client.logout()
    assert client.login(username=member_a.email, password=NEW_PASSWORD)


def test_login_with_wrong_password_explains_in_danish(client, member_a):
    response = client.post(
        reverse("members:login"), {"username": member_a.email, "password": "forkert"}
    )
    assert response.status_code == 200
    assert "E-mail og adgangskode passer ikke sammen" in response.text


def test_login_ignores_the_case_of_the_email(client, member_a):
    from tests.conftest import PASSWORD

    response = client.post(
        reverse("members:login"), {"username": "A@TEST.DK", "password": PASSWORD}
    )
    assert response.status_code == 302
