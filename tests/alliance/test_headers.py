"""Response headers: browser features switched off, personal data kept out of caches."""

import pytest
from django.urls import reverse

from alliance.middleware import PERMISSIONS_POLICY


@pytest.mark.parametrize(
    ("name", "status"),
    [("pages:home", 200), ("pages:contact", 200), (None, 404), ("members:user_list", 302)],
)
def test_every_response_switches_off_unused_browser_features(client, db, name, status):
    response = client.get(reverse(name) if name else "/findes-ikke/")
    assert response.status_code == status
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    features = {part.strip() for part in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= features


def test_signed_in_pages_switch_off_browser_features_too(client_for, member_a):
    response = client_for(member_a).get(reverse("initiatives:initiative_list"))
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        lambda member: reverse("members:user_list"),
        lambda member: reverse("members:user_list") + "?q=anna",
        lambda member: reverse("members:user_edit", args=[member.pk]),
        lambda member: reverse("initiatives:commitment_export"),
    ],
    ids=["user_list", "user_search", "user_edit", "commitment_export"],
)
def test_pages_with_personal_data_are_never_stored_by_a_cache(
    client_for, secretariat, member_a, url
):
    response = client_for(secretariat).get(url(member_a))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_ordinary_pages_are_not_marked_no_store(client, db):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
