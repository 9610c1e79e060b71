"""The portal's shell: front page, error pages, language, headers and what a page may load."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from alliance.middleware import PERMISSIONS_POLICY
from tests import pagelist
from tests.conftest import PASSWORD


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


def test_a_refusal_says_who_can_do_it_and_how_to_ask(client_for, member_a):
    response = client_for(member_a).get(reverse("members:user_list"))
    assert "Det er kun sekretariatet, der kan åbne denne side." in response.text
    assert "Du er logget ind som Anna A med rollen Medlem." in response.text
    assert reverse("pages:contact") in response.text


def test_own_organisations_edit_page_explains_who_edits_it_and_anothers_stays_hidden(
    client_for, member_a, organisation_b
):
    client = client_for(member_a)
    own = client.get(reverse("members:organisation_edit", args=[member_a.organisation_id]))
    assert own.status_code == 403
    assert "Det er sekretariatet, der retter en organisations oplysninger" in own.text
    other = client.get(reverse("members:organisation_edit", args=[organisation_b.pk]))
    assert other.status_code == 404


def test_server_error_page_renders_without_a_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


world = pagelist.world
shared_world = pagelist.shared_world

# An image, script, frame or stylesheet from another site, or a form sending there.
OUTSIDE_RESOURCE = re.compile(
    r"""(\s(src|srcset|action|data)=|<link\b[^>]*\shref=)["']?(https?:)?//""", re.IGNORECASE
)


def _header_set(response, header):
    return {part.strip() for part in response.get(header, "").split(",")}


@pytest.fixture(scope="class")
def fetched():
    """The responses of a class's tests: {page name: [(role, response)]}."""
    return {}


class TestEveryPage:
    """Every page in the table as each role that may open it sees it, fetched once a class."""

    @pytest.fixture
    def viewed(self, client, world, fetched):
        def viewed(name):
            if name not in fetched:
                fetched[name] = list(pagelist.as_each_viewer(client, world, name))
            return fetched[name]

        return viewed

    @pytest.mark.parametrize("name", pagelist.get_pages())
    def test_a_strict_content_security_policy(self, viewed, name):
        for role, response in viewed(name):
            policy = response["Content-Security-Policy"]
            assert "default-src 'self'" in policy, role
            assert "unsafe-inline" not in policy, role
            assert "frame-ancestors 'none'" in policy, role

    @pytest.mark.parametrize("name", pagelist.get_pages(html=True))
    def test_nothing_loaded_from_elsewhere_and_nothing_inline(self, viewed, name):
        for role, response in viewed(name):
            html = response.text
            # Links to other sites are fine; what the browser fetches by itself is not.
            outside = re.search(OUTSIDE_RESOURCE, html)
            assert not outside, f"{role}: {outside}"
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"{role}: inline script"
            assert not re.search(r"\sstyle=", html), f"{role}: an inline style"
            assert not re.search(r"\son[a-z]+=", html), f"{role}: an inline event handler"

    @pytest.mark.parametrize("name", pagelist.get_pages())
    def test_unused_browser_features_switched_off(self, viewed, name):
        for role, response in viewed(name):
            assert _switches_off_browser_features(response), role

    @pytest.mark.parametrize(
        "name", [name for name in pagelist.get_pages() if pagelist.PAGES[name].get.personal]
    )
    def test_personal_data_never_stored_by_a_cache(self, viewed, name):
        for role, response in viewed(name):
            assert _never_stored(response), f"{role}: {response.get('Cache-Control')}"


def _switches_off_browser_features(response):
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    features = _header_set(response, "Permissions-Policy")
    return {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= features


def _never_stored(response):
    return {"private", "no-store"} <= _header_set(response, "Cache-Control")


@pytest.mark.parametrize(
    ("who", "name", "status"),
    [(None, None, 404), (None, "members:user_list", 302), ("member_a", "members:user_list", 403)],
)
def test_refusals_switch_off_browser_features_too(client_for, db, request, who, name, status):
    client = client_for(request.getfixturevalue(who) if who else None)
    response = client.get(reverse(name) if name else "/findes-ikke/")
    assert response.status_code == status
    assert _switches_off_browser_features(response)


def test_a_search_in_personal_data_is_never_stored_by_a_cache(client_for, secretariat):
    response = client_for(secretariat).get(reverse("members:user_list"), {"q": "anna"})
    assert response.status_code == 200
    assert _never_stored(response)


def test_ordinary_pages_are_not_marked_no_store(client, db):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_only_session_csrf_and_language_cookies(client, member_a):
    client.get(reverse("members:login"))
    client.post(reverse("members:login"), {"username": member_a.email, "password": PASSWORD})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.get(reverse("members:organisation_list"))
    assert set(client.cookies) <= {"sessionid", "csrftoken", "django_language"}


def test_danish_even_for_a_browser_that_prefers_english(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="da">' in response.text
