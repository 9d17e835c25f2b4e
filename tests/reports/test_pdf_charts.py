"""Chart labels in Arabic come out of the PDF shaped and in reading order, not letter by letter backwards."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mutuality.reports import charts
from mutuality.reports.blocks import Chart, Report, Section
from mutuality.reports.render import needs_shaping, pdf_chart, render_html_file, render_pdf

# No lam-alef in it: poppler writes that ligature's two letters in visual order, whatever made the PDF.
ARABIC = "قال المنسق في بركان"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069"))


def flows() -> str:
    return charts.flow_chart(
        [
            charts.FlowDatum(ARABIC, "Zeist", "transfer", 3),
            charts.FlowDatum("Zeist", "Berkane", "adaptation", 2),
        ],
        title="Learning flows",
        categories=[("transfer", "Transfer"), ("adaptation", "Adaptation")],
        source_heading="Learned from",
        target_heading="Learned by",
        empty_label="No learning",
    )


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("MUTUALITY_REQUIRE_BROWSER") == "1":
            pytest.fail("pdftotext is missing (apt-get install poppler-utils)")
        pytest.skip("needs pdftotext (apt-get install poppler-utils)")
    path = tmp_path / "charts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, timeout=120).stdout
    return out.decode("utf-8").translate(BIDI_CONTROLS)


def test_an_arabic_chart_label_reads_in_logical_order_in_the_pdf(tmp_path):
    report = Report(
        "partnership", "Charts", "Arabic labels", [Section("c", "Charts", [Chart(flows(), "Flows")])]
    )
    text = pdf_text(render_pdf(report), tmp_path)
    # WeasyPrint's own SVG text lays out one letter at a time: the label came out as "ناكرب يف قسنملا لاق".
    assert ARABIC in text
    assert ARABIC[::-1] not in text
    assert "Zeist (2)" in text and "Learned from" in text  # Latin labels are still drawn


def test_only_labels_that_need_shaping_leave_the_svg_and_only_in_the_pdf():
    svg = flows()
    lifted = pdf_chart(svg)
    assert lifted.startswith('<div class="chart-canvas"') and "<svg " in lifted
    labels = lifted.split("</svg>", 1)[1]
    assert ARABIC in labels and "chart-label" in labels and "direction:rtl" in labels
    assert "Zeist" not in labels and "Learned from" in lifted.split("</svg>", 1)[0]
    width = float(lifted.split('<svg class="chart" width="', 1)[1].split('"', 1)[0])
    assert width <= 688  # drawn at the width of the PDF's text column, labels scaled with it
    report = Report("partnership", "Charts", "", [Section("c", "Charts", [Chart(svg, "Flows")])])
    assert "chart-canvas" not in render_html_file(report)  # browsers shape SVG text themselves
    assert "chart-canvas" in render_html_file(report, pdf=True)


FLOW_WORDS = {
    "title": "Learning flows",
    "categories": [("transfer", "Transfer")],
    "source_heading": "Learned from",
    "target_heading": "Learned by",
    "empty_label": "No learning",
}


def test_a_chart_without_such_labels_is_left_as_it_is():
    svg = charts.flow_chart([charts.FlowDatum("Zeist", "Berkane", "transfer", 1)], **FLOW_WORDS)
    assert pdf_chart(svg) == svg


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zeist", False),
        ("İzmir – Şanlıurfa", False),
        ("Zoë 😀", False),
        (ARABIC, True),
        ("ירושלים", True),
        ("नमस्ते", True),
        ("e\u0301", True),  # a combining accent, as a decomposed text would carry it
    ],
)
def test_which_text_needs_shaping(text, expected):
    assert needs_shaping(text) is expected
