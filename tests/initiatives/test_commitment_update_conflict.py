"""Two progress updates from pages opened at the same time: the later one is refused."""

import re

from django.test import Client
from django.urls import reverse

from initiatives.models import CommitmentUpdate
from tests.factories import make_commitment

CONFLICT = "En anden har gemt ændringer"


def _open(client, commitment):
    """GET the update page and return the form data it carries."""
    url = reverse("initiatives:commitment_update", args=[commitment.pk])
    page = client.get(url)
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    return url, {"version": version}


def test_a_stale_second_update_is_refused_and_keeps_the_note(client_for, member_a, secretariat):
    ours = make_commitment(organisation=member_a.organisation, status="active")
    colleague = Client()
    colleague.force_login(secretariat)
    url, first = _open(colleague, ours)
    _, second = _open(client_for(member_a), ours)

    done = colleague.post(url, first | {"status": "completed", "note": "Alt er leveret."})
    assert done.status_code == 302
    response = client_for(member_a).post(
        url, second | {"status": "active", "note": "Vi fortsætter i foråret."}
    )

    assert response.status_code == 200
    assert CONFLICT in response.text
    assert "Status: Gennemført" in response.text
    assert "Vi fortsætter i foråret.</textarea>" in response.text
    ours.refresh_from_db()
    assert ours.status == "completed"
    assert list(CommitmentUpdate.objects.values_list("note", flat=True)) == ["Alt er leveret."]


def test_saving_again_after_the_conflict_is_a_deliberate_update(client_for, member_a):
    ours = make_commitment(organisation=member_a.organisation, status="active")
    client = client_for(member_a)
    url, first = _open(client, ours)
    _, second = _open(client, ours)
    client.post(url, first | {"status": "completed", "note": "Færdig."})
    refused = client.post(url, second | {"status": "at_risk", "note": "Hov, ikke helt."})
    assert CONFLICT in refused.text

    version = re.search(r'name="version" value="(\d+)"', refused.text).group(1)
    again = client.post(url, {"version": version, "status": "at_risk", "note": "Hov, ikke helt."})
    assert again.status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.version) == ("at_risk", 3)


def test_an_edit_of_the_commitment_makes_an_open_update_page_stale(
    client_for, member_a, secretariat
):
    ours = make_commitment(organisation=member_a.organisation, status="active")
    url, opened = _open(client_for(member_a), ours)
    colleague = Client()
    colleague.force_login(secretariat)
    colleague.post(
        reverse("initiatives:commitment_edit", args=[ours.pk]),
        {
            "organisation": ours.organisation_id,
            "description": "Ny tekst.",
            "next_update_due": "2026-12-31",
            "version": ours.version,
        },
    )
    response = client_for(member_a).post(url, opened | {"status": "at_risk", "note": "Svært."})
    assert CONFLICT in response.text
    ours.refresh_from_db()
    assert (ours.description, ours.status) == ("Ny tekst.", "active")
    assert not CommitmentUpdate.objects.exists()


def test_an_update_without_the_version_is_refused(client_for, member_a):
    ours = make_commitment(organisation=member_a.organisation, status="active")
    response = client_for(member_a).post(
        reverse("initiatives:commitment_update", args=[ours.pk]),
        {"status": "completed", "note": "Færdig."},
    )
    assert CONFLICT in response.text
    ours.refresh_from_db()
    assert ours.status == "active"


def test_the_update_page_returns_only_to_my_organisation(client_for, member_a):
    ours = make_commitment(organisation=member_a.organisation)
    url = reverse("initiatives:commitment_update", args=[ours.pk])
    client = client_for(member_a)
    assert 'name="fra" value="min-organisation"' in client.get(url + "?fra=min-organisation").text
    assert 'name="fra" value=""' in client.get(url + "?fra=https://example.invalid/").text
