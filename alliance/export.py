"""Spreadsheet downloads in the form Danish Excel opens as it is."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# Excel and LibreOffice read a cell starting with one of these as a formula
# (a tab or carriage return can hide the formula sign behind it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_cell(value):
    """A value as a cell that a spreadsheet shows as text, never runs as a formula.

    Numbers (int, Decimal, float) and dates are written as they are: a number
    is a value, not a formula, even when negative. None becomes an empty cell.
    Everything else is text, whatever its type (a name, a model instance, a
    translated label): it is turned into a string, and a string starting with
    =, +, -, @, a tab or a carriage return gets a leading apostrophe, so "-5"
    typed into a text field is shown as the text '-5. The apostrophe is
    visible in the cell; that is the price of the file being safe to open.
    """
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal | datetime.date | datetime.time):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Line:
    """A file for csv.writer that hands each written line back instead of keeping it."""

    def write(self, line):
        return line


def csv_lines(header, rows):
    """The file line by line: a byte-order mark, the header, then one line per row.

    Semicolons between cells, and every cell, the header's included, through
    spreadsheet_cell, so a person's name or a commitment's text never becomes
    a live formula. `rows` is read one row at a time, so it may be a generator.
    """
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff"  # tells Excel the file is UTF-8
    yield writer.writerow([spreadsheet_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([spreadsheet_cell(cell) for cell in row])


def _attachment(response, name, suffix="csv"):
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.{suffix}"'
    )
    return response


def csv_response(name, header, rows):
    """A CSV download named <name>-<today>.csv: semicolons, UTF-8 with a byte-order mark.

    Built whole in memory: for the short lists a person exports from a page.
    """
    return _attachment(HttpResponse(csv_lines(header, rows), content_type=CONTENT_TYPE), name)


def csv_stream(name, header, rows):
    """The same download sent line by line while `rows` is read (for files of any length).

    The rows, and any queries behind them, are read as the file is sent, so
    memory does not grow with the file.
    """
    return _attachment(
        StreamingHttpResponse(csv_lines(header, rows), content_type=CONTENT_TYPE), name
    )


def _xlsx_cell(sheet, value):
    if value == "":
        value = None
    if value is not None and not isinstance(value, int | float | Decimal | datetime.date):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # A text cell, even for "=SUM(...)": a spreadsheet shows it and never runs it.
        cell.data_type = "s"
    return cell


def xlsx_bytes(header, rows, *, title=None):
    """A workbook of one sheet (named `title`); numbers and dates stay values, everything
    else is a text cell, so nothing in it becomes a formula, and an empty text is a blank."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append([_xlsx_cell(sheet, cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(name, header, rows, *, title=None):
    """An Excel download named <name>-<today>.xlsx, built in memory."""
    response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX_TYPE)
    return _attachment(response, name, "xlsx")
