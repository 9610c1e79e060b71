"""The public pages about the alliance's initiatives."""

from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from initiatives.models import Commitment, Initiative
from members.models import Organisation


def _volunteer_url():
    try:
        return reverse("volunteers:signup")
    except NoReverseMatch:
        return None


def public_list(request):
    initiatives = Initiative.objects.public().prefetch_related("goals").order_by("status", "name")
    return render(request, "initiatives/public_list.html", {"initiatives": initiatives})


def public_detail(request, slug):
    initiative = get_object_or_404(
        Initiative.objects.public()
        .select_related("lead_organisation", "contact_person__organisation")
        .prefetch_related("goals"),
        slug=slug,
    )
    partners = (
        Organisation.objects.filter(
            commitments__initiative=initiative,
            commitments__status__in=[
                Commitment.Status.ACTIVE,
                Commitment.Status.AT_RISK,
                Commitment.Status.COMPLETED,
            ],
        )
        .exclude(pk=initiative.lead_organisation_id)
        .distinct()
        .order_by("name")
    )
    # The performance measures the alliance has made public: how the initiative is measured.
    measures = initiative.indicators.public().only("name", "slug", "kind").order_by("name", "pk")
    return render(
        request,
        "initiatives/public_detail.html",
        {
            "initiative": initiative,
            "partners": partners,
            "measures": measures,
            "volunteer_url": _volunteer_url(),
        },
    )
