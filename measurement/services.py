"""
The only code that changes indicators, reports, forecasts and curve stories.

Each function checks who may act, checks a report's status change against
REPORT_TRANSITIONS, writes inside a transaction and records the change in the
audit trail (alliance.audit).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import audit
from alliance.mail import send_templated_mail
from alliance.notifications import Kind, notify
from alliance.transitions import MEMBER, SECRETARIAT, SYSTEM, check_transition
from alliance.versioning import EditConflict
from measurement.models import (
    CurveStory,
    DataPoint,
    Dimension,
    DimensionValue,
    Forecast,
    Indicator,
    Report,
)
from measurement.permissions import can_edit_indicator, can_review, report_role
from members.models import User

_R = Report.Status

# The one table of a report's status changes: from -> to -> who. The
# organisation fills in and submits; the secretariat approves or sends it
# back with a comment; a returned report is corrected and submitted again.
# An approved report is locked: a correction is a new report, and when that
# is approved the portal marks the old one as replaced.
REPORT_TRANSITIONS = {
    _R.DRAFT: {_R.DRAFT: {MEMBER}, _R.SUBMITTED: {MEMBER}},
    _R.SUBMITTED: {_R.APPROVED: {SECRETARIAT}, _R.RETURNED: {SECRETARIAT}},
    _R.RETURNED: {_R.RETURNED: {MEMBER}, _R.SUBMITTED: {MEMBER}},
    _R.APPROVED: {_R.SUPERSEDED: {SYSTEM}},
}

# What the audit trail keeps of a report.
REPORT_FIELDS = ["status", "total", "numerator", "denominator", "note", "review_comment"]
# ... and, under this name, the figure of each group.
GROUPS = "fordeling"


@dataclass
class Figures:
    """What an organisation reports for a period: the total and one figure per group.

    `breakdown` is {dimension value id: (value, numerator, denominator)}; for
    an indicator that is not a ratio, numerator and denominator are None.
    """

    total: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    breakdown: dict = field(default_factory=dict)


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _claim(stored, seen_version):
    if seen_version is not None and seen_version != stored.version:
        raise EditConflict


def _bump(instance):
    type(instance).objects.filter(pk=instance.pk).update(version=F("version") + 1)
    instance.version += 1


# --- indicators ----------------------------------------------------------------


@transaction.atomic
def create_indicator(*, form, by) -> Indicator:
    """A new indicator from the secretariat's form, with the groups it is broken down by."""
    _require(can_edit_indicator(by))
    indicator = audit.save_form(form, by=by)
    _set_groups(indicator, form.cleaned_data.get("groups") or [], by=by)
    return indicator


@transaction.atomic
def update_indicator(*, form, by) -> Indicator:
    """The secretariat's edit; a group that has figures cannot be taken away."""
    _require(can_edit_indicator(by))
    indicator = audit.save_form(form, by=by)
    _set_groups(indicator, form.cleaned_data.get("groups") or [], by=by)
    return indicator


def _set_groups(indicator, wanted, *, by):
    """Make the indicator's dimensions and groups those of `wanted`: [(name, [labels])]."""
    before = _groups_text(indicator)
    dimensions = {dimension.name: dimension for dimension in indicator.dimensions.all()}
    for order, (name, labels) in enumerate(wanted):
        dimension = dimensions.pop(name, None)
        if dimension is None:
            dimension = Dimension.objects.create(indicator=indicator, name=name, order=order)
        elif dimension.order != order:
            dimension.order = order
            dimension.save(update_fields=["order"])
        values = {value.label: value for value in dimension.values.all()}
        for position, label in enumerate(labels):
            value = values.pop(label, None)
            if value is None:
                DimensionValue.objects.create(dimension=dimension, label=label, order=position)
            elif value.order != position:
                value.order = position
                value.save(update_fields=["order"])
        _remove_groups(values.values())
    for dimension in dimensions.values():
        _remove_groups(dimension.values.all())
        dimension.delete()
    after = _groups_text(indicator)
    if after != before:
        audit.record(
            by=by,
            instance=indicator,
            action=audit.Action.CHANGED,
            changes={GROUPS: [before, after]},
        )


