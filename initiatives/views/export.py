"""The secretariat's download of every initiative, as CSV and as an Excel workbook."""

import io
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from agenda.models import Goal
from alliance.export import csv_response
from initiatives.models import Commitment, Initiative
from members.models import Sector
from members.permissions import secretariat_required

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header():
    return [
        _("Indsats"),
        _("Status"),
        _("Ansvarlig organisation"),
        _("Målsætninger"),
        _("Arbejdsgruppe"),
        _("Start"),
        _("Slut"),
        _("Offentlig"),
        _("Søger frivillige"),
        _("Aktive tilsagn"),
        _("Sektorer blandt partnerne"),
    ]


def _rows():
    """One row per initiative, in three queries however many there are."""
    initiatives = (
        Initiative.objects.select_related("lead_organisation", "working_group")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("title", "pk")))
        .annotate(
            active_commitments=Count(
                "commitments",
                filter=Q(
                    commitments__status__in=[Commitment.Status.ACTIVE, Commitment.Status.AT_RISK]
                ),
            )
        )
        .order_by("name")
    )
    sectors_of = {}
    for initiative_id, sector in (
        Commitment.objects.active()
        .values_list("initiative_id", "organisation__sector")
        .distinct()
        .order_by()
    ):
        sectors_of.setdefault(initiative_id, set()).add(sector)
    yes, no = _("Ja"), _("Nej")
    rows = []
    for initiative in initiatives:
        present = sectors_of.get(initiative.pk, set())
        rows.append(
            [
                initiative.name,
                initiative.get_status_display(),
                initiative.lead_organisation.name,
                "; ".join(goal.title for goal in initiative.goals.all()),
                initiative.working_group.name if initiative.working_group else "",
                initiative.start_date or "",
                initiative.end_date or "",
                yes if initiative.is_public else no,
                yes if initiative.wants_volunteers else no,
                initiative.active_commitments,
                # In the order of the sector choices, as on the cross-sector page.
                ", ".join(str(label) for value, label in Sector.choices if value in present),
            ]
        )
    return rows


@never_cache
@secretariat_required
def initiative_export(request):
    """Every initiative as a CSV file that Danish Excel opens as it is."""
    return csv_response(_("indsatser"), _header(), _rows())


def _xlsx_cell(sheet, value):
    if value is not None and not isinstance(value, int | float | Decimal | date):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # A text cell, even for "=SUM(...)": a spreadsheet shows it and never runs it.
        cell.data_type = "s"
    return cell


@never_cache
@secretariat_required
def initiative_export_xlsx(request):
    """The same as an Excel workbook of one sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Indsatser"))
    for row in [_header(), *_rows()]:
        sheet.append([_xlsx_cell(sheet, cell if cell != "" else None) for cell in row])
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{_("indsatser")}-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response
