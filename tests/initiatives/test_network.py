"""The network drawing: organisations without ties, filters, highlighting, and its layout."""

import re
from itertools import pairwise

import pytest
from django.urls import reverse

from initiatives.overview import (
    BOX_HEIGHT,
    COMMITMENT,
    INITIATIVE,
    LABEL_CHARS,
    LEAD,
    OFF,
    ON,
    ORGANISATION,
    layout_network,
    parse_highlight,
)
from tests.factories import (
    make_commitment,
    make_goal,
    make_group,
    make_initiative,
    make_organisation,
)
from tests.queries import count_queries

NETWORK = reverse("initiatives:network")


def svg(html):
    match = re.search(r'<svg id="netvaerk-tegning".*?</svg>', html, re.S)
    assert match, "no network drawing on the page"
    return match.group(0)


def text_of(html, start, end=None):
    """The page's text from the heading `start` on, tags stripped and spaces collapsed."""
    part = html[html.index(start) :]
    if end:
        part = part[: part.index(end)]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def drawn_labels(html, column):
    """The box labels drawn in one column (0, 1 or 2) of the SVG, by their x."""
    x = {0: 8, 1: 363, 2: 718}[column]
    return re.findall(
        rf'<text x="{x}" y="\d+" dominant-baseline="central"[^>]*>([^<]*)</text>', html
    )


@pytest.fixture
def world(organisation_a, organisation_b):
    """Two goals; Fritidsjob (erhverv + civilsamfund) and Lektiecafé (kommune) in two groups."""
    jobs, school = make_goal("Flere unge i job"), make_goal("Alle unge i skole")
    business = make_organisation(name="Kronborg Byg", sector="erhverv")
    council = make_organisation(name="Helsingør Kommune", sector="kommune")
    make_organisation(name="Stille Fond", sector="fond")
    make_organisation(name="Gammel Forening", sector="civilsamfund", active=False)
    proposed_only = make_organisation(name="Tøvende Forening", sector="civilsamfund")
    job_group, school_group = make_group(name="Job-gruppen"), make_group(name="Skole-gruppen")
    fritidsjob = make_initiative(
        name="Fritidsjob", lead=business, goals=[jobs], working_group=job_group
    )
    lektiecafe = make_initiative(
        name="Lektiecafé", lead=council, goals=[school], working_group=school_group
    )
    make_commitment(initiative=fritidsjob, organisation=organisation_b)  # civilsamfund
    make_commitment(initiative=lektiecafe, organisation=proposed_only, status="proposed")
    return {
        "jobs": jobs,
        "school": school,
        "business": business,
        "council": council,
        "fritidsjob": fritidsjob,
        "lektiecafe": lektiecafe,
        "job_group": job_group,
        "organisation_a": organisation_a,
    }


@pytest.fixture
def signed_in(client_for, member_a):
    return client_for(member_a)


# Organisations without ties


def test_organisations_without_active_ties_get_their_own_labelled_segment(signed_in, world):
    html = signed_in.get(NETWORK).text
    drawing = svg(html)

    assert ">Uden aktive tilsagn</text>" in drawing
    organisations = drawn_labels(drawing, 0)
    heading = drawing.index(">Uden aktive tilsagn</text>")
    # Below the tied ones: an organisation with only a proposed commitment, one with none.
    assert organisations[-3:] == ["Organisation A", "Stille Fond", "Tøvende Forening"]
    assert "Gammel Forening" not in drawing  # inactive organisations are not members any more
    assert drawing.count('stroke-dasharray="4 3"') == 3
    assert heading > 0
    assert "Nederst til venstre står 3 organisationer uden aktive tilsagn." in drawing


def test_text_alternative_lists_organisations_without_active_ties_with_their_sector(
    signed_in, world
):
    lists = text_of(signed_in.get(NETWORK).text, "Organisationer uden aktive tilsagn")

    assert ("Organisation A (Erhverv) Stille Fond (Fond) Tøvende Forening (Civilsamfund)") in lists
    assert "Kronborg Byg" not in lists


def test_when_every_organisation_takes_part_there_is_no_segment(signed_in, organisation_a):
    make_initiative(name="Fritidsjob", lead=organisation_a)

    html = signed_in.get(NETWORK).text

    assert "Uden aktive tilsagn" not in svg(html)
    assert "Alle organisationer er med i mindst én igangværende indsats." in html


# Filters


def test_filter_by_sector_draws_only_that_sectors_organisations_and_their_initiatives(
    signed_in, world
):
    html = signed_in.get(NETWORK, {"sector": "erhverv"}).text
    drawing = svg(html)

    # Organisation A (erhverv) takes part in nothing: it is drawn among those without ties.
    assert drawn_labels(drawing, 0) == ["Kronborg Byg", "Organisation A"]
    assert drawn_labels(drawing, 1) == ["Fritidsjob"]
    assert "Organisation B" not in drawing
    assert "Lektiecafé" not in text_of(html, "Netværket som lister")
    assert "organisationer i sektoren Erhverv og deres indsatser" in text_of(html, "Viser kun")


