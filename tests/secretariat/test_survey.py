"""The self-assessment: statements, rounds, answering once and anonymously, and the results."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliance.models import AuditEvent, Notification
from alliance.transitions import changes
from demo.survey import seed_survey
from members.models import User
from secretariat.forms.survey import QuestionForm
from secretariat.models import (
    Condition,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyRound,
)
from secretariat.report import survey_results
from secretariat.services.survey import (
    ROUND_TRANSITIONS,
    add_default_questions,
    answer_round,
    close_round,
    open_round,
    update_question,
)
from tests.factories import make_organisation, make_user


@pytest.fixture
def survey_round(secretariat, member_a, member_b):
    return open_round(title="Selvevaluering efterår", by=secretariat)


@pytest.fixture(autouse=True)
def statements(db):
    add_default_questions()


def everything(survey_round, value):
    """{question pk: value} for every statement of the round."""
    return dict.fromkeys(survey_round.questions.values_list("pk", flat=True), value)


def _answer_page(survey_round):
    return reverse("secretariat:answer", args=[survey_round.pk])


def _all(survey_round, value="4"):
    return {f"udsagn-{pk}": value for pk in survey_round.questions.values_list("pk", flat=True)}


# --- rounds ------------------------------------------------------------------------


def test_the_default_statements_cover_every_condition(db):
    counts = {c: SurveyQuestion.objects.filter(condition=c).count() for c in Condition.values}
    assert all(2 <= count <= 3 for count in counts.values()), counts


def test_only_one_round_is_open_at_a_time(survey_round, secretariat):
    with pytest.raises(ValidationError, match="allerede en åben runde"):
        open_round(title="Endnu en", by=secretariat)
    close_round(survey_round=survey_round, by=secretariat)
    assert open_round(title="Endnu en", by=secretariat).status == SurveyRound.Status.OPEN


def test_a_closed_round_cannot_be_opened_again(survey_round, secretariat):
    close_round(survey_round=survey_round, by=secretariat)
    with pytest.raises(ValidationError):
        close_round(survey_round=survey_round, by=secretariat)
    assert changes(ROUND_TRANSITIONS) == [("open", "closed", {"secretariat"})]


def test_members_cannot_open_or_close_rounds(survey_round, member_a):
    with pytest.raises(PermissionDenied):
        open_round(title="Min egen", by=member_a)
    with pytest.raises(PermissionDenied):
        close_round(survey_round=survey_round, by=member_a)


def test_a_rounds_statements_are_fixed_when_it_opens(survey_round, secretariat):
    before = set(survey_round.questions.values_list("pk", flat=True))
    SurveyQuestion.objects.create(condition=Condition.AGENDA, text="Nyt udsagn")
    SurveyQuestion.objects.filter(pk=min(before)).update(is_active=False)
    assert set(survey_round.questions.values_list("pk", flat=True)) == before


def test_opening_tells_everybody_with_an_organisation(survey_round, member_a, member_b):
    told = Notification.objects.filter(kind=Notification.Kind.SURVEY_OPENED)
    assert set(told.values_list("recipient", flat=True)) == {member_a.pk, member_b.pk}
    assert {n.url for n in told} == {_answer_page(survey_round)}


def test_the_secretariat_is_refused_a_second_open_round_with_a_message(
    client, survey_round, secretariat
):
    client.force_login(secretariat)
    page = client.get(reverse("secretariat:round_open"))
    assert "stadig åben" in page.content.decode()
    response = client.post(reverse("secretariat:round_open"), {"title": "Endnu en"})
    assert response.status_code == 200
    assert "allerede en åben runde" in response.content.decode()
    assert SurveyRound.objects.count() == 1


def test_the_secretariat_opens_and_closes_a_round_through_the_pages(client, secretariat, member_a):
    client.force_login(secretariat)
    response = client.post(
        reverse("secretariat:round_open"), {"title": "Forår", "closes_on": "2099-03-31"}
    )
    survey_round = SurveyRound.objects.get()
    assert response["Location"] == reverse("secretariat:round_detail", args=[survey_round.pk])
    assert survey_round.questions.count() == SurveyQuestion.objects.filter(is_active=True).count()
    client.post(reverse("secretariat:round_close", args=[survey_round.pk]))
    survey_round.refresh_from_db()
    assert survey_round.status == SurveyRound.Status.CLOSED
    assert survey_round.closed_at is not None


def test_a_deadline_in_the_past_is_refused(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("secretariat:round_open"), {"title": "Forår", "closes_on": "2001-01-01"}
    )
    assert "Svarfristen kan ikke ligge før i dag." in response.content.decode()
    assert not SurveyRound.objects.exists()


# --- answering -----------------------------------------------------------------------


def test_a_member_answers_through_the_page_once(client, survey_round, member_a):
    client.force_login(member_a)
    response = client.post(_answer_page(survey_round), _all(survey_round, "4"))
    assert response.status_code == 302
    assert SurveyParticipation.objects.get().user == member_a
    answers = SurveyAnswer.objects.filter(round=survey_round)
    assert answers.count() == survey_round.questions.count()
    assert set(answers.values_list("organisation", "value")) == {(member_a.organisation_id, 4)}

    again = client.post(_answer_page(survey_round), _all(survey_round, "1"), follow=True)
    assert "Du har allerede svaret på denne runde" in again.content.decode()
    assert SurveyParticipation.objects.count() == 1
    assert answers.count() == survey_round.questions.count()
    assert not answers.filter(value=1).exists()


def test_answering_twice_is_refused_by_the_service(survey_round, member_a):
    answer_round(survey_round=survey_round, user=member_a, answers=everything(survey_round, 3))
    with pytest.raises(ValidationError, match="allerede svaret"):
        answer_round(survey_round=survey_round, user=member_a, answers=everything(survey_round, 3))


def test_dont_know_is_stored_as_no_answer(client, survey_round, member_a):
    first, *rest = survey_round.questions.values_list("pk", flat=True)
    data = _all(survey_round, "5") | {f"udsagn-{first}": "0"}
    client.force_login(member_a)
    client.post(_answer_page(survey_round), data)
    stored = SurveyAnswer.objects.filter(round=survey_round)
    assert not stored.filter(question=first).exists()
    assert stored.count() == len(rest)


def test_a_missing_answer_shows_a_danish_message_by_the_statement(client, survey_round, member_a):
    first = survey_round.questions.order_by("position", "pk").first()
    data = _all(survey_round)
    del data[f"udsagn-{first.pk}"]
    client.force_login(member_a)
    response = client.post(_answer_page(survey_round), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_udsagn-{first.pk}-fejl"' in html
    assert "Vælg, hvor enig du er – eller „Ved ikke“." in html
    assert not SurveyParticipation.objects.exists()


@pytest.mark.parametrize("value", ["6", "-1", "tre"])
def test_only_the_scale_is_accepted_from_the_page(client, survey_round, member_a, value):
    first = survey_round.questions.first()
    client.force_login(member_a)
    response = client.post(
        _answer_page(survey_round), _all(survey_round) | {f"udsagn-{first.pk}": value}
    )
    assert "Vælg et svar fra 1 til 5 eller „Ved ikke“." in response.content.decode()
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize("value", [0, 6, "3", 2.5])
def test_only_the_scale_is_accepted_by_the_service(survey_round, member_a, value):
    first = survey_round.questions.first()
    with pytest.raises(ValidationError):
        answer_round(survey_round=survey_round, user=member_a, answers={first.pk: value})
    assert not SurveyParticipation.objects.exists()


def test_a_statement_outside_the_round_is_refused(survey_round, member_a):
    other = SurveyQuestion.objects.create(condition=Condition.AGENDA, text="Kom senere")
    with pytest.raises(ValidationError):
        answer_round(survey_round=survey_round, user=member_a, answers={other.pk: 3})


def test_a_closed_round_refuses_answers(client, survey_round, secretariat, member_a):
    close_round(survey_round=survey_round, by=secretariat)
    with pytest.raises(ValidationError, match="lukket"):
        answer_round(survey_round=survey_round, user=member_a, answers={})
    client.force_login(member_a)
    page = client.get(_answer_page(survey_round))
    assert "Runden er lukket" in page.content.decode()
    client.post(_answer_page(survey_round), _all(survey_round))
    assert not SurveyParticipation.objects.exists()


def test_the_secretariat_without_an_organisation_is_told_why_it_cannot_answer(
    client, survey_round, secretariat
):
    client.force_login(secretariat)
    response = client.get(_answer_page(survey_round))
    assert response.status_code == 403
    assert "ikke knyttet til en organisation" in response.content.decode()
    with pytest.raises(PermissionDenied):
        answer_round(survey_round=survey_round, user=secretariat, answers={})


def test_a_secretary_with_an_organisation_may_answer(client, survey_round):
    person = make_user(role="secretariat", organisation=make_organisation())
    client.force_login(person)
    assert client.get(_answer_page(survey_round)).status_code == 200


# --- anonymity -------------------------------------------------------------------------


def test_an_answer_has_no_link_to_the_person(survey_round, member_a):
    people = {
        field.name
        for field in SurveyAnswer._meta.get_fields()
        if field.is_relation and field.related_model is User
    }
    assert people == set()
    answer_round(survey_round=survey_round, user=member_a, answers=everything(survey_round, 2))
    answers = ContentType.objects.get_for_model(SurveyAnswer)
    assert not AuditEvent.objects.filter(content_type=answers).exists()
    # The participation's trail says that the person answered, never what.
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(SurveyParticipation)
    )
    assert set(event.changes) == {"round", "organisation"}


def _answered_by(survey_round, people, value):
    for person in people:
        answer_round(
            survey_round=survey_round, user=person, answers=everything(survey_round, value)
        )


def test_results_are_hidden_below_three_people(
    client, survey_round, secretariat, member_a, member_b
):
    _answered_by(survey_round, [member_a, member_b], 5)
    client.force_login(secretariat)
    html = client.get(reverse("secretariat:round_detail", args=[survey_round.pk])).content.decode()
    assert html.count("for få svar") == len(Condition.values)
    assert "5,0" not in html


def test_results_show_per_condition_and_never_per_person(
    client, survey_round, secretariat, member_a, member_b
):
    _answered_by(survey_round, [member_a, member_b], 5)
    _answered_by(survey_round, [make_user(organisation=member_b.organisation)], 2)
    close_round(survey_round=survey_round, by=secretariat)
    client.force_login(secretariat)
    html = client.get(reverse("secretariat:round_detail", args=[survey_round.pk])).content.decode()
    assert "for få svar" not in html
    assert "4,0" in html  # (5 + 5 + 2) / 3
    for person in (member_a, member_b):
        assert person.full_name not in html
        assert person.email not in html

    listing = client.get(reverse("secretariat:round_list")).content.decode()
    assert "<svg" in listing and "Selvevalueringen over tid" in listing
    assert "4,0" in listing


def test_a_condition_answered_by_too_few_is_hidden_even_when_enough_took_part(
    client, survey_round, secretariat, member_a, member_b
):
    agenda = set(
        survey_round.questions.filter(condition=Condition.AGENDA).values_list("pk", flat=True)
    )
    third = make_user(organisation=member_a.organisation)
    for person in (member_a, member_b, third):
        answers = everything(survey_round, 3)
        if person != member_a:
            answers |= dict.fromkeys(agenda, None)  # "ved ikke" to the whole agenda
        answer_round(survey_round=survey_round, user=person, answers=answers)
    client.force_login(secretariat)
    html = client.get(reverse("secretariat:round_detail", args=[survey_round.pk])).content.decode()
    assert html.count("for få svar") == 1


# --- statements -------------------------------------------------------------------------


def _edit(client, question, **changes):
    question.refresh_from_db()
    data = {
        "condition": question.condition,
        "text": question.text,
        "position": question.position,
        "is_active": "on" if question.is_active else None,
        "version": question.version,
    } | changes
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(reverse("secretariat:question_edit", args=[question.pk]), data)


def test_an_unanswered_statement_can_be_reworded(client, secretariat):
    question = SurveyQuestion.objects.first()
    client.force_login(secretariat)
    assert _edit(client, question, text="Nye ord").status_code == 302
    question.refresh_from_db()
    assert question.text == "Nye ord"


def test_an_answered_statement_keeps_its_text_but_can_be_retired(
    client, survey_round, secretariat, member_a
):
    _answered_by(survey_round, [member_a], 4)
    question = survey_round.questions.first()
    text = question.text
    client.force_login(secretariat)
    page = client.get(reverse("secretariat:question_edit", args=[question.pk])).content.decode()
    assert "tag det ud af brug og tilføj et nyt" in page
    _edit(client, question, text="Andre ord")
    question.refresh_from_db()
    assert question.text == text

    response = _edit(client, question, is_active=None)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == text and not question.is_active
    assert survey_round.questions.filter(pk=question.pk).exists()


def test_the_service_refuses_rewording_an_answered_statement(survey_round, secretariat, member_a):
    _answered_by(survey_round, [member_a], 4)
    question = survey_round.questions.first()
    form = QuestionForm(
        {
            "condition": question.condition,
            "text": "Andre ord",
            "position": question.position,
            "is_active": "on",
            "version": question.version,
        },
        instance=question,
    )
    assert form.is_valid()
    with pytest.raises(ValidationError, match="tilføj et nyt"):
        update_question(form=form, by=secretariat)


def test_a_concurrent_edit_of_a_statement_is_refused(client, secretariat):
    question = SurveyQuestion.objects.first()
    stale = question.version
    client.force_login(secretariat)
    _edit(client, question, text="Første udgave")
    response = _edit(client, question, text="Anden udgave", version=stale)
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.content.decode()
    question.refresh_from_db()
    assert question.text == "Første udgave"


def test_the_secretariat_adds_a_statement_used_in_the_next_round(client, secretariat):
    client.force_login(secretariat)
    client.post(
        reverse("secretariat:question_create"),
        {
            "condition": "backbone",
            "text": "Sekretariatet svarer hurtigt.",
            "position": 1,
            "is_active": "on",
        },
    )
    question = SurveyQuestion.objects.get(text="Sekretariatet svarer hurtigt.")
    survey_round = open_round(title="Næste", by=secretariat)
    assert survey_round.questions.filter(pk=question.pk).exists()
    assert (
        "Sekretariatet svarer hurtigt."
        in client.get(reverse("secretariat:question_list")).content.decode()
    )


# --- the demo -----------------------------------------------------------------------------


def test_the_demo_holds_two_closed_rounds_with_results_that_differ(secretariat):
    users = {f"m{n}@demo.dk": make_user(email=f"m{n}@demo.dk") for n in range(6)}
    users["s@demo.dk"] = secretariat
    seed_survey(users=users, by=secretariat)
    seed_survey(users=users, by=secretariat)  # a second run adds nothing
    rounds = list(SurveyRound.objects.order_by("opened_at"))
    assert [r.status for r in rounds] == [SurveyRound.Status.CLOSED] * 2
    assert (rounds[1].opened_at - rounds[0].opened_at).days >= 170
    spring, autumn = survey_results(rounds)
    assert spring.people == autumn.people == 6
    assert all(result.mean is not None for result in spring.conditions + autumn.conditions)
    assert [c.mean for c in spring.conditions] != [c.mean for c in autumn.conditions]
    assert len({c.mean for c in spring.conditions}) > 2
    assert not SurveyParticipation.objects.filter(user=secretariat).exists()


# --- the member's home points at an open round ------------------------------------------


def test_the_members_home_invites_to_an_open_round_until_answered(client, survey_round, member_a):
    answer_url = reverse("secretariat:answer", args=[survey_round.pk])
    client.force_login(member_a)
    assert answer_url in client.get(reverse("communication:home")).text

    answer_round(survey_round=survey_round, user=member_a, answers=everything(survey_round, 4))
    assert answer_url not in client.get(reverse("communication:home")).text


def test_the_home_says_nothing_when_no_round_is_open(client, member_a, secretariat):
    client.force_login(member_a)
    assert "selvevaluering" not in client.get(reverse("communication:home")).text.lower()
