"""Volunteers: the public sign-up and self-service pages, and the secretariat's inbox."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alliance import ratelimit
from alliance.client_ip import client_ip
from alliance.export import csv_response
from alliance.paging import paginate
from alliance.versioning import save_form
from members.permissions import is_secretariat, secretariat_required
from volunteers import services
from volunteers.forms import (
    ChildCertificateForm,
    VolunteerFilterForm,
    VolunteerForm,
    VolunteerNoteForm,
    VolunteerSignupForm,
)
from volunteers.models import CONSENT_TEXTS, ConsentPurpose, LinkPurpose, Volunteer, VolunteerNote

# --- public --------------------------------------------------------------------


def _over_rate_limit(request):
    """True once an address has sent more sign-ups this hour than settings allow."""
    return not ratelimit.hit(
        "volunteer-signup",
        client_ip(request),
        limit=settings.VOLUNTEER_SIGNUPS_PER_IP_PER_HOUR,
        window=60 * 60,
    )


def signup(request):
    form = VolunteerSignupForm(request.POST or None)
    if request.method == "POST":
        if form.is_spam:
            # Look like success, so the bot learns nothing; store nothing.
            return redirect("volunteers:thanks")
        if _over_rate_limit(request):
            form.is_valid()
            form.add_error(
                None,
                _("Der er kommet mange tilmeldinger fra din forbindelse. Prøv igen om en time."),
            )
        elif form.is_valid():
            data = form.cleaned_data
            services.sign_up_volunteer(
                data={
                    field: data[field]
                    for field in [
                        "first_name",
                        "last_name",
                        "email",
                        "phone",
                        "postcode",
                        "interest_text",
                        "skills",
                        "availability",
                        "message",
                    ]
                },
                interests=data["interests"],
                consents=[ConsentPurpose.CONTACT]
                + ([ConsentPurpose.NEWSLETTER] if data["consent_newsletter"] else []),
                base_url=request.build_absolute_uri("/"),
            )
            request.session["volunteer_email"] = data["email"]
            return redirect("volunteers:thanks")
    return render(request, "volunteers/signup.html", {"form": form})


def thanks(request):
    return render(
        request,
        "volunteers/thanks.html",
        {"email": request.session.get("volunteer_email")},
    )


# The pages opened from links in mails show personal data: never_cache keeps
# them out of shared and browser caches. Opening a link (GET) never changes
# anything, since mail scanners open links too; only the page's button does.


def _link_gone(request):
    return render(request, "volunteers/link_invalid.html", status=410)


def _to_my_data(volunteer):
    return redirect(
        "volunteers:my_data", token=services.volunteer_token(volunteer, LinkPurpose.DATA)
    )


@never_cache
def confirm(request, token):
    volunteer = services.volunteer_from_token(token, LinkPurpose.CONFIRM)
    if volunteer is None:
        return _link_gone(request)
    if request.method == "POST":
        services.confirm_volunteer_email(volunteer=volunteer)
        messages.success(request, _("Tak! Din e-mailadresse er bekræftet."))
        return _to_my_data(volunteer)
    return render(request, "volunteers/confirm.html", {"volunteer": volunteer})


@never_cache
def change(request, token):
    """A repeated sign-up, shown to the owner of the address and applied by their button."""
    if request.method == "POST":
        volunteer = services.apply_volunteer_change(token=token)
        if volunteer is None:
            return _link_gone(request)
        messages.success(request, _("Tak! Dine oplysninger er opdateret."))
        return _to_my_data(volunteer)
    pending = services.find_volunteer_change(token)
    if pending is None:
        return _link_gone(request)
    return render(
        request,
        "volunteers/change.html",
        {"volunteer": pending.volunteer, "changes": services.volunteer_change_lines(pending)},
    )


@never_cache
def my_data(request, token):
    volunteer = services.volunteer_from_token(token, LinkPurpose.DATA)
    if volunteer is None:
        return _link_gone(request)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            services.request_volunteer_deletion(
                volunteer=volunteer, base_url=request.build_absolute_uri("/")
            )
            return render(
                request,
                "volunteers/delete_sent.html",
                {"valid_minutes": settings.VOLUNTEER_DELETE_LINK_VALID_MINUTES},
            )
        for purpose in ConsentPurpose:
            services.set_volunteer_consent(
                volunteer=volunteer, purpose=purpose, given=request.POST.get(purpose) == "on"
            )
        messages.success(request, _("Dine samtykker er gemt."))
        return redirect("volunteers:my_data", token=token)
    standing = set(
        volunteer.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )
    consents = [
        {"purpose": purpose, "text": CONSENT_TEXTS[purpose][1], "given": purpose in standing}
        for purpose in ConsentPurpose
    ]
    interests = [str(initiative) for initiative in volunteer.interests.all()]
    return render(
        request,
        "volunteers/my_data.html",
        {"volunteer": volunteer, "interests": interests, "consents": consents, "token": token},
    )


@never_cache
def delete(request, token):
    """The mailed, single-use link that deletes a volunteer's data, after one more button."""
    if request.method == "POST":
        if services.delete_volunteer_by_link(token=token) is None:
            return _link_gone(request)
        return render(request, "volunteers/deleted.html")
    volunteer = services.volunteer_from_token(token, LinkPurpose.DELETE)
    if volunteer is None:
        return _link_gone(request)
    return render(request, "volunteers/delete.html", {"volunteer": volunteer})


