"""
Cross-sector overviews: which sectors carry each initiative, which initiatives
serve each goal, and the network of organisations, initiatives and goals.

Collective Impact asks for mutually reinforcing activities across sectors, so
these pages show where an initiative rests on a single sector and where a goal
has no active initiative behind it.

Every function takes querysets and returns plain dataclasses that templates
only print. Each runs a fixed number of queries however many rows there are.
The network drawing is laid out here too (`layout_network` is pure Python), so
the SVG template holds no arithmetic.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agenda.models import Agenda, Goal
from initiatives.models import Commitment, Initiative
from members.models import Organisation, Sector

# Initiatives × sectors


@dataclass
class SectorRow:
    initiative: Initiative
    counts: list[int]  # active commitments per sector, in the order of Sector

    @property
    def total(self):
        return sum(self.counts)

    @property
    def sector_count(self):
        return sum(1 for count in self.counts if count)

    @property
    def single_sector(self):
        return self.sector_count == 1

    @property
    def no_active_commitments(self):
        return self.total == 0


@dataclass
class SectorMatrix:
    sectors: list[tuple[str, str]]  # (value, label) of every Sector
    rows: list[SectorRow]

    @property
    def totals(self):
        return [sum(row.counts[i] for row in self.rows) for i in range(len(self.sectors))]

    @property
    def total(self):
        return sum(self.totals)


def sector_matrix(initiatives: QuerySet) -> SectorMatrix:
    """Active commitments (active or at risk) per initiative and sector of the organisation."""
    counts = defaultdict(int)
    per_sector = (
        Commitment.objects.active()
        .filter(initiative__in=initiatives.values("pk"))
        .values("initiative_id", "organisation__sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in per_sector:
        counts[row["initiative_id"], row["organisation__sector"]] = row["n"]
    sectors = list(Sector.choices)
    rows = [
        SectorRow(initiative, [counts[initiative.pk, value] for value, _label in sectors])
        for initiative in initiatives
    ]
    return SectorMatrix(sectors=sectors, rows=rows)


# Goals × initiatives


def in_agenda_order(goals: QuerySet) -> QuerySet:
    """Goals in the adopted agenda's order; goals it does not list (or no agenda) by title."""
    return goals.annotate(
        agenda_order=Min(
            "agenda_goals__order",
            filter=Q(agenda_goals__agenda__status=Agenda.Status.ADOPTED),
        )
    ).order_by(F("agenda_order").asc(nulls_last=True), "title", "pk")


@dataclass
class GoalRow:
    goal: Goal
    active: list[Initiative]
    other: list[Initiative]

    @property
    def has_active(self):
        return bool(self.active)


def goal_coverage(goals: QuerySet) -> list[GoalRow]:
    """Each goal with the initiatives serving it, split into active ones and the rest."""
    goals = in_agenda_order(goals).prefetch_related(
        Prefetch("initiatives", queryset=Initiative.objects.order_by("name"), to_attr="serving")
    )
    rows = []
    for goal in goals:
        active = [i for i in goal.serving if i.status == Initiative.Status.ACTIVE]
        other = [i for i in goal.serving if i.status != Initiative.Status.ACTIVE]
        rows.append(GoalRow(goal, active, other))
    return rows


# The network: organisations ↔ initiatives ↔ goals

# How an organisation is tied to an initiative; the drawing styles each differently.
COMMITMENT = "commitment"
LEAD = "lead"
LEAD_AND_COMMITMENT = "lead_commitment"
ROLE_LABELS = {
    COMMITMENT: _("aktivt tilsagn"),
    LEAD: _("ansvarlig"),
    LEAD_AND_COMMITMENT: _("ansvarlig og aktivt tilsagn"),
}

# What ?fremhaev= may name: "org-<pk>" or "indsats-<pk>".
ORGANISATION = "org"
INITIATIVE = "indsats"
HIGHLIGHT = re.compile(r"(org|indsats)-([0-9]{1,10})")

# A node or line when something is highlighted: part of it, or faded behind it.
ON = "on"
OFF = "off"

# Geometry of the drawing, in SVG user units (px at 100 %).
COLUMN_WIDTH = 250
COLUMN_GAP = 105
BOX_HEIGHT = 32
ROW_PITCH = 44
TOP = 48  # room for the column headings
BOTTOM = 12
PADDING = 8
FONT_SIZE = 14
# About how many characters of a 14px sans-serif label fit in a box.
LABEL_CHARS = 29


def parse_highlight(value: str) -> tuple[str, int] | None:
    """("org", 3) for "org-3", ("indsats", 5) for "indsats-5"; None for anything else."""
    match = HIGHLIGHT.fullmatch(value or "")
    return (match[1], int(match[2])) if match else None


