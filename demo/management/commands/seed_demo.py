"""
Load a demo alliance: organisations from every sector, the groups and the secretariat.

`python manage.py seed_demo` may run any number of times: everything is looked
up by its natural key (organisation and group name, user e-mail) and only
created when missing, so a second run changes nothing, and whatever was edited
in the portal since (a changed password, a renamed job title) is kept. No
superuser is made; `createsuperuser` is for that.

The demo is entered as a person would enter it: every record goes through the
form the portal's pages use and the app's service, so it passes the same checks,
reaches its status by the allowed steps and leaves its history in the audit
trail. The demo secretariat account is made first, by the portal itself; from
then on "Demo Sekretariat" does the work. Nothing is mailed.

Everybody seeded gets the password from DEMO_PASSWORD, or "demo-portal-2026".
All organisations except Helsingør Kommune and Region Hovedstaden are made up,
with addresses under demo.dk; no organisation gets a CVR number, so none can be
mistaken for a real company's.
"""

import os
from datetime import date, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from agenda.forms import AgendaForm, GoalFormSet
from agenda.models import Agenda
from agenda.services import adopt_agenda, save_draft, start_draft
from alliance import notifications
from demo.communication import seed_communication
from demo.forms import valid
from demo.health import seed_snapshots
from demo.indicators import seed_indicators
from demo.survey import seed_survey
from demo.tasks import seed_tasks
from initiatives.forms import (
    CommitmentEditForm,
    CommitmentForm,
    CommitmentUpdateForm,
    InitiativeForm,
)
from initiatives.models import Commitment, Initiative
from initiatives.services import (
    create_commitment,
    create_initiative,
    post_update,
    start_statuses,
    update_commitment,
)
from members.forms import OrganisationForm, UserEditForm, WorkingGroupForm
from members.models import Organisation, Sector, User, WorkingGroup
from members.services import (
    add_group_member,
    create_group,
    create_organisation,
    create_user_with_password,
    update_user,
)
from volunteers.forms import STARTED_SALT, VolunteerForm, VolunteerSignupForm
from volunteers.models import ConsentPurpose, Volunteer
from volunteers.services import (
    SIGNUP_FIELDS,
    confirm_volunteer_email,
    needs_child_certificate,
    record_child_certificate,
    register_volunteer,
    update_volunteer,
)

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
    """Draft, fill in and adopt a first version of the common agenda unless one exists."""
    if Agenda.objects.exists():
        return
    draft = start_draft(by=by)
    data = {
        "vision": AGENDA_VISION,
        "problem_statement": AGENDA_PROBLEM,
        "version": draft.version,
        "maal-TOTAL_FORMS": len(AGENDA_GOALS),
        "maal-INITIAL_FORMS": 0,
    }
    for index, (title, description) in enumerate(AGENDA_GOALS):
        data |= {
            f"maal-{index}-title": title,
            f"maal-{index}-description": description,
            f"maal-{index}-order": index + 1,
        }
    form = valid(AgendaForm(data, instance=draft))
    goals = valid(
        GoalFormSet(data, instance=draft, queryset=draft.agenda_goals.all(), prefix="maal")
    )
    save_draft(form=form, formset=goals, by=by)
    adopt_agenda(draft=draft, by=by)


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


# A commitment starts proposed or active; one in another status got there by a
# progress update: (initiative slug, organisation) -> its note.
PROGRESS_NOTES = {
    ("lektiecafe-vapnagaard", "Borgergruppen Vapnagaard"): (
        "Beboerhuset skal renoveres i foråret, og vi har endnu ikke fundet et andet sted at "
        "holde lektiecaféen."
    ),
}


def seed_initiatives(*, organisations, by):
    """Create the demo initiatives and their commitments unless any initiative exists."""
    if Initiative.objects.exists():
        return
    adopted = Agenda.objects.adopted()
    goals = [row.goal for row in adopted.agenda_goals.all()] if adopted else []
    for name, slug, summary, lead, goal_numbers, status, public, call, pledges in INITIATIVES:
        form = InitiativeForm(
            {
                "name": name,
                "slug": slug,
                "summary": summary,
                "goals": [goals[n - 1].pk for n in goal_numbers if n <= len(goals)],
                "lead_organisation": organisations[lead].pk,
                "status": status,
                "start_date": date(2025, 8, 1),
                "is_public": public,
                "wants_volunteers": bool(call),
                "volunteer_description": call,
            }
        )
        initiative = create_initiative(form=valid(form), by=by)
        for organisation, description, hours, pledge_status, due_in in pledges:
            seed_commitment(
                initiative=initiative,
                organisation=organisations[organisation],
                description=description,
                hours=hours,
                status=pledge_status,
                due=timezone.localdate() + timedelta(days=due_in),
                note=PROGRESS_NOTES.get((slug, organisation), ""),
                by=by,
            )


