"""
Numbers as people write and read them: "1.234,5" in Danish, "1,234.5" in English.

One place for both ways, used by the forms (reading what was typed), the
pages and tables, and the charts.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

# Spaces people type between groups of digits, ordinary, non-breaking and thin.
_SPACES = re.compile(r"[ \u00a0\u202f]")
_DIGITS = re.compile(r"[0-9]*")


def _grouped(text, separator):
    """Whether `text` is digits in groups of three: 1.234 or 12.345.678 (never 0.250)."""
    return re.fullmatch(rf"[1-9][0-9]{{0,2}}(?:{re.escape(separator)}[0-9]{{3}})+", text)


def parse_number(text):
    """A number as people write it in the active language; ValueError when it is none.

    In Danish "1.234,5", "1234,5" and "1 234,5" are all 1234.5. A point that
    cannot be a thousands separator is read as a decimal point, so "1234.5"
    works too; "1.234" is one thousand two hundred and thirty-four.
    """
    decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    text = _SPACES.sub("", str(text).strip()).replace("\u2212", "-")
    sign = ""
    if text[:1] in ("-", "+"):
        sign, text = text[0].replace("+", ""), text[1:]
    if decimal_mark in text:
        whole, _mark, fraction = text.partition(decimal_mark)
        if thousands in whole:
            if not _grouped(whole, thousands):
                raise ValueError(text)
            whole = whole.replace(thousands, "")
    elif thousands in text and (text.count(thousands) > 1 or _grouped(text, thousands)):
        if not _grouped(text, thousands):
            raise ValueError(text)
        whole, fraction = text.replace(thousands, ""), ""
    else:
        # One separator that cannot group thousands: the other decimal mark.
        whole, _mark, fraction = text.partition(thousands)
    if not (whole or fraction) or not all(_DIGITS.fullmatch(part) for part in (whole, fraction)):
        raise ValueError(text)
    try:
        return Decimal(f"{sign}{whole or 0}.{fraction or 0}")
    except InvalidOperation:
        raise ValueError(text) from None


def format_number(value, decimals=None, *, grouping=False):
    """A figure as the active language writes it: "1234,5", or "1.234,5" with grouping.

    With `decimals` the figure is rounded half up to that many (Django's
    number_format would cut the rest off); without, it keeps the decimals it
    has, and no trailing zeros.
    """
    if value is None:
        return ""
    value = Decimal(value)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        # Never "-0".
        value = abs(value) if value == 0 else value
    else:
        value = value.normalize()
        # normalize() writes 100 as 1E+2; quantize brings the digits back.
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
    return formats.number_format(
        value, decimal_pos=decimals, use_l10n=True, force_grouping=grouping
    )
