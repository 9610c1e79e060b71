"""The indicators inside the portal: the list, the secretariat's create and edit, reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alliance.paging import paginate
from alliance.versioning import save_form
from measurement import periods, services
from measurement.forms import IndicatorForm
from measurement.models import Indicator
from measurement.permissions import can_edit_indicator
from members.permissions import secretariat_required


@login_required
def indicator_list(request):
    """Every indicator, population indicators by goal first, then performance measures."""
    indicators = (
        Indicator.objects.select_related("goal", "initiative")
        .prefetch_related("responsible")
        .order_by("initiative__name", "goal__title", "name")
    )
    page, query = paginate(request, indicators)
    return render(
        request,
        "measurement/indicator_list.html",
        {"page": page, "query": query, "can_create": can_edit_indicator(request.user)},
    )


@secretariat_required
def indicator_create(request):
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.create_indicator(form=form, by=request.user)
    ):
        messages.success(request, _("Indikatoren %(name)s er oprettet.") % {"name": form.instance})
        return redirect(form.instance)
    return render(request, "measurement/indicator_form.html", {"form": form})


@secretariat_required
def indicator_edit(request, slug):
    indicator = get_object_or_404(Indicator, slug=slug)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and save_form(
        form, lambda: services.update_indicator(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect(form.instance)
    return render(
        request, "measurement/indicator_form.html", {"form": form, "indicator": indicator}
    )


@require_POST
@secretariat_required
def remind(request, slug, period):
    """Mail the organisations that have not reported a finished period."""
    indicator = get_object_or_404(Indicator, slug=slug)
    if not periods.is_period_start(period, indicator.frequency):
        raise Http404
    sent = services.send_report_reminders(
        indicator=indicator,
        period_start=period,
        by=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    messages.success(
        request,
        ngettext(
            "Påmindelsen er sendt til %(count)s organisation.",
            "Påmindelsen er sendt til %(count)s organisationer.",
            sent,
        )
        % {"count": sent},
    )
    return redirect("measurement:reporting")
