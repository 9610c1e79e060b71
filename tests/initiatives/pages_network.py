"""Page-table entries for the initiative export; tests/pagelist.py takes them in."""

from tests.factories import (
    make_commitment,
    make_goal,
    make_group,
    make_initiative,
    make_organisation,
)
from tests.pagelist import Get, Page, secretariat_only


def _initiatives_to_export(w, n):
    """n more initiatives, each with a working group, two goals and partners of two sectors."""
    for _ in range(n):
        initiative = make_initiative(
            lead=make_organisation(sector="erhverv"),
            goals=[make_goal("Job"), make_goal("Skole")],
            working_group=make_group(),
        )
        make_commitment(initiative=initiative, organisation=initiative.lead_organisation)
        make_commitment(initiative=initiative, organisation=w.org_b, status="at_risk")


PAGES = {
    "initiatives:initiative_export": Page(
        get=Get(secretariat_only(200), queries=5, rows=_initiatives_to_export, html=False)
    ),
    "initiatives:initiative_export_xlsx": Page(
        get=Get(secretariat_only(200), queries=5, rows=_initiatives_to_export, html=False)
    ),
}
