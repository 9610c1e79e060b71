"""Forms of shared measurement: reports and their review, indicators, forecasts and stories."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agenda.models import Goal
from alliance.forms import DATE
from alliance.versioning import VersionedModelForm, refuse_stale
from initiatives.models import Initiative
from measurement import periods
from measurement.models import CurveStory, Forecast, Indicator
from measurement.numbers import format_number, parse_number
from measurement.services import Figures
from members.models import Organisation

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
        # A model field's digits are checked by `decimals` and LARGEST instead.
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
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


# --- indicators ---

MAX_DIMENSIONS = 4
MAX_GROUPS = 12


def parse_groups(text):
    """'Køn: piger, drenge' per line -> [("Køn", ["piger", "drenge"])]; ValueError says why not."""
    dimensions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, labels = line.partition(":")
        labels = [label.strip() for label in labels.split(",") if label.strip()]
        if not colon or not name.strip() or len(labels) < 2:
            raise ValueError(
                _("Linje %(number)s: skriv opdelingens navn, et kolon og mindst to grupper.")
                % {"number": number}
            )
        if len(labels) > MAX_GROUPS:
            raise ValueError(
                _("Linje %(number)s: højst %(max)s grupper.")
                % {"number": number, "max": MAX_GROUPS}
            )
        if len({label.casefold() for label in labels}) != len(labels):
            raise ValueError(_("Linje %(number)s: en gruppe står to gange.") % {"number": number})
        if len(name.strip()) > 80 or any(len(label) > 80 for label in labels):
            raise ValueError(_("Linje %(number)s: højst 80 tegn pr. navn.") % {"number": number})
        dimensions.append((name.strip(), labels))
    if len({name.casefold() for name, _labels in dimensions}) != len(dimensions):
        raise ValueError(_("En opdeling står to gange."))
    if len(dimensions) > MAX_DIMENSIONS:
        raise ValueError(_("Højst %(max)s opdelinger.") % {"max": MAX_DIMENSIONS})
    return dimensions


def format_groups(indicator):
    """The indicator's dimensions as the form shows them, one per line."""
    if indicator.pk is None:
        return ""
    return "\n".join(
        f"{dimension.name}: {', '.join(value.label for value in dimension.values.all())}"
        for dimension in indicator.dimensions.prefetch_related("values")
    )


class IndicatorForm(VersionedModelForm):
    groups = forms.CharField(
        label=_("Opdelinger"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Én opdeling pr. linje: navnet, et kolon og grupperne adskilt af komma, "
            "fx «Køn: piger, drenge». En gruppe med indberettede tal kan ikke fjernes."
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "slug",
            "kind",
            "goal",
            "initiative",
            "definition",
            "method",
            "unit",
            "decimals",
            "direction",
            "aggregation",
            "frequency",
            "reporting_from",
            "minimum",
            "maximum",
            "baseline_value",
            "baseline_period",
            "target_value",
            "target_date",
            "data_source",
            "responsible",
            "is_public",
        ]
        widgets = {
            "responsible": forms.CheckboxSelectMultiple,
            "definition": forms.Textarea(attrs={"rows": 2}),
            "method": forms.Textarea(attrs={"rows": 6}),
            "reporting_from": DATE,
            "baseline_period": DATE,
            "target_date": DATE,
        }
        field_classes = dict.fromkeys(
            ["minimum", "maximum", "baseline_value", "target_value"], DanishDecimalField
        )
        help_texts = {
            "goal": _("Til befolkningsindikatorer: den målsætning, indikatoren følger."),
            "initiative": _("Til præstationsmål: den indsats, der måles på."),
            "baseline_period": _("En dag i perioden, som udgangspunktet er målt i."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = Goal.objects.live()
        if self.instance.goal_id:
            goals = goals | Goal.objects.filter(pk=self.instance.goal_id)
        self.fields["goal"].queryset = goals.distinct()
        self.fields["initiative"].queryset = Initiative.objects.order_by("name")
        self.fields["responsible"].queryset = Organisation.objects.active()
        self.fields["groups"].initial = format_groups(self.instance)

    def clean_groups(self):
        try:
            return parse_groups(self.cleaned_data["groups"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        kind, goal, initiative = (cleaned.get(name) for name in ("kind", "goal", "initiative"))
        if kind == Indicator.Kind.POPULATION:
            if not goal:
                self.add_error("goal", _("En befolkningsindikator følger en målsætning."))
            if initiative:
                self.add_error(
                    "initiative", _("En befolkningsindikator hører ikke til en enkelt indsats.")
                )
        elif kind:
            if not initiative:
                self.add_error("initiative", _("Et præstationsmål hører til en indsats."))
            if goal:
                self.add_error(
                    "goal", _("Et præstationsmål følger indsatsen, ikke en målsætning direkte.")
                )
        low, high = cleaned.get("minimum"), cleaned.get("maximum")
        if low is not None and high is not None and high <= low:
            self.add_error("maximum", _("Den største værdi skal være større end den mindste."))
        frequency = cleaned.get("frequency")
        if frequency:
            # Periods are named by their first day.
            for name in ("reporting_from", "baseline_period"):
                if cleaned.get(name):
                    cleaned[name] = periods.period_of(cleaned[name], frequency).start
        return cleaned


# --- curves: forecasts and stories ---

# How far past the last reported period a forecast may start.
PERIODS_AHEAD = 8


def forecast_periods(indicator, points, today):
    """The periods a forecast may start in: from the curve's start to a while past now."""
    first = min([indicator.reporting_from] + [point.period.start for point in points[:1]])
    last = max([today] + [point.period.start for point in points[-1:]])
    span = periods.periods_between(first, last, indicator.frequency)
    for _step in range(PERIODS_AHEAD):
        span.append(span[-1].next())
    return span


class ForecastForm(forms.Form):
    from_period = forms.TypedChoiceField(
        label=Forecast._meta.get_field("from_period").verbose_name.capitalize(),
        coerce=date.fromisoformat,
        help_text=_("Den periode, fremskrivningen tager udgangspunkt i."),
    )
    start_value = DanishDecimalField(
        label=Forecast._meta.get_field("start_value").verbose_name.capitalize(),
        help_text=_("Hvor kurven står i startperioden."),
        required=True,
    )
    change_per_period = DanishDecimalField(
        label=Forecast._meta.get_field("change_per_period").verbose_name.capitalize(),
        help_text=_(
            "Hvor meget kurven ændrer sig fra periode til periode, hvis intet ændres. "
            "Negativ, hvis den falder."
        ),
        required=True,
    )
    reason = forms.CharField(
        label=Forecast._meta.get_field("reason").verbose_name.capitalize(),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Hvorfor vi forventer denne udvikling, fx de tal og antagelser, den bygger på."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_period"].choices = [
            (period.start.isoformat(), period.label()) for period in choices
        ]


class StoryForm(forms.Form):
    text = forms.CharField(
        label=CurveStory._meta.get_field("text").verbose_name.capitalize(),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Hvad skete der i perioden, der forklarer tallet? Hvem gjorde hvad? "
            "Markdown er tilladt."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, story=None, **kwargs):
        super().__init__(*args, **kwargs)
        if story is not None:
            self.fields["text"].initial = story.text
            self.fields["version"].initial = story.version

    @property
    def seen_version(self):
        """The version the page was opened at; none sent counts as stale."""
        return self.cleaned_data.get("version") or 0

    def show_conflict(self, current):
        refuse_stale(self, current.version, [f"{self.fields['text'].label}: {current.text}"])
