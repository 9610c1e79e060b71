"""Page-table entries for adopting a draft with its decision and for comparing versions;
tests/pagelist.py takes them in.

"agenda:draft_adopt" replaces the table's earlier entry: the address now also
answers a GET (the confirmation page), and a POST adopts only with the decision's
date and place.
"""

from django.utils import timezone

from tests.pagelist import Get, Page, Post, _add_goals, _fresh, secretariat_only, signed_in


def _goals_on_draft_and_adopted(w, n):
    """The comparison shown without a choice: the draft against the adopted version."""
    _add_goals(w.draft, n)
    _add_goals(w.adopted, n)


def _decision(w):
    return {
        "decided_on": timezone.localdate().isoformat(),
        "decided_where": "Styregruppemøde",
        "decided_link": "",
    }


PAGES = {
    "agenda:draft_adopt": Page(
        get=Get(secretariat_only(200), queries=7, rows=_goals_on_draft_and_adopted),
        post=Post(
            secretariat_only(302),
            data=_decision,
            state=lambda w: _fresh(w.draft, "status"),
        ),
    ),
    "agenda:compare": Page(
        get=Get(signed_in(200), queries=5, rows=_goals_on_draft_and_adopted),
    ),
}
