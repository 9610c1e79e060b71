"""Initiatives and commitments as people use them."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.flows import follow, log_in, main_menu
from tests.factories import make_commitment, make_goal, make_initiative, make_organisation


def test_member_updates_an_overdue_commitment_and_it_leaves_the_overdue_list(page, member_a):
    initiative = make_initiative(name="Lektiecafé i Vapnagaard")
    make_commitment(
        initiative=initiative,
        organisation=member_a.organisation,
        next_update_due=timezone.localdate() - timedelta(days=10),
    )
    log_in(page, member_a.email)
    follow(page, main_menu(page).get_by_role("link", name="Min organisation"))
    overdue = page.get_by_role("region", name="Mangler en opdatering")
    expect(overdue.get_by_role("row", name="Lektiecafé i Vapnagaard")).to_contain_text(
        "overskredet"
    )

    follow(page, overdue.get_by_role("link", name="Opdater Lektiecafé i Vapnagaard"))
    page.get_by_label("Status").select_option(label="I fare")
    page.get_by_label("Hvordan går det?").fill("Vi mangler frivillige efter sommerferien.")
    follow(page, page.get_by_role("button", name="Gem opdateringen"))

    expect(page.get_by_role("status")).to_contain_text("Opdateringen er gemt.")
    overdue = page.get_by_role("region", name="Mangler en opdatering")
    expect(overdue).to_contain_text("Alle jeres tilsagn er opdateret.")
    expect(overdue.get_by_role("row", name="Lektiecafé i Vapnagaard")).to_have_count(0)
    all_ours = page.get_by_role("region", name="Alle vores tilsagn")
    expect(all_ours.get_by_role("row", name="Lektiecafé i Vapnagaard")).to_contain_text("I fare")


def test_secretariat_creates_an_initiative_with_two_partners_and_the_matrix_changes(
    page, secretariat
):
    make_goal("Flere unge i job")
    make_organisation(name="Kronborg Byg", sector="erhverv")
    make_organisation(name="Kronborg IF", sector="civilsamfund")
    log_in(page, secretariat.email)
    follow(page, main_menu(page).get_by_role("link", name="Indsatser"))
    follow(page, page.get_by_role("link", name="Opret indsats"))
    page.get_by_label("Navn").fill("Unge i fritidsjob")
    page.get_by_label("Adresse").fill("fritidsjob")
    page.get_by_label("Kort beskrivelse").fill("Virksomheder åbner for fritidsjob.")
    page.get_by_label("Flere unge i job").check()
    page.get_by_label("Ansvarlig organisation").select_option(label="Kronborg Byg")
    page.get_by_label("Status").select_option(label="Aktiv")
    follow(page, page.get_by_role("button", name="Gem"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unge i fritidsjob")

    def add_partner(organisation):
        follow(page, page.get_by_role("link", name="Tilføj tilsagn"))
        page.get_by_label("Organisation").select_option(label=organisation)
        page.get_by_label("Det gør vi").fill("Vi tager unge i fritidsjob.")
        page.get_by_label("Status").select_option(label="Aktiv")
        follow(page, page.get_by_role("button", name="Gem"))
        expect(page.get_by_role("status")).to_contain_text("Tilsagnet er oprettet.")

    def matrix_row():
        follow(page, main_menu(page).get_by_role("link", name="Indsatser"))
        follow(page, page.get_by_role("link", name="På tværs af sektorer"))
        return page.get_by_role("row").filter(has_text="Unge i fritidsjob").first

    add_partner("Kronborg Byg")
    expect(matrix_row()).to_contain_text("Kun én sektor")

    follow(page, page.get_by_role("link", name="Unge i fritidsjob").first)
    add_partner("Kronborg IF")
    expect(matrix_row()).not_to_contain_text("Kun én sektor")
