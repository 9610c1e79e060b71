"""
The only code that changes initiatives, commitments and their progress log.

Each function checks who may act, checks a status change against the
model's one table of allowed moves (alliance.transitions), writes inside a
transaction and records the change in the audit trail (alliance.audit).
The secretariat hears of proposals and of commitments at risk, and an
organisation hears when its proposal is accepted or sent back
(alliance.notifications).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import audit
from alliance.notifications import Kind, notify
from alliance.transitions import MEMBER, SECRETARIAT, allowed_targets, check_transition
from alliance.versioning import EditConflict
from initiatives.models import Commitment, CommitmentUpdate, Initiative, next_update_due
from initiatives.permissions import (
    can_edit_commitment,
    can_edit_initiative,
    can_propose_commitment,
    commitment_role,
    initiative_role,
)
from members.models import User

_I = Initiative.Status
_S = Commitment.Status
_BOTH = frozenset({SECRETARIAT, MEMBER})

# The one table of an initiative's status changes: from -> to -> who. The
# secretariat runs the initiatives. A planned initiative may be closed without
# ever starting, and a closed one reopened.
INITIATIVE_TRANSITIONS = {
    _I.PLANNED: {_I.ACTIVE: {SECRETARIAT}, _I.PAUSED: {SECRETARIAT}, _I.COMPLETED: {SECRETARIAT}},
    _I.ACTIVE: {_I.PAUSED: {SECRETARIAT}, _I.COMPLETED: {SECRETARIAT}},
    _I.PAUSED: {_I.ACTIVE: {SECRETARIAT}, _I.COMPLETED: {SECRETARIAT}},
    _I.COMPLETED: {_I.ACTIVE: {SECRETARIAT}},
}

# The statuses a new initiative may start in.
INITIATIVE_START_STATUSES = [_I.PLANNED, _I.ACTIVE]

# The one table of a commitment's status changes: from -> to -> who. Progress
# updates make them. Staying in a status is a progress note. Only the
# secretariat accepts a proposal or brings a withdrawn commitment back (a
# withdrawn proposal was never accepted); a completed commitment was accepted
# once, so its organisation may reopen it.
COMMITMENT_TRANSITIONS = {
    _S.PROPOSED: {_S.PROPOSED: _BOTH, _S.ACTIVE: {SECRETARIAT}, _S.WITHDRAWN: _BOTH},
    _S.ACTIVE: {_S.ACTIVE: _BOTH, _S.AT_RISK: _BOTH, _S.COMPLETED: _BOTH, _S.WITHDRAWN: _BOTH},
    _S.AT_RISK: {_S.AT_RISK: _BOTH, _S.ACTIVE: _BOTH, _S.COMPLETED: _BOTH, _S.WITHDRAWN: _BOTH},
    _S.COMPLETED: {_S.COMPLETED: _BOTH, _S.ACTIVE: _BOTH, _S.AT_RISK: _BOTH},
    _S.WITHDRAWN: {_S.WITHDRAWN: _BOTH, _S.PROPOSED: {SECRETARIAT}, _S.ACTIVE: {SECRETARIAT}},
}

# The statuses a new commitment may start in, by role: a member proposes, the
# secretariat may also record a commitment already agreed.
COMMITMENT_START_STATUSES = {
    SECRETARIAT: [_S.PROPOSED, _S.ACTIVE],
    MEMBER: [_S.PROPOSED],
}


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _refuse_start(status, statuses):
    raise ValidationError(
        _("Status %(status)s kan ikke vælges ved oprettelsen.")
        % {"status": statuses(status).label},
        code="transition",
    )


def _claim(form, stored):
    """Refuse a form opened at an older version before any rule is checked."""
    if (form.cleaned_data.get("version") or 0) != stored.version:
        raise EditConflict


# --- initiatives -------------------------------------------------------------


@transaction.atomic
def create_initiative(*, form, by) -> Initiative:
    """Save a new initiative from the secretariat's form."""
    _require(can_edit_initiative(by))
    if form.instance.status not in INITIATIVE_START_STATUSES:
        _refuse_start(form.instance.status, _I)
    return audit.save_form(form, by=by)


@transaction.atomic
def update_initiative(*, form, by) -> Initiative:
    """Save the secretariat's edit of an initiative; a new status must be one the table allows."""
    _require(can_edit_initiative(by))
    stored = Initiative.objects.select_for_update().get(pk=form.instance.pk)
    _claim(form, stored)
    if form.instance.status != stored.status:
        check_transition(
            INITIATIVE_TRANSITIONS,
            current=stored.status,
            new=form.instance.status,
            role=initiative_role(by),
            statuses=_I,
        )
    return audit.save_form(form, by=by)


