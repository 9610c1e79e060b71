"""The secretariat's forms on a curve: where it is heading, and the story behind a period."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.versioning import refuse_stale
from measurement import periods
from measurement.models import DECIMAL, CurveStory, Forecast

# How far past the last reported period a forecast may start.
PERIODS_AHEAD = 8


def _localized_decimal(label, help_text=""):
    field = forms.DecimalField(label=label, help_text=help_text, localize=True, **DECIMAL)
    field.widget.is_localized = True
    return field


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
    start_value = _localized_decimal(
        Forecast._meta.get_field("start_value").verbose_name.capitalize(),
        _("Hvor kurven står i startperioden."),
    )
    change_per_period = _localized_decimal(
        Forecast._meta.get_field("change_per_period").verbose_name.capitalize(),
        _(
            "Hvor meget kurven ændrer sig fra periode til periode, hvis intet ændres. "
            "Negativ, hvis den falder."
        ),
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