def seed_commitment(*, initiative, organisation, description, hours, status, due, by, note=""):
    """One commitment, brought to its status the way the secretariat would; `note` is the
    progress update that moves it there from the status it starts in."""
    start = status if status in start_statuses(by) else Commitment.Status.ACTIVE
    form = CommitmentForm(
        {
            "organisation": organisation.pk,
            "description": description,
            "staff_hours_per_month": "" if hours is None else hours,
            "status": start,
            "next_update_due": due,
        }
    )
    commitment = create_commitment(form=valid(form), initiative=initiative, by=by)
    if commitment.status == status:
        return commitment
    update = valid(
        CommitmentUpdateForm(
            {
                "status": status,
                "note": note,
                "version": commitment.version,
            },
            commitment=commitment,
            user=by,
        )
    )
    post_update(
        commitment=commitment,
        by=by,
        status=update.cleaned_data["status"],
        note=update.cleaned_data["note"],
        seen_version=update.seen_version,
    )
    if commitment.next_update_due != due:
        # The update moved the next one a quarter ahead; the demo wants it as listed. The
        # edit starts from the commitment as stored, as the edit page would.
        commitment = Commitment.objects.get(pk=commitment.pk)
        fields = list(CommitmentEditForm.Meta.fields)
        form = CommitmentEditForm(
            model_to_dict(commitment, fields=fields)
            | {"next_update_due": due, "version": commitment.version},
            instance=commitment,
        )
        commitment = update_commitment(form=valid(form), by=by)
    return commitment


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


# The steps of the pipeline a demo volunteer walks, in order.
PIPELINE = [Volunteer.Status.NEW, Volunteer.Status.CONTACTED, Volunteer.Status.ACTIVE]


def seed_volunteers(*, initiatives, by):
    """A few volunteers at different steps of the pipeline, unless any exist.

    Each is registered from the sign-up form with consent to be contacted,
    confirms the address unless still new, and is moved along the pipeline by
    the secretariat, with the børneattest assessed first where the initiative
    involves children.
    """
    if Volunteer.objects.exists():
        return
    for first, last, email, status, slug, availability, skills in VOLUNTEERS:
        seed_volunteer(
            first=first,
            last=last,
            email=email,
            status=status,
            initiative=initiatives.get(slug),
            availability=availability,
            skills=skills,
            by=by,
        )


def seed_volunteer(*, first, last, email, status, initiative, availability, skills, by):
    """One volunteer, signed up from the form and moved along the pipeline to `status`."""
    form = VolunteerSignupForm(
        {
            "first_name": first,
            "last_name": last,
            "email": email,
            "availability": availability,
            "skills": skills,
            "consent_contact": True,
            # The form refuses answers typed faster than a person could; these were
            # written long ago.
            "started": signing.dumps(0, salt=STARTED_SALT),
        }
    )
    answers = valid(form).cleaned_data
    volunteer = register_volunteer(
        data={field: answers[field] for field in ["email", *SIGNUP_FIELDS]},
        interests=answers["interests"],
        consents=[ConsentPurpose.CONTACT],
        by=by,
    )
    if status == Volunteer.Status.NEW:
        return volunteer
    confirm_volunteer_email(volunteer=volunteer)
    for step in PIPELINE[1 : PIPELINE.index(status) + 1]:
        if step == Volunteer.Status.ACTIVE and needs_child_certificate(volunteer, initiative):
            record_child_certificate(volunteer=volunteer, checked_on=timezone.localdate(), by=by)
        form = VolunteerForm(
            {
                "status": step,
                "assigned_initiative": initiative.pk if initiative else "",
                "version": volunteer.version,
            },
            instance=volunteer,
        )
        volunteer = update_volunteer(form=valid(form), by=by)
    return volunteer


