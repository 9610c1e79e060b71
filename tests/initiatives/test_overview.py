"""The cross-sector overviews: initiatives × sectors, goals × initiatives, and the network."""

import itertools
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.text import slugify

from agenda.models import Agenda, AgendaGoal, Goal
from agenda.services import adopt_agenda
from initiatives.models import Commitment, Initiative
from initiatives.overview import LABEL_CHARS, layout_network
from members.models import Organisation
from tests.factories import make_goal

CROSS_SECTOR = reverse("initiatives:cross_sector")
NETWORK = reverse("initiatives:network")
SECTOR_CAPTION = "Antal aktive tilsagn"
GOAL_CAPTION = "De indsatser, der arbejder"

_numbers = itertools.count(1)


def _organisation(sector, name=None):
    return Organisation.objects.create(
        name=name or f"{sector.title()} {next(_numbers)}", sector=sector
    )


def _initiative(name, *, lead, status="active", goals=()):
    initiative = Initiative.objects.create(
        name=name,
        slug=slugify(name),
        summary="En indsats for unge.",
        lead_organisation=lead,
        status=status,
    )
    initiative.goals.set(goals)
    return initiative


def _commit(initiative, organisation, status="active"):
    return Commitment.objects.create(
        initiative=initiative, organisation=organisation, description="Vi hjælper.", status=status
    )


