"""The secretariat changes an organisation and finds the change in its history and in the log."""

from playwright.sync_api import expect

from tests.browser.flows import follow, log_in, main_menu


def test_secretariat_sees_who_changed_what_on_the_object_and_in_the_log(
    page, secretariat, organisation_a
):
    log_in(page, secretariat.email)
    follow(page, main_menu(page).get_by_role("link", name="Organisationer"))
    follow(page, page.get_by_role("link", name=organisation_a.name))
    follow(page, page.get_by_role("link", name="Rediger"))
    page.get_by_label("Navn").fill("Organisation A og Søn")
    follow(page, page.get_by_role("button", name="Gem"))

    history = page.get_by_role("region", name="Historik")
    expect(history).to_contain_text("Ændret af Sara Sekretariat")
    expect(history).to_contain_text("Navn: fra «Organisation A» til «Organisation A og Søn»")

    follow(page, main_menu(page).get_by_role("link", name="Sekretariat", exact=True))
    follow(
        page,
        page.get_by_role("navigation", name="Sekretariatet").get_by_role("link", name="Historik"),
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Historik")
    page.get_by_label("Udført af").select_option(label="Sara Sekretariat")
    page.get_by_label("Fra og med").fill("2020-01-01")
    follow(page, page.get_by_role("button", name="Vis"))
    expect(page.get_by_role("link", name="Organisation A og Søn")).to_be_visible()
    expect(page.get_by_text("1 hændelse", exact=True)).to_be_visible()
