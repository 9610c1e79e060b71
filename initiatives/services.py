"""Writes on commitments that span models or must be atomic."""

from django.db import transaction
from django.db.models import F

from initiatives.models import Commitment, CommitmentUpdate, next_update_due


@transaction.atomic
def post_update(*, commitment, by, status, note):
    """Log progress on a commitment, take over its status and move the next due date.

    The commitment's version is bumped too, so an edit form opened before the
    update reports a conflict instead of putting the old status back.
    """
    update = CommitmentUpdate.objects.create(
        commitment=commitment, author=by, status=status, note=note
    )
    due = next_update_due()
    Commitment.objects.filter(pk=commitment.pk).update(
        status=status, next_update_due=due, version=F("version") + 1
    )
    commitment.refresh_from_db(fields=["status", "next_update_due", "version"])
    return update