def _remove_groups(values):
    for value in values:
        if value.data_points.exists():
            raise ValidationError(
                {
                    "groups": _("Gruppen %(group)s har indberettede tal og kan ikke fjernes.")
                    % {"group": value.label}
                },
                code="protected",
            )
        value.delete()


def _groups_text(indicator):
    return "; ".join(
        f"{dimension.name}: {', '.join(value.label for value in dimension.values.all())}"
        for dimension in indicator.dimensions.prefetch_related("values")
    )


@transaction.atomic
def set_forecast(*, indicator, from_period, start_value, change_per_period, reason, by):
    """Store where the curve is heading; the earlier forecasts are kept."""
    _require(can_edit_indicator(by))
    forecast = Forecast.objects.create(
        indicator=indicator,
        from_period=from_period,
        start_value=start_value,
        change_per_period=change_per_period,
        reason=reason,
        set_by=by,
    )
    audit.record_created(by=by, instance=forecast)
    return forecast


@transaction.atomic
def save_story(*, indicator, period_start, text, by, seen_version=None) -> CurveStory:
    """Write or rewrite the story behind the curve for one period."""
    _require(can_edit_indicator(by))
    story = (
        CurveStory.objects.select_for_update()
        .filter(indicator=indicator, period_start=period_start)
        .first()
    )
    if story is None:
        story = CurveStory.objects.create(
            indicator=indicator, period_start=period_start, text=text, written_by=by
        )
        audit.record_created(by=by, instance=story, names=["text"])
        return story
    _claim(story, seen_version)
    before = audit.snapshot(story, ["text"])
    story.text, story.written_by = text, by
    story.version += 1
    story.save()
    audit.record_change(by=by, instance=story, before=before)
    return story


# --- reports -------------------------------------------------------------------


def _move(report, new, role):
    check_transition(REPORT_TRANSITIONS, current=report.status, new=new, role=role, statuses=_R)


def _take_figures(report, figures):
    report.total = figures.total
    report.numerator = figures.numerator
    report.denominator = figures.denominator
    report.note = figures.note


def _write_breakdown(report, figures):
    stored = {point.dimension_value_id: point for point in report.breakdown.all()}
    for value_id, (value, numerator, denominator) in figures.breakdown.items():
        point = stored.pop(value_id, None) or DataPoint(report=report, dimension_value_id=value_id)
        point.value, point.numerator, point.denominator = value, numerator, denominator
        point.save()
    for point in stored.values():
        point.delete()


def _breakdown_snapshot(report):
    return {
        str(point.dimension_value): str(point.value if point.value is not None else "")
        for point in report.breakdown.select_related("dimension_value")
    }


@transaction.atomic
def save_report(
    *, indicator, period_start, figures, by, submit, report=None, seen_version=None
) -> Report:
    """Save an organisation's figures as a draft, or submit them for review.

    Without `report` a new one is started for the member's organisation; a
    correction of an approved report is started with start_correction.
    """
    if report is None:
        report = Report(
            indicator=indicator,
            organisation_id=getattr(by, "organisation_id", None),
            period_start=period_start,
            created_by=by,
        )
        _require(
            report_role(by, report) == MEMBER
            and indicator.responsible.filter(pk=report.organisation_id).exists()
        )
        before = None
    else:
        report = Report.objects.select_for_update().get(pk=report.pk)
        _require(report_role(by, report) == MEMBER)
        _claim(report, seen_version)
        before = audit.snapshot(report, REPORT_FIELDS) | {GROUPS: _breakdown_snapshot(report)}
        report.version += 1
    new = _R.SUBMITTED if submit else report.status
    _move(report, new, MEMBER)
    report.status = new
    if submit:
        report.submitted_by, report.submitted_at = by, timezone.now()
    _take_figures(report, figures)
    report.save()
    _write_breakdown(report, figures)
    after_breakdown = _breakdown_snapshot(report)
    if before is None:
        audit.record(
            by=by,
            instance=report,
            action=audit.Action.CREATED,
            changes={
                name: [None, value]
                for name, value in audit.snapshot(report, REPORT_FIELDS).items()
                if value not in (None, "")
            }
            | ({GROUPS: [None, after_breakdown]} if after_breakdown else {}),
        )
    else:
        after = audit.snapshot(report, REPORT_FIELDS) | {GROUPS: after_breakdown}
        changes = audit.differences(before, after)
        if changes:
            action = audit.Action.STATUS if "status" in changes else audit.Action.CHANGED
            audit.record(by=by, instance=report, action=action, changes=changes)
    return report


