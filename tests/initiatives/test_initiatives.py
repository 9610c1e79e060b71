from datetime import date

from django.urls import reverse

from agenda.models import Goal
from initiatives.models import Initiative
from tests.factories import (
    make_commitment,
    make_goal,
    make_indicator,
    make_initiative,
    make_organisation,
    make_user,
)


def _initiative_data(**overrides):
    goal = Goal.objects.live().first() or make_goal("Flere unge i job")
    data = {
        "name": "Lektiecafé i Vapnagaard",
        "slug": "lektiecafe",
        "summary": "Lektiehjælp to gange om ugen.",
        "goals": [goal.pk],
        "lead_organisation": make_organisation().pk,
        "status": "active",
        "start_date": "2026-01-01",
    }
    return data | overrides


def test_secretariat_creates_an_initiative(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("initiatives:initiative_create"), _initiative_data(is_public="on")
    )
    initiative = Initiative.objects.get(slug="lektiecafe")
    assert response["Location"] == reverse("initiatives:initiative_detail", args=["lektiecafe"])
    assert initiative.is_public
    assert initiative.goals.count() == 1


def test_an_initiative_serves_at_least_one_goal(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("initiatives:initiative_create"), _initiative_data(goals=[])
    )
    assert response.status_code == 200
    assert "Vælg mindst én målsætning" in response.text
    assert 'value="Lektiecafé i Vapnagaard"' in response.text
    assert not Initiative.objects.exists()


def test_end_before_start_and_volunteers_without_a_task_are_refused(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("initiatives:initiative_create"),
        _initiative_data(end_date="2025-01-01", wants_volunteers="on"),
    )
    assert "Slutdatoen ligger før startdatoen." in response.text
    assert "Skriv, hvad frivillige skal lave i indsatsen." in response.text
    assert not Initiative.objects.exists()


def test_a_taken_address_is_refused(client_for, secretariat):
    make_initiative(slug="lektiecafe")
    response = client_for(secretariat).post(
        reverse("initiatives:initiative_create"), _initiative_data()
    )
    assert "Adressen bruges allerede af en anden indsats." in response.text


def test_list_filters_by_status_goal_sector_and_lead(client_for, member_a):
    lead = make_organisation(name="Kronborg IF")
    goal = make_goal("Bedre trivsel")
    sport = make_initiative(name="Idræt for alle", lead=lead, goals=[goal])
    paused = make_initiative(name="Sommerskole", status="paused")
    make_commitment(initiative=paused, organisation=make_organisation(sector="uddannelse"))
    client = client_for(member_a)
    url = reverse("initiatives:initiative_list")

    def names(**query):
        return [i.name for i in client.get(url, query).context["page"].object_list]

    assert names(status="paused") == ["Sommerskole"]
    assert names(goal=goal.pk) == ["Idræt for alle"]
    assert names(sector="uddannelse") == ["Sommerskole"]
    assert names(lead=lead.pk) == [sport.name]


def test_the_lead_filter_offers_only_organisations_that_lead_an_initiative(client_for, member_a):
    lead = make_organisation(name="Kronborg IF")
    make_initiative(name="Idræt for alle", lead=lead)
    make_organisation(name="Leder intet")
    response = client_for(member_a).get(reverse("initiatives:initiative_list"))

    offered = [str(o) for o in response.context["form"].fields["lead"].queryset]

    assert "Kronborg IF" in offered and "Leder intet" not in offered


def test_detail_shows_each_commitment_with_its_latest_update(client_for, member_a, secretariat):
    from initiatives.services import post_update

    commitment = make_commitment(organisation=member_a.organisation)
    post_update(commitment=commitment, by=member_a, status="active", note="Første møde holdt.")
    post_update(commitment=commitment, by=member_a, status="at_risk", note="Mangler lokaler.")
    response = client_for(secretariat).get(
        reverse("initiatives:initiative_detail", args=[commitment.initiative.slug])
    )
    assert "Mangler lokaler." in response.text
    assert "Første møde holdt." not in response.text
    assert "I fare" in response.text


