"""Organisations report their figures for each period; the secretariat reviews them."""

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alliance import audit
from alliance.models import AuditEvent
from alliance.transitions import MEMBER, SECRETARIAT, SYSTEM, changes
from measurement import periods, services
from measurement.forms import ReportForm
from measurement.models import DimensionValue, Indicator, Report
from measurement.numbers import parse_number
from measurement.views import reporting
from tests.factories import make_indicator, make_user
from tests.queries import assert_constant_queries_for

S = Report.Status
TABLE = services.REPORT_TRANSITIONS
Q1, Q2, Q3, Q4 = date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1)
# The day the reporting pages think it is, where it matters.
TODAY = date(2026, 2, 15)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(reporting, "timezone", SimpleNamespace(localdate=lambda: TODAY))
    return TODAY


@pytest.fixture
def indicator(organisation_a):
    return make_indicator(
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        responsible=[organisation_a],
        groups={"Køn": ["Piger", "Drenge"]},
    )


def _groups(indicator):
    return {
        value.label: value
        for value in DimensionValue.objects.filter(dimension__indicator=indicator)
    }


def _figures(indicator, total, **groups):
    values = _groups(indicator)
    return services.Figures(
        total=Decimal(total),
        breakdown={
            values[label].pk: (Decimal(value), None, None) for label, value in groups.items()
        },
    )


def _report(indicator, organisation, period=Q1, status=S.DRAFT, total=42, **fields):
    """A report in any status, written straight to the database."""
    return Report.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_start=period,
        status=status,
        total=Decimal(total),
        **fields,
    )


def _form_data(indicator, total, *, handling="indsend", note="", **groups):
    values = _groups(indicator)
    data = {"total": total, "note": note, "handling": handling}
    data |= {f"gruppe_{values[label].pk}": value for label, value in groups.items()}
    return data


def _new_url(indicator, period=Q1):
    return reverse("measurement:report_new", args=[indicator.slug, period])


def _detail_url(report):
    return reverse("measurement:report_detail", args=[report.pk])


def _version(page):
    return int(re.search(r'name="version" value="(\d+)"', page.text).group(1))


def _errors(response):
    return response.context["form"].errors


# --- the one table of a report's status changes -----------------------------------------


def _attempt(report, new, person):
    """Ask the services to move `report` to `new`, as the portal's pages would."""
    if new == S.SUBMITTED or new == report.status:
        figures = services.Figures(total=report.total)
        return services.save_report(
            indicator=report.indicator,
            period_start=report.period_start,
            figures=figures,
            by=person,
            submit=new == S.SUBMITTED,
            report=report,
        )
    if new == S.APPROVED:
        return services.approve_report(report=report, by=person)
    if new == S.RETURNED:
        return services.return_report(report=report, by=person, comment="Ret februar.")
    raise AssertionError(f"no page moves a report to {new}")


def _reachable(old, new):
    """Whether any page asks for this move (nothing asks to go back to draft or to replace)."""
    return new in (S.SUBMITTED, S.APPROVED, S.RETURNED) or new == old


ALLOWED = [
    (old, new, role)
    for old, new, roles in changes(TABLE)
    for role in sorted(roles)
    if role != SYSTEM
]
REFUSED = [
    (old, new, role)
    for old in S
    for new in S
    for role in (SECRETARIAT, MEMBER)
    if role not in TABLE.get(old, {}).get(new, ()) and _reachable(old, new)
]


def _person(role, secretariat, member_a):
    return secretariat if role == SECRETARIAT else member_a


def test_the_table_names_only_known_statuses_and_roles():
    for old, new, roles in changes(TABLE):
        assert old in S.values and new in S.values
        assert roles and roles <= {SECRETARIAT, MEMBER, SYSTEM}


def test_an_approved_report_is_locked_and_only_a_correction_replaces_it():
    assert TABLE[S.APPROVED] == {S.SUPERSEDED: {SYSTEM}}
    assert S.SUPERSEDED not in TABLE


