"""The secretariat imports a file of figures: a bad row stops it all; a good file is stored."""

from datetime import date

from playwright.sync_api import expect

from measurement.models import Report
from tests.browser.flows import follow, visit
from tests.factories import make_indicator

HEADER = "periode;organisation;opdeling;gruppe;værdi;tæller;nævner"


def _file(*lines):
    return {
        "name": "tal.csv",
        "mimeType": "text/csv",
        "buffer": "\n".join([HEADER, *lines]).encode("utf-8-sig"),
    }


def test_an_import_with_one_bad_row_stores_nothing_until_it_is_fixed(
    page, sign_in, secretariat, organisation_a
):
    indicator = make_indicator(
        name="Unge i fritidsjob", responsible=[organisation_a], reporting_from=date(2025, 1, 1)
    )
    sign_in(secretariat)
    visit(page, indicator.get_absolute_url())
    follow(page, page.get_by_role("link", name="Importér tal"))

    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        _file("2025-01-01;Organisation A;;;12;;", "2025-04-01;Organisation A;;;tolv;;")
    )
    follow(page, page.get_by_role("button", name="Vis forhåndsvisning"))

    expect(page.get_by_role("alert")).to_contain_text("1 række har en fejl, så intet er gemt.")
    expect(page.get_by_role("row", name="3")).to_contain_text("tolv er ikke et tal.")
    expect(page.get_by_role("button", name="Gem alle rækker")).to_have_count(0)
    assert not Report.objects.exists()

    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        _file("2025-01-01;Organisation A;;;12;;", "2025-04-01;Organisation A;;;14;;")
    )
    follow(page, page.get_by_role("button", name="Vis forhåndsvisning"))
    follow(page, page.get_by_role("button", name="Gem alle rækker som godkendte indberetninger"))

    expect(page.get_by_role("status")).to_contain_text("2 indberetninger er importeret")
    assert sorted(Report.objects.values_list("total", flat=True)) == [12, 14]
