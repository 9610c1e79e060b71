"""
Reporting periods: a month, a quarter, a half-year or a year, named by the
day it starts. An indicator's frequency says which; a report is for one.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

MONTH, QUARTER, HALF_YEAR, YEAR = "month", "quarter", "half_year", "year"
MONTHS_IN = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}

# A period's figures are due once it has ended, and overdue this many days after.
OVERDUE_AFTER_DAYS = 30
# How many of an indicator's latest periods the reporting pages list.
PERIODS_SHOWN = 8


@dataclass(frozen=True, order=True)
class Period:
    start: date
    frequency: str

    @property
    def months(self):
        return MONTHS_IN[self.frequency]

    @property
    def end(self):
        """The period's last day."""
        return self.next().start - timedelta(days=1)

    def next(self):
        return Period(_add_months(self.start, self.months), self.frequency)

    def previous(self):
        return Period(_add_months(self.start, -self.months), self.frequency)

    def label(self):
        """The period as Danish readers name it: "2. kvt. 2026", "1. halvår 2026", "2026"."""
        year = self.start.year
        if self.frequency == YEAR:
            return str(year)
        if self.frequency == HALF_YEAR:
            return _("%(half)s. halvår %(year)s") % {
                "half": self.start.month // 6 + 1,
                "year": year,
            }
        if self.frequency == QUARTER:
            return _("%(quarter)s. kvt. %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": year,
            }
        return f"{_month_name(self.start.month)} {year}"

    def __str__(self):
        return self.label()


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(day, frequency):
    """The period of `frequency` that `day` falls in."""
    months = MONTHS_IN[frequency]
    return Period(date(day.year, (day.month - 1) // months * months + 1, 1), frequency)


def is_period_start(day, frequency):
    return period_of(day, frequency).start == day


def periods_between(first, last, frequency):
    """Every period from the one holding `first` to the one holding `last`, in order."""
    period, end = period_of(first, frequency), period_of(last, frequency)
    periods = []
    while period <= end:
        periods.append(period)
        period = period.next()
    return periods


def _month_name(month):
    names = [
        pgettext("month", "jan."),
        pgettext("month", "feb."),
        pgettext("month", "mar."),
        pgettext("month", "apr."),
        pgettext("month", "maj"),
        pgettext("month", "jun."),
        pgettext("month", "jul."),
        pgettext("month", "aug."),
        pgettext("month", "sep."),
        pgettext("month", "okt."),
        pgettext("month", "nov."),
        pgettext("month", "dec."),
    ]
    return names[month - 1]


def deadline(period):
    """The last day to report a period's figures before they are overdue."""
    return period.end + timedelta(days=OVERDUE_AFTER_DAYS)


def latest_past_deadline(today, frequency):
    """The latest period of a frequency whose deadline has passed today: the one whose
    figures are overdue when they have not come in."""
    period = period_of(today, frequency).previous()
    while deadline(period) >= today:
        period = period.previous()
    return period


def last_finished(indicator, today):
    """The indicator's latest period that has ended; None before the first one has."""
    period = indicator.period(today).previous()
    if period < indicator.period(indicator.reporting_from):
        return None
    return period


def latest_periods(indicator, today, count=PERIODS_SHOWN):
    """Up to `count` finished periods, latest first, none before reporting starts."""
    first = indicator.period(indicator.reporting_from)
    period = last_finished(indicator, today)
    shown = []
    while period is not None and period >= first and len(shown) < count:
        shown.append(period)
        period = period.previous()
    return shown