@dataclass
class Node:
    key: int
    label: str
    x: int = 0
    y: int = 0
    width: int = COLUMN_WIDTH
    height: int = BOX_HEIGHT
    state: str = ""  # ON or OFF while something is highlighted
    untied: bool = False  # an organisation without active ties

    @property
    def short_label(self):
        return Truncator(self.label).chars(LABEL_CHARS)

    @property
    def is_truncated(self):
        return self.short_label != self.label

    @property
    def middle(self):
        return self.y + self.height // 2

    @property
    def bottom(self):
        return self.y + self.height

    @property
    def right(self):
        return self.x + self.width

    @property
    def text_x(self):
        return self.x + PADDING

    @property
    def outline(self):
        """x, y, width, height of the drawn outline: a thick one is drawn inside the box,
        so that it is not cut off at the edges of the drawing."""
        inset = 1 if self.state == ON else 0
        return (
            self.x + inset,
            self.y + inset,
            self.width - 2 * inset,
            self.height - 2 * inset,
        )


@dataclass
class Line:
    x1: int
    y1: int
    x2: int
    y2: int
    kind: str  # COMMITMENT, LEAD, LEAD_AND_COMMITMENT or "goal"
    title: str
    state: str = ""  # ON or OFF while something is highlighted

    @property
    def dashed(self):
        return self.kind in (LEAD, LEAD_AND_COMMITMENT)

    @property
    def thick(self):
        return self.kind == LEAD_AND_COMMITMENT

    @property
    def stroke_width(self):
        """Highlighted lines are drawn thicker and faded ones thinner, not only paler."""
        if self.state == ON:
            return 6 if self.thick else 4
        if self.state == OFF:
            return 1
        return 4 if self.thick else 2


@dataclass
class Highlight:
    kind: str  # ORGANISATION or INITIATIVE
    key: int
    label: str
    organisations: int  # how many of each the highlighted node is tied to, itself included
    initiatives: int
    goals: int

    @property
    def is_organisation(self):
        return self.kind == ORGANISATION


@dataclass
class Drawing:
    width: int
    height: int
    columns: list[int]  # x of the three columns' left edges
    organisations: list[Node]  # tied ones first, then those without ties
    initiatives: list[Node]
    goals: list[Node]
    lines: list[Line]
    untied_heading: int | None = None  # y of the heading above organisations without ties
    highlight: Highlight | None = None
    column_width: int = COLUMN_WIDTH

    @property
    def untied_rule(self):
        """y of the rule drawn between tied and untied organisations."""
        return self.untied_heading - ROW_PITCH // 2 if self.untied_heading else None


@dataclass
class Partner:
    key: int
    name: str
    role: str

    @property
    def role_label(self):
        return ROLE_LABELS[self.role]

    @property
    def highlight_value(self):
        return f"{ORGANISATION}-{self.key}"


@dataclass
class Untied:
    """An organisation without active ties, as the text alternative lists it."""

    organisation: Organisation

    @property
    def highlight_value(self):
        return f"{ORGANISATION}-{self.organisation.pk}"


@dataclass
class NetworkInitiative:
    initiative: Initiative
    partners: list[Partner] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)

    @property
    def highlight_value(self):
        return f"{INITIATIVE}-{self.initiative.pk}"


@dataclass
class Network:
    initiatives: list[NetworkInitiative]
    goals: list[Goal]
    goals_without_initiatives: list[Goal]
    organisation_count: int
    drawing: Drawing
    untied: list[Untied] = field(default_factory=list)

    @property
    def link_count(self):
        return len(self.drawing.lines)

    @property
    def highlight(self):
        return self.drawing.highlight


def running_initiatives() -> QuerySet:
    """Initiatives still under way: completed ones no longer need partners."""
    return Initiative.objects.exclude(status=Initiative.Status.COMPLETED).order_by("name")


def organisations_without_ties(organisations: QuerySet) -> QuerySet:
    """Organisations that neither lead nor hold an active commitment in a running initiative.

    These are the ones the secretariat most wants to see: members of the alliance
    who take no part in its mutually reinforcing activities (yet).
    """
    running = running_initiatives().values("pk")
    return (
        organisations.exclude(pk__in=running_initiatives().values("lead_organisation_id"))
        .exclude(
            pk__in=Commitment.objects.active()
            .filter(initiative__in=running)
            .values("organisation_id")
        )
        .order_by("name", "pk")
    )


