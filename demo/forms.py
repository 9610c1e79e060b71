"""What every part of the demo does with its forms."""

from django.core.exceptions import ValidationError


def valid(form):
    """The bound form or formset, checked as a person's input would be; the demo must pass."""
    if not form.is_valid():
        errors = [form.errors]
        if hasattr(form, "non_form_errors"):
            errors.append(form.non_form_errors())
        raise ValidationError(f"The demo data does not pass {type(form).__name__}: {errors}")
    return form