def test_public_pages_show_only_public_initiatives(client, db):
    public = make_initiative(name="Lektiecafé", is_public=True)
    make_initiative(name="Intern planlægning", is_public=False)
    make_initiative(name="Kommer snart", is_public=True, status="planned")
    html = client.get(reverse("initiatives:public_list")).text
    assert "Lektiecafé" in html
    assert "Intern planlægning" not in html and "Kommer snart" not in html
    hidden = Initiative.objects.get(name="Intern planlægning")
    assert client.get(reverse("initiatives:public_detail", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("initiatives:public_detail", args=[public.slug])).status_code == 200
    # What the list hides because it has not started is hidden on its own page too.
    planned = Initiative.objects.get(name="Kommer snart")
    assert client.get(reverse("initiatives:public_detail", args=[planned.slug])).status_code == 404


def test_public_detail_lists_partners_and_the_call_for_volunteers(client, db):
    initiative = make_initiative(
        is_public=True,
        wants_volunteers=True,
        volunteer_description="Hjælp med lektier **tirsdag**.",
        lead=make_organisation(name="Helsingør Bibliotek"),
    )
    make_commitment(initiative=initiative, organisation=make_organisation(name="Café Kronborg"))
    make_commitment(
        initiative=initiative, organisation=make_organisation(name="Trak sig"), status="withdrawn"
    )
    html = client.get(reverse("initiatives:public_detail", args=[initiative.slug])).text
    assert "Helsingør Bibliotek" in html and "Café Kronborg" in html
    assert "Trak sig" not in html
    assert "Vi søger frivillige" in html
    assert "<strong>tirsdag</strong>" in html


def test_public_detail_links_the_public_performance_measures_only(client, db):
    initiative = make_initiative(is_public=True)
    shown = make_indicator(
        initiative=initiative, name="Unge i lektiecaféen", slug="unge-i-cafeen", is_public=True
    )
    make_indicator(initiative=initiative, name="Internt mål", is_public=False)
    make_indicator(initiative=make_initiative(is_public=True), name="Andens mål", is_public=True)

    html = client.get(reverse("initiatives:public_detail", args=[initiative.slug])).text

    assert "Sådan måler vi indsatsen" in html
    assert f'href="{reverse("measurement:public_indicator", args=[shown.slug])}"' in html
    assert "Unge i lektiecaféen" in html and "Hvor meget gjorde vi?" in html
    assert "Internt mål" not in html and "Andens mål" not in html


def test_public_detail_without_public_measures_says_nothing_about_measuring(client, db):
    initiative = make_initiative(is_public=True)
    make_indicator(initiative=initiative, is_public=False)

    html = client.get(reverse("initiatives:public_detail", args=[initiative.slug])).text

    assert "Sådan måler vi indsatsen" not in html


def test_csv_export_lists_every_commitment_for_excel(client_for, secretariat, member_a):
    make_commitment(
        organisation=member_a.organisation,
        staff_hours_per_month="7.5",
        description="Vi stiller med to trænere; hver tirsdag.",
    )
    response = client_for(secretariat).get(reverse("initiatives:commitment_export"))
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeffIndsats;Organisation;Sektor;Status")
    assert "Organisation A;Erhverv;Aktiv" in text
    assert '"Vi stiller med to trænere; hver tirsdag."' in text
    assert ";7,5;" in text


def test_member_cannot_export(client_for, member_a):
    assert client_for(member_a).get(reverse("initiatives:commitment_export")).status_code == 403


def test_public_detail_shows_the_contact_person_dates_and_status(client, db):
    lead = make_organisation(name="Helsingør Bibliotek")
    contact = make_user(
        full_name="Bo Bibliotekar",
        email="bo@bibliotek.dk",
        job_title="Projektleder",
        phone="+4512345678",
        organisation=lead,
    )
    initiative = make_initiative(
        is_public=True,
        lead=lead,
        contact_person=contact,
        start_date=date(2026, 2, 1),
        wants_volunteers=True,
        volunteer_description="Læs højt for børn.",
    )
    html = client.get(reverse("initiatives:public_detail", args=[initiative.slug])).text
    assert "Bo Bibliotekar" in html and "Projektleder, Helsingør Bibliotek" in html
    assert 'href="mailto:bo@bibliotek.dk"' in html and "+45 12 34 56 78" in html
    assert "1. feb. 2026 – løbende" in html
    assert "Aktiv" in html
    assert "Det skal du som frivillig lave:" in html


def test_a_deactivated_contact_person_is_not_shown(client, db):
    contact = make_user(full_name="Tidligere Kontakt", is_active=False)
    initiative = make_initiative(is_public=True, contact_person=contact)
    html = client.get(reverse("initiatives:public_detail", args=[initiative.slug])).text
    assert "Tidligere Kontakt" not in html
    assert "Kontaktperson" not in html
