"""The portal's shell: front page, error pages, language, headers and what a page may load."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests import pagelist


def test_front_page_is_danish_and_offers_log_in(client, db):
    response = client.get("/")
    assert '<html lang="da">' in response.text
    assert "Collective Impact" in response.text
    assert reverse("members:login") in response.text


def test_language_switch_to_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
    assert "Skip to content" in response.text
    response = client.post(reverse("set_language"), {"language": "da", "next": "/"}, follow=True)
    assert "Log ind" in response.text


def test_unknown_page_answers_404_in_the_portals_look(client, db):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text
    assert "Gå til indholdet" in response.text  # the shared layout


def test_forbidden_page_answers_403_in_the_portals_look(client_for, member_a):
    response = client_for(member_a).get(reverse("members:user_list"))
    assert response.status_code == 403
    assert "Ingen adgang" in response.text


def test_server_error_page_renders_without_a_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


world = pagelist.world
# An image, script, frame or stylesheet from another site, or a form sending there.
OUTSIDE_RESOURCE = re.compile(
    r"""(\s(src|srcset|action|data)=|<link\b[^>]*\shref=)["']?(https?:)?//""", re.IGNORECASE
)


def _as_each_viewer(client, world, name):
    """The page as each role that may open it sees it: [(role, response)]."""
    for role in pagelist.viewers(name):
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(pagelist.url(name, world))
        assert response.status_code == 200, f"{role}: {response.status_code}"
        yield role, response


@pytest.mark.parametrize("name", pagelist.get_pages())
def test_pages_send_a_strict_content_security_policy(client, world, name):
    for role, response in _as_each_viewer(client, world, name):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy, role
        assert "unsafe-inline" not in policy, role
        assert "frame-ancestors 'none'" in policy, role


@pytest.mark.parametrize("name", pagelist.get_pages(html=True))
def test_pages_load_nothing_from_elsewhere_and_nothing_inline(client, world, name):
    for role, response in _as_each_viewer(client, world, name):
        html = response.text
        # Links to other sites are fine; what the browser fetches by itself is not.
        assert not re.search(OUTSIDE_RESOURCE, html), f"{role}: {re.search(OUTSIDE_RESOURCE, html)}"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"{role}: an inline script"
        assert not re.search(r"\sstyle=", html), f"{role}: an inline style"
        assert not re.search(r"\son[a-z]+=", html), f"{role}: an inline event handler"


def test_only_session_csrf_and_language_cookies(client, member_a):
    from tests.conftest import PASSWORD

    client.get(reverse("members:login"))
    client.post(reverse("members:login"), {"username": member_a.email, "password": PASSWORD})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.get(reverse("members:organisation_list"))
    assert set(client.cookies) <= {"sessionid", "csrftoken", "django_language"}


def test_danish_even_for_a_browser_that_prefers_english(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="da">' in response.text
