from django.urls import reverse

from tests.factories import make_agenda, make_user


def test_front_page_shows_the_adopted_vision_and_goals(client, secretariat):
    make_agenda(goals=["Flere unge i job", "Bedre trivsel"], adopt=True, by=secretariat)
    make_agenda(goals=["Et mål i udkastet"], vision="Udkastets vision")
    html = client.get("/").text
    assert "Alle unge har et godt fritidsliv." in html
    assert "Flere unge i job" in html and "Bedre trivsel" in html
    assert "Et mål i udkastet" not in html
    assert "Udkastets vision" not in html


def test_front_page_without_an_agenda_still_welcomes(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Collective Impact" in response.text


def test_front_page_has_a_contact_box(client, db):
    make_user(
        role="secretariat",
        full_name="Hanne Hørlyck",
        job_title="Projektleder",
        phone="+4541868194",
        show_on_contact_page=True,
    )
    html = client.get("/").text
    assert "Hanne Hørlyck" in html
    assert 'href="tel:+4541868194"' in html
    assert reverse("pages:contact") in html


def test_about_page_has_the_five_conditions_and_further_reading(client, db):
    html = client.get(reverse("pages:about")).text
    for condition in [
        "Fælles dagsorden",
        "Gensidigt forpligtende aktiviteter",
        "Fælles målemetode",
        "Hyppig og åben kommunikation",
        "Fælles sekretariatsfunktion",
    ]:
        assert condition in html
    assert reverse("pages:contact") in html  # the backbone links to the secretariat
    assert "https://collectiveimpactforum.org/" in html
    assert "Stanford Social Innovation Review" in html


def test_contact_page_lists_the_secretariat_who_chose_to_be_shown(client, db):
    make_user(
        role="secretariat",
        full_name="Susanne Foldberg",
        email="sfo12@helsingor.dk",
        job_title="Kommunikationskonsulent",
        phone="+4525312137",
        show_on_contact_page=True,
    )
    make_user(role="secretariat", full_name="Skjult Person", show_on_contact_page=False)
    make_user(
        role="secretariat", full_name="Stoppet Person", show_on_contact_page=True, is_active=False
    )
    html = client.get(reverse("pages:contact")).text
    assert "Susanne Foldberg" in html and "Kommunikationskonsulent" in html
    assert 'href="mailto:sfo12@helsingor.dk"' in html
    assert 'href="tel:+4525312137"' in html and "+45 25 31 21 37" in html
    assert "Skjult Person" not in html and "Stoppet Person" not in html
    assert "Frivillige er altid velkomne" in html


def test_privacy_notice_states_the_retention_periods(client, db, settings):
    settings.VOLUNTEER_ENDED_RETENTION_MONTHS = 24
    settings.VOLUNTEER_UNCONFIRMED_RETENTION_MONTHS = 1
    html = client.get(reverse("pages:privacy")).text
    assert "efter 24 måneder" in html
    assert "efter 1 måned" in html
    assert "sessionid" in html and "csrftoken" in html and "django_language" in html


def test_footer_links_privacy_and_the_local_accessibility_statement(client, db):
    html = client.get("/").text
    assert f'href="{reverse("pages:privacy")}"' in html
    assert f'href="{reverse("pages:accessibility")}"' in html
    assert "Tilgængelighedserklæring" in html


def test_footer_links_the_official_accessibility_statement_when_configured(client, db, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/allianceportalen"
    html = client.get("/").text
    assert 'href="https://www.was.digst.dk/allianceportalen"' in html
