"""The analysts' framework matrix in the reports: assessment, summary and live passage count per cell."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.access import Access
from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.datasets import load_report_data
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.framework_matrix import build
from mutuality.evidence.models import Code, Coding, FrameworkCell, Respondent, RespondentIdentity
from mutuality.partnerships.models import Partnership
from mutuality.reports.blocks import Heading, Only, Paragraph, Report, Section, Table
from mutuality.reports.partnership_sections import partnership_report
from mutuality.reports.pdf import document
from mutuality.reports.programme_sections import programme_report
from mutuality.reports.render import render_html_body, render_html_file, render_markdown
from tests.reports.conftest import ZEIST_BERKANE, add_source, code, side

TITLE = "Analysts' framework matrix"
SUMMARY = "Decisions were mostly made in Zeist; Berkane followed."
SCRIPT = "<script>alert('x')</script> Berkane's officers felt heard."
NO_CELLS = "No analyst has written a cell of the framework matrix for this partnership yet."
NO_CELLS_PROGRAMME = "No analyst has written a cell of the framework matrix for these partnerships yet."


def dimensions(report: Report) -> Section:
    return next(s for s in report.sections if s.id == "dimensions")


def matrix_blocks(report: Report) -> list:
    """The blocks of the Table 8.1 section from the matrix's heading on."""
    blocks = dimensions(report).blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == TITLE)
    return blocks[start:]


def matrix_table(report: Report) -> Table:
    for block in matrix_blocks(report):
        for inner in block.blocks if isinstance(block, Only) else (block,):
            if isinstance(inner, Table):
                return inner
    raise AssertionError("no framework-matrix table")


def page_count(partnership: Partnership, code_: Code, side_=None, reader=None) -> int:
    """The passages behind a cell as the framework-matrix page counts them for ``reader`` (default: all)."""
    codings = Coding.objects.all() if reader is None else Access.of(reader).codings(Coding.objects.all())
    grid = build(side_ is not None, [code_], [partnership], codings)
    return next(len(row[0].passages) for row in grid if row[0].case.side == side_)


def passages(count: int) -> str:
    return f"{count} coded passage" if count == 1 else f"{count} coded passages"


@pytest.fixture
def written(case_studies, coder):
    """Zeist–Berkane: a cell for the partnership (power and equality) and one for Berkane's side."""
    partnership = Partnership.objects.get(key=ZEIST_BERKANE)
    berkane = side(ZEIST_BERKANE, "berkane")
    source = add_source("matrix-report", ZEIST_BERKANE, coder=coder, side_of="berkane")
    code(source, coder, "Decisions were mostly made in Zeist", "power_equality", "limited", "limiting")
    code(
        source,
        coder,
        "the same professional language",
        "professional_similarity",
        "strong",
        "enabling",
        concerns=berkane,
    )
    power, similarity = (
        framework_code("dimension", "power_equality"),
        framework_code("dimension", "professional_similarity"),
    )
    FrameworkCell.objects.create(
        partnership=partnership, code=power, assessment="limited", summary=SUMMARY, author=coder
    )
    FrameworkCell.objects.create(
        partnership=partnership,
        side=berkane,
        code=similarity,
        assessment="moderate",
        summary=SCRIPT,
        author=coder,
    )
    return partnership, berkane, power, similarity, source


def test_the_partnership_report_shows_each_cell_with_its_assessment_summary_and_passages(written):
    partnership, berkane, power, similarity, _source = written
    report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)

    table = matrix_table(report)
    assert table.headers == (
        "Case",
        "Similarity between professionals",
        "Power and equality",
    )  # codebook order
    rows = {row[0].text: row[1:] for row in table.rows}
    assert list(rows) == ["Zeist–Berkane", "Berkane"]  # the partnership, then its sides with cells
    power_cell = rows["Zeist–Berkane"][1]
    assert (power_cell.text, power_cell.level, power_cell.items) == ("Limited", "limited", (SUMMARY,))
    count = page_count(partnership, power)
    assert count >= 1 and power_cell.note == passages(count)
    side_cell = rows["Berkane"][0]
    assert (side_cell.text, side_cell.items) == ("Moderate", (SCRIPT,))
    side_count = page_count(partnership, similarity, berkane)
    assert side_count >= 1 and side_cell.note == passages(side_count)
    assert rows["Zeist–Berkane"][0].text == "—" and rows["Berkane"][1].text == "—"  # nothing written there

    html, markdown = render_html_file(report), render_markdown(report)
    for text in (TITLE, "Limited", "Moderate", "Decisions were mostly made in Zeist; Berkane followed."):
        assert text.replace("'", "&#x27;") in html
    assert passages(count) in html and passages(side_count) in markdown
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Berkane&#x27;s officers felt heard." in html
    assert f"### {TITLE}" in markdown
    assert f"| Zeist–Berkane | — | Limited: {SUMMARY} ({passages(count)}) |" in markdown
    assert "&lt;script&gt;alert('x')&lt;/script&gt; Berkane's officers felt heard." in markdown
    assert "<script>" not in markdown
    # A subsection of the Table 8.1 section: the sections stay those of the issue.
    assert "analysts-framework-matrix" not in [s.id for s in report.sections]
    assert 'id="analysts-framework-matrix"' in html


def test_the_count_is_live_and_the_same_as_on_the_framework_matrix_page(written, officer_client, coder):
    partnership, _berkane, power, _similarity, source = written

    def reported() -> str:
        report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)
        return {row[0].text: row for row in matrix_table(report).rows}["Zeist–Berkane"][2].note

    before = page_count(partnership, power)
    grid = officer_client.get("/framework-matrix/").context["grid"]
    on_page = next(row for row in grid if row[0].case.partnership.key == ZEIST_BERKANE)
    assert len(next(c for c in on_page if c.code == power).passages) == before
    assert reported() == passages(before)
    code(source, coder, "In Zeist the exchange was seen as an equal one", "power_equality", "moderate")
    assert reported() == passages(before + 1)


