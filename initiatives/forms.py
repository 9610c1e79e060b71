from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from agenda.models import Goal
from alliance.forms import DATE
from alliance.transitions import SECRETARIAT, allowed_targets
from alliance.versioning import VersionedModelForm, refuse_stale
from initiatives.models import Commitment, CommitmentUpdate, Initiative
from initiatives.services import (
    COMMITMENT_START_STATUSES,
    INITIATIVE_START_STATUSES,
    INITIATIVE_TRANSITIONS,
    allowed_statuses,
)
from members.models import Organisation, Sector, User, WorkingGroup


def _offered(statuses, values):
    """Choices for a status menu: those among `values`, in the order of the choices."""
    return [(value, label) for value, label in statuses.choices if value in values]


class DatesInOrderMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatoen ligger før startdatoen."))
        return cleaned


class InitiativeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *Initiative.Status.choices]
    )
    goal = forms.ModelChoiceField(
        label=_("Målsætning"),
        required=False,
        queryset=Goal.objects.live(),
        empty_label=_("Alle"),
    )
    sector = forms.ChoiceField(
        label=_("Sektor blandt partnerne"),
        required=False,
        choices=[("", _("Alle")), *Sector.choices],
    )
    # Only the organisations that lead an initiative: any other choice would find nothing.
    lead = forms.ModelChoiceField(
        label=_("Ansvarlig organisation"),
        required=False,
        queryset=Organisation.objects.filter(
            Exists(Initiative.objects.filter(lead_organisation=OuterRef("pk")))
        ).order_by("name"),
        empty_label=_("Alle"),
    )


class InitiativeForm(DatesInOrderMixin, VersionedModelForm):
    class Meta:
        model = Initiative
        fields = [
            "name",
            "slug",
            "summary",
            "description",
            "goals",
            "lead_organisation",
            "working_group",
            "contact_person",
            "status",
            "start_date",
            "end_date",
            "is_public",
            "wants_volunteers",
            "volunteer_description",
            "involves_children",
        ]
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 6}),
            "volunteer_description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "goals": {"required": _("Vælg mindst én målsætning, som indsatsen tjener.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = Goal.objects.live()
        if self.instance.pk:
            # A goal retired since keeps showing for initiatives that still serve it.
            goals = goals | Goal.objects.filter(initiatives=self.instance)
        self.fields["goals"].queryset = goals.distinct()
        self.fields["lead_organisation"].queryset = Organisation.objects.active()
        self.fields["working_group"].queryset = WorkingGroup.objects.order_by("kind", "name")
        self.fields["contact_person"].queryset = User.objects.active().order_by("full_name")
        if self.instance.pk is None:
            # A new initiative starts planned or active.
            self.fields["status"].choices = _offered(Initiative.Status, INITIATIVE_START_STATUSES)
        else:
            # The menu offers the moves the table allows; any status is accepted here, so
            # that a page opened before someone else's change gets the conflict message,
            # and the service refuses a move the table does not allow.
            current = self.instance.status
            targets = allowed_targets(
                INITIATIVE_TRANSITIONS, current, SECRETARIAT, Initiative.Status
            )
            self.fields["status"].widget.choices = _offered(Initiative.Status, [current, *targets])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_volunteers") and not cleaned.get("volunteer_description", "").strip():
            self.add_error(
                "volunteer_description", _("Skriv, hvad frivillige skal lave i indsatsen.")
            )
        return cleaned


class CommitmentEditForm(DatesInOrderMixin, VersionedModelForm):
    """A commitment as the secretariat edits it: any organisation.

    The status is not here: a progress update changes it, as the table of
    status changes allows, and leaves a note in the commitment's log.
    """

    class Meta:
        model = Commitment
        fields = [
            "organisation",
            "description",
            "staff_hours_per_month",
            "resources",
            "start_date",
            "end_date",
            "next_update_due",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "next_update_due": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "resources": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.active()


class CommitmentForm(CommitmentEditForm):
    """A new commitment as the secretariat adds it: proposed, or active when already agreed."""

    class Meta(CommitmentEditForm.Meta):
        fields = [
            "organisation",
            "description",
            "staff_hours_per_month",
            "resources",
            "status",
            "start_date",
            "end_date",
            "next_update_due",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _offered(
            Commitment.Status, COMMITMENT_START_STATUSES[SECRETARIAT]
        )


class MemberCommitmentForm(CommitmentEditForm):
    """A commitment as a member proposes or edits it: their own organisation, set by the service."""

    class Meta(CommitmentEditForm.Meta):
        fields = [
            "description",
            "staff_hours_per_month",
            "resources",
            "start_date",
            "end_date",
        ]


class CommitmentDecisionForm(forms.Form):
    """Accepting a proposal: the version of the commitment the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commitment is not None:
            self.fields["version"].initial = commitment.version

    @property
    def seen_version(self):
        """The version the page was opened at; none sent counts as stale."""
        return self.cleaned_data.get("version") or 0


class CommitmentReturnForm(CommitmentDecisionForm):
    """Sending a proposal back: why, so that the organisation knows what to change."""

    reason = forms.CharField(
        label=_("Hvorfor sendes tilsagnet tilbage?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Organisationen får begrundelsen at se og kan rette tilsagnet."),
        error_messages={
            "required": _("Skriv, hvorfor tilsagnet sendes tilbage."),
        },
    )


class CommitmentUpdateForm(forms.ModelForm):
    """A progress update, carrying the version of the commitment it was opened at.

    The update changes the commitment's status, so a second person's update
    from a page opened before the first one's is refused like any stale edit.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CommitmentUpdate
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, commitment, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.fields["version"].initial = commitment.version
        # The page offers what the table allows now; any status is accepted here so
        # that a page opened before someone else's change gets the conflict
        # message, and the service refuses a change the table does not allow.
        offered = allowed_statuses(commitment, user)
        if commitment.status == Commitment.Status.PROPOSED:
            # A proposal is accepted with its own button on the commitment's page, which
            # also clears a "sent back"; the table still allows the move for the secretariat.
            offered = [status for status in offered if status != Commitment.Status.ACTIVE]
        self.fields["status"].widget.choices = _offered(Commitment.Status, offered)

    @property
    def seen_version(self):
        """The version the page was opened at; none sent counts as stale."""
        return self.cleaned_data.get("version") or 0

    def show_conflict(self):
        current = Commitment.objects.get(pk=self.commitment.pk)
        differences = []
        if current.status != self.cleaned_data.get("status"):
            differences.append(f"{self.fields['status'].label}: {current.get_status_display()}")
        refuse_stale(self, current.version, differences)
