"""
The roles (is_secretariat and its decorator) and who may do what with people,
organisations and accounts. Each app keeps the rules for its own objects in its
own permissions.py, built on these role predicates.

Views use the decorators and scoped look-ups; templates get the same
predicates as booleans from the views or the context processor. Another
organisation's object answers 404, the right object without the right role
answers 403, and anonymous visitors are sent to log in.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from members.models import Organisation, User


def is_secretariat(user):
    return user.is_authenticated and user.is_secretariat


def secretariat_required(view):
    """Log-in required; then 403 for anybody but the secretariat."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise PermissionDenied(_("Det er kun sekretariatet, der kan åbne denne side."))
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
        raise PermissionDenied(
            _(
                "Det er sekretariatet, der retter en organisations oplysninger, så de "
                "er ens alle steder i portalen."
            )
        )
    return organisation


def can_manage_account(user, person):
    """The secretariat manages people's accounts in the portal, but never a superuser's or
    staff account: changing its e-mail would let a password reset take it over. Those
    accounts are managed in the Django admin by a superuser."""
    return is_secretariat(user) and not person.is_protected_account


def account_for_edit(user, pk, queryset=None):
    """The account to edit, activate or invite again: 404 if unknown, 403 if out of bounds."""
    person = get_object_or_404(queryset if queryset is not None else User.objects.all(), pk=pk)
    if not can_manage_account(user, person):
        raise PermissionDenied
    return person
