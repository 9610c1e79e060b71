"""
Load a demo alliance: organisations from every sector, the groups and the secretariat.

`python manage.py seed_demo` may run any number of times: everything is looked
up by its natural key (organisation and group name, user e-mail) and only
created when missing, so a second run changes nothing, and whatever was edited
in the portal since (a changed password, a renamed job title) is kept. No
superuser is made; `createsuperuser` is for that.

Everybody seeded gets the password from DEMO_PASSWORD, or "demo-portal-2026".
All organisations except Helsingør Kommune and Region Hovedstaden are made up,
with addresses under demo.dk; no organisation gets a CVR number, so none can be
mistaken for a real company's.
"""

import os
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agenda.models import Agenda, AgendaGoal, Goal
from agenda.services import adopt_agenda
from alliance.phone import normalize_phone
from initiatives.models import Commitment, Initiative
from members.models import Organisation, Sector, User, WorkingGroup
from volunteers.models import CONSENT_TEXTS, Consent, ConsentPurpose, Volunteer

DEFAULT_PASSWORD = "demo-portal-2026"
URL = "http://127.0.0.1:8000/"

KOMMUNE = "Helsingør Kommune"

# name, sector, website, e-mail, phone, joined on
ORGANISATIONS = [
    (KOMMUNE, Sector.KOMMUNE, "https://www.helsingor.dk/", "", "", date(2024, 1, 15)),
    ("Region Hovedstaden", Sector.REGION, "https://www.regionh.dk/", "", "", date(2024, 3, 4)),
    (
        "Kronborg Byg & Anlæg ApS",
        Sector.ERHVERV,
        "https://kronborgbyg.demo.dk/",
        "kontakt@kronborgbyg.demo.dk",
        "49 21 10 10",
        date(2024, 4, 22),
    ),
    (
        "Café Strandvejen",
        Sector.ERHVERV,
        "https://cafestrandvejen.demo.dk/",
        "hej@cafestrandvejen.demo.dk",
        "49 21 22 30",
        date(2025, 2, 10),
    ),
    (
        "Øresund Logistik A/S",
        Sector.ERHVERV,
        "https://oresundlogistik.demo.dk/",
        "info@oresundlogistik.demo.dk",
        "49 21 34 00",
        date(2025, 9, 1),
    ),
    (
        "Kronborg Idrætsforening",
        Sector.CIVILSAMFUND,
        "https://kronborgif.demo.dk/",
        "formand@kronborgif.demo.dk",
        "30 12 45 67",
        date(2024, 2, 5),
    ),
    (
        "Frivilligforeningen Nordkysten",
        Sector.CIVILSAMFUND,
        "https://frivillignordkysten.demo.dk/",
        "frivillig@frivillignordkysten.demo.dk",
        "31 45 20 88",
        date(2024, 6, 12),
    ),
    (
        "Øresundsskolen",
        Sector.UDDANNELSE,
        "https://oresundsskolen.demo.dk/",
        "kontor@oresundsskolen.demo.dk",
        "49 21 50 00",
        date(2024, 8, 19),
    ),
    (
        "Kystens Erhvervsskole",
        Sector.UDDANNELSE,
        "https://kystenserhvervsskole.demo.dk/",
        "studievejledning@kystenserhvervsskole.demo.dk",
        "49 21 60 60",
        date(2025, 1, 6),
    ),
    (
        "Sundhedshuset Nordkysten",
        Sector.SUNDHED,
        "https://sundhedshuset.demo.dk/",
        "sundhedshuset@sundhedshuset.demo.dk",
        "49 21 70 70",
        date(2024, 10, 1),
    ),
    (
        "Ung Trivsel Helsingør",
        Sector.SUNDHED,
        "https://ungtrivsel.demo.dk/",
        "snak@ungtrivsel.demo.dk",
        "60 18 27 36",
        date(2025, 5, 20),
    ),
    (
        "Kronborgfonden for Børn og Unge",
        Sector.FOND,
        "https://kronborgfonden.demo.dk/",
        "ansoegning@kronborgfonden.demo.dk",
        "49 21 80 80",
        date(2025, 3, 17),
    ),
    (
        "Borgergruppen Vapnagaard",
        Sector.BORGERE,
        "",
        "borgergruppen.vapnagaard@demo.dk",
        "28 44 19 02",
        date(2025, 11, 3),
    ),
    (
        "Forældrenetværket Helsingør",
        Sector.BORGERE,
        "",
        "foraeldrenetvaerket@demo.dk",
        "",
        date(2026, 4, 14),
    ),
]

