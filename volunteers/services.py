"""
Every change to volunteers: sign-up and staged changes, links, the inbox, consents, retention.

Each write to a volunteer bumps the record's version, so that an edit page
opened before it reports a conflict, and leaves an event in the volunteer's
history (alliance.audit). The status moves only as VOLUNTEER_TRANSITIONS
allows. Anonymising a volunteer also scrubs their personal data from the
history, keeping the events.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from alliance import audit
from alliance.mail import send_templated_mail
from alliance.notifications import Kind, absolute, language_of, notify
from alliance.transitions import SECRETARIAT, SYSTEM, check_transition
from alliance.versioning import EditConflict
from members.models import User
from volunteers import retention
from volunteers.models import (
    CONSENT_TEXTS,
    Availability,
    Consent,
    ConsentPurpose,
    LinkPurpose,
    PendingVolunteerChange,
    Volunteer,
    VolunteerLink,
    VolunteerNote,
)
from volunteers.permissions import can_manage_volunteers, volunteer_role

_S = Volunteer.Status

# The one table of a volunteer's status changes: from -> to -> who. The
# secretariat moves volunteers through the pipeline and back where people's
# lives take them: a paused volunteer may start again, one who stopped may
# come back. The portal itself only pauses an active volunteer who did not
# answer the yearly question whether to stay (ask_volunteers_to_stay).
VOLUNTEER_TRANSITIONS = {
    _S.NEW: {_S.CONTACTED: {SECRETARIAT}, _S.ENDED: {SECRETARIAT}},
    _S.CONTACTED: {_S.ACTIVE: {SECRETARIAT}, _S.ENDED: {SECRETARIAT}},
    _S.ACTIVE: {_S.PAUSED: {SECRETARIAT, SYSTEM}, _S.ENDED: {SECRETARIAT}},
    _S.PAUSED: {_S.ACTIVE: {SECRETARIAT}, _S.ENDED: {SECRETARIAT}},
    _S.ENDED: {_S.CONTACTED: {SECRETARIAT}, _S.ACTIVE: {SECRETARIAT}},
}

# The fields a sign-up records, for the history of a new volunteer.
_SIGNUP_RECORDED = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "interests",
    "interest_text",
    "skills",
    "availability",
    "message",
]


def _via_link(text=""):
    """The note for a change the volunteer made through a link mailed to them."""
    return " ".join(filter(None, [text, _("Via linket i e-mailen.")]))


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _write(volunteer, *, by, note="", action=None, **values):
    """Write values onto a volunteer's row, bump its version and record what changed.

    With no values the event carries only the note. The caller's instance
    gets the new values. Call inside a transaction.
    """
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    before = audit.snapshot(stored, list(values))
    Volunteer.objects.filter(pk=volunteer.pk).update(**values, version=F("version") + 1)
    volunteer.refresh_from_db(fields=[*values, "version"])
    return audit.record_change(by=by, instance=volunteer, before=before, action=action, note=note)


_LINK_VIEWS = {
    LinkPurpose.CONFIRM: "volunteers:confirm",
    LinkPurpose.DATA: "volunteers:my_data",
    LinkPurpose.STAY: "volunteers:stay",
    LinkPurpose.DELETE: "volunteers:delete",
}

# The sign-up form's fields a repeated sign-up may change once confirmed:
# names and contact data are replaced, free texts are added to.
_REPLACED_FIELDS = ["first_name", "last_name", "phone", "postcode"]
_ADDED_TO_FIELDS = ["interest_text", "skills", "message"]
SIGNUP_FIELDS = [*_REPLACED_FIELDS, *_ADDED_TO_FIELDS, "availability"]


def volunteer_token(volunteer, purpose):
    """A fresh link token for one volunteer and one purpose; only its hash is stored."""
    _link, token = VolunteerLink.issue(volunteer=volunteer, purpose=purpose)
    return token


def volunteer_from_token(token, purpose):
    """The volunteer a link opens, or None when it is unknown, expired, spent or for another use."""
    link = VolunteerLink.objects.find(token, purpose)
    return link.volunteer if link else None


def volunteer_link(volunteer, purpose, base_url):
    token = volunteer_token(volunteer, purpose)
    return base_url.rstrip("/") + reverse(_LINK_VIEWS[purpose], args=[token])


def has_contact_consent(volunteer):
    return volunteer.consents.filter(
        purpose=ConsentPurpose.CONTACT, withdrawn_at__isnull=True
    ).exists()


def mail_volunteer(
    *, volunteer, template, base_url, links=(), required=False, language=None, **context
):
    """Mail a volunteer, with fresh links for the given purposes; False when not sent.

    Every e-mail to a volunteer carries the link to see, download or delete
    their data (`data_link`); the others are named `<purpose>_link`. The mail
    is written in `language`, by default the portal's (Danish).

    A volunteer who withdrew the consent to be contacted gets no mail, except
    the ones answering their own request or that the law requires
    (`required`): the confirmation of a sign-up, a delete link or receipt.
    """
    if not required and not has_contact_consent(volunteer):
        return False
    urls = {
        f"{purpose}_link": volunteer_link(volunteer, purpose, base_url)
        for purpose in [LinkPurpose.DATA, *links]
    }
    send_templated_mail(
        to=[volunteer.email],
        template=template,
        context={"volunteer": volunteer, **urls, **context},
        language=language,
    )
    return True


def _standing_consents(volunteer):
    return set(
        volunteer.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )


def _give_consents(volunteer, purposes):
    """Record the consents not already standing; return a note naming them, or ""."""
    standing = _standing_consents(volunteer)
    given = []
    for purpose in purposes:
        if purpose not in standing:
            consent = Consent.objects.create(
                volunteer=volunteer, purpose=purpose, text_version=CONSENT_TEXTS[purpose][0]
            )
            given.append(consent)
    return _consent_note(given, _("Samtykke givet: %(consents)s."))


def _consent_note(consents, text):
    if not consents:
        return ""
    names = ", ".join(
        f"{consent.get_purpose_display()} ({consent.text_version})" for consent in consents
    )
    return text % {"consents": names}


@transaction.atomic
def sign_up_volunteer(*, data, interests, consents, base_url):
    """Register a volunteer; a sign-up with a known address changes nothing until confirmed.

    A repeated sign-up is staged, and the address on file gets a mail that
    lists the changes and links to the page that applies them, so nobody can
    rewrite another person's record or consents by typing their address. The
    answer to the sign-up is the same either way.

    The e-mail address is unique, so two sign-ups with one address arriving at
    the same moment cannot make two records: the second waits for the row
    lock or, if both inserted, is staged like any repeat.
    """
    email = data["email"]
    try:
        with transaction.atomic():
            volunteer, created = Volunteer.objects.select_for_update().get_or_create(
                email=email, defaults=data
            )
    except IntegrityError:
        volunteer, created = Volunteer.objects.select_for_update().get(email=email), False
    if not created:
        stage_volunteer_change(
            volunteer=volunteer,
            data=data,
            interests=interests,
            consents=consents,
            base_url=base_url,
        )
        return volunteer, False
    volunteer.interests.set(interests)
    consent_note = _give_consents(volunteer, consents)
    audit.record_created(
        by=None,
        instance=volunteer,
        names=_SIGNUP_RECORDED,
        note=" ".join([_("Tilmeldt via formularen på hjemmesiden."), consent_note]).strip(),
    )
    mail_volunteer(
        volunteer=volunteer,
        template="volunteers/email/volunteer_confirm",
        base_url=base_url,
        links=[LinkPurpose.CONFIRM],
        required=True,
    )
    return volunteer, True


@transaction.atomic
def register_volunteer(*, data, interests, consents, by) -> Volunteer:
    """The secretariat registers a volunteer it met, with the consents the person gave.

    For sign-ups on paper or at an event, and for the demo alliance. data,
    interests and consents are as for sign_up_volunteer, from the sign-up
    form. Unlike the public sign-up nothing is mailed, and the address counts
    as unconfirmed. An address already on file is refused: that volunteer's
    record is edited instead.
    """
    _require(can_manage_volunteers(by))
    email = data["email"]
    if Volunteer.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("Der findes allerede en frivillig med den e-mailadresse."), code="known_email"
        )
    volunteer = Volunteer.objects.create(
        email=email, **{field: data[field] for field in SIGNUP_FIELDS if field in data}
    )
    volunteer.interests.set(interests)
    consent_note = _give_consents(volunteer, consents)
    audit.record_created(by=by, instance=volunteer, names=_SIGNUP_RECORDED, note=consent_note)
    return volunteer


def _merged(volunteer, data):
    """The fields a sign-up's data would change in the record, with their new values."""
    values = {}
    for field in _REPLACED_FIELDS:
        if data.get(field) and data[field] != getattr(volunteer, field):
            values[field] = data[field]
    for field in _ADDED_TO_FIELDS:
        current = getattr(volunteer, field)
        if data.get(field) and data[field] not in current:
            values[field] = "\n\n".join(filter(None, [current, data[field]]))[:2000]
    availability = sorted(set(volunteer.availability) | set(data.get("availability") or []))
    if availability != sorted(volunteer.availability):
        values["availability"] = availability
    return values


