"""The charts drawn on the server: well-formed, accessible SVG that shows the figures."""

import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest
from django.utils import translation

from measurement import charts
from measurement.charts import BreakdownChart, CurveChart

SVG = "{http://www.w3.org/2000/svg}"
QUARTERS = [f"{quarter}. kvt. {year}" for year in range(2020, 2030) for quarter in range(1, 5)]
EMPTY = "Ingen godkendte tal endnu"


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def curve(actual, **fields):
    fields = {"id_prefix": "kurve", "title": "Unge i fritidsjob", "unit": "unge"} | fields
    fields.setdefault("periods", QUARTERS[: len(actual)])
    return CurveChart(actual=actual, **fields)


def groups(actual):
    return BreakdownChart(
        id_prefix="fordeling",
        title="Unge i fritidsjob efter køn",
        unit="unge",
        periods=QUARTERS[: len(actual)],
        groups=[("Piger", actual), ("Drenge", [None if v is None else v + 1 for v in actual])],
    )


FULL = curve(
    [D(40), D(35), None, D(30), D(32), D(28)],
    forecast=[None, None, None, D(30), D(31), D(32)],
    baseline=D(40),
    target=D(25),
    target_index=5,
    direction=charts.DOWN,
    turned=True,
)
# What every chart must cope with.
SHAPES = {
    "full": [D(40), D(35), None, D(30), D(32), D(28)],
    "no data": [],
    "only gaps": [None, None],
    "one point": [D(7)],
    "all equal": [D(5)] * 4,
    "negative": [D(-12), D("-3.5"), D(4)],
    "very large": [D(1234567), D(1345678), D(998000)],
    "many periods": [D(index % 7) for index in range(40)],
}
DRAW = {
    "turn_the_curve": lambda values: charts.turn_the_curve(curve(values, baseline=D(3))),
    "small_multiple": lambda values: charts.small_multiple(curve(values, target=D(2))),
    "breakdown": lambda values: charts.breakdown(groups(values)),
}


def parse(markup):
    return ET.fromstring(str(markup))


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def with_class(root, name):
    return [element for element in root.iter() if name in element.get("class", "").split()]


def points(root):
    return with_class(root, "chart-point")


