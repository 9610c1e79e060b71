"""Writes about people that span models, send mail or must be atomic."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.mail import send_templated_mail
from members.models import Invitation


@transaction.atomic
def invite_user(*, form, by, base_url):
    """Create the account from an InviteForm and mail its one-time link."""
    user = form.save(commit=False)
    user.set_unusable_password()
    user.save()
    send_invitation(user=user, by=by, base_url=base_url)
    return user


@transaction.atomic
def send_invitation(*, user, by, base_url):
    """Mail a fresh link; any earlier unused link for the person stops working."""
    if user.has_usable_password():
        raise ValidationError(_("%(name)s har allerede en adgangskode.") % {"name": user})
    Invitation.objects.filter(user=user, accepted_at__isnull=True).delete()
    invitation, token = Invitation.issue(user=user, invited_by=by)
    link = base_url.rstrip("/") + reverse("members:invitation_accept", args=[token])
    send_templated_mail(
        to=[user.email],
        template="members/email/invitation",
        context={
            "user": user,
            "by": by,
            "link": link,
            "expires_at": invitation.expires_at,
        },
    )
    return invitation


@transaction.atomic
def accept_invitation(*, token, password):
    """Set the password from an invitation link; the link works only once."""
    invitation = Invitation.objects.find(token)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation is None or not invitation.is_usable or not invitation.user.is_active:
        raise ValidationError(_("Linket er udløbet eller allerede brugt."), code="invalid_link")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def set_user_active(*, user, active):
    """Deactivate or reactivate a person; nothing they did is removed."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        Invitation.objects.filter(user=user, accepted_at__isnull=True).delete()
    return user


# --- volunteers ----------------------------------------------------------------

# The views that open each kind of link mailed to a volunteer.
