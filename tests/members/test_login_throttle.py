"""Guessing passwords and flooding inboxes: log-in and password reset are throttled."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from alliance import ratelimit
from tests.conftest import PASSWORD

NEW_PASSWORD = "en helt ny adgangskode"
REFUSED = "Der har været for mange forsøg på at logge ind."
WRONG = "E-mail og adgangskode passer ikke sammen"


class CountingHasher(MD5PasswordHasher):
    """The tests' MD5 hasher, counting every password it checks or hashes."""

    calls = 0

    def verify(self, password, encoded):
        CountingHasher.calls += 1
        return super().verify(password, encoded)

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.members.test_login_throttle.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def _log_in(client, email, password, address="127.0.0.1"):
    return client.post(
        reverse("members:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _fail(client, email, times, address="127.0.0.1"):
    for _ in range(times):
        response = _log_in(client, email, "forkert-gæt", address)
        assert WRONG in response.text


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_before_any_password_is_checked(
    client, member_a, counting_hasher
):
    _fail(client, member_a.email, 5)
    counting_hasher.calls = 0

    response = _log_in(client, member_a.email, PASSWORD)

    assert counting_hasher.calls == 0
    assert not _logged_in(client)
    assert REFUSED in response.text
    until = timezone.localtime(ratelimit.window_ends(15 * 60))
    assert f"prøve igen kl. {date_format(until, 'H:i')}" in response.text
    assert f'href="{reverse("members:password_reset")}"' in response.text
    assert "Nulstil din adgangskode" in response.text


def test_the_refused_page_is_the_log_in_form_with_the_typed_email(client, member_a):
    _fail(client, member_a.email, 5)

    response = _log_in(client, member_a.email, PASSWORD)

    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]
    assert 'value="a@test.dk"' in response.text
    assert 'name="password"' in response.text
    [error] = response.context["form"].non_field_errors()
    assert error.startswith(REFUSED)


def test_the_account_is_counted_whatever_the_case_and_spaces(client, member_a):
    for typed in ["A@test.dk", "a@TEST.dk", " a@test.dk ", "A@TEST.DK", "a@test.dk"]:
        _log_in(client, typed, "forkert-gæt")

    assert REFUSED in _log_in(client, "a@test.dk", PASSWORD).text


def test_an_unknown_email_is_answered_like_a_known_one(client, member_a, counting_hasher):
    _fail(client, "ukendt@test.dk", 5)
    _fail(client, member_a.email, 5)
    counting_hasher.calls = 0

    unknown = _log_in(client, "ukendt@test.dk", "forkert-gæt")
    known = _log_in(client, member_a.email, "forkert-gæt")

    assert counting_hasher.calls == 0

    def alert(response):
        return re.search(r'<div class="alert alert-danger".*?</div>', response.text, re.S).group(0)

    assert alert(unknown) == alert(known)


def test_another_account_is_not_affected(client, member_a, member_b):
    _fail(client, member_a.email, 5)

    response = _log_in(client, member_b.email, PASSWORD)

    assert response.status_code == 302
    assert _logged_in(client)


def test_the_lock_ends_with_the_lockout_period(client, member_a, monkeypatch):
    _fail(client, member_a.email, 5)
    assert REFUSED in _log_in(client, member_a.email, PASSWORD).text

    later = ratelimit.window_ends(15 * 60).timestamp() + 1
    monkeypatch.setattr(ratelimit, "_now", lambda: later)

    assert _log_in(client, member_a.email, PASSWORD).status_code == 302


def test_a_successful_log_in_clears_the_failures(client, member_a):
    _fail(client, member_a.email, 4)
    assert _log_in(client, member_a.email, PASSWORD).status_code == 302
    client.logout()

    _fail(client, member_a.email, 4)
    assert _log_in(client, member_a.email, PASSWORD).status_code == 302


def test_a_log_in_without_a_password_does_not_lift_the_lock(client, member_a):
    _fail(client, member_a.email, 5)
    client.post(reverse("members:login"), {"username": member_a.email, "password": ""})

    assert REFUSED in _log_in(client, member_a.email, PASSWORD).text


def test_many_failures_from_one_address_lock_every_account_from_there(
    client, member_a, counting_hasher
):
    for number in range(30):  # LOGIN_FAILURES_PER_IP, one failure per account
        _fail(client, f"gaet{number}@test.dk", 1, address="192.0.2.7")
    counting_hasher.calls = 0

    response = _log_in(client, member_a.email, PASSWORD, address="192.0.2.7")

    assert counting_hasher.calls == 0
    assert REFUSED in response.text
    assert not _logged_in(client)
    assert _log_in(client, member_a.email, PASSWORD, address="198.51.100.1").status_code == 302


def test_the_numbers_come_from_the_settings(client, member_a, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    _fail(client, member_a.email, 2)

    assert REFUSED in _log_in(client, member_a.email, PASSWORD).text


# --- password reset ------------------------------------------------------------


def _request_reset(client, email, captured, address="127.0.0.1"):
    with captured(execute=True):
        response = client.post(
            reverse("members:password_reset"), {"email": email}, REMOTE_ADDR=address
        )
    assert response["Location"] == reverse("members:password_reset_done")
    return response


def test_a_fourth_reset_request_within_the_hour_sends_no_mail(
    client, member_a, django_capture_on_commit_callbacks
):
    for typed in ["a@test.dk", "A@test.dk", "a@TEST.DK", "a@test.dk"]:
        _request_reset(client, typed, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 3


def test_reset_requests_from_one_address_are_limited(
    client, member_a, django_capture_on_commit_callbacks
):
    for number in range(20):  # PASSWORD_RESETS_PER_IP_PER_HOUR
        _request_reset(client, f"gaet{number}@test.dk", django_capture_on_commit_callbacks)

    _request_reset(client, member_a.email, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    _request_reset(
        client, member_a.email, django_capture_on_commit_callbacks, address="198.51.100.1"
    )
    assert len(mail.outbox) == 1


def test_a_completed_password_reset_unlocks_the_log_in(
    client, member_a, django_capture_on_commit_callbacks
):
    _fail(client, member_a.email, 5)
    assert REFUSED in _log_in(client, member_a.email, PASSWORD).text

    _request_reset(client, member_a.email, django_capture_on_commit_callbacks)
    link = re.search(r"https?://[^/]+(/konto/nulstil/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("members:password_reset_complete")

    response = _log_in(client, member_a.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_admin_log_in_is_throttled_like_the_portals(client, superuser):
    url = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        client.post(url, {"username": superuser.email, "password": "forkert-gæt"})
    response = client.post(url, {"username": superuser.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "for mange forsøg" in response.text
    assert "_auth_user_id" not in client.session
