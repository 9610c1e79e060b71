"""Indicators and reports in the admin: read only; the portal's services make every change."""

from django.contrib import admin

from alliance.admin import ReadOnlyAdmin, ReadOnlyInline
from measurement.models import DataPoint, Dimension, Indicator, Report


class DimensionInline(ReadOnlyInline):
    model = Dimension
    extra = 0
    fields = ["name", "order"]


class DataPointInline(ReadOnlyInline):
    model = DataPoint
    extra = 0
    fields = ["dimension_value", "value", "numerator", "denominator"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "goal", "initiative", "frequency", "is_public"]
    list_filter = ["kind", "frequency", "is_public"]
    list_select_related = ["goal", "initiative"]
    search_fields = ["name", "definition"]
    inlines = [DimensionInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "organisation", "period_start", "status", "total"]
    list_filter = ["status", "indicator"]
    list_select_related = ["indicator", "organisation"]
    search_fields = ["indicator__name", "organisation__name"]
    inlines = [DataPointInline]