def ancestry(root):
    """Each element with the elements around it, innermost first."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        chain, current = [], element
        while current is not None:
            chain.append(current)
            current = parents.get(current)
        yield element, chain


def contrast_on_white(colour):
    def channel(hex_pair):
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[index : index + 2]) for index in (1, 3, 5))
    return 1.05 / (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05)


# --- every chart, every shape ------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", DRAW)
def test_chart_is_well_formed_svg_named_by_its_own_title_and_description(kind, shape):
    root = parse(DRAW[kind](SHAPES[shape]))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 ")
    title_id, desc_id = root.get("aria-labelledby").split()
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id")) == (f"{SVG}title", title_id)
    assert (desc.tag, desc.get("id")) == (f"{SVG}desc", desc_id)
    assert title.text.startswith("Unge i fritidsjob")
    assert desc.text.strip().endswith(".") or desc.text == EMPTY


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", DRAW)
def test_chart_has_no_script_inline_style_or_event_handler(kind, shape):
    root = parse(DRAW[kind](SHAPES[shape]))
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")
        for attribute in element.attrib:
            assert attribute != "style"
            assert not attribute.lower().startswith("on"), attribute


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["turn_the_curve", "breakdown"])
def test_text_is_at_least_12_units_high_and_dark_enough_on_white(kind, shape):
    root = parse(DRAW[kind](SHAPES[shape]))
    for element, chain in ancestry(root):
        if element.tag != f"{SVG}text":
            continue
        size = next(e.get("font-size") for e in chain if e.get("font-size"))
        fill = next(e.get("fill") for e in chain if e.get("fill"))
        assert float(size) >= 12
        assert contrast_on_white(fill) >= 4.5, (element.text, fill)


@pytest.mark.parametrize("kind", DRAW)
def test_no_data_draws_an_empty_frame_that_says_so(kind):
    root = parse(DRAW[kind]([]))
    assert texts(root) == [EMPTY]
    assert root[1].text == EMPTY
    assert not points(root)


def test_two_charts_on_one_page_have_their_own_ids():
    first = charts.turn_the_curve(FULL)
    second = charts.turn_the_curve(curve(FULL.actual, id_prefix="kurve-2"))
    assert parse(first).get("aria-labelledby") == "kurve-title kurve-desc"
    assert parse(second).get("aria-labelledby") == "kurve-2-title kurve-2-desc"


@pytest.mark.parametrize("prefix", ["", "to ord", "1kurve", 'x"y'])
def test_an_id_prefix_that_cannot_be_an_id_is_refused(prefix):
    with pytest.raises(ValueError):
        charts.turn_the_curve(curve([D(1)], id_prefix=prefix))


def test_values_must_match_the_periods():
    with pytest.raises(ValueError):
        charts.turn_the_curve(curve([D(1), D(2)], periods=QUARTERS[:3]))
    with pytest.raises(ValueError):
        charts.breakdown(BreakdownChart("b", "B", "", QUARTERS[:2], [("Piger", [D(1)])]))


def test_texts_from_the_data_are_escaped():
    chart = BreakdownChart(
        id_prefix="fordeling",
        title='Køn & alder <img src=x onerror="alert(1)">',
        unit="<b>unge</b>",
        periods=["<i>1. kvt.</i>", "2. kvt. & mere"],
        groups=[("<script>alert(1)</script>", [D(1), D(2)]), ("Drenge", [D(3), D(4)])],
    )
    markup = charts.breakdown(chart)
    assert "<script>" not in markup and "<img" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    root = parse(markup)
    assert "<script>alert(1)</script>" in texts(root)
    assert root[0].text == chart.title
    period_chart = curve([D(1), D(2)], periods=chart.periods, title=chart.title)
    assert "2. kvt. & mere" in texts(parse(charts.turn_the_curve(period_chart)))


# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, decimals, text",
    [
        (D("1234.5"), None, "1.234,5"),
        (D("1234567"), None, "1.234.567"),
        (D("-1234.5"), None, "-1.234,5"),
        (D("12.345"), None, "12,35"),
        (D("12.5000"), None, "12,5"),
        (D("-0.001"), None, "0"),
        (D("7"), 1, "7,0"),
        (D("1234.5"), 0, "1.235"),
    ],
)
def test_numbers_are_written_the_danish_way(value, decimals, text):
    assert charts._format(value, decimals) == text


@pytest.mark.parametrize(
    "low, high",
    [(0, 13), (0, 100), (D("0.3"), D("0.9")), (-12, 4), (998000, 1345678), (5, 5), (0, 0)],
)
def test_axis_gets_4_to_6_evenly_spaced_round_ticks_around_the_values(low, high):
    ticks = charts.nice_ticks(D(low), D(high))
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= low and ticks[-1] >= high and ticks[0] < ticks[-1]
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    assert steps.pop().normalize().as_tuple().digits[0] in (1, 2, 5)


def test_axis_labels_are_danish_numbers():
    root = parse(charts.turn_the_curve(curve(SHAPES["very large"])))
    labels = texts(with_class(root, "chart-values")[0])
    assert "1.400.000" in labels and "1.000.000" in labels
    quarters = parse(charts.turn_the_curve(curve([D("0.5"), D("1.5")])))
    # Every tick with as many decimals as the step needs.
    assert texts(with_class(quarters, "chart-values")[0]) == [
        "0,50",
        "0,75",
        "1,00",
        "1,25",
        "1,50",
    ]


# --- the turn-the-curve chart ------------------------------------------------------


def test_every_approved_figure_is_a_point_and_a_gap_breaks_the_line():
    for draw in (charts.turn_the_curve, charts.small_multiple):
        root = parse(draw(FULL))
        assert len(points(root)) == 5
        assert len(with_class(root, "chart-actual")[0]) == 2  # before and after the gap
    assert [p.find(f"{SVG}title").text for p in points(parse(charts.turn_the_curve(FULL)))][
        -1
    ] == "2. kvt. 2021: 28 unge"


def test_baseline_forecast_and_target_are_named_and_drawn_with_their_own_dashes():
    root = parse(charts.turn_the_curve(FULL))
    assert {"Udgangspunkt", "Fremskrivning", "Mål"} <= set(texts(root))
    baseline = with_class(root, "chart-baseline")[0].get("stroke-dasharray")
    forecast = with_class(root, "chart-forecast")[0].get("stroke-dasharray")
    assert baseline and forecast and baseline != forecast
    assert with_class(root, "chart-actual")[0].get("stroke-dasharray") is None
    assert len(with_class(root, "chart-forecast")[0]) == 1  # one dotted line


def test_target_without_a_period_is_a_line_of_its_own_named_in_the_margin():
    root = parse(charts.turn_the_curve(curve([D(1), D(2)], target=D(5))))
    target = with_class(root, "chart-target")[0]
    assert target.tag == f"{SVG}line"
    assert target.get("stroke-dasharray") not in (None, charts.DASHES["baseline"])
    assert "Mål" in texts(root)


def test_description_tells_first_and_latest_figure_the_target_and_the_turn():
    desc = parse(charts.turn_the_curve(FULL))[1].text
    assert desc == (
        "Første godkendte tal er 40 unge i 1. kvt. 2020, og seneste er 28 unge i 2. kvt. 2021; "
        "målet er 25 unge i 2. kvt. 2021, og kurven er knækket."
    )
    lone = parse(charts.small_multiple(curve([None, D("1234.5")])))[1].text
    assert lone == (
        "Det eneste godkendte tal er 1.234,5 unge i 2. kvt. 2020; "
        "der er ikke sat noget mål, og kurven er ikke knækket endnu."
    )


def test_a_single_point_is_drawn_as_a_point_without_a_line():
    root = parse(charts.turn_the_curve(curve([D(7)])))
    assert len(points(root)) == 1
    assert len(with_class(root, "chart-actual")[0]) == 0
    assert "1. kvt. 2020" in texts(root)


def test_equal_figures_lie_on_one_level_line_inside_the_plot():
    root = parse(charts.turn_the_curve(curve([D(5)] * 4)))
    heights = {point.get("cy") for point in points(root)}
    assert len(heights) == 1
    assert 36 < float(heights.pop()) < 312


def test_negative_figures_stay_inside_the_plot_with_negative_ticks():
    root = parse(charts.turn_the_curve(curve(SHAPES["negative"])))
    assert all(36 <= float(point.get("cy")) <= 312 for point in points(root))
    assert any(text.startswith("-") for text in texts(with_class(root, "chart-values")[0]))


def test_many_periods_get_labels_that_do_not_overlap_and_the_latest_is_named():
    root = parse(charts.turn_the_curve(curve(SHAPES["many periods"])))
    labels = list(with_class(root, "chart-periods")[0].iter(f"{SVG}text"))
    assert 2 <= len(labels) < 40
    assert labels[-1].text == QUARTERS[39]
    xs = [float(label.get("x")) for label in labels]
    room = max(len(label.text) for label in labels) * 13 * 0.5
    assert all(b - a >= room for a, b in zip(xs, xs[1:], strict=False))


def test_small_multiple_names_only_first_and_last_period_and_the_latest_figure():
    root = parse(charts.small_multiple(curve(SHAPES["very large"])))
    assert root.get("viewBox") == "0 0 240 120"
    assert texts(root) == ["998.000 unge", "1. kvt. 2020", "3. kvt. 2020"]


# --- the equity chart --------------------------------------------------------------


def test_breakdown_has_a_bar_and_a_trend_per_group_and_hides_suppressed_ones():
    chart = BreakdownChart(
        id_prefix="fordeling",
        title="Fritidsjob efter køn og alder",
        unit="%",
        periods=QUARTERS[:3],
        groups=[
            ("Piger", [D(10), D(12), D("1234.5")]),
            ("Drenge", [D(8), None, D(9)]),
            ("10–13 år", [D(3), D(2), None]),
        ],
    )
    root = parse(charts.breakdown(chart))
    assert len(with_class(root, "chart-bar")) == 2
    assert [text.text for text in with_class(root, "chart-value")] == ["1.234,5 %", "9 %"]
    assert [text.text for text in with_class(root, "chart-hidden")] == ["Skjult (for få)"]
    trends = with_class(root, "chart-trend")
    assert [len(trend) for trend in trends] == [1, 0, 1]  # Drenge has a gap, no 2 in a row
    assert "Seneste periode: 3. kvt. 2020" in texts(root)
    assert root[1].text.startswith(
        "Tal for 3. kvt. 2020 – Piger: 1.234,5 %; Drenge: 9 %; 10–13 år: Skjult (for få)."
    )


def test_breakdown_bars_start_at_zero_also_for_negative_values():
    chart = BreakdownChart("b", "Ændring", "", QUARTERS[:1], [("Op", [D(4)]), ("Ned", [D(-2)])])
    up, down = with_class(parse(charts.breakdown(chart)), "chart-bar")
    zero = float(up.get("x"))
    assert float(down.get("x")) + float(down.get("width")) == pytest.approx(zero, abs=0.1)


# --- forecast and the turn ---------------------------------------------------------


@pytest.mark.parametrize(
    "values, ahead, expected",
    [
        ([D(10), D(12), D(14)], 2, [D(16), D(18)]),
        ([D(10), None, D(14)], 2, [D(16), D(18)]),
        ([D(1), D(3), D(2)], 2, [D(3), D("3.5")]),
        ([D(0), D(1), D(1)], 1, [D("1.67")]),
        ([None, D(5), None], 3, [D(5), D(5), D(5)]),
        ([None, None], 2, []),
    ],
)
def test_linear_forecast_continues_the_least_squares_line(values, ahead, expected):
    forecast = charts.linear_forecast(values, ahead)
    assert forecast == expected
    assert all(value.as_tuple().exponent == -2 for value in forecast)


FORECAST = [D(10), D(10), D(10), D(10)]


@pytest.mark.parametrize(
    "actual, direction, turned",
    [
        ([D(9), D(11), D(11), D(12)], "up", True),
        ([D(11), D(9), D(9), D(8)], "down", True),
        ([D(11), D(9), D(9), D(8)], "up", False),  # below: bad when up is good
        ([D(9), D(13), D(9), D(11)], "up", True),  # one short, but the two together beat it
        ([D(9), D(11), D(7), D(11)], "up", False),  # the two together fall short
        ([D(9), D(11), D(11), D(10)], "up", False),  # the latest only meets it
        ([D(9), D(11), D(9), D(12)], "down", False),
        ([None, None, D(11), D(12)], "up", False),  # too few periods to tell
        ([D(11), D(11), D(12), None], "up", True),  # the latest is the last approved
    ],
)
def test_curve_has_turned_when_the_latest_and_the_two_before_beat_the_forecast(
    actual, direction, turned
):
    assert charts.curve_has_turned(actual, FORECAST, direction) is turned


def test_curve_has_not_turned_without_a_forecast_for_the_latest_figure():
    actual = [D(20), D(20), D(20), D(20)]
    assert not charts.curve_has_turned(actual, None, "up")
    assert not charts.curve_has_turned(actual, [D(10), D(10), D(10), None], "up")
    with pytest.raises(ValueError):
        charts.curve_has_turned(actual, FORECAST, "sideways")


# --- drawn once ----------------------------------------------------------------------


def test_a_chart_is_drawn_once_and_again_only_when_its_figures_or_language_change():
    first = charts.turn_the_curve(curve([D(1), D(2)]))

    assert charts.turn_the_curve(curve([D(1), D(2)])) is first
    assert charts.turn_the_curve(curve([D(1), D(3)])) is not first
    with translation.override("en"):
        assert charts.turn_the_curve(curve([D(1), D(2)])) is not first
