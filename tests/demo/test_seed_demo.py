"""The demo alliance that `manage.py seed_demo` loads."""

import io
import os

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agenda.models import Agenda
from alliance import audit
from alliance.models import AuditEvent
from demo.management.commands.seed_demo import INITIATIVES, VOLUNTEERS
from initiatives.models import Commitment, CommitmentUpdate, Initiative
from members.models import Organisation, Sector, User, WorkingGroup
from tests.conftest import shared_test_data
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

DEMO_EMAILS = ["sekretariat@demo.dk", "medlem@demo.dk", "medlem2@demo.dk"]


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _seed_with_the_default_password():
    password = os.environ.pop("DEMO_PASSWORD", None)
    try:
        return seed()
    finally:
        if password is not None:
            os.environ["DEMO_PASSWORD"] = password


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """The demo alliance loaded once, for the tests of a class that only look at it."""
    with shared_test_data(django_db_blocker, _seed_with_the_default_password) as output:
        yield output


def counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        WorkingGroup.objects.count(),
        WorkingGroup.members.through.objects.count(),
    )


def test_running_twice_creates_no_duplicates():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_the_second_run_changes_nothing_and_says_the_same(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = seed()
    events = AuditEvent.objects.count()
    rows = (
        Initiative.objects.count(),
        Commitment.objects.count(),
        CommitmentUpdate.objects.count(),
        Volunteer.objects.count(),
        Agenda.objects.count(),
    )
    assert seed() == output
    assert AuditEvent.objects.count() == events
    assert rows == (
        Initiative.objects.count(),
        Commitment.objects.count(),
        CommitmentUpdate.objects.count(),
        Volunteer.objects.count(),
        Agenda.objects.count(),
    )


def test_a_demo_member_taken_out_of_a_group_is_put_back():
    seed()
    group = WorkingGroup.objects.get(name="Trivsel og mental sundhed")
    group.members.remove(User.objects.get(email="karen.juul@regionh.demo.dk"))
    seed()
    assert group.members.filter(email="karen.juul@regionh.demo.dk").exists()


def test_nothing_is_mailed_or_queued(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()
    assert callbacks == []
    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()


def test_a_demo_password_nobody_could_choose_is_refused_and_nothing_is_loaded(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo")
    with pytest.raises(CommandError):
        seed()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_running_again_keeps_edits_and_changed_passwords(client):
    seed()
    user = User.objects.get(email="medlem@demo.dk")
    user.set_password("mit-eget-kodeord")
    user.job_title = "Formand"
    user.save()

    seed()

    user.refresh_from_db()
    assert user.job_title == "Formand"
    assert client.login(username="medlem@demo.dk", password="mit-eget-kodeord")


def test_demo_password_comes_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "andet-kodeord-42")
    output = seed()
    assert client.login(username="medlem@demo.dk", password="andet-kodeord-42")
    assert not client.login(username="medlem@demo.dk", password="demo-portal-2026")
    assert "andet-kodeord-42" in output


def test_output_lists_the_demo_logins_and_url(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = seed()
    for email in DEMO_EMAILS:
        assert email in output
    assert "demo-portal-2026" in output
    assert "http://127.0.0.1:8000/" in output


class TestTheDemoAlliance:
    """What the demo alliance holds, loaded once for all these tests."""

    def test_every_sector_is_present(self, seeded):
        sectors = set(Organisation.objects.values_list("sector", flat=True))
        assert sectors == set(Sector.values)

    def test_the_municipality_and_at_least_twelve_more_organisations(self, seeded):
        assert Organisation.objects.filter(name="Helsingør Kommune", sector="kommune").exists()
        assert Organisation.objects.count() >= 13

    def test_organisations_have_valid_cvr_phones_and_spread_join_dates(self, seeded):
        for organisation in Organisation.objects.all():
            organisation.full_clean()
            assert organisation.phone == "" or organisation.phone.startswith("+45")
        years = {d.year for d in Organisation.objects.values_list("joined_on", flat=True)}
        assert years == {2024, 2025, 2026}

    def test_one_alliance_group_and_three_working_groups_with_members(self, seeded):
        assert WorkingGroup.objects.filter(kind=WorkingGroup.Kind.ALLIANCE_GROUP).count() == 1
        working_groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP)
        assert working_groups.count() >= 3
        for group in WorkingGroup.objects.all():
            assert group.purpose
            assert group.members.exists()

    @pytest.mark.parametrize(
        ("email", "full_name", "job_title", "phone"),
        [
            ("hah08@helsingor.dk", "Hanne Hørlyck", "Projektleder", "+4541868194"),
            (
                "elisabeth.wessberg@demo.dk",
                "Elisabeth Retz Wessberg",
                "Udviklingskonsulent",
                "+4525312280",
            ),
            ("sfo12@helsingor.dk", "Susanne Foldberg", "Kommunikationskonsulent", "+4525312137"),
        ],
    )
    def test_the_secretariat_from_the_seed_text(self, seeded, email, full_name, job_title, phone):
        person = User.objects.get(email=email)
        assert person.full_name == full_name
        assert person.job_title == job_title
        assert person.phone == phone
        assert person.role == User.Role.SECRETARIAT
        assert person.organisation.name == "Helsingør Kommune"
        assert person.show_on_contact_page

    def test_the_contact_page_shows_exactly_the_secretariat(self, seeded):
        names = list(User.objects.on_contact_page().values_list("full_name", flat=True))
        # In the order they joined: the project lead first, as in the seed text.
        assert names == ["Hanne Hørlyck", "Elisabeth Retz Wessberg", "Susanne Foldberg"]

    def test_demo_members_belong_to_different_organisations_and_share_a_group(self, seeded):
        medlem = User.objects.get(email="medlem@demo.dk")
        medlem2 = User.objects.get(email="medlem2@demo.dk")
        assert medlem.role == medlem2.role == User.Role.MEMBER
        assert medlem.organisation != medlem2.organisation
        shared = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP, members=medlem)
        assert shared.filter(members=medlem2).exists()

    def test_the_demo_secretariat_login(self, seeded):
        user = User.objects.get(email="sekretariat@demo.dk")
        assert user.role == User.Role.SECRETARIAT
        assert user.is_secretariat

    def test_members_from_several_organisations_fill_the_directory(self, seeded):
        members = User.objects.filter(role=User.Role.MEMBER)
        assert members.count() >= 5
        assert members.values("organisation").distinct().count() >= 5

    def test_no_superuser_or_staff_is_created(self, seeded):
        assert not User.objects.filter(is_superuser=True).exists()
        assert not User.objects.filter(is_staff=True).exists()

    @pytest.mark.parametrize("email", DEMO_EMAILS)
    def test_the_default_demo_password_works(self, seeded, client, email):
        assert client.login(username=email, password="demo-portal-2026")

    def test_demo_has_initiatives_and_an_overdue_commitment_for_the_demo_member(self, seeded):
        assert Initiative.objects.count() >= 4
        assert Initiative.objects.wanting_volunteers().exists()
        member = User.objects.get(email="medlem@demo.dk")
        assert Commitment.objects.of_organisation(member.organisation).overdue().exists()
        sectors = set(
            Commitment.objects.active().values_list("organisation__sector", flat=True).distinct()
        )
        assert len(sectors) >= 4

    def test_the_adopted_agenda_has_the_three_goals(self, seeded):
        agenda = Agenda.objects.get()
        assert agenda.status == Agenda.Status.ADOPTED
        assert agenda.adopted_by.email == "sekretariat@demo.dk"
        assert list(agenda.agenda_goals.order_by("order").values_list("title", flat=True)) == [
            "Flere unge i fritidsfællesskaber",
            "Bedre trivsel blandt børn og unge",
            "Flere unge i uddannelse eller job",
        ]

    def test_commitments_have_their_listed_statuses_and_due_dates(self, seeded):
        today = timezone.localdate()
        listed = {
            (slug, organisation): (status, due_in)
            for _name, slug, *_rest, pledges in INITIATIVES
            for organisation, _what, _hours, status, due_in in pledges
        }
        stored = {
            (c.initiative.slug, c.organisation.name): (c.status, (c.next_update_due - today).days)
            for c in Commitment.objects.select_related("initiative", "organisation")
        }
        assert stored == listed

    def test_the_commitment_at_risk_got_there_by_a_progress_update(self, seeded):
        commitment = Commitment.objects.get(status=Commitment.Status.AT_RISK)
        update = commitment.updates.get()
        assert update.status == Commitment.Status.AT_RISK
        assert update.author.email == "sekretariat@demo.dk"
        assert update.note

    def test_volunteers_are_at_their_listed_steps(self, seeded):
        listed = {email: (status, slug or None) for _f, _l, email, status, slug, *_ in VOLUNTEERS}
        stored = {
            v.email: (v.status, v.assigned_initiative.slug if v.assigned_initiative else None)
            for v in Volunteer.objects.select_related("assigned_initiative")
        }
        assert stored == listed
        for volunteer in Volunteer.objects.all():
            assert (volunteer.email_confirmed_at is None) == (volunteer.status == "new")
            assert list(volunteer.consents.values_list("purpose", flat=True)) == ["contact"]

    def test_the_demo_secretariat_entered_the_demo_and_the_trail_shows_it(self, seeded):
        demo = User.objects.get(email="sekretariat@demo.dk")
        # The account that does the work was made by the portal itself.
        [made] = audit.history(demo).filter(action=AuditEvent.Action.CREATED)
        assert made.actor is None
        entered = [
            *Organisation.objects.all(),
            *User.objects.exclude(pk=demo.pk),
            *WorkingGroup.objects.all(),
            *Initiative.objects.all(),
            *Commitment.objects.all(),
            *Volunteer.objects.all(),
        ]
        for instance in entered:
            created = audit.history(instance).filter(action=AuditEvent.Action.CREATED)
            assert created.filter(actor=demo).exists(), instance
        active = Volunteer.objects.get(status=Volunteer.Status.ACTIVE)
        moves = audit.history(active).filter(action=AuditEvent.Action.STATUS, actor=demo)
        assert [event.changes["status"] for event in reversed(moves)] == [
            ["new", "contacted"],
            ["contacted", "active"],
        ]
