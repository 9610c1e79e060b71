"""Who may do what with initiatives and commitments."""

from initiatives.models import Commitment
from members.models import User
from members.permissions import is_secretariat


def can_edit_initiative(user):
    return is_secretariat(user)


def commitments_in_reach(user):
    """Commitments a user may edit or update; anything else answers 404."""
    if is_secretariat(user):
        return Commitment.objects.all()
    if user.is_authenticated and user.organisation_id:
        return Commitment.objects.filter(organisation_id=user.organisation_id)
    return Commitment.objects.none()


def can_edit_commitment(user, commitment):
    """The secretariat edits any; a member edits their own organisation's."""
    if is_secretariat(user):
        return True
    return (
        user.is_authenticated
        and user.role == User.Role.MEMBER
        and user.organisation_id is not None
        and commitment.organisation_id == user.organisation_id
    )


def can_propose_commitment(user):
    return is_secretariat(user) or (
        user.is_authenticated and user.role == User.Role.MEMBER and user.organisation_id is not None
    )