@never_cache
def my_data_json(request, token):
    volunteer = services.volunteer_from_token(token, LinkPurpose.DATA)
    if volunteer is None:
        return _link_gone(request)
    response = HttpResponse(
        json.dumps(
            services.volunteer_data(volunteer), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
        ),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response


@never_cache
def stay(request, token):
    volunteer = services.volunteer_from_token(token, LinkPurpose.STAY)
    if volunteer is None:
        return _link_gone(request)
    if request.method == "POST":
        services.confirm_volunteer_stays(volunteer=volunteer)
        messages.success(request, _("Tak! Du står fortsat som frivillig hos os."))
        return _to_my_data(volunteer)
    return render(request, "volunteers/stay.html", {"volunteer": volunteer})


# --- inside the portal -----------------------------------------------------------

# The inbox, a volunteer's page and the export hold personal data: never_cache
# keeps them out of shared and browser caches.


@never_cache
@login_required
def volunteer_list(request):
    secretariat = is_secretariat(request.user)
    volunteers = (
        Volunteer.objects.visible_to(request.user)
        .select_related("assigned_initiative")
        .order_by("-created_at", "-pk")
    )
    form = VolunteerFilterForm(request.GET or None) if secretariat else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        volunteers = volunteers.search(data["q"])
        if data["status"]:
            volunteers = volunteers.filter(status=data["status"])
        if data["initiative"]:
            volunteers = volunteers.filter(assigned_initiative=data["initiative"])
        if data["unconfirmed"]:
            volunteers = volunteers.filter(email_confirmed_at__isnull=True)
    if not secretariat and request.user.organisation_id is None:
        volunteers = volunteers.none()
    page, query = paginate(request, volunteers)
    return render(
        request,
        "volunteers/list.html",
        {"form": form, "page": page, "query": query, "secretariat": secretariat},
    )


def _detail_context(volunteer, **forms):
    return {
        "volunteer": volunteer,
        "notes": volunteer.notes.all(),
        "form": forms.get("form") or VolunteerForm(instance=volunteer),
        "certificate_form": forms.get("certificate_form") or ChildCertificateForm(),
        "note_form": forms.get("note_form") or VolunteerNoteForm(),
        "needs_certificate": services.needs_child_certificate(
            volunteer, volunteer.assigned_initiative
        ),
    }


def _volunteer(request, pk):
    """A volunteer for the secretariat's pages.

    Members get 404 for volunteers outside their organisation's work and 403
    for their own, whose details beyond name and contact are not theirs to see.
    """
    volunteer = get_object_or_404(
        Volunteer.objects.visible_to(request.user)
        .select_related("assigned_initiative", "child_certificate_checked_by")
        .prefetch_related(
            "interests",
            Prefetch("consents", to_attr="all_consents"),
            Prefetch("notes", queryset=VolunteerNote.objects.select_related("author")),
        ),
        pk=pk,
    )
    if not is_secretariat(request.user):
        raise PermissionDenied
    return volunteer


@never_cache
@login_required
def volunteer_detail(request, pk):
    volunteer = _volunteer(request, pk)
    form = VolunteerForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and save_form(
        form, lambda: services.update_volunteer(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("volunteers:detail", pk=volunteer.pk)
    return render(request, "volunteers/detail.html", _detail_context(volunteer, form=form))


@require_POST
@login_required
def volunteer_certificate(request, pk):
    volunteer = _volunteer(request, pk)
    form = ChildCertificateForm(request.POST)
    if form.is_valid():
        services.record_child_certificate(
            volunteer=volunteer, checked_on=form.cleaned_data["checked_on"], by=request.user
        )
        messages.success(request, _("Det er registreret, at børneattesten er vurderet."))
        return redirect("volunteers:detail", pk=volunteer.pk)
    return render(
        request,
        "volunteers/detail.html",
        _detail_context(volunteer, certificate_form=form),
        status=200,
    )


@require_POST
@login_required
def volunteer_note(request, pk):
    volunteer = _volunteer(request, pk)
    form = VolunteerNoteForm(request.POST)
    if form.is_valid():
        services.add_volunteer_note(
            volunteer=volunteer, body=form.cleaned_data["body"], by=request.user
        )
        messages.success(request, _("Noten er gemt."))
        return redirect("volunteers:detail", pk=volunteer.pk)
    return render(request, "volunteers/detail.html", _detail_context(volunteer, note_form=form))


@require_POST
@login_required
def volunteer_anonymise(request, pk):
    volunteer = _volunteer(request, pk)
    services.anonymise_volunteer(
        volunteer=volunteer,
        reason=_("Anonymiseret af %(person)s.") % {"person": request.user.full_name},
        by=request.user,
    )
    messages.success(request, _("Den frivilliges personoplysninger er slettet."))
    return redirect("volunteers:list")


@require_POST
@login_required
def volunteer_resend(request, pk):
    volunteer = _volunteer(request, pk)
    services.mail_volunteer(
        volunteer=volunteer,
        template="volunteers/email/volunteer_confirm",
        base_url=request.build_absolute_uri("/"),
        links=[LinkPurpose.CONFIRM],
    )
    messages.success(
        request, _("Bekræftelsesmailen er sendt igen til %(email)s.") % {"email": volunteer.email}
    )
    return redirect("volunteers:detail", pk=volunteer.pk)


@never_cache
@secretariat_required
def volunteer_export(request):
    volunteers = (
        Volunteer.objects.present()
        .select_related("assigned_initiative")
        .prefetch_related("interests")
        .order_by("created_at", "pk")
    )
    header = [
        _("Fornavn"),
        _("Efternavn"),
        _("E-mail"),
        _("Telefon"),
        _("Postnummer"),
        _("Status"),
        _("Tilknyttet indsats"),
        _("Interesserede indsatser"),
        _("Tid"),
        _("E-mail bekræftet"),
        _("Tilmeldt"),
    ]
    rows = (
        [
            volunteer.first_name,
            volunteer.last_name,
            volunteer.email,
            volunteer.phone,
            volunteer.postcode,
            volunteer.get_status_display(),
            volunteer.assigned_initiative or "",
            ", ".join(str(i) for i in volunteer.interests.all()),
            volunteer.get_availability_display(),
            _("ja") if volunteer.email_confirmed_at else _("nej"),
            timezone.localtime(volunteer.created_at).strftime("%Y-%m-%d"),
        ]
        for volunteer in volunteers
    )
    return csv_response(_("frivillige"), header, rows)
