from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from alliance.mail import send_templated_mail
from alliance.versioning import VersionedModelForm
from members import throttle
from members.models import Organisation, Sector, User, WorkingGroup


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
            # The person's own language, not the one the page happened to be shown in.
            language=context["user"].language,
        )


class PasswordResetConfirmForm(auth_forms.SetPasswordForm):
    """The new password from a reset link; it also lifts a log-in lock on the account."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        throttle.unlock_account(user.email)
        return user
