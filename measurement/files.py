"""
Figures in files: reading an import (CSV or XLSX) into checked rows, and
writing an indicator's reports out as CSV or XLSX.

An import file has one row per figure with the columns of IMPORT_HEADER. The
whole file is checked before anything is stored, and every row says what
will happen to it or why it cannot be imported; the rows are then stored all
together or not at all (services.import_reports).
"""

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core import signing
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from measurement import periods
from measurement.models import DataPoint, DimensionValue, Indicator, Report
from measurement.numbers import parse_number

IMPORT_HEADER = ["periode", "organisation", "opdeling", "gruppe", "værdi", "tæller", "nævner"]
MAX_BYTES = 2_000_000
MAX_ROWS = 5_000
SIGNING_SALT = "measurement.import"


class FileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Row:
    line: int
    period: date | None = None
    organisation_id: int | None = None
    organisation: str = ""
    group_id: int | None = None
    group: str = ""
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    error: str = ""


# --- reading -------------------------------------------------------------------------


def read_table(upload):
    """[(line number, [cells])] of an uploaded CSV or XLSX file, header row first."""
    if upload.size > MAX_BYTES:
        raise FileError(_("Filen er for stor: højst 2 MB."))
    content = upload.read()
    if content[:2] == b"PK":  # a zip archive, as XLSX files are
        return _read_xlsx(content)
    return _read_csv(content)


def _read_csv(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(number, row) for number, row in enumerate(rows, start=1) if any(row)]