def _availability_text(values):
    labels = dict(Availability.choices)
    return ", ".join(str(labels.get(value, value)) for value in values)


def _one_line(text):
    """A text of several lines on one, so that a change reads as one line: before → after."""
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())


def _change_lines(volunteer, data, interests, consents):
    """What a sign-up would change, as plain-text lines: label, before, after."""
    lines = []
    for field, value in _merged(volunteer, data).items():
        before, after = getattr(volunteer, field), value
        if field == "availability":
            before, after = _availability_text(before), _availability_text(after)
        label = capfirst(Volunteer._meta.get_field(field).verbose_name)
        lines.append(
            {"label": label, "before": _one_line(before) or "–", "after": _one_line(after)}
        )
    current = list(volunteer.interests.order_by("name"))
    added = [initiative for initiative in interests if initiative not in current]
    if added:
        lines.append(
            {
                "label": _("Interesserede indsatser"),
                "before": ", ".join(str(i) for i in current) or "–",
                "after": ", ".join(str(i) for i in current + added),
            }
        )
    standing = _standing_consents(volunteer)
    for purpose in consents:
        if purpose not in standing:
            label = _("Samtykke: %(purpose)s") % {"purpose": ConsentPurpose(purpose).label}
            lines.append({"label": label, "before": _("nej"), "after": _("ja")})
    return lines