@pytest.mark.parametrize(("old", "new", "role"), ALLOWED)
def test_a_move_in_the_table_is_allowed_for_its_role(
    old, new, role, indicator, organisation_a, secretariat, member_a
):
    report = _report(indicator, organisation_a, status=old)
    _attempt(report, new, _person(role, secretariat, member_a))
    report.refresh_from_db()
    assert report.status == new


@pytest.mark.parametrize(("old", "new", "role"), REFUSED)
def test_every_other_move_is_refused(
    old, new, role, indicator, organisation_a, secretariat, member_a
):
    report = _report(indicator, organisation_a, status=old)
    with pytest.raises((ValidationError, PermissionDenied)):
        _attempt(report, new, _person(role, secretariat, member_a))
    report.refresh_from_db()
    assert (report.status, report.version) == (old, 1)


def test_only_approving_a_correction_replaces_an_approved_report(
    indicator, organisation_a, secretariat, member_a
):
    approved = _report(indicator, organisation_a, status=S.APPROVED)
    correction = services.start_correction(report=approved, by=member_a)
    _attempt(correction, S.SUBMITTED, member_a)
    _attempt(correction, S.APPROVED, secretariat)
    approved.refresh_from_db()
    assert approved.status == S.SUPERSEDED


def test_another_organisations_member_moves_nothing(indicator, organisation_a, member_b):
    indicator.responsible.add(member_b.organisation)
    report = _report(indicator, organisation_a, status=S.DRAFT)
    with pytest.raises(PermissionDenied):
        _attempt(report, S.SUBMITTED, member_b)
    report.refresh_from_db()
    assert report.status == S.DRAFT


# --- numbers as Danes write them -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("1.234", "1234"),
        ("12.345.678", "12345678"),
        ("0,25", "0.25"),
        ("0.250", "0.25"),
        (",5", "0.5"),
        ("42", "42"),
        (" 42 ", "42"),
        ("-3,5", "-3.5"),
        ("\u22123", "-3"),
    ],
)
def test_danish_numbers_are_read_with_decimal_comma(text, number):
    with translation.override("da"):
        assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize(
    "text", ["1,2,3", "1.23,4", "12.34.5", "1.2.3", "abc", "1e5", "12,5 %", "-", "NaN", "١٢"]
)
def test_what_is_not_a_number_is_refused(text):
    with translation.override("da"), pytest.raises(ValueError):
        parse_number(text)


def test_in_english_the_comma_groups_thousands():
    with translation.override("en"):
        assert parse_number("1,234.5") == Decimal("1234.5")
        assert parse_number("1,234") == Decimal("1234")
        assert parse_number("1234,5") == Decimal("1234.5")


def _one_figure(indicator, total, **groups):
    form = ReportForm(
        _form_data(indicator, total, **groups), indicator=indicator, submit=bool(groups)
    )
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("fields", "typed", "error"),
    [
        ({}, "abc", "Skriv et tal, fx 1.234,5."),
        ({}, "12,5", "Skriv et helt tal."),
        ({"decimals": 1}, "12,25", "Skriv højst 1 decimal."),
        ({"decimals": 2}, "12,255", "Skriv højst 2 decimaler."),
        ({}, "-1", "Tallet kan ikke være negativt."),
        ({"minimum": 10}, "9", "Tallet skal være mindst 10."),
        ({"maximum": 5000}, "5.001", "Tallet kan højst være 5.000."),
        ({"unit": "%"}, "101", "En procentdel ligger mellem 0 og 100."),
        ({"unit": "%", "decimals": 1}, "-0,5", "En procentdel ligger mellem 0 og 100."),
        ({}, "12345678901", "Tallet er for stort."),
    ],
)
def test_a_figure_outside_what_it_may_be_is_explained(fields, typed, error, organisation_a):
    indicator = make_indicator(responsible=[organisation_a], **fields)
    form = _one_figure(indicator, typed)
    assert form.errors["total"] == [error]


