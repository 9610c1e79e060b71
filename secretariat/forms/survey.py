"""Forms of the self-assessment: a statement, opening a round, and a member's answers."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.versioning import VersionedModelForm
from secretariat.models import Condition, SurveyQuestion

# The scale as the answer page offers it; "ved ikke" is stored as no answer.
DONT_KNOW = "0"
SCALE_CHOICES = [
    ("1", _("Helt uenig")),
    ("2", _("Uenig")),
    ("3", _("Hverken enig eller uenig")),
    ("4", _("Enig")),
    ("5", _("Helt enig")),
    (DONT_KNOW, _("Ved ikke")),
]


class QuestionForm(VersionedModelForm):
    class Meta:
        model = SurveyQuestion
        fields = ["condition", "text", "position", "is_active"]
        help_texts = {
            "text": _(
                "Et udsagn, man kan være enig eller uenig i, fx „Vi måler det samme på samme måde“."
            ),
            "position": _("Udsagn med et lavere tal vises først under deres forudsætning."),
        }


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Fx „Selvevaluering forår 2027“."),
    )
    closes_on = forms.DateField(
        label=_("Svarfrist"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        help_text=_("Valgfri. Den dag, I gerne vil have svarene senest, fx 31-03-2027."),
    )

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on is not None and closes_on < timezone.localdate():
            raise forms.ValidationError(_("Svarfristen kan ikke ligge før i dag."))
        return closes_on


class AnswerForm(forms.Form):
    """One choice per statement of the round, named after the statement: `udsagn-<pk>`."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.name_of(question)] = forms.ChoiceField(
                label=question.text,
                choices=SCALE_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("Vælg, hvor enig du er – eller „Ved ikke“."),
                    "invalid_choice": _("Vælg et svar fra 1 til 5 eller „Ved ikke“."),
                },
            )

    @staticmethod
    def name_of(question):
        return f"udsagn-{question.pk}"

    def answers(self):
        """{question pk: 1–5 or None} from the valid form."""
        return {
            question.pk: (
                None
                if self.cleaned_data[self.name_of(question)] == DONT_KNOW
                else int(self.cleaned_data[self.name_of(question)])
            )
            for question in self.questions
        }

    def by_condition(self):
        """[(condition label, [bound field, …])] in the method's order, for the fieldsets."""
        groups = []
        for value, label in Condition.choices:
            fields = [self[self.name_of(q)] for q in self.questions if q.condition == value]
            if fields:
                groups.append((value, label, fields))
        return groups


class YearForm(forms.Form):
    """The year the backbone report covers; the select offers this year and the five before."""

    FIRST_YEAR = 2000
    OFFERED = 6

    year = forms.IntegerField(label=_("År"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].min_value = self.FIRST_YEAR
        self.fields["year"].max_value = this_year
        self.fields["year"].validators = [
            MinValueValidator(self.FIRST_YEAR),
            MaxValueValidator(this_year),
        ]
        self.fields["year"].initial = this_year

    def chosen(self):
        """The year asked for; this year when none, or none the form accepts, was asked for."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return self.fields["year"].initial

    def offered(self, chosen):
        """The years of the select, newest first, the chosen one among them."""
        this_year = self.fields["year"].initial
        years = set(range(this_year, this_year - self.OFFERED, -1)) | {chosen}
        return sorted(years, reverse=True)
