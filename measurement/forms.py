"""Forms of shared measurement."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alliance.versioning import refuse_stale
from measurement.models import Indicator
from measurement.numbers import format_number, parse_number
from measurement.services import Figures

# --- reports ---

# The figures the database keeps: 14 digits, 4 of them after the decimal separator.
LARGEST = Decimal(10) ** 10


class DanishDecimalField(forms.DecimalField):
    """A figure typed with decimal comma (or point), checked against what the figure may be.

    `lower` and `upper` bound the value, `decimals` is the most decimals it may
    have; a percentage lies between 0 and 100.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Skriv et tal, fx 1.234,5."),
        "too_large": _("Tallet er for stort."),
        "whole": _("Skriv et helt tal."),
        "negative": _("Tallet kan ikke være negativt."),
        "percentage": _("En procentdel ligger mellem 0 og 100."),
        "min_value": _("Tallet skal være mindst %(limit)s."),
        "max_value": _("Tallet kan højst være %(limit)s."),
    }

    def __init__(self, *, lower=None, upper=None, decimals=4, percentage=False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(max_digits=None, decimal_places=None, **kwargs)
        self.lower = None if lower is None else Decimal(lower)
        self.upper = None if upper is None else Decimal(upper)
        self.decimals = decimals
        self.percentage = percentage
        if percentage:
            self.lower = Decimal(0) if self.lower is None else max(self.lower, Decimal(0))
            self.upper = Decimal(100) if self.upper is None else min(self.upper, Decimal(100))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if abs(value) >= LARGEST:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        places = max(0, -value.normalize().as_tuple().exponent)
        if places > self.decimals:
            if self.decimals == 0:
                raise forms.ValidationError(self.error_messages["whole"], code="whole")
            raise forms.ValidationError(
                ngettext(
                    "Skriv højst %(count)s decimal.",
                    "Skriv højst %(count)s decimaler.",
                    self.decimals,
                )
                % {"count": self.decimals},
                code="decimals",
            )
        below = self.lower is not None and value < self.lower
        above = self.upper is not None and value > self.upper
        if self.percentage and (below or above):
            raise forms.ValidationError(self.error_messages["percentage"], code="percentage")
        if below:
            if self.lower == 0:
                raise forms.ValidationError(self.error_messages["negative"], code="negative")
            raise forms.ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": format_number(self.lower, grouping=True)},
            )
        if above:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_number(self.upper, grouping=True)},
            )


def _figure_field(indicator, label, help_text=""):
    """A field for the indicator's own figure: its bounds, its decimals, never below 0 unless
    the indicator's lowest value says so."""
    lower = indicator.minimum if indicator.minimum is not None else Decimal(0)
    return DanishDecimalField(
        label=label,
        help_text=help_text,
        lower=lower,
        upper=indicator.maximum,
        decimals=indicator.decimals,
        percentage=indicator.is_percentage,
    )


def _count_field(label, help_text=""):
    """A numerator or a denominator: a count, never negative."""
    return DanishDecimalField(label=label, help_text=help_text, lower=Decimal(0))


