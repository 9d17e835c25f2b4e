"""A report written out: a web page, a self-contained HTML file, Markdown or PDF.

The blocks of a :class:`~mutuality.reports.blocks.Report` are turned into
HTML here in Python — every piece of text through ``escape`` — and placed
in a page by a template: ``reports/report_page.html`` (inside the site, with
download links) or ``reports/report_file.html`` (a file that needs nothing
else: its CSS inlined, its charts inline SVG, no script and no web
address). The PDF is laid out by Typst from the same blocks
(:mod:`mutuality.reports.pdf`). Markdown has the same
sections, tables and passages (as numbered lists under their tables), and
the charts as SVG images inside the file (``data:`` URIs).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.datasets import ReportData
from mutuality.reports.blocks import (
    Block,
    Cell,
    Chart,
    EntryList,
    Facts,
    Heading,
    Only,
    Paragraph,
    Passage,
    Passages,
    Report,
    Table,
    ref_ranges,
    ref_text,
)
from mutuality.reports.pdf import render_pdf
from mutuality.reports.report_json import render_json

__all__ = [
    "DATA_FORMATS",
    "FORMATS",
    "render",
    "render_data",
    "render_html_body",
    "render_html_file",
    "render_markdown",
    "render_pdf",
]

# format -> (media type, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html; charset=utf-8", "html"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "pdf": ("application/pdf", "pdf"),
}

# The report as data (mutuality.reports.report_json): made from the report's data, partnership by
# partnership, rather than from one built report. format -> (media type, file extension)
DATA_FORMATS: dict[str, tuple[str, str]] = {"json": ("application/json", "json")}

SourceLink = Callable[[str], str]


def render(report: Report, fmt: str, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The report in one of :data:`FORMATS`, as bytes ready to write or send."""
    if fmt == "html":
        return render_html_file(report).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(report, progress=progress)
    raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")