# The secretariat exactly as the alliance's own page lists it:
# e-mail, full name, job title, phone.
SECRETARIAT = [
    ("hah08@helsingor.dk", "Hanne Hørlyck", "Projektleder", "41 86 81 94"),
    # The page gives no e-mail for Elisabeth Retz Wessberg; this one is made up.
    ("elisabeth.wessberg@demo.dk", "Elisabeth Retz Wessberg", "Udviklingskonsulent", "25 31 22 80"),
    ("sfo12@helsingor.dk", "Susanne Foldberg", "Kommunikationskonsulent", "25 31 21 37"),
]

DEMO_SECRETARIAT = "sekretariat@demo.dk"
DEMO_MEMBER = "medlem@demo.dk"
DEMO_MEMBER_2 = "medlem2@demo.dk"

# e-mail, full name, organisation, job title, phone
MEMBERS = [
    (DEMO_MEMBER, "Demo Medlem", "Kronborg Idrætsforening", "Ungdomstræner", "30 12 45 68"),
    (DEMO_MEMBER_2, "Demo Medlem 2", "Øresundsskolen", "Skoleleder", "49 21 50 01"),
    (
        "mette.lund@kronborgbyg.demo.dk",
        "Mette Lund",
        "Kronborg Byg & Anlæg ApS",
        "Direktør",
        "49 21 10 11",
    ),
    ("jonas.kirk@cafestrandvejen.demo.dk", "Jonas Kirk", "Café Strandvejen", "Indehaver", ""),
    (
        "ahmad.rahimi@oresundlogistik.demo.dk",
        "Ahmad Rahimi",
        "Øresund Logistik A/S",
        "HR-chef",
        "49 21 34 05",
    ),
    (
        "karen.juul@regionh.demo.dk",
        "Karen Juul",
        "Region Hovedstaden",
        "Konsulent, børne- og ungdomspsykiatri",
        "",
    ),
    (
        "birgit.holm@frivillignordkysten.demo.dk",
        "Birgit Holm",
        "Frivilligforeningen Nordkysten",
        "Frivilligkoordinator",
        "31 45 20 89",
    ),
    (
        "peter.nyborg@kystenserhvervsskole.demo.dk",
        "Peter Nyborg",
        "Kystens Erhvervsskole",
        "Studievejleder",
        "49 21 60 61",
    ),
    (
        "sara.dahl@sundhedshuset.demo.dk",
        "Sara Dahl",
        "Sundhedshuset Nordkysten",
        "Sundhedsplejerske",
        "49 21 70 72",
    ),
    ("emil.friis@ungtrivsel.demo.dk", "Emil Friis", "Ung Trivsel Helsingør", "Daglig leder", ""),
    (
        "lone.skov@kronborgfonden.demo.dk",
        "Lone Skov",
        "Kronborgfonden for Børn og Unge",
        "Programchef",
        "49 21 80 81",
    ),
    (
        "yasmin.ali@demo.dk",
        "Yasmin Ali",
        "Borgergruppen Vapnagaard",
        "Talsperson",
        "28 44 19 02",
    ),
]

ALLIANCE_GROUP = "Alliancegruppen"

