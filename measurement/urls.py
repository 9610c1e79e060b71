"""Shared measurement: public results at /resultater/, reporting and indicators under /portal/."""

from datetime import date

from django.urls import include, path, register_converter

from measurement.views import curves, files, indicators, public, reporting


class PeriodConverter:
    """A period named by its first day, 2026-04-01."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return date.fromisoformat(value)

    def to_url(self, value):
        return value if isinstance(value, str) else value.isoformat()


register_converter(PeriodConverter, "period")

app_name = "measurement"

public_patterns = [
    path("", public.results, name="results"),
    path("data.csv", public.all_csv, name="all_csv"),
    path("datapackage.json", public.datapackage, name="datapackage"),
    path("maal/<int:pk>/", public.goal, name="goal"),
    path("<slug:slug>/", public.indicator, name="public_indicator"),
    path("<slug:slug>/data.csv", public.indicator_csv, name="indicator_csv"),
    path("<slug:slug>/graf.svg", public.chart_svg, name="chart_svg"),
]

portal_patterns = [
    path("indikatorer/", indicators.indicator_list, name="indicator_list"),
    path("indikatorer/ny/", indicators.indicator_create, name="indicator_create"),
    path("indikatorer/<slug:slug>/", curves.indicator_detail, name="indicator_detail"),
    path("indikatorer/<slug:slug>/rediger/", indicators.indicator_edit, name="indicator_edit"),
    path("indikatorer/<slug:slug>/import/", files.indicator_import, name="indicator_import"),
    path("indikatorer/<slug:slug>/data.csv", files.indicator_export_csv, name="export_csv"),
    path("indikatorer/<slug:slug>/data.xlsx", files.indicator_export_xlsx, name="export_xlsx"),
    path("indikatorer/<slug:slug>/fremskrivning/", curves.forecast, name="forecast"),
    path("indikatorer/<slug:slug>/historie/<period:period>/", curves.story, name="story"),
    path("indberetning/", reporting.overview, name="reporting"),
    path("indberetning/til-godkendelse/", reporting.review_queue, name="review_queue"),
    path("indberetning/<int:pk>/", reporting.report_detail, name="report_detail"),
    path("indberetning/<int:pk>/ret/", reporting.report_correct, name="report_correct"),
    path("indberetning/<slug:slug>/<period:period>/", reporting.report_new, name="report_new"),
    path("indberetning/<slug:slug>/<period:period>/paamind/", indicators.remind, name="remind"),
]

urlpatterns = [
    path("resultater/", include(public_patterns)),
    path("portal/", include(portal_patterns)),
]