def volunteer_change_lines(change):
    """What confirming a staged sign-up would change in the record as it is now."""
    return _change_lines(
        change.volunteer, change.data, list(change.interests.order_by("name")), change.consents
    )


def stage_volunteer_change(*, volunteer, data, interests, consents, base_url):
    """Keep a repeated sign-up aside and ask the address on file to confirm it.

    With nothing to change, the owner is only told of the sign-up, or sent
    the confirmation of their address again if it was never confirmed.
    """
    data = {field: data.get(field) for field in SIGNUP_FIELDS}
    interests = list(interests)
    lines = _change_lines(volunteer, data, interests, consents)
    if not lines:
        mail_volunteer(
            volunteer=volunteer,
            template=(
                "volunteers/email/volunteer_confirm"
                if volunteer.email_confirmed_at is None
                else "volunteers/email/volunteer_known"
            ),
            base_url=base_url,
            links=[LinkPurpose.CONFIRM] if volunteer.email_confirmed_at is None else [],
            required=True,
        )
        return None
    change, token = PendingVolunteerChange.issue(volunteer=volunteer, data=data, consents=consents)
    change.interests.set(interests)
    audit.record(
        by=None,
        instance=volunteer,
        action=audit.Action.CHANGED,
        note=_(
            "Tilmeldte sig igen med samme e-mailadresse. Ændringerne venter på, at de bliver "
            "bekræftet fra e-mailen."
        ),
    )
    mail_volunteer(
        volunteer=volunteer,
        template="volunteers/email/volunteer_change",
        base_url=base_url,
        changes=lines,
        change_link=base_url.rstrip("/") + reverse("volunteers:change", args=[token]),
        expires_at=change.expires_at,
        required=True,
    )
    return change


def find_volunteer_change(token):
    """The staged sign-up a link confirms, or None when it is unknown, applied or expired."""
    change = PendingVolunteerChange.objects.find(token)
    return change if change is not None and change.is_usable else None


@transaction.atomic
def apply_volunteer_change(*, token):
    """Apply a staged sign-up from its link, once; None when the link no longer works.

    Confirming from the inbox also proves the address, so an unconfirmed
    address counts as confirmed afterwards.
    """
    found = PendingVolunteerChange.objects.find(token)
    if found is None:
        return None
    volunteer = (
        Volunteer.objects.select_for_update().present().filter(pk=found.volunteer_id).first()
    )
    change = PendingVolunteerChange.objects.select_for_update().get(pk=found.pk)
    if volunteer is None or change.applied_at is not None or change.expires_at <= timezone.now():
        return None
    before = volunteer.full_name
    recorded = audit.snapshot(volunteer, [*SIGNUP_FIELDS, "email_confirmed_at", "interests"])
    for field, value in _merged(volunteer, change.data).items():
        setattr(volunteer, field, value)
    now = timezone.now()
    if volunteer.email_confirmed_at is None:
        volunteer.email_confirmed_at = now
    volunteer.version += 1
    volunteer.save()
    volunteer.interests.add(*change.interests.all())
    consent_note = _give_consents(volunteer, change.consents)
    change.applied_at = now
    change.save(update_fields=["applied_at"])
    audit.record_change(
        by=None,
        instance=volunteer,
        before=recorded,
        note=_via_link(
            " ".join(
                filter(None, [_("Bekræftede ændringerne fra en ny tilmelding."), consent_note])
            )
        ),
    )
    VolunteerNote.objects.create(
        volunteer=volunteer,
        body=_(
            "Tilmeldte sig igen %(date)s og bekræftede ændringerne fra sin e-mail "
            "(tidligere navn: %(name)s)."
        )
        % {"date": timezone.localdate().strftime("%d.%m.%Y"), "name": before},
    )
    return volunteer


