"""The public sign-up form and the secretariat's forms for the volunteer inbox."""

import re
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from localflavor.dk.dk_postalcodes import DK_POSTALCODES

from alliance.phone import PhoneFormField
from alliance.transitions import SECRETARIAT, allowed_targets
from alliance.versioning import VersionedModelForm
from initiatives.models import Initiative
from volunteers.models import (
    CONSENT_TEXTS,
    Availability,
    ConsentPurpose,
    Volunteer,
    child_certificate_cutoff,
    child_certificate_warn_days,
)
from volunteers.services import VOLUNTEER_TRANSITIONS

_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|javascript:", re.IGNORECASE)


def no_markup(value):
    """Plain text only: HTML or script typed into a public form is refused, not stored."""
    if _MARKUP.search(value or ""):
        raise forms.ValidationError(
            _("Skriv almindelig tekst uden HTML-koder som < og >."), code="markup"
        )


_POSTCODES = {code for code, _name in DK_POSTALCODES}


def danish_postcode(value):
    if value not in _POSTCODES:
        raise forms.ValidationError(
            _("Skriv et dansk postnummer med 4 cifre, fx 3000."), code="postcode"
        )


SENSITIVE = _(
    "Skriv ikke følsomme oplysninger som helbred, CPR-nummer eller andres personlige forhold."
)
PRIVACY_LINK = format_lazy(
    '<a href="{}">{}</a>',
    reverse_lazy("pages:privacy"),
    _("Læs om, hvordan vi behandler dine oplysninger."),
)


