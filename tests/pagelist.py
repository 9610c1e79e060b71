"""
The portal's pages in one table: who may open each URL, what a POST to it
changes, and what a page may cost in queries.

PAGES names every URL pattern of the portal (the admin guards itself and is
checked apart); shared measurement's entries are in tests/measurement/pages_*.py. An entry holds:

  kwargs  the URL's arguments, taken from the world of test data below;
  get     the answer each role gets to a GET, the most queries a GET may cost
          any role, and optionally `rows(world, n)`, which adds n rows of what
          the page lists, so that the page is counted with 3 and with 30 rows;
  post    the answer each role gets to a POST of valid data (`data`), and
          `state`, a reading of what the POST changes: it must change for the
          roles the POST is meant to work for and stay as it was for the rest.

Driven from this table: tests/test_access.py (answers, POST outcomes, query
budgets), tests/pages/test_pages.py (Content-Security-Policy, nothing loaded
from elsewhere, response headers), tests/test_filters.py (junk in the query
string) and tests/browser/test_accessibility.py (axe and the browser
console, for every role that may open a page). A new URL is added here, and every check covers it.
"""

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db.models import Model
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agenda.forms import AgendaForm, GoalFormSet
from agenda.models import Agenda, AgendaComment, AgendaGoal, Goal
from agenda.services import adopt_agenda, endorse, hide_comment, start_draft
from alliance import audit
from initiatives.forms import CommitmentForm, InitiativeForm
from initiatives.models import CommitmentUpdate, Initiative
from initiatives.services import post_update
from measurement.models import DimensionValue
from measurement.services import Figures, approve_report, return_report, save_report
from members.forms import OrganisationForm, ProfileForm, UserEditForm, WorkingGroupForm
from members.models import Invitation, Organisation, User, WorkingGroup
from tests.conftest import PASSWORD, make_cast, shared_test_data
from tests.factories import (
    make_agenda,
    make_commitment,
    make_group,
    make_indicator,
    make_initiative,
    make_organisation,
    make_user,
)
from volunteers.forms import VolunteerForm
from volunteers.models import PendingVolunteerChange, Volunteer, VolunteerNote
from volunteers.services import add_volunteer_note, set_volunteer_consent, volunteer_token

ANON, MEMBER_A, MEMBER_B, SECRETARIAT, SUPERUSER = (
    "anonymous",
    "member_a",
    "member_b",
    "secretariat",
    "superuser",
)
ROLES = [ANON, MEMBER_A, MEMBER_B, SECRETARIAT, SUPERUSER]
LOGIN = "members:login"  # a redirect to the log-in page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's log-in page
SIGNED_IN = frozenset({MEMBER_A, MEMBER_B, SECRETARIAT, SUPERUSER})
NEW_PASSWORD = "nyt-kodeord-til-portalen-2026"

Expect = int | str  # a status code, or LOGIN / ADMIN_LOGIN


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status):
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: status, SECRETARIAT: status, SUPERUSER: status}


def secretariat_only(status):
    return {ANON: LOGIN, MEMBER_A: 403, MEMBER_B: 403, SECRETARIAT: status, SUPERUSER: status}


def own_organisation_only(status):
    """Organisation A's pages: A's members lack the role, B's may not learn they exist."""
    return {ANON: LOGIN, MEMBER_A: 403, MEMBER_B: 404, SECRETARIAT: status, SUPERUSER: status}


def members_only(status):
    """What only people who belong to an organisation do."""
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: status, SECRETARIAT: 403, SUPERUSER: 403}


def own_commitment(status):
    """Organisation A's commitment: A's members and the secretariat; B may not learn of it."""
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: 404, SECRETARIAT: status, SUPERUSER: status}


@dataclass(frozen=True)
class Get:
    access: dict[str, Expect]
    queries: int  # the most queries a GET of the page may cost any role
    rows: Callable[[SimpleNamespace, int], None] | None = None
    html: bool = True  # False for CSV, JSON and plain text: no markup checks, no axe
    personal: bool = False  # shows personal data: never kept by a cache

    def roles(self, status=200):
        return [role for role in ROLES if self.access[role] == status]


@dataclass(frozen=True)
class Post:
    access: dict[str, Expect]
    data: Callable[[SimpleNamespace], dict]
    state: Callable[[SimpleNamespace], object]
    # Who the POST changes something for; by default every role it is not refused to.
    changes: frozenset[str] | None = None
    given: Callable[[SimpleNamespace], None] | None = None  # runs first, signed in
    kwargs: Callable[[SimpleNamespace], dict] | None = None  # when the POST goes elsewhere

    def changes_for(self, role):
        if self.changes is not None:
            return role in self.changes
        expected = self.access[role]
        return isinstance(expected, int) and expected < 400


@dataclass(frozen=True)
class Page:
    kwargs: Callable[[SimpleNamespace], dict] | None = None
    get: Get | None = None
    post: Post | None = None


