"""CSV downloads never hand Excel a live formula, whoever typed the text."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from alliance.export import csv_response, csv_stream, spreadsheet_cell
from tests.factories import make_commitment
from volunteers.models import Volunteer

HYPERLINK = '=HYPERLINK("http://example.invalid/x";"Klik her")'


def _cells(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize(
    "typed",
    [
        "=1+1",
        "+4512345678",
        "-5",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
        HYPERLINK,
    ],
)
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(typed):
    response = csv_response("test", [typed], [[typed, "almindelig tekst"]])
    header, row = _cells(response)
    assert header == ["'" + typed]
    assert row == ["'" + typed, "almindelig tekst"]


def test_numbers_dates_and_empty_cells_are_written_as_values():
    cells = [-5, Decimal("-7.5"), 2.5, datetime.date(2026, 1, 31), None, True]
    assert [spreadsheet_cell(cell) for cell in cells] == [
        -5,
        Decimal("-7.5"),
        2.5,
        datetime.date(2026, 1, 31),
        "",
        True,
    ]
    (row,) = _cells(csv_response("test", [], [cells]))[1:]
    assert row == ["-5", "-7.5", "2.5", "2026-01-31", "", "True"]


def test_objects_are_written_as_their_text_and_checked_like_text():
    class Named:
        def __str__(self):
            return "=1+1"

    assert spreadsheet_cell(Named()) == "'=1+1"
    assert spreadsheet_cell("Vi stiller trænere - hver tirsdag") == (
        "Vi stiller trænere - hver tirsdag"
    )


def test_the_file_is_still_a_danish_excel_download():
    response = csv_response("tilsagn", ["Navn"], [["Anna"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8").startswith("\ufeffNavn\r\nAnna")


def test_a_long_file_is_streamed_row_by_row_and_still_safe():
    read = []

    def rows():
        for number in range(3):
            read.append(number)
            yield [f"=RÆKKE({number})", number]

    response = csv_stream("resultater", ["Navn", "Tal"], rows())
    assert response.streaming
    assert read == [], "no row is read before the file is sent"
    chunks = iter(response.streaming_content)
    assert next(chunks) == "\ufeff".encode()
    assert b"".join(chunks).decode("utf-8").splitlines() == [
        "Navn;Tal",
        "'=RÆKKE(0);0",
        "'=RÆKKE(1);1",
        "'=RÆKKE(2);2",
    ]
    assert read == [0, 1, 2]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="resultater-')


def test_volunteer_export_neutralises_a_formula_in_a_name(client_for, secretariat):
    Volunteer.objects.create(first_name=HYPERLINK, last_name="-Hansen", email="f@test.dk")
    response = client_for(secretariat).get(reverse("volunteers:export"))
    row = _cells(response)[1]
    assert row[:3] == ["'" + HYPERLINK, "'-Hansen", "f@test.dk"]


def test_commitment_export_neutralises_a_formula_in_the_description(client_for, secretariat):
    make_commitment(description="@SUM(1+1)")
    response = client_for(secretariat).get(reverse("initiatives:commitment_export"))
    header, row = _cells(response)
    assert row[header.index("Det gør vi")] == "'@SUM(1+1)"
