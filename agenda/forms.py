"""Forms for the common agenda."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import Agenda, AgendaComment, AgendaGoal
from alliance.forms import DATE
from alliance.versioning import VersionedModelForm


class AgendaForm(VersionedModelForm):
    class Meta:
        model = Agenda
        fields = ["vision", "problem_statement"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 6}),
            "problem_statement": forms.Textarea(attrs={"rows": 8}),
        }


class AgendaGoalForm(forms.ModelForm):
    class Meta:
        model = AgendaGoal
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


GoalFormSet = forms.inlineformset_factory(
    Agenda,
    AgendaGoal,
    form=AgendaGoalForm,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


class CommentForm(forms.ModelForm):
    class Meta:
        model = AgendaComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "maxlength": 5000})}


class AdoptForm(forms.Form):
    """The secretariat's confirmation of an adoption: when and where it was decided."""

    decided_on = forms.DateField(
        label=_("Besluttet den"),
        widget=DATE,
        help_text=_("Dagen, alliancen besluttede den nye version. Den gælder fra denne dag."),
    )
    decided_where = forms.CharField(
        label=_("Besluttet på/ved"),
        max_length=200,
        help_text=_("Fx «Styregruppemøde 27. november» eller «Generalforsamling 2026»."),
    )
    decided_link = forms.URLField(
        label=_("Link til referat eller møde (valgfrit)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's date picker offers no day after today either.
        self.fields["decided_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("Datoen må ikke ligge i fremtiden."))
        return decided_on


class CompareForm(forms.Form):
    """Two versions to compare, chosen from all versions (the draft included)."""

    fra = forms.TypedChoiceField(label=_("Fra version"), coerce=int)
    til = forms.TypedChoiceField(label=_("Til version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                version.number,
                _("Version %(number)s (%(status)s)")
                % {"number": version.number, "status": version.get_status_display().lower()},
            )
            for version in versions
        ]
        self.fields["fra"].choices = choices
        self.fields["til"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fra") is not None and cleaned.get("fra") == cleaned.get("til"):
            raise forms.ValidationError(_("Vælg to forskellige versioner."))
        return cleaned
