"""Writes on commitments that span models or must be atomic."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from alliance.versioning import EditConflict
from initiatives.models import Commitment, CommitmentUpdate, next_update_due
from members.permissions import is_secretariat

SECRETARIAT, MEMBER = "secretariat", "member"
_BOTH = frozenset({SECRETARIAT, MEMBER})
_S = Commitment.Status

# The one table of status changes a progress update may make: from -> to -> who.
# Staying in a status is a progress note. Only the secretariat accepts a proposal
# or brings a withdrawn commitment back (a withdrawn proposal was never accepted);
# a completed commitment was accepted once, so its organisation may reopen it.
COMMITMENT_TRANSITIONS = {
    _S.PROPOSED: {_S.PROPOSED: _BOTH, _S.ACTIVE: {SECRETARIAT}, _S.WITHDRAWN: _BOTH},
    _S.ACTIVE: {_S.ACTIVE: _BOTH, _S.AT_RISK: _BOTH, _S.COMPLETED: _BOTH, _S.WITHDRAWN: _BOTH},
    _S.AT_RISK: {_S.AT_RISK: _BOTH, _S.ACTIVE: _BOTH, _S.COMPLETED: _BOTH, _S.WITHDRAWN: _BOTH},
    _S.COMPLETED: {_S.COMPLETED: _BOTH, _S.ACTIVE: _BOTH, _S.AT_RISK: _BOTH},
    _S.WITHDRAWN: {_S.WITHDRAWN: _BOTH, _S.PROPOSED: {SECRETARIAT}, _S.ACTIVE: {SECRETARIAT}},
}


def _role_for(user, commitment):
    if is_secretariat(user):
        return SECRETARIAT
    if user.is_authenticated and user.organisation_id == commitment.organisation_id:
        return MEMBER
    return None


def allowed_statuses(commitment, user):
    """The statuses this user may give the commitment in a progress update, in display order."""
    role = _role_for(user, commitment)
    allowed = COMMITMENT_TRANSITIONS.get(commitment.status, {})
    return [status for status in _S if role in allowed.get(status, ())]


@transaction.atomic
def post_update(*, commitment, by, status, note, seen_version=None):
    """Log progress on a commitment, take over its status and move the next due date.

    The commitment's version is bumped too, so an edit or update form opened
    before this update reports a conflict instead of putting the old status
    back. With seen_version (the version the update form was opened at) the
    update is refused with EditConflict when the commitment changed since.
    """
    if seen_version is not None and seen_version != commitment.version:
        raise EditConflict
    if status not in allowed_statuses(commitment, by):
        raise ValidationError(
            _("Et tilsagn med status %(current)s kan du ikke give status %(new)s.")
            % {"current": commitment.get_status_display(), "new": _S(status).label},
            code="transition",
        )
    commitments = Commitment.objects.filter(pk=commitment.pk)
    if seen_version is not None:
        commitments = commitments.filter(version=seen_version)
    claimed = commitments.update(
        status=status, next_update_due=next_update_due(), version=F("version") + 1
    )
    if not claimed:
        raise EditConflict
    update = CommitmentUpdate.objects.create(
        commitment=commitment, author=by, status=status, note=note
    )
    commitment.refresh_from_db(fields=["status", "next_update_due", "version"])
    return update