@transaction.atomic
def confirm_volunteer_email(*, volunteer):
    """The volunteer proved the address from the link in the first mail; once is enough."""
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if stored.email_confirmed_at is None:
        _write(volunteer, by=None, note=_via_link(), email_confirmed_at=timezone.now())
    return volunteer


def needs_child_certificate(volunteer, initiative):
    """True when the initiative involves children and the volunteer's børneattest is
    missing or expired (Volunteer.is_cleared_for_children)."""
    return bool(
        initiative and initiative.involves_children and not volunteer.is_cleared_for_children()
    )


def _require_phone_confirmation(form):
    """The note for activating a volunteer whose e-mail was never confirmed.

    Someone must have spoken to the person: the form's "bekræftet pr.
    telefon" box and a note saying so are required, or the change is refused.
    """
    data = getattr(form, "cleaned_data", {})
    note = (data.get("phone_note") or "").strip()
    if not data.get("confirmed_by_phone") or not note:
        raise ValidationError(
            {
                "confirmed_by_phone": _(
                    "Den frivillige har ikke bekræftet sin e-mailadresse. Sæt kryds ved "
                    '"Bekræftet pr. telefon" og skriv en note om samtalen, før den '
                    "frivillige sættes som aktiv."
                )
            },
            code="email_unconfirmed",
        )
    return _("Bekræftet pr. telefon: %(note)s") % {"note": note}


@transaction.atomic
def update_volunteer(*, form, by):
    """Save the secretariat's changes to status and assignment.

    A new status must be one the table allows, and a volunteer becomes or
    stays active in an initiative with children only once the børneattest
    has been assessed.
    """
    _require(can_manage_volunteers(by))
    volunteer = form.instance
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if (form.cleaned_data.get("version") or 0) != stored.version:
        raise EditConflict
    if volunteer.status != stored.status:
        check_transition(
            VOLUNTEER_TRANSITIONS,
            current=stored.status,
            new=volunteer.status,
            role=volunteer_role(by),
            statuses=_S,
        )
    if volunteer.status == Volunteer.Status.ACTIVE and needs_child_certificate(
        volunteer, volunteer.assigned_initiative
    ):
        raise ValidationError(
            _(
                "%(initiative)s involverer børn under 15 år. Registrér, at børneattesten er "
                "vurderet og ikke udløbet, før den frivillige sættes som aktiv her."
            )
            % {"initiative": volunteer.assigned_initiative},
            code="child_certificate",
        )
    phone_note = ""
    if (
        volunteer.status == Volunteer.Status.ACTIVE
        and stored.status != Volunteer.Status.ACTIVE
        and stored.email_confirmed_at is None
    ):
        phone_note = _require_phone_confirmation(form)
    if volunteer.status != stored.status:
        volunteer.status_changed_at = timezone.now()
    volunteer = audit.save_form(form, by=by, note=phone_note)
    if phone_note:
        VolunteerNote.objects.create(volunteer=volunteer, body=phone_note, author=by)
    _tell_lead_organisation(volunteer, previous_initiative_id=stored.assigned_initiative_id, by=by)
    return volunteer


def _tell_lead_organisation(volunteer, *, previous_initiative_id, by):
    initiative = volunteer.assigned_initiative
    if initiative is not None and initiative.pk != previous_initiative_id:
        # The lead organisation hears only the first name: the rest of the
        # volunteer's data stays with the secretariat.
        notify(
            kind=Kind.VOLUNTEER_ASSIGNED,
            recipients=User.objects.active().filter(
                organisation_id=initiative.lead_organisation_id
            ),
            template="volunteers/email/volunteer_assigned",
            context={"initiative": initiative, "first_name": volunteer.first_name},
            url=reverse("initiatives:initiative_detail", args=[initiative.slug]),
            topic=initiative.name,
            by=by,
        )


