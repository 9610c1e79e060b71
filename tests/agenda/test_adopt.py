"""Adopting a draft is a deliberate step: confirmed with the decision's date and place."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agenda.models import Agenda, Endorsement
from agenda.services import adopt_agenda, endorse, start_draft
from alliance import audit
from tests.factories import make_agenda


@pytest.fixture
def adopted(secretariat):
    return make_agenda(goals=["Flere unge i job", "Bedre trivsel"], adopt=True, by=secretariat)


@pytest.fixture
def draft(secretariat, adopted):
    draft = start_draft(by=secretariat)
    draft.vision = "Alle unge har et job og et **fællesskab**."
    draft.save()
    return draft


def _decision(**changes):
    return {
        "decided_on": timezone.localdate().isoformat(),
        "decided_where": "Styregruppemøde 27. november",
        "decided_link": "",
    } | changes


def test_the_confirmation_page_shows_the_changes_and_warns_that_endorsements_start_over(
    client_for, secretariat, member_a, adopted, draft
):
    endorse(agenda=adopted, organisation=member_a.organisation, by=member_a)
    page = client_for(secretariat).get(reverse("agenda:draft_adopt"))
    assert page.status_code == 200
    assert "<h1>Vedtag version 2</h1>" in page.text
    assert "Ændringer siden version 1" in page.text
    assert "<strong>fællesskab</strong>" in page.text  # Markdown rendered, not raw
    assert "1 organisation har tilsluttet sig version 1" in page.text
    assert "«ikke tilsluttet endnu»" in page.text
    assert f'value="{timezone.localdate().isoformat()}"' in page.text
    assert Agenda.objects.draft() == draft


def test_confirming_adopts_and_records_the_date_and_place(client_for, secretariat, adopted, draft):
    yesterday = timezone.localdate() - timedelta(days=1)
    Agenda.objects.filter(pk=adopted.pk).update(adopted_on=yesterday - timedelta(days=30))
    response = client_for(secretariat).post(
        reverse("agenda:draft_adopt"),
        _decision(decided_on=yesterday.isoformat(), decided_link="https://example.org/referat"),
        follow=True,
    )
    assert "Version 2 er vedtaget og gælder nu." in response.text
    draft.refresh_from_db()
    assert draft.status == Agenda.Status.ADOPTED
    assert draft.adopted_on == yesterday
    assert draft.decided_where == "Styregruppemøde 27. november"
    assert draft.decided_link == "https://example.org/referat"
    assert "besluttet ved Styregruppemøde 27. november" in response.text
    event = audit.history(draft).get(action=audit.Action.STATUS)
    assert event.changes["decided_where"] == ["", "Styregruppemøde 27. november"]


def test_a_bare_post_no_longer_adopts_and_leads_to_the_confirmation(client_for, secretariat, draft):
    response = client_for(secretariat).post(reverse("agenda:draft_adopt"), follow=True)
    assert response.redirect_chain == [(reverse("agenda:draft_adopt"), 302)]
    assert "Udkastet er ikke vedtaget. Bekræft vedtagelsen" in response.text
    draft.refresh_from_db()
    assert draft.is_draft


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"decided_on": ""}, "Besluttet den: Dette felt er påkrævet."),
        (
            {"decided_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "Datoen må ikke ligge i fremtiden.",
        ),
        ({"decided_where": ""}, "Besluttet på/ved: Dette felt er påkrævet."),
        ({"decided_link": "ikke et link"}, "Indtast en gyldig URL."),
    ],
)
def test_bad_confirmation_data_is_shown_with_the_input_kept(
    client_for, secretariat, draft, changes, error
):
    data = _decision(**({"decided_where": "Generalforsamling"} | changes))
    response = client_for(secretariat).post(reverse("agenda:draft_adopt"), data)
    assert response.status_code == 200
    assert error in response.text
    if data["decided_where"]:
        assert 'value="Generalforsamling"' in response.text
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_decision_cannot_predate_the_version_it_replaces(secretariat, adopted, draft):
    with pytest.raises(ValidationError, match="før version 1 blev vedtaget"):
        adopt_agenda(draft=draft, by=secretariat, decided_on=adopted.adopted_on - timedelta(days=1))


def test_a_draft_that_cannot_be_adopted_says_why_before_anyone_confirms(client_for, secretariat):
    make_agenda(goals=[], vision="")
    page = client_for(secretariat).get(reverse("agenda:draft_adopt"))
    assert "Udkastet kan ikke vedtages endnu" in page.text
    assert "Skriv en vision" in page.text and "Tilføj mindst én målsætning" in page.text
    assert "Besluttet den" not in page.text


def test_members_cannot_open_the_confirmation(client_for, member_a, draft):
    assert client_for(member_a).get(reverse("agenda:draft_adopt")).status_code == 403


def test_existing_callers_adopt_today_without_a_place(secretariat, draft):
    adopt_agenda(draft=draft, by=secretariat)
    draft.refresh_from_db()
    assert draft.adopted_on == timezone.localdate()
    assert draft.decided_where == ""


def test_after_adoption_a_member_sees_the_new_version_as_not_endorsed_yet(
    client_for, secretariat, member_a, adopted, draft
):
    endorse(agenda=adopted, organisation=member_a.organisation, by=member_a)
    adopt_agenda(draft=draft, by=secretariat, decided_where="Generalforsamling")
    page = client_for(member_a).get(reverse("agenda:detail"))
    assert "Organisation A: ikke tilsluttet endnu." in page.text
    assert "Ingen organisationer har tilsluttet sig denne version endnu." in page.text
    assert Endorsement.objects.filter(agenda=draft).count() == 0


def test_the_adoption_mail_names_where_it_was_decided(
    member_a, secretariat, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        adopt_agenda(draft=draft, by=secretariat, decided_where="Generalforsamling 2026")
    assert all("besluttet ved Generalforsamling 2026." in m.body for m in mail.outbox)


def test_the_adoption_date_reads_in_danish(client_for, member_a, secretariat):
    agenda = make_agenda(adopt=True, by=secretariat)
    Agenda.objects.filter(pk=agenda.pk).update(
        adopted_on="2026-11-27", decided_where="Styregruppemøde"
    )
    detail = client_for(member_a).get(reverse("agenda:detail"))
    assert "Version 1, vedtaget 27. nov. 2026 besluttet ved Styregruppemøde." in detail.text
    version = client_for(member_a).get(reverse("agenda:version", args=[1]))
    assert "vedtaget 27. nov. 2026 besluttet ved Styregruppemøde" in version.text