def url(name, world, method="get"):
    page = PAGES[name]
    kwargs = page.kwargs
    if method == "post" and page.post.kwargs is not None:
        kwargs = page.post.kwargs
    return reverse(name, kwargs=kwargs(world) if kwargs else None)


def get_pages(*, html=None):
    """The names of the pages with a GET, optionally only the HTML ones (or only the rest)."""
    return sorted(
        name
        for name, page in PAGES.items()
        if page.get is not None and (html is None or page.get.html == html)
    )


def viewers(name):
    """The roles that open a page, each different view of it once.

    Member B counts only where member A may not open the page, and the
    superuser, who sees the secretariat's pages plus a link to the admin, only
    where the secretariat may not.
    """
    get = PAGES[name].get
    roles = get.roles(200)
    if MEMBER_A in roles and MEMBER_B in roles:
        roles.remove(MEMBER_B)
    if SECRETARIAT in roles and SUPERUSER in roles:
        roles.remove(SUPERUSER)
    return roles


def form_data(*forms, **changes):
    """The fields of unbound forms and formsets as a browser sends them, with some changed.

    A change to None leaves the field out, as an unticked checkbox is left out.
    """
    data = {}
    for form in forms:
        parts = [form.management_form, *form.forms] if isinstance(form, BaseFormSet) else [form]
        for part in parts:
            for field in part:
                value = field.value()
                if value is None or value is False or value == []:
                    continue
                data[field.html_name] = "on" if value is True else value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# --- the world: the cast and one of everything ---------------------------------------


def build_world(*, organisation_a, organisation_b, member_a, member_b, secretariat, superuser):
    """One of everything a page shows, made through the factories and services.

    The agenda has a superseded version 1, an adopted version 2 and a draft 3,
    so that history and differences show. Organisation A leads the initiative
    the volunteer works in; organisation B has a commitment to another one.
    """
    w = SimpleNamespace(
        org_a=organisation_a,
        org_b=organisation_b,
        member_a=member_a,
        member_b=member_b,
        secretariat=secretariat,
        superuser=superuser,
        users={
            ANON: None,
            MEMBER_A: member_a,
            MEMBER_B: member_b,
            SECRETARIAT: secretariat,
            SUPERUSER: superuser,
        },
        user=None,
        client=None,
    )
    w.org_c = make_organisation(name="Organisation C", sector="kommune", email="kontakt@c.dk")
    w.member_c = make_user(email="c@test.dk", full_name="Carl C", organisation=w.org_c)
    w.contact = make_user(
        email="kontakt@test.dk",
        full_name="Kamilla Kontakt",
        role="secretariat",
        job_title="Koordinator",
        show_on_contact_page=True,
    )
    # Created without a password: the invitation sets it.
    w.invited = make_user(
        email="inviteret@test.dk", full_name="Inge Inviteret", organisation=organisation_a
    )
    _, w.invitation_token = Invitation.issue(user=w.invited, invited_by=secretariat)

    w.previous = make_agenda(
        goals=["Flere unge i job", "Færre unge alene"], adopt=True, by=secretariat
    )
    w.adopted = start_draft(by=secretariat)
    w.adopted.vision = "Alle unge i kommunen har et job, en uddannelse og et fællesskab."
    w.adopted.save()
    adopt_agenda(draft=w.adopted, by=secretariat)
    w.adopted.refresh_from_db()
    w.draft = start_draft(by=secretariat)
    w.draft.vision = "Alle unge har et job, en uddannelse og et fællesskab, de er glade for."
    w.draft.save()
    _add_goals(w.draft, 1)
    endorse(agenda=w.adopted, organisation=w.org_c, by=w.member_c)
    w.comment = AgendaComment.objects.create(
        agenda=w.draft, author=member_a, body="Husk de yngste."
    )
    hide_comment(
        comment=AgendaComment.objects.create(agenda=w.draft, author=member_b, body="Reklame."),
        by=secretariat,
    )

    goals = list(w.adopted.goals.order_by("pk"))
    w.group = make_group(name="Arbejdsgruppe om lektiehjælp", members=[member_a, member_b])
    w.initiative = make_initiative(
        name="Lektiecafé",
        slug="lektiecafe",
        lead=organisation_a,
        goals=goals[:1],
        is_public=True,
        wants_volunteers=True,
        volunteer_description="Hjælp med lektier **tirsdag**.",
        working_group=w.group,
    )
    w.initiative_b = make_initiative(
        name="Idræt for alle", slug="idraet", lead=organisation_b, goals=goals[1:]
    )
    w.commitment_a = make_commitment(initiative=w.initiative, organisation=organisation_a)
    post_update(commitment=w.commitment_a, by=member_a, status="active", note="Det går fint.")
    w.commitment_a.refresh_from_db()
    w.commitment_b = make_commitment(initiative=w.initiative_b, organisation=organisation_b)
    make_commitment(initiative=w.initiative, organisation=w.org_c, status="at_risk")

    w.volunteer = Volunteer.objects.create(
        first_name="Frida",
        last_name="Frivillig",
        email="frida@test.dk",
        assigned_initiative=w.initiative,
        availability=["evenings"],
    )
    w.volunteer.interests.add(w.initiative)
    set_volunteer_consent(volunteer=w.volunteer, purpose="contact", given=True)
    add_volunteer_note(volunteer=w.volunteer, body="Ringede.", by=secretariat)

    _measurement(w, goals)
    _communication(w)
    _secretariat(w)

    w.volunteer_token = lambda purpose: volunteer_token(w.volunteer, purpose)
    w.volunteer_change_token = lambda: _stage_change(w.volunteer)
    w.adopt_draft = lambda: adopt_agenda(draft=Agenda.objects.draft(), by=secretariat)
    return w


