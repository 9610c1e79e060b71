"""Writes on the common agenda that span models, send mail or must be atomic."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Agenda, AgendaGoal, Endorsement, Goal
from alliance.mail import send_templated_mail
from members.models import Organisation, User


@transaction.atomic
def start_draft(*, by):
    """A new draft, copied from the adopted version (or empty for the very first)."""
    if Agenda.objects.draft() is not None:
        raise ValidationError(_("Der findes allerede et udkast."), code="draft_exists")
    adopted = Agenda.objects.adopted()
    number = (Agenda.objects.aggregate(Max("number"))["number__max"] or 0) + 1
    draft = Agenda.objects.create(
        number=number,
        vision=adopted.vision if adopted else "",
        problem_statement=adopted.problem_statement if adopted else "",
        created_by=by,
    )
    if adopted:
        AgendaGoal.objects.bulk_create(
            AgendaGoal(
                agenda=draft,
                goal_id=row.goal_id,
                title=row.title,
                description=row.description,
                order=row.order,
            )
            for row in adopted.agenda_goals.all()
        )
    return draft


@transaction.atomic
def save_draft(*, form, formset):
    """Save the draft's texts and goals together, or neither.

    The form's version check (alliance.versioning.VersionedModelForm) covers the
    whole page, so a conflicting save raises EditConflict before any goal
    changes are written.
    """
    draft = form.save()
    for row in formset.save(commit=False):
        if row.goal_id is None:
            row.goal = Goal.objects.create(title=row.title, description=row.description)
        row.agenda = draft
        row.save()
    for row in formset.deleted_objects:
        goal = row.goal
        row.delete()
        # A goal first proposed in this draft and dropped again leaves no trace.
        if not goal.agenda_goals.exists():
            goal.delete()
    return draft


@transaction.atomic
def adopt_agenda(*, draft, by):
    """Adopt a draft and supersede the version before it, all at once.

    Every agenda row is locked first, so two simultaneous adoptions run one
    after the other and the second finds the draft already adopted. The
    database constraint agenda_agenda_one_adopted backs this up.
    """
    rows = {agenda.pk: agenda for agenda in Agenda.objects.select_for_update().order_by("pk")}
    draft = rows.get(draft.pk)
    if draft is None or not draft.is_draft:
        raise ValidationError(_("Udkastet er allerede vedtaget."), code="not_a_draft")
    goal_rows = list(draft.agenda_goals.all())
    if not draft.vision.strip():
        raise ValidationError(_("Skriv en vision, før udkastet vedtages."), code="no_vision")
    if not goal_rows:
        raise ValidationError(_("Tilføj mindst én målsætning, før udkastet vedtages."))
    today = timezone.localdate()
    Agenda.objects.filter(status=Agenda.Status.ADOPTED).update(status=Agenda.Status.SUPERSEDED)
    draft.status = Agenda.Status.ADOPTED
    draft.adopted_on = today
    draft.adopted_by = by
    draft.save(update_fields=["status", "adopted_on", "adopted_by"])
    for row in goal_rows:
        Goal.objects.filter(pk=row.goal_id).update(
            title=row.title, description=row.description, retired_on=None
        )
    kept = [row.goal_id for row in goal_rows]
    Goal.objects.current().exclude(pk__in=kept).update(retired_on=today)
    return draft


def endorse(*, agenda, organisation, by):
    """Record that an organisation backs the adopted agenda; once per version."""
    if agenda.status != Agenda.Status.ADOPTED:
        raise ValidationError(_("Kun den vedtagne dagsorden kan tilsluttes."))
    endorsement, _created = Endorsement.objects.get_or_create(
        agenda=agenda, organisation=organisation, defaults={"endorsed_by": by}
    )
    return endorsement


def organisations_without_endorsement(agenda):
    return Organisation.objects.active().exclude(endorsements__agenda=agenda).order_by("name")


@transaction.atomic
def send_endorsement_reminders(*, agenda, by, base_url, link):
    """Mail every active organisation that has not endorsed yet; return how many."""
    organisations = list(organisations_without_endorsement(agenda))
    people = User.objects.active().filter(organisation__in=organisations, role=User.Role.MEMBER)
    by_organisation = {}
    for person in people:
        by_organisation.setdefault(person.organisation_id, []).append(person.email)
    sent = 0
    for organisation in organisations:
        recipients = by_organisation.get(organisation.pk, [])
        if organisation.email and organisation.email not in recipients:
            recipients.append(organisation.email)
        if not recipients:
            continue
        send_templated_mail(
            to=recipients,
            template="agenda/email/endorsement_reminder",
            context={
                "organisation": organisation,
                "agenda": agenda,
                "by": by,
                "link": base_url.rstrip("/") + link,
            },
        )
        sent += 1
    return sent


def hide_comment(*, comment, by):
    comment.hidden_at = timezone.now()
    comment.hidden_by = by
    comment.save(update_fields=["hidden_at", "hidden_by"])
    return comment