# --- commitments -------------------------------------------------------------


def _tell(kind, commitment, recipients, *, by, note=""):
    notify(
        kind=kind,
        recipients=recipients,
        template=f"initiatives/email/{kind.value}",
        context={"commitment": commitment, "note": note},
        url=reverse("initiatives:commitment_detail", args=[commitment.pk]),
        topic=commitment.initiative.name,
        by=by,
    )


def _tell_about_move(commitment, *, old, new, by, note=""):
    """Who hears of a status change: acceptance to the organisation, risk to those who can help."""
    if old == new:
        return
    people = User.objects.active()
    if old == _S.PROPOSED and new == _S.ACTIVE:
        _tell(
            Kind.COMMITMENT_ACCEPTED,
            commitment,
            people.filter(organisation_id=commitment.organisation_id),
            by=by,
            note=note,
        )
    elif new == _S.AT_RISK:
        lead = commitment.initiative.lead_organisation_id
        _tell(
            Kind.COMMITMENT_AT_RISK,
            commitment,
            people.filter(Q(role=User.Role.SECRETARIAT) | Q(organisation_id=lead)),
            by=by,
            note=note,
        )


def allowed_statuses(commitment, user):
    """The statuses this user may give the commitment in a progress update, in display order."""
    return allowed_targets(
        COMMITMENT_TRANSITIONS, commitment.status, commitment_role(user, commitment), _S
    )


def start_statuses(user):
    """The statuses a new commitment from this user may have."""
    if not can_propose_commitment(user):
        return []
    role = SECRETARIAT if can_edit_initiative(user) else MEMBER
    return COMMITMENT_START_STATUSES[role]


@transaction.atomic
def create_commitment(*, form, initiative, by) -> Commitment:
    """A new commitment to an initiative.

    A member proposes one for their own organisation, whatever the form
    says; the secretariat may add one for any organisation, proposed or
    already active.
    """
    _require(can_propose_commitment(by))
    commitment = form.instance
    commitment.initiative = initiative
    commitment.created_by = by
    if not can_edit_initiative(by):
        commitment.organisation = by.organisation
        commitment.status = _S.PROPOSED
    if commitment.status not in start_statuses(by):
        _refuse_start(commitment.status, _S)
    commitment = audit.save_form(form, by=by)
    if commitment.status == _S.PROPOSED:
        _tell(
            Kind.COMMITMENT_PROPOSED,
            commitment,
            User.objects.active().filter(role=User.Role.SECRETARIAT),
            by=by,
        )
    return commitment


@transaction.atomic
def update_commitment(*, form, by) -> Commitment:
    """Save an edit of a commitment's content.

    The edit forms do not carry the status: progress updates change it. Should
    a form carry it, the change is held to the table like any other.
    """
    stored = Commitment.objects.select_for_update().get(pk=form.instance.pk)
    _require(can_edit_commitment(by, stored))
    _claim(form, stored)
    if form.instance.status != stored.status:
        check_transition(
            COMMITMENT_TRANSITIONS,
            current=stored.status,
            new=form.instance.status,
            role=commitment_role(by, stored),
            statuses=_S,
        )
    # The organisation's edit of a proposal sent back puts it before the secretariat again.
    resubmitted = stored.returned_at is not None and commitment_role(by, stored) == MEMBER
    note = ""
    if resubmitted:
        form.instance.returned_at = None
        note = _("Rettet efter sekretariatets bemærkning og sendt til sekretariatet igen.")
    commitment = audit.save_form(form, by=by, note=note)
    _tell_about_move(commitment, old=stored.status, new=commitment.status, by=by)
    if resubmitted and commitment.status == _S.PROPOSED:
        _tell(
            Kind.COMMITMENT_PROPOSED,
            commitment,
            User.objects.active().filter(role=User.Role.SECRETARIAT),
            by=by,
        )
    return commitment


def _proposal_for_decision(commitment, by, seen_version):
    """The stored proposal, locked, once the secretariat may decide on it; else refused."""
    stored = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _require(commitment_role(by, stored) == SECRETARIAT)
    if seen_version is not None and seen_version != stored.version:
        raise EditConflict
    if stored.status == _S.ACTIVE:
        raise ValidationError(_("Tilsagnet er allerede taget imod."), code="decided")
    if stored.status != _S.PROPOSED:
        raise ValidationError(
            _("Tilsagnet er ikke et forslag længere: det har status %(status)s.")
            % {"status": stored.get_status_display()},
            code="decided",
        )
    return stored