@pytest.fixture(scope="class")
def shared_world(django_db_setup, django_db_blocker):
    """The world, made once for all the tests of a class (some 40 ms saved a test)."""
    with shared_test_data(django_db_blocker, lambda: build_world(**make_cast())) as w:
        yield w


@pytest.fixture
def world(db, shared_world):
    """The class's world as the database holds it.

    What a test changes in the database is rolled back after it; the objects
    in memory are read again here, so a version counter or a last log-in that
    an earlier test moved on does not linger in them.
    """
    _read_again(value for value in vars(shared_world).values() if isinstance(value, Model))
    shared_world.user = shared_world.client = None
    return shared_world


def _read_again(objects):
    """refresh_from_db() for many objects, one query for each model."""
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    for model, instances in by_model.items():
        stored = model._base_manager.in_bulk([obj.pk for obj in instances])
        for obj in instances:
            # The stored row's fields and a fresh state, without cached relations.
            obj.__dict__.update(stored[obj.pk].__dict__)


def as_each_viewer(client, world, name):
    """The page as each role that may open it gets it: [(role, response)]."""
    for role in viewers(name):
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(url(name, world))
        assert response.status_code == 200, f"{role}: {response.status_code}"
        yield role, response


def _measurement(w, goals):
    """A population indicator on the first goal, broken down by gender, that organisation A
    reports: an approved quarter, one waiting for review and one still a draft; and a
    performance measure of the homework café, internal, with a returned report."""
    w.indicator = make_indicator(
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        goal=goals[0],
        responsible=[w.org_a],
        groups={"Køn": ["Piger", "Drenge"]},
        is_public=True,
        baseline_value=40,
        baseline_period=date(2025, 1, 1),
        target_value=60,
        target_date=date(2027, 12, 31),
    )
    girls, boys = DimensionValue.objects.filter(dimension__indicator=w.indicator)
    w.girls, w.boys = girls, boys

    def report(indicator, period, total, *, submit=True, groups=None):
        figures = Figures(total=Decimal(total), breakdown=groups or {})
        return save_report(
            indicator=indicator, period_start=period, figures=figures, by=w.member_a, submit=submit
        )

    w.approved_report = approve_report(
        report=report(
            w.indicator,
            date(2025, 1, 1),
            42,
            groups={girls.pk: (Decimal(20), None, None), boys.pk: (Decimal(22), None, None)},
        ),
        by=w.secretariat,
    )
    w.submitted_report = report(
        w.indicator,
        date(2025, 4, 1),
        45,
        groups={girls.pk: (Decimal(21), None, None), boys.pk: (Decimal(24), None, None)},
    )
    w.draft_report = report(w.indicator, date(2025, 7, 1), 47, submit=False)
    w.performance = make_indicator(
        name="Elever i lektiecaféen",
        slug="elever-i-lektiecafeen",
        initiative=w.initiative,
        responsible=[w.org_a],
        is_public=True,
    )
    w.returned_report = return_report(
        report=report(w.performance, date(2025, 1, 1), 12),
        by=w.secretariat,
        comment="Tallet mangler for februar.",
    )


def _stage_change(volunteer):
    """A repeated sign-up waiting for its link: a new postcode and every initiative's call."""
    change, token = PendingVolunteerChange.issue(
        volunteer=volunteer,
        data={"postcode": "3000", "skills": "Lektiehjælp og fodbold."},
        consents=["newsletter"],
    )
    change.interests.set(Initiative.objects.filter(wants_volunteers=True))
    return token


# --- rows: more of what a page lists ------------------------------------------------

_numbers = itertools.count(1)


def _add_goals(agenda, n):
    for _ in range(n):
        number = next(_numbers)
        goal = Goal.objects.create(title=f"Målsætning {number}")
        AgendaGoal.objects.create(agenda=agenda, goal=goal, title=goal.title, order=10 + number)


def _goals_on_adopted(w, n):
    _add_goals(w.adopted, n)


def _secretaries_on_contact_page(w, n):
    for _ in range(n):
        make_user(role="secretariat", show_on_contact_page=True, job_title="Konsulent")


