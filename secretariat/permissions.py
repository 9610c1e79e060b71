"""
Who may use the secretariat's pages: the secretariat, apart from answering the
self-assessment, which is for the members of the alliance's organisations.
Views, services and templates use the same rules.
"""

from members.permissions import is_secretariat


def can_use_secretariat(user):
    return is_secretariat(user)


def can_answer_survey(user, survey_round):
    """A member of an organisation answers an open round once."""
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id is not None
        and survey_round.status == survey_round.Status.OPEN
        and not survey_round.participations.filter(user=user).exists()
    )
