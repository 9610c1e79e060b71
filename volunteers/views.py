"""Volunteers: the public sign-up and self-service pages, and the secretariat's inbox."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alliance import audit, ratelimit
from alliance.client_ip import client_ip
from alliance.export import csv_response
from alliance.models import AuditEvent
from alliance.paging import paginate
from alliance.versioning import save_form
from initiatives.models import Initiative
from members.permissions import is_secretariat, secretariat_required
from volunteers import services
from volunteers.forms import (
    BulkVolunteerForm,
    ChildCertificateForm,
    MatchForm,
    NewLinkForm,
    OwnDataForm,
    VolunteerDataForm,
    VolunteerFilterForm,
    VolunteerForm,
    VolunteerMailForm,
    VolunteerNoteForm,
    VolunteerSignupForm,
)
from volunteers.models import (
    CONSENT_TEXTS,
    Consent,
    ConsentPurpose,
    LinkPurpose,
    Volunteer,
    VolunteerNote,
)

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
    return render(
        request, "volunteers/link_invalid.html", {"new_link_form": NewLinkForm()}, status=410
    )


@never_cache
def new_link(request):
    """Ask for a fresh link to one's data; the answer is the same for known and unknown."""
    form = NewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _over_new_link_limit(request):
            form.add_error(
                None,
                _("Der er bedt om mange links fra din forbindelse. Prøv igen om en time."),
            )
        else:
            services.send_new_data_link(
                email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
            )
            return render(request, "volunteers/new_link.html", {"sent": True})
    return render(request, "volunteers/new_link.html", {"new_link_form": form})


def _over_new_link_limit(request):
    """True once an address has asked for more links this hour than settings allow."""
    return not ratelimit.hit(
        "volunteer-new-link",
        client_ip(request),
        limit=settings.VOLUNTEER_SIGNUPS_PER_IP_PER_HOUR,
        window=60 * 60,
    )


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
    own_form = OwnDataForm(volunteer=volunteer)
    if request.method == "POST" and request.POST.get("action") == "correct":
        own_form = OwnDataForm(request.POST, volunteer=volunteer)
        if own_form.is_valid():
            services.correct_own_data(volunteer=volunteer, data=own_form.cleaned_data)
            messages.success(request, _("Tak! Dine oplysninger er rettet."))
            return redirect("volunteers:my_data", token=token)
    elif request.method == "POST":
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
        {
            "volunteer": volunteer,
            "interests": interests,
            "consents": consents,
            "token": token,
            "own_form": own_form,
        },
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


def _inbox(request):
    """The filter form and the volunteers it selects, for the inbox and its CSV file."""
    volunteers = (
        Volunteer.objects.visible_to(request.user)
        .with_contact_consent()
        .select_related("assigned_initiative")
        .order_by("-created_at", "-pk")
    )
    if not is_secretariat(request.user):
        if request.user.organisation_id is None:
            volunteers = volunteers.none()
        return None, volunteers
    form = VolunteerFilterForm(request.GET or None)
    return form, form.filter(volunteers)


@never_cache
@login_required
def volunteer_list(request):
    form, volunteers = _inbox(request)
    page, query = paginate(request, volunteers)
    secretariat = form is not None
    bulk_form = None
    if secretariat:
        bulk_form = BulkVolunteerForm(volunteers=Volunteer.objects.none())
        # Both menus of initiatives from one query.
        initiatives = list(Initiative.objects.order_by("name"))
        form.fields["initiative"].widget.choices = [("", _("Alle"))] + [
            (initiative.pk, str(initiative)) for initiative in initiatives
        ]
        bulk_form.fields["initiative"].widget.choices = [("", "–")] + [
            (initiative.pk, str(initiative))
            for initiative in initiatives
            if initiative.status != Initiative.Status.COMPLETED
        ]
    return render(
        request,
        "volunteers/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "secretariat": secretariat,
            "filter_query": request.GET.urlencode(),
            "bulk_form": bulk_form,
        },
    )


