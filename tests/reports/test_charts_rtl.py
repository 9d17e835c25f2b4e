"""Charts for a right-to-left language are the mirror image of the left-to-right ones, text unmirrored.

Row labels, headings and legends move to the right, bars grow to the left,
time runs from right to left and the first side is on the right; text is
moved with its anchor swapped (start and end), never flipped. Left-to-right
charts are exactly what they were before right-to-left charts were added.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import translation

from mutuality.datasets import load_report_data
from mutuality.reports import charts
from mutuality.reports.blocks import Chart, Report
from mutuality.reports.partnership_sections import partnership_report
from tests.reports.conftest import ZEIST_BERKANE
from tests.reports.test_charts import LEVELS, SVG, parse

ARABIC = "بركان"
LONG = "Coordinator of international cooperation and twinning, municipality of Zeist"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))
KINDS = ["heat map", "flows", "timeline", "resources", "network"]


# --- the charts, on inputs with Arabic, Latin and over-long labels -------------------------


def heat_map(**kw: object) -> str:
    return charts.heat_map(
        [
            charts.HeatRow(
                "Zeist", [charts.HeatCell("strong", 5, True), None, charts.HeatCell(None, 2)], "All"
            ),
            charts.HeatRow(
                ARABIC, [charts.HeatCell("limited", 1), charts.HeatCell("mixed", 4), None], "سياق"
            ),
            charts.HeatRow(LONG, [None, None, charts.HeatCell("moderate", 3)], "سياق"),
        ],
        ["Similarity between professionals", "السلطة والمساواة", "Translocal linkages"],
        title="أبعاد التعلّم المتبادل حسب السياق",
        level_labels={**LEVELS, "strong": "قوي"},
        contradiction_label="أدلة متناقضة",
        unassessed_label="– n: codings without an assessment",
        row_heading="السياق",
        **kw,
    )


def flows(**kw: object) -> str:
    return charts.flow_chart(
        [
            charts.FlowDatum("Zeist", ARABIC, "adaptation", 2),
            charts.FlowDatum(ARABIC, "Zeist", "transformative", 4),
            charts.FlowDatum(LONG, "Zeist", "transfer", 1),
        ],
        title="Learning flows",
        categories=[
            ("transfer", "النقل"),
            ("adaptation", "Adaptation"),
            ("transformative", "Transformative"),
        ],
        source_heading="التعلّم من",
        target_heading="Learned by",
        empty_label="No learning",
        sources=["Zeist", ARABIC],
        targets=["Zeist", ARABIC],
        **kw,
    )


def timeline(**kw: object) -> str:
    return charts.timeline_chart(
        [2007, 2008, 2009, 2010],
        [("زيارة استكشافية", [1, 0, 0, 3]), ("Follow-up", [1, 0, 2, 0])],
        title="Exchanges per year",
        x_label="سنة بدء التبادل",
        y_label="التبادلات",
        empty_label="none",
        **kw,
    )


def resources(**kw: object) -> str:
    return charts.resources_chart(
        [
            charts.Bar("Zeist", 4000, "\u200f4.000 € (+3 دون كمية)", 2, 1, "2 (1 دون كمية)"),
            charts.Bar(ARABIC, 1000, "EUR 1,000", 3, 0, "3"),
            charts.Bar(LONG, 0, "EUR 0", 0, 0, "0"),
        ],
        title="الموارد حسب الطرف",
        euros_heading="المال (EUR)",
        in_kind_heading="In-kind contributions (number)",
        quantified_label="amount known",
        unquantified_label="عينية، الكمية غير معروفة",
        **kw,
    )


def network(**kw: object) -> str:
    return charts.network_chart(
        [
            charts.NetColumn(
                "Zeist",
                [
                    charts.NetNode("a", "Mayor of Zeist", "local_government", "mayor"),
                    charts.NetNode("b", LONG, "local_government"),
                    charts.NetNode("c", "Youth organisation, Zeist", "civil_society"),
                ],
            ),
            charts.NetColumn(
                ARABIC,
                [
                    charts.NetNode("d", "بلدية بركان", "local_government"),
                    charts.NetNode("e", ARABIC + " (participants)", "side", square=True),
                ],
            ),
        ],
        [charts.NetEdge("a", "d", 3, "3 shared exchanges"), charts.NetEdge("a", "c", 1)],
        title="Actor network",
        categories=[
            ("local_government", "الجماعة الترابية"),
            ("civil_society", "Civil society"),
            ("side", "x"),
        ],
        between_label="تبادل بين المنطقتين (عمودي)",
        within_label="within one locality",
        empty_label="No actors",
        **kw,
    )


CHARTS: dict[str, Callable[..., str]] = {
    "heat map": heat_map,
    "flows": flows,
    "timeline": timeline,
    "resources": resources,
    "network": network,
}

# sha256 of each chart above drawn left to right by charts.py as it was before right-to-left charts
# (chart ids set to chart-0). Should a deliberate change to the left-to-right drawing make one fail,
# look at the new drawing, then put the new digest here.
BEFORE = {
    "heat map": "b44688015ef1f6dd4e1ae05ca2a68df4283f63c0eea83e94925843a52e8c5f87",
    "flows": "81cc3d0116c8b9e5757d7455e11b1cc0e353dca407d7a66e2917249f75f550ee",
    "timeline": "ce6970bc033edd4c23306cc77db333ad37eea2aaa8e376167395ecffbf85a8b9",
    "resources": "ce6ae9b0bf0f9ca01edbd87926867c7dbbea7f994fdfb4f47bb6bd42b2117aa5",
    "network": "279f0cf4208dee98199b1c70566956b50f6fac1e9ec14f27da64c5f9565ff3c2",
}


def digest(svg: str) -> str:
    return hashlib.sha256(re.sub(r"chart-\d+", "chart-0", svg).encode("utf-8")).hexdigest()


# --- reading the drawing ---------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    anchor: str
    size: float
    shown: str  # the text drawn, without bidi controls
    raw: str  # the text drawn, as it is in the SVG
    transform: str

    @property
    def width(self) -> float:
        return charts.width_of(self.shown, self.size)

    def span(self) -> tuple[float, float]:
        """Leftmost and rightmost x the text reaches, by the module's width estimate."""
        turn = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\) rotate\(-90\)", self.transform)
        if turn:  # turned to read upwards: as wide as it is high
            x = float(turn.group(1))
            return x - self.size, x + 0.3 * self.size
        assert not self.transform, self.transform
        offset = {"start": 0.0, "middle": -self.width / 2, "end": -self.width}[self.anchor]
        return self.x + offset, self.x + offset + self.width

    def height_span(self) -> tuple[float, float]:
        turn = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\) rotate\(-90\)", self.transform)
        if turn:
            y = float(turn.group(2))
            return y - self.width / 2, y + self.width / 2
        return self.y - self.size, self.y + 0.3 * self.size


