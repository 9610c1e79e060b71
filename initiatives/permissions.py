"""Who may do what with initiatives and commitments."""

from alliance.transitions import MEMBER, SECRETARIAT
from initiatives.models import Commitment
from members.models import User
from members.permissions import is_secretariat


def can_edit_initiative(user):
    return user is not None and is_secretariat(user)


def initiative_role(user):
    """The role a person acts in on the initiatives' status table; the secretariat runs them."""
    return SECRETARIAT if can_edit_initiative(user) else None


def commitments_in_reach(user):
    """Commitments a user may edit or update; anything else answers 404."""
    if is_secretariat(user):
        return Commitment.objects.all()
    if user.is_authenticated and user.organisation_id:
        return Commitment.objects.filter(organisation_id=user.organisation_id)
    return Commitment.objects.none()


def _is_own_organisation_member(user, organisation_id):
    return (
        user.is_authenticated
        and user.role == User.Role.MEMBER
        and user.organisation_id is not None
        and organisation_id == user.organisation_id
    )


def can_edit_commitment(user, commitment):
    """The secretariat edits any; a member edits their own organisation's."""
    if user is None:
        return False
    return is_secretariat(user) or _is_own_organisation_member(user, commitment.organisation_id)


def commitment_role(user, commitment):
    """The role a person acts in on a commitment's status table; None: no role at all."""
    if user is None:
        return None
    if is_secretariat(user):
        return SECRETARIAT
    if _is_own_organisation_member(user, commitment.organisation_id):
        return MEMBER
    return None


def can_propose_commitment(user):
    return user is not None and (
        is_secretariat(user)
        or (
            user.is_authenticated
            and user.role == User.Role.MEMBER
            and user.organisation_id is not None
        )
    )
