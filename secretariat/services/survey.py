"""
The only code that changes the self-assessment: its statements, its rounds and the answers.

The secretariat writes the statements and opens and closes the rounds; the
members answer. A round's statements are fixed when it opens, and only one
round is open at a time. An answer is stored twice apart: that a person
answered (SurveyParticipation, so nobody answers twice) and what was answered
(SurveyAnswer rows, tied to the organisation and never to the person). The
audit trail records the participation but never the answers, as an event
names its actor and would tie the answers to the person.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import audit
from alliance.notifications import Kind, notify
from alliance.transitions import SECRETARIAT, check_transition
from members.models import User
from secretariat.models import SurveyAnswer, SurveyParticipation, SurveyQuestion, SurveyRound
from secretariat.permissions import can_use_secretariat

_R = SurveyRound.Status

# The one table of a round's status changes: from -> to -> who. A closed round stays closed,
# so that its results never change after they have been read.
ROUND_TRANSITIONS = {
    _R.OPEN: {_R.CLOSED: {SECRETARIAT}},
}

# The scale: 1 (helt uenig) to 5 (helt enig). "Ved ikke" is no answer at all.
SCALE = range(1, 6)

# The statements a new alliance starts with, two or three per condition; the
# secretariat edits, retires and adds to them in the portal. Kept in Danish, the
# language members answer in, as the secretariat's own statements are.
DEFAULT_QUESTIONS = [
    ("agenda", "Vi har en fælles forståelse af problemet og målene."),
    ("agenda", "Min organisation kender den fælles dagsorden og bakker op om den."),
    ("agenda", "Den fælles dagsorden bliver brugt, når vi træffer beslutninger."),
    ("measurement", "Vi er enige om, hvordan vi måler, om det går fremad."),
    ("measurement", "Min organisation indberetter sine tal til tiden."),
    ("measurement", "Vi bruger resultaterne til at justere vores indsatser."),
    ("activities", "Vores indsatser støtter hinanden i stedet for at overlappe."),
    ("activities", "Min organisation ved, hvad de andre organisationer bidrager med."),
    ("activities", "Vi holder det, vi har givet tilsagn om."),
    ("communication", "Jeg får den information, jeg har brug for, i tide."),
    ("communication", "Der er tillid og åbenhed mellem organisationerne i alliancen."),
    ("communication", "Uenigheder bliver taget op og drøftet åbent."),
    ("backbone", "Sekretariatet hjælper alliancen med at holde retningen."),
    ("backbone", "Sekretariatet er let at komme i kontakt med og følger op på aftaler."),
]


def add_default_questions(question_model=SurveyQuestion):
    """The default statements, unless the alliance has statements already.

    The data migration calls it with its historical model; the demo with the real one.
    """
    if question_model.objects.exists():
        return
    question_model.objects.bulk_create(
        question_model(condition=condition, text=text, position=(index + 1) * 10)
        for index, (condition, text) in enumerate(DEFAULT_QUESTIONS)
    )


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def round_role(user):
    return SECRETARIAT if can_use_secretariat(user) else None


def is_answered(question) -> bool:
    """Whether any round holds answers to the statement: then its text may not change."""
    return SurveyAnswer.objects.filter(question=question).exists()


# --- statements ------------------------------------------------------------------------


@transaction.atomic
def create_question(*, form, by) -> SurveyQuestion:
    """A new statement from the secretariat's form; it is used in the rounds opened after."""
    _require(can_use_secretariat(by))
    return audit.save_form(form, by=by)


@transaction.atomic
def update_question(*, form, by) -> SurveyQuestion:
    """The secretariat's edit of a statement; a concurrent edit raises EditConflict.

    The text of a statement somebody has answered stays as it was answered:
    changing it would change what the old answers mean. Such a statement is
    retired (is_active off) and a new one added instead. Its condition is
    fixed for the same reason; its order and whether it is used may change.
    """
    _require(can_use_secretariat(by))
    stored = SurveyQuestion.objects.select_for_update().get(pk=form.instance.pk)
    changed = stored.text != form.instance.text or stored.condition != form.instance.condition
    if changed and is_answered(stored):
        raise ValidationError(
            _(
                "Udsagnet er allerede besvaret, så teksten og forudsætningen kan ikke ændres: "
                "de gamle svar ville så betyde noget andet. Tag udsagnet ud af brug, og "
                "tilføj et nyt med den nye tekst."
            ),
            code="answered",
        )
    return audit.save_form(form, by=by)