@pytest.mark.parametrize(
    ("fields", "typed", "stored"),
    [
        ({"decimals": 1}, "1.234,5", "1234.5"),
        ({"decimals": 1}, "1234.5", "1234.5"),
        ({"minimum": -50}, "-12", "-12"),
        ({"unit": "%", "decimals": 1}, "99,5", "99.5"),
        ({}, "12,0", "12"),
    ],
)
def test_a_figure_within_bounds_is_taken(fields, typed, stored, organisation_a):
    indicator = make_indicator(responsible=[organisation_a], **fields)
    form = _one_figure(indicator, typed)
    assert not form.errors
    assert form.cleaned_data["total"] == Decimal(stored)


def test_a_danish_figure_is_stored_and_shown_again_with_decimal_comma(
    client_for, organisation_a, member_a
):
    indicator = make_indicator(responsible=[organisation_a], decimals=1, unit="timer")
    client = client_for(member_a)
    response = client.post(_new_url(indicator), {"total": "1.234,5", "handling": "kladde"})
    report = Report.objects.get(indicator=indicator)
    assert response.status_code == 302
    assert report.total == Decimal("1234.5")
    page = client.get(_detail_url(report))
    assert 'value="1234,5"' in page.text


# --- groups that must add up, and what a submitted report needs --------------------------


def test_groups_that_do_not_add_up_are_explained_next_to_them(client_for, indicator, member_a):
    response = client_for(member_a).post(
        _new_url(indicator), _form_data(indicator, "42", Piger="20", Drenge="21")
    )
    assert response.status_code == 200
    piger = f"gruppe_{_groups(indicator)['Piger'].pk}"
    assert _errors(response)[piger] == ["Grupperne under Køn giver 41, men i alt er 42."]
    assert "Grupperne under Køn giver 41, men i alt er 42." in response.text
    assert not Report.objects.exists()


def test_groups_that_add_up_are_submitted(client_for, indicator, member_a):
    response = client_for(member_a).post(
        _new_url(indicator), _form_data(indicator, "42", Piger="20", Drenge="22")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.status, report.total) == (S.SUBMITTED, 42)
    assert sorted(report.breakdown.values_list("dimension_value__label", "value")) == [
        ("Drenge", Decimal(22)),
        ("Piger", Decimal(20)),
    ]


def test_an_average_need_not_add_up(client_for, organisation_a, member_a):
    indicator = make_indicator(
        responsible=[organisation_a],
        aggregation=Indicator.Aggregation.MEAN,
        decimals=1,
        groups={"Køn": ["Piger", "Drenge"]},
    )
    response = client_for(member_a).post(
        _new_url(indicator), _form_data(indicator, "4,2", Piger="4,5", Drenge="3,9")
    )
    assert response.status_code == 302


def test_a_ratio_takes_numerators_and_denominators_that_add_up(
    client_for, organisation_a, member_a
):
    indicator = make_indicator(
        responsible=[organisation_a],
        aggregation=Indicator.Aggregation.RATIO,
        unit="%",
        groups={"Køn": ["Piger", "Drenge"]},
    )
    girls, boys = (value.pk for value in _groups(indicator).values())
    data = {
        "numerator": "30",
        "denominator": "100",
        f"gruppe_{girls}_numerator": "10",
        f"gruppe_{girls}_denominator": "50",
        f"gruppe_{boys}_numerator": "21",
        f"gruppe_{boys}_denominator": "60",
        "handling": "indsend",
    }
    client = client_for(member_a)
    response = client.post(_new_url(indicator), data)
    assert _errors(response) == {
        f"gruppe_{girls}_numerator": ["Tællerne under Køn giver 31, men tælleren i alt er 30."],
        f"gruppe_{girls}_denominator": ["Nævnerne under Køn giver 110, men nævneren i alt er 100."],
    }
    response = client.post(
        _new_url(indicator),
        data | {f"gruppe_{boys}_numerator": "20", f"gruppe_{boys}_denominator": "50"},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.value == Decimal(30)


def test_a_numerator_larger_than_its_denominator_is_refused(organisation_a):
    indicator = make_indicator(
        responsible=[organisation_a], aggregation=Indicator.Aggregation.RATIO, unit="%"
    )
    form = ReportForm(
        {"numerator": "12", "denominator": "10", "handling": "kladde"}, indicator=indicator
    )
    assert form.errors == {"numerator": ["Tælleren kan ikke være større end nævneren."]}
    form = ReportForm({"numerator": "0", "denominator": "0"}, indicator=indicator, submit=True)
    assert form.errors == {"denominator": ["Nævneren skal være større end 0."]}


def test_a_draft_may_be_incomplete_but_a_submitted_report_may_not(client_for, indicator, member_a):
    client = client_for(member_a)
    response = client.post(_new_url(indicator), _form_data(indicator, "42", handling="indsend"))
    assert response.status_code == 200
    assert set(_errors(response)) == {f"gruppe_{value.pk}" for value in _groups(indicator).values()}
    assert "Udfyld tallet, før du indsender indberetningen." in response.text

    response = client.post(_new_url(indicator), _form_data(indicator, "42", handling="kladde"))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.status, report.total, report.breakdown.count()) == (S.DRAFT, 42, 0)


