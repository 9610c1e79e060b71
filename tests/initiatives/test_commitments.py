from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from initiatives.models import Commitment, CommitmentUpdate
from tests.factories import make_commitment, make_initiative

TODAY = timezone.localdate


def _commitment_data(**overrides):
    return {"description": "Vi stiller to trænere.", "staff_hours_per_month": "8"} | overrides


def test_member_proposes_a_commitment_for_their_own_organisation_only(
    client_for, member_a, organisation_b
):
    initiative = make_initiative()
    response = client_for(member_a).post(
        reverse("initiatives:commitment_create", args=[initiative.slug]),
        # A forged organisation and status in the form are ignored.
        _commitment_data(organisation=organisation_b.pk, status="active"),
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.organisation == member_a.organisation
    assert commitment.status == Commitment.Status.PROPOSED
    assert commitment.created_by == member_a
    assert commitment.next_update_due == TODAY() + timedelta(days=91)


def test_secretariat_creates_a_commitment_for_any_organisation(
    client_for, secretariat, organisation_b
):
    initiative = make_initiative()
    client_for(secretariat).post(
        reverse("initiatives:commitment_create", args=[initiative.slug]),
        _commitment_data(
            organisation=organisation_b.pk, status="active", next_update_due="2026-12-31"
        ),
    )
    commitment = Commitment.objects.get()
    assert (commitment.organisation, commitment.status) == (organisation_b, "active")


def test_negative_hours_are_refused_next_to_the_field(client_for, member_a):
    initiative = make_initiative()
    response = client_for(member_a).post(
        reverse("initiatives:commitment_create", args=[initiative.slug]),
        _commitment_data(staff_hours_per_month="-3"),
    )
    assert response.status_code == 200
    assert 'href="#id_staff_hours_per_month"' in response.text
    assert "Vi stiller to trænere." in response.text
    assert not Commitment.objects.exists()


def test_member_cannot_edit_or_update_another_organisations_commitment(
    client_for, member_a, organisation_b
):
    theirs = make_commitment(organisation=organisation_b)
    client = client_for(member_a)
    for name in ["initiatives:commitment_edit", "initiatives:commitment_update"]:
        response = client.post(
            reverse(name, args=[theirs.pk]),
            _commitment_data(status="withdrawn", note="Hacket", version=theirs.version),
        )
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "active"
    assert not CommitmentUpdate.objects.exists()


def test_member_cannot_move_their_commitment_to_another_organisation(
    client_for, member_a, organisation_b
):
    ours = make_commitment(organisation=member_a.organisation)
    client_for(member_a).post(
        reverse("initiatives:commitment_edit", args=[ours.pk]),
        _commitment_data(organisation=organisation_b.pk, version=ours.version),
    )
    ours.refresh_from_db()
    assert ours.organisation == member_a.organisation


def test_member_posts_an_update_which_moves_the_next_due_date(client_for, member_a):
    ours = make_commitment(
        organisation=member_a.organisation, next_update_due=TODAY() - timedelta(days=5)
    )
    response = client_for(member_a).post(
        reverse("initiatives:commitment_update", args=[ours.pk]),
        {
            "status": "at_risk",
            "note": "Vi mangler en træner efter sommerferien.",
            "version": ours.version,
        },
    )
    assert response["Location"] == reverse("initiatives:commitment_detail", args=[ours.pk])
    ours.refresh_from_db()
    assert ours.status == "at_risk"
    assert ours.next_update_due == TODAY() + timedelta(days=91)
    assert ours.version == 2
    update = CommitmentUpdate.objects.get()
    assert (update.author, update.status) == (member_a, "at_risk")
    history = client_for(member_a).get(response["Location"]).text
    assert "Vi mangler en træner efter sommerferien." in history


def test_an_update_needs_a_note(client_for, member_a):
    ours = make_commitment(organisation=member_a.organisation)
    response = client_for(member_a).post(
        reverse("initiatives:commitment_update", args=[ours.pk]),
        {"status": "active", "note": "", "version": ours.version},
    )
    assert response.status_code == 200
    assert not CommitmentUpdate.objects.exists()


def test_member_cannot_accept_their_own_proposal(client_for, member_a):
    proposal = make_commitment(organisation=member_a.organisation, status="proposed")
    response = client_for(member_a).post(
        reverse("initiatives:commitment_update", args=[proposal.pk]),
        {"status": "active", "note": "Vi går i gang.", "version": proposal.version},
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_two_edits_of_one_commitment_conflict_and_keep_the_later_input(
    client_for, member_a, secretariat
):
    from django.test import Client

    ours = make_commitment(organisation=member_a.organisation)
    loaded = ours.version
    other = Client()
    other.force_login(secretariat)
    other.post(
        reverse("initiatives:commitment_edit", args=[ours.pk]),
        _commitment_data(
            organisation=ours.organisation_id,
            status="active",
            next_update_due="2026-12-31",
            description="Sekretariatets tekst.",
            version=loaded,
        ),
    )
    response = client_for(member_a).post(
        reverse("initiatives:commitment_edit", args=[ours.pk]),
        _commitment_data(description="Min egen tekst.", version=loaded),
    )
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.text
    assert "Sekretariatets tekst." in response.text
    assert "Min egen tekst.</textarea>" in response.text


def test_an_update_makes_an_open_edit_form_conflict(client_for, member_a):
    from initiatives.services import post_update

    ours = make_commitment(organisation=member_a.organisation)
    loaded = ours.version
    post_update(commitment=ours, by=member_a, status="at_risk", note="Svært.")
    response = client_for(member_a).post(
        reverse("initiatives:commitment_edit", args=[ours.pk]),
        _commitment_data(description="Ny tekst.", version=loaded),
    )
    assert "En anden har gemt ændringer" in response.text


def test_my_organisation_lists_overdue_and_due_commitments(client_for, member_a, organisation_b):
    overdue = make_commitment(
        organisation=member_a.organisation,
        initiative=make_initiative(name="Forsinket indsats"),
        next_update_due=TODAY() - timedelta(days=1),
    )
    make_commitment(
        organisation=member_a.organisation,
        initiative=make_initiative(name="Snart indsats"),
        next_update_due=TODAY() + timedelta(days=3),
    )
    make_commitment(
        organisation=member_a.organisation,
        initiative=make_initiative(name="Afsluttet indsats"),
        status="completed",
        next_update_due=TODAY() - timedelta(days=30),
    )
    make_commitment(organisation=organisation_b, initiative=make_initiative(name="Andres indsats"))
    client = client_for(member_a)
    response = client.get(reverse("initiatives:my_organisation"))
    assert [c.initiative.name for c in response.context["overdue"]] == ["Forsinket indsats"]
    assert [c.initiative.name for c in response.context["due_soon"]] == ["Snart indsats"]
    assert "Andres indsats" not in response.text
    update_url = reverse("initiatives:commitment_update", args=[overdue.pk])
    assert f"{update_url}?fra=min-organisation" in response.text

    response = client.post(
        update_url,
        {
            "status": "active",
            "note": "Alt kører.",
            "fra": "min-organisation",
            "version": overdue.version,
        },
    )
    assert response["Location"] == reverse("initiatives:my_organisation")
    after = client.get(reverse("initiatives:my_organisation"))
    assert list(after.context["overdue"]) == []


def test_an_organisation_without_commitments_is_not_thanked_for_updating_them(client_for, member_a):
    response = client_for(member_a).get(reverse("initiatives:my_organisation"))
    assert "Alle jeres tilsagn er opdateret" not in response.text
    assert "organisationen har ingen tilsagn endnu" in response.text
    assert reverse("initiatives:initiative_list") in response.text
