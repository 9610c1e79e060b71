"""Response headers: browser features switched off, personal data kept out of caches."""

import pytest
from django.urls import reverse

from alliance.middleware import PERMISSIONS_POLICY
from tests import pagelist

world = pagelist.world


def _switches_off_browser_features(response):
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    features = {part.strip() for part in response["Permissions-Policy"].split(",")}
    return {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= features


def _never_stored(response):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= cache_control


def _as_each_viewer(client, world, name):
    """The page as each role that may open it gets it: [(role, response)]."""
    for role in pagelist.viewers(name):
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(pagelist.url(name, world))
        assert response.status_code == 200, f"{role}: {response.status_code}"
        yield role, response


@pytest.mark.parametrize("name", pagelist.get_pages())
def test_every_page_switches_off_unused_browser_features(client, world, name):
    for role, response in _as_each_viewer(client, world, name):
        assert _switches_off_browser_features(response), role


@pytest.mark.parametrize(
    ("who", "name", "status"),
    [(None, None, 404), (None, "members:user_list", 302), ("member_a", "members:user_list", 403)],
)
def test_refusals_switch_off_browser_features_too(client_for, db, request, who, name, status):
    client = client_for(request.getfixturevalue(who) if who else None)
    response = client.get(reverse(name) if name else "/findes-ikke/")
    assert response.status_code == status
    assert _switches_off_browser_features(response)


@pytest.mark.parametrize(
    "name", [name for name in pagelist.get_pages() if pagelist.PAGES[name].get.personal]
)
def test_pages_with_personal_data_are_never_stored_by_a_cache(client, world, name):
    for role, response in _as_each_viewer(client, world, name):
        assert _never_stored(response), f"{role}: {response.get('Cache-Control')}"


def test_a_search_in_personal_data_is_never_stored_by_a_cache(client_for, secretariat):
    response = client_for(secretariat).get(reverse("members:user_list"), {"q": "anna"})
    assert response.status_code == 200
    assert _never_stored(response)


def test_ordinary_pages_are_not_marked_no_store(client, db):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
