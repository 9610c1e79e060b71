"""
Who may do what: the one place for the portal's access rules.

Views use the decorators, mixins and scoped look-ups; templates get the same
predicates as booleans from the views or the context processor. Another
organisation's object answers 404, the right object without the right role
answers 403, and anonymous visitors are sent to log in.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.models import Organisation, User


def is_secretariat(user):
    return user.is_authenticated and user.is_secretariat


def secretariat_required(view):
    """Log-in required; then 403 for anybody but the secretariat."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def organisations_in_reach(user):
    """Organisations whose edit pages a user may even learn exist."""
    if is_secretariat(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=user.organisation_id)


def can_edit_organisation(user, organisation):
    return is_secretariat(user)


def organisation_for_edit(user, pk):
    """The organisation to edit: 404 outside the user's reach, 403 without the role."""
    organisation = get_object_or_404(organisations_in_reach(user), pk=pk)
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation


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
    return is_secretariat(user)


def can_edit_initiative(user):
    return is_secretariat(user)


def commitments_in_reach(user):
    """Commitments a user may edit or update; anything else answers 404."""
    from initiatives.models import Commitment

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
