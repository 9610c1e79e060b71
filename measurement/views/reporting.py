"""
Reporting: organisations send in their figures for each period, and the
secretariat reviews them before they count.

A member sees the periods their organisation owes figures for, fills them
in, saves a draft or submits it, and starts a correction of an approved
report. The secretariat sees who has not reported the latest period yet,
reviews a submitted report (approve, or send it back with a comment) and
approves several at once from the queue. The secretariat does not report.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from alliance.paging import paginate
from alliance.transitions import MEMBER, SECRETARIAT
from alliance.versioning import EditConflict
from measurement import periods, services
from measurement.forms import ReportForm, ReviewForm
from measurement.models import Dimension, Indicator, Report
from measurement.numbers import format_number
from measurement.permissions import (
    can_report,
    indicators_to_report,
    report_role,
    reports_in_reach,
)
from members.models import Organisation
from members.permissions import is_secretariat, secretariat_required

_R = Report.Status
# A period without any report.
MISSING = "missing"
STATUS_LABELS = {MISSING: gettext_lazy("Mangler"), **dict(_R.choices)}
BADGES = {
    MISSING: "text-bg-light border",
    _R.DRAFT: "text-bg-secondary",
    _R.SUBMITTED: "text-bg-info",
    _R.RETURNED: "text-bg-warning",
    _R.APPROVED: "text-bg-success",
    _R.SUPERSEDED: "text-bg-light border",
}
# What the organisation still has to do something about.
OUTSTANDING = (MISSING, _R.DRAFT, _R.RETURNED)
# Statuses that count as reported, from the secretariat's side.
REPORTED = (_R.SUBMITTED, _R.APPROVED)
# Which of a period's reports a page shows: one being worked on before the approved one.
_SHOWN_FIRST = {_R.DRAFT: 0, _R.RETURNED: 0, _R.SUBMITTED: 0, _R.APPROVED: 1}
EDITABLE = (_R.DRAFT, _R.RETURNED)


def figure_text(indicator, value):
    """A figure with the indicator's decimals and unit: "1.234,5 unge", "42,5 %"."""
    if value is None:
        return "–"
    unit = "%" if indicator.aggregation == Indicator.Aggregation.RATIO else indicator.unit
    return f"{format_number(value, indicator.decimals, grouping=True)} {unit}".strip()


def _groups():
    """An indicator's dimensions with their groups, in order."""
    return Prefetch("dimensions", queryset=Dimension.objects.prefetch_related("values"))


# --- the reporting page ------------------------------------------------------------


@dataclass
class PeriodRow:
    period: periods.Period
    status: str
    report: Report | None
    deadline: date
    overdue: bool

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def badge(self):
        return BADGES[self.status]

    @property
    def correction(self):
        """A correction of approved figures: the period is reported, so nothing is overdue."""
        return self.report is not None and self.report.corrects_id is not None

    @property
    def outstanding(self):
        return self.status in OUTSTANDING and not self.correction

    @property
    def editable(self):
        return self.status in EDITABLE


@login_required
def overview(request):
    """Indberetning: what a member's organisation owes, or who has not reported yet."""
    if is_secretariat(request.user):
        return _secretariat_overview(request)
    if not can_report(request.user):
        raise PermissionDenied
    return _member_overview(request)


def _member_overview(request):
    today = timezone.localdate()
    organisation = request.user.organisation
    indicators = list(indicators_to_report(request.user).order_by("name"))
    windows = {indicator.pk: periods.latest_periods(indicator, today) for indicator in indicators}
    earliest = min((p.start for shown in windows.values() for p in shown), default=None)
    found = {}
    if earliest is not None:
        reports = (
            Report.objects.filter(
                indicator__in=indicators, organisation=organisation, period_start__gte=earliest
            )
            .exclude(status=_R.SUPERSEDED)
            .only("pk", "indicator_id", "period_start", "status", "corrects_id")
        )
        for report in sorted(reports, key=lambda r: _SHOWN_FIRST[r.status], reverse=True):
            found[report.indicator_id, report.period_start] = report
    sections = []
    for indicator in indicators:
        rows = []
        for period in windows[indicator.pk]:
            report = found.get((indicator.pk, period.start))
            status = report.status if report else MISSING
            row = PeriodRow(
                period=period,
                status=status,
                report=report,
                deadline=periods.deadline(period),
                overdue=False,
            )
            row.overdue = row.outstanding and today > row.deadline
            rows.append(row)
        # What still needs doing first, the most overdue at the top; then the rest, latest first.
        waiting = sorted((row for row in rows if row.outstanding), key=lambda row: row.period)
        rows = waiting + [row for row in rows if not row.outstanding]
        sections.append(
            {
                "indicator": indicator,
                "rows": rows,
                "outstanding": len(waiting),
                "overdue": sum(row.overdue for row in waiting),
                "first": indicator.period(indicator.reporting_from),
            }
        )
    # Indicators with overdue periods first, then those with any outstanding.
    sections.sort(key=lambda section: (-section["overdue"], -section["outstanding"]))
    return render(
        request,
        "measurement/reporting.html",
        {
            "organisation": organisation,
            "sections": sections,
            "outstanding": sum(section["outstanding"] for section in sections),
            "overdue": sum(section["overdue"] for section in sections),
            "overdue_days": periods.OVERDUE_AFTER_DAYS,
            "periods_shown": periods.PERIODS_SHOWN,
        },
    )