def _endorsements(w, n):
    for _ in range(n):
        organisation = make_organisation()
        endorse(
            agenda=w.adopted, organisation=organisation, by=make_user(organisation=organisation)
        )
        make_organisation()  # and one that has not endorsed yet
    _add_goals(w.adopted, n)


def _versions(w, n):
    for _ in range(n):
        make_agenda(goals=["Mål"], status=Agenda.Status.SUPERSEDED, adopted_on=date(2025, 1, 1))


def _goals_on_both_versions(w, n):
    _add_goals(w.adopted, n)
    _add_goals(w.previous, n)


def _comments(w, n):
    for number in range(n):
        comment = AgendaComment.objects.create(agenda=w.draft, author=make_user(), body="Enig.")
        if number % 3 == 0:
            hide_comment(comment=comment, by=w.secretariat)
    _add_goals(w.draft, n)


def _goals_on_draft(w, n):
    _add_goals(w.draft, n)


def _public_initiatives(w, n):
    for _ in range(n):
        make_initiative(is_public=True)


def _partners(w, n):
    """More partners, and more public performance measures, on the public initiative page."""
    for _ in range(n):
        make_commitment(initiative=w.initiative, organisation=make_organisation())
        make_indicator(initiative=w.initiative, is_public=True)


def _initiatives_with_commitments(w, n):
    for _ in range(n):
        make_commitment(initiative=make_initiative(working_group=w.group))


def _choices(w, n):
    """More of what an initiative's or a commitment's form offers to choose from."""
    for _ in range(n):
        make_organisation()
        make_group()
        Goal.objects.create(title=f"Mål {next(_numbers)}")


def _commitments_with_updates(w, n):
    for _ in range(n):
        commitment = make_commitment(initiative=w.initiative)
        post_update(commitment=commitment, by=w.secretariat, status="at_risk", note="Forsinket.")


def _updates(w, n):
    for _ in range(n):
        post_update(commitment=w.commitment_a, by=w.member_a, status="active", note="Fint.")


def _commitments_anywhere(w, n):
    for _ in range(n):
        commitment = make_commitment()
        post_update(commitment=commitment, by=w.secretariat, status="active", note="Godt.")


def _own_commitments(w, n):
    for number in range(n):
        for organisation in (w.org_a, w.org_b):
            make_commitment(
                organisation=organisation,
                next_update_due=date.today() + timedelta(days=number % 20 - 5),
            )


def _initiatives_wanting_volunteers(w, n):
    for _ in range(n):
        make_initiative(wants_volunteers=True, volunteer_description="Hjælp til.")


def _volunteer_interests(w, n):
    for _ in range(n):
        w.volunteer.interests.add(
            make_initiative(wants_volunteers=True, volunteer_description="Hjælp til.")
        )


def _volunteers(w, n):
    for number in range(n):
        volunteer = Volunteer.objects.create(
            first_name=f"Frivillig {number}",
            last_name="Hansen",
            email=f"tilmeldt{next(_numbers)}@test.dk",
            assigned_initiative=w.initiative,
        )
        volunteer.interests.add(w.initiative, w.initiative_b)


def _volunteer_notes(w, n):
    for _ in range(n):
        VolunteerNote.objects.create(volunteer=w.volunteer, author=make_user(), body="Ringede.")
    _volunteer_interests(w, n)


def _sector_overview(w, n):
    sectors = ["kommune", "erhverv", "civilsamfund", "fond"]
    for _ in range(n):
        number = next(_numbers)
        goal = Goal.objects.create(title=f"Mål {number}")
        lead = make_organisation(sector=sectors[number % 4])
        initiative = make_initiative(lead=lead, goals=[goal])
        make_commitment(initiative=initiative, organisation=lead)
        make_commitment(initiative=initiative, organisation=w.org_b, status="at_risk")


def _organisations_with_people(w, n):
    for _ in range(n):
        make_user(organisation=make_organisation())


def _organisation_a_work(w, n):
    for _ in range(n):
        person = make_user(organisation=w.org_a)
        make_group(members=[person])
        make_initiative(lead=w.org_a)
        make_commitment(organisation=w.org_a)


def _organisations(w, n):
    for _ in range(n):
        make_organisation()


def _groups(w, n):
    for _ in range(n):
        make_group(members=[make_user()])


def _group_members(w, n):
    w.group.members.add(*[make_user() for _ in range(n)])
    for _ in range(n):
        make_user()  # somebody to add


def _people(w, n):
    for number in range(n):
        person = make_user(organisation=w.org_a)
        if number % 2:
            Invitation.issue(user=person, invited_by=w.secretariat)


def _audit_events(w, n):
    for _ in range(n):
        organisation = make_organisation()
        audit.record_created(by=w.secretariat, instance=organisation)
        before = audit.snapshot(organisation, ["name", "active"])
        organisation.active = False
        audit.record_change(by=w.member_a, instance=organisation, before=before)


# --- states a POST changes ----------------------------------------------------------


def _mails(w):
    return len(mail.outbox)


