"""Who may do what with the common agenda."""

from alliance.transitions import MEMBER, SECRETARIAT, SYSTEM
from members.models import User
from members.permissions import is_secretariat


def can_endorse(user, agenda):
    """Members endorse the adopted agenda on behalf of their own organisation."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == User.Role.MEMBER
        and user.organisation_id is not None
        and agenda is not None
        and agenda.status == agenda.Status.ADOPTED
    )


def can_comment_on(user, agenda):
    return user.is_authenticated and agenda is not None and agenda.is_draft


def can_edit_agenda(user):
    return user is not None and is_secretariat(user)


def agenda_role(user):
    """The role a person acts in on the agenda's status table; SYSTEM for the portal itself."""
    if user is None:
        return SYSTEM
    if can_edit_agenda(user):
        return SECRETARIAT
    return MEMBER if user.is_authenticated else None