class ReportForm(forms.Form):
    """An organisation's figures for one period: the total, one figure per group, a note.

    A ratio indicator takes a numerator and a denominator instead of a total,
    for the whole and for each group. Blank fields are fine in a draft; a
    report submitted for review must have every figure. Where the indicator
    adds its figures up (sum, ratio), each dimension's groups must add up to
    the total.
    """

    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx hvad tallet bygger på, eller hvad der var særligt i perioden."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator, report=None, submit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.report, self.submit = indicator, report, submit
        self.is_ratio = indicator.aggregation == Indicator.Aggregation.RATIO
        fields = {}
        if self.is_ratio:
            fields["numerator"] = _count_field(
                _("Tæller"), _("Hvor mange der opfylder målet, fx antal unge i fritidsjob.")
            )
            fields["denominator"] = _count_field(
                _("Nævner"), _("Hvor mange der er i alt, fx antal unge i målgruppen.")
            )
        else:
            fields["total"] = _figure_field(
                indicator, _("I alt"), _("Enhed: %(unit)s.") % {"unit": indicator.unit}
            )
        # [(dimension, [(field name, the part of the figure, the group)])]
        self.groups = []
        for dimension in indicator.dimensions.all():
            names = []
            for value in dimension.values.all():
                if self.is_ratio:
                    for part, word in (("numerator", _("tæller")), ("denominator", _("nævner"))):
                        name = f"gruppe_{value.pk}_{part}"
                        fields[name] = _count_field(f"{value.label}: {word}")
                        names.append((name, part, value))
                else:
                    name = f"gruppe_{value.pk}"
                    fields[name] = _figure_field(indicator, value.label)
                    names.append((name, "value", value))
            self.groups.append((dimension, names))
        self.fields = fields | dict(self.fields)
        if report is not None:
            self._fill_in(report)

    def _fill_in(self, report):
        self.fields["version"].initial = report.version
        self.fields["note"].initial = report.note
        for name in ("total", "numerator", "denominator"):
            if name in self.fields:
                self.fields[name].initial = getattr(report, name)
        stored = {point.dimension_value_id: point for point in report.breakdown.all()}
        for _dimension, names in self.groups:
            for name, part, value in names:
                point = stored.get(value.pk)
                if point is not None:
                    self.fields[name].initial = getattr(point, part)

    def _figure_names(self):
        """Every field that holds a figure: the total (or numerator and denominator) and groups."""
        totals = [name for name in ("total", "numerator", "denominator") if name in self.fields]
        return totals + [name for _dimension, names in self.groups for name, *_rest in names]

    @property
    def figure_fields(self):
        return [self[name] for name in ("total", "numerator", "denominator") if name in self.fields]

    @property
    def dimensions(self):
        """[(dimension, its bound fields)] for the template."""
        return [
            (dimension, [self[name] for name, *_rest in names]) for dimension, names in self.groups
        ]

    @property
    def must_add_up(self):
        return self.indicator.aggregation in (
            Indicator.Aggregation.SUM,
            Indicator.Aggregation.RATIO,
        )

    @property
    def seen_version(self):
        """The version the page was opened at; none sent counts as stale."""
        return self.cleaned_data.get("version") or 0

    def clean(self):
        cleaned = super().clean()
        if self.submit:
            for name in self._figure_names():
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(
                        name, _gettext("Udfyld tallet, før du indsender indberetningen.")
                    )
        if self.is_ratio:
            self._check_share("numerator", "denominator")
            for _dimension, names in self.groups:
                for name, part, _value in names:
                    if part == "numerator":
                        self._check_share(name, name.replace("numerator", "denominator"))
        if self.must_add_up:
            for dimension, names in self.groups:
                for part in ("numerator", "denominator") if self.is_ratio else ("value",):
                    self._check_sum(dimension, [name for name, p, _v in names if p == part], part)
        return cleaned

    def _check_share(self, numerator, denominator):
        top, bottom = self.cleaned_data.get(numerator), self.cleaned_data.get(denominator)
        if bottom is not None and bottom == 0 and (top or self.submit):
            self.add_error(denominator, _gettext("Nævneren skal være større end 0."))
        elif top is not None and bottom is not None and top > bottom:
            self.add_error(numerator, _gettext("Tælleren kan ikke være større end nævneren."))

    def _check_sum(self, dimension, names, part):
        total = self.cleaned_data.get("total" if part == "value" else part)
        figures = [self.cleaned_data.get(name) for name in names]
        if not names or total is None or any(figure is None for figure in figures):
            return
        added = sum(figures)
        if added == total:
            return
        messages = {
            "value": _gettext(
                "Grupperne under %(dimension)s giver %(sum)s, men i alt er %(total)s."
            ),
            "numerator": _gettext(
                "Tællerne under %(dimension)s giver %(sum)s, men tælleren i alt er %(total)s."
            ),
            "denominator": _gettext(
                "Nævnerne under %(dimension)s giver %(sum)s, men nævneren i alt er %(total)s."
            ),
        }
        self.add_error(
            names[0],
            messages[part]
            % {
                "dimension": dimension.name,
                "sum": format_number(added, grouping=True),
                "total": format_number(total, grouping=True),
            },
        )

    def figures(self):
        """What the form holds, as the services take it; blank groups are left out."""
        data = self.cleaned_data
        breakdown = {}
        for _dimension, names in self.groups:
            for name, part, value in names:
                if data.get(name) is None:
                    continue
                figure = breakdown.setdefault(value.pk, {})
                figure[part] = data[name]
        return Figures(
            total=data.get("total"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            note=data.get("note", ""),
            breakdown={
                pk: (figure.get("value"), figure.get("numerator"), figure.get("denominator"))
                for pk, figure in breakdown.items()
            },
        )

    def show_conflict(self, current):
        """Someone saved the report since the page was opened: say what it holds now."""
        differences = [f"{_gettext('Status')}: {current.get_status_display()}"]
        for name in ("total", "numerator", "denominator"):
            if name in self.fields:
                shown = format_number(getattr(current, name), grouping=True) or "–"
                differences.append(f"{self.fields[name].label}: {shown}")
        refuse_stale(self, current.version, differences)


class ReviewForm(forms.Form):
    """The secretariat's review: approve, or send back with a comment on what to fix."""

    review_comment = forms.CharField(
        label=_("Kommentar til organisationen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Skal udfyldes, når du sender indberetningen retur: skriv, hvad der skal rettes."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report, returning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.returning = returning
        self.fields["version"].initial = report.version

    @property
    def seen_version(self):
        return self.cleaned_data.get("version") or 0

    def clean(self):
        cleaned = super().clean()
        if self.returning and not cleaned.get("review_comment", "").strip():
            self.add_error("review_comment", _gettext("Skriv, hvad organisationen skal rette."))
        return cleaned