# --- which periods can be reported -----------------------------------------------------


@pytest.mark.parametrize(
    "period",
    [
        date(2025, 2, 1),  # inside a quarter, not its start
        date(2024, 10, 1),  # before reporting starts
        date(2026, 4, 1),  # in the future
    ],
)
def test_only_real_periods_since_reporting_started_can_be_reported(
    period, client_for, indicator, member_a, today
):
    assert client_for(member_a).get(_new_url(indicator, period)).status_code == 404


def test_a_period_with_an_open_report_leads_to_it(client_for, indicator, organisation_a, member_a):
    draft = _report(indicator, organisation_a, period=Q2)
    client = client_for(member_a)
    response = client.get(_new_url(indicator, Q2))
    assert response.status_code == 302
    assert response["Location"] == _detail_url(draft)
    response = client.post(_new_url(indicator, Q2), _form_data(indicator, "7", handling="kladde"))
    assert response["Location"] == _detail_url(draft)
    assert Report.objects.get().total == 42


def test_an_approved_period_leads_to_the_report_to_correct(
    client_for, indicator, organisation_a, member_a
):
    approved = _report(indicator, organisation_a, status=S.APPROVED)
    client = client_for(member_a)
    response = client.get(_new_url(indicator), follow=True)
    assert response.redirect_chain == [(_detail_url(approved), 302)]
    assert "Tallene for perioden er allerede godkendt." in response.text
    assert reverse("measurement:report_correct", args=[approved.pk]) in response.text


# --- who may see and report what ------------------------------------------------------


