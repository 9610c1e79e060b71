"""Spreadsheet downloads in the form Danish Excel opens as it is."""

import csv

from django.http import HttpResponse
from django.utils import timezone


def csv_response(name, header, rows):
    """A CSV download named <name>-<today>.csv: semicolons, UTF-8 with a byte-order mark."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")  # tells Excel the file is UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return response
