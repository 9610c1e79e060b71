"""Page-table entries for the indicator pages; tests/pagelist.py takes them in."""

from datetime import date
from decimal import Decimal

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from agenda.models import Goal
from measurement.forms import IndicatorForm
from measurement.models import Indicator, Report
from measurement.services import Figures, approve_report, save_report
from tests.factories import make_indicator, make_organisation, make_user
from tests.pagelist import Get, Page, Post, form_data, secretariat_only, signed_in

IMPORT_FILE = (
    "periode;organisation;opdeling;gruppe;værdi;tæller;nævner\n2025-10-01;Organisation A;;;50;;\n"
)


def _indicator(w):
    return {"slug": w.indicator.slug}


def _indicators(w, n):
    for _ in range(n):
        make_indicator(responsible=[w.org_a, make_organisation()])


def _reports(w, n):
    """More approved reports of the indicator, from organisations made responsible for it."""
    for number in range(n):
        organisation = make_organisation()
        w.indicator.responsible.add(organisation)
        report = save_report(
            indicator=w.indicator,
            period_start=date(2025, 1, 1),
            figures=Figures(
                total=Decimal(number), breakdown={w.girls.pk: (Decimal(1), None, None)}
            ),
            by=make_user(organisation=organisation),
            submit=True,
        )
        approve_report(report=report, by=w.secretariat)


def _choices(w, n):
    """More of what the indicator form offers: goals and organisations."""
    for number in range(n):
        Goal.objects.create(title=f"Valgbart mål {number}")
        make_organisation()


PAGES = {
    "measurement:indicator_list": Page(get=Get(signed_in(200), queries=5, rows=_indicators)),
    "measurement:indicator_create": Page(
        get=Get(secretariat_only(200), queries=6, rows=_choices),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(
                IndicatorForm(),
                name="Unge i foreninger",
                slug="unge-i-foreninger",
                kind="population",
                goal=w.indicator.goal_id,
                definition="Andelen af unge, der er medlem af en forening.",
                method="Foreningernes medlemstal, opgjort 1. januar.",
                unit="%",
                reporting_from="2025-01-01",
                responsible=[w.org_a.pk],
                groups="Køn: piger, drenge",
            ),
            state=lambda w: list(Indicator.objects.values_list("slug", flat=True)),
        ),
    ),
    "measurement:indicator_edit": Page(
        kwargs=_indicator,
        get=Get(secretariat_only(200), queries=9, rows=_choices),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(IndicatorForm(instance=w.indicator), unit="unge på 13-17 år"),
            state=lambda w: Indicator.objects.get(pk=w.indicator.pk).unit,
        ),
    ),
    "measurement:indicator_import": Page(
        kwargs=_indicator,
        get=Get(secretariat_only(200), queries=4),
        # An upload shows the preview and stores nothing; the confirmation stores.
        post=Post(
            secretariat_only(200),
            data=lambda w: {"file": SimpleUploadedFile("tal.csv", IMPORT_FILE.encode())},
            state=lambda w: Report.objects.filter(indicator=w.indicator).count(),
            changes=frozenset(),
        ),
    ),
    # The draft of the third quarter is not sent in: organisation A is reminded.
    "measurement:remind": Page(
        kwargs=lambda w: {"slug": w.indicator.slug, "period": date(2025, 7, 1)},
        post=Post(secretariat_only(302), data=lambda w: {}, state=lambda w: len(mail.outbox)),
    ),
    "measurement:export_csv": Page(
        kwargs=_indicator,
        get=Get(secretariat_only(200), queries=5, rows=_reports, html=False, personal=True),
    ),
    "measurement:export_xlsx": Page(
        kwargs=_indicator,
        get=Get(secretariat_only(200), queries=5, rows=_reports, html=False, personal=True),
    ),
}
