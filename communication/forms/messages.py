"""Forms for writing messages and comments, and for filtering the message list."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.markdown import MAX_MARKDOWN_LENGTH
from alliance.versioning import VersionedModelForm
from communication.models import Audience, Comment, Message
from communication.permissions import postable_audiences, postable_groups
from members.models import WorkingGroup
from members.permissions import is_secretariat

# A browser's own date and time picker; the value is read in the portal's time zone.
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

COMMENT_MAX_LENGTH = 5000


class MessageForm(VersionedModelForm):
    """A message, offering only the audiences and groups the writer may post to.

    Editing keeps the message's present audience and group on offer, so an
    author who has since left the group can still correct the text.
    """

    class Meta:
        model = Message
        fields = ["title", "body", "audience", "group", "publish_at", "pinned"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "audience": forms.RadioSelect,
            "publish_at": DATETIME,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(postable_audiences(user))
        groups = postable_groups(user)
        if self.instance.pk is not None:
            allowed.add(self.instance.audience)
            if self.instance.group_id:
                groups = groups | WorkingGroup.objects.filter(pk=self.instance.group_id)
        self.fields["audience"].choices = [
            (value, label) for value, label in Audience.choices if value in allowed
        ]
        self.fields["group"].queryset = groups.distinct().order_by("kind", "name")
        self.fields["group"].empty_label = _("Ingen – opslaget er ikke til én gruppe")
        self.fields["group"].help_text = _("Vælg gruppen, hvis opslaget kun er til én gruppe.")
        self.fields["body"].max_length = MAX_MARKDOWN_LENGTH
        self.fields["body"].widget.attrs["maxlength"] = MAX_MARKDOWN_LENGTH
        self.fields["body"].validators.append(MaxLengthValidator(MAX_MARKDOWN_LENGTH))
        publish_at = self.fields["publish_at"]
        publish_at.required = False
        publish_at.show_hidden_initial = False
        if self.instance.pk is None:
            # A new message goes out when it is saved, unless a later time is chosen.
            self.initial["publish_at"] = None
        publish_at.help_text = _(
            "Lad feltet stå tomt for at offentliggøre nu. Et tidspunkt ude i fremtiden "
            "udskyder opslaget til da."
        )
        if not is_secretariat(user):
            del self.fields["pinned"]

    def clean_publish_at(self):
        return self.cleaned_data.get("publish_at") or timezone.now()

    def clean(self):
        cleaned = super().clean()
        audience, group = cleaned.get("audience"), cleaned.get("group")
        if audience == Audience.GROUP and group is None:
            self.add_error("group", _("Vælg den gruppe, opslaget er til."))
        elif audience and audience != Audience.GROUP and group is not None:
            self.add_error("group", _("Vælg kun en gruppe, når opslaget er til én gruppe."))
        return cleaned


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        body.max_length = COMMENT_MAX_LENGTH
        body.validators.append(MaxLengthValidator(COMMENT_MAX_LENGTH))


class MessageFilterForm(forms.Form):
    """The message list's filter: by audience and by one of the reader's groups."""

    audience = forms.ChoiceField(
        label=_("Hvem kan læse det"),
        required=False,
        choices=[("", _("Alle")), *Audience.choices],
    )
    group = forms.ModelChoiceField(
        label=_("Gruppe"),
        required=False,
        queryset=WorkingGroup.objects.none(),
        empty_label=_("Alle"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The groups whose messages a person reads are the groups they may post to.
        self.fields["group"].queryset = postable_groups(user).order_by("kind", "name")

    def filter(self, messages):
        data = self.cleaned_data
        if data["audience"]:
            messages = messages.filter(audience=data["audience"])
        if data["group"]:
            messages = messages.filter(group=data["group"])
        return messages