def test_another_organisations_member_can_neither_see_nor_submit(
    client_for, indicator, organisation_a, member_b
):
    # Even when both organisations report the same indicator.
    indicator.responsible.add(member_b.organisation)
    draft = _report(indicator, organisation_a)
    client = client_for(member_b)
    assert client.get(_detail_url(draft)).status_code == 404
    response = client.post(_detail_url(draft), _form_data(indicator, "7", Piger="3", Drenge="4"))
    assert response.status_code == 404
    assert client.post(reverse("measurement:report_correct", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert (draft.status, draft.total) == (S.DRAFT, 42)


def test_a_member_cannot_report_an_indicator_their_organisation_is_not_responsible_for(
    client_for, indicator, member_b
):
    client = client_for(member_b)
    assert client.get(_new_url(indicator)).status_code == 404
    data = _form_data(indicator, "42", Piger="20", Drenge="22")
    assert client.post(_new_url(indicator), data).status_code == 404
    assert not Report.objects.exists()


def test_the_secretariat_reviews_but_does_not_report(
    client_for, indicator, organisation_a, secretariat
):
    client = client_for(secretariat)
    assert client.get(_new_url(indicator)).status_code == 403
    data = _form_data(indicator, "42", Piger="20", Drenge="22")
    assert client.post(_new_url(indicator), data).status_code == 403
    draft = _report(indicator, organisation_a)
    page = client.get(_detail_url(draft))
    assert page.context["form"] is None
    response = client.post(_detail_url(draft), data)
    assert response.status_code == 200
    assert "Indberetningen er ikke indsendt endnu. Intet er ændret." in response.text
    with pytest.raises(PermissionDenied):
        services.save_report(
            indicator=indicator,
            period_start=Q2,
            figures=_figures(indicator, 42),
            by=secretariat,
            submit=True,
        )
    draft.refresh_from_db()
    assert (Report.objects.count(), draft.status, draft.total) == (1, S.DRAFT, 42)


def test_correcting_is_a_post(client_for, indicator, organisation_a, member_a):
    approved = _report(indicator, organisation_a, status=S.APPROVED)
    url = reverse("measurement:report_correct", args=[approved.pk])
    assert client_for(member_a).get(url).status_code == 405


# --- editing, returning and correcting ------------------------------------------------


def test_a_draft_is_edited_and_submitted_from_its_page(client_for, indicator, member_a):
    report = services.save_report(
        indicator=indicator,
        period_start=Q1,
        figures=_figures(indicator, 40, Piger=20),
        by=member_a,
        submit=False,
    )
    client = client_for(member_a)
    page = client.get(_detail_url(report))
    assert 'value="40"' in page.text and 'value="20"' in page.text
    response = client.post(
        _detail_url(report),
        _form_data(indicator, "41", Piger="20", Drenge="21") | {"version": _version(page)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("measurement:reporting")
    report.refresh_from_db()
    assert (report.status, report.total, report.submitted_by) == (S.SUBMITTED, 41, member_a)


def test_a_draft_saved_in_another_tab_meanwhile_is_a_conflict(client_for, indicator, member_a):
    report = services.save_report(
        indicator=indicator,
        period_start=Q1,
        figures=_figures(indicator, 40),
        by=member_a,
        submit=False,
    )
    client = client_for(member_a)
    version = _version(client.get(_detail_url(report)))
    data = _form_data(indicator, "44", handling="kladde")
    assert client.post(_detail_url(report), data | {"version": version}).status_code == 302
    stale = client.post(
        _detail_url(report), _form_data(indicator, "45", handling="kladde") | {"version": version}
    )
    assert stale.status_code == 200
    assert "En anden har gemt ændringer" in stale.text
    assert "I alt: 44" in stale.text
    report.refresh_from_db()
    assert report.total == 44


def test_a_returned_report_shows_the_comment_and_is_submitted_again(
    client_for, indicator, member_a, secretariat
):
    report = services.save_report(
        indicator=indicator,
        period_start=Q1,
        figures=_figures(indicator, 42, Piger=20, Drenge=22),
        by=member_a,
        submit=True,
    )
    reviewer = Client()
    reviewer.force_login(secretariat)
    page = reviewer.get(_detail_url(report))
    refused = reviewer.post(
        _detail_url(report), {"handling": "retur", "review_comment": " ", "version": _version(page)}
    )
    assert refused.context["review_form"].errors == {
        "review_comment": ["Skriv, hvad organisationen skal rette."]
    }
    returned = reviewer.post(
        _detail_url(report),
        {
            "handling": "retur",
            "review_comment": "Drengene mangler for marts.",
            "version": _version(page),
        },
    )
    assert returned["Location"] == reverse("measurement:review_queue")

    client = client_for(member_a)
    page = client.get(_detail_url(report))
    assert "Sendt retur af sekretariatet" in page.text
    assert "Drengene mangler for marts." in page.text
    response = client.post(
        _detail_url(report),
        _form_data(indicator, "45", Piger="20", Drenge="25") | {"version": _version(page)},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.total) == (S.SUBMITTED, 45)


def test_a_submitted_report_is_out_of_the_organisations_hands(
    client_for, indicator, organisation_a, member_a
):
    report = _report(indicator, organisation_a, status=S.SUBMITTED)
    client = client_for(member_a)
    assert client.get(_detail_url(report)).context["form"] is None
    response = client.post(
        _detail_url(report), _form_data(indicator, "7", Piger="3", Drenge="4") | {"version": 1}
    )
    assert response.status_code == 200
    assert "Indberetningen kan ikke længere ændres" in response.text
    report.refresh_from_db()
    assert (report.status, report.total) == (S.SUBMITTED, 42)


def test_a_correction_keeps_the_approved_figure_until_it_is_approved(
    client_for, indicator, member_a, secretariat
):
    approved = services.approve_report(
        report=services.save_report(
            indicator=indicator,
            period_start=Q1,
            figures=_figures(indicator, 42, Piger=20, Drenge=22),
            by=member_a,
            submit=True,
        ),
        by=secretariat,
    )
    client = client_for(member_a)
    response = client.post(reverse("measurement:report_correct", args=[approved.pk]))
    correction = Report.objects.get(corrects=approved)
    assert response["Location"] == _detail_url(correction)
    assert (correction.status, correction.total) == (S.DRAFT, 42)

    page = client.get(_detail_url(correction))
    assert "Dette er en rettelse af de godkendte tal (42 unge)." in page.text
    response = client.post(
        _detail_url(correction),
        _form_data(indicator, "44", Piger="21", Drenge="23") | {"version": _version(page)},
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.status, approved.total) == (S.APPROVED, 42)
    assert list(Report.objects.approved().values_list("total", flat=True)) == [42]

    services.approve_report(report=correction, by=secretariat)
    approved.refresh_from_db()
    correction.refresh_from_db()
    assert (approved.status, correction.status, correction.total) == (
        S.SUPERSEDED,
        S.APPROVED,
        44,
    )
    assert list(Report.objects.approved().values_list("total", flat=True)) == [44]
    page = client.get(_detail_url(approved))
    assert "Tallene er erstattet af en godkendt rettelse." in page.text


def test_starting_a_correction_twice_opens_the_one_under_way(
    client_for, indicator, organisation_a, member_a
):
    approved = _report(indicator, organisation_a, status=S.APPROVED)
    client = client_for(member_a)
    url = reverse("measurement:report_correct", args=[approved.pk])
    first = client.post(url)
    second = client.post(url)
    assert first["Location"] == second["Location"]
    assert approved.corrections.count() == 1
    assert "Der er allerede en rettelse i gang." in client.get(_detail_url(approved)).text


def test_the_secretariat_cannot_start_a_correction(
    client_for, indicator, organisation_a, secretariat
):
    approved = _report(indicator, organisation_a, status=S.APPROVED)
    url = reverse("measurement:report_correct", args=[approved.pk])
    assert client_for(secretariat).post(url).status_code == 403
    assert not approved.corrections.exists()


# --- two reviewers at once -----------------------------------------------------------


def _reviewer(user):
    client = Client()
    client.force_login(user)
    return client


def _approvals(report):
    return [
        event.changes["status"]
        for event in audit.history(report).filter(action=AuditEvent.Action.STATUS)
    ]


def test_a_second_reviewer_on_a_page_opened_before_the_approval_changes_nothing(
    indicator, organisation_a, secretariat
):
    report = _report(indicator, organisation_a, status=S.SUBMITTED)
    colleague = make_user(role="secretariat", organisation=None)
    first, second = _reviewer(secretariat), _reviewer(colleague)
    opened = [_version(client.get(_detail_url(report))) for client in (first, second)]

    approve = {"handling": "godkend", "version": opened[0]}
    assert first.post(_detail_url(report), approve).status_code == 302
    late = second.post(
        _detail_url(report), {"handling": "retur", "review_comment": "Nej.", "version": opened[1]}
    )
    assert late.status_code == 200
    assert "En anden har allerede behandlet indberetningen (den er godkendt)." in late.text
    assert late.context["review_form"] is None
    report.refresh_from_db()
    assert (report.status, report.reviewed_by, report.review_comment) == (
        S.APPROVED,
        secretariat,
        "",
    )
    assert _approvals(report) == [["submitted", "approved"]]


def test_two_reviewers_approving_at_the_same_moment_approve_once(
    monkeypatch, indicator, organisation_a, secretariat
):
    """The other reviewer's approval lands between this page's read and its write."""
    report = _report(indicator, organisation_a, status=S.SUBMITTED)
    colleague = make_user(role="secretariat", organisation=None)
    approve = services.approve_report

    def overtaken(**kwargs):
        approve(report=kwargs["report"], by=colleague)
        return approve(**kwargs)

    client = _reviewer(secretariat)
    version = _version(client.get(_detail_url(report)))
    monkeypatch.setattr(services, "approve_report", overtaken)
    response = client.post(_detail_url(report), {"handling": "godkend", "version": version})

    assert response.status_code == 200
    assert "En anden har behandlet indberetningen, mens du så på den." in response.text
    report.refresh_from_db()
    assert (report.status, report.reviewed_by, report.version) == (S.APPROVED, colleague, 2)
    assert _approvals(report) == [["submitted", "approved"]]


def test_approving_an_approved_report_again_is_refused(indicator, organisation_a, secretariat):
    report = _report(indicator, organisation_a, status=S.SUBMITTED)
    services.approve_report(report=report, by=secretariat)
    with pytest.raises(ValidationError):
        services.approve_report(report=report, by=secretariat)
    report.refresh_from_db()
    assert report.version == 2


# --- the reporting page --------------------------------------------------------------


def _rows(response, indicator):
    section = next(s for s in response.context["sections"] if s["indicator"] == indicator)
    return [(row.period.start, row.status, row.overdue) for row in section["rows"]]


def test_members_see_each_period_with_what_is_due_and_overdue_first(
    client_for, organisation_a, member_a, today
):
    indicator = make_indicator(responsible=[organisation_a], reporting_from=date(2025, 1, 1))
    _report(indicator, organisation_a, period=Q1, status=S.APPROVED)
    _report(indicator, organisation_a, period=Q2, status=S.SUBMITTED)
    _report(indicator, organisation_a, period=Q3, status=S.RETURNED)
    # 4th quarter 2025 ended on 31 December: due, and overdue after 30 January 2026.
    response = client_for(member_a).get(reverse("measurement:reporting"))
    assert _rows(response, indicator) == [
        (Q3, S.RETURNED, True),
        (Q4, "missing", True),
        (Q2, S.SUBMITTED, False),
        (Q1, S.APPROVED, False),
    ]
    assert reverse("measurement:report_new", args=[indicator.slug, Q4]) in response.text
    assert "I mangler tal for 2 perioder, heraf 2 med overskredet frist." in response.text


def test_a_correction_under_way_is_not_overdue(client_for, organisation_a, member_a, today):
    indicator = make_indicator(responsible=[organisation_a], reporting_from=Q4)
    approved = _report(indicator, organisation_a, period=Q4, status=S.APPROVED)
    services.start_correction(report=approved, by=member_a)
    response = client_for(member_a).get(reverse("measurement:reporting"))
    assert _rows(response, indicator) == [(Q4, S.DRAFT, False)]
    assert "Alle tal er indberettet. Tak!" in response.text


def test_a_period_is_due_when_it_ends_and_overdue_a_month_later(
    client_for, organisation_a, member_a, today
):
    monthly = make_indicator(
        responsible=[organisation_a],
        frequency=Indicator.Frequency.MONTH,
        reporting_from=date(2025, 12, 1),
    )
    response = client_for(member_a).get(reverse("measurement:reporting"))
    # On 15 February 2026 January is due, December overdue; February is not over yet.
    assert _rows(response, monthly) == [
        (date(2025, 12, 1), "missing", True),
        (date(2026, 1, 1), "missing", False),
    ]
    assert periods.OVERDUE_AFTER_DAYS == 30


def test_the_reporting_page_shows_the_latest_periods_only(
    client_for, organisation_a, member_a, today
):
    indicator = make_indicator(responsible=[organisation_a], reporting_from=date(2020, 1, 1))
    response = client_for(member_a).get(reverse("measurement:reporting"))
    rows = _rows(response, indicator)
    assert len(rows) == periods.PERIODS_SHOWN
    assert rows[0][0] == date(2024, 1, 1) and rows[-1][0] == Q4


def test_the_secretariat_sees_who_has_not_reported_the_latest_period(
    client_for, organisation_a, organisation_b, secretariat, today
):
    indicator = make_indicator(
        name="Unge i fritidsjob", responsible=[organisation_a, organisation_b]
    )
    _report(indicator, organisation_a, period=Q4, status=S.SUBMITTED)
    _report(indicator, organisation_b, period=Q4, status=S.DRAFT)
    _report(indicator, organisation_b, period=Q3, status=S.APPROVED)
    response = client_for(secretariat).get(reverse("measurement:reporting"))
    row = next(r for r in response.context["rows"] if r["indicator"] == indicator)
    assert row["period"].start == Q4
    assert row["missing"] == [(organisation_b, "Kladde")]
    assert (row["reported"], row["overdue"]) == (1, True)
    assert "1 indberetning venter på godkendelse." in response.text
    assert reverse("measurement:review_queue") in response.text


def test_the_reporting_page_costs_the_same_with_many_indicators(
    client, organisation_a, member_a, secretariat, today
):
    def add(n):
        for _ in range(n):
            indicator = make_indicator(responsible=[organisation_a])
            for period, status in ((Q1, S.APPROVED), (Q3, S.DRAFT), (Q4, S.SUBMITTED)):
                _report(indicator, organisation_a, period=period, status=status)

    counts = assert_constant_queries_for(
        client,
        {"member": member_a, "secretariat": secretariat},
        reverse("measurement:reporting"),
        add,
    )
    assert counts == {"member": 5, "secretariat": 6}


def test_a_draft_form_costs_the_same_with_many_groups(client, organisation_a, member_a):
    indicator = make_indicator(responsible=[organisation_a], groups={"Alder": ["10 år"]})
    draft = _report(indicator, organisation_a)

    def add(n):
        dimension = indicator.dimensions.get()
        for position in range(n):
            label = f"{dimension.values.count() + 10} år"
            value = DimensionValue.objects.create(dimension=dimension, label=label, order=position)
            draft.breakdown.create(dimension_value=value, value=1)

    counts = assert_constant_queries_for(client, {"member": member_a}, _detail_url(draft), add)
    assert counts == {"member": 6}


# --- the review queue ----------------------------------------------------------------


def test_the_queue_lists_submitted_reports_oldest_first_and_approves_the_chosen(
    client_for, indicator, organisation_a, organisation_b, secretariat
):
    indicator.responsible.add(organisation_b)
    newer = services.save_report(
        indicator=indicator,
        period_start=Q2,
        figures=_figures(indicator, 10),
        by=make_user(organisation=organisation_a),
        submit=True,
    )
    older = _report(
        indicator,
        organisation_b,
        period=Q2,
        status=S.SUBMITTED,
        submitted_at=newer.submitted_at.replace(year=2025),
    )
    _report(indicator, organisation_a, period=Q1, status=S.DRAFT)
    client = client_for(secretariat)
    page = client.get(reverse("measurement:review_queue"))
    assert [row["report"] for row in page.context["rows"]] == [older, newer]

    response = client.post(
        reverse("measurement:review_queue"), {"valgt": [older.pk, newer.pk]}, follow=True
    )
    assert "2 indberetninger er godkendt." in response.text
    assert "Ingen indberetninger venter på godkendelse." in response.text
    assert set(Report.objects.approved()) == {older, newer}

    response = client.post(reverse("measurement:review_queue"), {"valgt": [older.pk]}, follow=True)
    assert "0 indberetninger er godkendt." in response.text
    assert "1 af de valgte ventede ikke længere og er ikke ændret." in response.text
    assert audit.history(older).filter(action=AuditEvent.Action.STATUS).count() == 1


def test_approving_nothing_says_what_to_do(client_for, secretariat):
    response = client_for(secretariat).post(reverse("measurement:review_queue"), follow=True)
    assert "Vælg de indberetninger, du vil godkende." in response.text
