"""
The only code that changes the common agenda: drafts, adoption, endorsements, comments.

Each function checks who may act, writes inside a transaction and records
the change in the audit trail (alliance.audit). An agenda's status moves only
as AGENDA_TRANSITIONS allows.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Agenda, AgendaComment, AgendaGoal, Endorsement, Goal
from agenda.permissions import agenda_role, can_comment_on, can_edit_agenda, can_endorse
from alliance import audit
from alliance.mail import send_templated_mail
from alliance.notifications import Kind, language_of, notify
from alliance.transitions import SECRETARIAT, SYSTEM, check_transition
from members.models import Organisation, User

_S = Agenda.Status

# The one table of an agenda's status changes: from -> to -> who. The
# secretariat adopts a draft; the version it replaces is superseded by the
# portal itself, only as part of that adoption.
AGENDA_TRANSITIONS = {
    _S.DRAFT: {_S.ADOPTED: {SECRETARIAT}},
    _S.ADOPTED: {_S.SUPERSEDED: {SYSTEM}},
}


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _record_if_changed(*, by, instance, before, note=""):
    if audit.differences(before, audit.snapshot(instance, list(before))):
        audit.record_change(by=by, instance=instance, before=before, note=note)


# --- drafts ------------------------------------------------------------------


@transaction.atomic
def start_draft(*, by) -> Agenda:
    """A new draft, copied from the adopted version (or empty for the very first)."""
    _require(can_edit_agenda(by))
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
    audit.record_created(
        by=by,
        instance=draft,
        names=["number", "status", "vision", "problem_statement", "goals"],
        note=_("Kopieret fra version %(number)s.") % {"number": adopted.number} if adopted else "",
    )
    _tell_everyone(Kind.AGENDA_DRAFT, draft, by=by)
    return draft


def _tell_everyone(kind, agenda, *, by):
    notify(
        kind=kind,
        recipients=User.objects.active(),
        template=f"agenda/email/{kind.value}",
        context={"agenda": agenda},
        url=agenda.get_absolute_url(),
        by=by,
    )


def _goal_rows(agenda):
    """{goal id: (title, description)} and the titles in the version's order."""
    rows = list(AgendaGoal.objects.filter(agenda=agenda).order_by("order", "pk"))
    return {row.goal_id: (row.title, row.description) for row in rows}, [r.title for r in rows]


def _quoted(titles):
    return ", ".join(f"«{title}»" for title in titles)


def _goal_summary(before, after):
    """A reader's account of how the goals changed: added, removed, retitled, redescribed."""
    parts = []
    added = [after[goal][0] for goal in after if goal not in before]
    removed = [before[goal][0] for goal in before if goal not in after]
    kept = [goal for goal in after if goal in before]
    retitled = [
        f"«{before[goal][0]}» → «{after[goal][0]}»"
        for goal in kept
        if before[goal][0] != after[goal][0]
    ]
    redescribed = [after[goal][0] for goal in kept if before[goal][1] != after[goal][1]]
    if added:
        parts.append(_("Ny målsætning: %(titles)s.") % {"titles": _quoted(added)})
    if removed:
        parts.append(_("Fjernet målsætning: %(titles)s.") % {"titles": _quoted(removed)})
    if retitled:
        parts.append(_("Ny titel: %(changes)s.") % {"changes": ", ".join(retitled)})
    if redescribed:
        parts.append(_("Ny beskrivelse af %(titles)s.") % {"titles": _quoted(redescribed)})
    return " ".join(parts)


@transaction.atomic
def save_draft(*, form, formset, by) -> Agenda:
    """Save the draft's texts and goals together, or neither.

    The form's version check (alliance.versioning.VersionedModelForm) covers the
    whole page, so a conflicting save raises EditConflict before any goal
    changes are written. The history gets one event: the changed texts, and
    the goals' titles before and after with a summary of what happened to them.
    """
    _require(can_edit_agenda(by))
    stored = Agenda.objects.get(pk=form.instance.pk)
    if not stored.is_draft:
        raise ValidationError(_("Kun et udkast kan redigeres."), code="not_a_draft")
    texts_before = audit.snapshot(stored, ["vision", "problem_statement"])
    goals_before, titles_before = _goal_rows(stored)

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

    changes = audit.differences(texts_before, audit.snapshot(draft, list(texts_before)))
    goals_after, titles_after = _goal_rows(draft)
    if titles_before != titles_after:
        changes["goals"] = [titles_before, titles_after]
    note = _goal_summary(goals_before, goals_after)
    if changes or note:
        audit.record(by=by, instance=draft, action=audit.Action.CHANGED, changes=changes, note=note)
    return draft


