"""The common agenda as people use it: a new version drafted and adopted, then endorsed."""

from playwright.sync_api import expect

from agenda.models import Agenda, Endorsement
from tests.browser.flows import follow, log_in, log_out, main_menu, visit
from tests.factories import make_agenda


def test_secretariat_drafts_version_2_changes_a_goal_and_adopts(page, secretariat):
    make_agenda(goals=["Flere unge i job", "Bedre trivsel"], adopt=True, by=secretariat)
    log_in(page, secretariat.email)
    follow(page, main_menu(page).get_by_role("link", name="Fælles dagsorden"))
    expect(page.get_by_text("Version 1, vedtaget")).to_be_visible()

    follow(page, page.get_by_role("button", name="Start en ny version"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger udkast til version 2")
    page.get_by_label("Vision").fill("Alle unge i kommunen har et godt fritidsliv og et job.")
    first_goal = page.get_by_role("group", name="Flere unge i job")
    first_goal.get_by_label("Titel").fill("Flere unge i uddannelse eller job")
    new_goal = page.get_by_role("group", name="Ny målsætning")
    new_goal.get_by_label("Titel").fill("Flere unge i foreninger")
    new_goal.get_by_label("Rækkefølge").fill("3")
    follow(page, page.get_by_role("button", name="Gem udkastet"))

    expect(page.get_by_role("status")).to_contain_text("Udkastet er gemt.")
    changes = page.get_by_role("region", name="Ændringer siden version 1")
    expect(changes.locator("ins").first).to_be_visible()
    expect(changes).to_contain_text("Flere unge i foreninger")

    follow(page, page.get_by_role("link", name="Vedtag udkastet"))
    page.get_by_label("Besluttet på/ved").fill("Styregruppemøde")
    follow(page, page.get_by_role("button", name="Vedtag udkastet"))
    expect(page.get_by_role("status")).to_contain_text("Version 2 er vedtaget og gælder nu.")
    expect(page.get_by_text("Version 2, vedtaget")).to_be_visible()
    expect(page.get_by_role("heading", name="Flere unge i uddannelse eller job")).to_be_visible()
    assert Agenda.objects.adopted().number == 2

    follow(page, page.get_by_role("link", name="Versioner"))
    expect(page.get_by_role("row", name="Version 1")).to_contain_text("Afløst")
    expect(page.get_by_role("row", name="Version 2")).to_contain_text("Vedtaget")


def test_member_endorses_the_adopted_agenda(page, secretariat, member_a):
    make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat)
    log_in(page, member_a.email)
    follow(page, main_menu(page).get_by_role("link", name="Fælles dagsorden"))
    follow(page, page.get_by_role("button", name="Tilslut Organisation A"))
    expect(page.get_by_role("status")).to_contain_text("har tilsluttet sig den fælles dagsorden")
    expect(
        page.get_by_text("Organisation A har tilsluttet sig denne version (Anna A")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Tilslut Organisation A")).to_have_count(0)
    assert Endorsement.objects.get().endorsed_by == member_a
    log_out(page)


def test_visitor_reads_the_public_pages(page, secretariat):
    make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat)
    secretariat.show_on_contact_page = True
    secretariat.phone = "+4541868194"
    secretariat.save()
    visit(page, "/")
    expect(page.get_by_role("heading", name="Vores vision")).to_be_visible()
    expect(page.get_by_role("heading", name="Flere unge i job")).to_be_visible()

    follow(page, main_menu(page).get_by_role("link", name="Om metoden"))
    for condition in [
        "Fælles dagsorden",
        "Gensidigt forpligtende aktiviteter",
        "Fælles målemetode",
        "Hyppig og åben kommunikation",
        "Fælles sekretariatsfunktion",
    ]:
        expect(page.get_by_role("heading", name=condition)).to_be_visible()

    follow(page, main_menu(page).get_by_role("link", name="Kontakt"))
    expect(page.get_by_role("link", name="+45 41 86 81 94")).to_have_attribute(
        "href", "tel:+4541868194"
    )
    expect(page.get_by_role("link", name=secretariat.email)).to_have_attribute(
        "href", f"mailto:{secretariat.email}"
    )
    footer = page.get_by_role("contentinfo")
    follow(page, footer.get_by_role("link", name="Privatlivspolitik"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sådan behandler vi dine oplysninger")
    follow(
        page, page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgængelighed")
