"""The PDF of a programme carries programme-level tables and one summary row per partnership; the screen has all."""

from __future__ import annotations

import json

import pytest

from mutuality.datasets import load_report_data
from mutuality.reports.blocks import Only, Paragraph, Report, Section
from mutuality.reports.pdf import document
from mutuality.reports.programme_sections import programme_report
from mutuality.reports.render import render_html_body, render_html_file, render_markdown

PER_PARTNERSHIP = ("Every side of every partnership", "Recommendations and the facts that triggered them")
SUMMARY = "Every partnership in one line"


def test_the_programme_pdf_has_a_summary_row_per_partnership_instead_of_every_per_partnership_table(
    case_studies,
):
    report = programme_report(load_report_data())
    screen, printed, markdown = render_html_file(report), printed_text(report), render_markdown(report)
    for text in PER_PARTNERSHIP:
        assert text in screen and text in markdown
        assert text not in printed
    assert SUMMARY in printed and SUMMARY not in screen and SUMMARY not in markdown
    assert "Case overview" in screen and "Case overview" not in printed  # in the contents too
    blocks = [b for s in document(report)["sections"] for b in s["blocks"]]
    summary = next(b for b in blocks if b["type"] == "table" and b["caption"].startswith(SUMMARY))
    names = [row[0]["text"] for row in summary["rows"]]
    assert "Zeist–Berkane" in names and "Haarlem–Emirdağ" in names
    from mutuality.partnerships.models import Partnership

    assert len(names) == Partnership.objects.count()  # one row each


def printed_text(report: Report) -> str:
    """Every text the PDF is given to lay out."""
    return json.dumps(document(report), ensure_ascii=False)


def test_blocks_and_sections_can_be_kept_to_one_medium():
    report = Report(
        "programme",
        "T",
        "",
        [
            Section("a", "Everywhere", [Paragraph("both"), Only("screen", (Paragraph("screen only"),))]),
            Section("b", "Printed", [Only("print", (Paragraph("print only"),))], media="print"),
            Section("c", "On screen", [Paragraph("screen section")], media="screen"),
        ],
    )
    screen, printed = render_html_body(report), printed_text(report)
    assert "screen section" in screen and "screen section" not in printed and "On screen" not in printed
    assert (
        "both" in screen
        and "screen only" in screen
        and "print only" not in screen
        and "Printed" not in screen
    )
    assert "both" in printed and "screen only" not in printed and "print only" in printed
    assert "screen only" in render_markdown(report) and "Printed" not in render_markdown(report)
    with pytest.raises(ValueError):
        Only("paper", ())