@transaction.atomic
def accept_commitment(*, commitment, by, seen_version=None, note="") -> CommitmentUpdate:
    """The secretariat takes a proposed commitment on: it becomes active.

    The step is logged in the commitment's history with the note and told to
    the proposing organisation. A proposal already accepted is refused with
    ValidationError; with seen_version, one changed since is refused with EditConflict.
    """
    stored = _proposal_for_decision(commitment, by, seen_version)
    check_transition(
        COMMITMENT_TRANSITIONS,
        current=stored.status,
        new=_S.ACTIVE,
        role=SECRETARIAT,
        statuses=_S,
    )
    remark = note.strip()
    note = remark or _("Sekretariatet har taget imod tilsagnet.")
    names = ["status", "next_update_due", "returned_at", "return_reason"]
    before = audit.snapshot(stored, names)
    Commitment.objects.filter(pk=stored.pk).update(
        status=_S.ACTIVE,
        next_update_due=next_update_due(),
        returned_at=None,
        return_reason="",
        version=F("version") + 1,
    )
    update = CommitmentUpdate.objects.create(
        commitment=stored, author=by, status=_S.ACTIVE, note=note
    )
    commitment.refresh_from_db(fields=[*names, "version"])
    audit.record_change(by=by, instance=commitment, before=before, note=note)
    # The mail carries only a remark of the secretariat's own, not the log's standard line.
    _tell_about_move(commitment, old=_S.PROPOSED, new=_S.ACTIVE, by=by, note=remark)
    return update


@transaction.atomic
def return_commitment(*, commitment, by, reason, seen_version=None) -> CommitmentUpdate:
    """The secretariat sends a proposal back to its organisation with the reason.

    It stays proposed, but leaves the secretariat's waiting list until the
    organisation edits it (update_commitment). The reason is required, logged
    in the commitment's history and told to the organisation.
    """
    reason = (reason or "").strip()
    stored = _proposal_for_decision(commitment, by, seen_version)
    if not reason:
        raise ValidationError(
            _(
                "Skriv, hvorfor tilsagnet sendes tilbage, så organisationen ved, "
                "hvad de skal rette."
            ),
            code="required",
        )
    if stored.returned_at is not None:
        raise ValidationError(
            _("Tilsagnet er allerede sendt tilbage og venter på organisationen."), code="decided"
        )
    check_transition(
        COMMITMENT_TRANSITIONS,
        current=stored.status,
        new=_S.PROPOSED,
        role=SECRETARIAT,
        statuses=_S,
    )
    names = ["returned_at", "return_reason"]
    before = audit.snapshot(stored, names)
    Commitment.objects.filter(pk=stored.pk).update(
        returned_at=timezone.now(), return_reason=reason, version=F("version") + 1
    )
    note = _("Sendt tilbage til organisationen: %(reason)s") % {"reason": reason}
    update = CommitmentUpdate.objects.create(
        commitment=stored, author=by, status=_S.PROPOSED, note=note
    )
    commitment.refresh_from_db(fields=[*names, "version"])
    audit.record_change(by=by, instance=commitment, before=before, note=note)
    _tell(
        Kind.COMMITMENT_RETURNED,
        commitment,
        User.objects.active().filter(organisation_id=commitment.organisation_id),
        by=by,
        note=reason,
    )
    return update


@transaction.atomic
def post_update(*, commitment, by, status, note, seen_version=None) -> CommitmentUpdate:
    """Log progress on a commitment, take over its status and move the next due date.

    The commitment's version is bumped too, so an edit or update form opened
    before this update reports a conflict instead of putting the old status
    back. With seen_version (the version the update form was opened at) the
    update is refused with EditConflict when the commitment changed since.
    The commitment's history records the status and due date with the note.
    """
    stored = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if seen_version is not None and seen_version != stored.version:
        raise EditConflict
    check_transition(
        COMMITMENT_TRANSITIONS,
        current=stored.status,
        new=status,
        role=commitment_role(by, stored),
        statuses=_S,
    )
    before = audit.snapshot(stored, ["status", "next_update_due"])
    Commitment.objects.filter(pk=stored.pk).update(
        status=status, next_update_due=next_update_due(), version=F("version") + 1
    )
    update = CommitmentUpdate.objects.create(commitment=stored, author=by, status=status, note=note)
    commitment.refresh_from_db(fields=["status", "next_update_due", "version"])
    audit.record_change(by=by, instance=commitment, before=before, note=note)
    _tell_about_move(commitment, old=stored.status, new=status, by=by, note=note)
    return update
