"""The self-assessment: the secretariat's rounds and statements, and the members' answer page.

Everything here is the secretariat's, except the answer page, which is for
people with an organisation. The results are shown per condition only, and
only where enough people answered (secretariat.report.MIN_PEOPLE).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.versioning import save_form
from members.permissions import secretariat_required
from secretariat.forms.survey import AnswerForm, QuestionForm, RoundForm
from secretariat.models import (
    Condition,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyRound,
)
from secretariat.report import MIN_PEOPLE, survey_results, trend_chart
from secretariat.services import survey as services

_R = SurveyRound.Status


def _open_round():
    return SurveyRound.objects.filter(status=_R.OPEN).first()


# --- rounds ------------------------------------------------------------------------------


@secretariat_required
def round_list(request):
    """Every round, newest first, and the results per condition over the rounds."""
    rounds = list(SurveyRound.objects.order_by("opened_at", "pk"))
    results = survey_results(rounds)
    return render(
        request,
        "secretariat/round_list.html",
        {
            "results": results,
            "newest_first": list(reversed(results)),
            "chart": trend_chart(results) if results else None,
            "conditions": Condition.choices,
            "open_round": next((r for r in rounds if r.status == _R.OPEN), None),
            "min_people": MIN_PEOPLE,
        },
    )


@secretariat_required
def round_open(request):
    """Open a round with the statements in use; refused while another round is open."""
    open_round = _open_round()
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_round = services.open_round(
                title=form.cleaned_data["title"],
                closes_on=form.cleaned_data["closes_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Runden %(title)s er åben, og medlemmerne har fået besked.")
                % {"title": survey_round.title},
            )
            return redirect("secretariat:round_detail", pk=survey_round.pk)
    questions = SurveyQuestion.objects.filter(is_active=True)
    return render(
        request,
        "secretariat/round_open.html",
        {
            "form": form,
            "open_round": open_round,
            "question_count": questions.count(),
        },
    )


@secretariat_required
def round_detail(request, pk):
    survey_round = get_object_or_404(SurveyRound.objects.select_related("opened_by"), pk=pk)
    (result,) = survey_results([survey_round])
    questions = list(survey_round.questions.order_by("position", "pk"))
    by_condition = [
        (label, [q for q in questions if q.condition == value], result.of(value))
        for value, label in Condition.choices
    ]
    return render(
        request,
        "secretariat/round_detail.html",
        {
            "round": survey_round,
            "result": result,
            "by_condition": by_condition,
            "min_people": MIN_PEOPLE,
            "can_close": survey_round.status == _R.OPEN,
        },
    )


@require_POST
@secretariat_required
def round_close(request, pk):
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    try:
        services.close_round(survey_round=survey_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Runden %(title)s er lukket. Resultaterne står fast.")
            % {"title": survey_round.title},
        )
    return redirect("secretariat:round_detail", pk=survey_round.pk)


# --- statements --------------------------------------------------------------------------


@secretariat_required
def question_list(request):
    """The statements per condition, with how many rounds used them and answers they have."""
    questions = list(SurveyQuestion.objects.order_by("position", "pk"))
    # Counted apart: one query joining both would count every round once per answer.
    rounds = dict(
        SurveyRound.questions.through.objects.values_list("surveyquestion")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answers = dict(SurveyAnswer.objects.values_list("question").annotate(n=Count("pk")).order_by())
    for question in questions:
        question.round_count = rounds.get(question.pk, 0)
        question.answer_count = answers.get(question.pk, 0)
    groups = [
        (label, [q for q in questions if q.condition == value])
        for value, label in Condition.choices
    ]
    return render(request, "secretariat/question_list.html", {"groups": groups})


@secretariat_required
def question_create(request):
    form = QuestionForm(request.POST or None, initial={"condition": request.GET.get("condition")})
    if request.method == "POST" and save_form(
        form, lambda: services.create_question(form=form, by=request.user)
    ):
        messages.success(request, _("Udsagnet er tilføjet. Det kommer med i de næste runder."))
        return redirect("secretariat:question_list")
    return render(request, "secretariat/question_form.html", {"form": form})


@secretariat_required
def question_edit(request, pk):
    question = get_object_or_404(SurveyQuestion, pk=pk)
    answered = services.is_answered(question)
    form = QuestionForm(request.POST or None, instance=question)
    if answered:
        form.fields["text"].disabled = True
        form.fields["condition"].disabled = True
    if request.method == "POST" and save_form(
        form, lambda: services.update_question(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("secretariat:question_list")
    return render(
        request,
        "secretariat/question_form.html",
        {"form": form, "question": question, "answered": answered},
    )


# --- the members' answer page -------------------------------------------------------------


@login_required
def answer(request, pk):
    """A member answers an open round once; a closed round, or a second time, says so."""
    user = request.user
    if not services.can_answer(user):
        raise PermissionDenied(
            _(
                "Selvevalueringen besvares af folk, der hører til en af alliancens "
                "organisationer, og svarene tælles med for organisationen. Du er ikke "
                "knyttet til en organisation, så du kan ikke svare. Resultaterne kan "
                "sekretariatet se under Selvevaluering."
            )
        )
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    context = {"round": survey_round}
    if survey_round.status != _R.OPEN:
        return render(request, "secretariat/answer.html", context | {"state": "closed"})
    participation = SurveyParticipation.objects.filter(round=survey_round, user=user).first()
    if participation is not None:
        if request.method == "POST":
            messages.info(request, _("Du har allerede svaret på denne runde. Tak for det."))
        return render(
            request,
            "secretariat/answer.html",
            context | {"state": "done", "participation": participation},
        )

    questions = survey_round.questions.order_by("position", "pk")
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_round(survey_round=survey_round, user=user, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tak! Dine svar er gemt."))
            return redirect("secretariat:answer", pk=survey_round.pk)
    return render(request, "secretariat/answer.html", context | {"state": "open", "form": form})
