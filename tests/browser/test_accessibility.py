"""Every kind of page passes axe-core and logs no console errors (no CSP refusals, no 404s)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.flows import follow, log_in, visit
from tests.factories import make_group


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        (reverse("pages:home"), 200, "Alliancen"),
        (reverse("members:login"), 200, "Log ind"),
        (reverse("members:password_reset"), 200, "Glemt adgangskode"),
        ("/findes-ikke/", 404, "Siden findes ikke"),
    ],
    ids=["front-page", "log-in", "password-reset", "not-found"],
)
def test_public_page_is_accessible(page, page_log, path, status, heading):
    response = visit(page, path)
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page_log.console_errors == []


def test_secretariat_pages_are_accessible(page, page_log, secretariat, member_a, organisation_a):
    group = make_group(name="Arbejdsgruppe om lektiehjælp", members=[member_a])
    log_in(page, secretariat.email)
    pages = [
        (reverse("members:organisation_list"), "Organisationer"),
        (reverse("members:organisation_detail", args=[organisation_a.pk]), organisation_a.name),
        (reverse("members:group_list"), "Grupper"),
        (reverse("members:group_detail", args=[group.pk]), group.name),
        (reverse("members:user_list"), "Brugere"),
        (reverse("members:user_invite"), "Inviter en person"),
        (reverse("members:user_edit", args=[member_a.pk]), member_a.full_name),
    ]
    for path, heading in pages:
        response = visit(page, path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        if path == reverse("members:group_detail", args=[group.pk]):
            # The form for adding a member, which only the secretariat gets, was checked too.
            expect(page.get_by_role("button", name="Tilføj")).to_be_visible()
    assert page_log.console_errors == []


def test_agenda_pages_are_accessible(page, page_log, secretariat, member_a):
    from agenda.models import AgendaComment
    from agenda.services import start_draft
    from tests.factories import make_agenda

    make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat)
    draft = start_draft(by=secretariat)
    draft.vision = "En ny vision for alle unge."
    draft.save()
    AgendaComment.objects.create(agenda=draft, author=member_a, body="Husk de yngste.")
    log_in(page, secretariat.email)
    pages = [
        (reverse("agenda:detail"), "Fælles dagsorden"),
        (reverse("agenda:draft"), "Udkast til version 2"),
        (reverse("agenda:draft_edit"), "Rediger udkast til version 2"),
        (reverse("agenda:history"), "Fælles dagsorden"),
        (reverse("agenda:version", args=[1]), "Fælles dagsorden, version 1"),
        (reverse("pages:about"), "Om metoden: Collective Impact"),
        (reverse("pages:contact"), "Kontakt sekretariatet"),
        (reverse("pages:privacy"), "Sådan behandler vi dine oplysninger"),
        (reverse("pages:accessibility"), "Tilgængelighed"),
    ]
    for path, heading in pages:
        response = visit(page, path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page_log.console_errors == []


def test_initiative_pages_are_accessible(page, page_log, secretariat, member_a):
    from initiatives.services import post_update
    from tests.factories import make_commitment, make_initiative

    initiative = make_initiative(
        name="Lektiecafé",
        is_public=True,
        wants_volunteers=True,
        volunteer_description="Hjælp med lektier.",
    )
    commitment = make_commitment(initiative=initiative, organisation=member_a.organisation)
    post_update(commitment=commitment, by=member_a, status="active", note="Det går fint.")
    visit(page, reverse("initiatives:public_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alliancens indsatser")
    visit(page, reverse("initiatives:public_detail", args=[initiative.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lektiecafé")

    log_in(page, member_a.email)
    pages = [
        (reverse("initiatives:initiative_list"), "Indsatser"),
        (reverse("initiatives:initiative_detail", args=[initiative.slug]), "Lektiecafé"),
        (reverse("initiatives:commitment_create", args=[initiative.slug]), None),
        (reverse("initiatives:commitment_detail", args=[commitment.pk]), None),
        (reverse("initiatives:commitment_edit", args=[commitment.pk]), None),
        (reverse("initiatives:commitment_update", args=[commitment.pk]), "Statusopdatering"),
        (reverse("initiatives:my_organisation"), "Organisation A"),
    ]
    for path, heading in pages:
        response = visit(page, path)
        assert response.status == 200, path
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page_log.console_errors == []


def test_initiative_forms_for_the_secretariat_are_accessible(page, page_log, secretariat):
    from tests.factories import make_initiative

    initiative = make_initiative(name="Lektiecafé")
    log_in(page, secretariat.email)
    for path in [
        reverse("initiatives:initiative_create"),
        reverse("initiatives:initiative_edit", args=[initiative.slug]),
        reverse("initiatives:commitment_create", args=[initiative.slug]),
    ]:
        assert visit(page, path).status == 200, path
    # The error summary of a refused form passes too.
    follow(page, page.get_by_role("button", name="Gem"))
    expect(page.get_by_role("alert")).to_contain_text("Formularen kunne ikke gemmes")


def test_volunteer_pages_are_accessible(page, page_log, secretariat):
    from tests.factories import make_initiative
    from volunteers.models import Volunteer, VolunteerNote
    from volunteers.services import volunteer_token

    initiative = make_initiative(name="Legestue", involves_children=True)
    volunteer = Volunteer.objects.create(
        first_name="Frida",
        last_name="Frivillig",
        email="frida@test.dk",
        assigned_initiative=initiative,
        availability=["evenings"],
    )
    VolunteerNote.objects.create(volunteer=volunteer, author=secretariat, body="Ringede.")
    for purpose, heading in [
        ("data", "Dine oplysninger"),
        ("stay", "Vil du fortsat være frivillig?"),
        ("confirm", "Bekræft din e-mailadresse"),
    ]:
        name = {"data": "my_data", "stay": "stay", "confirm": "confirm"}[purpose]
        visit(page, reverse(f"volunteers:{name}", args=[volunteer_token(volunteer, purpose)]))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert visit(page, reverse("volunteers:my_data", args=["udloebet"])).status == 410
    visit(page, reverse("volunteers:thanks"))

    log_in(page, secretariat.email)
    visit(page, reverse("volunteers:list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Frivillige")
    visit(page, reverse("volunteers:detail", args=[volunteer.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Frida Frivillig")
    # The børneattest rule explained in the form's error summary passes too.
    page.get_by_label("Status").select_option(label="Aktiv")
    follow(page, page.get_by_role("button", name="Gem", exact=True))
    expect(page.get_by_role("alert")).to_contain_text("børn under 15 år")
    assert page_log.console_errors == []