def _fresh(obj, field):
    return getattr(type(obj).objects.get(pk=obj.pk), field)


def _own(field):
    """A field of the signed-in person's own account."""
    return lambda w: w.user and _fresh(w.user, field)


def _draft_count(w):
    return Agenda.objects.filter(status=Agenda.Status.DRAFT).count()


def _signed_in_as(w):
    return w.client.session.get("_auth_user_id")


def _language(w):
    cookie = w.client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie.value if cookie else None


def _consents(w):
    return sorted(w.volunteer.consents.filter(withdrawn_at__isnull=True).values_list("purpose"))


def _reset_link(w):
    uid = urlsafe_base64_encode(force_bytes(w.member_a.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(w.member_a)}


def _open_reset_link(w):
    # Django keeps the link's token in the session and sends the browser on to a
    # neutral address, where the new password is posted.
    w.client.get(reverse("members:password_reset_confirm", kwargs=_reset_link(w)))


def _new_password(w):
    return {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def _draft_form(w, **changes):
    draft = Agenda.objects.draft()
    goals = GoalFormSet(instance=draft, queryset=draft.agenda_goals.all(), prefix="maal")
    return form_data(AgendaForm(instance=draft), goals, **changes)


def _commitment_update(w):
    return {"status": "active", "note": "Vi er godt i gang.", "version": w.commitment_a.version}


def _initiative(w):
    return {"slug": w.initiative.slug}


def _commitment(w):
    return {"pk": w.commitment_a.pk}


def _volunteer(w):
    return {"pk": w.volunteer.pk}


def _link(purpose):
    return lambda w: {"token": w.volunteer_token(purpose)}


# --- the table ------------------------------------------------------------------------

PAGES = {
    # The public front.
    "pages:home": Page(get=Get(everyone(200), queries=6, rows=_goals_on_adopted)),
    "pages:about": Page(get=Get(everyone(200), queries=3)),
    "pages:contact": Page(get=Get(everyone(200), queries=3, rows=_secretaries_on_contact_page)),
    "pages:privacy": Page(get=Get(everyone(200), queries=3)),
    "pages:accessibility": Page(get=Get(everyone(200), queries=3)),
    "pages:healthz": Page(get=Get(everyone(200), queries=1, html=False)),
    "set_language": Page(
        post=Post(
            everyone(302),
            data=lambda w: {"language": "en", "next": "/"},
            state=_language,
        )
    ),
    # The common agenda.
    "agenda:detail": Page(get=Get(signed_in(200), queries=7, rows=_endorsements)),
    "agenda:history": Page(get=Get(signed_in(200), queries=3, rows=_versions)),
    "agenda:version": Page(
        kwargs=lambda w: {"number": w.adopted.number},
        get=Get(signed_in(200), queries=7, rows=_goals_on_both_versions),
    ),
    "agenda:draft": Page(get=Get(signed_in(200), queries=8, rows=_comments)),
    "agenda:draft_start": Page(
        post=Post(
            secretariat_only(302),
            data=lambda w: {},
            state=_draft_count,
            # A draft exists in the world; a new one can only be started once it is adopted.
            given=lambda w: w.adopt_draft(),
        )
    ),
    "agenda:draft_edit": Page(
        get=Get(secretariat_only(200), queries=4, rows=_goals_on_draft),
        post=Post(
            secretariat_only(302),
            data=lambda w: _draft_form(w, vision="En vision, der samler hele alliancen."),
            state=lambda w: _fresh(w.draft, "vision"),
        ),
    ),
    "agenda:comment_add": Page(
        post=Post(
            signed_in(302),
            data=lambda w: {"body": "Godt forslag. Husk de yngste."},
            state=lambda w: AgendaComment.objects.count(),
        )
    ),
    "agenda:comment_hide": Page(
        kwargs=lambda w: {"pk": w.comment.pk},
        post=Post(
            secretariat_only(302),
            data=lambda w: {},
            state=lambda w: _fresh(w.comment, "hidden_at"),
        ),
    ),
    # Endorsing is for members on behalf of their organisation.
    "agenda:endorse": Page(
        post=Post(
            members_only(302),
            data=lambda w: {},
            state=lambda w: w.adopted.endorsements.count(),
        )
    ),
    "agenda:remind": Page(
        post=Post(secretariat_only(302), data=lambda w: {}, state=_mails),
    ),
    # Initiatives and commitments.
    "initiatives:public_list": Page(get=Get(everyone(200), queries=4, rows=_public_initiatives)),
    "initiatives:public_detail": Page(
        kwargs=_initiative, get=Get(everyone(200), queries=6, rows=_partners)
    ),
    "initiatives:initiative_list": Page(
        get=Get(signed_in(200), queries=7, rows=_initiatives_with_commitments)
    ),
    "initiatives:initiative_create": Page(
        get=Get(secretariat_only(200), queries=6, rows=_choices),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(
                InitiativeForm(),
                name="Sommerskole",
                slug="sommerskole",
                summary="Lektier og leg i sommerferien.",
                goals=[w.adopted.goals.first().pk],
                lead_organisation=w.org_a.pk,
            ),
            state=lambda w: Initiative.objects.count(),
        ),
    ),
    "initiatives:initiative_detail": Page(
        kwargs=_initiative, get=Get(signed_in(200), queries=8, rows=_commitments_with_updates)
    ),
    "initiatives:initiative_edit": Page(
        kwargs=_initiative,
        get=Get(secretariat_only(200), queries=8, rows=_choices),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(InitiativeForm(instance=w.initiative), name="Lektiecafé+"),
            state=lambda w: _fresh(w.initiative, "name"),
        ),
    ),
    "initiatives:commitment_create": Page(
        kwargs=_initiative,
        get=Get(signed_in(200), queries=4, rows=_organisations),
        post=Post(
            signed_in(302),
            data=lambda w: form_data(
                CommitmentForm(),
                organisation=w.org_c.pk,
                description="Vi låner lokaler ud om tirsdagen.",
            ),
            state=lambda w: w.initiative.commitments.count(),
        ),
    ),
    "initiatives:commitment_detail": Page(
        kwargs=_commitment, get=Get(signed_in(200), queries=5, rows=_updates)
    ),
    # Organisation A's commitment: B's members may not learn it can be edited.
    "initiatives:commitment_edit": Page(
        kwargs=_commitment,
        get=Get(own_commitment(200), queries=4, rows=_organisations),
        post=Post(
            own_commitment(302),
            data=lambda w: form_data(
                CommitmentForm(instance=w.commitment_a), description="Vi stiller med to trænere."
            ),
            state=lambda w: _fresh(w.commitment_a, "description"),
        ),
    ),
    "initiatives:commitment_update": Page(
        kwargs=_commitment,
        get=Get(own_commitment(200), queries=3),
        post=Post(
            own_commitment(302),
            data=_commitment_update,
            state=lambda w: CommitmentUpdate.objects.filter(commitment=w.commitment_a).count(),
        ),
    ),
    "initiatives:commitment_export": Page(
        get=Get(
            secretariat_only(200),
            queries=4,
            rows=_commitments_anywhere,
            html=False,
            personal=True,
        )
    ),
    # Only people who belong to an organisation have one to look after.
    "initiatives:my_organisation": Page(
        get=Get(members_only(200), queries=7, rows=_own_commitments)
    ),
    "initiatives:cross_sector": Page(get=Get(signed_in(200), queries=6, rows=_sector_overview)),
    "initiatives:network": Page(get=Get(signed_in(200), queries=8, rows=_sector_overview)),
    # Volunteers: the public sign-up and the links in their mails.
    "volunteers:signup": Page(
        get=Get(everyone(200), queries=4, rows=_initiatives_wanting_volunteers),
        post=Post(
            everyone(302),
            data=lambda w: {
                "first_name": "Nina",
                "last_name": "Ny",
                "email": "nina@test.dk",
                "interests": [w.initiative.pk],
                "availability": ["weekends"],
                "consent_contact": "on",
            },
            state=lambda w: Volunteer.objects.count(),
        ),
    ),
    "volunteers:thanks": Page(get=Get(everyone(200), queries=2)),
    "volunteers:confirm": Page(
        kwargs=_link("confirm"),
        get=Get(everyone(200), queries=3, personal=True),
        post=Post(
            everyone(302),
            data=lambda w: {},
            state=lambda w: _fresh(w.volunteer, "email_confirmed_at"),
        ),
    ),
    "volunteers:change": Page(
        kwargs=lambda w: {"token": w.volunteer_change_token()},
        get=Get(everyone(200), queries=6, rows=_volunteer_interests, personal=True),
        post=Post(
            everyone(302),
            data=lambda w: {},
            state=lambda w: _fresh(w.volunteer, "postcode"),
        ),
    ),
    "volunteers:my_data": Page(
        kwargs=_link("data"),
        get=Get(everyone(200), queries=5, rows=_volunteer_interests, personal=True),
        post=Post(
            everyone(302),
            data=lambda w: {"contact": "on", "newsletter": "on"},
            state=_consents,
        ),
    ),
    "volunteers:my_data_json": Page(
        kwargs=_link("data"),
        get=Get(everyone(200), queries=8, rows=_volunteer_interests, html=False, personal=True),
    ),
    "volunteers:stay": Page(
        kwargs=_link("stay"),
        get=Get(everyone(200), queries=3, personal=True),
        post=Post(
            everyone(302),
            data=lambda w: {},
            state=lambda w: _fresh(w.volunteer, "stay_confirmed_at"),
        ),
    ),
    "volunteers:delete": Page(
        kwargs=_link("delete"),
        get=Get(everyone(200), queries=3, personal=True),
        post=Post(
            everyone(200),
            data=lambda w: {},
            state=lambda w: _fresh(w.volunteer, "anonymised_at"),
        ),
    ),
    # The inbox inside the portal. A volunteer working in organisation A's
    # initiative: A's members see the name in the list but not these pages;
    # B's may not learn the volunteer exists.
    "volunteers:list": Page(
        get=Get(signed_in(200), queries=5, rows=_volunteers, personal=True),
    ),
    "volunteers:export": Page(
        get=Get(secretariat_only(200), queries=4, rows=_volunteers, html=False, personal=True),
    ),
    "volunteers:detail": Page(
        kwargs=_volunteer,
        get=Get(own_organisation_only(200), queries=9, rows=_volunteer_notes, personal=True),
        post=Post(
            own_organisation_only(302),
            data=lambda w: form_data(VolunteerForm(instance=w.volunteer), status="contacted"),
            state=lambda w: _fresh(w.volunteer, "status"),
        ),
    ),
    "volunteers:certificate": Page(
        kwargs=_volunteer,
        post=Post(
            own_organisation_only(302),
            data=lambda w: {"checked_on": "2026-01-05"},
            state=lambda w: _fresh(w.volunteer, "child_certificate_checked_on"),
        ),
    ),
    "volunteers:note": Page(
        kwargs=_volunteer,
        post=Post(
            own_organisation_only(302),
            data=lambda w: {"body": "Har ringet og aftalt et møde."},
            state=lambda w: w.volunteer.notes.count(),
        ),
    ),
    "volunteers:anonymise": Page(
        kwargs=_volunteer,
        post=Post(
            own_organisation_only(302),
            data=lambda w: {},
            state=lambda w: _fresh(w.volunteer, "anonymised_at"),
        ),
    ),
    "volunteers:resend": Page(
        kwargs=_volunteer,
        post=Post(own_organisation_only(302), data=lambda w: {}, state=_mails),
    ),
    # Accounts.
    "members:login": Page(
        get=Get(everyone(200), queries=2),
        post=Post(
            everyone(302),
            data=lambda w: {"username": w.member_a.email, "password": PASSWORD},
            state=lambda w: _fresh(w.member_a, "last_login"),
        ),
    ),
    "members:logout": Page(
        post=Post(
            everyone(302),
            data=lambda w: {},
            state=_signed_in_as,
            changes=SIGNED_IN,  # nobody to log out for an anonymous visitor
        )
    ),
    "members:password_change": Page(
        get=Get(signed_in(200), queries=2),
        post=Post(
            signed_in(302),
            data=lambda w: {"old_password": PASSWORD, **_new_password(w)},
            state=_own("password"),
        ),
    ),
    "members:password_change_done": Page(get=Get(signed_in(200), queries=2)),
    "members:password_reset": Page(
        get=Get(everyone(200), queries=2),
        post=Post(
            everyone(302),
            data=lambda w: {"email": w.member_a.email},
            state=_mails,
        ),
    ),
    "members:password_reset_done": Page(get=Get(everyone(200), queries=2)),
    # An unknown link shows why it does not work; a real one sets the password.
    "members:password_reset_confirm": Page(
        kwargs=lambda w: {"uidb64": "MQ", "token": "ugyldig-noegle"},
        get=Get(everyone(200), queries=3),
        post=Post(
            everyone(302),
            kwargs=lambda w: {**_reset_link(w), "token": "set-password"},
            given=_open_reset_link,
            data=_new_password,
            state=lambda w: _fresh(w.member_a, "password"),
        ),
    ),
    "members:password_reset_complete": Page(get=Get(everyone(200), queries=2)),
    "members:invitation_accept": Page(
        kwargs=lambda w: {"token": w.invitation_token},
        get=Get(everyone(200), queries=3),
        post=Post(
            everyone(302),
            data=_new_password,
            state=lambda w: User.objects.get(pk=w.invited.pk).has_usable_password(),
        ),
    ),
    "members:profile": Page(
        get=Get(signed_in(200), queries=4),
        post=Post(
            signed_in(302),
            data=lambda w: (
                form_data(ProfileForm(instance=w.user), job_title="Projektleder") if w.user else {}
            ),
            state=_own("job_title"),
        ),
    ),
    # Organisations and groups.
    "members:organisation_list": Page(
        get=Get(signed_in(200), queries=4, rows=_organisations_with_people)
    ),
    "members:organisation_create": Page(
        get=Get(secretariat_only(200), queries=2),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(OrganisationForm(), name="Foreningen Fælles", sector="fond"),
            state=lambda w: Organisation.objects.count(),
        ),
    ),
    "members:organisation_detail": Page(
        kwargs=lambda w: {"pk": w.org_a.pk},
        get=Get(signed_in(200), queries=8, rows=_organisation_a_work),
    ),
    "members:organisation_edit": Page(
        kwargs=lambda w: {"pk": w.org_a.pk},
        get=Get(own_organisation_only(200), queries=3),
        post=Post(
            own_organisation_only(302),
            data=lambda w: form_data(OrganisationForm(instance=w.org_a), name="Organisation A/S"),
            state=lambda w: _fresh(w.org_a, "name"),
        ),
    ),
    "members:organisation_set_active": Page(
        kwargs=lambda w: {"pk": w.org_a.pk},
        post=Post(
            own_organisation_only(302),
            data=lambda w: {"active": "false"},
            state=lambda w: _fresh(w.org_a, "active"),
        ),
    ),
    "members:group_list": Page(get=Get(signed_in(200), queries=4, rows=_groups)),
    "members:group_create": Page(
        get=Get(secretariat_only(200), queries=2),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(
                WorkingGroupForm(), name="Arbejdsgruppe om idræt", kind="working_group"
            ),
            state=lambda w: WorkingGroup.objects.count(),
        ),
    ),
    "members:group_detail": Page(
        kwargs=lambda w: {"pk": w.group.pk},
        get=Get(signed_in(200), queries=6, rows=_group_members),
    ),
    "members:group_edit": Page(
        kwargs=lambda w: {"pk": w.group.pk},
        get=Get(secretariat_only(200), queries=3),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(WorkingGroupForm(instance=w.group), name="Lektiegruppen"),
            state=lambda w: _fresh(w.group, "name"),
        ),
    ),
    "members:group_member_add": Page(
        kwargs=lambda w: {"pk": w.group.pk},
        post=Post(
            secretariat_only(302),
            data=lambda w: {"user": w.member_c.pk},
            state=lambda w: w.group.members.count(),
        ),
    ),
    "members:group_member_remove": Page(
        kwargs=lambda w: {"pk": w.group.pk, "user_pk": w.member_a.pk},
        post=Post(
            secretariat_only(302),
            data=lambda w: {},
            state=lambda w: w.group.members.count(),
        ),
    ),
    # People (the secretariat's pages).
    "members:user_list": Page(
        get=Get(secretariat_only(200), queries=5, rows=_people, personal=True)
    ),
    "members:user_invite": Page(
        get=Get(secretariat_only(200), queries=3, rows=_organisations),
        post=Post(
            secretariat_only(302),
            data=lambda w: {
                "full_name": "Ida Inviteret",
                "email": "ida@test.dk",
                "role": "member",
                "organisation": w.org_b.pk,
            },
            state=lambda w: User.objects.count(),
        ),
    ),
    "members:user_edit": Page(
        kwargs=lambda w: {"pk": w.member_a.pk},
        get=Get(secretariat_only(200), queries=5, rows=_organisations, personal=True),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(UserEditForm(instance=w.member_a), job_title="Formand"),
            state=lambda w: _fresh(w.member_a, "job_title"),
        ),
    ),
    "members:user_set_active": Page(
        kwargs=lambda w: {"pk": w.member_a.pk},
        post=Post(
            secretariat_only(302),
            data=lambda w: {"active": "false"},
            state=lambda w: _fresh(w.member_a, "is_active"),
        ),
    ),
    "members:user_reinvite": Page(
        kwargs=lambda w: {"pk": w.invited.pk},
        post=Post(
            secretariat_only(302),
            data=lambda w: {},
            state=lambda w: list(w.invited.invitations.values_list("pk", flat=True)),
        ),
    ),
    # The audit trail, for the secretariat.
    "audit_log": Page(
        get=Get(secretariat_only(200), queries=6, rows=_audit_events, personal=True),
    ),
}


