"""The public results at /resultater/: pages, charts and open data anyone may reuse."""

import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.models import Goal
from measurement.models import DataPoint, DimensionValue, Report
from measurement.opendata import HEADER
from measurement.periods import Period
from tests.factories import make_agenda, make_indicator, make_initiative, make_organisation
from tests.queries import assert_constant_queries_for, count_queries

HYPERLINK = '=HYPERLINK("http://example.invalid/x";"Klik her")'
HIDDEN = "skjult (færre end 5)"


def approved(indicator, period, total, *, organisation=None, groups=None, **fields):
    """An approved report, made directly: what the review would have left behind."""
    fields.setdefault("reviewed_at", timezone.now())
    report = Report.objects.create(
        indicator=indicator,
        organisation=organisation or make_organisation(),
        period_start=period,
        total=total,
        status=Report.Status.APPROVED,
        **fields,
    )
    for label, value in (groups or {}).items():
        DataPoint.objects.create(
            report=report,
            dimension_value=DimensionValue.objects.get(dimension__indicator=indicator, label=label),
            value=value,
        )
    return report


def quarters(n, first=date(2024, 1, 1)):
    period = Period(first, "quarter")
    for _ in range(n):
        yield period.start
        period = period.next()


def csv_rows(response):
    assert response.streaming, "an open-data file is sent as it is read"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return [dict(zip(header, row, strict=True)) for row in rows], header


class _Tables(HTMLParser):
    """The page's tables as {caption: [[cell text, …], …]}."""

    def __init__(self):
        super().__init__()
        self.tables, self._caption, self._rows, self._cell, self._in = {}, "", None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in = "caption"
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "table":
            self.tables[" ".join(self._caption.split())] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in == "caption":
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def tables(response):
    parser = _Tables()
    parser.feed(response.text)
    return parser.tables


def table_with(response, words):
    found = [rows for caption, rows in tables(response).items() if words in caption]
    assert found, f"no table with {words!r} in its caption: {list(tables(response))}"
    return found[0]


@pytest.fixture
def goal(secretariat):
    agenda = make_agenda(goals=["Flere unge i fritidsjob"], adopt=True, by=secretariat)
    return agenda.agenda_goals.get().goal


@pytest.fixture
def public(goal):
    """A public indicator broken down by three groups, with two approved quarters."""
    indicator = make_indicator(
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        goal=goal,
        is_public=True,
        unit="unge",
        groups={"Køn": ["Piger", "Drenge", "Ikke oplyst"]},
    )
    approved(
        indicator,
        date(2025, 1, 1),
        40,
        groups={"Piger": 18, "Drenge": 12, "Ikke oplyst": 10},
    )
    # Three girls could be pointed at; twelve of unknown gender would give them away.
    approved(
        indicator,
        date(2025, 4, 1),
        35,
        groups={"Piger": 3, "Drenge": 20, "Ikke oplyst": 12},
    )
    return indicator


@pytest.fixture
def internal(goal):
    indicator = make_indicator(name="Hemmelig indikator", slug="hemmelig", goal=goal)
    approved(indicator, date(2025, 1, 1), 7)
    return indicator


def public_urls(slug):
    return [
        reverse(name, args=[slug])
        for name in (
            "measurement:public_indicator",
            "measurement:indicator_csv",
            "measurement:chart_svg",
        )
    ]


# --- who sees what -------------------------------------------------------------------


def test_internal_indicator_never_appears_or_downloads(client, public, internal):
    for url in public_urls(internal.slug):
        assert client.get(url).status_code == 404, url
    assert "Hemmelig indikator" not in client.get(reverse("measurement:results")).text
    rows, _ = csv_rows(client.get(reverse("measurement:all_csv")))
    assert {row["indicator"] for row in rows} == {"unge-i-fritidsjob"}
    package = client.get(reverse("measurement:datapackage")).json()
    assert "hemmelig" not in json.dumps(package)


def test_performance_measure_of_an_internal_initiative_stays_internal(client, goal):
    hidden = make_initiative(name="Intern indsats", is_public=False, goals=[goal])
    measure = make_indicator(name="Deltagere i intern indsats", initiative=hidden, is_public=True)
    approved(measure, date(2025, 1, 1), 12)
    for url in public_urls(measure.slug):
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("measurement:results")).text
    assert "Deltagere i intern indsats" not in page
    assert "Intern indsats" not in page


def test_results_group_indicators_by_goal_then_measures_by_initiative(client, public, goal):
    initiative = make_initiative(name="Jobcafé", is_public=True, goals=[goal])
    measure = make_indicator(
        name="Besøg i jobcaféen", initiative=initiative, is_public=True, unit="besøg"
    )
    approved(measure, date(2025, 1, 1), 120)
    page = client.get(reverse("measurement:results")).text
    headings = re.findall(r"<h[2-4][^>]*>(?:<a [^>]*>)?([^<]+)<", page)
    assert headings[headings.index("Flere unge i fritidsjob") :] == [
        "Flere unge i fritidsjob",
        "Unge i fritidsjob",
        "Sådan går det i vores indsatser",
        "Jobcafé",
        "Besøg i jobcaféen",
        "Åbne data",
    ]
    # The latest figure with its period and unit.
    assert "35 unge" in page and "2. kvt. 2025" in page
    assert "120 besøg" in page
    assert reverse("measurement:public_indicator", args=[public.slug]) in page
    assert reverse("measurement:all_csv") in page
    assert reverse("measurement:datapackage") in page


