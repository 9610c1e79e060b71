"""Who may do what with volunteers: the secretariat looks after them, the portal acts on links."""

from alliance.transitions import SECRETARIAT, SYSTEM
from members.permissions import is_secretariat


def can_manage_volunteers(user):
    return user is not None and is_secretariat(user)


def volunteer_role(user):
    """The role a person acts in on the volunteers' status table.

    None (nobody signed in) is the portal itself: a scheduled command, or a
    link mailed to the volunteer.
    """
    if user is None:
        return SYSTEM
    return SECRETARIAT if can_manage_volunteers(user) else None
