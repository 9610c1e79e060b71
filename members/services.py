"""
The only code that changes organisations, people, groups and invitations.

Each function checks who may make the change, writes inside a transaction
and records the change in the audit trail (alliance.audit). Passwords are
never recorded; a changed password shows as a note at most. Superuser and
staff accounts are refused here as in the views: only a superuser changes
them, in the Django admin, through the admin functions at the end.
"""

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import audit
from alliance.mail import send_templated_mail
from members.models import Invitation, Organisation, User, WorkingGroup
from members.permissions import can_edit_organisation, can_manage_account, is_secretariat


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _stored(instance):
    """The row as the database holds it, whatever a bound form did to the instance."""
    return type(instance)._default_manager.get(pk=instance.pk)


# --- organisations -----------------------------------------------------------


@transaction.atomic
def create_organisation(*, form, by) -> Organisation:
    """Save a valid OrganisationForm for a new organisation."""
    _require(is_secretariat(by))
    return audit.save_form(form, by=by)


@transaction.atomic
def update_organisation(*, form, by) -> Organisation:
    """Save a valid OrganisationForm; EditConflict when someone saved in between."""
    _require(can_edit_organisation(by, _stored(form.instance)))
    return audit.save_form(form, by=by)


@transaction.atomic
def set_organisation_active(*, organisation, active, by) -> Organisation:
    """Deactivate or reactivate an organisation; everything it contributed stays."""
    _require(can_edit_organisation(by, organisation))
    before = audit.snapshot(organisation, ["active"])
    Organisation.objects.filter(pk=organisation.pk).update(active=active)
    organisation.refresh_from_db(fields=["active"])
    audit.record_change(by=by, instance=organisation, before=before)
    return organisation


# --- groups ------------------------------------------------------------------


@transaction.atomic
def create_group(*, form, by) -> WorkingGroup:
    _require(is_secretariat(by))
    return audit.save_form(form, by=by)


@transaction.atomic
def update_group(*, form, by) -> WorkingGroup:
    _require(is_secretariat(by))
    return audit.save_form(form, by=by)


@transaction.atomic
def add_group_member(*, group, person, by) -> WorkingGroup:
    """Put an active person in a group; the group's history names who was added."""
    _require(is_secretariat(by))
    if not person.is_active:
        raise ValidationError(
            _("%(name)s er deaktiveret og kan ikke komme med i en gruppe.") % {"name": person},
            code="inactive",
        )
    before = audit.snapshot(group, ["members"])
    group.members.add(person)
    audit.record_change(by=by, instance=group, before=before)
    return group


@transaction.atomic
def remove_group_member(*, group, person, by) -> WorkingGroup:
    _require(is_secretariat(by))
    before = audit.snapshot(group, ["members"])
    group.members.remove(person)
    audit.record_change(by=by, instance=group, before=before)
    return group


# --- people ------------------------------------------------------------------


@transaction.atomic
def update_profile(*, form, by) -> User:
    """Save a person's own ProfileForm; nobody edits another person's profile here."""
    _require(by.is_authenticated and form.instance.pk == by.pk)
    return audit.save_form(form, by=by)


@transaction.atomic
def set_language(*, user, language) -> User:
    """Remember the language a person chose last: their mail is written in it."""
    _require(user.is_authenticated)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Ukendt sprog."), code="invalid")
    stored = User.objects.select_for_update().get(pk=user.pk)
    if stored.language != language:
        before = audit.snapshot(stored, ["language"])
        User.objects.filter(pk=stored.pk).update(language=language)
        stored.language = language
        audit.record_change(by=user, instance=stored, before=before)
    user.language = language
    return stored


@transaction.atomic
def update_user(*, form, by) -> User:
    """Save the secretariat's UserEditForm; never for a superuser or staff account."""
    _require(can_manage_account(by, _stored(form.instance)))
    return audit.save_form(form, by=by)


@transaction.atomic
def set_user_active(*, user, active, by) -> User:
    """Deactivate or reactivate a person; nothing they did is removed.

    A deactivated person's unused invitation links stop working.
    """
    _require(can_manage_account(by, user))
    if not active and user.pk == by.pk:
        raise ValidationError(_("Du kan ikke deaktivere dig selv."), code="self")
    before = audit.snapshot(user, ["is_active"])
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.refresh_from_db(fields=["is_active"])
    if not active:
        Invitation.objects.filter(user=user, accepted_at__isnull=True).delete()
    audit.record_change(by=by, instance=user, before=before)
    return user


