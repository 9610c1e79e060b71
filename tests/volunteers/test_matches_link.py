"""The internal initiative page leads the secretariat to the volunteers who fit it."""

import pytest
from django.urls import reverse

from tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def _page(client, initiative):
    return client.get(reverse("initiatives:initiative_detail", args=[initiative.slug])).text


def test_the_secretariat_finds_the_matching_list_from_an_initiative_wanting_volunteers(
    client_for, secretariat
):
    initiative = make_initiative(wants_volunteers=True, volunteer_description="Lektiehjælp.")
    client = client_for(secretariat)
    link = reverse("volunteers:matches_for", args=[initiative.slug])

    assert f'href="{link}"' in _page(client, initiative)
    assert client.get(link).status_code == 200


def test_no_link_where_no_volunteers_are_wanted_or_the_initiative_is_over(client_for, secretariat):
    client = client_for(secretariat)
    for initiative in (
        make_initiative(wants_volunteers=False),
        make_initiative(wants_volunteers=True, status="completed"),
    ):
        link = reverse("volunteers:matches_for", args=[initiative.slug])
        assert link not in _page(client, initiative)


def test_members_see_no_link_to_volunteers(client_for, member_a):
    initiative = make_initiative(wants_volunteers=True, volunteer_description="Lektiehjælp.")
    link = reverse("volunteers:matches_for", args=[initiative.slug])
    assert link not in _page(client_for(member_a), initiative)