class _Tables(HTMLParser):
    """Each table's caption and rows, every cell as its text with whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td", "caption"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption":
            self.tables[-1]["caption"] = " ".join("".join(self._cell).split())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(html, caption):
    """The rows of the table whose caption starts with `caption`, keyed by the first cell."""
    parser = _Tables()
    parser.feed(html)
    (found,) = [t for t in parser.tables if t["caption"].startswith(caption)]
    return {row[0]: row[1:] for row in found["rows"]}


def svg(html):
    match = re.search(r'<svg id="netvaerk-tegning".*?</svg>', html, re.S)
    assert match, "no network drawing on the page"
    return match.group(0)


@pytest.fixture
def signed_in(client_for, member_a):
    return client_for(member_a)


# Initiatives × sectors


def test_matrix_counts_active_and_at_risk_commitments_per_sector(signed_in, organisation_a):
    lektiecafe = _initiative("Lektiecafé", lead=organisation_a)
    _commit(lektiecafe, organisation_a)
    _commit(lektiecafe, _organisation("erhverv"), status="at_risk")
    _commit(lektiecafe, _organisation("civilsamfund"))
    _commit(lektiecafe, _organisation("kommune"), status="proposed")
    _commit(lektiecafe, _organisation("kommune"), status="withdrawn")
    _commit(lektiecafe, _organisation("kommune"), status="completed")

    rows = table(signed_in.get(CROSS_SECTOR).text, SECTOR_CAPTION)

    header = rows["Indsats"]
    cells = dict(zip(header, rows["Lektiecafé"], strict=True))
    assert cells["Status"] == "Aktiv"
    assert (cells["Erhverv"], cells["Civilsamfund"], cells["Kommune"]) == ("2", "1", "0")
    assert cells["I alt"] == "3"


def test_matrix_has_column_totals(signed_in, organisation_a, organisation_b):
    first = _initiative("Fritidsjob", lead=organisation_a)
    second = _initiative("Lektiecafé", lead=organisation_b)
    _commit(first, organisation_a)
    _commit(first, organisation_b)
    _commit(second, organisation_b)

    rows = table(signed_in.get(CROSS_SECTOR).text, SECTOR_CAPTION)

    totals = dict(zip(rows["Indsats"][1:], rows["I alt"], strict=True))
    assert (totals["Erhverv"], totals["Civilsamfund"], totals["Fond"], totals["I alt"]) == (
        "1",
        "2",
        "0",
        "3",
    )


def test_single_sector_flag_goes_away_when_a_second_sector_commits(
    signed_in, organisation_a, organisation_b
):
    initiative = _initiative("Unge i fritidsjob", lead=organisation_a)
    _commit(initiative, organisation_a)
    _commit(initiative, _organisation("erhverv"))

    row = table(signed_in.get(CROSS_SECTOR).text, SECTOR_CAPTION)
    assert any(name.startswith("Unge i fritidsjob Kun én sektor") for name in row)

    _commit(initiative, organisation_b)

    text = signed_in.get(CROSS_SECTOR).text
    assert "Unge i fritidsjob" in table(text, SECTOR_CAPTION)
    assert "Kun én sektor" not in text


def test_proposed_and_withdrawn_commitments_leave_an_initiative_without_active_ones(
    signed_in, organisation_a, organisation_b
):
    initiative = _initiative("Lektiecafé", lead=organisation_a)
    _commit(initiative, organisation_a, status="proposed")
    _commit(initiative, organisation_b, status="withdrawn")

    text = signed_in.get(CROSS_SECTOR).text

    row = table(text, SECTOR_CAPTION)["Lektiecafé Ingen aktive tilsagn"]
    assert row[-1] == "0"
    assert "Kun én sektor" not in text


def test_completed_initiatives_are_left_out_and_others_show_their_status(signed_in, organisation_a):
    _initiative("Afsluttet sommerskole", lead=organisation_a, status="completed")
    _initiative("Planlagt lektiecafé", lead=organisation_a, status="planned")

    text = signed_in.get(CROSS_SECTOR).text

    rows = table(text, SECTOR_CAPTION)
    assert "Afsluttet sommerskole" not in text
    assert rows["Planlagt lektiecafé Ingen aktive tilsagn"][0] == "Planlagt"
    assert (
        f'href="{reverse("initiatives:initiative_detail", kwargs={"slug": "planlagt-lektiecafe"})}"'
        in text
    )


# Goals × initiatives


def test_goals_follow_the_adopted_agenda_and_split_active_from_other_initiatives(
    signed_in, organisation_a
):
    jobs, school, health = (
        Goal.objects.create(title=t) for t in ("A: Job", "B: Skole", "C: Sundhed")
    )
    Goal.objects.create(title="Udgået mål", retired_on=date(2025, 1, 1))
    agenda = Agenda.objects.create(number=1, status="adopted", adopted_on=date(2026, 1, 1))
    for order, goal in enumerate([health, jobs, school], start=1):
        AgendaGoal.objects.create(agenda=agenda, goal=goal, title=goal.title, order=order)
    _initiative("Fritidsjob", lead=organisation_a, goals=[jobs])
    _initiative("Lektiecafé", lead=organisation_a, goals=[jobs, school], status="planned")
    _initiative("Gammel indsats", lead=organisation_a, goals=[school], status="completed")

    rows = table(signed_in.get(CROSS_SECTOR).text, GOAL_CAPTION)

    assert list(rows) == [
        "Målsætning",
        "C: Sundhed Ingen aktiv indsats",
        "A: Job",
        "B: Skole Ingen aktiv indsats",
    ]
    assert rows["A: Job"] == ["Fritidsjob", "Lektiecafé Planlagt"]
    assert rows["B: Skole Ingen aktiv indsats"] == [
        "–",
        "Gammel indsats Afsluttet Lektiecafé Planlagt",
    ]


def test_a_goal_proposed_in_a_draft_is_not_live_until_the_draft_is_adopted(signed_in, secretariat):
    make_goal("Flere unge i job")
    draft = Agenda.objects.create(number=2)
    proposed = Goal.objects.create(title="Forslag: Bedre trivsel")
    AgendaGoal.objects.create(agenda=draft, goal=proposed, title=proposed.title, order=1)

    assert "Forslag: Bedre trivsel" not in signed_in.get(CROSS_SECTOR).text
    assert "Forslag: Bedre trivsel" not in signed_in.get(NETWORK).text
    form = signed_in.get(reverse("initiatives:initiative_list")).context["form"]
    assert proposed not in form.fields["goal"].queryset
    assert [goal.title for goal in Goal.objects.live()] == ["Flere unge i job"]

    draft.vision = "Alle unge trives."
    draft.save()
    adopt_agenda(draft=draft, by=secretariat)
    assert [goal.title for goal in Goal.objects.live()] == ["Forslag: Bedre trivsel"]
    assert "Forslag: Bedre trivsel" in signed_in.get(CROSS_SECTOR).text


# The network


@pytest.fixture
def small_network(organisation_a, organisation_b):
    jobs, school = make_goal("Flere unge i job"), make_goal("Skole")
    retired = Goal.objects.create(title="Udgået mål", retired_on=date(2025, 1, 1))
    make_goal("Trivsel")
    fritidsjob = _initiative("Fritidsjob", lead=organisation_a, goals=[jobs, retired])
    lektiecafe = _initiative("Lektiecafé", lead=organisation_b, goals=[jobs, school])
    _commit(fritidsjob, organisation_a)
    _commit(fritidsjob, organisation_b, status="at_risk")
    _commit(lektiecafe, organisation_a, status="proposed")
    _initiative("Afsluttet", lead=organisation_a, status="completed", goals=[school])
    # Links: A→Fritidsjob (lead and commitment), B→Fritidsjob (commitment),
    # B→Lektiecafé (lead); Fritidsjob→job, Lektiecafé→job, Lektiecafé→skole.
    return 6


def test_network_drawing_has_a_title_a_description_and_one_line_per_link(signed_in, small_network):
    text = signed_in.get(NETWORK).text

    drawing = svg(text)
    assert 'role="img"' in drawing
    assert 'aria-labelledby="netvaerk-titel netvaerk-beskrivelse"' in drawing
    assert '<title id="netvaerk-titel">' in drawing
    assert re.search(r'<desc id="netvaerk-beskrivelse">\s*Organisationer til venstre: 2', drawing)
    assert drawing.count("<line ") == small_network
    assert drawing.count('stroke-dasharray="7 4"') == 2  # the two leads
    assert drawing.count('stroke-width="4"') == 1  # the lead with its own commitment
    assert "Afsluttet" not in drawing
    assert "Udgået mål" not in drawing
    assert ">Trivsel</text>" in drawing  # a current goal without initiatives is drawn


def test_network_text_alternative_lists_the_same_links(signed_in, small_network):
    text = signed_in.get(NETWORK).text
    lists = text[text.index("Netværket som lister") :]
    lists = " ".join(re.sub(r"<[^>]+>", " ", lists).split())

    assert (
        "Fritidsjob (aktiv) Organisationer: Organisation A (ansvarlig og aktivt tilsagn) "
        "Organisation B (aktivt tilsagn) Målsætninger: Flere unge i job"
    ) in lists
    assert (
        "Lektiecafé (aktiv) Organisationer: Organisation B (ansvarlig) "
        "Målsætninger: Flere unge i job Skole"
    ) in lists
    assert "Målsætninger uden indsatser Trivsel" in lists
    assert "Udgået mål" not in lists
    links = lists.count("(aktivt tilsagn)") + lists.count("(ansvarlig")
    goals = lists.count("Flere unge i job") + lists.count("Skole")
    assert links + goals == small_network


def test_network_page_has_no_inline_styles_or_scripts(signed_in, small_network):
    text = signed_in.get(NETWORK).text + signed_in.get(CROSS_SECTOR).text

    assert "style=" not in text
    assert "<script" not in text


def test_network_height_grows_with_the_longest_column_and_long_labels_are_cut():
    long_name = "Et meget langt navn på en organisation, der aldrig slutter"
    few = layout_network(
        organisations={1: long_name},
        initiatives={10: "Lektiecafé"},
        goals={20: "Job"},
        org_links=[(1, 10, "lead")],
        goal_links=[(10, 20)],
    )
    many = layout_network(
        organisations={n: f"Organisation {n}" for n in range(12)},
        initiatives={10: "Lektiecafé"},
        goals={20: "Job"},
        org_links=[(n, 10, "commitment") for n in range(12)],
        goal_links=[(10, 20)],
    )

    assert many.height > few.height
    assert len(many.lines) == 13
    (organisation,) = few.organisations
    assert organisation.is_truncated
    assert organisation.short_label.endswith("…")
    assert len(organisation.short_label) == LABEL_CHARS
    # Lines run from the right edge of one box to the left edge of the next column's.
    line = few.lines[0]
    assert (line.x1, line.x2) == (organisation.right, few.initiatives[0].x)
    assert line.y1 == organisation.middle


def test_pages_link_to_each_other_and_to_the_initiative_list(signed_in):
    for url, other in [(CROSS_SECTOR, NETWORK), (NETWORK, CROSS_SECTOR)]:
        text = signed_in.get(url).text
        assert f'href="{other}"' in text
        assert f'href="{reverse("initiatives:initiative_list")}"' in text
        assert text.count("<h1") == 1
