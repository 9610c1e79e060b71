"""
Tables of allowed status changes, one per model with a status.

A table maps the current status to the statuses it may move to and the
roles that may make each move:

    TRANSITIONS = {
        Status.NEW: {Status.CONTACTED: {SECRETARIAT}},
        Status.CONTACTED: {Status.ACTIVE: {SECRETARIAT}, Status.NEW: {SECRETARIAT}},
    }

A move that is not in the table is refused for everybody. Staying in the
same status is allowed only where the table lists it. Which role a person
has towards an object is the object's app's business (its permissions.py).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SECRETARIAT = "secretariat"
MEMBER = "member"
# The portal itself: scheduled commands and links mailed to someone.
SYSTEM = "system"


def allowed_targets(table, current, role, statuses):
    """The statuses `role` may move an object from `current` to, in the order of `statuses`."""
    allowed = table.get(current, {})
    return [status for status in statuses if role in allowed.get(status, ())]


def check_transition(table, *, current, new, role, statuses):
    """Refuse a move the table does not allow this role; `statuses` is the TextChoices class."""
    if role in table.get(current, {}).get(new, ()):
        return
    raise ValidationError(
        _("Status kan ikke ændres fra %(current)s til %(new)s.")
        % {"current": statuses(current).label, "new": statuses(new).label},
        code="transition",
    )


def changes(table):
    """Every (from, to, roles) in a table, for tests and documentation."""
    return [(old, new, roles) for old, targets in table.items() for new, roles in targets.items()]