def network(
    initiatives: QuerySet,
    goals: QuerySet | list[Goal],
    *,
    organisations: QuerySet | None = None,
    sector: str = "",
    highlight: tuple[str, int] | None = None,
) -> Network:
    """Organisations with an active commitment in, or the lead of, each initiative; its goals.

    `organisations` are those to look among for ones without ties (active ones by
    default). With a `sector`, only organisations of that sector are drawn, and only
    initiatives they take part in. `highlight` is (ORGANISATION or INITIATIVE, pk).
    """
    if organisations is None:
        organisations = Organisation.objects.active()
    if sector:
        organisations = organisations.filter(sector=sector)
    initiatives = list(initiatives.select_related("lead_organisation").order_by("name"))
    # A list is taken as already in agenda order.
    goals = list(in_agenda_order(goals)) if isinstance(goals, QuerySet) else list(goals)
    ids = [initiative.pk for initiative in initiatives]
    goal_ids = {goal.pk for goal in goals}
    committed = (
        Commitment.objects.active()
        .filter(initiative__in=ids)
        .values_list("initiative_id", "organisation_id", "organisation__name")
        .distinct()
        .order_by()
    )
    if sector:
        committed = committed.filter(organisation__sector=sector)
    served = (
        Initiative.goals.through.objects.filter(initiative__in=ids, goal__in=goal_ids)
        .values_list("initiative_id", "goal_id")
        .order_by()
    )

    names = {}
    roles = defaultdict(dict)  # initiative pk → {organisation pk: role}
    for initiative in initiatives:
        lead = initiative.lead_organisation
        if not sector or lead.sector == sector:
            names[lead.pk] = lead.name
            roles[initiative.pk][lead.pk] = LEAD
    for initiative_id, organisation_id, name in committed:
        names[organisation_id] = name
        lead = roles[initiative_id].get(organisation_id) == LEAD
        roles[initiative_id][organisation_id] = LEAD_AND_COMMITMENT if lead else COMMITMENT
    if sector:
        # Only the initiatives the sector takes part in.
        initiatives = [initiative for initiative in initiatives if roles[initiative.pk]]
    goals_of = defaultdict(set)
    for initiative_id, goal_id in served:
        goals_of[initiative_id].add(goal_id)
    untied = list(organisations_without_ties(organisations).exclude(pk__in=list(names)))

    entries = []
    for initiative in initiatives:
        partners = sorted(
            (Partner(pk, names[pk], role) for pk, role in roles[initiative.pk].items()),
            key=lambda partner: partner.name.casefold(),
        )
        serving = [goal for goal in goals if goal.pk in goals_of[initiative.pk]]
        entries.append(NetworkInitiative(initiative, partners, serving))
    drawn = _goal_order(initiatives, goals, goals_of)
    org_links = [
        (organisation_id, initiative.pk, role)
        for initiative in drawn
        for organisation_id, role in roles[initiative.pk].items()
    ]
    goal_links = [
        (initiative.pk, goal.pk)
        for initiative in drawn
        for goal in goals
        if goal.pk in goals_of[initiative.pk]
    ]
    drawing = layout_network(
        organisations=names,
        initiatives={initiative.pk: initiative.name for initiative in drawn},
        goals={goal.pk: goal.title for goal in goals},
        org_links=org_links,
        goal_links=goal_links,
        untied={organisation.pk: organisation.name for organisation in untied},
        highlight=highlight,
    )
    shown = {initiative.pk for initiative in initiatives}
    served_goals = set().union(*(goals_of[pk] for pk in shown)) if shown else set()
    return Network(
        initiatives=entries,
        goals=goals,
        goals_without_initiatives=[goal for goal in goals if goal.pk not in served_goals],
        organisation_count=len(names),
        drawing=drawing,
        untied=[Untied(organisation) for organisation in untied],
    )


def _goal_order(initiatives, goals, goals_of):
    """Initiatives next to the goals they serve, which keeps lines from crossing."""
    rank = {goal.pk: index for index, goal in enumerate(goals)}

    def key(initiative):
        own = [rank[pk] for pk in goals_of[initiative.pk] if pk in rank]
        return (sum(own) / len(own) if own else len(goals), initiative.name.casefold())

    return sorted(initiatives, key=key)


def _barycentre_order(names, org_links, initiative_rank):
    """Organisations next to the initiatives they work in, which keeps lines from crossing."""
    ranks = defaultdict(list)
    for organisation_id, initiative_id, _role in org_links:
        ranks[organisation_id].append(initiative_rank[initiative_id])

    def key(organisation_id):
        own = ranks[organisation_id]
        return (sum(own) / len(own) if own else 0, names[organisation_id].casefold())

    return sorted(names, key=key)


def _column(labels, order, x, rows, gaps=()):
    """One box a row, each row ROW_PITCH below the last, so no two labels overlap.

    A shorter column is centred against the longest one; `gaps` are indexes of
    rows left empty (for a heading) before the box at that index.
    """
    offset = TOP + (rows - len(order) - len(gaps)) * ROW_PITCH // 2
    nodes, row = [], 0
    for index, key in enumerate(order):
        if index in gaps:
            row += 1
        y = offset + row * ROW_PITCH + (ROW_PITCH - BOX_HEIGHT) // 2
        nodes.append(Node(key, labels[key], x=x, y=y))
        row += 1
    return nodes