def test_a_cell_counts_the_passages_of_its_code_and_its_sub_codes(case_studies, coder):
    partnership = Partnership.objects.get(key=ZEIST_BERKANE)
    parent = Code.objects.create(name="Language")
    child = Code.objects.create(name="Interpreters", parent=parent)
    source = add_source("matrix-own-codes", ZEIST_BERKANE, coder=coder)
    version = source.current
    for words, which in (("same professional language", child), ("Decisions were mostly made", parent)):
        start = version.text.index(words)
        Coding.objects.create(version=version, start=start, end=start + len(words), code=which, coder=coder)
    FrameworkCell.objects.create(partnership=partnership, code=parent, summary="Language mattered.")
    FrameworkCell.objects.create(partnership=partnership, code=child, summary="Interpreters were rare.")

    table = matrix_table(partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE))

    assert table.headers == ("Case", "Language", "Language / Interpreters")
    [row] = table.rows
    assert [(c.items, c.note, c.level) for c in row[1:]] == [
        (("Language mattered.",), "2 coded passages", None),
        (("Interpreters were rare.",), "1 coded passage", None),
    ]


def test_the_programme_report_has_a_compact_matrix_on_screen_and_a_note_in_the_pdf(written):
    report = programme_report(load_report_data())

    table = matrix_table(report)
    assert table.headers[:2] == ("Partnership", "Side")
    rows = [(row[0].text, row[1].text) for row in table.rows]
    assert rows == [("Zeist–Berkane", "whole partnership"), ("Zeist–Berkane", "Berkane")]
    assert table.headers[2:] == ("Similarity between professionals", "Power and equality")
    assert table.rows[0][3].items == (SUMMARY,) and table.rows[0][3].text == "Limited"
    assert table.rows[1][2].items == (SCRIPT,) and table.rows[1][2].text == "Moderate"
    screen, printed, markdown = (
        render_html_file(report),
        json.dumps(document(report), ensure_ascii=False),
        render_markdown(report),
    )
    assert TITLE.replace("'", "&#x27;") in screen and SUMMARY in screen and "Moderate" in screen
    assert "<script>alert" not in screen and "&lt;script&gt;alert" in screen
    assert SUMMARY in markdown and "&lt;script&gt;alert('x')&lt;/script&gt;" in markdown
    assert SUMMARY not in printed  # screen only: the programme PDF is long enough
    assert "Analysts have written 2 cells of the framework matrix" in printed


def test_without_cells_the_reports_say_so_in_one_line(case_studies):
    partnership = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)
    programme = programme_report(load_report_data())

    for report, note in ((partnership, NO_CELLS), (programme, NO_CELLS_PROGRAMME)):
        blocks = matrix_blocks(report)
        assert len(blocks) == 2 and isinstance(blocks[1], Paragraph) and blocks[1].text == note
        assert note in render_markdown(report)
        assert note in render_html_body(report) and note in json.dumps(document(report), ensure_ascii=False)


def test_a_cell_of_another_partnership_is_not_in_this_report(case_studies):
    other = Partnership.objects.exclude(key=ZEIST_BERKANE).order_by("key").first()
    FrameworkCell.objects.create(
        partnership=other,
        code=framework_code("dimension", "professional_similarity"),
        summary="Someone else's case.",
    )

    report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)

    assert matrix_blocks(report)[1].text == NO_CELLS
    assert "Someone else" not in render_markdown(report)
    programme = programme_report(load_report_data([ZEIST_BERKANE]), [ZEIST_BERKANE])
    assert matrix_blocks(programme)[1].text == NO_CELLS_PROGRAMME


def test_a_summary_keeps_its_paragraphs_and_loses_real_names(case_studies):
    respondent = Respondent.objects.create(key="r-matrix", label="R-ZEI-7", role="policy officer")
    RespondentIdentity.objects.create(respondent=respondent, real_name="Karin de Vries")
    FrameworkCell.objects.create(
        partnership=Partnership.objects.get(key=ZEIST_BERKANE),
        code=framework_code("dimension", "professional_similarity"),
        summary="Karin de Vries saw the likeness.\n\nBoth are medium-sized towns.",
    )

    report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)

    [row] = matrix_table(report).rows
    assert row[1].items == ("R-ZEI-7 saw the likeness.", "Both are medium-sized towns.")
    assert "Karin de Vries" not in render_html_file(report) and "Karin de Vries" not in render_markdown(
        report
    )


def test_a_viewer_sees_the_cells_with_the_passages_they_may_read(written, coder):
    partnership, _berkane, power, _similarity, _source = written
    secret = add_source("matrix-confidential", ZEIST_BERKANE, coder=coder)
    secret.confidential = True
    secret.save()
    code(secret, coder, "Decisions were mostly made in Zeist", "power_equality", "limited")
    viewer = get_user_model().objects.create_user("matrix-viewer", password="a-long-test-password")
    Membership.objects.create(user=viewer, partnership=partnership, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)

    page = client.get(f"/partnerships/{ZEIST_BERKANE}/report/", {"format": "md"}).content.decode()

    readable = page_count(partnership, power, reader=viewer)
    assert readable < page_count(partnership, power)  # the confidential passage is not the viewer's
    assert SUMMARY in page
    assert f"({passages(readable)})" in page.split(TITLE, 1)[1]
