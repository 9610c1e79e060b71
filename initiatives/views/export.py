"""The secretariat's download of every initiative, as CSV and as an Excel workbook."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from agenda.models import Goal
from alliance.export import csv_response, xlsx_response
from initiatives.models import Commitment, Initiative
from members.models import Sector
from members.permissions import secretariat_required


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


@never_cache
@secretariat_required
def initiative_export_xlsx(request):
    """The same as an Excel workbook of one sheet."""
    return xlsx_response(_("indsatser"), _header(), _rows(), title=_("Indsatser"))