def test_results_say_so_when_nothing_is_public(client, internal):
    page = client.get(reverse("measurement:results")).text
    assert "Alliancen har endnu ikke offentliggjort nogen indikatorer." in page
    assert reverse("measurement:all_csv") not in page


def test_only_approved_figures_are_published(client, public):
    Report.objects.create(
        indicator=public,
        organisation=make_organisation(),
        period_start=date(2025, 7, 1),
        total=999,
        status=Report.Status.SUBMITTED,
    )
    page = client.get(reverse("measurement:public_indicator", args=[public.slug]))
    assert "999" not in page.text
    rows, _ = csv_rows(client.get(reverse("measurement:indicator_csv", args=[public.slug])))
    assert "2025-07-01" not in {row["period_start"] for row in rows}


# --- the indicator's page ------------------------------------------------------------


def test_indicator_page_shows_the_method_and_the_curve_as_a_table(client, public):
    public.method = "Vi tæller **alle** unge med lønseddel."
    public.data_source = "eIndkomst"
    public.save()
    response = client.get(reverse("measurement:public_indicator", args=[public.slug]))
    assert "<strong>alle</strong>" in response.text
    assert "eIndkomst" in response.text
    assert "<svg" in response.text
    curve = table_with(response, "Unge i fritidsjob: tal pr. periode")
    assert curve[1][:2] == ["1. kvt. 2025", "40 unge"]
    assert curve[2][:2] == ["2. kvt. 2025", "35 unge"]
    assert '<meta name="description" content="Andelen af unge' in response.text


def test_a_small_group_and_the_one_that_would_give_it_away_are_hidden_on_the_page(client, public):
    response = client.get(reverse("measurement:public_indicator", args=[public.slug]))
    header, first, second = table_with(response, "fordelt på Køn")
    assert header == ["Periode", "Piger", "Drenge", "Ikke oplyst"]
    assert first == ["1. kvt. 2025", "18 unge", "12 unge", "10 unge"]
    assert second == ["2. kvt. 2025", HIDDEN, "20 unge", HIDDEN]


def test_the_threshold_comes_from_the_settings(client, public, settings):
    settings.MEASUREMENT_MIN_GROUP_SIZE = 11
    response = client.get(reverse("measurement:public_indicator", args=[public.slug]))
    _, first, _ = table_with(response, "fordelt på Køn")
    assert first == ["1. kvt. 2025", "18 unge", "skjult (færre end 11)", "skjult (færre end 11)"]


def test_stories_behind_the_curve_are_shown(client, public):
    public.stories.create(period_start=date(2025, 4, 1), text="Sommerjob-messen blev aflyst.")
    response = client.get(reverse("measurement:public_indicator", args=[public.slug]))
    assert "Sommerjob-messen blev aflyst." in response.text


def test_indicator_page_offers_the_chart_to_embed(client, public):
    response = client.get(reverse("measurement:public_indicator", args=[public.slug]))
    svg = "http://testserver" + reverse("measurement:chart_svg", args=[public.slug])
    assert f"&lt;img src=&quot;{svg}&quot;" in response.text
    assert reverse("measurement:indicator_csv", args=[public.slug]) in response.text


# --- open data -----------------------------------------------------------------------


def test_csv_has_a_row_per_period_and_group_and_hides_small_groups(client, public):
    rows, header = csv_rows(client.get(reverse("measurement:indicator_csv", args=[public.slug])))
    assert header == HEADER
    second = {row["group"]: row for row in rows if row["period_start"] == "2025-04-01"}
    assert second[""] == {
        "indicator": "unge-i-fritidsjob",
        "indicator_name": "Unge i fritidsjob",
        "period_start": "2025-04-01",
        "period_end": "2025-06-30",
        "period_label": "2. kvt. 2025",
        "group_dimension": "",
        "group": "",
        "value": "35",
        "unit": "unge",
        "reporters": "1",
        "suppressed": "false",
    }
    assert (second["Piger"]["value"], second["Piger"]["suppressed"]) == ("", "true")
    assert (second["Ikke oplyst"]["value"], second["Ikke oplyst"]["suppressed"]) == ("", "true")
    assert (second["Drenge"]["value"], second["Drenge"]["suppressed"]) == ("20", "false")
    assert second["Drenge"]["group_dimension"] == "Køn"
    assert len(rows) == 2 * 4


def test_csv_neutralises_a_formula_in_an_indicator_name(client, goal):
    indicator = make_indicator(name=HYPERLINK, slug="formel", goal=goal, is_public=True)
    approved(indicator, date(2025, 1, 1), 5)
    for name in ("measurement:indicator_csv", "measurement:all_csv"):
        args = [indicator.slug] if name == "measurement:indicator_csv" else []
        rows, _ = csv_rows(client.get(reverse(name, args=args)))
        assert rows[0]["indicator_name"] == "'" + HYPERLINK


