"""Forms of the shared toolkit: filtering the audit trail, choosing which mails to get."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from alliance.models import AuditEvent, Notification

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Udført af"), queryset=get_user_model().objects.none(), required=False
    )
    kind = forms.ModelChoiceField(
        label=_("Slags"), queryset=ContentType.objects.none(), required=False
    )
    since = forms.DateField(label=_("Fra og med"), required=False, widget=DATE)
    until = forms.DateField(label=_("Til og med"), required=False, widget=DATE)
    # "content type-primary key" from an object's history: that object only.
    objekt = forms.RegexField(regex=r"^\d+-[\w-]+$", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actors = AuditEvent.objects.filter(actor__isnull=False).values("actor")
        self.fields["person"].queryset = get_user_model().objects.filter(pk__in=actors)
        kinds = AuditEvent.objects.values("content_type")
        self.fields["kind"].queryset = ContentType.objects.filter(pk__in=kinds)
        self.fields["kind"].label_from_instance = lambda kind: str(
            kind.model_class()._meta.verbose_name_plural if kind.model_class() else kind
        ).capitalize()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Slutdatoen skal ligge efter startdatoen."))
        return data

    def filter(self, events):
        data = self.cleaned_data
        if data["person"]:
            events = events.filter(actor=data["person"])
        if data["kind"]:
            events = events.filter(content_type=data["kind"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        if data["objekt"]:
            content_type, object_id = data["objekt"].split("-", 1)
            events = events.filter(content_type_id=content_type, object_id=object_id)
        return events


class NotificationSettingsForm(forms.Form):
    """One choice per kind of event: at once, in the weekly digest, or never."""

    def __init__(self, *args, current, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.value] = forms.TypedChoiceField(
                label=kind.label,
                choices=Notification.Delivery.choices,
                coerce=Notification.Delivery,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=current[kind],
            )

    def choices(self):
        """{kind: delivery} as chosen."""
        return {Notification.Kind(name): value for name, value in self.cleaned_data.items()}