def _each(volunteers, change):
    """Make one change to each volunteer in its own transaction: (changed, refused), refused
    as (volunteer, reason) pairs, so one refusal does not stop the others."""
    changed, refused = [], []
    for volunteer in volunteers:
        try:
            change(volunteer)
        except ValidationError as error:
            refused.append((volunteer, " ".join(error.messages)))
        else:
            changed.append(volunteer)
    return changed, refused


def set_volunteers_status(*, volunteers, status, by):
    """Move several volunteers to one status; each is its own change, refused or not.

    Returns (changed, refused), refused as (volunteer, reason) pairs: one
    volunteer the table or the rules refuse does not stop the others.
    Activating a volunteer whose address was never confirmed needs the note
    from a phone call, which only the volunteer's own page takes.
    """
    _require(can_manage_volunteers(by))
    return _each(
        volunteers, lambda volunteer: _set_status(volunteer=volunteer, status=status, by=by)
    )


@transaction.atomic
def _set_status(*, volunteer, status, by):
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if stored.status == status:
        return
    check_transition(
        VOLUNTEER_TRANSITIONS,
        current=stored.status,
        new=status,
        role=volunteer_role(by),
        statuses=_S,
    )
    if status == _S.ACTIVE:
        if needs_child_certificate(stored, stored.assigned_initiative):
            raise ValidationError(
                _("Børneattesten mangler eller er udløbet."), code="child_certificate"
            )
        if stored.email_confirmed_at is None:
            raise ValidationError(
                _(
                    "E-mailadressen er ikke bekræftet; sæt den frivillige som aktiv fra "
                    "den frivilliges egen side med en note om telefonsamtalen."
                ),
                code="email_unconfirmed",
            )
    _write(volunteer, by=by, status=status, status_changed_at=timezone.now())


def assign_volunteers(*, volunteers, initiative, by):
    """Assign several volunteers to one initiative; returns (changed, refused) as above."""
    _require(can_manage_volunteers(by))
    return _each(
        volunteers, lambda volunteer: _assign(volunteer=volunteer, initiative=initiative, by=by)
    )


@transaction.atomic
def _assign(*, volunteer, initiative, by):
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if stored.assigned_initiative_id == initiative.pk:
        return
    if stored.status == _S.ACTIVE and needs_child_certificate(stored, initiative):
        raise ValidationError(
            _("Børneattesten mangler eller er udløbet, og indsatsen involverer børn."),
            code="child_certificate",
        )
    _write(volunteer, by=by, assigned_initiative=initiative)
    volunteer.assigned_initiative = initiative
    _tell_lead_organisation(volunteer, previous_initiative_id=stored.assigned_initiative_id, by=by)


@transaction.atomic
def correct_volunteer(*, form, by):
    """The secretariat corrects a volunteer's data; every changed field goes in the history.

    A page opened before someone else's change is refused (EditConflict) by
    the form's version, so nobody overwrites a correction unseen. A changed
    address counts as unconfirmed until the volunteer confirms it.
    """
    _require(can_manage_volunteers(by))
    volunteer = form.instance
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if stored.anonymised_at is not None:
        raise PermissionDenied
    if volunteer.email.lower() != stored.email.lower():
        volunteer.email_confirmed_at = None
    return audit.save_form(form, by=by)


@transaction.atomic
def record_child_certificate(*, volunteer, checked_on, by):
    """Record that the secretariat assessed the børneattest; the certificate itself is not kept."""
    _require(can_manage_volunteers(by))
    _write(
        volunteer,
        by=by,
        child_certificate_checked_on=checked_on,
        child_certificate_checked_by=by,
    )


@transaction.atomic
def add_volunteer_note(*, volunteer, body, by):
    """The secretariat's internal note; the volunteer's history records that it was added."""
    _require(can_manage_volunteers(by))
    note = VolunteerNote.objects.create(volunteer=volunteer, body=body, author=by)
    # The note itself stays in the list of notes; the history says only that one was added.
    _write(volunteer, by=by, note=_("Intern note tilføjet."))
    return note