# name, kind, purpose, member e-mails
GROUPS = [
    (
        ALLIANCE_GROUP,
        WorkingGroup.Kind.ALLIANCE_GROUP,
        "Alliancegruppen er alliancens styregruppe med en leder fra hver sektor. Vi ejer den "
        "fælles dagsorden, prioriterer indsatserne, følger op på de fælles mål og sørger for, at "
        "hver organisation bidrager med det, den er bedst til. Sekretariatet forbereder møderne "
        "og samler data til gruppen.",
        [
            "hah08@helsingor.dk",
            "mette.lund@kronborgbyg.demo.dk",
            "karen.juul@regionh.demo.dk",
            "birgit.holm@frivillignordkysten.demo.dk",
            DEMO_MEMBER_2,
            "sara.dahl@sundhedshuset.demo.dk",
            "lone.skov@kronborgfonden.demo.dk",
            "yasmin.ali@demo.dk",
        ],
    ),
    (
        "Fritid og fællesskaber",
        WorkingGroup.Kind.WORKING_GROUP,
        "Arbejdsgruppen skal give flere børn og unge et fast fritidsfællesskab. Vi kobler skoler, "
        "foreninger og frivillige, så ingen står uden for, fordi kontingent, transport eller "
        "udstyr er en hindring, og vi følger med i, hvor mange der bliver i fællesskabet efter et "
        "år.",
        [
            "elisabeth.wessberg@demo.dk",
            DEMO_MEMBER,
            DEMO_MEMBER_2,
            "birgit.holm@frivillignordkysten.demo.dk",
            "jonas.kirk@cafestrandvejen.demo.dk",
            "yasmin.ali@demo.dk",
        ],
    ),
    (
        "Vejen til uddannelse og job",
        WorkingGroup.Kind.WORKING_GROUP,
        "Arbejdsgruppen arbejder for, at flere unge gennemfører en ungdomsuddannelse og kommer i "
        "job. Virksomhederne åbner dørene for praktik og fritidsjob, skolerne og "
        "erhvervsskolen sørger for vejledning og mentorer, og sammen måler vi, hvor mange unge der "
        "er i uddannelse eller job et år efter 9. klasse.",
        [
            "hah08@helsingor.dk",
            "mette.lund@kronborgbyg.demo.dk",
            "ahmad.rahimi@oresundlogistik.demo.dk",
            "peter.nyborg@kystenserhvervsskole.demo.dk",
            DEMO_MEMBER_2,
        ],
    ),
    (
        "Trivsel og mental sundhed",
        WorkingGroup.Kind.WORKING_GROUP,
        "Arbejdsgruppen vil styrke børn og unges trivsel og mentale sundhed. Vi samler "
        "sundhedsplejen, regionen, foreningerne og forældrene om tidlige, lette tilbud, så unge "
        "kan få en at tale med, før mistrivsel vokser sig stor, og vi følger udviklingen i den "
        "årlige trivselsmåling.",
        [
            "sfo12@helsingor.dk",
            "karen.juul@regionh.demo.dk",
            "sara.dahl@sundhedshuset.demo.dk",
            "emil.friis@ungtrivsel.demo.dk",
            "lone.skov@kronborgfonden.demo.dk",
        ],
    ),
]

AGENDA_VISION = (
    "Alle børn og unge i Helsingør Kommune skal have et godt fritidsliv, trives og komme godt i "
    "gang med uddannelse og job. Det lykkes kun, når kommunen, erhvervslivet, foreningerne, "
    "skolerne og familierne trækker i samme retning."
)
AGENDA_PROBLEM = (
    "For mange unge står uden for fællesskaberne: de går ikke til en fritidsaktivitet, trives "
    "dårligt og falder fra ungdomsuddannelsen. Indsatserne findes, men de er spredt på mange "
    "aktører, og ingen har det samlede billede.\n\n"
    "Vi vil derfor **arbejde efter én fælles dagsorden**, måle på de samme ting og bruge "
    "hinandens styrker på tværs af sektorer."
)
AGENDA_GOALS = [
    (
        "Flere unge i fritidsfællesskaber",
        "Andelen af 10–17-årige, der går til en fritidsaktivitet, skal stige.",
    ),
    (
        "Bedre trivsel blandt børn og unge",
        "Færre unge skal svare, at de ofte føler sig ensomme, i den årlige trivselsmåling.",
    ),
    (
        "Flere unge i uddannelse eller job",
        "Flere unge skal være i uddannelse eller job et år efter 9. klasse.",
    ),
]


def seed_agenda(*, by):
    """Adopt a first version of the common agenda unless one exists."""
    if Agenda.objects.exists():
        return
    agenda = Agenda.objects.create(
        number=1, vision=AGENDA_VISION, problem_statement=AGENDA_PROBLEM, created_by=by
    )
    for order, (title, description) in enumerate(AGENDA_GOALS, start=1):
        goal = Goal.objects.create(title=title, description=description)
        AgendaGoal.objects.create(
            agenda=agenda, goal=goal, title=title, description=description, order=order
        )
    adopt_agenda(draft=agenda, by=by)