def test_datapackage_describes_the_csv_files(client, public):
    response = client.get(reverse("measurement:datapackage"))
    package = json.loads(response.content.decode("utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    everything, indicator = package["resources"]
    assert everything["path"] == "http://testserver" + reverse("measurement:all_csv")
    assert indicator["path"] == "http://testserver" + reverse(
        "measurement:indicator_csv", args=[public.slug]
    )
    assert indicator["title"] == "Unge i fritidsjob"
    _, header = csv_rows(client.get(reverse("measurement:all_csv")))
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header
        assert {field["type"] for field in fields} <= {
            "string",
            "date",
            "number",
            "integer",
            "boolean",
        }
        assert all(field["description"] for field in fields)
        assert resource["dialect"]["delimiter"] == ";"
    # Danish letters as they are, not as \u escapes.
    assert "målt" in response.content.decode("utf-8")


# --- the chart to embed --------------------------------------------------------------


def test_chart_is_a_standalone_svg_another_site_may_show(client, public):
    response = client.get(reverse("measurement:chart_svg", args=[public.slug]))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert 'xmlns="http://www.w3.org/2000/svg"' in response.text
    assert "<script" not in response.text and " style=" not in response.text
    # An <img> on another site is not a frame: nothing here may keep it from loading.
    assert "Cross-Origin-Resource-Policy" not in response
    assert "public" in response["Cache-Control"]


def test_chart_is_served_from_the_cache_until_a_figure_is_approved(client, public):
    url = reverse("measurement:chart_svg", args=[public.slug])
    first, _ = count_queries(client, url)
    cached, _ = count_queries(client, url)
    assert cached < first
    approved(public, date(2025, 7, 1), 48, reviewed_at=timezone.now() + timedelta(seconds=1))
    assert "3. kvt. 2025" in client.get(url).text


# --- what the pages cost -------------------------------------------------------------


def test_results_cost_the_same_with_3_and_30_indicators(client, goal):
    def add(n):
        for _ in range(n):
            approved(make_indicator(goal=goal, is_public=True), date(2025, 1, 1), 10)

    assert_constant_queries_for(client, {"anonymous": None}, reverse("measurement:results"), add)


@pytest.fixture
def add_reports(public):
    """add_reports(n): n more approved quarters of the public indicator, a small group in each."""
    added = iter(quarters(40, first=date(2026, 1, 1)))
    organisation = make_organisation()

    def add(n):
        for _ in range(n):
            approved(
                public,
                next(added),
                30,
                organisation=organisation,
                groups={"Piger": 10, "Drenge": 4, "Ikke oplyst": 16},
            )

    return add


def test_indicator_page_costs_the_same_with_3_and_30_reports(client, public, add_reports):
    url = reverse("measurement:public_indicator", args=[public.slug])
    assert_constant_queries_for(client, {"anonymous": None}, url, add_reports)


def test_indicator_csv_costs_the_same_with_3_and_30_reports_to_the_last_row(
    client, public, add_reports
):
    url = reverse("measurement:indicator_csv", args=[public.slug])

    def whole_file():
        with CaptureQueriesContext(connection) as queries:
            rows, _ = csv_rows(client.get(url))
        return len(queries), len(rows)

    add_reports(3)
    few = whole_file()
    add_reports(27)
    many = whole_file()
    assert few[0] == many[0]
    assert many[1] - few[1] == 27 * 4


def test_page_and_csv_round_a_figure_alike(client, goal):
    indicator = make_indicator(
        name="Timer", slug="timer", goal=goal, is_public=True, unit="timer", decimals=1
    )
    approved(indicator, date(2025, 1, 1), Decimal("1234.25"))
    rows, _ = csv_rows(client.get(reverse("measurement:indicator_csv", args=[indicator.slug])))
    assert rows[0]["value"] == "1234.3"
    page = client.get(reverse("measurement:public_indicator", args=[indicator.slug]))
    assert table_with(page, "tal pr. periode")[1][:2] == ["1. kvt. 2025", "1.234,3 timer"]


# --- a goal's page -------------------------------------------------------------------


def test_a_goals_page_shows_its_public_indicators_and_initiatives(
    client, public, internal, goal, organisation_a
):
    make_initiative(name="Lektiecafé", slug="lektiecafe", goals=[goal], is_public=True)
    make_initiative(name="Intern indsats", slug="intern", goals=[goal])
    results = client.get(reverse("measurement:results")).text
    url = reverse("measurement:goal", args=[goal.pk])
    assert f'href="{url}"' in results

    page = client.get(url).text

    assert "<h1>Flere unge i fritidsjob</h1>" in page
    assert "Unge i fritidsjob" in page and "<svg" in page
    assert "Lektiecafé" in page
    assert "Hemmelig indikator" not in page and "Intern indsats" not in page


def test_a_goal_off_the_agenda_without_public_indicators_has_no_page(client, internal):
    other = Goal.objects.create(title="Gammel målsætning")

    assert client.get(reverse("measurement:goal", args=[other.pk])).status_code == 404
