import pytest
from django.core.exceptions import ValidationError

from alliance.phone import format_phone, normalize_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12345678", "+4512345678"),
        ("12 34 56 78", "+4512345678"),
        ("+45 12 34 56 78", "+4512345678"),
        ("0045 1234-5678", "+4512345678"),
        ("+46 70 123 45 67", "+46701234567"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_in_one_form(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["1234567", "123456789", "+45 1234567", "tlf. 12345678", "+0"])
def test_bad_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


def test_danish_numbers_are_shown_in_pairs_and_others_as_stored():
    assert format_phone("+4541868194") == "+45 41 86 81 94"
    assert format_phone("+46701234567") == "+46701234567"
    assert format_phone("") == ""
