"""
A large alliance on top of the demo, for measuring: `manage.py seed_large`.

`make bench BENCH_DATA=large` loads it to show how the pages hold up when the
alliance has grown: some 300 organisations, 60 initiatives with 900
commitments, 1,000 volunteers, 30 indicators with their reports, 30 groups
with 300 meetings, 200 messages and 400 tasks, each count times `scale`.

It is entered as the demo is, through the portal's forms and services, so
every record has passed the same checks and reached its status by the allowed
steps. The names are plainly made up ("Forening 17", "Indsats 12"), and the
choices come from a seeded random generator, so two runs build the same
alliance. Nothing happens when its first organisation already exists.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from agenda.models import Agenda
from communication.models import Audience
from demo.communication import post, schedule
from demo.forms import valid
from demo.indicators import indicator_from_form, send_report
from demo.management.commands.seed_demo import seed_commitment, seed_volunteer
from demo.tasks import STEPS
from initiatives.forms import InitiativeForm
from initiatives.models import Commitment, Initiative
from initiatives.services import create_initiative
from measurement import periods
from measurement.services import Figures
from members.forms import OrganisationForm, WorkingGroupForm
from members.models import Organisation, Sector, User, WorkingGroup
from members.services import create_group, create_organisation
from secretariat.models import BackboneFunction, Task
from secretariat.services.tasks import create_task, move_task
from volunteers.models import Volunteer

ORGANISATIONS = 300
INITIATIVES = 60
COMMITMENTS_EACH = 15
VOLUNTEERS = 1000
INDICATORS = 30
QUARTERS = 8
GROUPS = 30
MEETINGS_EACH = 10
MESSAGES = 200
TASKS = 400

# What each sector's made-up organisations are called.
NAMES = {
    Sector.CIVILSAMFUND: "Forening",
    Sector.ERHVERV: "Virksomhed",
    Sector.UDDANNELSE: "Skole",
    Sector.KOMMUNE: "Kommunal enhed",
    Sector.SUNDHED: "Sundhedshus",
}
COMMITMENT_STATUSES = [
    (Commitment.Status.PROPOSED, 1),
    (Commitment.Status.ACTIVE, 6),
    (Commitment.Status.AT_RISK, 1),
    (Commitment.Status.COMPLETED, 1),
    (Commitment.Status.WITHDRAWN, 1),
]
VOLUNTEER_STATUSES = [
    (Volunteer.Status.NEW, 2),
    (Volunteer.Status.CONTACTED, 3),
    (Volunteer.Status.ACTIVE, 5),
]
TASK_STATUSES = [
    (Task.Status.TODO, 3),
    (Task.Status.DOING, 2),
    (Task.Status.BLOCKED, 1),
    (Task.Status.DONE, 4),
]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _times(count, scale):
    return max(1, round(count * scale))


def seed_large(*, by, scale=1.0):
    """Build the large alliance as `by` (the demo secretariat), unless it is there already."""
    if Organisation.objects.filter(name=f"{NAMES[Sector.ERHVERV]} 1").exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    organisations = _organisations(rng, _times(ORGANISATIONS, scale), by=by)
    initiatives = _initiatives(rng, _times(INITIATIVES, scale), organisations, by=by)
    for initiative in initiatives:
        for organisation in rng.sample(organisations, min(COMMITMENTS_EACH, len(organisations))):
            status = _pick(rng, COMMITMENT_STATUSES)
            seed_commitment(
                initiative=initiative,
                organisation=organisation,
                description="Vi bidrager med timer, lokaler og kontakter.",
                hours=rng.choice([None, "2", "5", "10"]),
                status=status,
                due=today + timedelta(days=rng.randint(-60, 90)),
                note="Status efter kvartalets møde.",
                by=by,
            )
    for number in range(1, _times(VOLUNTEERS, scale) + 1):
        status = _pick(rng, VOLUNTEER_STATUSES)
        seed_volunteer(
            first="Frivillig",
            last=str(number),
            email=f"frivillig{number}@stor.demo.dk",
            status=status,
            initiative=rng.choice(initiatives) if status != Volunteer.Status.NEW else None,
            availability=[rng.choice(["weekdays", "evenings", "weekends"])],
            skills="",
            by=by,
        )
    _indicators(rng, _times(INDICATORS, scale), organisations, by=by)
    groups = _groups(rng, _times(GROUPS, scale), by=by)
    for group in groups:
        for number in range(MEETINGS_EACH):
            schedule(
                by=by,
                group=group,
                title=f"Møde {number + 1} i {group.name}",
                day=today + timedelta(days=rng.randint(-300, 60)),
                place="Kulturværftet",
                agenda="1. Siden sidst\n2. Næste skridt",
            )
    for number in range(1, _times(MESSAGES, scale) + 1):
        post(
            by=by,
            title=f"Nyt fra alliancen nr. {number}",
            body="Kort nyt fra arbejdet i alliancen.",
            audience=rng.choice([Audience.PUBLIC, Audience.ALLIANCE]),
            publish_at=timezone.now() - timedelta(days=rng.randint(0, 500)),
        )
    _tasks(rng, _times(TASKS, scale), initiatives, by=by)


def _organisations(rng, count, *, by):
    sectors = list(NAMES)
    made = []
    for number in range(1, count + 1):
        sector = sectors[number % len(sectors)]
        form = OrganisationForm(
            {
                "name": f"{NAMES[sector]} {number}",
                "sector": sector,
                "email": f"kontakt{number}@stor.demo.dk",
                "joined_on": date(2024, 1, 1) + timedelta(days=rng.randint(0, 900)),
            }
        )
        made.append(create_organisation(form=valid(form), by=by))
    return made


def _initiatives(rng, count, organisations, *, by):
    adopted = Agenda.objects.adopted()
    goals = [row.goal_id for row in adopted.agenda_goals.all()] if adopted else []
    made = []
    for number in range(1, count + 1):
        form = InitiativeForm(
            {
                "name": f"Indsats {number}",
                "slug": f"indsats-{number}",
                "summary": "En indsats i den store alliance.",
                "goals": rng.sample(goals, min(len(goals), rng.randint(1, 2))),
                "lead_organisation": rng.choice(organisations).pk,
                "status": _pick(
                    rng, [(Initiative.Status.PLANNED, 1), (Initiative.Status.ACTIVE, 5)]
                ),
                "start_date": date(2025, 1, 1),
                "is_public": rng.random() < 0.7,
            }
        )
        made.append(create_initiative(form=valid(form), by=by))
    return made


def _indicators(rng, count, organisations, *, by):
    """Quarterly indicators; the demo's reporting members send most figures in, and the
    large alliance's organisations, which have no one to log in, are always late."""
    adopted = Agenda.objects.adopted()
    goals = [row.goal_id for row in adopted.agenda_goals.all()] if adopted else []
    # One member who reports for each organisation that has members.
    reporters = {}
    for person in User.objects.filter(
        role=User.Role.MEMBER, is_active=True, organisation__isnull=False
    ).order_by("pk"):
        reporters.setdefault(person.organisation_id, person)
    reporters = list(reporters.values())
    first = periods.period_of(timezone.localdate(), periods.QUARTER)
    for _quarter in range(QUARTERS):
        first = first.previous()
    for number in range(1, count + 1):
        reporting = rng.sample(reporters, min(len(reporters), 3))
        indicator = indicator_from_form(
            by,
            name=f"Indikator {number}",
            slug=f"indikator-{number}",
            kind="population",
            goal=rng.choice(goals),
            definition="Antallet af unge, indsatserne har nået.",
            method="Tælles af de ansvarlige organisationer hvert kvartal.",
            unit="unge",
            reporting_from=first.start.isoformat(),
            is_public="on" if rng.random() < 0.5 else "",
            responsible=[reporter.organisation for reporter in reporting]
            + rng.sample(organisations, min(3, len(organisations))),
        )
        period = first
        for _quarter in range(QUARTERS):
            for reporter in reporting:
                if rng.random() < 0.85:
                    send_report(
                        indicator,
                        period.start,
                        Figures(total=Decimal(rng.randint(5, 80))),
                        by=reporter,
                        reviewer=by,
                        approve=rng.random() < 0.9,
                    )
            period = period.next()


def _groups(rng, count, *, by):
    made = []
    for number in range(1, count + 1):
        form = WorkingGroupForm(
            {
                "name": f"Gruppe {number}",
                "kind": WorkingGroup.Kind.WORKING_GROUP,
                "purpose": "Arbejder med en af alliancens målsætninger.",
            }
        )
        made.append(create_group(form=valid(form), by=by))
    return made


def _tasks(rng, count, initiatives, *, by):
    today = timezone.localdate()
    for number in range(1, count + 1):
        task = create_task(
            by=by,
            fields={
                "title": f"Opgave {number}",
                "function": rng.choice(BackboneFunction.values),
                "priority": rng.choice(Task.Priority.values),
                "assignee": by if rng.random() < 0.3 else None,
                "due_on": (today + timedelta(days=rng.randint(-45, 60)))
                if rng.random() < 0.8
                else None,
                "initiative": rng.choice(initiatives) if rng.random() < 0.5 else None,
            },
        )
        for step in STEPS[_pick(rng, TASK_STATUSES)]:
            task = move_task(task=task, status=step, by=by)
