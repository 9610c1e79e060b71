"""
Optimistic locking for edit forms, shared by every app.

A VersionedModelForm carries the version of the record it was loaded from.
Saving compares and bumps that version in one UPDATE, so when two people
edit the same record the later save is refused: the form comes back with
the other person's saved values in its error summary and the user's own
input still in the fields. Saving again then overwrites on purpose.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _


class EditConflict(Exception):
    pass


class VersionedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    def save(self, commit=True):
        instance = super().save(commit=False)
        if not commit:
            return instance
        with transaction.atomic():
            if instance.pk is not None:
                seen = self.cleaned_data.get("version") or 0
                model = self._meta.model
                claimed = model._default_manager.filter(pk=instance.pk, version=seen).update(
                    version=F("version") + 1
                )
                if not claimed:
                    raise EditConflict
                instance.version = seen + 1
            instance.save()
            self._save_m2m()
        return instance

    def show_conflict(self):
        """Explain a refused save and let the next submit overwrite deliberately."""
        current = self._meta.model._default_manager.get(pk=self.instance.pk)
        differences = []
        for name, field in self.fields.items():
            if name == "version" or not hasattr(current, name):
                continue
            theirs = getattr(current, name)
            if hasattr(theirs, "all"):
                theirs = list(theirs.all())
                differs = {o.pk for o in theirs} != {o.pk for o in self.cleaned_data.get(name, [])}
                shown = ", ".join(str(o) for o in theirs) or "–"
            else:
                differs = theirs != self.cleaned_data.get(name)
                display = getattr(current, f"get_{name}_display", None)
                shown = display() if display else (theirs if theirs not in ("", None) else "–")
            if differs:
                differences.append(f"{field.label}: {shown}")
        refuse_stale(self, current.version, differences)


def refuse_stale(form, version, differences=()):
    """Put the conflict message on a form and arm its version field for a deliberate save.

    differences are "label: saved value" texts telling what the other person saved.
    """
    message = _(
        "En anden har gemt ændringer, mens du redigerede. Dine ændringer er ikke gemt. "
        "Kontrollér felterne og gem igen for at overskrive."
    )
    if differences:
        message += " " + _("Den gemte udgave har nu:") + " " + "; ".join(differences)
    form.add_error(None, message)
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = version


def save_form(form, save=None):
    """Validate a bound form and save it through `save`; False when invalid or refused.

    `save` is the service call that writes the form (by default form.save).
    A conflicting edit comes back as the conflict message on the form, and a
    rule the service refuses (ValidationError) as an error on the form, with
    everything the user typed kept.
    """
    if not form.is_valid():
        return False
    try:
        (save or form.save)()
    except EditConflict:
        form.show_conflict()
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True
