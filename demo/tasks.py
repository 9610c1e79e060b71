"""
The demo secretariat's task board: some fifteen tasks spread over the six
backbone functions, in every status, a few past their deadline, linked to the
demo's goals, initiatives, groups, organisations, an indicator and meetings.

Made through the secretariat's services, as the board's forms would make
them; a task is reached by moving it, as a person would. Looked up by title,
so loading the demo again changes nothing. The tasks made from the meetings'
action items are the minutes' own (secretariat.receivers) and not made here.
Dates are counted from the day the demo is loaded.
"""

from datetime import timedelta

from django.utils import timezone

from agenda.models import Agenda, Goal
from communication.models import Meeting
from initiatives.models import Initiative
from measurement.models import Indicator
from members.models import Organisation, WorkingGroup
from secretariat.models import BackboneFunction, Task
from secretariat.services.tasks import create_task, move_task

HANNE = "hah08@helsingor.dk"
ELISABETH = "elisabeth.wessberg@demo.dk"
SUSANNE = "sfo12@helsingor.dk"
# The demo's own secretariat log-in, so "Mine opgaver" has something to show.
DEMO = "sekretariat@demo.dk"

_F = BackboneFunction
_S = Task.Status
_P = Task.Priority

# title, function, status, priority, assignee (e-mail), due in days (None: no deadline),
# links: {link: key} where a goal is its number in the adopted agenda, an initiative its
# slug, a group or an organisation its name, a meeting "held" or "coming", an indicator "first".
TASKS = [
    (
        "Forbered strategidag for alliancegruppen",
        _F.VISION,
        _S.DOING,
        _P.HIGH,
        HANNE,
        14,
        {"working_group": "Alliancegruppen", "meeting": "coming"},
        "Program, oplægsholdere og lokale. Dagen skal samle op på de tre mål.",
    ),
    (
        "Opdater forandringsteorien efter vedtagelsen af dagsordenen",
        _F.VISION,
        _S.TODO,
        _P.NORMAL,
        HANNE,
        -5,
        {"goal": 2},
        "",
    ),
    (
        "Følg op på tilsagn, der er i fare",
        _F.ACTIVITIES,
        _S.DOING,
        _P.HIGH,
        ELISABETH,
        -3,
        {"initiative": "lektiecafe-vapnagaard"},
        "Ring til organisationerne og aftal, hvad der skal til.",
    ),
    (
        "Saml indsatsejerne til koordineringsmøde om fritidspasset",
        _F.ACTIVITIES,
        _S.TODO,
        _P.NORMAL,
        ELISABETH,
        10,
        {"initiative": "fritidspas", "working_group": "Fritid og fællesskaber"},
        "",
    ),
    (
        "Aftal lån af skolens lokaler med Øresundsskolen",
        _F.ACTIVITIES,
        _S.BLOCKED,
        _P.HIGH,
        ELISABETH,
        20,
        {"initiative": "lektiecafe-vapnagaard", "organisation": "Øresundsskolen"},
        "Venter på svar fra skolens ledelse.",
    ),
    (
        "Påmind organisationerne om kvartalets indberetning",
        _F.MEASUREMENT,
        _S.TODO,
        _P.NORMAL,
        ELISABETH,
        7,
        {"indicator": "first"},
        "",
    ),
    (
        "Gennemgå indsendte tal for trivselsmålingen",
        _F.MEASUREMENT,
        _S.DOING,
        _P.NORMAL,
        HANNE,
        -1,
        {"goal": 2},
        "",
    ),
    (
        "Beskriv målemetoden for fritidsjob",
        _F.MEASUREMENT,
        _S.DONE,
        _P.NORMAL,
        ELISABETH,
        -10,
        {"initiative": "fritidsjob"},
        "",
    ),
    (
        "Skriv nyhed om fremgangen i fritidsaktiviteter",
        _F.PUBLIC_WILL,
        _S.DONE,
        _P.NORMAL,
        SUSANNE,
        -12,
        {"goal": 1},
        "",
    ),
    (
        "Planlæg stand på frivilligdagen",
        _F.PUBLIC_WILL,
        _S.TODO,
        _P.LOW,
        SUSANNE,
        30,
        {"initiative": "lektiecafe-vapnagaard"},
        "Vi vil finde frivillige til lektiecaféen.",
    ),
    (
        "Lav pressemeddelelse om mentorordningen",
        _F.PUBLIC_WILL,
        _S.BLOCKED,
        _P.NORMAL,
        SUSANNE,
        -8,
        {"working_group": "Vejen til uddannelse og job"},
        "Afventer, at gruppen har godkendt teksten.",
    ),
    (
        "Forbered oplæg til Børne- og Uddannelsesudvalget",
        _F.POLICY,
        _S.DOING,
        _P.HIGH,
        DEMO,
        5,
        {"goal": 3, "organisation": "Helsingør Kommune"},
        "",
    ),
    (
        "Skriv høringssvar om kommunens nye fritidspolitik",
        _F.POLICY,
        _S.TODO,
        _P.NORMAL,
        DEMO,
        21,
        {"organisation": "Helsingør Kommune", "goal": 1},
        "",
    ),
    (
        "Søg Kronborgfonden om midler til fritidspasset næste år",
        _F.FUNDING,
        _S.DOING,
        _P.HIGH,
        HANNE,
        12,
        {"initiative": "fritidspas", "organisation": "Kronborgfonden for Børn og Unge"},
        "",
    ),
    (
        "Afrapporter til fonden om lektiecaféen",
        _F.FUNDING,
        _S.DONE,
        _P.NORMAL,
        ELISABETH,
        -4,
        {"initiative": "lektiecafe-vapnagaard", "meeting": "held"},
        "",
    ),
    (
        "Undersøg puljer til trivselsindsatsen",
        _F.FUNDING,
        _S.TODO,
        _P.LOW,
        None,
        None,
        {"initiative": "snak-om-det"},
        "",
    ),
]

