"""Initiatives and commitments inside the portal: lists, detail, editing, updates, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alliance.export import csv_response
from alliance.paging import paginate
from alliance.templatetags.portal import short_date
from alliance.versioning import EditConflict, save_form
from initiatives import services
from initiatives.forms import (
    CommitmentDecisionForm,
    CommitmentEditForm,
    CommitmentForm,
    CommitmentReturnForm,
    CommitmentUpdateForm,
    InitiativeFilterForm,
    InitiativeForm,
    MemberCommitmentForm,
)
from initiatives.models import DUE_SOON_DAYS, Commitment, CommitmentUpdate, Initiative
from initiatives.permissions import (
    can_edit_commitment,
    can_edit_initiative,
    can_propose_commitment,
    commitments_in_reach,
)
from members.permissions import is_secretariat, secretariat_required

# ?fra= on the update page when it was opened from "Min organisation", to return there.
FROM_MY_ORGANISATION = "min-organisation"


def _latest_updates():
    """Prefetch each commitment's updates newest first; the first is the latest."""
    return Prefetch(
        "updates",
        queryset=CommitmentUpdate.objects.select_related("author").order_by("-created_at", "-pk"),
    )


@login_required
def initiative_list(request):
    form = InitiativeFilterForm(request.GET or None)
    initiatives = Initiative.objects.select_related("lead_organisation").prefetch_related("goals")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            initiatives = initiatives.filter(status=data["status"])
        if data["goal"]:
            initiatives = initiatives.filter(goals=data["goal"])
        if data["sector"]:
            initiatives = initiatives.filter(
                commitments__organisation__sector=data["sector"],
                commitments__status__in=Commitment.OPEN_STATUSES,
            )
        if data["lead"]:
            initiatives = initiatives.filter(lead_organisation=data["lead"])
    page, query = paginate(request, initiatives.distinct().order_by("name"))
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_create": can_edit_initiative(request.user),
        },
    )


@login_required
def initiative_detail(request, slug):
    commitments = Commitment.objects.select_related("organisation").prefetch_related(
        _latest_updates()
    )
    initiative = get_object_or_404(
        Initiative.objects.select_related(
            "lead_organisation", "working_group", "contact_person"
        ).prefetch_related("goals", Prefetch("commitments", queryset=commitments)),
        slug=slug,
    )
    rows = [
        {
            "commitment": commitment,
            "latest": next(iter(commitment.updates.all()), None),
            "can_edit": can_edit_commitment(request.user, commitment),
        }
        for commitment in initiative.commitments.all()
    ]
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "rows": rows,
            "can_edit": can_edit_initiative(request.user),
            "can_propose": can_propose_commitment(request.user),
        },
    )


@secretariat_required
def initiative_create(request):
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.create_initiative(form=form, by=request.user)
    ):
        messages.success(request, _("Indsatsen %(name)s er oprettet.") % {"name": form.instance})
        return redirect("initiatives:initiative_detail", slug=form.instance.slug)
    return render(request, "initiatives/initiative_form.html", {"form": form})


@secretariat_required
def initiative_edit(request, slug):
    initiative = get_object_or_404(Initiative, slug=slug)
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and save_form(
        form, lambda: services.update_initiative(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect("initiatives:initiative_detail", slug=form.instance.slug)
    return render(
        request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative}
    )


@login_required
def commitment_create(request, slug):
    initiative = get_object_or_404(Initiative, slug=slug)
    if not can_propose_commitment(request.user):
        raise PermissionDenied
    secretariat = is_secretariat(request.user)
    form_class = CommitmentForm if secretariat else MemberCommitmentForm
    form = form_class(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: services.create_commitment(form=form, initiative=initiative, by=request.user),
    ):
        if secretariat:
            messages.success(request, _("Tilsagnet er oprettet."))
        else:
            messages.success(
                request, _("Tak! Tilsagnet er foreslået. Sekretariatet kigger på det.")
            )
        return redirect("initiatives:initiative_detail", slug=initiative.slug)
    return render(
        request,
        "initiatives/commitment_form.html",
        {"form": form, "initiative": initiative},
    )


def _commitment_for_edit(request, pk):
    commitment = get_object_or_404(
        commitments_in_reach(request.user).select_related("initiative", "organisation"), pk=pk
    )
    if not can_edit_commitment(request.user, commitment):
        raise PermissionDenied
    return commitment


@login_required
def commitment_detail(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.select_related("initiative", "organisation").prefetch_related(
            _latest_updates()
        ),
        pk=pk,
    )
    # The secretariat accepts a proposal waiting for it, or sends it back, right here.
    can_decide = (
        can_edit_initiative(request.user)
        and commitment.status == Commitment.Status.PROPOSED
        and commitment.returned_at is None
    )
    return render(
        request,
        "initiatives/commitment_detail.html",
        {
            "commitment": commitment,
            "updates": commitment.updates.all(),
            "can_edit": can_edit_commitment(request.user, commitment),
            "can_decide": can_decide,
            "decision_form": CommitmentDecisionForm(commitment=commitment) if can_decide else None,
        },
    )


def _commitment_to_decide(request, pk):
    """A proposal the secretariat accepts or sends back: 404 out of reach, 403 without the role."""
    commitment = get_object_or_404(
        commitments_in_reach(request.user).select_related("initiative", "organisation"), pk=pk
    )
    if not can_edit_initiative(request.user):
        raise PermissionDenied(_("Det er sekretariatet, der tager imod tilsagn."))
    return commitment


def _back(request):
    """The portal page a decision was made on, to return to; "" when none was sent."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/portal/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _after_decision(request, commitment):
    return redirect(
        _back(request) or reverse("initiatives:commitment_detail", args=[commitment.pk])
    )


@require_POST
@login_required
def commitment_accept(request, pk):
    """The secretariat accepts a proposed commitment with one button (the home, the
    commitment's page)."""
    commitment = _commitment_to_decide(request, pk)
    form = CommitmentDecisionForm(request.POST)
    form.is_valid()
    try:
        services.accept_commitment(
            commitment=commitment, by=request.user, seen_version=form.seen_version
        )
    except EditConflict:
        messages.error(
            request,
            _(
                "Tilsagnet er ændret, siden siden blev åbnet, så det er ikke taget imod. "
                "Se det igen, før du tager imod det."
            ),
        )
        return redirect("initiatives:commitment_detail", pk=commitment.pk)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            _("Tilsagnet fra %(organisation)s til %(initiative)s er taget imod.")
            % {
                "organisation": commitment.organisation.name,
                "initiative": commitment.initiative.name,
            },
        )
    return _after_decision(request, commitment)


@login_required
def commitment_return(request, pk):
    """The secretariat sends a proposal back with a reason; the page asks for it."""
    commitment = _commitment_to_decide(request, pk)
    form = CommitmentReturnForm(request.POST or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_commitment(
                commitment=commitment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                seen_version=form.seen_version,
            )
        except EditConflict:
            # Shown again at the current version, the reason kept: sending it now is deliberate.
            commitment.refresh_from_db()
            form = CommitmentReturnForm(
                {"reason": form.cleaned_data["reason"], "version": commitment.version},
                commitment=commitment,
            )
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Tilsagnet er ændret, siden siden blev åbnet, så det er ikke sendt "
                    "tilbage. Se det igen, og send det så."
                ),
            )
        except ValidationError as refusal:
            if refusal.code == "required":
                form.add_error("reason", refusal)
            else:
                messages.error(request, " ".join(refusal.messages))
                return _after_decision(request, commitment)
        else:
            messages.success(
                request,
                _("Tilsagnet er sendt tilbage til %(organisation)s med din begrundelse.")
                % {"organisation": commitment.organisation.name},
            )
            return _after_decision(request, commitment)
    return render(
        request,
        "initiatives/commitment_return.html",
        {"form": form, "commitment": commitment, "next": _back(request)},
    )