def render_data(
    data: ReportData,
    keys: Sequence[str] | None,
    fmt: str = "json",
    *,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """The report of these partnerships (all: ``None``) as data, in one of :data:`DATA_FORMATS`."""
    if fmt != "json":
        raise ValueError(f"unknown data format {fmt!r}; known: {', '.join(DATA_FORMATS)}")
    return render_json(data, keys, progress=progress)


# --- HTML ------------------------------------------------------------------------------


def render_html_body(
    report: Report,
    *,
    open_passages: bool = False,
    source_link: SourceLink | None = None,
) -> str:
    """The sections of the report as HTML (no page around them), as read on screen."""
    writer = _Html(open_passages, source_link, links=source_link is not None)
    return "".join(
        writer.section(s.id, s.title, s.blocks) for s in report.sections if s.shown_in(writer.medium)
    )


def page_context(report: Report, body: str, *, medium: str = "screen") -> dict[str, Any]:
    return {
        "report": report,
        "body": body,
        "generated": formats.date_format(report.generated, "DATETIME_FORMAT"),
        "toc": [(s.id, s.title) for s in report.sections if s.shown_in(medium)],
    }


def render_html_file(report: Report) -> str:
    """The report as one HTML file: CSS inlined, charts inline, nothing fetched from anywhere."""
    body = render_html_body(report)
    return render_to_string("reports/report_file.html", page_context(report, body) | {"header": True})


class _Html:
    def __init__(self, open_passages: bool, source_link: SourceLink | None, *, links: bool = False) -> None:
        """``links``: cells link to their pages of the site (the web page; a file or PDF stands alone)."""
        self.open = " open" if open_passages else ""
        self.links = links
        self.source_link = source_link
        self.medium = "screen"

    def section(self, ident: str, title: str, blocks: list[Block]) -> str:
        inner = "".join(self.block(b) for b in blocks)
        return (
            f'<section class="report-section" id="{escape(ident)}"><h2>{escape(title)}</h2>{inner}</section>'
        )

    def block(self, block: Block) -> str:
        if isinstance(block, Only):
            return "".join(self.block(b) for b in block.blocks) if block.media == self.medium else ""
        if isinstance(block, Paragraph):
            kind = f' class="{escape(block.kind)}"' if block.kind else ""
            return f'<p{kind} dir="auto">{_lines(block.text)}</p>'
        if isinstance(block, Heading):
            ident = f' id="{escape(block.id)}"' if block.id else ""
            return f"<h3{ident}>{escape(block.text)}</h3>"
        if isinstance(block, Facts) and block.kind == "rows":
            rows = "".join(
                f'<tr><th scope="row">{escape(label)}</th><td dir="auto">{escape(value)}</td></tr>'
                for label, value in block.items
            )
            return f'<table class="data report-table facts-rows"><tbody>{rows}</tbody></table>'
        if isinstance(block, Facts):
            items = "".join(
                f'<div><dt>{escape(label)}</dt><dd dir="auto">{escape(value)}</dd></div>'
                for label, value in block.items
            )
            return f'<dl class="facts">{items}</dl>'
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Chart):
            return f'<figure class="chart {escape(block.kind)}">{block.svg}</figure>'
        if isinstance(block, EntryList):
            return self.entries(block)
        if isinstance(block, Passages):
            return self.passage_list(block)
        raise TypeError(f"not a report block: {type(block).__name__}")

    def table(self, table: Table) -> str:
        if not table.rows:
            caption = f"<h4>{escape(table.caption)}</h4>" if table.caption else ""
            return f'{caption}<p class="empty">{escape(table.empty or _("Nothing recorded."))}</p>'
        numeric = set(table.numeric)
        head = "".join(
            f'<th scope="col"{" class=number" if i in numeric else ""}>{escape(h)}</th>'
            for i, h in enumerate(table.headers)
        )
        body = []
        for row in table.rows:
            cells = "".join(self.cell(c, i in numeric, i == 0) for i, c in enumerate(row))
            body.append(f"<tr>{cells}</tr>")
        caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
        note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
        return (
            f'<div class="table-scroll"><table class="data report-table {escape(table.kind)}">{caption}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note}"
        )

    def cell(self, cell: Cell, numeric: bool, first: bool) -> str:
        tag = "th" if first else "td"
        scope = ' scope="row"' if first else ""
        classes = ["number"] if numeric else []
        parts = []
        if cell.level:
            classes.append(f"level-{escape(cell.level)}")
        if cell.text and cell.link and self.links:
            parts.append(f'<a href="{escape(cell.link)}" dir="auto">{escape(cell.text)}</a>')
        elif cell.text:
            parts.append(f'<span dir="auto">{escape(cell.text)}</span>')
        if cell.flag:
            parts.append(f' <span class="flag" title="{escape(cell.flag)}">▲ {escape(cell.flag)}</span>')
        if cell.items:
            parts.append(
                '<ul class="cell-list">'
                + "".join(f'<li dir="auto">{escape(i)}</li>' for i in cell.items)
                + "</ul>"
            )
        if cell.note:
            parts.append(f"<small>{escape(cell.note)}</small>")
        if cell.refs or cell.more:
            parts.append(self.refs(cell))
        css = f' class="{" ".join(classes)}"' if classes else ""
        return f"<{tag}{scope}{css}>{''.join(parts)}</{tag}>"

    def refs(self, cell: Cell) -> str:
        links = ", ".join(
            f'<a href="#p{first}">{escape(ref_text(first, last))}</a>'
            for first, last in ref_ranges(cell.refs)
        )
        more = (
            " "
            + escape(
                ngettext("(+%(count)d not listed)", "(+%(count)d not listed)", cell.more)
                % {"count": cell.more}
            )
            if cell.more
            else ""
        )
        return f'<span class="refs">{links}{more}</span>'

    def passage_list(self, block: Passages) -> str:
        items = "".join(
            f'<li id="p{number}" value="{number}"><span class="ref">P{number}</span> {self.passage(p)}</li>'
            for number, p in block.items
        )
        title = escape(block.title or _("Passages"))
        summary = f"<summary>{title} ({len(block.items)})</summary>"
        return f'<details class="passages"{self.open}>{summary}<ol class="passages">{items}</ol></details>'

    def passage(self, p: Passage) -> str:
        title: str = escape(p.source_title or p.source)
        if self.source_link is not None:
            title = f'<a href="{escape(self.source_link(p.source))}">{title}</a>'
        where = [title]
        if p.who:
            where.append(escape(p.who))
        if p.confidential:
            where.append(f'<span class="badge warn">{escape(_("confidential source"))}</span>')
        meta = " · ".join(where)
        coded = f'<br><span class="coding">{escape(p.coding)}</span>' if p.coding else ""
        memo = f'<br><span class="memo">{escape(_("Memo"))}: {escape(p.memo)}</span>' if p.memo else ""
        return f'<blockquote dir="auto">{_lines(p.quote)}</blockquote><small>{meta}{coded}{memo}</small>'

    def entries(self, block: EntryList) -> str:
        if not block.entries:
            return f'<p class="empty">{escape(block.empty)}</p>'
        out = []
        for e in block.entries:
            tag = f' <span class="tag">{escape(e.tag)}</span>' if e.tag else ""
            why = f'<p class="why">{escape(e.explanation)}</p>' if e.explanation else ""
            lines = "".join(f'<li dir="auto">{escape(line)}</li>' for line in e.lines)
            details = ""
            if e.details:
                items = "".join(f'<li dir="auto">{escape(d)}</li>' for d in e.details)
                details = f"<details{self.open}><summary>{escape(e.detail_label)}</summary><ul>{items}</ul></details>"
            out.append(
                f'<li class="finding"><h3>{escape(e.title)}{tag}</h3>{why}<ul class="facts-list">{lines}</ul>{details}</li>'
            )
        return f'<ol class="findings">{"".join(out)}</ol>'


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines()) if "\n" in text else escape(text)


