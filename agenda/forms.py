"""Forms for the common agenda."""

from django import forms

from agenda.models import Agenda, AgendaComment, AgendaGoal
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