# --- adoption ----------------------------------------------------------------


def _check_move(agenda, new, role):
    check_transition(AGENDA_TRANSITIONS, current=agenda.status, new=new, role=role, statuses=_S)


def adoption_blockers(draft, goal_rows):
    """What keeps a draft from being adopted, as (code, message): told before anyone confirms."""
    blockers = []
    if not draft.vision.strip():
        blockers.append(("no_vision", _("Skriv en vision, før udkastet vedtages.")))
    if not goal_rows:
        blockers.append(("no_goals", _("Tilføj mindst én målsætning, før udkastet vedtages.")))
    return blockers


@transaction.atomic
def adopt_agenda(
    *,
    draft,
    by,
    decided_on: date | None = None,
    decided_where: str = "",
    decided_link: str = "",
) -> Agenda:
    """Adopt a draft and supersede the version before it, all at once.

    decided_on is the day the alliance took the decision (today unless given;
    never in the future, never before the version it replaces), and
    decided_where where it was taken. Endorsements belong to one version, so
    the new version starts with none.

    Every agenda row is locked first, so two simultaneous adoptions run one
    after the other and the second finds the draft already adopted. The
    database constraint agenda_agenda_one_adopted backs this up. The goals
    take the adopted wording; goals the new version dropped are retired.
    """
    rows = {agenda.pk: agenda for agenda in Agenda.objects.select_for_update().order_by("pk")}
    draft = rows.get(draft.pk)
    if draft is None:
        raise ValidationError(_("Udkastet er allerede vedtaget."), code="not_a_draft")
    try:
        _check_move(draft, _S.ADOPTED, agenda_role(by))
    except ValidationError:
        if draft.is_draft:
            raise
        raise ValidationError(_("Udkastet er allerede vedtaget."), code="not_a_draft") from None
    goal_rows = list(draft.agenda_goals.all())
    for code, message in adoption_blockers(draft, goal_rows):
        raise ValidationError(message, code=code)
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError(
            _("Datoen for beslutningen må ikke ligge i fremtiden."), code="future_decision"
        )
    for previous in [agenda for agenda in rows.values() if agenda.status == _S.ADOPTED]:
        if previous.adopted_on and decided_on < previous.adopted_on:
            raise ValidationError(
                _("Datoen for beslutningen må ikke ligge før version %(number)s blev vedtaget.")
                % {"number": previous.number},
                code="decision_before_previous",
            )

    for previous in [agenda for agenda in rows.values() if agenda.status == _S.ADOPTED]:
        _check_move(previous, _S.SUPERSEDED, SYSTEM)
        before = audit.snapshot(previous, ["status"])
        Agenda.objects.filter(pk=previous.pk).update(status=_S.SUPERSEDED, version=F("version") + 1)
        previous.refresh_from_db(fields=["status", "version"])
        audit.record_change(
            by=by,
            instance=previous,
            before=before,
            note=_("Afløst af version %(number)s.") % {"number": draft.number},
        )

    adoption = ["status", "adopted_on", "adopted_by", "decided_where", "decided_link"]
    before = audit.snapshot(draft, adoption)
    Agenda.objects.filter(pk=draft.pk).update(
        status=_S.ADOPTED,
        adopted_on=decided_on,
        adopted_by=by,
        decided_where=decided_where.strip(),
        decided_link=decided_link.strip(),
        version=F("version") + 1,
    )
    draft.refresh_from_db(fields=[*adoption, "version"])
    audit.record_change(by=by, instance=draft, before=before)

    note = _("Vedtaget med version %(number)s.") % {"number": draft.number}
    goals = Goal.objects.in_bulk([row.goal_id for row in goal_rows])
    for row in goal_rows:
        goal = goals[row.goal_id]
        before = audit.snapshot(goal, ["title", "description", "retired_on"])
        Goal.objects.filter(pk=goal.pk).update(
            title=row.title, description=row.description, retired_on=None
        )
        goal.refresh_from_db(fields=["title", "description", "retired_on"])
        _record_if_changed(by=by, instance=goal, before=before, note=note)
    dropped = _("Udgået med version %(number)s.") % {"number": draft.number}
    for goal in Goal.objects.current().exclude(pk__in=list(goals)):
        before = audit.snapshot(goal, ["retired_on"])
        Goal.objects.filter(pk=goal.pk).update(retired_on=decided_on)
        goal.refresh_from_db(fields=["retired_on"])
        _record_if_changed(by=by, instance=goal, before=before, note=dropped)
    _tell_everyone(Kind.AGENDA_ADOPTED, draft, by=by)
    return draft


