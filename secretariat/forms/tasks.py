"""Forms for the secretariat's tasks: the edit form, the board's move form and the list filters."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import Goal
from alliance.versioning import VersionedModelForm
from communication.models import Meeting
from initiatives.models import Commitment, Initiative
from measurement.models import Indicator
from members.models import Organisation, WorkingGroup
from secretariat.models import BackboneFunction, Task
from secretariat.services.tasks import assignable_people
from volunteers.models import Volunteer


def link_querysets():
    """What a task may be linked to, one queryset per link (Task.LINKS)."""
    return {
        "goal": Goal.objects.live().distinct().order_by("title", "pk"),
        "initiative": Initiative.objects.order_by("name"),
        "commitment": Commitment.objects.select_related("organisation", "initiative").order_by(
            "initiative__name", "organisation__name", "pk"
        ),
        "indicator": Indicator.objects.order_by("name"),
        "working_group": WorkingGroup.objects.order_by("name"),
        "meeting": Meeting.objects.order_by("-starts_at", "pk"),
        "organisation": Organisation.objects.order_by("name"),
        "volunteer": Volunteer.objects.present().order_by("first_name", "last_name", "pk"),
    }


def _meeting_label(meeting):
    day = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return f"{meeting.title} ({day})"


class TaskForm(VersionedModelForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "status",
            "priority",
            "assignee",
            "due_on",
            "function",
            *Task.LINKS,
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_people()
        self.fields["assignee"].help_text = _("Kun sekretariatets folk kan få en opgave.")
        self.fields["due_on"].input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
        for name, queryset in link_querysets().items():
            self.fields[name].queryset = queryset
        self.fields["meeting"].label_from_instance = _meeting_label
        self.fields["goal"].help_text = _("Målene i den vedtagne fælles dagsorden.")


def prefill(params):
    """Initial values for a new task from the query string; unknown or invalid values are left
    out (the coherence check's "opret opgave" links send title, function and one link)."""
    initial = {}
    title = params.get("title", "").strip()
    if title:
        initial["title"] = title[: Task._meta.get_field("title").max_length]
    if params.get("function") in BackboneFunction.values:
        initial["function"] = params["function"]
    querysets = link_querysets()
    for name in Task.LINKS:
        value = params.get(name, "")
        if value.isdigit() and querysets[name].filter(pk=int(value)).exists():
            initial[name] = int(value)
    return initial


class MoveForm(forms.Form):
    """The board's no-JavaScript move: a status, the version the board showed, where to return."""

    status = forms.ChoiceField(label=_("Flyt til"), choices=Task.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


OVERDUE_CHOICES = [("", _("Alle")), ("yes", _("Kun overskredne"))]


class TaskFilterForm(forms.Form):
    """The list's filters, sent with GET; a value that does not fit is ignored, not an error."""

    assignee = forms.ModelChoiceField(
        label=_("Ansvarlig"), required=False, queryset=None, empty_label=_("Alle")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), ("open", _("Alle åbne")), *Task.Status.choices],
    )
    overdue = forms.ChoiceField(label=_("Frist"), required=False, choices=OVERDUE_CHOICES)
    function = forms.ChoiceField(
        label=_("Sekretariatsfunktion"),
        required=False,
        choices=[("", _("Alle")), *BackboneFunction.choices],
    )
    link = forms.ChoiceField(label=_("Knyttet til"), required=False)

    def __init__(self, *args, mine=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_people()
        self.fields["link"].choices = [
            ("", _("Alt")),
            *((name, Task._meta.get_field(name).verbose_name.capitalize()) for name in Task.LINKS),
        ]
        for name in Task.LINKS:
            self.fields[name] = forms.IntegerField(
                required=False, min_value=1, widget=forms.HiddenInput
            )
        if mine:
            del self.fields["assignee"]

    def values(self):
        """The filters that fit: {name: value}; a field given junk is left out, not refused."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def filter(self, tasks, today=None):
        values = self.values()
        if "assignee" in values:
            tasks = tasks.filter(assignee=values["assignee"])
        status = values.get("status")
        if status == "open":
            tasks = tasks.open()
        elif status:
            tasks = tasks.filter(status=status)
        if values.get("overdue") == "yes":
            tasks = tasks.overdue(today)
        if "function" in values:
            tasks = tasks.filter(function=values["function"])
        if "link" in values:
            tasks = tasks.filter(**{f"{values['link']}__isnull": False})
        for name in Task.LINKS:
            if name in values:
                tasks = tasks.filter(**{f"{name}_id": values[name]})
        return tasks