@transaction.atomic
def write_to_volunteer(*, volunteer, subject, body, by) -> VolunteerNote:
    """The secretariat's own e-mail to a volunteer, sent on commit and kept in the timeline.

    Refused for a volunteer who was anonymised, has no address, or withdrew the
    consent to be contacted (mail_volunteer's rule). The mail goes out in the
    volunteer's language, if one is stored. A note keeps the subject and the
    text for the secretariat, and goes with the other notes if the volunteer is
    anonymised; the history records the subject.
    """
    _require(can_manage_volunteers(by))
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if stored.anonymised_at is not None:
        raise ValidationError(
            _("Den frivilliges oplysninger er slettet. E-mailen er ikke sendt."),
            code="anonymised",
        )
    if not stored.email:
        raise ValidationError(
            _("Den frivillige har ingen e-mailadresse. E-mailen er ikke sendt."),
            code="no_email",
        )
    sent = mail_volunteer(
        volunteer=stored,
        template="volunteers/email/volunteer_message",
        base_url=absolute("/"),
        language=language_of(stored),
        subject=subject,
        body=body,
    )
    if not sent:
        raise ValidationError(
            _("Den frivillige har trukket samtykket til kontakt tilbage. E-mailen er ikke sendt."),
            code="no_contact_consent",
        )
    headline = _("E-mail sendt: %(subject)s") % {"subject": subject}
    note = VolunteerNote.objects.create(volunteer=stored, author=by, body=f"{headline}\n\n{body}")
    _write(volunteer, by=by, note=headline)
    return note


@transaction.atomic
def set_volunteer_consent(*, volunteer, purpose, given, by=None):
    """Give or withdraw one consent; withdrawing is as easy as giving.

    by None: the volunteer, through the link to their data.
    """
    if given:
        note = _give_consents(volunteer, [purpose])
    else:
        standing = list(volunteer.consents.filter(purpose=purpose, withdrawn_at__isnull=True))
        Consent.objects.filter(pk__in=[consent.pk for consent in standing]).update(
            withdrawn_at=timezone.now()
        )
        note = _consent_note(standing, _("Samtykke trukket tilbage: %(consents)s."))
    if note:
        _write(volunteer, by=by, note=_via_link(note) if by is None else note)


@transaction.atomic
def correct_own_data(*, volunteer, data):
    """The volunteer corrects their data through the link to it; each change is recorded."""
    stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if stored.anonymised_at is not None:
        raise PermissionDenied
    values = {name: value for name, value in data.items() if getattr(stored, name) != value}
    if values:
        _write(volunteer, by=None, note=_via_link(_("Rettede sine oplysninger.")), **values)
    return volunteer


def volunteer_data(volunteer):
    """Everything the portal holds about a volunteer, for the volunteer to download."""
    certificate_by = volunteer.child_certificate_checked_by
    return {
        "fornavn": volunteer.first_name,
        "efternavn": volunteer.last_name,
        "e-mail": volunteer.email,
        "telefon": volunteer.phone,
        "postnummer": volunteer.postcode,
        "interesserede indsatser": [str(i) for i in volunteer.interests.order_by("name")],
        "andre interesser": volunteer.interest_text,
        "kompetencer": volunteer.skills,
        "tid": [str(dict(Availability.choices).get(v, v)) for v in volunteer.availability],
        "besked": volunteer.message,
        "status": str(volunteer.get_status_display()),
        "status ændret": volunteer.status_changed_at,
        "tilknyttet indsats": str(volunteer.assigned_initiative or ""),
        "børneattest vurderet": volunteer.child_certificate_checked_on,
        "børneattest vurderet af": certificate_by.full_name if certificate_by else None,
        "tilmeldt": volunteer.created_at,
        "e-mail bekræftet": volunteer.email_confirmed_at,
        "spurgt om at fortsætte": volunteer.stay_asked_at,
        "svarede ja til at fortsætte": volunteer.stay_confirmed_at,
        "samtykker": [
            {
                "formål": str(consent.get_purpose_display()),
                "tekst": str(CONSENT_TEXTS[consent.purpose][1]),
                "tekstversion": consent.text_version,
                "givet": consent.given_at,
                "trukket tilbage": consent.withdrawn_at,
            }
            for consent in volunteer.consents.all()
        ],
        "sekretariatets noter": [
            {"skrevet": note.created_at, "note": note.body} for note in volunteer.notes.all()
        ],
        "ventende ændringer": [
            {
                "indsendt": change.created_at,
                "udløber": change.expires_at,
                "bekræftet": change.applied_at,
                "oplysninger": change.data,
                "interesserede indsatser": [str(i) for i in change.interests.order_by("name")],
                "samtykker": change.consents,
            }
            for change in volunteer.pending_changes.all()
        ],
        "links i e-mails": [
            {
                "formål": str(link.get_purpose_display()),
                "sendt": link.created_at,
                "udløber": link.expires_at,
                "brugt": link.used_at,
            }
            for link in volunteer.links.all()
        ],
        "historik": [
            {
                "tidspunkt": event.at,
                "handling": str(event.get_action_display()),
                "af": event.actor_name or str(_("Portalen")),
                "ændringer": [
                    {"felt": label, "før": before, "efter": after}
                    for label, before, after in audit.rows(event)
                ],
                "note": event.note,
            }
            for event in audit.history(volunteer).select_related("content_type")
        ],
    }


