"""Pages about people and organisations: directory, groups, profile, users, invitations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from alliance.paging import paginate
from alliance.versioning import save_form
from members import services
from members.forms import (
    AddGroupMemberForm,
    InviteForm,
    OrganisationFilterForm,
    OrganisationForm,
    ProfileForm,
    UserEditForm,
    UserFilterForm,
    WorkingGroupForm,
)
from members.models import Invitation, Organisation, User, WorkingGroup
from members.permissions import (
    account_for_edit,
    can_edit_organisation,
    is_secretariat,
    organisation_for_edit,
    secretariat_required,
)


def _base_url(request):
    return request.build_absolute_uri("/")


# --- organisations ---------------------------------------------------------


@login_required
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.with_member_count().order_by("name")
    if form.is_valid():
        organisations = organisations.search(form.cleaned_data["q"])
        if form.cleaned_data["sector"]:
            organisations = organisations.filter(sector=form.cleaned_data["sector"])
        if not form.cleaned_data["include_inactive"]:
            organisations = organisations.active()
    else:
        organisations = organisations.active()
    page, query = paginate(request, organisations)
    return render(
        request,
        "members/organisation_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_create": is_secretariat(request.user),
        },
    )


@login_required
def organisation_detail(request, pk):
    people = User.objects.active().order_by("full_name")
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related(Prefetch("members", queryset=people)),
        pk=pk,
    )
    groups = (
        WorkingGroup.objects.filter(members__organisation=organisation, members__is_active=True)
        .distinct()
        .order_by("kind", "name")
    )
    return render(
        request,
        "members/organisation_detail.html",
        {
            "organisation": organisation,
            "people": organisation.members.all(),
            "groups": groups,
            "led": organisation.led_initiatives.order_by("name"),
            "commitments": organisation.commitments.select_related("initiative").order_by(
                "initiative__name"
            ),
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )


@secretariat_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.create_organisation(form=form, by=request.user)
    ):
        messages.success(
            request, _("Organisationen %(name)s er oprettet.") % {"name": form.instance}
        )
        return redirect("members:organisation_detail", pk=form.instance.pk)
    return render(request, "members/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request, pk):
    organisation = organisation_for_edit(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and save_form(
        form, lambda: services.update_organisation(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("members:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "members/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@require_POST
@login_required
def organisation_set_active(request, pk):
    organisation = organisation_for_edit(request.user, pk)
    services.set_organisation_active(
        organisation=organisation, active=request.POST.get("active") == "true", by=request.user
    )
    if organisation.active:
        messages.success(request, _("%(name)s er aktiv igen.") % {"name": organisation})
    else:
        messages.success(
            request,
            _("%(name)s er deaktiveret. Alt hvad organisationen har bidraget med, er bevaret.")
            % {"name": organisation},
        )
    return redirect("members:organisation_detail", pk=organisation.pk)


# --- groups ----------------------------------------------------------------


@login_required
def group_list(request):
    groups = WorkingGroup.objects.annotate(
        member_count=Count("members", filter=Q(members__is_active=True))
    ).order_by("kind", "name")
    page, query = paginate(request, groups)
    return render(
        request,
        "members/group_list.html",
        {"page": page, "query": query, "can_create": is_secretariat(request.user)},
    )


@login_required
def group_detail(request, pk):
    members = User.objects.active().select_related("organisation").order_by("full_name")
    group = get_object_or_404(
        WorkingGroup.objects.prefetch_related(Prefetch("members", queryset=members)),
        pk=pk,
    )
    can_edit = is_secretariat(request.user)
    return render(
        request,
        "members/group_detail.html",
        {
            "group": group,
            "members": group.members.all(),
            "can_edit": can_edit,
            "add_form": AddGroupMemberForm(group=group) if can_edit else None,
        },
    )


@secretariat_required
def group_create(request):
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.create_group(form=form, by=request.user)
    ):
        messages.success(request, _("Gruppen %(name)s er oprettet.") % {"name": form.instance})
        return redirect("members:group_detail", pk=form.instance.pk)
    return render(request, "members/group_form.html", {"form": form})


@secretariat_required
def group_edit(request, pk):
    group = get_object_or_404(WorkingGroup, pk=pk)
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and save_form(
        form, lambda: services.update_group(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("members:group_detail", pk=group.pk)
    return render(request, "members/group_form.html", {"form": form, "group": group})


@require_POST
@secretariat_required
def group_member_add(request, pk):
    group = get_object_or_404(WorkingGroup, pk=pk)
    form = AddGroupMemberForm(request.POST, group=group)
    if not form.is_valid():
        messages.error(request, _("Vælg en aktiv person, som ikke allerede er med i gruppen."))
        return redirect("members:group_detail", pk=group.pk)
    person = form.cleaned_data["user"]
    try:
        services.add_group_member(group=group, person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("%(person)s er tilføjet til %(group)s.") % {"person": person, "group": group}
        )
    return redirect("members:group_detail", pk=group.pk)


@require_POST
@secretariat_required
def group_member_remove(request, pk, user_pk):
    group = get_object_or_404(WorkingGroup, pk=pk)
    person = get_object_or_404(group.members, pk=user_pk)
    services.remove_group_member(group=group, person=person, by=request.user)
    messages.success(
        request,
        _("%(person)s er fjernet fra %(group)s.") % {"person": person, "group": group},
    )
    return redirect("members:group_detail", pk=group.pk)


# --- the signed-in person ------------------------------------------------


@login_required
def profile(request):
    # The account itself, not the request's lazy stand-in for it.
    person = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and save_form(
        form, lambda: services.update_profile(form=form, by=request.user)
    ):
        messages.success(request, _("Din profil er gemt."))
        return redirect("members:profile")
    return render(request, "members/profile_form.html", {"form": form})


def switch_language(request):
    """Django's language switch; a signed-in person's mail follows the language they chose."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        services.set_language(user=request.user, language=language)
    return response