# --- rounds ----------------------------------------------------------------------------


def _members_to_tell():
    """Who may answer: active people with an organisation."""
    return User.objects.filter(is_active=True, organisation__isnull=False).order_by("pk")


@transaction.atomic
def open_round(*, title, by, closes_on=None, now=None) -> SurveyRound:
    """Open a round with the statements in use; the members are told and may answer.

    Refused while another round is open. The active statements are locked
    first, so that two secretaries opening a round at the same moment wait for
    each other and the second sees the first's round. `now` backdates the
    round (the demo's history).
    """
    _require(can_use_secretariat(by))
    now = now or timezone.now()
    questions = list(SurveyQuestion.objects.select_for_update().filter(is_active=True))
    if SurveyRound.objects.filter(status=_R.OPEN).exists():
        raise ValidationError(
            _("Der er allerede en åben runde. Luk den, før du åbner en ny."), code="open"
        )
    if not questions:
        raise ValidationError(
            _("Der er ingen udsagn i brug. Tilføj udsagn, før du åbner en runde."),
            code="empty",
        )
    if closes_on is not None and closes_on < timezone.localdate(now):
        raise ValidationError(_("Svarfristen kan ikke ligge før i dag."), code="closes_on")
    survey_round = SurveyRound.objects.create(
        title=title, closes_on=closes_on, opened_at=now, opened_by=by, status=_R.OPEN
    )
    survey_round.questions.set(questions)
    audit.record_created(by=by, instance=survey_round, names=["title", "closes_on", "status"])
    notify(
        kind=Kind.SURVEY_OPENED,
        recipients=_members_to_tell(),
        template="secretariat/email/survey_opened",
        context={"round": survey_round},
        url=reverse("secretariat:answer", args=[survey_round.pk]),
        by=by,
    )
    return survey_round


@transaction.atomic
def close_round(*, survey_round, by, now=None) -> SurveyRound:
    """Close a round as ROUND_TRANSITIONS allows: no more answers, the results are final."""
    _require(can_use_secretariat(by))
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    check_transition(
        ROUND_TRANSITIONS,
        current=survey_round.status,
        new=_R.CLOSED,
        role=round_role(by),
        statuses=_R,
    )
    before = audit.snapshot(survey_round, ["status", "closed_at"])
    survey_round.status = _R.CLOSED
    survey_round.closed_at = now or timezone.now()
    survey_round.save(update_fields=["status", "closed_at"])
    audit.record_change(by=by, instance=survey_round, before=before)
    return survey_round


# --- answers ---------------------------------------------------------------------------


def can_answer(user) -> bool:
    """Whether the person may answer rounds at all: an active person with an organisation."""
    return user.is_authenticated and user.is_active and user.organisation_id is not None


@transaction.atomic
def answer_round(*, survey_round, user, answers, today=None) -> SurveyParticipation:
    """Store a person's answers to an open round, once.

    `answers` is {question pk: 1–5, or None for "ved ikke"} for the round's
    statements; a statement left out counts as "ved ikke". The answers are
    stored for the person's organisation, and only the participation names
    the person.
    """
    _require(can_answer(user))
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.status != _R.OPEN:
        raise ValidationError(_("Runden er lukket, så der kan ikke svares mere."), code="closed")
    if SurveyParticipation.objects.filter(round=survey_round, user=user).exists():
        raise ValidationError(_("Du har allerede svaret på denne runde."), code="answered")
    in_round = set(survey_round.questions.values_list("pk", flat=True))
    unknown = set(answers) - in_round
    if unknown:
        raise ValidationError(_("Svaret gælder udsagn, der ikke er med i runden."), code="unknown")
    for value in answers.values():
        if value is not None and (not isinstance(value, int) or value not in SCALE):
            raise ValidationError(_("Et svar skal være fra 1 til 5."), code="scale")

    participation = SurveyParticipation.objects.create(
        round=survey_round,
        user=user,
        organisation_id=user.organisation_id,
        answered_on=today or timezone.localdate(),
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            round=survey_round,
            question_id=question,
            organisation_id=user.organisation_id,
            value=value,
        )
        for question, value in sorted(answers.items())
        if value is not None
    )
    audit.record_created(by=user, instance=participation, names=["round", "organisation"])
    return participation