def _read_xlsx(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileError(_("Filen kan ikke læses som et regneark.")) from error
    sheet = workbook.worksheets[0]
    table = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(cell not in (None, "") for cell in cells):
            table.append((number, ["" if cell is None else cell for cell in cells]))
        if len(table) > MAX_ROWS + 1:
            break
    workbook.close()
    return table


def _cell(cells, index):
    return cells[index] if index < len(cells) else ""


def _period(value, indicator):
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(_("Perioden skal være en dato, fx 2026-04-01.")) from None
    return indicator.period(value).start


def _number(value):
    if value in ("", None):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    with translation.override("da"):
        try:
            return parse_number(value)
        except ValueError:
            raise ValueError(_("%(value)s er ikke et tal.") % {"value": value}) from None


def check_rows(indicator, table):
    """Every row of the file, checked: the rows to store, and the errors with their lines."""
    if not table:
        raise FileError(_("Filen er tom."))
    header_line, header = table[0]
    names = [str(cell).strip().casefold() for cell in header]
    missing = [name for name in IMPORT_HEADER if name not in names]
    if missing:
        raise FileError(
            _("Kolonnerne %(missing)s mangler i første linje. Kolonnerne er: %(all)s.")
            % {"missing": ", ".join(missing), "all": "; ".join(IMPORT_HEADER)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise FileError(_("Filen har mere end %(max)s rækker.") % {"max": MAX_ROWS})
    column = {name: names.index(name) for name in IMPORT_HEADER}
    responsible = {
        key: organisation
        for organisation in indicator.responsible.all()
        for key in (organisation.name.casefold(), organisation.cvr)
        if key
    }
    groups = {
        (value.dimension.name.casefold(), value.label.casefold()): value
        for value in DimensionValue.objects.filter(dimension__indicator=indicator).select_related(
            "dimension"
        )
    }
    rows = [
        _check(indicator, line, cells, column, responsible, groups) for line, cells in table[1:]
    ]
    _refuse_repeats_and_stored(indicator, rows)
    return rows


def _check(indicator, line, cells, column, responsible, groups):
    row = Row(line=line)
    try:
        row.period = _period(_cell(cells, column["periode"]), indicator)
        today = timezone.localdate()
        if row.period < indicator.reporting_from or indicator.period(row.period).end >= today:
            raise ValueError(
                _("Perioden %(period)s er ikke en afsluttet periode, der indberettes for.")
                % {"period": indicator.period(row.period).label()}
            )
        name = str(_cell(cells, column["organisation"])).strip()
        organisation = responsible.get(name.casefold())
        if organisation is None:
            raise ValueError(
                _("%(name)s indberetter ikke til indikatoren.") % {"name": name or "–"}
            )
        row.organisation_id, row.organisation = organisation.pk, organisation.name
        dimension = str(_cell(cells, column["opdeling"])).strip()
        label = str(_cell(cells, column["gruppe"])).strip()
        if dimension or label:
            value = groups.get((dimension.casefold(), label.casefold()))
            if value is None:
                raise ValueError(
                    _("Gruppen %(dimension)s: %(group)s findes ikke for indikatoren.")
                    % {"dimension": dimension or "–", "group": label or "–"}
                )
            row.group_id, row.group = value.pk, f"{value.dimension.name}: {value.label}"
        row.value = _number(_cell(cells, column["værdi"]))
        row.numerator = _number(_cell(cells, column["tæller"]))
        row.denominator = _number(_cell(cells, column["nævner"]))
        _check_figures(indicator, row)
    except ValueError as error:
        row.error = str(error)
    return row


def _check_figures(indicator, row):
    if indicator.aggregation == Indicator.Aggregation.RATIO:
        if row.numerator is None or row.denominator is None:
            raise ValueError(_("En andel skal have både tæller og nævner."))
        if row.numerator < 0 or row.denominator <= 0 or row.numerator > row.denominator:
            raise ValueError(_("Tælleren skal ligge mellem 0 og nævneren, og nævneren over 0."))
        row.value = None
        return
    if row.value is None:
        raise ValueError(_("Værdien mangler."))
    if indicator.minimum is not None and row.value < indicator.minimum:
        raise ValueError(_("Værdien er under den mindste tilladte værdi."))
    if indicator.maximum is not None and row.value > indicator.maximum:
        raise ValueError(_("Værdien er over den største tilladte værdi."))
    row.numerator = row.denominator = None


def _refuse_repeats_and_stored(indicator, rows):
    """A figure twice in the file, or for a period that already has a report, is an error."""
    seen = set()
    for row in rows:
        if row.error:
            continue
        key = (row.organisation_id, row.period, row.group_id)
        if key in seen:
            row.error = _("Samme tal står to gange i filen.")
        seen.add(key)
    stored = set(
        Report.objects.filter(indicator=indicator)
        .exclude(status=Report.Status.SUPERSEDED)
        .values_list("organisation_id", "period_start")
    )
    for row in rows:
        if not row.error and (row.organisation_id, row.period) in stored:
            row.error = _(
                "Der er allerede en indberetning for perioden; en godkendt værdi rettes "
                "med en rettelse, ikke med en import."
            )
    totals = {(row.organisation_id, row.period) for row in rows if row.group_id is None}
    for row in rows:
        if not row.error and (row.organisation_id, row.period) not in totals:
            row.error = _("Tallet i alt for perioden mangler i filen.")


def sign_rows(rows):
    """The checked rows, signed, to carry from the preview to the confirmation."""
    data = [
        {
            **{key: value for key, value in asdict(row).items() if key != "error"},
            "period": row.period.isoformat(),
        }
        for row in rows
    ]
    return signing.dumps(data, salt=SIGNING_SALT, compress=True, serializer=_DecimalJSON)


def unsign_rows(token):
    """The rows signed by sign_rows within the hour; BadSignature when tampered with."""
    data = signing.loads(token, salt=SIGNING_SALT, max_age=3600, serializer=_DecimalJSON)
    return [
        Row(
            **{
                **item,
                "period": date.fromisoformat(item["period"]),
                **{
                    key: None if item[key] is None else Decimal(item[key])
                    for key in ("value", "numerator", "denominator")
                },
            }
        )
        for item in data
    ]


class _DecimalJSON(signing.JSONSerializer):
    """Decimals written as strings."""

    def dumps(self, obj):
        return json.dumps(obj, separators=(",", ":"), default=str).encode("latin-1")


# --- writing -------------------------------------------------------------------------


EXPORT_HEADER = [
    "indikator",
    "periode",
    "periode_navn",
    "organisation",
    "status",
    "opdeling",
    "gruppe",
    "værdi",
    "tæller",
    "nævner",
    "indsendt",
    "godkendt",
]


def export_rows(indicator):
    """One row per figure of every report of the indicator, read from the database as sent."""
    reports = Report.objects.filter(indicator=indicator).select_related("organisation")
    points = DataPoint.objects.filter(report__indicator=indicator).select_related(
        "report__organisation", "dimension_value__dimension"
    )
    for report in reports.order_by("period_start", "organisation__name", "pk").iterator():
        yield _export_row(indicator, report, None, report.total, report)
    for point in points.order_by(
        "report__period_start", "report__organisation__name", "report_id", "pk"
    ).iterator():
        yield _export_row(indicator, point.report, point.dimension_value, point.value, point)


def _export_row(indicator, report, group, value, figures):
    period = periods.Period(report.period_start, indicator.frequency)
    return [
        indicator.slug,
        report.period_start,
        period.label(),
        report.organisation.name,
        report.get_status_display(),
        group.dimension.name if group else "",
        group.label if group else "",
        value,
        figures.numerator,
        figures.denominator,
        timezone.localtime(report.submitted_at).replace(tzinfo=None)
        if report.submitted_at
        else None,
        timezone.localtime(report.reviewed_at).replace(tzinfo=None) if report.reviewed_at else None,
    ]