def _free_text(label):
    """An optional plain-text box that warns against sensitive information."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_markup],
        help_text=SENSITIVE,
    )


class VolunteerSignupForm(forms.Form):
    """The public sign-up. Consents are unticked until the person ticks them."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=100, validators=[no_markup])
    last_name = forms.CharField(label=_("Efternavn"), max_length=100, validators=[no_markup])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = PhoneFormField(
        label=_("Telefon"), required=False, help_text=_("Fx 12 34 56 78. +45 er ikke nødvendigt.")
    )
    postcode = forms.CharField(
        label=_("Postnummer"), required=False, max_length=4, validators=[danish_postcode]
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Hvilke indsatser har du lyst til at hjælpe i?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interest_text = _free_text(_("Andre ting, du gerne vil hjælpe med"))
    skills = _free_text(_("Hvad er du god til?"))
    availability = forms.MultipleChoiceField(
        label=_("Hvornår har du tid?"),
        required=False,
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = _free_text(_("Besked til sekretariatet"))
    consent_contact = forms.BooleanField(
        label=CONSENT_TEXTS[ConsentPurpose.CONTACT][1],
        help_text=PRIVACY_LINK,
        error_messages={
            "required": _(
                "Sæt kryds, hvis vi må kontakte dig – ellers kan vi ikke bruge din tilmelding."
            )
        },
    )
    consent_newsletter = forms.BooleanField(
        label=CONSENT_TEXTS[ConsentPurpose.NEWSLETTER][1], required=False, help_text=PRIVACY_LINK
    )
    # A field people never see: a bot that fills in everything fills this too.
    website = forms.CharField(label=_("Lad dette felt være tomt"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Initiative.objects.wanting_volunteers().order_by("name")
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "class": "form-control"}
        )
        if not self.is_bound:
            self.fields["started"].initial = signing.dumps(time.time(), salt=STARTED_SALT)
        for name, value in {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "postcode": "postal-code",
        }.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        try:
            started = signing.loads(self.data.get("started", ""), salt=STARTED_SALT)
        except signing.BadSignature:
            started = None
        minimum = settings.VOLUNTEER_MIN_FILL_SECONDS
        if minimum and (started is None or time.time() - started < minimum):
            self.data = self.data.copy()
            self.data["started"] = signing.dumps(time.time(), salt=STARTED_SALT)
            raise forms.ValidationError(
                _("Formularen blev sendt meget hurtigt. Kontrollér felterne, og send den igen."),
                code="too_fast",
            )
        return cleaned


STARTED_SALT = "members.volunteer.started"


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("Søg"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *Volunteer.Status.choices]
    )
    initiative = forms.ModelChoiceField(
        label=_("Indsats"), required=False, queryset=None, empty_label=_("Alle")
    )
    unconfirmed = forms.BooleanField(label=_("Kun ubekræftede"), required=False)
    certificate = forms.ChoiceField(
        label=_("Børneattest"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("expiring", _("Udløber snart")),
            ("expired", _("Udløbet")),
        ],
    )
    no_contact = forms.BooleanField(label=_("Kun uden samtykke til kontakt"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.order_by("name")

    def filter(self, volunteers):
        """The volunteers the filters select; the inbox and its CSV file both use it."""
        if not self.is_valid():
            return volunteers
        data = self.cleaned_data
        volunteers = volunteers.search(data["q"])
        if data["status"]:
            volunteers = volunteers.filter(status=data["status"])
        if data["initiative"]:
            volunteers = volunteers.filter(assigned_initiative=data["initiative"])
        if data["unconfirmed"]:
            volunteers = volunteers.filter(email_confirmed_at__isnull=True)
        if data["certificate"] == "expired":
            volunteers = volunteers.filter(
                child_certificate_checked_on__lt=child_certificate_cutoff()
            )
        elif data["certificate"] == "expiring":
            soon = child_certificate_cutoff() + timedelta(days=child_certificate_warn_days())
            volunteers = volunteers.cleared_for_children().filter(
                child_certificate_checked_on__lte=soon
            )
        if data["no_contact"]:
            volunteers = volunteers.filter(has_contact_consent=False)
        return volunteers


class BulkVolunteerForm(forms.Form):
    """The inbox's action on the ticked volunteers."""

    ACTIONS = [
        ("status", _("Sæt status")),
        ("assign", _("Tilknyt indsats")),
        ("export", _("Hent de valgte (CSV)")),
    ]
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Frivillige"),
        queryset=Volunteer.objects.none(),
        error_messages={"required": _("Vælg mindst én frivillig.")},
    )
    action = forms.ChoiceField(label=_("Handling"), choices=ACTIONS)
    status = forms.ChoiceField(
        label=_("Ny status"), required=False, choices=[("", "–"), *Volunteer.Status.choices]
    )
    initiative = forms.ModelChoiceField(
        label=_("Indsats at tilknytte"), required=False, queryset=None, empty_label="–"
    )

    def __init__(self, *args, volunteers, **kwargs):
        # The inbox's filter form has fields of the same names: keep the ids apart.
        kwargs.setdefault("auto_id", "valgte_%s")
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = volunteers
        self.fields["initiative"].queryset = Initiative.objects.exclude(
            status=Initiative.Status.COMPLETED
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "status" and not cleaned.get("status"):
            self.add_error("status", _("Vælg den nye status."))
        if action == "assign" and not cleaned.get("initiative"):
            self.add_error("initiative", _("Vælg indsatsen."))
        return cleaned


class VolunteerForm(VersionedModelForm):
    """The secretariat's form for a volunteer's place in the pipeline."""

    # Only for activating a volunteer whose e-mail address was never confirmed.
    confirmed_by_phone = forms.BooleanField(
        label=_("Bekræftet pr. telefon"),
        required=False,
        help_text=_("Kun hvis e-mailadressen ikke er bekræftet: du har talt med den frivillige."),
    )
    phone_note = forms.CharField(
        label=_("Note om samtalen"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Volunteer
        fields = ["status", "assigned_initiative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The menu offers the moves the table allows; any status is accepted here, so
        # that a page opened before someone else's change gets the conflict message,
        # and the service refuses a move the table does not allow.
        current = self.instance.status
        offered = [
            current,
            *allowed_targets(VOLUNTEER_TRANSITIONS, current, SECRETARIAT, Volunteer.Status),
        ]
        self.fields["status"].widget.choices = [
            (value, label) for value, label in Volunteer.Status.choices if value in offered
        ]
        self.fields["assigned_initiative"].queryset = Initiative.objects.exclude(
            status=Initiative.Status.COMPLETED
        ).order_by("name")


class VolunteerDataForm(VersionedModelForm):
    """The secretariat's correction of what a volunteer told us."""

    phone = PhoneFormField(label=_("Telefon"), required=False)
    availability = forms.MultipleChoiceField(
        label=_("Tid"),
        required=False,
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Volunteer
        fields = [
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
        widgets = {
            "interests": forms.CheckboxSelectMultiple,
            "interest_text": forms.Textarea(attrs={"rows": 3}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Initiative.objects.order_by("name")
        self.fields["postcode"].validators.append(danish_postcode)
        for name in ["first_name", "last_name", "interest_text", "skills", "message"]:
            self.fields[name].validators.append(no_markup)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = Volunteer.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Der findes allerede en frivillig med den e-mailadresse."), code="known_email"
            )
        return email


class ChildCertificateForm(forms.Form):
    checked_on = forms.DateField(
        label=_("Børneattesten blev vurderet"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Gem aldrig selve attesten eller CPR-nummeret i portalen."),
    )

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > timezone.localdate():
            raise forms.ValidationError(
                _("Datoen ligger i fremtiden. Skriv den dag, børneattesten blev vurderet."),
                code="future",
            )
        return checked_on


class OwnDataForm(forms.Form):
    """The volunteer's own correction of what they told us, from the link to their data.

    The address is not here: a new one is proved by signing up with it.
    """

    first_name = forms.CharField(label=_("Fornavn"), max_length=100, validators=[no_markup])
    last_name = forms.CharField(label=_("Efternavn"), max_length=100, validators=[no_markup])
    phone = PhoneFormField(label=_("Telefon"), required=False)
    postcode = forms.CharField(
        label=_("Postnummer"), required=False, max_length=4, validators=[danish_postcode]
    )
    interest_text = _free_text(_("Andre ting, du gerne vil hjælpe med"))
    skills = _free_text(_("Hvad er du god til?"))
    availability = forms.MultipleChoiceField(
        label=_("Hvornår har du tid?"),
        required=False,
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDS = ["first_name", "last_name", "phone", "postcode", "interest_text", "skills"]

    def __init__(self, *args, volunteer, **kwargs):
        kwargs.setdefault("auto_id", "ret_%s")
        kwargs.setdefault(
            "initial",
            {name: getattr(volunteer, name) for name in [*self.FIELDS, "availability"]},
        )
        super().__init__(*args, **kwargs)


class MatchForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Indsats, der søger frivillige"), queryset=None, empty_label="–"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = (
            Initiative.objects.filter(wants_volunteers=True)
            .exclude(status=Initiative.Status.COMPLETED)
            .order_by("name")
        )


class NewLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class VolunteerNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Intern note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kun sekretariatet kan se noterne."),
    )


class VolunteerMailForm(forms.Form):
    """The secretariat's e-mail to one volunteer, sent as plain text."""

    subject = forms.CharField(
        label=_("Emne"),
        max_length=150,
        error_messages={"required": _("Skriv et emne til e-mailen.")},
    )
    body = forms.CharField(
        label=_("Besked"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Almindelig tekst, højst 3.000 tegn. Under beskeden står et link, hvor den "
            "frivillige kan se og slette sine oplysninger."
        ),
        error_messages={"required": _("Skriv beskeden til den frivillige.")},
    )

    def clean_subject(self):
        # A subject is one line in the mail's header.
        return " ".join(self.cleaned_data["subject"].split())
