"""Cross-sector overviews for everybody signed in: sector matrix, goal coverage, network."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agenda.models import Goal
from initiatives import overview
from initiatives.models import Initiative


def _running_initiatives():
    """Initiatives still under way: completed ones no longer need partners."""
    return Initiative.objects.exclude(status=Initiative.Status.COMPLETED).order_by("name")


@login_required
def cross_sector(request):
    return render(
        request,
        "initiatives/cross_sector.html",
        {
            "matrix": overview.sector_matrix(_running_initiatives()),
            "goal_rows": overview.goal_coverage(Goal.objects.live()),
        },
    )


@login_required
def network(request):
    return render(
        request,
        "initiatives/network.html",
        {"network": overview.network(_running_initiatives(), Goal.objects.live())},
    )
