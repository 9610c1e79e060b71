"""Meetings: the list, scheduling and changing, answers, minutes and a meeting as .ics.

A member sees the meetings of their own groups (Meeting.objects.visible_to);
another group's meeting answers 404 everywhere. Scheduling, changing,
cancelling and minutes are the secretariat's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alliance.paging import paginate
from alliance.transitions import allowed_targets
from alliance.versioning import EditConflict, refuse_stale, save_form
from communication import ical
from communication.forms.meetings import (
    ActionItemFormSet,
    MeetingForm,
    MinutesForm,
    RsvpForm,
    action_items_of,
)
from communication.models import Meeting, Rsvp
from communication.permissions import can_manage_meetings, can_rsvp
from communication.services import meetings as services
from members.permissions import secretariat_required


def _with_answers(meetings, user):
    """Meetings with the count of each answer and the person's own, in the same query."""
    return (
        meetings.select_related("group")
        .with_answer_of(user)
        .annotate(
            yes_count=Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.YES), distinct=True),
            maybe_count=Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.MAYBE), distinct=True),
            no_count=Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.NO), distinct=True),
        )
    )


def _label_answers(meetings):
    for meeting in meetings:
        meeting.my_answer_label = Rsvp.label_of(meeting.my_answer)
    return meetings


@login_required
def meeting_list(request):
    """The meetings ahead, then those behind (paged), of the groups the person sees."""
    now = timezone.now()
    meetings = _with_answers(Meeting.objects.visible_to(request.user), request.user)
    upcoming = _label_answers(list(meetings.upcoming(now).order_by("starts_at", "pk")))
    cancelled = list(
        meetings.filter(status=Meeting.Status.CANCELLED, ends_at__gte=now).order_by("starts_at")
    )
    page, query = paginate(request, meetings.past(now).order_by("-starts_at", "-pk"))
    _label_answers(page.object_list)
    return render(
        request,
        "communication/meeting_list.html",
        {
            "upcoming": upcoming,
            "cancelled": cancelled,
            "page": page,
            "query": query,
            "can_manage": can_manage_meetings(request.user),
        },
    )


@secretariat_required
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.schedule_meeting(form=form, by=request.user)
    ):
        messages.success(
            request,
            _("Mødet %(title)s er oprettet, og gruppens medlemmer er indkaldt.")
            % {"title": form.instance.title},
        )
        return redirect(form.instance)
    return render(request, "communication/meeting_form.html", {"form": form})


def _meeting_to_manage(request, pk):
    """A meeting the person may see (else 404) and run (else 403)."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("group"), pk=pk
    )
    if not can_manage_meetings(request.user):
        raise PermissionDenied
    return meeting


@login_required
def meeting_edit(request, pk):
    meeting = _meeting_to_manage(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and save_form(
        form, lambda: services.update_meeting(form=form, by=request.user)
    ):
        messages.success(request, _("Ændringerne er gemt."))
        return redirect(form.instance)
    return render(request, "communication/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_detail(request, pk):
    user = request.user
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("group", "created_by"), pk=pk
    )
    members = list(meeting.group.members.order_by("full_name", "pk"))
    rsvps = list(meeting.rsvps.select_related("person"))
    manage = can_manage_meetings(user)
    invited = any(person.pk == user.pk for person in members)
    mine = next((rsvp for rsvp in rsvps if rsvp.person_id == user.pk), None)

    attendance = None
    if invited or manage:
        answered = {rsvp.person_id for rsvp in rsvps}
        attendance = [
            (value, label, [rsvp.person for rsvp in rsvps if rsvp.answer == value])
            for value, label in Rsvp.Answer.choices
        ]
        attendance.append(
            ("none", _("Har ikke svaret"), [p for p in members if p.pk not in answered])
        )

    rsvp_form = None
    if invited and can_rsvp(user, meeting):
        rsvp_form = RsvpForm(initial={"answer": mine.answer if mine else None})

    targets = []
    if manage:
        role = services.meeting_role(user)
        targets = allowed_targets(
            services.MEETING_TRANSITIONS, meeting.status, role, Meeting.Status
        )
    return render(
        request,
        "communication/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "my_rsvp": mine,
            "rsvp_form": rsvp_form,
            "action_items": list(meeting.action_items.select_related("responsible")),
            "can_manage": manage,
            "status_targets": [(status, Meeting.Status(status).label) for status in targets],
            "is_upcoming": meeting.ends_at >= timezone.now(),
        },
    )


@require_POST
@login_required
def meeting_status(request, pk):
    meeting = _meeting_to_manage(request, pk)
    status = request.POST.get("status", "")
    if status not in Meeting.Status.values:
        messages.error(request, _("Vælg en gyldig status."))
        return redirect(meeting)
    try:
        meeting = services.set_meeting_status(meeting=meeting, status=status, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    texts = {
        Meeting.Status.HELD: _("Mødet er markeret som afholdt."),
        Meeting.Status.CANCELLED: _("Mødet er aflyst, og gruppens medlemmer har fået besked."),
        Meeting.Status.PLANNED: _("Mødet er planlagt igen, og gruppens medlemmer har fået besked."),
    }
    messages.success(request, texts[status])
    return redirect(meeting)


@require_POST
@login_required
def meeting_rsvp(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    if not can_rsvp(request.user, meeting):
        raise PermissionDenied
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg et svar: ja, måske eller nej."))
        return redirect(meeting)
    rsvp = services.answer_rsvp(
        meeting=meeting, person=request.user, answer=form.cleaned_data["answer"]
    )
    messages.success(
        request, _("Dit svar er gemt: %(answer)s.") % {"answer": rsvp.get_answer_display()}
    )
    return redirect(meeting)


@login_required
def meeting_minutes(request, pk):
    """The minutes, the decisions and the open action items, saved together."""
    meeting = _meeting_to_manage(request, pk)
    form = MinutesForm(
        request.POST or None,
        initial={
            "minutes": meeting.minutes,
            "decisions": meeting.decisions,
            "version": meeting.version,
        },
    )
    formset = ActionItemFormSet(
        request.POST or None,
        queryset=meeting.action_items.filter(done_at__isnull=True).order_by("due_on", "pk"),
        prefix="punkter",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.record_minutes(
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                decisions=form.cleaned_data["decisions"],
                action_items=action_items_of(formset),
                by=request.user,
                seen_version=form.cleaned_data.get("version"),
            )
        except EditConflict:
            refuse_stale(form, Meeting.objects.get(pk=meeting.pk).version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Referatet er gemt."))
            return redirect(meeting)
    done = meeting.action_items.filter(done_at__isnull=False).select_related("responsible")
    return render(
        request,
        "communication/meeting_minutes.html",
        {"meeting": meeting, "form": form, "formset": formset, "done_items": list(done)},
    )


@never_cache
@login_required
def meeting_ics(request, pk):
    """One meeting as a calendar file to open or import."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("group"), pk=pk
    )
    response = HttpResponse(
        ical.calendar([meeting], name=meeting.title), content_type=ical.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="moede-{meeting.pk}.ics"'
    return response