def _secretariat_overview(request):
    today = timezone.localdate()
    indicators = list(
        Indicator.objects.prefetch_related(
            Prefetch("responsible", queryset=Organisation.objects.order_by("name"))
        ).order_by("name")
    )
    latest = {indicator.pk: periods.last_finished(indicator, today) for indicator in indicators}
    starts = {period.start for period in latest.values() if period is not None}
    best = {}
    if starts:
        reports = (
            Report.objects.filter(indicator__in=indicators, period_start__in=starts)
            .exclude(status=_R.SUPERSEDED)
            .values_list("indicator_id", "organisation_id", "period_start", "status")
        )
        rank = {_R.DRAFT: 0, _R.RETURNED: 1, _R.SUBMITTED: 2, _R.APPROVED: 3}
        for indicator_id, organisation_id, period_start, status in reports:
            period = latest[indicator_id]
            if period is None or period.start != period_start:
                continue
            key = (indicator_id, organisation_id)
            if key not in best or rank[status] > rank[best[key]]:
                best[key] = status
    rows = []
    for indicator in indicators:
        period = latest[indicator.pk]
        responsible = list(indicator.responsible.all())
        missing = []
        if period is not None:
            for organisation in responsible:
                status = best.get((indicator.pk, organisation.pk))
                if status not in REPORTED:
                    missing.append((organisation, STATUS_LABELS[status] if status else None))
        rows.append(
            {
                "indicator": indicator,
                "period": period,
                "deadline": periods.deadline(period) if period else None,
                "overdue": bool(period and missing and today > periods.deadline(period)),
                "responsible": responsible,
                "reported": len(responsible) - len(missing) if period else 0,
                "missing": missing,
            }
        )
    return render(
        request,
        "measurement/reporting_secretariat.html",
        {
            "rows": rows,
            "waiting": Report.objects.filter(status=_R.SUBMITTED).count(),
            "overdue_days": periods.OVERDUE_AFTER_DAYS,
        },
    )


# --- entering figures ----------------------------------------------------------------


def _reportable(indicator, start, today):
    """The period named by `start`, if figures can be reported for it; else 404.

    It must be a real start of one of the indicator's periods, not before
    reporting starts and not in the future.
    """
    period = indicator.period(start)
    if (
        period.start != start
        or period < indicator.period(indicator.reporting_from)
        or period.start > today
    ):
        raise Http404
    return period


def _submitting(request):
    return request.POST.get("handling") == "indsend"


def _saved_message(request, report, submitted):
    names = {"indicator": report.indicator.name, "period": report.period.label()}
    if submitted:
        messages.success(
            request,
            _("Tak! Tallene for %(indicator)s, %(period)s er sendt til godkendelse.") % names,
        )
    else:
        messages.success(request, _("Kladden er gemt. Indsend den, når tallene er klar."))


@login_required
def report_new(request, slug, period):
    """A member enters the figures for one period that has no report yet."""
    if is_secretariat(request.user):
        get_object_or_404(Indicator, slug=slug)
        raise PermissionDenied  # the secretariat reviews; it does not report
    if not can_report(request.user):
        raise PermissionDenied
    indicator = get_object_or_404(
        indicators_to_report(request.user).prefetch_related(_groups()), slug=slug
    )
    today = timezone.localdate()
    the_period = _reportable(indicator, period, today)
    existing = sorted(
        Report.objects.filter(
            indicator=indicator,
            organisation_id=request.user.organisation_id,
            period_start=the_period.start,
            status__in=[*Report.OPEN, _R.APPROVED],
        ).only("pk", "status"),
        key=lambda report: _SHOWN_FIRST[report.status],
    )
    if existing:
        report = existing[0]
        if report.status == _R.APPROVED:
            messages.info(
                request,
                _("Tallene for perioden er allerede godkendt. Du kan rette dem herfra."),
            )
        elif request.method == "POST":
            messages.warning(
                request,
                _(
                    "Der er allerede en indberetning for perioden. Dine tal er ikke gemt; "
                    "her er den, der findes."
                ),
            )
        return redirect("measurement:report_detail", pk=report.pk)
    submit = _submitting(request)
    form = ReportForm(request.POST or None, indicator=indicator, submit=submit)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.save_report(
                indicator=indicator,
                period_start=the_period.start,
                figures=form.figures(),
                by=request.user,
                submit=submit,
            )
        except IntegrityError:
            # Someone else from the organisation started the same period a moment ago.
            messages.warning(
                request,
                _("En anden fra jeres organisation er netop gået i gang med perioden."),
            )
            return redirect(request.path)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            _saved_message(request, report, submit)
            if submit:
                return redirect("measurement:reporting")
            return redirect(report)
    return render(
        request,
        "measurement/report_new.html",
        {
            "indicator": indicator,
            "period": the_period,
            "form": form,
            "deadline": periods.deadline(the_period),
            "overdue": today > periods.deadline(the_period),
        },
    )


