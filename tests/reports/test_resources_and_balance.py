"""Resources and the balance of learning shown honestly (issue 17, part 2).

Money whose amount is not known is said to be so, never shown as €0 or 0 % of the money; money and
help in kind are never counted in one label; the chart of resources counts as its table does; and
the balance of learning is shown with the outcomes it rests on, with a warning when a side has fewer
than three.
"""

from __future__ import annotations

import re

from mutuality.datasets import load_report_data
from mutuality.partnerships.models import LearningOutcome, Partnership, ResourceContribution
from mutuality.reports.blocks import Cell, Chart, Facts, Only, Paragraph, Report, Section, Table
from mutuality.reports.partnership_sections import partnership_report
from mutuality.reports.programme_sections import programme_report
from mutuality.reports.render import render_html_file, render_markdown
from tests.reports.conftest import ZEIST_BERKANE, side
from tests.reports.test_charts import SVG, parse

BERKANE_MONEY = "3 financial contributions, amount not known"


def zeist_berkane() -> Report:
    return partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)


def section(report: Report, ident: str) -> Section:
    return next(s for s in report.sections if s.id == ident)


def blocks(sec: Section) -> list[object]:
    """The section's blocks, with those kept to one medium (the programme's long tables) unpacked."""
    found: list[object] = []
    for block in sec.blocks:
        found.extend(block.blocks if isinstance(block, Only) else [block])
    return found


def resource_table(sec: Section) -> Table:
    return next(b for b in blocks(sec) if isinstance(b, Table) and "Contributions in kind" in b.headers)


def column(table: Table, header: str) -> int:
    return table.headers.index(header)


def chart_texts(sec: Section, kind: str) -> list[str]:
    """The words drawn in the section's chart, in order, whole (a shortened label keeps them in its title)."""
    svg = next(b.svg for b in blocks(sec) if isinstance(b, Chart) and b.kind == kind)
    texts = []
    for element in parse(svg).iter(f"{SVG}text"):
        title = element.find(f"{SVG}title")
        texts.append((title.text if title is not None else element.text) or "")
    return texts


def chart_rows(texts: list[str], name: str) -> tuple[str, str]:
    """What the resources chart says beside ``name``: in the money panel, then in the in-kind panel."""
    found = [texts[i + 1] for i, text in enumerate(texts[:-1]) if text == name]
    assert len(found) == 2, found
    return found[0], found[1]


def html_section(html: str, ident: str) -> str:
    start = html.index(f'<section class="report-section" id="{ident}">')
    end = html.find('<section class="report-section"', start + 1)
    return html[start : end if end > 0 else len(html)]


def markdown_section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else len(markdown)]


def without_charts(text: str) -> str:
    return re.sub(r"<svg.*?</svg>|\(data:image/svg\+xml;base64,[^)]*\)", "", text, flags=re.S)


def cell_texts(cell: Cell) -> list[str]:
    return [text for text in (cell.text, *cell.items, cell.note) if text]


# --- amounts not known ---------------------------------------------------------------------------


def test_berkane_s_money_of_unknown_amount_is_shown_as_not_known_beside_zeist_s_euros(case_studies):
    report = zeist_berkane()
    table = resource_table(section(report, "resources"))
    rows = {row[0].text: row for row in table.rows}
    money, share = column(table, "Money"), column(table, "Share of the partnership's money")
    assert rows["Berkane"][money].text == BERKANE_MONEY
    assert rows["Zeist"][money].text == "€4,000 + 3 financial contributions, amount not known"
    # Neither side's share of the money is known while Berkane's (and some of Zeist's) amounts are not.
    assert rows["Berkane"][share].text == rows["Zeist"][share].text == "not known"
    programmes = column(table, "From support programmes")
    assert rows["Zeist"][programmes].text == "MATRA: 2 financial contributions, amount not known"
    assert rows["Berkane"][programmes].text == "none recorded"


def test_the_html_and_markdown_reports_never_show_an_unknown_amount_as_0(case_studies):
    report = zeist_berkane()
    html = render_html_file(report)
    markdown = render_markdown(report)
    resources_html = html_section(html, "resources")
    resources_markdown = markdown_section(markdown, "Resources each side brings")
    berkane_row = re.search(
        r"<tr><th scope=\"row\"><span dir=\"auto\">Berkane</span></th>.*?</tr>", resources_html
    )
    assert berkane_row and BERKANE_MONEY in berkane_row.group(0) and "not known" in berkane_row.group(0)
    assert re.search(rf"^\| Berkane \| {BERKANE_MONEY} \| not known \|", resources_markdown, re.M)
    for shown in (without_charts(resources_html), without_charts(resources_markdown)):
        assert "€0" not in shown and not re.search(r"\b0\s?%", shown)
    # The case overview's budget names Berkane's payments beside Zeist's euros.
    budget = f"Zeist: €4,000 + 3 financial contributions, amount not known; Berkane: {BERKANE_MONEY}"
    assert budget in html and budget in markdown