@transaction.atomic
def create_user_with_password(*, form, password, by) -> User:
    """Create an account from a valid UserEditForm with its password set from the start.

    No invitation is mailed. This is for accounts a command sets up, such as
    the demo alliance's; in the portal the secretariat invites people
    (invite_user), so that nobody but the person knows the password. The
    password must pass the same checks as one a person chooses, and is never
    recorded. by None: the portal itself.
    """
    if by is not None:
        _require(is_secretariat(by))
    user = form.save(commit=False)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    form.save_m2m()
    audit.record_created(by=by, instance=user, names=audit.form_fields(form))
    return user


# --- invitations -------------------------------------------------------------


def _mail_invitation(*, user, by, base_url):
    """Issue a fresh link and queue its mail; any earlier unused link stops working."""
    Invitation.objects.filter(user=user, accepted_at__isnull=True).delete()
    invitation, token = Invitation.issue(user=user, invited_by=by)
    link = base_url.rstrip("/") + reverse("members:invitation_accept", args=[token])
    send_templated_mail(
        to=[user.email],
        template="members/email/invitation",
        context={"user": user, "by": by, "link": link, "expires_at": invitation.expires_at},
        language=user.language,
    )
    return invitation


@transaction.atomic
def invite_user(*, form, by, base_url) -> User:
    """Create the account from a valid InviteForm and mail its one-time link."""
    _require(is_secretariat(by))
    user = form.save(commit=False)
    user.set_unusable_password()
    user.save()
    _mail_invitation(user=user, by=by, base_url=base_url)
    audit.record_created(
        by=by,
        instance=user,
        names=audit.form_fields(form),
        note=_("Invitationen er sendt til %(email)s.") % {"email": user.email},
    )
    return user


@transaction.atomic
def send_invitation(*, user, by, base_url) -> Invitation:
    """Mail a new link to someone who has not chosen a password yet."""
    _require(can_manage_account(by, user))
    if user.has_usable_password():
        raise ValidationError(_("%(name)s har allerede en adgangskode.") % {"name": user})
    invitation = _mail_invitation(user=user, by=by, base_url=base_url)
    audit.record(
        by=by,
        instance=user,
        action=audit.Action.CHANGED,
        note=_("En ny invitation er sendt til %(email)s. Det tidligere link virker ikke længere.")
        % {"email": user.email},
    )
    return invitation


@transaction.atomic
def accept_invitation(*, token, password) -> User:
    """Set the password from an invitation link; the link works only once."""
    invitation = Invitation.objects.find(token)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation is None or not invitation.is_usable or not invitation.user.is_active:
        raise ValidationError(_("Linket er udløbet eller allerede brugt."), code="invalid_link")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    # The person acted, through the link; what they chose is never written down.
    audit.record(
        by=user,
        instance=user,
        action=audit.Action.CHANGED,
        note=_("Invitationen er taget i brug, og adgangskoden er valgt via linket i e-mailen."),
    )
    return user


# --- the Django admin --------------------------------------------------------


@transaction.atomic
def save_user_in_admin(*, user, form, by) -> User:
    """Save a user from the admin's add or change form, with its groups and permissions.

    Only for people with the admin's permission on users (superusers). The
    version moves on, so a portal form opened before this save reports a
    conflict instead of writing the old values back.
    """
    adding = user._state.adding
    _require(by.has_perm("members.add_user" if adding else "members.change_user"))
    names = audit.tracked_fields(User)
    note = _("Gemt i administrationen.")
    if adding:
        user.save()
        form.save_m2m()
        audit.record_created(by=by, instance=user, names=names, note=note)
        return user
    before = audit.snapshot(_stored(user), names)
    user.version = F("version") + 1
    user.save()
    form.save_m2m()
    user.refresh_from_db(fields=["version"])
    if audit.differences(before, audit.snapshot(user, names)):
        audit.record_change(by=by, instance=user, before=before, note=note)
    return user


@transaction.atomic
def delete_user_in_admin(*, user, by) -> None:
    """Delete an account from the admin; the trail keeps what it held."""
    _require(by.has_perm("members.delete_user"))
    audit.record_deleted(by=by, instance=user, note=_("Slettet i administrationen."))
    user.delete()