# The steps to each status on the board, from the start in "skal gøres".
STEPS = {
    _S.TODO: [],
    _S.DOING: [_S.DOING],
    _S.BLOCKED: [_S.DOING, _S.BLOCKED],
    _S.DONE: [_S.DOING, _S.DONE],
}


def _links(spec):
    """The objects a task's links name, leaving out any the demo does not have."""
    now = timezone.now()
    lookups = {
        "goal": lambda number: (
            Goal.objects.current()
            .filter(agenda_goals__agenda__status=Agenda.Status.ADOPTED, agenda_goals__order=number)
            .first()
        ),
        "initiative": lambda slug: Initiative.objects.filter(slug=slug).first(),
        "working_group": lambda name: WorkingGroup.objects.filter(name=name).first(),
        "organisation": lambda name: Organisation.objects.filter(name=name).first(),
        "indicator": lambda key: Indicator.objects.order_by("pk").first(),
        "meeting": lambda key: (
            Meeting.objects.filter(starts_at__lt=now, status=Meeting.Status.HELD)
            .order_by("-starts_at")
            .first()
            if key == "held"
            else Meeting.objects.filter(starts_at__gte=now, status=Meeting.Status.PLANNED)
            .order_by("starts_at")
            .first()
        ),
    }
    found = {name: lookups[name](key) for name, key in spec.items()}
    return {name: obj for name, obj in found.items() if obj is not None}


def seed_tasks(*, users, by):
    """The demo board; `users` maps e-mail to user, `by` is the secretariat seeding it."""
    today = timezone.localdate()
    made = []
    for title, function, status, priority, assignee, due_in, links, description in TASKS:
        if Task.objects.filter(title=title).exists():
            continue
        person = users.get(assignee) if assignee else None
        task = create_task(
            by=by,
            fields={
                "title": title,
                "description": description,
                "function": function,
                "priority": priority,
                "assignee": person if person is not None and person.is_secretariat else None,
                "due_on": None if due_in is None else today + timedelta(days=due_in),
                **_links(links),
            },
        )
        for step in STEPS[status]:
            task = move_task(task=task, status=step, by=by)
        made.append(task)
    return made
