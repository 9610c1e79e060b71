"""
Volunteers who sign up through the public form, and what the secretariat
records about them: the pipeline, notes, consents and the børneattest check;
the links mailed to them, and repeated sign-ups waiting for confirmation.

The portal never stores CPR numbers or the certificate itself, only that it
was assessed, when and by whom.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.phone import PhoneField
from alliance.tokens import hash_token, new_token
from members.permissions import is_secretariat


class Availability(models.TextChoices):
    WEEKDAYS = "weekdays", _("Hverdage i dagtimerne")
    EVENINGS = "evenings", _("Aftener")
    WEEKENDS = "weekends", _("Weekender")
    NOW_AND_THEN = "now_and_then", _("En gang imellem")


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Kontakt om frivilligt arbejde")
    NEWSLETTER = "newsletter", _("Nyhedsbrev")


# The wording each consent was given to, by purpose. Change the version
# whenever the wording changes, so that every consent can be traced to it.
CONSENT_TEXTS = {
    ConsentPurpose.CONTACT: (
        "2026-11",
        _("Ja, sekretariatet må kontakte mig om frivilligt arbejde i alliancens indsatser."),
    ),
    ConsentPurpose.NEWSLETTER: (
        "2026-11",
        _("Ja, jeg vil gerne have alliancens nyhedsbrev på e-mail."),
    ),
}


def child_certificate_valid_days():
    return getattr(settings, "VOLUNTEER_CHILD_CERTIFICATE_VALID_DAYS", 730)


def child_certificate_warn_days():
    """Days before expiry a certificate counts as expiring: flagged in the inbox and
    announced to the secretariat (warn_expiring_certificates), so a new one is asked for
    in time."""
    return getattr(settings, "VOLUNTEER_CHILD_CERTIFICATE_WARN_DAYS", 30)


def child_certificate_cutoff(today=None):
    """The earliest assessment date that still counts: older certificates have expired.

    The one rule for whether a volunteer is cleared to work with children;
    the queryset and the model both read it from here.
    """
    return (today or timezone.localdate()) - timedelta(days=child_certificate_valid_days())


class VolunteerQuerySet(models.QuerySet):
    def cleared_for_children(self, today=None):
        """Volunteers whose børneattest was assessed and has not expired."""
        return self.filter(child_certificate_checked_on__gte=child_certificate_cutoff(today))

    def certificate_warning_due(self, today=None):
        """Volunteers at work with children whose børneattest expires within the warning
        period (or has expired) and the secretariat has not yet been told of that expiry.

        At work: active, or contacted and assigned, in an initiative that involves
        children. A renewed certificate expires on a new day, so it is told of again.
        """
        today = today or timezone.localdate()
        soon = child_certificate_cutoff(today) + timedelta(days=child_certificate_warn_days())
        candidates = (
            self.present()
            .filter(
                status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.CONTACTED],
                assigned_initiative__involves_children=True,
                child_certificate_checked_on__lte=soon,
            )
            .select_related("assigned_initiative")
            .order_by("child_certificate_checked_on", "pk")
        )
        # The expiry is a computed date, compared here rather than in SQL, where date
        # arithmetic differs between SQLite and PostgreSQL.
        return [
            volunteer
            for volunteer in candidates
            if volunteer.certificate_warned_for is None
            or volunteer.certificate_warned_for < volunteer.child_certificate_expires_on
        ]

    def with_contact_consent(self):
        """Annotate has_contact_consent: a standing consent to be contacted."""
        return self.annotate(
            has_contact_consent=models.Exists(
                Consent.objects.filter(
                    volunteer=models.OuterRef("pk"),
                    purpose=ConsentPurpose.CONTACT,
                    withdrawn_at__isnull=True,
                )
            )
        )

    def matching(self, initiative, today=None):
        """Volunteers who fit an initiative, best first, scored in the database.

        Interest in the initiative weighs most (10), then each word of the
        initiative's name and description found in their skills or other
        interests (2 each), a valid børneattest where children are involved
        (3), and each time of the week they can help (1). Only those
        interested or with a matching word are listed; volunteers who stopped,
        or who already work in it, are left out.
        """
        text = f"{initiative.name} {initiative.volunteer_description}"
        words = list(dict.fromkeys(word.lower() for word in re.findall(r"\w{5,}", text)))[:12]
        zero = models.Value(0)

        def points(condition, value):
            return models.Case(models.When(condition, then=models.Value(value)), default=zero)

        word_points = sum(
            (
                points(
                    models.Q(skills__icontains=word) | models.Q(interest_text__icontains=word), 2
                )
                for word in words
            ),
            start=zero,
        )
        time_points = sum(
            (points(models.Q(availability__icontains=f'"{value}"'), 1) for value in Availability),
            start=zero,
        )
        certificate_points = zero
        if initiative.involves_children:
            certificate_points = points(
                models.Q(child_certificate_checked_on__gte=child_certificate_cutoff(today)), 3
            )
        return (
            self.present()
            .exclude(status=Volunteer.Status.ENDED)
            .exclude(assigned_initiative=initiative)
            .annotate(
                interested=models.Exists(
                    Volunteer.interests.through.objects.filter(
                        volunteer_id=models.OuterRef("pk"), initiative_id=initiative.pk
                    )
                ),
                word_points=word_points,
                time_points=time_points,
                certificate_points=certificate_points,
            )
            .filter(models.Q(interested=True) | models.Q(word_points__gt=0))
            .annotate(
                score=points(models.Q(interested=True), 10)
                + models.F("word_points")
                + models.F("certificate_points")
                + models.F("time_points")
            )
            .order_by("-score", "-created_at", "-pk")
        )

    def present(self):
        """Everybody not yet anonymised."""
        return self.filter(anonymised_at__isnull=True)

    def visible_to(self, user):
        """All for the secretariat; for a member, those assigned to their organisation's work."""
        if is_secretariat(user):
            return self.present()
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        return (
            self.present()
            .filter(
                Q(assigned_initiative__lead_organisation_id=user.organisation_id)
                | Q(
                    assigned_initiative__commitments__organisation_id=user.organisation_id,
                    assigned_initiative__commitments__status__in=["active", "at_risk"],
                )
            )
            .distinct()
        )

    def search(self, text):
        if not text:
            return self
        return self.filter(
            Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
            | Q(skills__icontains=text)
            | Q(interest_text__icontains=text)
        )


