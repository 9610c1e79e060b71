"""
Telephone numbers: stored as +4512345678, shown as +45 12 34 56 78.

Danish numbers may be typed with or without +45/0045 and with any spacing;
foreign numbers need their + and country code.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-./()]")


def normalize_phone(value):
    """Return the stored form of a phone number, or raise ValidationError."""
    digits = _SEPARATORS.sub("", value or "")
    if not digits:
        return ""
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"\d{8}", digits):
        return "+45" + digits
    if re.fullmatch(r"\+45\d{8}", digits):
        return digits
    if re.fullmatch(r"\+(?!45)[1-9]\d{6,14}", digits):
        return digits
    raise ValidationError(
        _("Skriv et dansk telefonnummer med 8 cifre, fx 12 34 56 78, eller et udenlandsk med +."),
        code="invalid_phone",
    )


def format_phone(value):
    """Group a stored Danish number in pairs; leave other numbers as stored."""
    if value and re.fullmatch(r"\+45\d{8}", value):
        local = value[3:]
        return "+45 " + " ".join(local[i : i + 2] for i in range(0, 8, 2))
    return value or ""


class PhoneFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.setdefault("autocomplete", "tel")

    def prepare_value(self, value):
        return format_phone(value) if isinstance(value, str) else value

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


class PhoneField(models.CharField):
    """A model field for phone numbers in the stored form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, "max_length": 24, **kwargs})
