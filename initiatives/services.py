"""Writes on commitments that span models or must be atomic."""

from django.db import transaction
from django.db.models import F

from alliance.versioning import EditConflict
from initiatives.models import Commitment, CommitmentUpdate, next_update_due


@transaction.atomic
def post_update(*, commitment, by, status, note, seen_version=None):
    """Log progress on a commitment, take over its status and move the next due date.

    The commitment's version is bumped too, so an edit or update form opened
    before this update reports a conflict instead of putting the old status
    back. With seen_version (the version the update form was opened at) the
    update is refused with EditConflict when the commitment changed since.
    """
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