class Volunteer(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        CONTACTED = "contacted", _("Kontaktet")
        ACTIVE = "active", _("Aktiv")
        PAUSED = "paused", _("På pause")
        ENDED = "ended", _("Stoppet")

    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    email = models.EmailField(_("e-mail"), unique=True)
    phone = PhoneField(_("telefon"))
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    interests = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("interesserede indsatser"),
        related_name="interested_volunteers",
        blank=True,
    )
    interest_text = models.TextField(_("andre interesser"), max_length=2000, blank=True)
    skills = models.TextField(_("kompetencer og erfaring"), max_length=2000, blank=True)
    availability = models.JSONField(_("tid"), default=list, blank=True)
    message = models.TextField(_("besked"), max_length=2000, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("tilknyttet indsats"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_volunteers",
    )
    child_certificate_checked_on = models.DateField(
        _("børneattest vurderet"), null=True, blank=True
    )
    child_certificate_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("børneattest vurderet af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The expiry day of the børneattest the secretariat was last told is running out;
    # a renewed certificate has a later expiry and is told of again.
    certificate_warned_for = models.DateField(
        _("varslet om børneattest, der udløber"), null=True, blank=True, editable=False
    )
    email_confirmed_at = models.DateTimeField(_("e-mail bekræftet"), null=True, blank=True)
    created_at = models.DateTimeField(_("tilmeldt"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status ændret"), default=timezone.now)
    # The yearly question whether the volunteer wants to stay registered.
    stay_asked_at = models.DateTimeField(_("spurgt om at fortsætte"), null=True, blank=True)
    stay_confirmed_at = models.DateTimeField(
        _("svarede ja til at fortsætte"), null=True, blank=True
    )
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("frivillig")
        verbose_name_plural = _("frivillige")
        indexes = [
            # The inbox filters by status, newest first.
            models.Index(fields=["status", "created_at"], name="volunteers_inbox"),
        ]

    def __str__(self):
        if self.anonymised_at:
            return str(_("Anonymiseret frivillig"))
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def is_cleared_for_children(self, today=None):
        checked_on = self.child_certificate_checked_on
        return checked_on is not None and checked_on >= child_certificate_cutoff(today)

    @property
    def child_certificate_expires_on(self):
        checked_on = self.child_certificate_checked_on
        if checked_on is None:
            return None
        return checked_on + timedelta(days=child_certificate_valid_days())

    @property
    def child_certificate_state(self):
        """None (never assessed), "valid", "expiring" (within the warning period) or "expired"."""
        if self.child_certificate_checked_on is None:
            return None
        if not self.is_cleared_for_children():
            return "expired"
        remaining = (self.child_certificate_expires_on - timezone.localdate()).days
        return "expiring" if remaining <= child_certificate_warn_days() else "valid"

    def get_availability_display(self):
        labels = dict(Availability.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.availability)


class VolunteerNote(models.Model):
    """The secretariat's internal note on a volunteer; never shown to members."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note om frivillig")
        verbose_name_plural = _("noter om frivillige")

    def __str__(self):
        return self.body[:40]


class Consent(models.Model):
    """One consent as given, with the version of the text it was given to."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("formål"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("tekstversion"), max_length=20)
    given_at = models.DateTimeField(_("givet"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)

    class Meta:
        ordering = ["given_at"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="volunteers_consent_one_standing_per_purpose",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.text_version})"


class LinkPurpose(models.TextChoices):
    CONFIRM = "confirm", _("Bekræft e-mailadressen")
    DATA = "data", _("Se og hent dine oplysninger")
    STAY = "stay", _("Bliv stående som frivillig")
    DELETE = "delete", _("Slet dine oplysninger")


# Links that act once; the others may be opened again until they expire.
SINGLE_USE_PURPOSES = {LinkPurpose.DELETE}


def link_lifetime(purpose):
    if purpose == LinkPurpose.DELETE:
        return timedelta(minutes=settings.VOLUNTEER_DELETE_LINK_VALID_MINUTES)
    return timedelta(days=settings.VOLUNTEER_LINK_VALID_DAYS)


class VolunteerLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            volunteer__anonymised_at__isnull=True,
        )

    def find(self, token, purpose):
        """The usable link a token opens for this purpose, or None."""
        return (
            self.usable()
            .filter(token_hash=hash_token(token), purpose=purpose)
            .select_related("volunteer")
            .first()
        )


class VolunteerLink(models.Model):
    """A link mailed to a volunteer. The token is in the mail only; the row holds its hash."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(_("formål"), max_length=20, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    used_at = models.DateTimeField(_("brugt"), null=True, blank=True)

    objects = VolunteerLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("link til frivillig")
        verbose_name_plural = _("links til frivillige")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, *, volunteer, purpose):
        """Create a link; return it with the plain token (stored only hashed)."""
        token, token_hash = new_token()
        now = timezone.now()
        link = cls.objects.create(
            volunteer=volunteer,
            purpose=purpose,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + link_lifetime(purpose),
        )
        return link, token


class PendingVolunteerChangeQuerySet(models.QuerySet):
    def find(self, token):
        """The staged sign-up a token belongs to, spent and expired ones included, or None."""
        return self.filter(token_hash=hash_token(token)).select_related("volunteer").first()

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class PendingVolunteerChange(models.Model):
    """A repeated sign-up with a known address, waiting for the address's owner to confirm it.

    Until the link mailed to the stored address is used, nothing in the
    volunteer's record or consents changes.
    """

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="pending_changes"
    )
    # The sign-up form's fields as submitted (all but the address, which is the key).
    data = models.JSONField(_("indsendte oplysninger"), default=dict)
    interests = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("interesserede indsatser"),
        related_name="+",
        blank=True,
    )
    consents = models.JSONField(_("samtykker"), default=list)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("indsendt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    applied_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)

    objects = PendingVolunteerChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ventende ændring fra frivillig")
        verbose_name_plural = _("ventende ændringer fra frivillige")

    def __str__(self):
        return f"{self.volunteer} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, *, volunteer, data, consents):
        """Stage a sign-up; return it with the plain token for the confirmation link."""
        token, token_hash = new_token()
        now = timezone.now()
        change = cls.objects.create(
            volunteer=volunteer,
            data=data,
            consents=list(consents),
            token_hash=token_hash,
            created_at=now,
            expires_at=now + timedelta(days=settings.VOLUNTEER_CHANGE_VALID_DAYS),
        )
        return change, token

    @property
    def is_usable(self):
        return (
            self.applied_at is None
            and self.expires_at > timezone.now()
            and self.volunteer.anonymised_at is None
        )