def label(element: ET.Element) -> Label:
    title = element.find(f"{SVG}title")
    raw = (title.tail if title is not None else element.text) or ""
    return Label(
        float(element.get("x", 0)),
        float(element.get("y", 0)),
        element.get("text-anchor", "start"),
        float(element.get("font-size", 12)),
        raw.translate(BIDI_CONTROLS),
        raw,
        element.get("transform", ""),
    )


def labels(root: ET.Element) -> list[Label]:
    return [label(t) for t in root.iter(f"{SVG}text")]


def size(root: ET.Element) -> tuple[float, float]:
    _x, _y, width, height = map(float, root.get("viewBox").split())
    return width, height


def box(element: ET.Element) -> tuple[float, float]:
    """Left and right edge of a rect or circle."""
    if element.tag == f"{SVG}circle":
        cx, r = float(element.get("cx")), float(element.get("r"))
        return cx - r, cx + r
    x = float(element.get("x"))
    return x, x + float(element.get("width"))


def points(element: ET.Element) -> list[tuple[float, float]]:
    """The (x, y) points of a line, a path (of absolute M, L, C, Q commands) or a polygon."""
    if element.tag == f"{SVG}line":
        return [(float(element.get(f"x{i}")), float(element.get(f"y{i}"))) for i in (1, 2)]
    found = re.findall(r"(-?[\d.]+),(-?[\d.]+)", element.get("d") or element.get("points"))
    return [(float(x), float(y)) for x, y in found]


def shapes(root: ET.Element) -> list[ET.Element]:
    return [e for e in root if e.tag in (f"{SVG}rect", f"{SVG}circle")]


def following_label(root: ET.Element, element: ET.Element) -> Label:
    """The first text after ``element`` among the chart's elements."""
    children = list(root)
    return label(next(e for e in children[children.index(element) + 1 :] if e.tag == f"{SVG}text"))


def first(root: ET.Element, shown: Callable[[str], bool]) -> Label:
    return next(t for t in labels(root) if shown(t.shown))


# --- where the first row or side is, chart by chart -----------------------------------------
# Each returns True when the chart is laid out right to left and False when left to right,
# and fails when it is neither.


def heat_map_reads_from_right(root: ET.Element, row: str) -> bool:
    row_label = first(root, lambda s: s == row)
    cells = [
        e
        for e in shapes(root)
        if e.tag == f"{SVG}rect"
        and abs(float(e.get("y")) + float(e.get("height")) / 2 - (row_label.y - 4)) < 1
    ]
    assert len(cells) >= 2
    edges = [x for cell in cells for x in box(cell)]
    headers = [t for t in labels(root) if t.anchor == "middle" and t.y < row_label.y and t.size == 11]
    assert len(headers) >= 2
    if row_label.anchor == "start":  # the label begins right of the last cell, headers in reverse
        assert row_label.x > max(edges)
        assert headers[0].x > headers[-1].x
        return True
    assert row_label.anchor == "end" and row_label.x < min(edges)
    assert headers[0].x < headers[-1].x
    return False