# Shared measurement's and communication's entries live beside their tests, one module per
# part; they use the world and the helpers above, so they are read in last.
from tests.agenda import pages_adopt  # noqa: E402
from tests.communication import (  # noqa: E402
    pages_home,
    pages_meetings,
    pages_messages,
    pages_notifications,
)
from tests.initiatives import pages_network  # noqa: E402
from tests.measurement import (  # noqa: E402
    pages_curves,
    pages_indicators,
    pages_public,
    pages_reporting,
)
from tests.secretariat import (  # noqa: E402
    pages_coherence,
    pages_survey,
    pages_tasks,
    pages_today,
)
from tests.volunteers import pages_depth, pages_write  # noqa: E402

PAGES |= pages_indicators.PAGES | pages_curves.PAGES | pages_reporting.PAGES | pages_public.PAGES
PAGES |= pages_messages.PAGES | pages_meetings.PAGES | pages_home.PAGES | pages_notifications.PAGES
PAGES |= pages_adopt.PAGES | pages_network.PAGES | pages_depth.PAGES | pages_write.PAGES
PAGES |= pages_today.PAGES | pages_tasks.PAGES | pages_coherence.PAGES
PAGES |= pages_survey.PAGES


def _communication(w):
    """A group only member A is in, messages of each audience, meetings and a calendar."""
    pages_messages.extend_world(w)
    pages_meetings.extend_world(w)


def _secretariat(w):
    """Tasks, snapshots and survey rounds for the secretariat's pages."""
    pages_today.extend_world(w)
    pages_tasks.extend_world(w)
    pages_coherence.extend_world(w)
    pages_survey.extend_world(w)
