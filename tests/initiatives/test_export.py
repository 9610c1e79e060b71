"""The secretariat's initiative export, as CSV and as an Excel workbook."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    make_commitment,
    make_goal,
    make_group,
    make_initiative,
    make_organisation,
)
from tests.queries import count_queries

CSV = reverse("initiatives:initiative_export")
XLSX = reverse("initiatives:initiative_export_xlsx")
HEADER = [
    "Indsats",
    "Status",
    "Ansvarlig organisation",
    "Målsætninger",
    "Arbejdsgruppe",
    "Start",
    "Slut",
    "Offentlig",
    "Søger frivillige",
    "Aktive tilsagn",
    "Sektorer blandt partnerne",
]


@pytest.fixture
def lektiecafe(organisation_a, organisation_b):
    initiative = make_initiative(
        name="Lektiecafé",
        lead=organisation_a,
        goals=[make_goal("Skole"), make_goal("Flere unge i job")],
        working_group=make_group(name="Skole-gruppen"),
        start_date=date(2026, 2, 1),
        end_date=date(2026, 12, 31),
        is_public=True,
        wants_volunteers=True,
        volunteer_description="Hjælp med lektier.",
    )
    make_commitment(initiative=initiative, organisation=organisation_a)  # erhverv
    make_commitment(initiative=initiative, organisation=organisation_b, status="at_risk")
    make_commitment(
        initiative=initiative,
        organisation=make_organisation(sector="kommune"),
        status="proposed",
    )
    make_commitment(
        initiative=initiative, organisation=make_organisation(sector="fond"), status="withdrawn"
    )
    return initiative


def _csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_one_row_per_initiative_with_what_the_secretariat_asks_about(
    client_for, secretariat, lektiecafe
):
    make_initiative(name="Fritidsjob", status="planned")

    response = client_for(secretariat).get(CSV)

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="indsatser-' in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header == HEADER
    assert [row[0] for row in rows] == ["Fritidsjob", "Lektiecafé"]
    cells = dict(zip(header, rows[1], strict=True))
    assert cells == {
        "Indsats": "Lektiecafé",
        "Status": "Aktiv",
        "Ansvarlig organisation": "Organisation A",
        "Målsætninger": "Flere unge i job; Skole",
        "Arbejdsgruppe": "Skole-gruppen",
        "Start": "2026-02-01",
        "Slut": "2026-12-31",
        "Offentlig": "Ja",
        "Søger frivillige": "Ja",
        "Aktive tilsagn": "2",  # active and at risk; not proposed or withdrawn
        "Sektorer blandt partnerne": "Erhverv, Civilsamfund",
    }
    planned = dict(zip(header, rows[0], strict=True))
    assert (planned["Status"], planned["Offentlig"], planned["Aktive tilsagn"]) == (
        "Planlagt",
        "Nej",
        "0",
    )
    assert (planned["Arbejdsgruppe"], planned["Start"], planned["Sektorer blandt partnerne"]) == (
        "",
        "",
        "",
    )


def test_xlsx_holds_the_same_rows_with_real_dates_and_numbers(client_for, secretariat, lektiecafe):
    response = client_for(secretariat).get(XLSX)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="indsatser-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert list(header) == HEADER
    cells = dict(zip(header, row, strict=True))
    assert cells["Start"].date() == date(2026, 2, 1)
    assert cells["Aktive tilsagn"] == 2
    assert cells["Sektorer blandt partnerne"] == "Erhverv, Civilsamfund"


def test_a_formula_in_a_name_stays_text(client_for, secretariat, organisation_a):
    make_initiative(name="=HYPERLINK(1)", lead=organisation_a)

    header, row = _csv(client_for(secretariat).get(CSV))
    assert row[0] == "'=HYPERLINK(1)"
    sheet = load_workbook(io.BytesIO(client_for(secretariat).get(XLSX).content)).active
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_only_the_secretariat_may_export(client_for, member_a, url):
    assert client_for(None).get(url).status_code == 302
    assert client_for(member_a).get(url).status_code == 403


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_queries_do_not_grow_with_initiatives(client_for, secretariat, url):
    client = client_for(secretariat)

    def add(n):
        for _ in range(n):
            initiative = make_initiative(working_group=make_group())
            make_commitment(initiative=initiative)

    add(2)
    few, _queries = count_queries(client, url)
    add(20)
    many, _queries = count_queries(client, url)
    assert many == few