# --- endorsements ------------------------------------------------------------


@transaction.atomic
def endorse(*, agenda, organisation, by) -> Endorsement:
    """Record that an organisation backs the adopted agenda; once per version.

    The agenda's history names the organisation and who endorsed for it.
    """
    if agenda is None or agenda.status != _S.ADOPTED:
        raise ValidationError(_("Kun den vedtagne dagsorden kan tilsluttes."))
    _require(by is not None and can_endorse(by, agenda) and by.organisation_id == organisation.pk)
    endorsement, created = Endorsement.objects.get_or_create(
        agenda=agenda, organisation=organisation, defaults={"endorsed_by": by}
    )
    if created:
        audit.record(
            by=by,
            instance=agenda,
            action=audit.Action.CHANGED,
            note=_("%(organisation)s har tilsluttet sig denne version.")
            % {"organisation": organisation},
        )
    return endorsement


def organisations_without_endorsement(agenda):
    return Organisation.objects.active().exclude(endorsements__agenda=agenda).order_by("name")


@transaction.atomic
def send_endorsement_reminders(*, agenda, by, base_url, link):
    """Mail every active organisation that has not endorsed yet; return how many.

    An organisation's people get one mail for each language they read; its
    own address gets the portal's language.
    """
    organisations = list(organisations_without_endorsement(agenda))
    people = User.objects.active().filter(organisation__in=organisations, role=User.Role.MEMBER)
    by_organisation = {}
    for person in people:
        languages = by_organisation.setdefault(person.organisation_id, {})
        languages.setdefault(language_of(person), []).append(person.email)
    sent = 0
    for organisation in organisations:
        languages = by_organisation.get(organisation.pk, {})
        known = {email for emails in languages.values() for email in emails}
        if organisation.email and organisation.email not in known:
            languages.setdefault(settings.LANGUAGE_CODE, []).append(organisation.email)
        if not languages:
            continue
        for language, recipients in languages.items():
            send_templated_mail(
                to=recipients,
                template="agenda/email/endorsement_reminder",
                context={
                    "organisation": organisation,
                    "agenda": agenda,
                    "by": by,
                    "link": base_url.rstrip("/") + link,
                },
                language=language,
            )
        sent += 1
    return sent


# --- comments ----------------------------------------------------------------


@transaction.atomic
def add_comment(*, agenda, body, by) -> AgendaComment:
    """A signed-in person's remark on the draft."""
    _require(by is not None and can_comment_on(by, agenda))
    comment = AgendaComment.objects.create(agenda=agenda, author=by, body=body)
    audit.record_created(by=by, instance=comment, names=["agenda", "body"])
    return comment


@transaction.atomic
def hide_comment(*, comment, by) -> AgendaComment:
    """Hide a comment from the members; the secretariat still sees it, marked hidden."""
    _require(can_edit_agenda(by))
    if comment.hidden_at is not None:
        return comment
    before = audit.snapshot(comment, ["hidden_at", "hidden_by"])
    AgendaComment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now(), hidden_by=by)
    comment.refresh_from_db(fields=["hidden_at", "hidden_by"])
    audit.record_change(by=by, instance=comment, before=before)
    return comment