# --- users (secretariat) ---------------------------------------------------


@never_cache
@secretariat_required
def user_list(request):
    form = UserFilterForm(request.GET or None)
    users = (
        User.objects.select_related("organisation")
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.pending(), to_attr="pending")
        )
        .order_by("-is_active", "full_name")
    )
    if form.is_valid():
        users = users.search(form.cleaned_data["q"])
    page, query = paginate(request, users)
    return render(request, "members/user_list.html", {"form": form, "page": page, "query": query})


@secretariat_required
def user_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.invite_user(form=form, by=request.user, base_url=_base_url(request))
        messages.success(
            request,
            _("Invitationen er sendt til %(email)s.") % {"email": user.email},
        )
        return redirect("members:user_list")
    return render(
        request,
        "members/user_invite.html",
        {"form": form, "invitation_days": settings.INVITATION_VALID_DAYS},
    )


@never_cache
@secretariat_required
def user_edit(request, pk):
    person = account_for_edit(request.user, pk)
    form = UserEditForm(request.POST or None, instance=person)
    if request.method == "POST" and save_form(
        form, lambda: services.update_user(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne for %(name)s er gemt.") % {"name": person})
        return redirect("members:user_list")
    return render(request, "members/user_form.html", {"form": form, "person": person})


@require_POST
@secretariat_required
def user_set_active(request, pk):
    person = account_for_edit(request.user, pk)
    active = request.POST.get("active") == "true"
    if person == request.user and not active:
        messages.error(request, _("Du kan ikke deaktivere dig selv."))
        return redirect("members:user_edit", pk=person.pk)
    services.set_user_active(user=person, active=active, by=request.user)
    if active:
        messages.success(request, _("%(name)s er aktiv igen.") % {"name": person})
    else:
        messages.success(
            request,
            _(
                "%(name)s er deaktiveret og kan ikke længere logge ind. "
                "Alt, hvad personen har gjort, er bevaret."
            )
            % {"name": person},
        )
    return redirect("members:user_edit", pk=person.pk)


@require_POST
@secretariat_required
def user_reinvite(request, pk):
    person = account_for_edit(request.user, pk, User.objects.active())
    try:
        services.send_invitation(user=person, by=request.user, base_url=_base_url(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("En ny invitation er sendt til %(email)s.") % {"email": person.email},
        )
    return redirect("members:user_list")


# --- accounts ----------------------------------------------------------------


def invitation_accept(request, token):
    invitation = Invitation.objects.find(token)
    if invitation is None or not invitation.is_usable or not invitation.user.is_active:
        return render(request, "members/invitation_invalid.html", status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.accept_invitation(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError:
            return render(request, "members/invitation_invalid.html", status=410)
        # They have just proved they hold the link and chosen a password: no second step.
        login(request, person)
        messages.success(request, _("Din adgangskode er gemt, og du er logget ind. Velkommen!"))
        return redirect("communication:home")
    return render(
        request,
        "members/invitation_accept.html",
        {"form": form, "person": invitation.user},
    )