# --- one report ----------------------------------------------------------------------


def _report(request, pk):
    """The report, if the person may open it at all: another organisation's answers 404."""
    return get_object_or_404(
        reports_in_reach(request.user)
        .select_related(
            "indicator",
            "organisation",
            "submitted_by",
            "reviewed_by",
            "corrects__indicator",
        )
        .prefetch_related(
            Prefetch(
                "indicator__dimensions", queryset=Dimension.objects.prefetch_related("values")
            ),
            "breakdown",
        ),
        pk=pk,
    )


def _breakdown(report):
    """[(dimension, [(group, its data point or None)])], every group of the indicator."""
    points = {point.dimension_value_id: point for point in report.breakdown.all()}
    return [
        (dimension, [(value, points.get(value.pk)) for value in dimension.values.all()])
        for dimension in report.indicator.dimensions.all()
    ]


@login_required
def report_detail(request, pk):
    """The report; its organisation edits a draft or a returned one, the secretariat reviews."""
    report = _report(request, pk)
    role = report_role(request.user, report)
    form = review_form = None
    if request.method == "POST":
        if role == MEMBER and report.status in EDITABLE:
            form, done = _save(request, report)
        elif role == SECRETARIAT and report.status == _R.SUBMITTED:
            review_form, done = _review(request, report)
        else:
            done = None
            messages.error(request, _too_late(role, report))
        if done is not None:
            return done
        # What changed in the meantime shows with the message.
        report = _report(request, pk)
    return _show(request, report, role, form, review_form)


def _too_late(role, report):
    """Why a POST changed nothing: the report moved on since the page was opened."""
    status = {"status": report.get_status_display().lower()}
    if role != SECRETARIAT:
        return (
            _("Indberetningen kan ikke længere ændres (den er %(status)s). Dine tal er ikke gemt.")
            % status
        )
    if report.status == _R.DRAFT:
        return _("Indberetningen er ikke indsendt endnu. Intet er ændret.")
    return (
        _("En anden har allerede behandlet indberetningen (den er %(status)s). Intet er ændret.")
        % status
    )


def _save(request, report):
    """The organisation's edit: (the form, a redirect when saved or None)."""
    submit = _submitting(request)
    form = ReportForm(request.POST, indicator=report.indicator, report=report, submit=submit)
    if not form.is_valid():
        return form, None
    try:
        services.save_report(
            indicator=report.indicator,
            period_start=report.period_start,
            figures=form.figures(),
            by=request.user,
            submit=submit,
            report=report,
            seen_version=form.seen_version,
        )
    except EditConflict:
        current = Report.objects.get(pk=report.pk)
        if current.status in EDITABLE:
            form.show_conflict(current)
            return form, None
        messages.error(
            request,
            _("En anden har indsendt indberetningen, mens du redigerede. Dine tal er ikke gemt."),
        )
        return None, None
    except ValidationError as refusal:
        form.add_error(None, refusal)
        return form, None
    _saved_message(request, report, submit)
    if submit:
        return form, redirect("measurement:reporting")
    return form, redirect(report)


def _review(request, report):
    """The secretariat's review: (the form, a redirect when done or None)."""
    returning = request.POST.get("handling") == "retur"
    form = ReviewForm(request.POST, report=report, returning=returning)
    if not form.is_valid():
        return form, None
    try:
        if returning:
            services.return_report(
                report=report,
                by=request.user,
                comment=form.cleaned_data["review_comment"],
                seen_version=form.seen_version,
            )
        else:
            services.approve_report(report=report, by=request.user, seen_version=form.seen_version)
    except EditConflict:
        messages.error(
            request,
            _(
                "En anden har behandlet indberetningen, mens du så på den. "
                "Intet er ændret; her er den, som den er nu."
            ),
        )
        return None, None
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            form.add_error(None, refusal)
            return form, None
        messages.error(request, " ".join(refusal.messages))
        return None, None
    names = {
        "indicator": report.indicator.name,
        "organisation": report.organisation.name,
        "period": report.period.label(),
    }
    if returning:
        message = _(
            "Indberetningen fra %(organisation)s (%(indicator)s, %(period)s) er sendt retur."
        )
    else:
        message = _("Indberetningen fra %(organisation)s (%(indicator)s, %(period)s) er godkendt.")
    messages.success(request, message % names)
    return form, redirect("measurement:review_queue")


