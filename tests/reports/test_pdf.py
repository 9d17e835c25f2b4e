"""The PDF, laid out by Typst: every word as it was said (markup characters, Arabic, Turkish, emoji),
in reading order, on numbered A4 pages, with the print sections only."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from mutuality.datasets import load_report_data
from mutuality.reports import charts
from mutuality.reports.blocks import (
    Cell,
    Chart,
    Entry,
    EntryList,
    Facts,
    Paragraph,
    Passage,
    Passages,
    Report,
    Section,
    Table,
)
from mutuality.reports.partnership_sections import partnership_report
from mutuality.reports.pdf import PdfError, _typeset, document, render_pdf
from tests.reports.conftest import ZEIST_BERKANE, pdf_page_ink, pdf_text

# No lam-alef in it: poppler writes that ligature's two letters in visual order, whatever made the PDF.
ARABIC = "قال المنسق في بركان"
# Typst markup, code and maths in a quote must print as characters, never be obeyed.
MARKUP = '#set page(width: 2cm) *not bold* _not slanted_ [x] $y^2$ <label> @ref \\ "quoted" // no comment'


def words(text: str) -> str:
    return " ".join(text.split())


def one_section(*blocks: object, title: str = "Test") -> Report:
    return Report("partnership", title, "A test report", [Section("s", "Section", list(blocks))])  # type: ignore[arg-type]


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


def test_the_partnership_pdf_has_its_sections_on_numbered_pages(case_studies, tmp_path):
    report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 5
    text = pdf_text(pdf, tmp_path)
    for s in report.sections:
        assert s.title in text
    assert f"1 / {len(pages)}" in text and f"{len(pages)} / {len(pages)}" in text
    assert "Berkane: 3 financial contributions, amount not known" in words(text)
    assert pdf_page_ink(pdf, tmp_path) > 0.01
    assert pdf_page_ink(pdf, tmp_path, number=2) > 0.005


def test_a_quote_prints_its_markup_characters_as_they_were_said(tmp_path):
    passage = Passage(quote=MARKUP, source="s1", source_title="Interview #1 *draft*", memo="[memo] $5")
    report = one_section(
        Paragraph(MARKUP),
        Table(("Column *a*", "#b"), ((Cell(MARKUP, items=("#item",), note="_n_"), Cell("$1")),)),
        Passages(((1, passage),)),
        EntryList((Entry("#finding", tag="rec. 1", lines=("*line*",)),)),
        Facts((("#label", "*value*"),)),
        title="#title",
    )
    pdf = render_pdf(report)
    text = words(pdf_text(pdf, tmp_path))
    assert text.count("*not bold*") == 3 and text.count("$y^2$") == 3
    assert "#set page(width: 2cm)" in text and "// no comment" in text and '"quoted"' in text
    for shown in (
        "Interview #1 *draft*",
        "[memo] $5",
        "#finding",
        "*line*",
        "#label",
        "*value*",
        "#item",
        "#title",
    ):
        assert shown in text
    assert PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width > 590  # A4, not the quote's 2 cm


def test_arabic_in_a_chart_a_quote_and_a_table_reads_in_logical_order(tmp_path):
    report = one_section(
        Chart(flows(), "Flows"),
        Passages(((1, Passage(quote=ARABIC, source="s1", source_title="Interview in Berkane")),)),
        Table(("Side", "Words"), ((Cell("Berkane"), Cell(ARABIC)),)),
    )
    text = pdf_text(render_pdf(report), tmp_path)
    assert text.count(ARABIC) == 3
    assert ARABIC[::-1] not in text
    assert "Zeist (2)" in text and "Learned from" in text


def test_turkish_letters_and_emoji_are_kept():
    report = one_section(Paragraph("İzmir, Şanlıurfa ve Eskişehir: ığüşöç İĞÜŞÖÇ 🙂"))
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF-")  # Typst found a font for every letter or fell back without failing


def test_turkish_letters_read_back_from_the_pdf(tmp_path):
    report = one_section(Paragraph("İzmir, Şanlıurfa ve Eskişehir: ığüşöç İĞÜŞÖÇ"))
    assert "İzmir, Şanlıurfa ve Eskişehir: ığüşöç İĞÜŞÖÇ" in pdf_text(render_pdf(report), tmp_path)


def test_an_arabic_report_is_right_to_left_and_marks_latin_text_as_left_to_right(case_studies, tmp_path):
    with translation.override("ar"):
        report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)
        data = document(report)
        pdf = render_pdf(report)
    assert data["dir"] == "rtl" and data["lang"] == "ar"
    overview = data["sections"][0]["blocks"]
    marked = [b["text"] for b in overview if b["type"] == "paragraph" and isinstance(b["text"], dict)]
    assert marked and all(m["dir"] == "ltr" for m in marked)  # the English case description
    text = pdf_text(pdf, tmp_path)
    assert report.sections[0].title in text


def test_cells_cite_their_passages_in_runs():
    data = document(one_section(Table(("a",), ((Cell("x", refs=(3, 4, 5, 9), more=2),),))))
    cell = data["sections"][0]["blocks"][0]["rows"][0][0]
    assert cell["refs"] == "P3–P5, P9 (+2 not listed)"


def test_a_chart_is_no_wider_than_the_text_column():
    wide = '<svg class="chart" width="2000" height="100" viewBox="0 0 2000 100"><title>t</title></svg>'
    small = wide.replace('width="2000"', 'width="200"')
    data = document(one_section(Chart(wide, "Wide"), Chart(small, "Small")))
    wide_chart, small_chart = data["sections"][0]["blocks"]
    assert wide_chart["width"] == round((210 - 28) / 25.4 * 72, 1)  # the column
    assert small_chart["width"] == 150  # its own size: 200 px are 150 pt
    assert 'xmlns="http://www.w3.org/2000/svg"' in wide_chart["svg"]


def test_laying_out_is_reported_as_a_stage():
    stages: list[str] = []
    render_pdf(one_section(Paragraph("x")), progress=stages.append)
    assert stages and re.search("PDF", stages[0])


def test_a_layout_that_fails_says_so_and_gives_no_file():
    with pytest.raises(PdfError, match="Typst could not lay out the report"):
        _typeset('{"not": "a report"}')
