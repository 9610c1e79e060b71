"""Cross-sector overviews for everybody signed in: sector matrix, goal coverage, network."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from agenda.models import Goal
from initiatives import overview
from members.models import Sector, WorkingGroup

# The query-string name of the organisation or initiative to highlight in the network.
HIGHLIGHT = "fremhaev"


class NetworkFilterForm(forms.Form):
    """The network's filters; goals and groups come as lists the view has loaded anyway."""

    goal = forms.TypedChoiceField(label=_("Målsætning"), required=False, coerce=int)
    sector = forms.ChoiceField(
        label=_("Sektor"), required=False, choices=[("", _("Alle")), *Sector.choices]
    )
    group = forms.TypedChoiceField(label=_("Arbejdsgruppe"), required=False, coerce=int)

    def __init__(self, *args, goals, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = {goal.pk: goal for goal in goals}
        self.groups = {group.pk: group for group in groups}
        self.fields["goal"].choices = [("", _("Alle"))] + [(goal.pk, goal.title) for goal in goals]
        self.fields["group"].choices = [("", _("Alle"))] + [
            (group.pk, group.name) for group in groups
        ]

    def chosen(self):
        """The valid filters as objects; a filter that does not validate is left out."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "goal": self.goals.get(data.get("goal")),
            "sector": data.get("sector") or "",
            "group": self.groups.get(data.get("group")),
        }


@login_required
def cross_sector(request):
    return render(
        request,
        "initiatives/cross_sector.html",
        {
            "matrix": overview.sector_matrix(overview.running_initiatives()),
            "goal_rows": overview.goal_coverage(Goal.objects.live()),
        },
    )


@login_required
def network(request):
    goals = list(overview.in_agenda_order(Goal.objects.live()))
    form = NetworkFilterForm(
        request.GET, goals=goals, groups=WorkingGroup.objects.order_by("kind", "name")
    )
    chosen = form.chosen()
    initiatives = overview.running_initiatives()
    if chosen["goal"]:
        initiatives = initiatives.filter(goals=chosen["goal"])
        goals = [chosen["goal"]]
    if chosen["group"]:
        initiatives = initiatives.filter(working_group=chosen["group"])
    sector = chosen["sector"]
    result = overview.network(
        initiatives,
        goals,
        sector=sector,
        highlight=overview.parse_highlight(request.GET.get(HIGHLIGHT, "")),
    )
    # The filters as a query string, for links that highlight within the same selection.
    filters = QueryDict(mutable=True)
    for name in ("goal", "sector", "group"):
        if chosen[name]:
            filters[name] = chosen[name] if name == "sector" else chosen[name].pk
    query = filters.urlencode()
    highlight = result.highlight
    return render(
        request,
        "initiatives/network.html",
        {
            "network": result,
            "form": form,
            "filtered": bool(filters),
            "chosen": chosen,
            "sector_label": dict(Sector.choices).get(sector, ""),
            "highlight_link": f"?{query}&{HIGHLIGHT}=" if query else f"?{HIGHLIGHT}=",
            "plain_link": f"?{query}" if query else request.path,
            "highlighted": f"{highlight.kind}-{highlight.key}" if highlight else "",
        },
    )
