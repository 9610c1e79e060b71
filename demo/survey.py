"""
The demo alliance's self-assessment: two rounds half a year apart, both closed.

Up to eight demo members from different organisations answer each round
through the survey service, as the answer page would. The answers differ
from person to person and move between the rounds as an alliance's would:
shared measurement starts low and improves once the indicators are agreed,
the secretariat is rated high, communication slips a little as the alliance
grows. A few answer "ved ikke" where they do not know enough.
"""

from datetime import timedelta

from django.utils import timezone

from alliance.notifications import silenced
from members.models import User
from secretariat.models import Condition, SurveyRound
from secretariat.services.survey import add_default_questions, answer_round, close_round, open_round

# (title, days ago it opened, days it stayed open, the mean each condition tends to)
ROUNDS = [
    (
        "Selvevaluering forår",
        230,
        21,
        {
            Condition.AGENDA: 3.6,
            Condition.MEASUREMENT: 2.5,
            Condition.ACTIVITIES: 3.1,
            Condition.COMMUNICATION: 3.7,
            Condition.BACKBONE: 4.1,
        },
    ),
    (
        "Selvevaluering efterår",
        48,
        21,
        {
            Condition.AGENDA: 3.9,
            Condition.MEASUREMENT: 3.3,
            Condition.ACTIVITIES: 3.4,
            Condition.COMMUNICATION: 3.4,
            Condition.BACKBONE: 4.3,
        },
    ),
]
# How each person leans, so that people differ: added to every answer they give.
LEANINGS = [0.4, -0.6, 0.1, 0.9, -0.3, -0.9, 0.6, 0.0]
PEOPLE = len(LEANINGS)


def _respondents(users):
    """Active members with an organisation, at most one per organisation, in a fixed order."""
    people, organisations = [], set()
    for email in sorted(users):
        person = users[email]
        if (
            person.is_active
            and person.role == User.Role.MEMBER
            and person.organisation_id is not None
            and person.organisation_id not in organisations
        ):
            people.append(person)
            organisations.add(person.organisation_id)
    return people[:PEOPLE]


def _value(mean, leaning, number):
    """A whole answer near the person's leaning on the condition's mean, held to 1–5."""
    wobble = (-0.4, 0.3, 0.0, 0.5, -0.2)[number % 5]
    return max(1, min(5, round(mean + leaning + wobble)))


def seed_survey(*, users, by):
    """Hold the demo's two rounds, unless the alliance has held a round already.

    `users` are the seeded accounts by e-mail; `by` is the secretariat account
    that opens and closes the rounds.
    """
    if SurveyRound.objects.exists():
        return
    # The migration gives a new alliance its statements; an emptied database has none.
    add_default_questions()
    people = _respondents(users)
    now = timezone.now()
    with silenced():
        for title, days_ago, days_open, means in ROUNDS:
            opened = now - timedelta(days=days_ago)
            survey_round = open_round(title=title, by=by, now=opened)
            questions = list(survey_round.questions.order_by("position", "pk"))
            for index, person in enumerate(people):
                answers = {}
                for number, question in enumerate(questions):
                    # Those newest to the alliance do not know the measurement well yet.
                    if question.condition == Condition.MEASUREMENT and index == len(people) - 1:
                        answers[question.pk] = None
                    else:
                        answers[question.pk] = _value(
                            means[question.condition], LEANINGS[index], number + index
                        )
                answer_round(
                    survey_round=survey_round,
                    user=person,
                    answers=answers,
                    today=timezone.localdate(opened + timedelta(days=1 + index % days_open)),
                )
            close_round(survey_round=survey_round, by=by, now=opened + timedelta(days=days_open))