@require_POST
@secretariat_required
def volunteer_bulk(request):
    """One action on the volunteers ticked in the inbox; each is changed and audited alone."""
    form = BulkVolunteerForm(request.POST, volunteers=Volunteer.objects.present())
    back = reverse("volunteers:list")
    query = request.POST.get("query", "")
    if query:
        back += "?" + QueryDict(query).urlencode()
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    chosen = data["volunteers"].order_by("created_at", "pk")
    if data["action"] == "export":
        return _csv(chosen)
    if data["action"] == "status":
        changed, refused = services.set_volunteers_status(
            volunteers=list(chosen), status=data["status"], by=request.user
        )
    else:
        changed, refused = services.assign_volunteers(
            volunteers=list(chosen), initiative=data["initiative"], by=request.user
        )
    if changed:
        messages.success(
            request,
            ngettext(
                "%(count)d frivillig er ændret.", "%(count)d frivillige er ændret.", len(changed)
            )
            % {"count": len(changed)},
        )
    for volunteer, reason in refused:
        messages.error(
            request,
            _("%(name)s blev ikke ændret: %(reason)s")
            % {"name": volunteer.full_name, "reason": reason},
        )
    return redirect(back)


def _timeline(volunteer):
    """Status changes (from the history) and notes together, newest first: one query each."""
    events = audit.history(volunteer).filter(action=AuditEvent.Action.STATUS).order_by("-pk")
    statuses = dict(Volunteer.Status.choices)
    entries = [
        {
            "at": event.at,
            "who": event.actor_name,
            "status": [statuses.get(value, value) for value in event.changes.get("status", [])],
            "text": event.note,
        }
        for event in events
    ]
    entries += [
        {
            "at": note.created_at,
            "who": note.author.full_name if note.author else "",
            "status": None,
            "text": note.body,
        }
        for note in volunteer.notes.all()
    ]
    return sorted(entries, key=lambda entry: entry["at"], reverse=True)


def _detail_context(volunteer, **forms):
    return {
        "volunteer": volunteer,
        "notes": volunteer.notes.all(),
        "timeline": _timeline(volunteer),
        "form": forms.get("form") or VolunteerForm(instance=volunteer),
        "certificate_form": forms.get("certificate_form") or ChildCertificateForm(),
        "note_form": forms.get("note_form") or VolunteerNoteForm(),
        "needs_certificate": services.needs_child_certificate(
            volunteer, volunteer.assigned_initiative
        ),
    }


def _volunteer(request, pk, *, details=True):
    """A volunteer for the secretariat's pages; details: with consents and notes.

    Members get 404 for volunteers outside their organisation's work and 403
    for their own, whose details beyond name and contact are not theirs to see.
    """
    volunteers = Volunteer.objects.visible_to(request.user).prefetch_related("interests")
    if details:
        volunteers = volunteers.select_related(
            "assigned_initiative", "child_certificate_checked_by"
        ).prefetch_related(
            Prefetch("consents", to_attr="all_consents"),
            Prefetch("notes", queryset=VolunteerNote.objects.select_related("author")),
        )
    volunteer = get_object_or_404(volunteers, pk=pk)
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


@never_cache
@login_required
def volunteer_edit(request, pk):
    volunteer = _volunteer(request, pk, details=False)
    form = VolunteerDataForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and save_form(
        form, lambda: services.correct_volunteer(form=form, by=request.user)
    ):
        messages.success(request, _("Oplysningerne er rettet."))
        return redirect("volunteers:detail", pk=volunteer.pk)
    return render(request, "volunteers/edit.html", {"volunteer": volunteer, "form": form})


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
    sent = services.mail_volunteer(
        volunteer=volunteer,
        template="volunteers/email/volunteer_confirm",
        base_url=request.build_absolute_uri("/"),
        links=[LinkPurpose.CONFIRM],
    )
    if not sent:
        messages.error(
            request,
            _("Den frivillige har trukket samtykket til kontakt tilbage; der er ikke sendt noget."),
        )
        return redirect("volunteers:detail", pk=volunteer.pk)
    messages.success(
        request, _("Bekræftelsesmailen er sendt igen til %(email)s.") % {"email": volunteer.email}
    )
    return redirect("volunteers:detail", pk=volunteer.pk)


