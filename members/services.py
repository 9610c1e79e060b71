"""Writes about people that span models, send mail or must be atomic."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.mail import send_templated_mail
from members.models import CONSENT_TEXTS, Consent, Invitation, Volunteer, VolunteerNote


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

VOLUNTEER_LINK_SALTS = {
    "confirm": "members.volunteer.confirm",
    "data": "members.volunteer.data",
    "stay": "members.volunteer.stay",
}


def volunteer_token(volunteer, purpose):
    """A signed link token for one volunteer and one purpose; it expires."""
    return signing.dumps(
        {"v": volunteer.pk, "e": volunteer.email}, salt=VOLUNTEER_LINK_SALTS[purpose]
    )


def volunteer_from_token(token, purpose):
    """The volunteer a link belongs to, or None when it is forged, expired or spent."""
    try:
        data = signing.loads(
            token,
            salt=VOLUNTEER_LINK_SALTS[purpose],
            max_age=timedelta(days=settings.VOLUNTEER_LINK_VALID_DAYS),
        )
    except signing.BadSignature:
        return None
    # A link stops working once the person is anonymised or their address changes.
    return Volunteer.objects.present().filter(pk=data.get("v"), email=data.get("e")).first()


def _volunteer_links(volunteer, base_url):
    base = base_url.rstrip("/")
    return {
        "confirm_link": base
        + reverse("volunteers:confirm", args=[volunteer_token(volunteer, "confirm")]),
        "data_link": base
        + reverse("volunteers:my_data", args=[volunteer_token(volunteer, "data")]),
        "stay_link": base + reverse("volunteers:stay", args=[volunteer_token(volunteer, "stay")]),
    }


def mail_volunteer(*, volunteer, template, base_url, **context):
    """Every e-mail to a volunteer carries the link to see, download or delete their data."""
    send_templated_mail(
        to=[volunteer.email],
        template=template,
        context={"volunteer": volunteer, **_volunteer_links(volunteer, base_url), **context},
    )


def _give_consents(volunteer, purposes):
    standing = set(
        volunteer.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )
    for purpose in purposes:
        if purpose not in standing:
            Consent.objects.create(
                volunteer=volunteer, purpose=purpose, text_version=CONSENT_TEXTS[purpose][0]
            )


@transaction.atomic
def sign_up_volunteer(*, data, interests, consents, base_url):
    """Register a volunteer, or merge a repeated sign-up into the existing record.

    The e-mail address is unique, so two sign-ups with one address arriving at
    the same moment cannot make two records: the second waits for the row
    lock or, if both inserted, retries as a merge.
    """
    email = data["email"]
    try:
        with transaction.atomic():
            volunteer, created = Volunteer.objects.select_for_update().get_or_create(
                email=email, defaults=data
            )
    except IntegrityError:
        volunteer, created = Volunteer.objects.select_for_update().get(email=email), False
    if created:
        volunteer.interests.set(interests)
    else:
        before = volunteer.full_name
        for field in ["first_name", "last_name", "phone", "postcode"]:
            if data.get(field):
                setattr(volunteer, field, data[field])
        for field in ["interest_text", "skills", "message"]:
            if data.get(field) and data[field] not in getattr(volunteer, field):
                combined = "\n\n".join(filter(None, [getattr(volunteer, field), data[field]]))
                setattr(volunteer, field, combined[:2000])
        volunteer.availability = sorted(set(volunteer.availability) | set(data["availability"]))
        volunteer.version += 1
        volunteer.save()
        volunteer.interests.add(*interests)
        VolunteerNote.objects.create(
            volunteer=volunteer,
            body=_(
                "Tilmeldte sig igen %(date)s (tidligere navn: %(name)s). "
                "Oplysningerne er lagt sammen."
            )
            % {"date": timezone.localdate().strftime("%d.%m.%Y"), "name": before},
        )
    _give_consents(volunteer, consents)
    if volunteer.email_confirmed_at is None:
        mail_volunteer(
            volunteer=volunteer, template="members/email/volunteer_confirm", base_url=base_url
        )
    return volunteer, created


def confirm_volunteer_email(*, volunteer):
    if volunteer.email_confirmed_at is None:
        volunteer.email_confirmed_at = timezone.now()
        volunteer.save(update_fields=["email_confirmed_at"])
    return volunteer


def needs_child_certificate(volunteer, initiative):
    return bool(
        initiative and initiative.involves_children and not volunteer.child_certificate_checked_on
    )


@transaction.atomic
def update_volunteer(*, form, by):
    """Save the secretariat's changes to status and assignment, with the børneattest rule."""
    volunteer = form.instance
    if volunteer.status == Volunteer.Status.ACTIVE and needs_child_certificate(
        volunteer, volunteer.assigned_initiative
    ):
        raise ValidationError(
            _(
                "%(initiative)s involverer børn under 15 år. Registrér, at børneattesten er "
                "vurderet, før den frivillige sættes som aktiv her."
            )
            % {"initiative": volunteer.assigned_initiative},
            code="child_certificate",
        )
    if "status" in form.changed_data:
        volunteer.status_changed_at = timezone.now()
    return form.save()


