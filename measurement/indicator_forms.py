"""The secretariat's form for an indicator: what it measures, how, and for whom."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Goal
from alliance.forms import DATE
from alliance.versioning import VersionedModelForm
from initiatives.models import Initiative
from measurement import periods
from measurement.models import Indicator
from members.models import Organisation

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
        help_texts = {
            "goal": _("Til befolkningsindikatorer: den målsætning, indikatoren følger."),
            "initiative": _("Til præstationsmål: den indsats, der måles på."),
            "baseline_period": _("En dag i perioden, som udgangspunktet er målt i."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = Goal.objects.current()
        if self.instance.goal_id:
            goals = goals | Goal.objects.filter(pk=self.instance.goal_id)
        self.fields["goal"].queryset = goals.distinct()
        self.fields["initiative"].queryset = Initiative.objects.order_by("name")
        self.fields["responsible"].queryset = Organisation.objects.active()
        self.fields["groups"].initial = format_groups(self.instance)
        for name in ("minimum", "maximum", "baseline_value", "target_value"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True

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