@transaction.atomic
def request_volunteer_deletion(*, volunteer, base_url):
    """Mail a short-lived, single-use link that deletes the volunteer's data.

    The link that shows the data may have been forwarded or may sit in an old
    mail; deleting asks for proof from the inbox once more.
    """
    _write(
        volunteer,
        by=None,
        note=_via_link(_("Bad om at få sine oplysninger slettet; et link til sletning er sendt.")),
    )
    mail_volunteer(
        volunteer=volunteer,
        template="volunteers/email/volunteer_delete",
        base_url=base_url,
        links=[LinkPurpose.DELETE],
        valid_minutes=settings.VOLUNTEER_DELETE_LINK_VALID_MINUTES,
        required=True,
    )


@transaction.atomic
def delete_volunteer_by_link(*, token):
    """Anonymise the volunteer a delete link belongs to; None when the link no longer works."""
    found = VolunteerLink.objects.find(token, LinkPurpose.DELETE)
    if found is None:
        return None
    link = VolunteerLink.objects.select_for_update().get(pk=found.pk)
    if link.used_at is not None:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    email, first_name = link.volunteer.email, link.volunteer.first_name
    volunteer = anonymise_volunteer(
        volunteer=link.volunteer,
        reason=_via_link(_("Slettet efter ønske fra den frivillige.")),
        by=None,
    )
    # The receipt the person is owed, sent after the queue was cleared of their mail;
    # the address is used here once more and kept nowhere.
    send_templated_mail(
        to=[email],
        template="volunteers/email/volunteer_deleted",
        context={"first_name": first_name, "deleted_on": timezone.localdate()},
    )
    return volunteer


@transaction.atomic
def send_new_data_link(*, email, base_url):
    """Mail a fresh link to their data to a volunteer who asks from the expired-link page.

    Nothing tells the asker whether the address is known: an unknown one
    gets no mail and the same answer.
    """
    volunteer = Volunteer.objects.present().filter(email__iexact=email).first()
    if volunteer is None:
        return False
    audit.record(
        by=None,
        instance=volunteer,
        action=audit.Action.CHANGED,
        note=_("Bad om et nyt link til sine oplysninger."),
    )
    return mail_volunteer(
        volunteer=volunteer,
        template="volunteers/email/volunteer_new_link",
        base_url=base_url,
        required=True,
        valid_days=settings.VOLUNTEER_LINK_VALID_DAYS,
    )


def _forget_queued_mail(email):
    """Delete stored mail tasks addressed to this person; one being sent right now is left."""
    escaped = json.dumps(email)[1:-1]
    candidates = DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING).filter(
        Q(args_kwargs__icontains=email) | Q(args_kwargs__icontains=escaped)
    )
    doomed = [
        row.pk
        for row in candidates.only("pk", "args_kwargs")
        if email.lower()
        in [str(to).lower() for to in (row.args_kwargs.get("kwargs") or {}).get("to") or []]
    ]
    DBTaskResult.objects.filter(pk__in=doomed).delete()