@login_required
def commitment_edit(request, pk):
    commitment = _commitment_for_edit(request, pk)
    form_class = CommitmentEditForm if is_secretariat(request.user) else MemberCommitmentForm
    form = form_class(request.POST or None, instance=commitment)
    if request.method == "POST" and save_form(
        form, lambda: services.update_commitment(form=form, by=request.user)
    ):
        messages.success(request, _("Tilsagnet er gemt."))
        return redirect("initiatives:commitment_detail", pk=commitment.pk)
    return render(
        request,
        "initiatives/commitment_form.html",
        {"form": form, "initiative": commitment.initiative, "commitment": commitment},
    )


@login_required
def commitment_update(request, pk):
    commitment = _commitment_for_edit(request, pk)
    form = CommitmentUpdateForm(
        request.POST or None,
        initial={"status": commitment.status},
        commitment=commitment,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                commitment=commitment,
                by=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                seen_version=form.seen_version,
            )
        except EditConflict:
            form.show_conflict()
        except ValidationError as refusal:
            form.add_error("status", refusal)
        else:
            messages.success(
                request,
                _("Opdateringen er gemt. Næste opdatering er %(date)s.")
                % {"date": short_date(commitment.next_update_due)},
            )
            if request.POST.get("fra") == FROM_MY_ORGANISATION:
                return redirect("initiatives:my_organisation")
            return redirect("initiatives:commitment_detail", pk=commitment.pk)
    # Where to return after saving: only the one known page, never text from the address.
    came_from = request.GET.get("fra")
    return render(
        request,
        "initiatives/commitment_update.html",
        {
            "form": form,
            "commitment": commitment,
            "fra": FROM_MY_ORGANISATION if came_from == FROM_MY_ORGANISATION else "",
        },
    )


@login_required
def my_organisation(request):
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied
    ours = (
        Commitment.objects.of_organisation(organisation)
        .select_related("initiative")
        .order_by("next_update_due", "initiative__name")
    )
    return render(
        request,
        "initiatives/my_organisation.html",
        {
            "organisation": organisation,
            "overdue": ours.overdue(),
            "due_soon": ours.due_within(DUE_SOON_DAYS),
            "due_soon_days": DUE_SOON_DAYS,
            "commitments": ours.prefetch_related(_latest_updates()),
        },
    )


@never_cache
@secretariat_required
def commitment_export(request):
    """Every commitment as a CSV file that Danish Excel opens as it is."""
    commitments = (
        Commitment.objects.select_related("initiative", "organisation")
        .prefetch_related(_latest_updates())
        .order_by("initiative__name", "organisation__name")
    )
    header = [
        _("Indsats"),
        _("Organisation"),
        _("Sektor"),
        _("Status"),
        _("Det gør vi"),
        _("Timer pr. måned"),
        _("Andre ressourcer"),
        _("Start"),
        _("Slut"),
        _("Næste opdatering"),
        _("Seneste opdatering"),
    ]

    def row(commitment):
        latest = next(iter(commitment.updates.all()), None)
        return [
            commitment.initiative.name,
            commitment.organisation.name,
            commitment.organisation.get_sector_display(),
            commitment.get_status_display(),
            commitment.description,
            str(commitment.staff_hours_per_month or "").replace(".", ","),
            commitment.resources,
            commitment.start_date or "",
            commitment.end_date or "",
            commitment.next_update_due,
            latest.created_at.date() if latest else "",
        ]

    return csv_response(_("tilsagn"), header, (row(c) for c in commitments))
