"""Spreadsheet downloads in the form Danish Excel opens as it is."""

import csv
import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

# Excel and LibreOffice read a cell starting with one of these as a formula
# (a tab or carriage return can hide the formula sign behind it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def csv_response(name, header, rows):
    """A CSV download named <name>-<today>.csv: semicolons, UTF-8 with a byte-order mark.

    Every cell, the header's included, goes through spreadsheet_cell, so a
    person's name or a commitment's text never becomes a live formula.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")  # tells Excel the file is UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([spreadsheet_cell(cell) for cell in header])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return response
