"""What a page may show of the secretariat's work outside its own pages."""

from django.utils.functional import SimpleLazyObject

from secretariat.models import SurveyRound


def _round_to_answer(user):
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return None
    return (
        SurveyRound.objects.filter(status=SurveyRound.Status.OPEN)
        .exclude(participations__user=user)
        .first()
    )


def survey(request):
    """The open self-assessment round the person has not answered yet, or None.

    Looked up only on a page that shows it (the member's home), so other pages
    pay nothing for it.
    """
    user = getattr(request, "user", None)
    return {"survey_to_answer": SimpleLazyObject(lambda: user and _round_to_answer(user))}