# name, slug, summary, lead, goal numbers (1-based, in AGENDA_GOALS), status, public,
# what volunteers would do (empty: no call), and the commitments:
# (organisation, what it does, hours a month, status, days until the next update)
INITIATIVES = [
    (
        "Fritidspas til alle børn",
        "fritidspas",
        "Børn fra familier med få midler får kontingent og udstyr betalt i en forening.",
        "Kronborg Idrætsforening",
        [1],
        Initiative.Status.ACTIVE,
        True,
        "Følg et barn til de første træninger, og hjælp familien med at finde rundt i foreningen.",
        [
            (
                "Kronborg Idrætsforening",
                "Vi tager imod børnene og giver en prøveperiode.",
                10,
                Commitment.Status.ACTIVE,
                -6,
            ),
            (
                "Kronborgfonden for Børn og Unge",
                "Vi betaler kontingent og udstyr.",
                2,
                Commitment.Status.ACTIVE,
                40,
            ),
            (
                KOMMUNE,
                "Sundhedsplejen og skolerne henviser familierne.",
                6,
                Commitment.Status.ACTIVE,
                12,
            ),
        ],
    ),
    (
        "Lektiecafé i Vapnagaard",
        "lektiecafe-vapnagaard",
        "Lektiehjælp to eftermiddage om ugen i beboerhuset.",
        "Frivilligforeningen Nordkysten",
        [3],
        Initiative.Status.ACTIVE,
        True,
        "Hjælp elever i 4.–9. klasse med lektierne tirsdag eller torsdag eftermiddag.",
        [
            (
                "Frivilligforeningen Nordkysten",
                "Vi stiller frivillige og koordinerer.",
                12,
                Commitment.Status.ACTIVE,
                60,
            ),
            (
                "Borgergruppen Vapnagaard",
                "Vi låner beboerhuset ud og bager boller.",
                4,
                Commitment.Status.AT_RISK,
                -20,
            ),
        ],
    ),
    (
        "Unge i fritidsjob",
        "fritidsjob",
        "Lokale virksomheder åbner for fritidsjob til unge på 13–17 år.",
        "Kronborg Byg & Anlæg ApS",
        [3],
        Initiative.Status.ACTIVE,
        True,
        "",
        [
            (
                "Kronborg Byg & Anlæg ApS",
                "Vi tilbyder fire fritidsjob om året.",
                8,
                Commitment.Status.ACTIVE,
                30,
            ),
            ("Café Strandvejen", "Vi tager to unge i weekendjob.", 4, Commitment.Status.ACTIVE, 5),
            (
                "Øresund Logistik A/S",
                "Vi ser på, om lageret kan tage unge.",
                None,
                Commitment.Status.PROPOSED,
                70,
            ),
            (
                "Kystens Erhvervsskole",
                "Vejlederne matcher unge og virksomheder.",
                6,
                Commitment.Status.ACTIVE,
                50,
            ),
        ],
    ),
    (
        "Snak om det",
        "snak-om-det",
        "Anonym samtale for unge, der har det svært, med en voksen fra foreningerne.",
        "Ung Trivsel Helsingør",
        [2],
        Initiative.Status.PLANNED,
        False,
        "",
        [
            (
                "Ung Trivsel Helsingør",
                "Vi uddanner samtalevenner.",
                15,
                Commitment.Status.PROPOSED,
                80,
            ),
            (
                "Region Hovedstaden",
                "Børne- og ungdomspsykiatrien giver supervision.",
                3,
                Commitment.Status.PROPOSED,
                80,
            ),
        ],
    ),
]


def seed_initiatives(*, organisations, by):
    """Create the demo initiatives and their commitments unless any initiative exists."""
    if Initiative.objects.exists():
        return
    adopted = Agenda.objects.adopted()
    goals = [row.goal for row in adopted.agenda_goals.all()] if adopted else []
    today = timezone.localdate()
    for name, slug, summary, lead, goal_numbers, status, public, call, pledges in INITIATIVES:
        initiative = Initiative.objects.create(
            name=name,
            slug=slug,
            summary=summary,
            lead_organisation=organisations[lead],
            status=status,
            is_public=public,
            wants_volunteers=bool(call),
            volunteer_description=call,
            start_date=date(2025, 8, 1),
        )
        initiative.goals.set(goals[n - 1] for n in goal_numbers if n <= len(goals))
        for organisation, description, hours, pledge_status, due_in in pledges:
            Commitment.objects.create(
                initiative=initiative,
                organisation=organisations[organisation],
                description=description,
                staff_hours_per_month=hours,
                status=pledge_status,
                next_update_due=today + timedelta(days=due_in),
                created_by=by,
            )