def _forget_admin_log(model, pks):
    """Delete the admin's history of these objects: its entries repeat their names."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).delete()


@transaction.atomic
def anonymise_volunteer(*, volunteer, reason, by=None):
    """Erase a volunteer's personal data; keep a row so counts and history still add up.

    Copies outside the record go too: links, staged sign-ups, mail waiting
    in the task queue, the admin's history of the volunteer and the notes,
    and the values in the portal's own history, whose events stay under a
    neutral name. by None: the portal itself (the retention rules or the
    volunteer's own delete link).
    """
    if by is not None:
        _require(can_manage_volunteers(by))
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.anonymised_at:
        return volunteer
    email = volunteer.email
    related = {
        Volunteer: [volunteer.pk],
        VolunteerNote: list(volunteer.notes.values_list("pk", flat=True)),
        Consent: list(volunteer.consents.values_list("pk", flat=True)),
        PendingVolunteerChange: list(volunteer.pending_changes.values_list("pk", flat=True)),
        VolunteerLink: list(volunteer.links.values_list("pk", flat=True)),
    }
    _forget_queued_mail(email)
    for model in [Volunteer, VolunteerNote, PendingVolunteerChange]:
        _forget_admin_log(model, related[model])
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
    volunteer.links.all().delete()
    volunteer.pending_changes.all().delete()
    VolunteerNote.objects.create(volunteer=volunteer, body=reason)
    label = _("Anonymiseret frivillig #%(pk)s") % {"pk": volunteer.pk}
    for model, pks in related.items():
        audit.scrub(model, pks, label=label)
    audit.record(by=by, instance=volunteer, action=audit.Action.ANONYMISED, note=reason)
    return volunteer


def volunteers_to_purge(*, now=None):
    """Volunteers whose data has been kept as long as the privacy notice says."""
    return [volunteer for volunteer, _rule in retention.due_for_purge(now)]


def purge_volunteers(*, now=None):
    """Anonymise by the retention rules and drop expired links and staged sign-ups.

    Returns the (volunteer, rule) pairs anonymised.
    """
    now = now or timezone.now()
    due = retention.due_for_purge(now)
    for volunteer, rule in due:
        anonymise_volunteer(volunteer=volunteer, reason=f"Anonymiseret automatisk ({rule.key}).")
    delete_expired_volunteer_links(now=now)
    return due


def delete_expired_volunteer_links(*, now=None):
    now = now or timezone.now()
    links, _by_model = VolunteerLink.objects.filter(expires_at__lte=now).delete()
    expired = PendingVolunteerChange.objects.expired(now)
    _forget_admin_log(PendingVolunteerChange, expired.values_list("pk", flat=True))
    changes, _by_model = expired.delete()
    return links, changes


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
    for volunteer in paused:
        # The version moves too (_write), so a secretariat page opened before the pause
        # reports a conflict instead of setting the volunteer active again unseen.
        with transaction.atomic():
            check_transition(
                VOLUNTEER_TRANSITIONS,
                current=volunteer.status,
                new=_S.PAUSED,
                role=SYSTEM,
                statuses=_S,
            )
            _write(
                volunteer,
                by=None,
                note=_("Svarede ikke på det årlige spørgsmål om at fortsætte."),
                status=_S.PAUSED,
                status_changed_at=now,
            )
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
            _write(volunteer, by=None, stay_asked_at=now)
            mail_volunteer(
                volunteer=volunteer,
                template="volunteers/email/volunteer_stay",
                base_url=base_url,
                links=[LinkPurpose.STAY],
            )
        asked.append(volunteer)
    return asked, paused


@transaction.atomic
def confirm_volunteer_stays(*, volunteer):
    """The volunteer answered yes to the yearly question, from the link in its mail."""
    _write(volunteer, by=None, note=_via_link(), stay_confirmed_at=timezone.now())


def warn_expiring_certificates(*, today=None):
    """Tell the secretariat of børneattester at work with children that run out soon.

    Each volunteer is told of once per expiry (certificate_warned_for holds the
    expiry day told of): a second run tells nothing new, and a renewed certificate
    is told of again before its new expiry. One that has already expired unseen, say
    because it was recorded late, is told of too. The mail names no volunteer, as
    notifications outlive anonymisation; it links to each volunteer's page.
    Returns the volunteers told of.
    """
    today = today or timezone.localdate()
    due = []
    with transaction.atomic():
        for volunteer in Volunteer.objects.certificate_warning_due(today):
            stored = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
            expires_on = volunteer.child_certificate_expires_on
            if stored.certificate_warned_for is not None and stored.certificate_warned_for >= (
                stored.child_certificate_expires_on or expires_on
            ):
                continue  # a run alongside this one told of it first
            before = audit.snapshot(stored, ["certificate_warned_for"])
            # The version stays: no edit page shows this field, so none need conflict.
            Volunteer.objects.filter(pk=volunteer.pk).update(certificate_warned_for=expires_on)
            volunteer.certificate_warned_for = expires_on
            audit.record_change(
                by=None,
                instance=volunteer,
                before=before,
                note=_("Sekretariatet fik besked om, at børneattesten udløber."),
            )
            due.append(volunteer)
        if not due:
            return []
        notify(
            kind=Kind.CERTIFICATE_EXPIRING,
            recipients=User.objects.active().filter(role=User.Role.SECRETARIAT),
            template="volunteers/email/certificates_expiring",
            context={
                "initiatives": ", ".join(
                    sorted({volunteer.assigned_initiative.name for volunteer in due})
                ),
                "volunteers": [
                    {
                        "initiative": volunteer.assigned_initiative.name,
                        "expires_on": volunteer.child_certificate_expires_on,
                        "expired": volunteer.child_certificate_expires_on < today,
                        "link": absolute(reverse("volunteers:detail", args=[volunteer.pk])),
                    }
                    for volunteer in due
                ],
            },
            url=reverse("volunteers:list") + "?certificate=expiring",
            topic=settings.ALLIANCE_NAME,
        )
    return due
