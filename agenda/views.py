"""The common agenda inside the portal: read, endorse, comment, draft and adopt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda import services
from agenda.diff import agenda_diff
from agenda.forms import AdoptForm, AgendaForm, CommentForm, CompareForm, GoalFormSet
from agenda.models import Agenda, AgendaComment
from agenda.permissions import can_comment_on, can_edit_agenda, can_endorse
from alliance.versioning import save_form
from members.permissions import is_secretariat, secretariat_required


def _draft_or_404():
    draft = Agenda.objects.draft()
    if draft is None:
        raise Http404
    return draft


def _previous(agenda):
    """The version before this one, with its goals."""
    return (
        Agenda.objects.filter(number__lt=agenda.number)
        .exclude(status=Agenda.Status.DRAFT)
        .order_by("-number")
        .first()
    )


def _diff_against(previous, agenda, goals):
    if previous is None:
        return None
    return agenda_diff(previous, agenda, list(previous.agenda_goals.all()), goals)


@login_required
def agenda_detail(request):
    agenda = Agenda.objects.adopted()
    context = {
        "agenda": agenda,
        "draft": Agenda.objects.draft(),
        "can_edit": can_edit_agenda(request.user),
    }
    if agenda is not None:
        endorsements = list(agenda.endorsements.select_related("organisation", "endorsed_by"))
        own = [e for e in endorsements if e.organisation_id == request.user.organisation_id]
        context |= {
            "goals": agenda.agenda_goals.all(),
            "endorsements": endorsements,
            "own_endorsement": own[0] if own else None,
            "can_endorse": can_endorse(request.user, agenda) and not own,
        }
        if is_secretariat(request.user):
            context["missing"] = services.organisations_without_endorsement(agenda)
    return render(request, "agenda/detail.html", context)


@login_required
def agenda_history(request):
    versions = Agenda.objects.annotate(
        goal_count=Count("agenda_goals", distinct=True),
        endorsement_count=Count("endorsements", distinct=True),
    ).order_by("-number")
    return render(request, "agenda/history.html", {"versions": versions})


@login_required
def agenda_version(request, number):
    agenda = get_object_or_404(Agenda, number=number)
    goals = list(agenda.agenda_goals.all())
    return render(
        request,
        "agenda/version.html",
        {
            "agenda": agenda,
            "goals": goals,
            "previous": (previous := _previous(agenda)),
            "diff": _diff_against(previous, agenda, goals),
        },
    )


@login_required
def draft_detail(request):
    draft = _draft_or_404()
    goals = list(draft.agenda_goals.all())
    comments = draft.comments.select_related("author__organisation", "hidden_by")
    if not is_secretariat(request.user):
        comments = comments.visible()
    return render(
        request,
        "agenda/draft.html",
        {
            "draft": draft,
            "goals": goals,
            "comments": comments,
            "comment_form": CommentForm() if can_comment_on(request.user, draft) else None,
            "can_edit": can_edit_agenda(request.user),
            "previous": (previous := Agenda.objects.adopted()),
            "diff": _diff_against(previous, draft, goals),
        },
    )


@require_POST
@secretariat_required
def draft_start(request):
    try:
        services.start_draft(by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Et nyt udkast er oprettet ud fra den vedtagne version."))
    return redirect("agenda:draft_edit")


@secretariat_required
def draft_edit(request):
    draft = _draft_or_404()
    goals = draft.agenda_goals.all()
    form = AgendaForm(request.POST or None, instance=draft)
    formset = GoalFormSet(request.POST or None, instance=draft, queryset=goals, prefix="maal")
    if (
        request.method == "POST"
        and formset.is_valid()
        and save_form(
            form, lambda: services.save_draft(form=form, formset=formset, by=request.user)
        )
    ):
        messages.success(request, _("Udkastet er gemt."))
        return redirect("agenda:draft")
    return render(
        request,
        "agenda/draft_form.html",
        {"draft": draft, "form": form, "formset": formset},
    )


@secretariat_required
def draft_adopt(request):
    """Confirm the adoption: what changes, when and where it was decided, then adopt."""
    draft = _draft_or_404()
    if request.method == "POST" and "decided_on" not in request.POST:
        # A bare POST (an old page's one-click button) never adopts: the decision's
        # date and place belong to the record, so ask for them.
        messages.error(
            request,
            _("Udkastet er ikke vedtaget. Bekræft vedtagelsen med dato og sted for beslutningen."),
        )
        return redirect("agenda:draft_adopt")
    form = AdoptForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if form.is_valid():
        try:
            services.adopt_agenda(draft=draft, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s er vedtaget og gælder nu.") % {"number": draft.number},
            )
            return redirect("agenda:detail")
    goals = list(draft.agenda_goals.all())
    previous = Agenda.objects.adopted()
    return render(
        request,
        "agenda/adopt.html",
        {
            "draft": draft,
            "form": form,
            "previous": previous,
            "diff": _diff_against(previous, draft, goals),
            "blockers": [message for _code, message in services.adoption_blockers(draft, goals)],
            "endorsement_count": previous.endorsements.count() if previous else 0,
        },
    )


@login_required
def agenda_compare(request):
    """Any two versions side by side; without a choice, the newest against the one before."""
    versions = list(Agenda.objects.order_by("-number"))
    data = request.GET
    if not {"fra", "til"} & set(data) and len(versions) > 1:
        data = {"fra": versions[1].number, "til": versions[0].number}
    form = CompareForm(data or None, versions=versions)
    context = {"form": form, "versions": versions}
    if form.is_valid():
        by_number = {version.number: version for version in versions}
        previous = by_number[form.cleaned_data["fra"]]
        current = by_number[form.cleaned_data["til"]]
        context |= {
            "previous": previous,
            "current": current,
            "diff": agenda_diff(
                previous,
                current,
                list(previous.agenda_goals.all()),
                list(current.agenda_goals.all()),
            ),
        }
    return render(request, "agenda/compare.html", context)


@require_POST
@login_required
def comment_add(request):
    draft = _draft_or_404()
    if not can_comment_on(request.user, draft):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(agenda=draft, body=form.cleaned_data["body"], by=request.user)
        messages.success(request, _("Din kommentar er tilføjet."))
        return redirect(reverse("agenda:draft") + "#kommentarer")
    messages.error(request, _("Skriv en kommentar på højst 5000 tegn."))
    return redirect(reverse("agenda:draft") + "#kommentarer")


@require_POST
@secretariat_required
def comment_hide(request, pk):
    comment = get_object_or_404(AgendaComment, pk=pk)
    services.hide_comment(comment=comment, by=request.user)
    messages.success(request, _("Kommentaren er skjult for medlemmerne. Den er gemt."))
    return redirect(reverse("agenda:draft") + "#kommentarer")


@require_POST
@login_required
def endorse(request):
    agenda = Agenda.objects.adopted()
    if not can_endorse(request.user, agenda):
        raise PermissionDenied
    services.endorse(agenda=agenda, organisation=request.user.organisation, by=request.user)
    messages.success(
        request,
        _("%(organisation)s har tilsluttet sig den fælles dagsorden.")
        % {"organisation": request.user.organisation},
    )
    return redirect("agenda:detail")


@require_POST
@secretariat_required
def remind(request):
    agenda = Agenda.objects.adopted()
    if agenda is None:
        raise Http404
    sent = services.send_endorsement_reminders(
        agenda=agenda,
        by=request.user,
        base_url=request.build_absolute_uri("/"),
        link=reverse("agenda:detail"),
    )
    messages.success(
        request, _("Påmindelsen er sendt til %(count)s organisationer.") % {"count": sent}
    )
    return redirect("agenda:detail")