def test_the_chart_shows_money_of_unknown_amount_as_not_known_never_as_0_euro(case_studies):
    texts = chart_texts(section(zeist_berkane(), "resources"), "resources")
    assert chart_rows(texts, "Berkane")[0] == BERKANE_MONEY
    assert not any("€0" in text for text in texts)


# --- money and help in kind apart ------------------------------------------------------------------


def mixes_money_and_in_kind(text: str) -> bool:
    lowered = text.casefold()
    return "in kind" in lowered and ("financial" in lowered or "€" in text or "money" in lowered)


def test_no_label_counts_money_and_help_in_kind_together(case_studies):
    # Beside the case study's contributions: help in kind with an amount and without, in one kind.
    partnership = Partnership.objects.get(key=ZEIST_BERKANE)
    berkane = side(ZEIST_BERKANE, "berkane")
    for key, amount in (("nights-known", 12), ("nights-unknown", None)):
        ResourceContribution.objects.create(
            partnership=partnership,
            side=berkane,
            key=key,
            kind="lodging",
            amount=amount,
            unit="nights" if amount else "",
        )
    sec = section(zeist_berkane(), "resources")
    labels = [
        text
        for b in blocks(sec)
        if isinstance(b, Table)
        for row in b.rows
        for cell in row
        for text in cell_texts(cell)
    ]
    labels += chart_texts(sec, "resources")
    assert "Lodging: 12 Nights + 1 contribution, amount not known" in labels
    assert [text for text in labels if mixes_money_and_in_kind(text)] == []


def test_the_partnership_page_does_not_call_money_of_unknown_amount_help_in_kind(
    case_studies, officer_client
):
    page = officer_client.get(f"/partnerships/{ZEIST_BERKANE}/").content.decode()
    assert "(amount not known)" in page
    assert "in kind, amount not known" not in page


# --- the chart counts as the table -------------------------------------------------------------------


def leading_number(text: str) -> int:
    found = re.match(r"\d+", text)
    return int(found.group(0)) if found else 0


def test_the_chart_of_resources_counts_as_the_table_beside_it(case_studies):
    sec = section(zeist_berkane(), "resources")
    table = resource_table(sec)
    texts = chart_texts(sec, "resources")
    money, in_kind = column(table, "Money"), column(table, "Contributions in kind")
    for row in table.rows:
        assert chart_rows(texts, row[0].text) == (row[money].text, row[in_kind].text)
    recorded = ResourceContribution.objects.filter(partnership__key=ZEIST_BERKANE).exclude(kind="financial")
    counted = {row[0].text: leading_number(row[in_kind].text) for row in table.rows}
    assert counted == {
        "Zeist": recorded.filter(side__municipality__key="zeist").count(),
        "Berkane": recorded.filter(side__municipality__key="berkane").count(),
    }


def test_the_programme_chart_of_resources_counts_as_its_table(case_studies):
    sec = section(programme_report(load_report_data()), "resources")
    table = resource_table(sec)
    in_kind = column(table, "Contributions in kind")
    in_table = sum(leading_number(row[in_kind].text) for row in table.rows)
    texts = chart_texts(sec, "resources")
    # A bar per country in each panel: its name, what it says, its name again (in kind), what that says.
    countries = {text for i, text in enumerate(texts[:-2]) if texts[i + 2] == text}
    assert countries == {"MA", "NL", "TR"}
    in_chart = sum(leading_number(chart_rows(texts, country)[1]) for country in countries)
    assert in_table == in_chart == ResourceContribution.objects.exclude(kind="financial").count()


# --- the balance and what it rests on ------------------------------------------------------------


def facts(sec: Section) -> dict[str, str]:
    return {label: value for b in sec.blocks if isinstance(b, Facts) for label, value in b.items}


def warnings(sec: Section) -> list[str]:
    return [b.text for b in sec.blocks if isinstance(b, Paragraph) and b.kind == "warning"]


