"""
The coherence check (sammenhæng): what does not hang together yet.

Each check is a queryset of the objects that need the secretariat's attention,
defined once here and used by the coherence page and the health signals
alike. `sections()` runs one query per check, however many objects there are (the
total comes from a window over the same query), and one more that finds the
open tasks already linked to any listed object.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import Goal
from alliance.templatetags.portal import short_date
from communication.models import Meeting
from initiatives.models import Commitment, Initiative
from measurement import periods
from measurement.models import Indicator, Report
from members.models import Organisation, Sector, WorkingGroup
from secretariat.models import BackboneFunction, Task
from volunteers.models import Volunteer

# How many rows each section shows; the heading gives the total.
LIMIT = 25
# A working group that has not met for this long has gone quiet.
QUIET_GROUP_DAYS = 90
# A new volunteer nobody has contacted for this long has waited too long.
VOLUNTEER_WAIT_DAYS = 14


# --- the checks, as querysets ---------------------------------------------------------


# The conditions are expressions over the outer row, so that the health signals can count
# them for a whole table in one aggregate, and the checks below list what lacks them.


def has_active_initiative():
    """For a goal: an active initiative works for it."""
    return Exists(Initiative.objects.filter(goals=OuterRef("pk"), status=Initiative.Status.ACTIVE))


def has_indicator():
    """For a goal: a population indicator tells whether things get better."""
    return Exists(Indicator.objects.filter(goal=OuterRef("pk")))


def has_active_commitment():
    """For an organisation: it has an active commitment to an initiative."""
    return Exists(Commitment.objects.active().filter(organisation=OuterRef("pk")))


def has_met_recently(now):
    """For a working group: it has a meeting that counts in the last QUIET_GROUP_DAYS days."""
    return Exists(meetings_that_count(now).filter(group=OuterRef("pk")))


def goals_without_active_initiative():
    """Live goals that no active initiative works for."""
    return Goal.objects.live().filter(~has_active_initiative())


def goals_without_indicator():
    """Live goals with no population indicator to tell whether things get better."""
    return Goal.objects.live().filter(~has_indicator())


def with_sector_count(initiatives):
    """Annotate `sector_count`: the sectors of the organisations with an active commitment."""
    sectors = (
        Commitment.objects.active()
        .filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(n=Count("organisation__sector", distinct=True))
        .values("n")
    )
    return initiatives.annotate(
        sector_count=Coalesce(Subquery(sectors, output_field=IntegerField()), 0)
    )


def unanchored_initiatives():
    """Initiatives under way that serve no live goal or rest on fewer than two sectors.

    Annotated `has_goal`, `sector_count` and `only_sector` (the one sector, if one).
    """
    only_sector = (
        Commitment.objects.active()
        .filter(initiative=OuterRef("pk"))
        .order_by()
        .values("organisation__sector")[:1]
    )
    return (
        with_sector_count(Initiative.objects.exclude(status=Initiative.Status.COMPLETED))
        .annotate(
            has_goal=Exists(
                Initiative.goals.through.objects.filter(
                    initiative=OuterRef("pk"), goal__in=Goal.objects.live().values("pk")
                )
            ),
            only_sector=Subquery(only_sector),
        )
        .filter(Q(has_goal=False) | Q(sector_count__lt=2))
    )


def due_periods(today):
    """{frequency: the latest period whose reporting deadline has passed}."""
    return {
        frequency: periods.latest_past_deadline(today, frequency) for frequency in periods.MONTHS_IN
    }


def with_due_period(indicators, today):
    """Indicators that owe figures, annotated `due_start`: their latest period past its
    deadline. Indicators whose reporting has not reached such a period are left out."""
    due = due_periods(today)
    owing = Q()
    for frequency, period in due.items():
        owing |= Q(frequency=frequency, reporting_from__lte=period.end)
    return indicators.filter(owing).annotate(
        due_start=Case(
            *(When(frequency=f, then=Value(p.start)) for f, p in due.items()),
            output_field=DateField(),
        )
    )


def with_approved_figures(indicators, today):
    """Indicators that owe figures, annotated `has_figures`: approved for the due period."""
    approved = Report.objects.approved().filter(
        indicator=OuterRef("pk"), period_start=OuterRef("due_start")
    )
    return with_due_period(indicators, today).annotate(has_figures=Exists(approved))


def indicators_without_figures(today):
    """Indicators with no approved figures for their latest period past its deadline."""
    return with_approved_figures(Indicator.objects.all(), today).filter(has_figures=False)


def overdue_commitments(today):
    """Commitments still under way whose progress update is overdue."""
    return Commitment.objects.overdue(today)


def organisations_without_commitment():
    """Active member organisations without an active commitment to any initiative."""
    return Organisation.objects.active().filter(~has_active_commitment())


def meetings_that_count(now):
    """Meetings held, or planned and already begun, in the last QUIET_GROUP_DAYS days."""
    return Meeting.objects.exclude(status=Meeting.Status.CANCELLED).filter(
        starts_at__gte=now - timedelta(days=QUIET_GROUP_DAYS), starts_at__lte=now
    )


def quiet_groups(now):
    """Groups without a meeting in QUIET_GROUP_DAYS days, annotated `last_meeting`."""
    last = (
        Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
        .filter(group=OuterRef("pk"), starts_at__lte=now)
        .order_by()
        .values("group")
        .annotate(last=Max("starts_at"))
        .values("last")
    )
    return WorkingGroup.objects.filter(~has_met_recently(now)).annotate(last_meeting=Subquery(last))


def waiting_volunteers(today):
    """New volunteers nobody has contacted, signed up more than VOLUNTEER_WAIT_DAYS ago."""
    cutoff = today - timedelta(days=VOLUNTEER_WAIT_DAYS)
    return Volunteer.objects.present().filter(
        status=Volunteer.Status.NEW, created_at__date__lt=cutoff
    )


# --- the page's sections --------------------------------------------------------------


@dataclass
class Row:
    obj: object
    url: str
    detail: str
    task_url: str  # "Opret opgave", prefilled
    open_task_url: str | None  # an open task already linked to the object


@dataclass
class Section:
    key: str
    title: str
    why: str
    rows: list[Row]
    total: int

    @property
    def more(self):
        return self.total - len(self.rows)


@dataclass(frozen=True)
class _Check:
    key: str
    title: str
    why: str
    link: str  # the Task field the object goes in
    function: str


CHECKS = [
    _Check(
        "goals_without_initiative",
        gettext_lazy("Målsætninger uden en aktiv indsats"),
        gettext_lazy(
            "En målsætning, som ingen aktiv indsats arbejder for, flytter sig ikke. "
            "Find partnere, der vil sætte noget i gang, eller tag målet op i alliancegruppen."
        ),
        "goal",
        BackboneFunction.ACTIVITIES,
    ),
    _Check(
        "goals_without_indicator",
        gettext_lazy("Målsætninger uden en indikator"),
        gettext_lazy(
            "Uden en fælles indikator kan vi ikke se, om det går den rigtige vej. "
            "Aftal hvad og hvordan vi måler, før tallene bliver forskellige."
        ),
        "goal",
        BackboneFunction.MEASUREMENT,
    ),
    _Check(
        "initiatives",
        gettext_lazy("Indsatser uden målsætning eller med kun én sektor"),
        gettext_lazy(
            "En indsats skal tjene den fælles dagsorden, og den står stærkest, når flere "
            "sektorer bidrager til den med aktive tilsagn. Afsluttede indsatser er ikke med."
        ),
        "initiative",
        BackboneFunction.ACTIVITIES,
    ),
    _Check(
        "indicators",
        gettext_lazy("Indikatorer uden godkendte tal for den seneste periode"),
        gettext_lazy(
            "Perioden er slut, og fristen for at indberette er gået. Uden godkendte tal "
            "mangler kurven et punkt, og samtalen om den bliver gætteri."
        ),
        "indicator",
        BackboneFunction.MEASUREMENT,
    ),
    _Check(
        "commitments",
        gettext_lazy("Tilsagn, der mangler en statusopdatering"),
        gettext_lazy(
            "Opdateringerne er sådan, partnerne holder hinanden orienteret. Et tilsagn "
            "uden nyt kan betyde, at arbejdet er gået i stå."
        ),
        "commitment",
        BackboneFunction.ACTIVITIES,
    ),
    _Check(
        "organisations",
        gettext_lazy("Organisationer uden et aktivt tilsagn"),
        gettext_lazy(
            "En organisation, der ikke bidrager til en indsats, mister let tilknytningen. "
            "Tal med den om, hvor den kan gøre en forskel."
        ),
        "organisation",
        BackboneFunction.ACTIVITIES,
    ),
    _Check(
        "groups",
        gettext_lazy("Grupper uden møde de seneste 90 dage"),
        gettext_lazy(
            "Hyppige møder holder grupperne i gang og tilliden ved lige. "
            "En gruppe, der ikke mødes, har måske brug for en ny opgave, eller at blive lukket."
        ),
        "working_group",
        BackboneFunction.VISION,
    ),
    _Check(
        "volunteers",
        gettext_lazy("Frivillige, der har ventet mere end 14 dage"),
        gettext_lazy(
            "En frivillig, der ikke hører fra os, finder noget andet at lave. "
            "Kontakt dem, også hvis der ikke er en plads lige nu."
        ),
        "volunteer",
        BackboneFunction.PUBLIC_WILL,
    ),
]


def _rows(queryset):
    """The first LIMIT objects and the total, in one query."""
    objects = list(queryset.annotate(total=Window(Count("pk")))[:LIMIT])
    return objects, (objects[0].total if objects else 0)


def _open_tasks(listed):
    """{(link, object pk): the pk of the oldest open task linked to it} for the listed
    objects, {link: object pks}, in one query for all the sections."""
    wanted = Q()
    for link, pks in listed.items():
        wanted |= Q(**{f"{link}__in": pks})
    if not wanted:
        return {}
    links = list(listed)
    found = {}
    tasks = Task.objects.open().filter(wanted).order_by("-pk")
    for task_pk, *linked in tasks.values_list("pk", *(f"{link}_id" for link in links)):
        for link, pk in zip(links, linked, strict=True):
            if pk in listed[link]:
                found[(link, pk)] = task_pk  # newest first, so the oldest is kept
    return found


def task_url(check_link, function, obj, title):
    """The "Opret opgave" address: the task form, prefilled with title, function and link."""
    query = urlencode(
        {
            "title": Truncator(title).chars(Task._meta.get_field("title").max_length),
            "function": function,
            check_link: obj.pk,
        }
    )
    return f"{reverse('secretariat:task_create')}?{query}"


def sections(today: date | None = None, now=None) -> list[Section]:
    """Every check with its first rows and total, in the order of CHECKS."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    due = due_periods(today)
    sector_labels = dict(Sector.choices)
    # Each row loads only what its line shows: whole rows cost more than the rest.
    querysets = {
        "goals_without_initiative": goals_without_active_initiative()
        .only("title")
        .order_by("agenda_goals__order", "title", "pk"),
        "goals_without_indicator": goals_without_indicator()
        .only("title")
        .order_by("agenda_goals__order", "title", "pk"),
        "initiatives": unanchored_initiatives().only("name", "slug").order_by("name", "pk"),
        "indicators": indicators_without_figures(today)
        .only("name", "slug", "frequency")
        .order_by("name", "pk"),
        "commitments": overdue_commitments(today)
        .select_related("organisation", "initiative")
        .only("next_update_due", "organisation__name", "initiative__name")
        .order_by("next_update_due", "pk"),
        "organisations": organisations_without_commitment()
        .only("name", "sector")
        .order_by("name", "pk"),
        "groups": quiet_groups(now)
        .only("name")
        .order_by(F("last_meeting").asc(nulls_first=True), "name"),
        "volunteers": waiting_volunteers(today)
        .only("first_name", "last_name", "anonymised_at", "created_at")
        .order_by("created_at", "pk"),
    }

    def describe(key, obj):
        """(page address, detail text, task title) of one object of a check."""
        if key == "goals_without_initiative":
            return (
                reverse("measurement:goal", args=[obj.pk]),
                "",
                _("Find en aktiv indsats til målsætningen »%(goal)s«") % {"goal": obj.title},
            )
        if key == "goals_without_indicator":
            return (
                reverse("measurement:goal", args=[obj.pk]),
                "",
                _("Aftal en indikator for målsætningen »%(goal)s«") % {"goal": obj.title},
            )
        if key == "initiatives":
            url = reverse("initiatives:initiative_detail", args=[obj.slug])
            problems = []
            if not obj.has_goal:
                problems.append(_("Ingen målsætning i den vedtagne dagsorden"))
            if obj.sector_count == 0:
                problems.append(_("Ingen aktive tilsagn"))
            elif obj.sector_count == 1:
                problems.append(
                    _("Kun én sektor: %(sector)s")
                    % {"sector": sector_labels.get(obj.only_sector, obj.only_sector)}
                )
            if not obj.has_goal:
                title = _("Knyt indsatsen »%(name)s« til en målsætning") % {"name": obj.name}
            else:
                title = _("Find partnere fra flere sektorer til »%(name)s«") % {"name": obj.name}
            return url, " · ".join(problems), title
        if key == "indicators":
            period = due[obj.frequency]
            return (
                obj.get_absolute_url(),
                _("%(period)s, frist %(deadline)s")
                % {"period": period.label(), "deadline": short_date(periods.deadline(period))},
                _("Få godkendte tal for »%(name)s«, %(period)s")
                % {"name": obj.name, "period": period.label()},
            )
        if key == "commitments":
            return (
                reverse("initiatives:commitment_detail", args=[obj.pk]),
                _("Opdatering ventet %(date)s") % {"date": short_date(obj.next_update_due)},
                _("Bed %(organisation)s om en statusopdatering på »%(initiative)s«")
                % {"organisation": obj.organisation.name, "initiative": obj.initiative.name},
            )
        if key == "organisations":
            return (
                obj.get_absolute_url(),
                obj.get_sector_display(),
                _("Tal med %(organisation)s om et tilsagn") % {"organisation": obj.name},
            )
        if key == "groups":
            detail = (
                _("Seneste møde %(date)s") % {"date": short_date(obj.last_meeting)}
                if obj.last_meeting
                else _("Har aldrig holdt møde")
            )
            return (
                obj.get_absolute_url(),
                detail,
                _("Planlæg et møde i %(group)s") % {"group": obj.name},
            )
        return (
            reverse("volunteers:detail", args=[obj.pk]),
            _("Tilmeldt %(date)s") % {"date": short_date(obj.created_at)},
            _("Kontakt den frivillige %(name)s") % {"name": obj.full_name},
        )

    listed = {check.key: _rows(querysets[check.key]) for check in CHECKS}
    pks_by_link = {}
    for check in CHECKS:
        objects, _total = listed[check.key]
        if objects:
            pks_by_link.setdefault(check.link, set()).update(obj.pk for obj in objects)
    open_tasks = _open_tasks(pks_by_link)

    result = []
    for check in CHECKS:
        objects, total = listed[check.key]
        rows = []
        for obj in objects:
            url, detail, title = describe(check.key, obj)
            open_task = open_tasks.get((check.link, obj.pk))
            rows.append(
                Row(
                    obj=obj,
                    url=url,
                    detail=detail,
                    task_url=task_url(check.link, check.function, obj, title),
                    open_task_url=(
                        reverse("secretariat:task_detail", args=[open_task]) if open_task else None
                    ),
                )
            )
        result.append(Section(check.key, check.title, check.why, rows, total))
    return result