def test_filter_by_sector_shows_that_sectors_organisations_without_ties(signed_in, world):
    html = signed_in.get(NETWORK, {"sector": "civilsamfund"}).text

    assert drawn_labels(svg(html), 0) == ["Organisation B", "Tøvende Forening"]
    assert "Stille Fond" not in html


def test_filter_by_goal_draws_only_that_goal_and_its_initiatives(signed_in, world):
    html = signed_in.get(NETWORK, {"goal": world["school"].pk}).text
    drawing = svg(html)

    assert drawn_labels(drawing, 1) == ["Lektiecafé"]
    assert drawn_labels(drawing, 2) == ["Alle unge i skole"]
    assert drawn_labels(drawing, 0)[0] == "Helsingør Kommune"
    assert "Fritidsjob" not in text_of(html, "Netværket som lister")


def test_filter_by_working_group_draws_only_its_initiatives(signed_in, world):
    html = signed_in.get(NETWORK, {"group": world["job_group"].pk}).text
    drawing = svg(html)

    assert drawn_labels(drawing, 1) == ["Fritidsjob"]
    assert "indsatser i gruppen »Job-gruppen«" in html


def test_the_filter_form_offers_live_goals_sectors_and_groups(signed_in, world):
    html = signed_in.get(NETWORK).text
    start = html.index('aria-label="Filtrér netværket"')
    form = html[start : html.index("</form>", start)]

    assert ">Flere unge i job</option>" in form
    assert ">Erhverv</option>" in form
    assert ">Job-gruppen</option>" in form


@pytest.mark.parametrize(
    "query",
    [
        {"goal": "999999"},
        {"goal": "x"},
        {"sector": "rumvæsner"},
        {"group": "-1"},
        {"fremhaev": "org-99999999999999999999"},
        {"fremhaev": "org-"},
        {"fremhaev": "noget-andet"},
        {"goal": "\x00", "sector": "\x00", "group": "\x00", "fremhaev": "\x00"},
    ],
)
def test_bad_filter_values_show_the_whole_network(signed_in, world, query):
    response = signed_in.get(NETWORK, query)

    assert response.status_code == 200
    assert drawn_labels(svg(response.text), 1) == ["Fritidsjob", "Lektiecafé"]
    assert "Fremhævet:" not in response.text


def test_a_filter_that_matches_nothing_says_so(signed_in, world):
    html = signed_in.get(NETWORK, {"sector": "region"}).text

    assert "Ingen igangværende indsatser passer til filtreringen." in html or (
        "Intet i netværket passer til filtreringen." in html
    )


# Highlighting


def test_highlighting_an_organisation_thickens_its_lines_and_fades_the_rest(signed_in, world):
    organisation_b = world["fritidsjob"].commitments.get().organisation
    html = signed_in.get(NETWORK, {"fremhaev": f"org-{organisation_b.pk}"}).text
    drawing = svg(html)

    caption = text_of(html, "Fremhævet:", "Vis tegningen uden fremhævning")
    assert caption.startswith(
        "Fremhævet: organisationen Organisation B og den ene indsats, den er med i."
    )
    # Its one commitment line, and Fritidsjob's goal line, are thick; the rest thin and pale.
    assert drawing.count('stroke-width="4"') == 2
    assert drawing.count('stroke-width="1" stroke-opacity="0.35"') == 3
    assert drawing.count('stroke="#212529" stroke-width="3"') == 3  # B, Fritidsjob, the goal
    assert "Fremhævet: Organisation B og dens forbindelser" in drawing
    assert 'aria-current="true">Organisation B</a>' in html


def test_highlighting_an_initiative_lights_up_all_its_partners_and_goals(signed_in, world):
    pk = world["fritidsjob"].pk
    html = signed_in.get(NETWORK, {"fremhaev": f"indsats-{pk}"}).text

    assert "Fremhævet: indsatsen Fritidsjob og de 2 organisationer, der er med i den." in (
        text_of(html, "Fremhævet:")
    )
    assert svg(html).count('stroke="#212529" stroke-width="3"') == 4
    assert "aria-current" in html


def test_highlight_links_keep_the_filters(signed_in, world):
    html = signed_in.get(NETWORK, {"sector": "erhverv"}).text

    business = world["business"].pk
    assert f'href="?sector=erhverv&amp;fremhaev=org-{business}#tegning-overskrift"' in html


def test_highlighting_something_filtered_away_highlights_nothing(signed_in, world):
    council = world["council"].pk
    html = signed_in.get(NETWORK, {"sector": "erhverv", "fremhaev": f"org-{council}"}).text

    assert "Fremhævet:" not in html
    assert "stroke-opacity" not in svg(html)