def test_the_balance_is_shown_with_the_outcomes_of_each_side_and_no_warning_at_three(case_studies):
    report = zeist_berkane()
    sec = section(report, "mutuality")
    shown = facts(sec)
    # Zeist has exactly three learning outcomes: enough for a balance without a warning.
    assert shown["Balance of learning"] == "0.86"
    assert shown["Zeist"] == "3 learning outcomes recorded, 3 of them recognised as learning"
    # Whether Berkane recognised its waste-management learning is not recorded: said apart, not as "no".
    berkane = "4 learning outcomes recorded, 3 of them recognised as learning, 1 not known"
    assert shown["Berkane"] == berkane
    assert warnings(sec) == []
    html, markdown = render_html_file(report), render_markdown(report)
    for text in (html, markdown):
        assert berkane in text
        assert "Read this balance with care" not in text


def test_a_side_with_fewer_than_three_outcomes_gets_a_warning_beside_the_balance(case_studies):
    zeist = side(ZEIST_BERKANE, "zeist")
    LearningOutcome.objects.filter(side=zeist).first().delete()
    report = zeist_berkane()
    sec = section(report, "mutuality")
    assert facts(sec)["Zeist"].startswith("2 learning outcomes recorded")
    [warning] = warnings(sec)
    assert "fewer than 3 recorded learning outcomes for Zeist (2)" in warning and "Berkane" not in warning
    html = html_section(render_html_file(report), "mutuality")
    assert '<p class="warning" dir="auto">Read this balance with care' in html
    assert "Zeist (2)" in markdown_section(render_markdown(report), "Mutuality: who learned what from whom")


def test_a_project_s_balance_on_few_outcomes_is_marked(case_studies):
    table = next(b for b in section(zeist_berkane(), "mutuality").blocks if isinstance(b, Table))
    balance = column(table, "Balance")
    notes = {row[1].text: row[balance].note for row in table.rows}
    assert notes["Zeist–Berkane"] == ""
    assert notes["Youth exchange and hospital garden"] == "fewer than 3 outcomes on a side"
    assert notes["Youth participation"] == "one-way; fewer than 3 outcomes on a side"


def test_a_balance_never_reads_minus_0(case_studies):
    markdown = render_markdown(zeist_berkane())
    assert "-0.00" not in markdown


def summary_balance(partnership: str) -> Cell:
    """The balance in the programme PDF's one row for a partnership."""
    report = programme_report(load_report_data([partnership]), [partnership])
    [summary] = [
        b
        for only in report.sections[0].blocks
        if isinstance(only, Only) and only.media == "print"
        for b in only.blocks
        if isinstance(b, Table)
    ]
    [row] = summary.rows
    return row[column(summary, "Balance")]


def test_the_programme_pdf_summary_gives_the_balance_with_what_it_rests_on_as_the_partnership_report(
    case_studies,
):
    shown = facts(section(zeist_berkane(), "mutuality"))
    balance = summary_balance(ZEIST_BERKANE)
    assert balance.text == shown["Balance of learning"] == "0.86"
    assert balance.items == (f"Zeist: {shown['Zeist']}", f"Berkane: {shown['Berkane']}")
    assert balance.note == ""


def test_the_programme_pdf_summary_marks_a_balance_on_fewer_than_three_outcomes_a_side(case_studies):
    LearningOutcome.objects.filter(side=side(ZEIST_BERKANE, "zeist")).first().delete()
    balance = summary_balance(ZEIST_BERKANE)
    assert balance.note == "fewer than 3 outcomes on a side" and balance.items == ()
    assert balance.text == facts(section(zeist_berkane(), "mutuality"))["Balance of learning"]


# --- what became of the learning: not known is counted apart -------------------------------------


def test_flags_nobody_recorded_are_shown_as_not_known_beside_those_recorded(case_studies):
    report = zeist_berkane()
    flags = next(
        b for b in blocks(section(report, "learning")) if isinstance(b, Table) and "Recognised" in b.headers
    )
    rows = {r[0].text: r for r in flags.rows}
    # Zeist: recognition recorded for all three outcomes; whether they were shared, for none
    assert rows["Zeist"][column(flags, "Recognised")].text == "3 / 3"
    assert rows["Zeist"][column(flags, "Disseminated internally")].text == "0 / 3, 3 not known"
    assert rows["Berkane"][column(flags, "Recognised")].text == "3 / 4, 1 not known"
    assert "not as no" in flags.note
    completeness = next(
        b for b in blocks(section(report, "diagnostics")) if isinstance(b, Table) and b.kind == "completeness"
    )
    rows = {r[0].text: [cell.text for cell in r[1:]] for r in completeness.rows}
    assert rows["Whether learning is recognised"] == ["3 of 3", "3 of 4", "6 of 7"]
    assert rows["Whether learning was shared"] == ["0 of 3", "0 of 4", "0 of 7"]