@transaction.atomic
def start_correction(*, report, by) -> Report:
    """A new draft that will replace an approved report once it is approved itself."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(report_role(by, report) == MEMBER)
    if report.status != _R.APPROVED:
        raise ValidationError(_("Kun en godkendt indberetning kan rettes."), code="transition")
    existing = report.corrections.filter(status__in=Report.OPEN).first()
    if existing is not None:
        return existing
    correction = Report.objects.create(
        indicator=report.indicator,
        organisation=report.organisation,
        period_start=report.period_start,
        total=report.total,
        numerator=report.numerator,
        denominator=report.denominator,
        corrects=report,
        created_by=by,
    )
    for point in report.breakdown.all():
        DataPoint.objects.create(
            report=correction,
            dimension_value_id=point.dimension_value_id,
            value=point.value,
            numerator=point.numerator,
            denominator=point.denominator,
        )
    audit.record(
        by=by,
        instance=correction,
        action=audit.Action.CREATED,
        note=_("Rettelse af den godkendte indberetning #%(pk)s.") % {"pk": report.pk},
    )
    return correction


def _review(report, *, by, new, comment="", seen_version=None):
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(can_review(by))
    _claim(report, seen_version)
    _move(report, new, SECRETARIAT)
    before = audit.snapshot(report, REPORT_FIELDS)
    if new == _R.APPROVED and report.corrects_id:
        replaced = Report.objects.select_for_update().get(pk=report.corrects_id)
        if replaced.status == _R.APPROVED:
            _move(replaced, _R.SUPERSEDED, SYSTEM)
            replaced_before = audit.snapshot(replaced, REPORT_FIELDS)
            replaced.status = _R.SUPERSEDED
            replaced.version += 1
            replaced.save(update_fields=["status", "version", "updated_at"])
            audit.record_change(
                by=None,
                instance=replaced,
                before=replaced_before,
                note=_("Erstattet af den godkendte rettelse #%(pk)s.") % {"pk": report.pk},
            )
    report.status = new
    report.review_comment = comment
    report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.version += 1
    report.save()
    audit.record_change(by=by, instance=report, before=before)
    return report


@transaction.atomic
def approve_report(*, report, by, seen_version=None) -> Report:
    return _review(report, by=by, new=_R.APPROVED, seen_version=seen_version)


@transaction.atomic
def return_report(*, report, by, comment, seen_version=None) -> Report:
    """Send a submitted report back to its organisation; the comment says what to fix."""
    if not comment.strip():
        raise ValidationError(
            {"review_comment": _("Skriv, hvad organisationen skal rette.")}, code="required"
        )
    report = _review(report, by=by, new=_R.RETURNED, comment=comment, seen_version=seen_version)
    notify(
        kind=Kind.REPORT_RETURNED,
        recipients=User.objects.active().filter(organisation_id=report.organisation_id),
        template="measurement/email/report_returned",
        context={"report": report, "period": report.period.label()},
        url=report.get_absolute_url(),
        topic=report.indicator.name,
        by=by,
    )
    return report


@transaction.atomic
def approve_reports(*, reports, by) -> list[Report]:
    """Approve several submitted reports at once; those no longer waiting are left as they are."""
    _require(can_review(by))
    waiting = Report.objects.select_for_update().filter(
        pk__in=[report.pk for report in reports], status=_R.SUBMITTED
    )
    return [_review(report, by=by, new=_R.APPROVED) for report in waiting]


# --- imports -------------------------------------------------------------------------


@transaction.atomic
def import_reports(*, indicator, rows, by, source) -> list[Report]:
    """Store checked rows of an import file (measurement.files) as approved reports.

    The secretariat imports figures it has from a source it trusts, so they
    count at once; it reviews them in the preview instead. All rows or none:
    a period that got a report since the preview refuses the whole import.
    """
    _require(can_review(by))
    if any(row.error for row in rows):
        raise ValidationError(_("Filen har fejl; intet er gemt."), code="invalid")
    now = timezone.now()
    note = _("Importeret fra %(source)s.") % {"source": source}
    stored = set(
        Report.objects.filter(indicator=indicator)
        .exclude(status=_R.SUPERSEDED)
        .values_list("organisation_id", "period_start")
    )
    reports = {}
    for row in sorted(rows, key=lambda row: row.group_id is not None):
        key = (row.organisation_id, row.period)
        if row.group_id is None:
            if key in stored:
                raise ValidationError(
                    _("Der er kommet en indberetning for %(period)s siden; intet er gemt.")
                    % {"period": indicator.period(row.period).label()},
                    code="conflict",
                )
            reports[key] = Report.objects.create(
                indicator=indicator,
                organisation_id=row.organisation_id,
                period_start=row.period,
                status=_R.APPROVED,
                total=row.value,
                numerator=row.numerator,
                denominator=row.denominator,
                note=note,
                created_by=by,
                submitted_by=by,
                submitted_at=now,
                reviewed_by=by,
                reviewed_at=now,
            )
        else:
            DataPoint.objects.create(
                report=reports[key],
                dimension_value_id=row.group_id,
                value=row.value,
                numerator=row.numerator,
                denominator=row.denominator,
            )
    for report in reports.values():
        audit.record_created(by=by, instance=report, names=REPORT_FIELDS, note=note)
    return list(reports.values())


# --- reminders -----------------------------------------------------------------------

# The reports that count as sent in: waiting for review, approved, or replaced by a correction.
SENT_IN = (_R.SUBMITTED, _R.APPROVED, _R.SUPERSEDED)


def organisations_not_reported(indicator, period_start):
    """The responsible organisations that have sent nothing in for the period."""
    sent = Report.objects.filter(
        indicator=indicator, period_start=period_start, status__in=SENT_IN
    ).values("organisation_id")
    return indicator.responsible.exclude(pk__in=sent).order_by("name")


def send_report_reminders(*, indicator, period_start, by, base_url) -> int:
    """Remind every organisation that has not reported the period; return how many.

    Its members are told as each has chosen (alliance.notifications); an
    organisation without active members gets the mail at its own address.
    Mail goes through the task queue once the transaction is committed.
    """
    _require(can_review(by))
    period = indicator.period(period_start)
    path = reverse(
        "measurement:report_new", kwargs={"slug": indicator.slug, "period": period.start}
    )
    link = base_url.rstrip("/") + path
    organisations = list(organisations_not_reported(indicator, period.start))
    people = User.objects.active().filter(organisation__in=organisations, role=User.Role.MEMBER)
    recipients = {organisation.pk: [] for organisation in organisations}
    for person in people:
        recipients[person.organisation_id].append(person)
    sent = 0
    for organisation in organisations:
        context = {
            "organisation": organisation,
            "indicator": indicator,
            "period": period.label(),
            "by": by,
            "link": link,
        }
        if recipients[organisation.pk]:
            told = notify(
                kind=Kind.REPORT_DUE,
                recipients=recipients[organisation.pk],
                template="measurement/email/report_reminder",
                context=context,
                url=path,
                topic=indicator.name,
                by=by,
            )
            sent += bool(told)
        elif organisation.email:
            send_templated_mail(
                to=[organisation.email],
                template="measurement/email/report_reminder",
                context=context,
            )
            sent += 1
    return sent