def test_parse_highlight_accepts_only_the_two_forms():
    assert parse_highlight("org-3") == (ORGANISATION, 3)
    assert parse_highlight("indsats-12") == (INITIATIVE, 12)
    for junk in ("", "org-", "org-3x", "indsats--1", "x-1", "org-" + "9" * 11, None):
        assert parse_highlight(junk) is None


# Layout


def _big_layout(**extra):
    organisations = {n: f"Organisation med et ret langt navn nummer {n}" for n in range(40)}
    initiatives = {100 + n: f"Indsats nummer {n} for unge i kommunen" for n in range(35)}
    goals = {200 + n: f"Målsætning {n}" for n in range(6)}
    org_links = [(n, 100 + (n * 7) % 35, COMMITMENT) for n in range(40)]
    org_links += [((n * 3) % 40, 100 + n, LEAD) for n in range(35)]
    goal_links = [(100 + n, 200 + n % 6) for n in range(35)]
    return layout_network(
        organisations=organisations,
        initiatives=initiatives,
        goals=goals,
        org_links=org_links,
        goal_links=goal_links,
        **extra,
    )


def _assert_no_overlap(nodes):
    ordered = sorted(nodes, key=lambda node: node.y)
    for above, below in pairwise(ordered):
        assert above.bottom < below.y, f"{above.label} overlaps {below.label}"
    for node in nodes:
        assert len(node.short_label) <= LABEL_CHARS  # the label stays inside its box
        assert node.height == BOX_HEIGHT


def test_layout_with_35_initiatives_and_40_organisations_keeps_labels_apart():
    untied = {300 + n: f"Organisation uden tilsagn {n}" for n in range(5)}
    drawing = _big_layout(untied=untied)
    small = layout_network(
        organisations={1: "A"},
        initiatives={10: "B"},
        goals={20: "C"},
        org_links=[(1, 10, LEAD)],
        goal_links=[(10, 20)],
    )

    for column in (drawing.organisations, drawing.initiatives, drawing.goals):
        _assert_no_overlap(column)
        assert all(node.bottom <= drawing.height for node in column)
    assert len(drawing.organisations) == 45
    assert len(drawing.initiatives) == 35
    assert drawing.height > small.height
    # The heading sits in its own row between the last tied and the first untied box.
    last_tied, first_untied = drawing.organisations[39], drawing.organisations[40]
    assert last_tied.bottom < drawing.untied_rule < drawing.untied_heading - 14
    assert drawing.untied_heading < first_untied.y
    assert [node.untied for node in drawing.organisations].count(True) == 5


def test_layout_grows_with_the_untied_organisations():
    without = _big_layout()
    with_untied = _big_layout(untied={300 + n: f"Uden {n}" for n in range(10)})

    assert with_untied.height > without.height
    assert without.untied_heading is None


def test_layout_marks_the_highlighted_organisations_ties_and_draws_them_last():
    drawing = _big_layout(highlight=(ORGANISATION, 3))

    on = [line for line in drawing.lines if line.state == ON]
    assert all(line.state == OFF for line in drawing.lines[: -len(on)])
    assert {line.kind for line in on} == {COMMITMENT, LEAD, "goal"}
    assert drawing.highlight.initiatives == 2  # its commitment and the one it leads
    lit = [node.key for node in drawing.initiatives if node.state == ON]
    assert sorted(lit) == [101, 121]  # leads 3 * 1 % 40, commits to 100 + 3 * 7 % 35
    assert all(line.stroke_width >= 4 for line in on)
    assert all(line.stroke_width == 1 for line in drawing.lines if line.state == OFF)


def test_layout_ignores_a_highlight_of_something_not_drawn():
    drawing = _big_layout(highlight=(INITIATIVE, 9999))

    assert drawing.highlight is None
    assert {line.state for line in drawing.lines} == {""}


# Queries


def test_filters_and_highlight_cost_no_extra_queries_and_do_not_grow(signed_in, world):
    filtered = (
        f"{NETWORK}?goal={world['jobs'].pk}&sector=erhverv&group={world['job_group'].pk}"
        f"&fremhaev=org-{world['business'].pk}"
    )
    plain, _queries = count_queries(signed_in, NETWORK)
    few, _queries = count_queries(signed_in, filtered)
    for number in range(25):
        lead = make_organisation(sector="erhverv")
        make_organisation(name=f"Uden tilsagn {number}")
        initiative = make_initiative(
            lead=lead, goals=[world["jobs"]], working_group=world["job_group"]
        )
        make_commitment(initiative=initiative, organisation=world["organisation_a"])
    many, _queries = count_queries(signed_in, filtered)

    assert few == many == plain == 8
