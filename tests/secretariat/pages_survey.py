"""Page-table entries for the self-assessment and the yearly report; tests/pagelist.py takes
them in.

Everything is the secretariat's but the answer page, which is for people with an
organisation: members answer, the secretariat and the superuser (no organisation) get 403.
"""

from datetime import timedelta

from django.utils import timezone

from alliance.notifications import silenced
from secretariat.forms.survey import QuestionForm
from secretariat.models import (
    BackboneFunction,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyRound,
)
from secretariat.services.survey import add_default_questions, answer_round, close_round, open_round
from secretariat.services.tasks import create_task
from tests.factories import make_user, make_volunteer
from tests.pagelist import Get, Page, Post, form_data, members_only, secretariat_only


def extend_world(w):
    """A closed round half a year old that three people of two organisations answered, and
    an open round nobody has answered yet."""
    add_default_questions()
    with silenced():
        w.survey_closed = open_round(
            title="Selvevaluering forår",
            by=w.secretariat,
            now=timezone.now() - timedelta(days=180),
        )
        people = [w.member_c, make_user(organisation=w.org_c), make_user(organisation=w.org_b)]
        for number, person in enumerate(people):
            answer_round(
                survey_round=w.survey_closed,
                user=person,
                answers=everything(w.survey_closed, 3 + number % 2),
            )
        close_round(survey_round=w.survey_closed, by=w.secretariat)
        w.survey_round = open_round(title="Selvevaluering efterår", by=w.secretariat)
    w.survey_question = w.survey_closed.questions.order_by("pk").first()


def everything(survey_round, value):
    """{question pk: value} for every statement of the round."""
    return dict.fromkeys(survey_round.questions.values_list("pk", flat=True), value)


def answer_directly(survey_round, person, value):
    """A person's answers written straight to the tables, for rounds that are closed."""
    SurveyParticipation.objects.create(
        round=survey_round, user=person, organisation=person.organisation
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(round=survey_round, question=q, organisation=person.organisation, value=value)
        for q in survey_round.questions.all()
    )


# --- rows ---------------------------------------------------------------------------


def _rounds(w, n):
    """n more closed rounds, each answered by one more person."""
    questions = list(SurveyQuestion.objects.filter(is_active=True))
    for number in range(n):
        survey_round = SurveyRound.objects.create(
            title=f"Runde {number}",
            status=SurveyRound.Status.CLOSED,
            opened_at=timezone.now() - timedelta(days=200 + number),
            closed_at=timezone.now() - timedelta(days=190 + number),
        )
        survey_round.questions.set(questions)
        answer_directly(survey_round, make_user(), 1 + number % 5)


def _participants(w, n):
    """n more people who answered the closed round."""
    for number in range(n):
        answer_directly(w.survey_closed, make_user(), 1 + number % 5)


def _questions(w, n):
    for number in range(n):
        SurveyQuestion.objects.create(
            condition=SurveyQuestion._meta.get_field("condition").choices[number % 5][0],
            text=f"Udsagn {number}",
        )


def _year(w, n):
    """n more of what the yearly report counts: tasks, rounds and volunteers."""
    _rounds(w, n)
    for number in range(n):
        create_task(
            by=w.secretariat,
            fields={
                "title": f"Årsopgave {number}",
                "function": BackboneFunction.values[number % 6],
            },
        )
        make_volunteer()


# --- states a POST changes ----------------------------------------------------------


def _rounds_count(w):
    return SurveyRound.objects.count()


def _status(w):
    return SurveyRound.objects.get(pk=w.survey_round.pk).status


def _questions_count(w):
    return SurveyQuestion.objects.count()


def _position(w):
    return SurveyQuestion.objects.get(pk=w.survey_question.pk).position


def _participations(w):
    return SurveyParticipation.objects.filter(round=w.survey_round).count()


def _close_open_round(w):
    with silenced():
        close_round(survey_round=w.survey_round, by=w.secretariat)


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


# --- the table ------------------------------------------------------------------------

PAGES = {
    "secretariat:round_list": Page(
        get=Get(secretariat_only(200), queries=6, rows=_rounds),
    ),
    "secretariat:round_open": Page(
        get=Get(secretariat_only(200), queries=4),
        post=Post(
            secretariat_only(302),
            given=_close_open_round,
            data=lambda w: {"title": "Selvevaluering vinter", "closes_on": ""},
            state=_rounds_count,
        ),
    ),
    "secretariat:round_detail": Page(
        kwargs=_pk("survey_closed"),
        get=Get(secretariat_only(200), queries=7, rows=_participants),
    ),
    "secretariat:round_close": Page(
        kwargs=_pk("survey_round"),
        post=Post(secretariat_only(302), data=lambda w: {}, state=_status),
    ),
    "secretariat:question_list": Page(
        get=Get(secretariat_only(200), queries=5, rows=_questions),
    ),
    "secretariat:question_create": Page(
        get=Get(secretariat_only(200), queries=2),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(
                QuestionForm(), condition="agenda", text="Vi taler det samme sprog.", position=5
            ),
            state=_questions_count,
        ),
    ),
    "secretariat:question_edit": Page(
        kwargs=_pk("survey_question"),
        get=Get(secretariat_only(200), queries=4),
        post=Post(
            secretariat_only(302),
            data=lambda w: form_data(
                QuestionForm(instance=SurveyQuestion.objects.get(pk=w.survey_question.pk)),
                position=99,
            ),
            state=_position,
        ),
    ),
    "secretariat:answer": Page(
        kwargs=_pk("survey_round"),
        get=Get(members_only(200), queries=5),
        post=Post(
            members_only(302),
            data=lambda w: {
                f"udsagn-{pk}": "4" for pk in w.survey_round.questions.values_list("pk", flat=True)
            },
            state=_participations,
        ),
    ),
    "secretariat:report": Page(
        get=Get(secretariat_only(200), queries=11, rows=_year),
    ),
}