def record_child_certificate(*, volunteer, checked_on, by):
    volunteer.child_certificate_checked_on = checked_on
    volunteer.child_certificate_checked_by = by
    volunteer.version += 1
    volunteer.save(
        update_fields=["child_certificate_checked_on", "child_certificate_checked_by", "version"]
    )


def add_volunteer_note(*, volunteer, body, by):
    return VolunteerNote.objects.create(volunteer=volunteer, body=body, author=by)


def set_volunteer_consent(*, volunteer, purpose, given):
    """Give or withdraw one consent; withdrawing is as easy as giving."""
    if given:
        _give_consents(volunteer, [purpose])
    else:
        volunteer.consents.filter(purpose=purpose, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )


def volunteer_data(volunteer):
    """Everything the portal holds about a volunteer, for the volunteer to download."""
    return {
        "fornavn": volunteer.first_name,
        "efternavn": volunteer.last_name,
        "e-mail": volunteer.email,
        "telefon": volunteer.phone,
        "postnummer": volunteer.postcode,
        "interesserede indsatser": [str(i) for i in volunteer.interests.all()],
        "andre interesser": volunteer.interest_text,
        "kompetencer": volunteer.skills,
        "tid": volunteer.availability,
        "besked": volunteer.message,
        "status": volunteer.status,
        "tilknyttet indsats": str(volunteer.assigned_initiative or ""),
        "børneattest vurderet": volunteer.child_certificate_checked_on,
        "tilmeldt": volunteer.created_at,
        "e-mail bekræftet": volunteer.email_confirmed_at,
        "samtykker": [
            {
                "formål": consent.purpose,
                "tekstversion": consent.text_version,
                "givet": consent.given_at,
                "trukket tilbage": consent.withdrawn_at,
            }
            for consent in volunteer.consents.all()
        ],
    }


@transaction.atomic
def anonymise_volunteer(*, volunteer, reason):
    """Erase a volunteer's personal data; keep a row so counts and history still add up."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.anonymised_at:
        return volunteer
    volunteer.first_name = volunteer.last_name = ""
    volunteer.email = f"anonymiseret-{volunteer.pk}@invalid"
    volunteer.phone = volunteer.postcode = ""
    volunteer.interest_text = volunteer.skills = volunteer.message = ""
    volunteer.availability = []
    volunteer.anonymised_at = timezone.now()
    volunteer.version += 1
    volunteer.save()
    volunteer.interests.clear()
    volunteer.notes.all().delete()
    VolunteerNote.objects.create(volunteer=volunteer, body=reason)
    return volunteer


def volunteers_to_purge(*, now=None):
    """Volunteers whose data has been kept as long as the privacy notice says."""
    now = now or timezone.now()
    ended_before = now - _months(settings.VOLUNTEER_ENDED_RETENTION_MONTHS)
    unconfirmed_before = now - _months(settings.VOLUNTEER_UNCONFIRMED_RETENTION_MONTHS)
    return Volunteer.objects.present().filter(
        Q(status=Volunteer.Status.ENDED, status_changed_at__lt=ended_before)
        | Q(email_confirmed_at__isnull=True, created_at__lt=unconfirmed_before)
    )


def _months(months):
    """Months as days (30 each): the privacy notice states its periods in months."""
    return timedelta(days=30 * months)


def ask_volunteers_to_stay(*, base_url, now=None):
    """Ask active volunteers once a year whether to stay; pause those who never answered."""
    now = now or timezone.now()
    ask_before = now - timedelta(days=settings.VOLUNTEER_STAY_ASK_DAYS)
    answer_before = now - timedelta(days=settings.VOLUNTEER_STAY_ANSWER_DAYS)
    active = Volunteer.objects.present().filter(status=Volunteer.Status.ACTIVE)
    unanswered = active.filter(stay_asked_at__lt=answer_before).filter(
        Q(stay_confirmed_at__isnull=True) | Q(stay_confirmed_at__lt=F("stay_asked_at"))
    )
    paused = list(unanswered)
    unanswered.update(status=Volunteer.Status.PAUSED, status_changed_at=now)
    due = (
        active.exclude(pk__in=[v.pk for v in paused])
        .filter(
            Q(stay_asked_at__isnull=True, created_at__lt=ask_before)
            | Q(stay_asked_at__lt=ask_before)
        )
        .filter(Q(stay_confirmed_at__isnull=True) | Q(stay_confirmed_at__lt=ask_before))
    )
    asked = []
    for volunteer in due:
        with transaction.atomic():
            volunteer.stay_asked_at = now
            volunteer.save(update_fields=["stay_asked_at"])
            mail_volunteer(
                volunteer=volunteer, template="members/email/volunteer_stay", base_url=base_url
            )
        asked.append(volunteer)
    return asked, paused


def confirm_volunteer_stays(*, volunteer):
    volunteer.stay_confirmed_at = timezone.now()
    volunteer.save(update_fields=["stay_confirmed_at"])