def flows_read_from_right(root: ET.Element, side: str) -> bool:
    # Each side's node is a rect followed by its label: the sources first, then the learners.
    nodes = [(e, following_label(root, e)) for e in shapes(root) if e.get("fill") == charts.INK]
    source, source_label = next((e, t) for e, t in nodes if t.shown.startswith(f"{side} ("))
    target, target_label = next((e, t) for e, t in nodes[::-1] if t.shown.startswith(f"{side} ("))
    assert source is not target
    if source_label.x > box(source)[1]:  # sources' labels right of their nodes, learners' left of theirs
        assert source_label.anchor == "start" and target_label.anchor == "end"
        assert target_label.x < box(target)[0] and box(source)[0] > box(target)[1]
        return True
    assert source_label.x < box(source)[0] and target_label.x > box(target)[1]
    assert source_label.anchor == "end" and target_label.anchor == "start"
    return False


def timeline_reads_from_right(root: ET.Element) -> bool:
    years = [t for t in labels(root) if re.fullmatch(r"\d{4}", t.shown)]
    assert len(years) >= 2
    xs = [t.x for t in years]
    if xs == sorted(xs, reverse=True) and len(set(xs)) == len(xs):  # years decrease from left to right
        return True
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    return False


def resources_read_from_right(root: ET.Element, side: str) -> bool:
    bar = next(
        e
        for e in shapes(root)
        if e.find(f"{SVG}title") is not None and e.find(f"{SVG}title").text.startswith(f"{side}: ")
    )
    side_label = first(root, lambda s: s == side)
    amount = following_label(root, bar)
    left, right = box(bar)
    if side_label.x > right:  # the name right of the bar, the bar growing to the left, its amount left of it
        assert side_label.anchor == "start" and amount.anchor == "end" and amount.x <= left
        return True
    assert side_label.x < left and side_label.anchor == "end" and amount.x >= right
    return False


def network_reads_from_right(root: ET.Element, first_column: str) -> bool:
    nodes = [e for e in shapes(root) if e.find(f"{SVG}title") is not None]
    node = nodes[0]  # the first node of the first column
    node_label = following_label(root, node)
    heading = first(root, lambda s: s == first_column)
    others = [t for t in labels(root) if t.y == heading.y and t is not heading and t.shown != first_column]
    assert others
    left, right = box(node)
    if node_label.x > right:
        assert node_label.anchor == "start" and all(heading.x > t.x for t in others)
        return True
    assert node_label.x < left and node_label.anchor == "end" and all(heading.x < t.x for t in others)
    return False


def reads_from_right(kind: str, root: ET.Element, first_side: str) -> bool:
    if kind == "heat map":
        return heat_map_reads_from_right(root, first_side)
    if kind == "flows":
        return flows_read_from_right(root, first_side)
    if kind == "timeline":
        return timeline_reads_from_right(root)
    if kind == "resources":
        return resources_read_from_right(root, first_side)
    return network_reads_from_right(root, first_side)


def assert_inside(root: ET.Element) -> None:
    width, height = size(root)
    for text in labels(root):
        left, right = text.span()
        top, bottom = text.height_span()
        assert left >= -0.05 and right <= width + 0.05, (text.shown, left, right, width)
        assert top >= 0 and bottom <= height, (text.shown, top, bottom, height)


def assert_text_unmirrored(svg: str) -> None:
    """Nothing is flipped: no scale or matrix anywhere; the only turn is the count axis's title."""
    assert "scale(" not in svg and "matrix(" not in svg
    assert set(re.findall(r'transform="[^"]*?(rotate\([^)]*\))', svg)) <= {"rotate(-90)"}


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_left_to_right_charts_are_what_they_were(kind):
    draw = CHARTS[kind]
    default, ltr = draw(), draw(rtl=False)
    assert digest(default) == digest(ltr) == BEFORE[kind]
    assert 'direction="' not in default and "\u2067" not in default


@pytest.mark.parametrize("kind", KINDS)
def test_right_to_left_charts_start_at_the_right(kind):
    assert reads_from_right(kind, parse(CHARTS[kind](rtl=True)), "Zeist") is True
    assert reads_from_right(kind, parse(CHARTS[kind]()), "Zeist") is False


@pytest.mark.parametrize("kind", KINDS)
def test_every_label_of_a_right_to_left_chart_stays_inside_it(kind):
    svg = CHARTS[kind](rtl=True)
    assert_inside(parse(svg))
    assert_text_unmirrored(svg)


