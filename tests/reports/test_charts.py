"""Charts are SVG that parses, names what it shows, and shows user text as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mutuality.reports import charts

SVG = "{http://www.w3.org/2000/svg}"
LEVELS = {"strong": "Strong", "moderate": "Moderate", "limited": "Limited", "mixed": "Mixed"}
ARABIC = "بركان"
HOSTILE = '<script>alert("x")</script> & \x07'


def parse(svg: str) -> ET.Element:
    """Parse as a standalone SVG file would be parsed (the inline chart has no xmlns of its own)."""
    assert svg.startswith("<svg ") and "xmlns" not in svg
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def texts(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def heat_map(**kw: object) -> str:
    rows = [
        charts.HeatRow(
            "All evidence", [charts.HeatCell("strong", 5, True), None, charts.HeatCell(None, 2)], "All"
        ),
        charts.HeatRow(
            ARABIC, [charts.HeatCell("limited", 1), charts.HeatCell("mixed", 4), None], "Whose learning"
        ),
        charts.HeatRow(HOSTILE, [None, None, charts.HeatCell("moderate", 3)], "Whose learning"),
    ]
    return charts.heat_map(
        rows,
        [
            "Similarity between professionals (dialogue and trust)",
            "Power and equality",
            "Translocal linkages",
        ],
        title="Dimensions by context",
        level_labels=LEVELS,
        contradiction_label="contradicting evidence",
        unassessed_label="– n: codings without an assessment",
        row_heading="Context",
        **kw,
    )


def all_charts() -> dict[str, str]:
    flows = [
        charts.FlowDatum("Zeist", "Berkane", "adaptation", 2),
        charts.FlowDatum(ARABIC, "Zeist", "transformative", 4),
        charts.FlowDatum(HOSTILE, "Zeist", "transfer", 1),
    ]
    return {
        "heat map": heat_map(),
        "flows": charts.flow_chart(
            flows,
            title="Learning flows",
            categories=[
                ("transfer", "Transfer"),
                ("adaptation", "Adaptation"),
                ("transformative", "Transformative"),
            ],
            source_heading="Learned from",
            target_heading="Learned by",
            empty_label="No learning",
        ),
        "timeline": charts.timeline_chart(
            [2007, 2008, 2009],
            [("Exploratory", [1, 0, 0]), ("Follow-up", [1, 0, 2]), (HOSTILE, [0, 1, 0])],
            title="Exchanges per year",
            x_label="Year",
            y_label="Exchanges",
            empty_label="none",
        ),
        "resources": charts.resources_chart(
            [charts.Bar(HOSTILE, 4000, "EUR 4,000", 1, 1, "1"), charts.Bar(ARABIC, 0, "EUR 0", 3, 0, "3")],
            title="Resources by side",
            euros_heading="Money (EUR)",
            in_kind_heading="In kind",
            quantified_label="amount known",
            unquantified_label="amount not known",
        ),
        "network": charts.network_chart(
            [
                charts.NetColumn("Zeist", [charts.NetNode("a", HOSTILE, "local_government", "mayor")]),
                charts.NetColumn(
                    ARABIC,
                    [
                        charts.NetNode("b", ARABIC, "civil_society"),
                        charts.NetNode("c", "x", "side", square=True),
                    ],
                ),
            ],
            [charts.NetEdge("a", "b", 3, "3 shared exchanges"), charts.NetEdge("b", "c", 1)],
            title="Actor network",
            categories=[
                ("local_government", "Local government"),
                ("civil_society", "Civil society"),
                ("side", "Participants"),
            ],
            between_label="between the localities",
            within_label="within one locality",
            empty_label="No actors",
        ),
    }


@pytest.mark.parametrize("name", ["heat map", "flows", "timeline", "resources", "network"])
def test_every_chart_is_well_formed_titled_and_escapes_user_text(name):
    svg = all_charts()[name]
    root = parse(svg)
    assert root.get("role") == "img" and float(root.get("width")) > 0 and float(root.get("height")) > 0
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "\x07" not in svg
    assert "<script" not in "".join(el.tag for el in root.iter())
    if name != "timeline":
        assert ARABIC in texts(root)


def test_the_heat_map_names_levels_counts_and_contradictions_in_words_not_only_colour():
    root = parse(heat_map())
    shown = texts(root)
    assert "Strong 5" in shown and "Limited 1" in shown and "Mixed 4" in shown and "– 2" in shown
    assert "contradicting evidence" in shown  # the legend
    assert len(root.findall(f".//{SVG}polygon")) >= 2  # one cell marker and the legend's
    for header in ("Similarity between", "Power and equality", "Translocal linkages"):
        assert header in shown


def test_axis_labels_and_legends_are_drawn():
    shown = texts(parse(all_charts()["timeline"]))
    for word in ("Year", "Exchanges", "Exploratory", "Follow-up", "2007", "2009"):
        assert word in shown
    shown = texts(parse(all_charts()["flows"]))
    for word in ("Learned from", "Learned by", "Adaptation", "Transformative", "Zeist (2)"):
        assert word in shown


def test_a_standalone_chart_declares_its_namespace():
    svg = charts.timeline_chart(
        [], [], title="t", x_label="x", y_label="y", empty_label="none", standalone=True
    )
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert ET.fromstring(svg).tag == f"{SVG}svg"


def test_empty_charts_say_so():
    svg = charts.flow_chart(
        [],
        title="Flows",
        categories=[],
        source_heading="from",
        target_heading="to",
        empty_label="No learning recorded.",
    )
    assert "No learning recorded." in texts(parse(svg))


def test_long_labels_are_shortened_with_the_full_text_kept_as_a_tooltip():
    long = "Coordinator of international affairs, Municipality of Berkane, and more words still"
    svg = charts.network_chart(
        [charts.NetColumn("A", [charts.NetNode("n", long, "local_government")]), charts.NetColumn("B", [])],
        [],
        title="Network",
        categories=[],
        between_label="b",
        within_label="w",
        empty_label="e",
    )
    root = parse(svg)
    assert any(t.text == long for t in root.iter(f"{SVG}title"))
    assert any("".join(t.itertext()).endswith("…") for t in root.iter(f"{SVG}text"))
