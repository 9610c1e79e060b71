"""Forms for meetings: scheduling, answering, and minutes with action items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.versioning import VersionedModelForm
from communication.models import ActionItem, Meeting, Rsvp
from members.models import User, WorkingGroup

# The browser's own date-and-time picker; without one, the field still takes
# "2026-11-27T14:00" or "2026-11-27 14:00" typed by hand.
DATETIME_INPUT = "%Y-%m-%dT%H:%M"
DATETIME_FORMATS = [DATETIME_INPUT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_INPUT)


class MeetingForm(VersionedModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starter"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        help_text=_("Dato og klokkeslæt, fx 27-11-2026 14:00."),
    )
    ends_at = forms.DateTimeField(
        label=_("Slutter"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
    )

    class Meta:
        model = Meeting
        fields = ["group", "title", "starts_at", "ends_at", "place", "online_url", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "group": _("Gruppens medlemmer indkaldes og kan se mødet."),
            "place": _("Adressen eller lokalet. Udfyld sted, link eller begge."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mødet skal slutte, efter det er begyndt."))
        if (
            not cleaned.get("place")
            and not cleaned.get("online_url")
            and not (self.has_error("place") or self.has_error("online_url"))
        ):
            self.add_error("place", _("Skriv, hvor mødet holdes, eller giv et link til det."))
        return cleaned


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Kommer du?"), choices=Rsvp.Answer.choices, widget=forms.RadioSelect
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Referat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Du kan bruge Markdown."),
    )
    decisions = forms.CharField(
        label=_("Beslutninger"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Du kan bruge Markdown."),
    )
    # The meeting's version the form was loaded with: a save over a newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "responsible", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, responsible_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        field.queryset = responsible_people()
        if responsible_choices is not None:
            field.choices = responsible_choices
        self.fields["due_on"].input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


def responsible_people():
    """Who can be made responsible for an action item: people who can still log in."""
    return User.objects.filter(is_active=True).order_by("full_name", "pk")


class BaseActionItemFormSet(forms.BaseModelFormSet):
    def get_form_kwargs(self, index):
        # The people to choose from are read once for the whole formset, not once a row.
        if not hasattr(self, "_responsible_choices"):
            self._responsible_choices = [("", "---------")] + [
                (person.pk, person.full_name or person.email) for person in responsible_people()
            ]
        return {**super().get_form_kwargs(index), "responsible_choices": self._responsible_choices}


ActionItemFormSet = forms.modelformset_factory(
    ActionItem,
    form=ActionItemForm,
    formset=BaseActionItemFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def action_items_of(formset):
    """The open action items a valid formset describes, as record_minutes takes them."""
    items = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        data = form.cleaned_data
        if not data.get("text"):
            continue
        items.append(
            {
                "pk": form.instance.pk,
                "text": data["text"],
                "responsible": data.get("responsible"),
                "due_on": data.get("due_on"),
            }
        )
    return items