def _highlighted(highlight, org_links, goal_links, organisations, initiatives):
    """The organisations, initiatives and goals lit up by a highlight, or None."""
    if highlight is None:
        return None
    kind, key = highlight
    if kind == ORGANISATION and key in organisations:
        lit_organisations = {key}
        lit_initiatives = {i for o, i, _role in org_links if o == key}
    elif kind == INITIATIVE and key in initiatives:
        lit_initiatives = {key}
        lit_organisations = {o for o, i, _role in org_links if i == key}
    else:
        return None
    lit_goals = {g for i, g in goal_links if i in lit_initiatives}
    return lit_organisations, lit_initiatives, lit_goals


def _state(lit, key):
    return "" if lit is None else (ON if key in lit else OFF)


def layout_network(
    *, organisations, initiatives, goals, org_links, goal_links, untied=None, highlight=None
) -> Drawing:
    """Place three columns of boxes and the lines between them.

    `organisations`, `initiatives` and `goals` map keys to labels, the latter two
    in the order to draw them; `org_links` are (organisation, initiative, role)
    and `goal_links` (initiative, goal). `untied` maps organisations without ties
    to labels; they go under a heading at the foot of the organisations' column.
    `highlight` is (ORGANISATION or INITIATIVE, key): its node, its lines and the
    nodes at their other ends are marked ON, everything else OFF. The height
    grows with the longest column.
    """
    untied = untied or {}
    columns = [0, COLUMN_WIDTH + COLUMN_GAP, 2 * (COLUMN_WIDTH + COLUMN_GAP)]
    org_rows = len(organisations) + (len(untied) + 1 if untied else 0)
    rows = max(org_rows, len(initiatives), len(goals), 1)
    rank = {key: index for index, key in enumerate(initiatives)}
    org_order = _barycentre_order(organisations, org_links, rank)
    labels = {**organisations, **untied}
    gaps = {len(org_order)} if untied else set()
    org_nodes = _column(labels, org_order + list(untied), columns[0], rows, gaps)
    initiative_nodes = _column(initiatives, list(initiatives), columns[1], rows)
    goal_nodes = _column(goals, list(goals), columns[2], rows)
    untied_heading = None
    if untied:
        first_untied = org_nodes[len(org_order)]
        untied_heading = first_untied.y - ROW_PITCH + BOX_HEIGHT // 2 + FONT_SIZE // 2
        for node in org_nodes[len(org_order) :]:
            node.untied = True

    lit = _highlighted(highlight, org_links, goal_links, labels, initiatives)
    lit_organisations, lit_initiatives, lit_goals = lit or (None, None, None)
    for nodes, lit_keys in [
        (org_nodes, lit_organisations),
        (initiative_nodes, lit_initiatives),
        (goal_nodes, lit_goals),
    ]:
        for node in nodes:
            node.state = _state(lit_keys, node.key)

    by_org = {node.key: node for node in org_nodes}
    by_initiative = {node.key: node for node in initiative_nodes}
    by_goal = {node.key: node for node in goal_nodes}
    lines = []
    for organisation_id, initiative_id, role in org_links:
        start, end = by_org[organisation_id], by_initiative[initiative_id]
        title = f"{start.label} – {end.label} ({ROLE_LABELS[role]})"
        line = Line(start.right, start.middle, end.x, end.middle, role, title)
        if lit:
            on = organisation_id in lit_organisations and initiative_id in lit_initiatives
            line.state = ON if on else OFF
        lines.append(line)
    for initiative_id, goal_id in goal_links:
        start, end = by_initiative[initiative_id], by_goal[goal_id]
        title = f"{start.label} – {end.label}"
        line = Line(start.right, start.middle, end.x, end.middle, "goal", title)
        line.state = _state(lit_initiatives, initiative_id)
        lines.append(line)
    # Highlighted lines last, so that they are drawn on top of the faded ones.
    lines.sort(key=lambda line: line.state == ON)
    found = None
    if lit:
        kind, key = highlight
        found = Highlight(
            kind=kind,
            key=key,
            label=labels[key] if kind == ORGANISATION else initiatives[key],
            organisations=len(lit_organisations),
            initiatives=len(lit_initiatives),
            goals=len(lit_goals),
        )
    return Drawing(
        width=columns[2] + COLUMN_WIDTH,
        height=TOP + rows * ROW_PITCH + BOTTOM,
        columns=columns,
        organisations=org_nodes,
        initiatives=initiative_nodes,
        goals=goal_nodes,
        lines=lines,
        untied_heading=untied_heading,
        highlight=found,
    )
