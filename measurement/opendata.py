"""
Open data: the public indicators' figures as CSV rows, and the Frictionless
Data Package (https://datapackage.org) that describes the files.

Each row is one indicator in one period, for the whole population (the group
columns empty) or for one group of a breakdown. The files show what the
public pages show: only approved figures of public indicators, with small
groups suppressed exactly as on the charts.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from measurement import series

# The licence the alliance publishes its figures under: anyone may reuse them,
# also commercially, as long as the alliance is named as the source.
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


# The CSV's columns as Table Schema fields: name, type and a Danish description.
FIELDS = [
    ("indicator", "string", _lazy("Indikatorens adresse på portalen, fx unge-i-job.")),
    ("indicator_name", "string", _lazy("Indikatorens navn.")),
    ("period_start", "date", _lazy("Periodens første dag.")),
    ("period_end", "date", _lazy("Periodens sidste dag.")),
    ("period_label", "string", _lazy("Perioden i ord, fx 2. kvt. 2026.")),
    ("group_dimension", "string", _lazy("Opdelingen, fx Køn. Tom for hele målgruppen.")),
    ("group", "string", _lazy("Gruppen i opdelingen, fx Piger. Tom for hele målgruppen.")),
    (
        "value",
        "number",
        _lazy(
            "Værdien i perioden, med punktum som decimaltegn. Tom, når der ikke er et "
            "godkendt tal, eller når gruppen er skjult."
        ),
    ),
    ("unit", "string", _lazy("Enheden, værdien er målt i.")),
    (
        "reporters",
        "integer",
        _lazy("Hvor mange organisationers godkendte indberetninger tallet bygger på."),
    ),
    (
        "suppressed",
        "boolean",
        _lazy(
            "true, når gruppens tal er skjult: gruppen er så lille, at tallet kunne pege på "
            "enkeltpersoner, eller en anden lille gruppe kunne ellers regnes ud af den."
        ),
    ),
]
HEADER = [name for name, _type, _description in FIELDS]


def schema_fields():
    return [
        {"name": name, "type": type_, "description": str(description)}
        for name, type_, description in FIELDS
    ]


def rounded(indicator, value):
    """A value to the indicator's number of decimals, half up, as the pages show it."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-indicator.decimals), ROUND_HALF_UP)


def _row(indicator, point, dimension="", group=""):
    return [
        indicator.slug,
        indicator.name,
        point.period.start,
        point.period.end,
        point.period.label(),
        dimension,
        group,
        None if point.suppressed else rounded(indicator, point.value),
        indicator.unit,
        point.reporters,
        "true" if point.suppressed else "false",
    ]


def rows(indicator, curve, groups):
    """The CSV rows of one indicator: its curve, then each group's (public: suppressed)."""
    for point in curve:
        yield _row(indicator, point)
    for value, points in groups:
        for point in points:
            yield _row(indicator, point, value.dimension.name, value.label)


def indicator_rows(indicator):
    yield from rows(indicator, series.curve(indicator), series.groups(indicator, public=True))


def all_rows(indicators):
    """Every public indicator's rows, read one indicator at a time as the file is sent.

    The curves come in one query for all; the groups cost two queries an
    indicator, run while the file streams rather than before it starts.
    """
    indicators = list(indicators)
    curves = series.curves(indicators)
    for indicator in indicators:
        yield from rows(indicator, curves[indicator.pk], series.groups(indicator, public=True))


def _resource(request, *, name, title, description, url_name, kwargs=None):
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "title": title,
        "description": description,
        "path": request.build_absolute_uri(reverse(url_name, kwargs=kwargs)),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ";", "header": True},
        "licenses": [LICENSE],
        "schema": {"fields": schema_fields(), "missingValues": [""]},
    }


def datapackage(request, indicators):
    """The Data Package descriptor: the all-indicators file and one file per indicator.

    Paths are absolute addresses on this portal, so the descriptor can be read
    from anywhere.
    """
    alliance = settings.ALLIANCE_NAME
    resources = [
        _resource(
            request,
            name="alle-indikatorer",
            title=_("Alle offentlige indikatorer"),
            description=_(
                "Alle alliancens offentlige indikatorer, én række pr. indikator, periode og gruppe."
            ),
            url_name="measurement:all_csv",
        )
    ]
    resources += [
        _resource(
            request,
            # A resource name is lower case; the prefix keeps it apart from the one above.
            name=f"indikator-{indicator.slug.lower()}",
            title=indicator.name,
            description=indicator.definition,
            url_name="measurement:indicator_csv",
            kwargs={"slug": indicator.slug},
        )
        for indicator in indicators
    ]
    return {
        "profile": "tabular-data-package",
        "name": f"{slugify(alliance) or 'alliancen'}-resultater",
        "title": _("%(alliance)s: resultater") % {"alliance": alliance},
        "description": _(
            "De tal, alliancens organisationer har indberettet, og som sekretariatet har "
            "godkendt, lagt sammen pr. periode. Grupper med færre end %(size)s er skjult. "
            "Filerne er semikolonseparerede og begynder med et byte-order mark, så Excel "
            "åbner dem som UTF-8."
        )
        % {"size": series.min_group_size()},
        "homepage": request.build_absolute_uri(reverse("measurement:results")),
        "licenses": [LICENSE],
        "resources": resources,
    }
