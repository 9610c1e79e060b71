import re
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core import signing
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from localflavor.dk.dk_postalcodes import DK_POSTALCODES

from alliance.mail import send_templated_mail
from alliance.phone import PhoneFormField
from alliance.versioning import VersionedModelForm
from members import throttle
from members.models import (
    CONSENT_TEXTS,
    Availability,
    ConsentPurpose,
    Organisation,
    Sector,
    User,
    Volunteer,
    WorkingGroup,
)


class EmailLowercaseMixin:
    """E-mail is the log-in, so it is stored in one case only."""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class RoleOrganisationMixin:
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == User.Role.MEMBER and not cleaned.get("organisation"):
            self.add_error(
                "organisation",
                _("Et medlem skal høre til en organisation. Vælg organisationen."),
            )
        return cleaned


def _autocomplete(form, **values):
    for name, value in values.items():
        if name in form.fields:
            form.fields[name].widget.attrs["autocomplete"] = value


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Søg efter navn"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Sektor"),
        required=False,
        choices=[("", _("Alle sektorer")), *Sector.choices],
    )
    include_inactive = forms.BooleanField(label=_("Vis også inaktive"), required=False)


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Søg efter navn eller e-mail"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
    )


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "cvr", "website", "email", "phone", "joined_on"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(self, name="organization", website="url", email="email", cvr="off")
        self.fields["cvr"].widget.attrs["inputmode"] = "numeric"


class WorkingGroupForm(VersionedModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "kind", "purpose"]


class AddGroupMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.active()
            .exclude(working_groups=group)
            .select_related("organisation")
            .order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.organisation or user.get_role_display()})"
        )


class ProfileForm(EmailLowercaseMixin, VersionedModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "phone", "job_title", "show_on_contact_page"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_secretariat:
            # Only the secretariat is listed on the public contact page.
            del self.fields["show_on_contact_page"]
        _autocomplete(self, full_name="name", email="email", job_title="organization-title")


class InviteForm(EmailLowercaseMixin, RoleOrganisationMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "role", "organisation", "job_title", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active()
        self.fields["organisation"].help_text = _("Skal udfyldes for medlemmer.")
        _autocomplete(self, full_name="off", email="off", job_title="off", phone="off")


class UserEditForm(EmailLowercaseMixin, RoleOrganisationMixin, VersionedModelForm):
    class Meta:
        model = User
        fields = [
            "full_name",
            "email",
            "role",
            "organisation",
            "job_title",
            "phone",
            "show_on_contact_page",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].help_text = _("Skal udfyldes for medlemmer.")
        _autocomplete(self, full_name="off", email="off", job_title="off", phone="off")


class ThrottledLoginMixin:
    """Log-in that stops password guessing before any password is checked.

    After too many failed attempts for one account, or from one address, the
    form refuses without checking the password and says when to try again.
    """

    refused = None

    def clean(self):
        email = self.cleaned_data.get("username")
        if email is not None and self.cleaned_data.get("password"):
            try:
                throttle.begin_login(self.request, email)
            except throttle.LoginRefused as refused:
                self.refused = refused
                raise forms.ValidationError(
                    _(
                        "Der har været for mange forsøg på at logge ind. "
                        "Af hensyn til sikkerheden kan du først prøve igen kl. %(time)s."
                    ),
                    code="throttled",
                    params={"time": date_format(timezone.localtime(refused.until), "H:i")},
                ) from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email is not None and self.user_cache is None:
                throttle.login_failed(self.request)
            raise
        if self.user_cache is not None:
            throttle.unlock_account(email)
        return cleaned


class LoginForm(ThrottledLoginMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The Django admin's log-in, under the same limits as the portal's."""


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset link through the portal's mail task instead of inline.

    A few links an hour per address at most, so nobody can flood an inbox;
    beyond that the page answers as usual but sends nothing.
    """

    def save(self, *args, request=None, **kwargs):
        if throttle.may_send_password_reset(request, self.cleaned_data["email"]):
            super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        send_templated_mail(
            to=[to_email],
            template="registration/password_reset_email",
            context=context,
        )


class PasswordResetConfirmForm(auth_forms.SetPasswordForm):
    """The new password from a reset link; it also lifts a log-in lock on the account."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        throttle.unlock_account(user.email)
        return user


# --- volunteers ----------------------------------------------------------------

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
    reverse_lazy("privacy"),
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
        from initiatives.models import Initiative

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from initiatives.models import Initiative

        self.fields["initiative"].queryset = Initiative.objects.order_by("name")


class VolunteerForm(VersionedModelForm):
    class Meta:
        model = Volunteer
        fields = ["status", "assigned_initiative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from initiatives.models import Initiative

        self.fields["assigned_initiative"].queryset = Initiative.objects.exclude(
            status=Initiative.Status.COMPLETED
        ).order_by("name")


class ChildCertificateForm(forms.Form):
    checked_on = forms.DateField(
        label=_("Børneattesten blev vurderet"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Gem aldrig selve attesten eller CPR-nummeret i portalen."),
    )


class VolunteerNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Intern note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kun sekretariatet kan se noterne."),
    )