def seed_demo_secretariat(*, password):
    """The account that enters the demo, made by the portal itself unless it exists.

    Its organisation does not exist yet; place_in_organisation gives it one afterwards.
    """
    user = User.objects.filter(email__iexact=DEMO_SECRETARIAT).first()
    if user is not None:
        return user, False
    form = UserEditForm(
        {
            "full_name": "Demo Sekretariat",
            "email": DEMO_SECRETARIAT,
            "role": User.Role.SECRETARIAT,
            "job_title": "Sekretariatsmedarbejder",
        }
    )
    return create_user_with_password(form=valid(form), password=password, by=None), True


def seed_organisations(*, by):
    """Every organisation in ORGANISATIONS by name; an existing one is left as it is."""
    organisations = {}
    for name, sector, website, email, phone, joined_on in ORGANISATIONS:
        organisations[name] = Organisation.objects.filter(name=name).first()
        if organisations[name] is None:
            form = OrganisationForm(
                {
                    "name": name,
                    "sector": sector,
                    "website": website,
                    "email": email,
                    "phone": phone,
                    "joined_on": joined_on,
                }
            )
            organisations[name] = create_organisation(form=valid(form), by=by)
    return organisations


def place_in_organisation(*, user, organisation, by):
    """Give an account its organisation, as the secretariat would on the person's page."""
    data = model_to_dict(user, fields=list(UserEditForm.Meta.fields))
    form = UserEditForm(
        data | {"organisation": organisation.pk, "version": user.version}, instance=user
    )
    return update_user(form=valid(form), by=by)


def seed_people(*, organisations, password, by):
    """Everybody in SECRETARIAT and MEMBERS, by e-mail; an existing account is left as it is."""
    kommune = organisations[KOMMUNE]
    people = [
        {
            "email": email,
            "full_name": full_name,
            "role": User.Role.SECRETARIAT,
            "organisation": kommune.pk,
            "job_title": job_title,
            "phone": phone,
            "show_on_contact_page": True,
        }
        for email, full_name, job_title, phone in SECRETARIAT
    ]
    people += [
        {
            "email": email,
            "full_name": full_name,
            "role": User.Role.MEMBER,
            "organisation": organisations[organisation].pk,
            "job_title": job_title,
            "phone": phone,
        }
        for email, full_name, organisation, job_title, phone in MEMBERS
    ]
    users = {}
    for fields in people:
        email = fields["email"]
        users[email] = User.objects.filter(email__iexact=email).first()
        if users[email] is None:
            # Only new users get the demo password; a changed one is kept.
            form = valid(UserEditForm(fields))
            users[email] = create_user_with_password(form=form, password=password, by=by)
    return users


def seed_groups(*, users, by):
    """The groups, with any of their demo members missing from them put back."""
    for name, kind, purpose, emails in GROUPS:
        group = WorkingGroup.objects.filter(name=name).first()
        if group is None:
            form = WorkingGroupForm({"name": name, "kind": kind, "purpose": purpose})
            group = create_group(form=valid(form), by=by)
        present = set(group.members.values_list("pk", flat=True))
        for email in emails:
            person = users[email]
            if person.pk not in present and person.is_active:
                add_group_member(group=group, person=person, by=by)


def seed(*, password):
    """Load everything; return the seeded accounts by e-mail."""
    secretariat, created = seed_demo_secretariat(password=password)
    organisations = seed_organisations(by=secretariat)
    if created:
        secretariat = place_in_organisation(
            user=secretariat, organisation=organisations[KOMMUNE], by=secretariat
        )
    users = seed_people(organisations=organisations, password=password, by=secretariat)
    users[DEMO_SECRETARIAT] = secretariat
    seed_groups(users=users, by=secretariat)
    seed_agenda(by=secretariat)
    seed_initiatives(organisations=organisations, by=secretariat)
    seed_volunteers(initiatives={i.slug: i for i in Initiative.objects.all()}, by=secretariat)
    seed_indicators(by=secretariat)
    seed_communication(users=users, by=secretariat)
    seed_tasks(users=users, by=secretariat)
    seed_survey(users=users, by=secretariat)
    # Last: the quarters' figures are read off everything above.
    seed_snapshots()
    return users


class Command(BaseCommand):
    help = "Load the demo alliance (safe to run again; creates no superuser)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            # Loading the demo is news to no one: nothing is mailed or queued.
            with transaction.atomic(), notifications.silenced():
                users = seed(password=password)
        except ValidationError as error:
            # A rule the demo data breaks, such as a DEMO_PASSWORD too weak to accept.
            raise CommandError(" ".join(error.messages)) from error

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
