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

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agenda.models import Agenda, Goal
from initiatives.models import Commitment, Initiative
from members.models import Sector

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
LABEL_CHARS = 32


@dataclass
class Node:
    key: int
    label: str
    x: int = 0
    y: int = 0
    width: int = COLUMN_WIDTH
    height: int = BOX_HEIGHT

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
    def right(self):
        return self.x + self.width

    @property
    def text_x(self):
        return self.x + PADDING


@dataclass
class Line:
    x1: int
    y1: int
    x2: int
    y2: int
    kind: str  # COMMITMENT, LEAD, LEAD_AND_COMMITMENT or "goal"
    title: str

    @property
    def dashed(self):
        return self.kind in (LEAD, LEAD_AND_COMMITMENT)

    @property
    def thick(self):
        return self.kind == LEAD_AND_COMMITMENT


@dataclass
class Drawing:
    width: int
    height: int
    columns: list[int]  # x of the three columns' left edges
    organisations: list[Node]
    initiatives: list[Node]
    goals: list[Node]
    lines: list[Line]


@dataclass
class Partner:
    name: str
    role: str

    @property
    def role_label(self):
        return ROLE_LABELS[self.role]


@dataclass
class NetworkInitiative:
    initiative: Initiative
    partners: list[Partner] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)


@dataclass
class Network:
    initiatives: list[NetworkInitiative]
    goals: list[Goal]
    goals_without_initiatives: list[Goal]
    organisation_count: int
    drawing: Drawing

    @property
    def link_count(self):
        return len(self.drawing.lines)


def network(initiatives: QuerySet, goals: QuerySet) -> Network:
    """Organisations with an active commitment in, or the lead of, each initiative; its goals."""
    initiatives = list(initiatives.select_related("lead_organisation").order_by("name"))
    goals = list(in_agenda_order(goals))
    ids = [initiative.pk for initiative in initiatives]
    goal_ids = {goal.pk for goal in goals}
    committed = (
        Commitment.objects.active()
        .filter(initiative__in=ids)
        .values_list("initiative_id", "organisation_id", "organisation__name")
        .distinct()
        .order_by()
    )
    served = (
        Initiative.goals.through.objects.filter(initiative__in=ids, goal__in=goal_ids)
        .values_list("initiative_id", "goal_id")
        .order_by()
    )

    names = {}
    roles = defaultdict(dict)  # initiative pk → {organisation pk: role}
    for initiative in initiatives:
        lead = initiative.lead_organisation
        names[lead.pk] = lead.name
        roles[initiative.pk][lead.pk] = LEAD
    for initiative_id, organisation_id, name in committed:
        names[organisation_id] = name
        lead = roles[initiative_id].get(organisation_id) == LEAD
        roles[initiative_id][organisation_id] = LEAD_AND_COMMITMENT if lead else COMMITMENT
    goals_of = defaultdict(set)
    for initiative_id, goal_id in served:
        goals_of[initiative_id].add(goal_id)

    entries = []
    for initiative in initiatives:
        partners = sorted(
            (Partner(names[pk], role) for pk, role in roles[initiative.pk].items()),
            key=lambda partner: partner.name.casefold(),
        )
        serving = [goal for goal in goals if goal.pk in goals_of[initiative.pk]]
        entries.append(NetworkInitiative(initiative, partners, serving))
    org_links = [
        (organisation_id, initiative.pk, role)
        for initiative in initiatives
        for organisation_id, role in roles[initiative.pk].items()
    ]
    goal_links = [
        (initiative.pk, goal.pk)
        for initiative in initiatives
        for goal in goals
        if goal.pk in goals_of[initiative.pk]
    ]
    drawing = layout_network(
        organisations=names,
        initiatives={initiative.pk: initiative.name for initiative in initiatives},
        goals={goal.pk: goal.title for goal in goals},
        org_links=org_links,
        goal_links=goal_links,
    )
    served_goals = set().union(*goals_of.values()) if goals_of else set()
    return Network(
        initiatives=entries,
        goals=goals,
        goals_without_initiatives=[goal for goal in goals if goal.pk not in served_goals],
        organisation_count=len(names),
        drawing=drawing,
    )


def _barycentre_order(names, org_links, initiative_rank):
    """Organisations next to the initiatives they work in, which keeps lines from crossing."""
    ranks = defaultdict(list)
    for organisation_id, initiative_id, _role in org_links:
        ranks[organisation_id].append(initiative_rank[initiative_id])

    def key(organisation_id):
        own = ranks[organisation_id]
        return (sum(own) / len(own) if own else 0, names[organisation_id].casefold())

    return sorted(names, key=key)


def _column(labels, order, x, rows):
    # A shorter column is centred against the longest one.
    offset = TOP + (rows - len(order)) * ROW_PITCH // 2
    return [
        Node(key, labels[key], x=x, y=offset + index * ROW_PITCH + (ROW_PITCH - BOX_HEIGHT) // 2)
        for index, key in enumerate(order)
    ]


def layout_network(*, organisations, initiatives, goals, org_links, goal_links) -> Drawing:
    """Place three columns of boxes and the lines between them.

    `organisations`, `initiatives` and `goals` map keys to labels, the latter two
    in the order to draw them; `org_links` are (organisation, initiative, role)
    and `goal_links` (initiative, goal). The height grows with the longest column.
    """
    columns = [0, COLUMN_WIDTH + COLUMN_GAP, 2 * (COLUMN_WIDTH + COLUMN_GAP)]
    rows = max(len(organisations), len(initiatives), len(goals), 1)
    rank = {key: index for index, key in enumerate(initiatives)}
    org_order = _barycentre_order(organisations, org_links, rank)
    org_nodes = _column(organisations, org_order, columns[0], rows)
    initiative_nodes = _column(initiatives, list(initiatives), columns[1], rows)
    goal_nodes = _column(goals, list(goals), columns[2], rows)

    by_org = {node.key: node for node in org_nodes}
    by_initiative = {node.key: node for node in initiative_nodes}
    by_goal = {node.key: node for node in goal_nodes}
    lines = []
    for organisation_id, initiative_id, role in org_links:
        start, end = by_org[organisation_id], by_initiative[initiative_id]
        title = f"{start.label} – {end.label} ({ROLE_LABELS[role]})"
        lines.append(Line(start.right, start.middle, end.x, end.middle, role, title))
    for initiative_id, goal_id in goal_links:
        start, end = by_initiative[initiative_id], by_goal[goal_id]
        title = f"{start.label} – {end.label}"
        lines.append(Line(start.right, start.middle, end.x, end.middle, "goal", title))
    return Drawing(
        width=columns[2] + COLUMN_WIDTH,
        height=TOP + rows * ROW_PITCH + BOTTOM,
        columns=columns,
        organisations=org_nodes,
        initiatives=initiative_nodes,
        goals=goal_nodes,
        lines=lines,
    )