# --- Markdown --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_MD_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+]\s|\d+[.)]\s)")
_ENTITY = re.compile(r"&(#?\w+;)")


def md(text: str) -> str:
    """Plain text as Markdown that shows exactly that text: markup characters and HTML are escaped."""
    text = " ".join(str(text).split())
    text = _ENTITY.sub(r"&amp;\1", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def render_markdown(report: Report) -> str:
    out = [f"# {md(report.title)}", "", f"*{md(report.subtitle)}*", ""]
    out.append(
        md(
            _("Generated by Mutuality on %(date)s")
            % {"date": formats.date_format(report.generated, "DATETIME_FORMAT")}
        )
    )
    out.append("")
    sections = [s for s in report.sections if s.shown_in("screen")]  # Markdown is read on screen
    out.extend(f"{i}. {md(section.title)}" for i, section in enumerate(sections, 1))
    out.append("")
    for section in sections:
        out.extend([f"## {md(section.title)}", ""])
        for block in _screen_blocks(section.blocks):
            out.extend(_md_block(block))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _screen_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, Only):
            if block.media == "screen":
                yield from _screen_blocks(block.blocks)
        else:
            yield block


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"> {md(block.text)}" if block.kind == "formula" else md(block.text)]
    if isinstance(block, Heading):
        return [f"### {md(block.text)}"]
    if isinstance(block, Facts):
        return [f"- **{md(label)}:** {md(value)}" for label, value in block.items]
    if isinstance(block, Chart):
        svg = block.svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return [f"![{md(block.title)}](data:image/svg+xml;base64,{data})"]
    if isinstance(block, EntryList):
        if not block.entries:
            return [md(block.empty)]
        lines: list[str] = []
        for e in block.entries:
            lines.append(f"#### {md(e.title)}" + (f" ({md(e.tag)})" if e.tag else ""))
            lines.append("")
            if e.explanation:
                lines.extend([md(e.explanation), ""])
            lines.extend(f"- {md(line)}" for line in e.lines)
            if e.details:
                lines.extend(["", f"{md(e.detail_label)}: " + "; ".join(md(d) for d in e.details)])
            lines.append("")
        return lines
    if isinstance(block, Table):
        return _md_table(block)
    if isinstance(block, Passages):
        return _md_passages(block)
    raise TypeError(f"not a report block: {type(block).__name__}")


def _md_table(table: Table) -> list[str]:
    lines = [f"**{md(table.caption)}**", ""] if table.caption else []
    if not table.rows:
        return [*lines, md(table.empty or _("Nothing recorded."))]
    numeric = set(table.numeric)
    lines.append("| " + " | ".join(md(h) for h in table.headers) + " |")
    lines.append("|" + "|".join("---:" if i in numeric else "---" for i in range(len(table.headers))) + "|")
    for row in table.rows:
        cells = []
        for cell in row:
            # A cell's text before its list reads as a label (the analysts' matrix: "Limited: summary").
            parts = [md(cell.text) + (":" if cell.items else "")] if cell.text else []
            if cell.flag:
                parts.append(f"(▲ {md(cell.flag)})")
            if cell.items:
                parts.append("; ".join(md(i) for i in cell.items))
            if cell.note:
                parts.append(f"({md(cell.note)})")
            if cell.refs:
                parts.append("[" + ", ".join(ref_text(a, b) for a, b in ref_ranges(cell.refs)) + "]")
            if cell.more:
                parts.append(
                    md(
                        ngettext("(+%(count)d not listed)", "(+%(count)d not listed)", cell.more)
                        % {"count": cell.more}
                    )
                )
            cells.append(" ".join(parts))
        lines.append("| " + " | ".join(cells) + " |")
    if table.note:
        lines.extend(["", md(table.note)])
    return lines


def _md_passages(block: Passages) -> list[str]:
    lines = [f"**{md(block.title or _('Passages'))}**", ""]
    for number, p in block.items:
        where = [p.source_title or p.source]
        if p.who:
            where.append(p.who)
        if p.confidential:
            where.append(_("confidential source"))
        text = f"- **P{number}** “{md(p.quote)}” — {md(', '.join(where))}"
        if p.coding:
            text += f"; {md(p.coding)}"
        if p.memo:
            text += f" ({md(_('Memo'))}: {md(p.memo)})"
        lines.append(text)
    return lines
