"""
The demo alliance's shared measurement: an indicator for each goal with three
years of quarterly figures, broken down by gender and age group, one curve
that has turned and one that has not, a performance measure of an initiative
with its latest quarter still to report, and one report waiting for review.

Everything goes through the measurement services, as a person's input would.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from agenda.models import Agenda
from demo.forms import valid
from initiatives.models import Initiative
from measurement import periods
from measurement.forms import IndicatorForm
from measurement.models import DimensionValue, Indicator
from measurement.services import (
    Figures,
    approve_report,
    create_indicator,
    save_report,
    set_forecast,
)
from members.models import Organisation, User

FIRST_QUARTER = date(2023, 10, 1)
QUARTERS = 12  # three years, up to the third quarter of 2026

SCHOOL = "Øresundsskolen"
SPORTS_CLUB = "Kronborg Idrætsforening"
BUILDER = "Kronborg Byg & Anlæg ApS"
CAFE = "Café Strandvejen"

# Share of pupils in a leisure activity, in percent, per quarter: falling until
# the alliance started, rising since (the curve has turned).
LEISURE = [52.0, 51.5, 51.0, 50.6, 50.2, 51.0, 52.5, 54.0, 55.2, 56.5, 57.4, 58.3]
# Share who often feel lonely: still rising with the trend (not turned yet).
LONELY = [18.0, 18.3, 18.5, 18.9, 19.1, 19.4, 19.6, 19.9, 20.1, 20.4, 20.6, 20.9]
PUPILS = 620
# Young people in a spare-time job at each business; the café's last quarter awaits review.
JOBS = {BUILDER: [2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7], CAFE: [1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4]}
# Children with a leisure pass, from the third quarter of 2025; the latest is still due.
PASSES = [8, 14, 19, 23]


def _quarters(first=FIRST_QUARTER, count=QUARTERS):
    period = periods.Period(first, periods.QUARTER)
    for _ in range(count):
        yield period.start
        period = period.next()


def _count(share, whole):
    return Decimal(share * whole / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def indicator_from_form(by, **fields):
    responsible = fields.pop("responsible")
    groups = fields.pop("groups", "")
    data = {
        "direction": "up",
        "aggregation": "sum",
        "frequency": "quarter",
        "decimals": 0,
        "reporting_from": FIRST_QUARTER.isoformat(),
        "is_public": "on",
        **fields,
        "responsible": [organisation.pk for organisation in responsible],
        "groups": groups,
    }
    return create_indicator(form=valid(IndicatorForm(data)), by=by)


def _groups(indicator):
    return {
        value.label: value.pk
        for value in DimensionValue.objects.filter(dimension__indicator=indicator)
    }


def send_report(indicator, period, figures, *, by, reviewer, approve=True):
    report = save_report(
        indicator=indicator, period_start=period, figures=figures, by=by, submit=True
    )
    if approve:
        approve_report(report=report, by=reviewer)


def _share_figures(share, groups, splits):
    """Numerator and denominator for the school and its groups: {label: (share, pupils)}."""
    breakdown = {}
    for label, (group_share, pupils) in splits.items():
        breakdown[groups[label]] = (None, _count(group_share, pupils), Decimal(pupils))
    return Figures(
        numerator=_count(share, PUPILS), denominator=Decimal(PUPILS), breakdown=breakdown
    )


def seed_indicators(*, by):
    """Create the demo indicators and their reports unless any indicator exists."""
    adopted = Agenda.objects.adopted()
    if Indicator.objects.exists() or adopted is None:
        return
    goals = [row.goal for row in adopted.agenda_goals.order_by("order")]
    organisations = {
        o.name: o
        for o in Organisation.objects.filter(name__in=[SCHOOL, SPORTS_CLUB, BUILDER, CAFE])
    }
    reporter = {
        name: User.objects.filter(organisation=organisation, role=User.Role.MEMBER).first()
        for name, organisation in organisations.items()
    }

    leisure = indicator_from_form(
        by,
        name="Unge i en fritidsaktivitet",
        slug="unge-i-en-fritidsaktivitet",
        kind="population",
        goal=goals[0].pk,
        definition="Andelen af skolens elever i 4.–9. klasse, der går til en fritidsaktivitet.",
        method=(
            "Skolen spørger alle elever i 4.–9. klasse i den sidste uge af kvartalet: "
            "»Går du til en fritidsaktivitet mindst én gang om ugen?« "
            "**Tæller:** elever, der svarer ja. **Nævner:** elever, der har svaret."
        ),
        unit="%",
        decimals=1,
        aggregation="ratio",
        minimum="0",
        maximum="100",
        baseline_value="52",
        baseline_period=FIRST_QUARTER.isoformat(),
        target_value="65",
        target_date="2028-06-30",
        data_source="Øresundsskolens kvartalsvise elevspørgeskema",
        responsible=[organisations[SCHOOL]],
        groups="Køn: Piger, Drenge\nAldersgruppe: 10–13 år, 14–17 år",
    )
    groups = _groups(leisure)
    for period, share in zip(_quarters(), LEISURE, strict=True):
        splits = {
            "Piger": (share - 2, 310),
            "Drenge": (share + 2, 310),
            "10–13 år": (share + 6, 330),
            "14–17 år": (share - 7, 290),
        }
        send_report(
            leisure,
            period,
            _share_figures(share, groups, splits),
            by=reporter[SCHOOL],
            reviewer=by,
        )
    set_forecast(
        indicator=leisure,
        from_period=FIRST_QUARTER,
        start_value=Decimal("52"),
        change_per_period=Decimal("-0.45"),
        reason="Faldet fra 2020 til 2023 fortsat, som det ville gå uden alliancens indsatser.",
        by=by,
    )

    lonely = indicator_from_form(
        by,
        name="Unge, der ofte føler sig ensomme",
        slug="unge-der-ofte-foeler-sig-ensomme",
        kind="population",
        goal=goals[1].pk,
        definition="Andelen af elever i 4.–9. klasse, der ofte eller altid føler sig ensomme.",
        method=(
            "Samme spørgeskema som fritidsaktiviteterne: »Hvor tit føler du dig ensom?« "
            "**Tæller:** svarene »ofte« og »altid«. **Nævner:** elever, der har svaret."
        ),
        unit="%",
        decimals=1,
        direction="down",
        aggregation="ratio",
        minimum="0",
        maximum="100",
        baseline_value="18",
        baseline_period=FIRST_QUARTER.isoformat(),
        target_value="14",
        target_date="2028-06-30",
        data_source="Øresundsskolens kvartalsvise elevspørgeskema",
        responsible=[organisations[SCHOOL]],
        groups="Køn: Piger, Drenge",
    )
    groups = _groups(lonely)
    for period, share in zip(_quarters(), LONELY, strict=True):
        splits = {"Piger": (share + 3, 310), "Drenge": (share - 3, 310)}
        send_report(
            lonely,
            period,
            _share_figures(share, groups, splits),
            by=reporter[SCHOOL],
            reviewer=by,
        )
    set_forecast(
        indicator=lonely,
        from_period=FIRST_QUARTER,
        start_value=Decimal("18"),
        change_per_period=Decimal("0.25"),
        reason="Landstendensen for 11–15-årige fortsat.",
        by=by,
    )

    jobs = indicator_from_form(
        by,
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        kind="population",
        goal=goals[2].pk,
        definition="Unge på 13–17 år med et fritidsjob hos alliancens virksomheder.",
        method=(
            "Hver virksomhed tæller de unge på 13–17 år, der har haft fritidsjob hos dem "
            "i kvartalet. En ung, der har haft job to steder, tælles begge steder."
        ),
        unit="unge",
        minimum="0",
        baseline_value="3",
        baseline_period=FIRST_QUARTER.isoformat(),
        target_value="20",
        target_date="2027-12-31",
        data_source="Virksomhedernes egne lønlister",
        responsible=[organisations[BUILDER], organisations[CAFE]],
    )
    last = periods.Period(FIRST_QUARTER, periods.QUARTER)
    for _ in range(QUARTERS - 1):
        last = last.next()
    for name, counts in JOBS.items():
        for period, count in zip(_quarters(), counts, strict=True):
            send_report(
                jobs,
                period,
                Figures(total=Decimal(count)),
                by=reporter[name],
                reviewer=by,
                # The café's latest quarter waits for the secretariat.
                approve=not (name == CAFE and period == last.start),
            )

    passes = indicator_from_form(
        by,
        name="Børn med fritidspas",
        slug="boern-med-fritidspas",
        kind="how_much",
        initiative=Initiative.objects.get(slug="fritidspas").pk,
        definition="Børn, der er begyndt i en forening med et fritidspas.",
        method="Foreningen tæller de børn, der har fået kontingent og udstyr betalt i kvartalet.",
        unit="børn",
        minimum="0",
        reporting_from="2025-07-01",
        data_source="Kronborg Idrætsforenings medlemssystem",
        responsible=[organisations[SPORTS_CLUB]],
    )
    for period, count in zip(_quarters(date(2025, 7, 1), 4), PASSES, strict=True):
        send_report(
            passes, period, Figures(total=Decimal(count)), by=reporter[SPORTS_CLUB], reviewer=by
        )
