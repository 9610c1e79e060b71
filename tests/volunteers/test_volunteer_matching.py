"""The secretariat finds the volunteers who fit an initiative, best first."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import make_initiative, make_volunteer
from volunteers.models import Volunteer


def _initiative(**fields):
    fields.setdefault("wants_volunteers", True)
    fields.setdefault("volunteer_description", "Hjælp børn med lektier og matematik.")
    return make_initiative(name="Lektiecafé", **fields)


def test_interest_comes_first_then_skills_then_time(db):
    initiative = _initiative()
    interested = make_volunteer(first_name="Interesseret")
    interested.interests.add(initiative)
    skilled = make_volunteer(first_name="Dygtig", skills="Underviser i matematik og lektier")
    little = make_volunteer(first_name="Lidt", skills="Kan lide matematik")
    busy = make_volunteer(
        first_name="Travl", skills="Kan lide matematik", availability=["evenings"]
    )
    make_volunteer(first_name="Uden", skills="Kører bus")
    make_volunteer(first_name="Stoppet", skills="matematik", status="ended")
    make_volunteer(first_name="Allerede", skills="matematik", assigned_initiative=initiative)

    ranked = list(Volunteer.objects.matching(initiative))
    assert [v.first_name for v in ranked] == ["Interesseret", "Dygtig", "Travl", "Lidt"]
    assert [v.score for v in ranked] == [10, 4, 3, 2]
    assert skilled and little and busy


def test_a_valid_certificate_counts_where_children_are_involved(db):
    initiative = _initiative(involves_children=True)

    cleared = make_volunteer(
        first_name="Godkendt",
        skills="matematik",
        child_certificate_checked_on=timezone.localdate() - timedelta(days=10),
    )
    make_volunteer(
        first_name="Udløbet",
        skills="matematik",
        child_certificate_checked_on=timezone.localdate() - timedelta(days=900),
    )
    ranked = list(Volunteer.objects.matching(initiative))
    assert ranked[0] == cleared and ranked[0].score == 5 and ranked[1].score == 2


def test_the_page_lists_the_matches_for_the_secretariat_only(client_for, secretariat, member_a):
    initiative = _initiative()
    make_volunteer(first_name="Dygtig", skills="matematik")
    chosen = client_for(secretariat).get(
        reverse("volunteers:matches"), {"initiative": initiative.pk}
    )
    url = reverse("volunteers:matches_for", args=[initiative.slug])
    assert chosen.url == url
    page = client_for(secretariat).get(url)
    assert "Dygtig" in page.text and "Forslag til Lektiecafé" in page.text
    assert client_for(member_a).get(url).status_code == 403


def test_an_unknown_initiative_is_an_error_on_the_form_not_a_crash(client_for, secretariat):
    response = client_for(secretariat).get(reverse("volunteers:matches"), {"initiative": "999"})
    assert response.status_code == 200
    assert "is-invalid" in response.text
