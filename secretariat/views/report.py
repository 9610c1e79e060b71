"""The yearly backbone report: what the secretariat's work came to in one calendar year."""

from django.shortcuts import render

from members.permissions import secretariat_required
from secretariat.forms.survey import YearForm
from secretariat.models import Condition
from secretariat.report import MIN_PEOPLE, trend_chart, year_report


@secretariat_required
def backbone_report(request):
    """The report for ?year=YYYY (this year by default), printable from the browser."""
    form = YearForm(request.GET if "year" in request.GET else None)
    year = form.chosen()
    report = year_report(year)
    return render(
        request,
        "secretariat/report.html",
        {
            "form": form,
            "years": form.offered(year),
            "report": report,
            "chart": trend_chart(report.survey, id_prefix="aarsrapport") if report.survey else None,
            "conditions": Condition.choices,
            "min_people": MIN_PEOPLE,
        },
    )