# first name, last name, e-mail, status, assigned initiative (slug), availability, skills
VOLUNTEERS = [
    (
        "Frida",
        "Holm",
        "frida.holm@frivillig.demo.dk",
        Volunteer.Status.NEW,
        "",
        ["evenings"],
        "Har været lektiehjælper i tre år.",
    ),
    (
        "Mads",
        "Kjær",
        "mads.kjaer@frivillig.demo.dk",
        Volunteer.Status.CONTACTED,
        "lektiecafe-vapnagaard",
        ["weekdays", "evenings"],
        "Lærerstuderende, matematik og fysik.",
    ),
    (
        "Aisha",
        "Nasser",
        "aisha.nasser@frivillig.demo.dk",
        Volunteer.Status.ACTIVE,
        "fritidspas",
        ["weekends"],
        "Træner fodbold for U12.",
    ),
]


def seed_volunteers(*, initiatives):
    """A few volunteers at different steps of the pipeline, unless any exist."""
    if Volunteer.objects.exists():
        return
    now = timezone.now()
    for first, last, email, status, slug, availability, skills in VOLUNTEERS:
        volunteer = Volunteer.objects.create(
            first_name=first,
            last_name=last,
            email=email,
            status=status,
            assigned_initiative=initiatives.get(slug),
            availability=availability,
            skills=skills,
            email_confirmed_at=None if status == Volunteer.Status.NEW else now,
        )
        Consent.objects.create(
            volunteer=volunteer,
            purpose=ConsentPurpose.CONTACT,
            text_version=CONSENT_TEXTS[ConsentPurpose.CONTACT][0],
        )


class Command(BaseCommand):
    help = "Load the demo alliance (safe to run again; creates no superuser)."

    @transaction.atomic
    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD

        organisations = {}
        for name, sector, website, email, phone, joined_on in ORGANISATIONS:
            organisations[name], _ = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "sector": sector,
                    "website": website,
                    "email": email,
                    "phone": normalize_phone(phone),
                    "joined_on": joined_on,
                },
            )

        kommune = organisations[KOMMUNE]
        people = [
            (
                email,
                {
                    "full_name": full_name,
                    "role": User.Role.SECRETARIAT,
                    "organisation": kommune,
                    "job_title": job_title,
                    "phone": phone,
                    "show_on_contact_page": True,
                },
            )
            for email, full_name, job_title, phone in SECRETARIAT
        ]
        people.append(
            (
                DEMO_SECRETARIAT,
                {
                    "full_name": "Demo Sekretariat",
                    "role": User.Role.SECRETARIAT,
                    "organisation": kommune,
                    "job_title": "Sekretariatsmedarbejder",
                },
            )
        )
        people += [
            (
                email,
                {
                    "full_name": full_name,
                    "role": User.Role.MEMBER,
                    "organisation": organisations[organisation],
                    "job_title": job_title,
                    "phone": phone,
                },
            )
            for email, full_name, organisation, job_title, phone in MEMBERS
        ]

        users = {}
        for email, fields in people:
            fields["phone"] = normalize_phone(fields.get("phone", ""))
            users[email] = User.objects.filter(email__iexact=email).first()
            if users[email] is None:
                # Only new users get the demo password; a changed one is kept.
                users[email] = User.objects.create_user(email, password, **fields)

        for name, kind, purpose, emails in GROUPS:
            group, _ = WorkingGroup.objects.get_or_create(
                name=name, defaults={"kind": kind, "purpose": purpose}
            )
            group.members.add(*(users[email] for email in emails))

        seed_agenda(by=users[DEMO_SECRETARIAT])
        seed_initiatives(organisations=organisations, by=users[DEMO_SECRETARIAT])
        seed_volunteers(initiatives={i.slug: i for i in Initiative.objects.all()})

        self.stdout.write(
            f"Demo alliance ready: {Organisation.objects.count()} organisations, "
            f"{WorkingGroup.objects.count()} groups, {User.objects.count()} users.\n"
            "\n"
            f"Open {URL} and log in as\n"
            f"  {DEMO_SECRETARIAT:<22}secretariat\n"
            f"  {DEMO_MEMBER:<22}member, {users[DEMO_MEMBER].organisation}\n"
            f"  {DEMO_MEMBER_2:<22}member, {users[DEMO_MEMBER_2].organisation}\n"
            f"with the password {password}"
            " (unless it was changed after the user was created)."
        )