@never_cache
@login_required
def volunteer_write(request, pk):
    """The secretariat writes an e-mail to a volunteer; the timeline keeps what was sent.

    A volunteer anonymised while the form was open is still found for the POST,
    so that the page says why nothing was sent and keeps the text typed.
    """
    if request.method == "POST" and is_secretariat(request.user):
        volunteer = get_object_or_404(Volunteer, pk=pk)
    else:
        volunteer = _volunteer(request, pk, details=False)
    form = VolunteerMailForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: services.write_to_volunteer(
            volunteer=volunteer,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
        ),
    ):
        messages.success(
            request, _("E-mailen er sendt til %(email)s.") % {"email": volunteer.email}
        )
        return redirect("volunteers:detail", pk=volunteer.pk)
    return render(
        request,
        "volunteers/write.html",
        {
            "volunteer": volunteer,
            "form": form,
            "contact_withdrawn": volunteer.anonymised_at is None
            and not services.has_contact_consent(volunteer),
        },
    )


@never_cache
@secretariat_required
def volunteer_matches(request, slug=None):
    """Volunteers who fit an initiative that wants volunteers, best first.

    The menu's choice (a GET, so it works without JavaScript) leads to the
    initiative's own address.
    """
    form = MatchForm(request.GET or None)
    if slug is None and form.is_valid():
        return redirect("volunteers:matches_for", slug=form.cleaned_data["initiative"].slug)
    initiative, page, query = None, None, ""
    if slug is not None:
        initiative = get_object_or_404(form.fields["initiative"].queryset, slug=slug)
        form = MatchForm(initial={"initiative": initiative})
        page, query = paginate(
            request,
            Volunteer.objects.matching(initiative)
            .with_contact_consent()
            .select_related("assigned_initiative"),
        )
    return render(
        request,
        "volunteers/matches.html",
        {"form": form, "initiative": initiative, "page": page, "query": query},
    )


@never_cache
@secretariat_required
def volunteer_export(request):
    """The volunteers the inbox shows with the same filters, as a spreadsheet."""
    _form, volunteers = _inbox(request)
    return _csv(volunteers.order_by("created_at", "pk"))


def _csv(volunteers):
    """A phone number's leading + survives: spreadsheet_cell writes it as text ('+45…)."""
    volunteers = (
        volunteers.with_contact_consent()
        .annotate(
            has_newsletter_consent=Exists(
                Consent.objects.filter(
                    volunteer=OuterRef("pk"),
                    purpose=ConsentPurpose.NEWSLETTER,
                    withdrawn_at__isnull=True,
                )
            )
        )
        .select_related("assigned_initiative")
        .prefetch_related("interests")
    )
    yes, no = _("ja"), _("nej")
    states = {
        "valid": _("gyldig"),
        "expiring": _("udløber snart"),
        "expired": _("udløbet"),
        None: _("ikke vurderet"),
    }
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
        _("Samtykke til kontakt"),
        _("Samtykke til nyhedsbrev"),
        _("Børneattest vurderet"),
        _("Børneattest"),
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
            yes if volunteer.email_confirmed_at else no,
            yes if volunteer.has_contact_consent else no,
            yes if volunteer.has_newsletter_consent else no,
            volunteer.child_certificate_checked_on,
            states[volunteer.child_certificate_state],
            timezone.localtime(volunteer.created_at).strftime("%Y-%m-%d"),
        ]
        for volunteer in volunteers
    )
    return csv_response(_("frivillige"), header, rows)
