import pytest
from django.urls import reverse

from members.models import Organisation
from tests.factories import make_organisation, make_user


def test_directory_filters_by_sector_and_searches_by_name(client_for, member_a):
    make_organisation(name="Helsingør Kommune", sector="kommune")
    make_organisation(name="Kulturhuset Toldkammeret", sector="civilsamfund")
    client = client_for(member_a)

    response = client.get(reverse("members:organisation_list"), {"sector": "kommune"})
    assert "Helsingør Kommune" in response.text
    assert "Toldkammeret" not in response.text

    response = client.get(reverse("members:organisation_list"), {"q": "toldkam"})
    assert "Kulturhuset Toldkammeret" in response.text
    assert "Helsingør Kommune" not in response.text


def test_directory_hides_inactive_organisations_unless_asked(client_for, member_a):
    make_organisation(name="Nedlagt Forening", active=False)
    client = client_for(member_a)
    assert "Nedlagt Forening" not in client.get(reverse("members:organisation_list")).text
    response = client.get(reverse("members:organisation_list"), {"include_inactive": "on"})
    assert "Nedlagt Forening" in response.text


def test_directory_paginates_and_keeps_the_filter_in_page_links(client_for, member_a):
    for number in range(30):
        make_organisation(name=f"Forening {number:02}", sector="civilsamfund")
    client = client_for(member_a)
    response = client.get(reverse("members:organisation_list"), {"sector": "civilsamfund"})
    assert "Side 1 af 2" in response.text
    assert "sector=civilsamfund&amp;side=2" in response.text
    second = client.get(reverse("members:organisation_list"), {"sector": "civilsamfund", "side": 2})
    assert "Forening 29" in second.text


def test_bad_filter_input_shows_all_active_instead_of_failing(client_for, member_a):
    response = client_for(member_a).get(reverse("members:organisation_list"), {"sector": "x"})
    assert response.status_code == 200
    assert "Organisation A" in response.text


def test_detail_lists_active_people_and_their_groups(client_for, member_a, organisation_a):
    from tests.factories import make_group

    make_group(name="Arbejdsgruppe for unge", members=[member_a])
    make_user(full_name="Tidligere Kollega", organisation=organisation_a, is_active=False)
    response = client_for(member_a).get(
        reverse("members:organisation_detail", args=[organisation_a.pk])
    )
    assert "Anna A" in response.text
    assert "Tidligere Kollega" not in response.text
    assert "Arbejdsgruppe for unge" in response.text


def test_secretariat_creates_an_organisation(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("members:organisation_create"),
        {
            "name": "Foreningen Ny Start",
            "sector": "civilsamfund",
            "cvr": "12345678",
            "phone": "12 34 56 78",
            "joined_on": "2026-01-15",
        },
    )
    organisation = Organisation.objects.get(name="Foreningen Ny Start")
    assert response.status_code == 302
    assert organisation.phone == "+4512345678"
    detail = client_for(secretariat).get(response["Location"])
    assert "+45 12 34 56 78" in detail.text
    assert "er oprettet" in detail.text


@pytest.mark.parametrize("cvr", ["1234567", "abcdefgh", "1234 567"])
def test_bad_cvr_is_explained_next_to_the_field_and_other_input_kept(client_for, secretariat, cvr):
    response = client_for(secretariat).post(
        reverse("members:organisation_create"),
        {"name": "Foreningen Ny Start", "sector": "erhverv", "cvr": cvr, "joined_on": "2026-01-15"},
    )
    assert response.status_code == 200
    assert "Et CVR-nummer består af 8 cifre." in response.text
    assert 'href="#id_cvr"' in response.text  # the error summary links to the field
    assert 'value="Foreningen Ny Start"' in response.text
    assert not Organisation.objects.filter(name="Foreningen Ny Start").exists()


def test_duplicate_name_is_refused_in_danish(client_for, secretariat, organisation_a):
    response = client_for(secretariat).post(
        reverse("members:organisation_create"),
        {"name": "Organisation A", "sector": "erhverv", "joined_on": "2026-01-15"},
    )
    assert response.status_code == 200
    assert Organisation.objects.filter(name="Organisation A").count() == 1
    assert "findes allerede" in response.text


def test_overlong_input_is_refused_not_a_500(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("members:organisation_create"),
        {"name": "x" * 5000, "sector": "erhverv", "phone": "9" * 500, "joined_on": "i går"},
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_later_save_of_the_same_organisation_shows_a_conflict_and_keeps_input(
    client_for, secretariat, organisation_a
):
    url = reverse("members:organisation_edit", args=[organisation_a.pk])
    client = client_for(secretariat)
    data = {"sector": "erhverv", "joined_on": "2026-01-15", "version": organisation_a.version}

    first = client.post(url, {**data, "name": "Første navn"})
    assert first.status_code == 302
    second = client.post(url, {**data, "name": "Andet navn", "email": "min@test.dk"})

    assert second.status_code == 200
    assert "En anden har gemt ændringer" in second.text
    assert "Første navn" in second.text  # the other person's text
    assert 'value="Andet navn"' in second.text  # my input is still there
    assert 'value="min@test.dk"' in second.text
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Første navn"

    # Saving again, having seen the conflict, overwrites on purpose.
    version = second.context["form"]["version"].value()
    third = client.post(url, {**data, "name": "Andet navn", "version": version})
    assert third.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Andet navn"


def test_deactivating_an_organisation_keeps_its_people(client_for, secretariat, member_a):
    organisation = member_a.organisation
    client_for(secretariat).post(
        reverse("members:organisation_set_active", args=[organisation.pk]), {"active": "false"}
    )
    organisation.refresh_from_db()
    assert not organisation.active
    assert organisation.members.filter(pk=member_a.pk).exists()


def test_member_cannot_edit_own_or_other_organisation(client_for, member_a, organisation_b):
    client = client_for(member_a)
    own = client.post(
        reverse("members:organisation_edit", args=[member_a.organisation_id]), {"name": "Hacket"}
    )
    other = client.post(
        reverse("members:organisation_edit", args=[organisation_b.pk]), {"name": "Hacket"}
    )
    assert own.status_code == 403
    assert other.status_code == 404
    assert not Organisation.objects.filter(name="Hacket").exists()


def test_detail_lists_the_initiatives_the_organisation_leads_and_supports(
    client_for, member_b, organisation_a
):
    from tests.factories import make_commitment, make_initiative

    make_initiative(name="Lektiecafé", lead=organisation_a)
    make_commitment(
        initiative=make_initiative(name="Fritidsjob"), organisation=organisation_a, status="at_risk"
    )
    html = (
        client_for(member_b)
        .get(reverse("members:organisation_detail", args=[organisation_a.pk]))
        .text
    )
    assert "Lektiecafé</a> (ansvarlig)" in html
    assert "Fritidsjob</a> (tilsagn: i fare)" in html