@pytest.mark.parametrize("kind", KINDS)
def test_a_right_to_left_chart_is_the_mirror_image_and_its_words_are_unchanged(kind):
    ltr, rtl = parse(CHARTS[kind]()), parse(CHARTS[kind](rtl=True))
    width, height = size(ltr)
    assert size(rtl) == (width, height)
    swapped = {"start": "end", "end": "start", "middle": "middle"}
    pairs = list(zip(labels(ltr), labels(rtl), strict=True))
    for before, after in pairs:
        assert after.y == before.y and after.size == before.size
        if before.transform:  # the turned axis title: moved to the other side, still reading upwards
            assert before.transform.endswith("rotate(-90)") and after.transform.endswith("rotate(-90)")
            assert after.span()[0] > width / 2 > before.span()[1]
            continue
        assert after.anchor == swapped[before.anchor]
        assert after.x == pytest.approx(width - before.x, abs=0.11)
        if after.shown != before.shown:  # shortened where it would have run past the edge
            assert after.shown.endswith("…") and len(after.shown) < len(before.shown)
            assert before.span()[0] < 0 or before.span()[1] > width
    for before, after in zip(shapes(ltr)[1:], shapes(rtl)[1:], strict=True):  # after the background
        left, right = box(before)
        assert box(after) == pytest.approx((width - right, width - left), abs=0.11)
    lines_and_bands = [points(e) for e in ltr if e.tag in (f"{SVG}line", f"{SVG}path", f"{SVG}polygon")]
    mirrored = [points(e) for e in rtl if e.tag in (f"{SVG}line", f"{SVG}path", f"{SVG}polygon")]
    assert len(lines_and_bands) == len(mirrored) and any(lines_and_bands)
    for before, after in zip(lines_and_bands, mirrored, strict=True):
        assert [y for _x, y in after] == [y for _x, y in before]
        assert [x for x, _y in after] == pytest.approx([width - x for x, _y in before], abs=0.11)


def test_right_to_left_text_is_an_isolate_and_the_chart_keeps_its_anchors_physical():
    svg = flows(rtl=True)
    root = parse(svg)
    # A page with dir="rtl" would otherwise turn each text-anchor round in a browser.
    assert root.get("direction") == "ltr"
    shown = {t.shown: t.raw for t in labels(root)}
    assert shown[f"{ARABIC} (4)"] == f"\u2067{ARABIC} (4)\u2069"  # read as "(4) بركان"
    assert shown["Zeist (2)"] == "Zeist (2)"  # left-to-right text as it is
    assert shown["التعلّم من"] == "\u2067التعلّم من\u2069"
    assert not any("\u2067" in (t.text or "") for t in root.iter(f"{SVG}title"))  # tooltips: plain words


def test_the_legend_starts_at_the_right_in_right_to_left_charts():
    for kind in ("heat map", "flows", "resources", "timeline"):
        for rtl in (False, True):
            root = parse(CHARTS[kind](rtl=rtl))
            width, _height = size(root)
            swatch = next(e for e in shapes(root) if e.get("width") == "12" and e.get("height") == "12")
            assert (box(swatch)[0] > width - 80) is rtl, kind
    root = parse(network(rtl=True))
    circle = next(e for e in shapes(root) if e.get("r") == "6")
    assert box(circle)[1] > size(root)[0] - 30


def test_an_empty_right_to_left_chart_is_drawn():
    svg = charts.timeline_chart([], [], title="t", x_label="x", y_label="y", empty_label="none", rtl=True)
    assert "none" in svg and parse(svg).get("direction") == "ltr"
    assert_inside(parse(svg))


# --- the report in Arabic ---------------------------------------------------------------


def report_charts(report: Report) -> dict[str, str]:
    return {
        block.kind.replace("-", " "): block.svg
        for section in report.sections
        for block in section.blocks
        if isinstance(block, Chart)
    }


def zeist_berkane(language: str) -> dict[str, str]:
    with translation.override(language):
        return report_charts(partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE))


def test_the_zeist_berkane_report_in_arabic_has_mirrored_charts(case_studies):
    arabic, english = zeist_berkane("ar"), zeist_berkane("en")
    assert set(arabic) == set(english) == set(KINDS)
    # Zeist is the partnership's first side (the first column of the network); the heat map has a row for it.
    for kind in KINDS:
        root = parse(arabic[kind])
        assert root.get("direction") == "ltr"
        assert reads_from_right(kind, root, "Zeist") is True, kind
        assert_inside(root)
        assert_text_unmirrored(arabic[kind])
        assert reads_from_right(kind, parse(english[kind]), "Zeist") is False, kind
        assert parse(english[kind]).get("direction") is None
