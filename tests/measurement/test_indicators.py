"""The secretariat defines indicators: what is measured, how, by whom and broken down how."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from alliance.models import AuditEvent
from measurement.forms import IndicatorForm, parse_groups
from measurement.models import Indicator
from measurement.services import Figures, approve_report, save_report
from tests.factories import make_goal, make_indicator
from tests.pagelist import form_data


@pytest.fixture
def goal(db):
    return make_goal("Flere unge i fritidsjob")


def _new(the_goal, organisation, **changes):
    fields = {
        "name": "Unge i foreninger",
        "slug": "unge-i-foreninger",
        "kind": "population",
        "goal": the_goal.pk,
        "definition": "Andelen af unge, der er medlem af en forening.",
        "method": "Foreningernes medlemstal pr. 1. januar.",
        "unit": "%",
        "reporting_from": "2025-02-14",
        "responsible": [organisation.pk],
    }
    return form_data(IndicatorForm(), **(fields | changes))


def test_groups_are_written_one_dimension_a_line():
    assert parse_groups("Køn: piger, drenge\n\nAlder: 10–13 år, 14–17 år") == [
        ("Køn", ["piger", "drenge"]),
        ("Alder", ["10–13 år", "14–17 år"]),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Køn piger, drenge", "Linje 1"),
        ("Køn: piger", "mindst to grupper"),
        ("Køn: piger, Piger", "to gange"),
        ("Køn: a, b\nkøn: c, d", "En opdeling står to gange"),
    ],
)
def test_badly_written_groups_are_explained(text, message):
    with pytest.raises(ValueError, match=message):
        parse_groups(text)


def test_the_secretariat_creates_an_indicator_with_its_groups(
    client_for, secretariat, goal, organisation_a
):
    response = client_for(secretariat).post(
        reverse("measurement:indicator_create"),
        _new(goal, organisation_a, groups="Køn: piger, drenge"),
    )

    indicator = Indicator.objects.get(slug="unge-i-foreninger")
    assert response["Location"] == reverse("measurement:indicator_detail", args=[indicator.slug])
    assert [(d.name, [v.label for v in d.values.all()]) for d in indicator.dimensions.all()] == [
        ("Køn", ["piger", "drenge"])
    ]
    # A period is named by its first day.
    assert str(indicator.reporting_from) == "2025-01-01"
    assert AuditEvent.objects.filter(object_id=str(indicator.pk), action="created").exists()


def test_a_population_indicator_needs_a_goal_and_no_initiative(
    client_for, secretariat, goal, organisation_a
):
    data = _new(goal, organisation_a, goal=None)
    response = client_for(secretariat).post(reverse("measurement:indicator_create"), data)

    assert response.status_code == 200
    assert "En befolkningsindikator følger en målsætning." in response.text
    assert 'value="Unge i foreninger"' in response.text  # nothing typed is lost
    assert not Indicator.objects.exists()


def test_bounds_must_be_in_order_and_take_a_decimal_comma(
    client_for, secretariat, goal, organisation_a
):
    data = _new(goal, organisation_a, minimum="10,5", maximum="3")
    response = client_for(secretariat).post(reverse("measurement:indicator_create"), data)
    assert "Den største værdi skal være større end den mindste." in response.text

    data = _new(goal, organisation_a, minimum="0,5", maximum="100")
    client_for(secretariat).post(reverse("measurement:indicator_create"), data)
    assert Indicator.objects.get().minimum == Decimal("0.5")


def test_a_group_with_figures_cannot_be_taken_away(
    client_for, secretariat, member_a, organisation_a
):
    indicator = make_indicator(responsible=[organisation_a], groups={"Køn": ["piger", "drenge"]})
    girls = indicator.dimensions.get().values.get(label="piger")
    report = save_report(
        indicator=indicator,
        period_start=indicator.reporting_from,
        figures=Figures(total=Decimal(5), breakdown={girls.pk: (Decimal(5), None, None)}),
        by=member_a,
        submit=True,
    )
    approve_report(report=report, by=secretariat)
    url = reverse("measurement:indicator_edit", args=[indicator.slug])

    data = form_data(IndicatorForm(instance=indicator), groups="Køn: drenge, andre")
    response = client_for(secretariat).post(url, data)

    assert response.status_code == 200
    assert "Gruppen piger har indberettede tal og kan ikke fjernes." in response.text
    assert list(indicator.dimensions.get().values.values_list("label", flat=True)) == [
        "piger",
        "drenge",
    ]

    data = form_data(IndicatorForm(instance=indicator), groups="Køn: piger, drenge, andre")
    client_for(secretariat).post(url, data)
    assert indicator.dimensions.get().values.count() == 3
    event = AuditEvent.objects.filter(object_id=str(indicator.pk), action="changed").last()
    assert event.changes["fordeling"] == ["Køn: piger, drenge", "Køn: piger, drenge, andre"]


def test_two_people_editing_an_indicator_do_not_overwrite_each_other(
    client_for, secretariat, organisation_a
):
    indicator = make_indicator(responsible=[organisation_a])
    url = reverse("measurement:indicator_edit", args=[indicator.slug])
    first = form_data(IndicatorForm(instance=indicator), unit="unge")
    second = form_data(IndicatorForm(instance=indicator), unit="procent")
    client = client_for(secretariat)

    client.post(url, first)
    response = client.post(url, second)

    assert response.status_code == 200
    assert Indicator.objects.get(pk=indicator.pk).unit == "unge"


def test_organisations_that_have_not_reported_are_reminded_by_mail(
    client_for,
    secretariat,
    member_a,
    member_b,
    organisation_a,
    organisation_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    organisation_b.name = "Kronborg Byg & Anlæg ApS"
    organisation_b.save()
    indicator = make_indicator(responsible=[organisation_a, organisation_b])
    save_report(
        indicator=indicator,
        period_start=date(2025, 1, 1),
        figures=Figures(total=Decimal(4)),
        by=member_a,
        submit=True,
    )
    url = reverse("measurement:remind", args=[indicator.slug, "2025-01-01"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(url)

    assert response["Location"] == reverse("measurement:reporting")
    [message] = mailoutbox
    assert message.to == [member_b.email]
    assert "Til Kronborg Byg & Anlæg ApS" in message.body
    assert "1. kvt. 2025" in message.body
    assert reverse("measurement:report_new", args=[indicator.slug, "2025-01-01"]) in message.body


def test_a_reminder_needs_a_real_period(client_for, secretariat, organisation_a):
    indicator = make_indicator(responsible=[organisation_a])
    url = reverse("measurement:remind", args=[indicator.slug, "2025-01-02"])

    assert client_for(secretariat).post(url).status_code == 404


def test_bounds_read_a_decimal_point_as_one_too(client_for, secretariat, goal, organisation_a):
    data = _new(goal, organisation_a, minimum="1234.5", maximum="1.234.567,5")
    client_for(secretariat).post(reverse("measurement:indicator_create"), data)

    indicator = Indicator.objects.get()
    assert (indicator.minimum, indicator.maximum) == (Decimal("1234.5"), Decimal("1234567.5"))