def _show(request, report, role, form, review_form):
    can_edit = role == MEMBER and report.status in EDITABLE
    can_review = role == SECRETARIAT and report.status == _R.SUBMITTED
    if can_edit and form is None:
        form = ReportForm(indicator=report.indicator, report=report)
    if not can_edit:
        form = None
    if can_review and review_form is None:
        review_form = ReviewForm(report=report)
    if not can_review:
        review_form = None
    related = None
    if report.status == _R.APPROVED:
        related = report.corrections.filter(status__in=Report.OPEN).only("pk", "status").first()
    elif report.status == _R.SUPERSEDED:
        related = report.corrections.filter(status=_R.APPROVED).only("pk").first()
    indicator = report.indicator
    return render(
        request,
        "measurement/report_detail.html",
        {
            "report": report,
            "indicator": indicator,
            "is_ratio": indicator.aggregation == Indicator.Aggregation.RATIO,
            "status_badge": BADGES[report.status],
            "value": figure_text(indicator, report.value),
            "numbers": {
                name: format_number(getattr(report, name), grouping=True) or "–"
                for name in ("total", "numerator", "denominator")
            },
            "breakdown": [
                (dimension, [(value, _point_text(indicator, point)) for value, point in groups])
                for dimension, groups in _breakdown(report)
            ],
            "corrects_value": (
                figure_text(indicator, report.corrects.value) if report.corrects_id else ""
            ),
            "form": form,
            "review_form": review_form,
            "can_correct": role == MEMBER and report.status == _R.APPROVED,
            "related": related,
        },
    )


def _point_text(indicator, point):
    """A group's figures for the breakdown table: value, or numerator, denominator and share."""
    if point is None:
        return {"value": "–", "numerator": "–", "denominator": "–"}
    share = None
    if point.numerator is not None and point.denominator:
        share = point.numerator * 100 / point.denominator
    ratio = indicator.aggregation == Indicator.Aggregation.RATIO
    return {
        "value": figure_text(indicator, share if ratio else point.value),
        "numerator": format_number(point.numerator, grouping=True) or "–",
        "denominator": format_number(point.denominator, grouping=True) or "–",
    }


@require_POST
@login_required
def report_correct(request, pk):
    """Start a correction of an approved report; the approved figures count until it is approved."""
    report = get_object_or_404(reports_in_reach(request.user).select_related("indicator"), pk=pk)
    if report_role(request.user, report) != MEMBER:
        raise PermissionDenied
    try:
        correction = services.start_correction(report=report, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(report)
    except IntegrityError:
        messages.error(request, _("Der er allerede en indberetning i gang for perioden."))
        return redirect(report)
    messages.success(
        request,
        _(
            "Ret tallene, og indsend rettelsen. De godkendte tal gælder, "
            "indtil rettelsen er godkendt."
        ),
    )
    return redirect(correction)


# --- the review queue ----------------------------------------------------------------


def _selected(values):
    """The report ids ticked in the queue; anything else sent along is ignored."""
    return sorted({int(value) for value in values if value.isdecimal() and len(value) < 12})


@secretariat_required
def review_queue(request):
    """The submitted reports, oldest first; several can be approved at once."""
    if request.method == "POST":
        chosen = _selected(request.POST.getlist("valgt"))
        if not chosen:
            messages.warning(request, _("Vælg de indberetninger, du vil godkende."))
            return redirect("measurement:review_queue")
        approved = services.approve_reports(
            reports=Report.objects.filter(pk__in=chosen).only("pk"), by=request.user
        )
        count = len(approved)
        messages.success(
            request,
            ngettext(
                "%(count)s indberetning er godkendt.",
                "%(count)s indberetninger er godkendt.",
                count,
            )
            % {"count": count},
        )
        if count < len(chosen):
            left = len(chosen) - count
            messages.info(
                request,
                ngettext(
                    "%(count)s af de valgte ventede ikke længere og er ikke ændret.",
                    "%(count)s af de valgte ventede ikke længere og er ikke ændret.",
                    left,
                )
                % {"count": left},
            )
        return redirect("measurement:review_queue")
    reports = (
        Report.objects.filter(status=_R.SUBMITTED)
        .select_related("indicator", "organisation", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    page, query = paginate(request, reports)
    rows = [
        {
            "report": report,
            "value": figure_text(report.indicator, report.value),
        }
        for report in page.object_list
    ]
    return render(
        request,
        "measurement/review_queue.html",
        {"page": page, "query": query, "rows": rows},
    )
