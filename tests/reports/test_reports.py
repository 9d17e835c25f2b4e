"""The reports' content on the case studies: both sides' learning, recommendations with reasons,
and user text shown as text in every format (Table 8.1 from the codings: test_programme_table_8_1.py)."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.html import escape

from mutuality.analysis.diagnostics import diagnose
from mutuality.datasets import load_report_data
from mutuality.partnerships.models import Actor, Partnership
from mutuality.reports.blocks import Chart, Heading, Report, Section, Table
from mutuality.reports.partnership_sections import partnership_report
from mutuality.reports.programme_sections import programme_report
from mutuality.reports.render import render_html_file, render_markdown, render_pdf
from tests.reports.conftest import ZEIST_BERKANE, add_source, code, pdf_page_ink, pdf_text, side


def section(report: Report, ident: str) -> Section:
    return next(s for s in report.sections if s.id == ident)


def tables(sec: Section) -> list[Table]:
    return [b for b in sec.blocks if isinstance(b, Table)]


def zeist_berkane() -> Report:
    return partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)


def test_the_partnership_report_has_every_section_of_the_issue(case_studies):
    report = zeist_berkane()
    assert [s.id for s in report.sections] == [
        "overview",
        "dimensions",
        "learning",
        "mutuality",
        "resources",
        "continuity",
        "governance",
        "views",
        "self-assessment",
        "diagnostics",
    ]
    charts = [b.kind for s in report.sections for b in s.blocks if isinstance(b, Chart)]
    assert charts == ["heat-map", "flows", "resources", "timeline", "network"]
    overview = dict(next(b for b in report.sections[0].blocks if hasattr(b, "items") and b.items).items)
    assert overview["Support programme"] == "MATRA"
    assert overview["Translocal link"] == "Limited"
    assert "Youth participation" in overview["Main projects"]
    assert "Zeist: €4,000" in overview["Budget"]


def test_zeist_berkane_shows_learning_on_both_sides(case_studies):
    report = zeist_berkane()
    learning = section(report, "learning")
    kinds = tables(learning)[0]
    outcomes = {row[0].text: int(row[1].text) for row in kinds.rows}
    assert outcomes["Zeist"] > 0 and outcomes["Berkane"] > 0
    headings = [b.text for b in learning.blocks if isinstance(b, Heading)]
    assert headings == ["Specific learning: Zeist", "Specific learning: Berkane"]
    specific = tables(learning)[3:]
    assert all(any(row[2].items for row in t.rows) for t in specific)
    html = render_html_file(report)
    for table in specific:
        for row in table.rows:
            for item in row[2].items:
                assert escape(item) in html
    flows = section(report, "mutuality")
    balance = tables(flows)[0].rows[0]
    # Zeist mainly transferred knowledge; its officers learned less than Berkane's (ch. 8.3.5).
    assert balance[0].text == "Partnership" and float(balance[4].text) < 1


def test_zeist_berkane_shows_the_recommendations_its_data_triggers_with_their_reasons(case_studies):
    data = load_report_data([ZEIST_BERKANE])
    findings = diagnose(data.dataset, ZEIST_BERKANE)
    assert findings, "the case study triggers recommendations"
    report = partnership_report(data, ZEIST_BERKANE)
    html, markdown = render_html_file(report), render_markdown(report)
    diagnostics = section(report, "diagnostics")
    [entries] = [b for b in diagnostics.blocks if hasattr(b, "entries")]
    assert len(entries.entries) == len(findings)
    for finding, entry in zip(findings, entries.entries, strict=True):
        assert re.fullmatch(r"ch\. 10, rec\. [1-7]", entry.tag)
        assert entry.tag == finding.recommendation_source
        assert entry.title == finding.recommendation_label
        assert entry.explanation.startswith("Why: ")
        assert list(entry.lines) == finding.fact_texts
        assert escape(entry.title) in html and escape(entry.tag) in html
        for fact in finding.fact_texts:
            assert escape(fact) in html
        assert entry.tag in markdown


def test_power_and_equality_is_limited_across_the_case_studies(case_studies):
    report = programme_report(load_report_data())
    table = next(t for t in tables(section(report, "dimensions")) if t.kind == "table-8-1")
    power = next(r for r in table.rows if r[0].text == "Power and equality")
    assert power[3].items and not power[1].items  # limited in its contexts, strong in none


def test_a_passage_about_another_partnerships_side_is_left_out_of_a_partnership_report(case_studies, coder):
    source = add_source("shared-interview", ZEIST_BERKANE, coder=coder)
    source.partnerships.add(Partnership.objects.get(key="haarlem-emirdag"))
    code(
        source,
        coder,
        "same professional language",
        "professional_similarity",
        "strong",
        concerns=side("haarlem-emirdag", "haarlem"),
    )
    html = render_html_file(zeist_berkane())
    assert "same professional language" not in html
    other = partnership_report(load_report_data(["haarlem-emirdag"]), "haarlem-emirdag")
    assert "same professional language" in render_html_file(other)


def test_user_text_is_escaped_in_html_and_markdown(case_studies, coder):
    Partnership.objects.filter(key=ZEIST_BERKANE).update(
        description='<script>alert("description")</script> **not bold** | not a cell'
    )
    Actor.objects.filter(partnership__key=ZEIST_BERKANE, key="zeist-mayor").update(
        name="<img src=x onerror=alert(1)>"
    )
    source = add_source(
        "hostile", ZEIST_BERKANE, coder=coder, text="He said <script>alert(2)</script> to us."
    )
    code(source, coder, "<script>alert(2)</script>", "power_equality", "limited")
    report = zeist_berkane()
    html = render_html_file(report)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(&quot;description&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # in the actor table and the network chart
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # the passage
    markdown = render_markdown(report)
    assert "<script" not in markdown and "<img" not in markdown
    assert '&lt;script&gt;alert("description")&lt;/script&gt; \\*\\*not bold\\*\\* \\| not a cell' in markdown
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in markdown


def test_the_html_file_is_self_contained(case_studies):
    for report in (zeist_berkane(), programme_report(load_report_data())):
        html = render_html_file(report)
        assert not re.search(r"https?://", html)
        assert not re.search(r"<(script|link|iframe|img|object)\b", html, re.I)
        assert not re.search(r"\b(src|srcset)=|url\(|@import", html, re.I)
        assert "<style>" in html and html.count("<svg ") >= 4


def test_the_markdown_report_has_headings_tables_passages_and_charts(case_studies):
    markdown = render_markdown(zeist_berkane())
    assert markdown.startswith("# Mutual learning in Zeist–Berkane\n")
    assert "\n## Dimensions of mutual learning (Table 8.1)\n" in markdown
    assert "\n| Dimension | Strong | Moderate | Limited | Mixed |\n|---|---|---|---|---|\n" in markdown
    assert re.search(r"^- \*\*P1\*\* “", markdown, re.M)
    assert "](data:image/svg+xml;base64," in markdown
    assert "Balance = n × min(r) ÷ Σr" in markdown


def test_a_report_in_arabic_is_laid_out_right_to_left(case_studies):
    with translation.override("ar"):
        report = zeist_berkane()
        html = render_html_file(report)
    assert report.bidi and '<html lang="ar" dir="rtl">' in html


def test_the_programme_pdf_has_every_partnership_on_numbered_pages(case_studies, tmp_path):
    import io

    from pypdf import PdfReader

    report = programme_report(load_report_data())
    pdf = render_pdf(report)
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(pdf_text(pdf, tmp_path).split()).replace("– ", "–")  # names broken at their dash
    assert f"{len(pages)} / {len(pages)}" in text
    for name in ("Zeist–Berkane", "Haarlem–Emirdağ", "Amsterdam–Kocaeli"):
        assert name in text
    assert pdf_page_ink(pdf, tmp_path) > 0.01


def test_countries_are_named_in_the_readers_language_not_coded(case_studies):
    with translation.override("nl"):
        markdown = render_markdown(partnership_report(load_report_data(), ZEIST_BERKANE))
    assert "Zeist (Nederland)" in markdown and "Berkane (Marokko)" in markdown
    assert "(NL)" not in markdown and "(MA)" not in markdown
