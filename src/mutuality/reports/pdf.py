"""A report as a PDF, laid out by Typst.

The blocks of a :class:`~mutuality.reports.blocks.Report` go to Typst as data (JSON), and one fixed
layout, ``reports/typst/report.typ``, sets them on A4 pages. Nothing in the data is read as markup,
so a quote containing ``#``, ``*`` or ``]`` prints as it was said; there is nothing to escape.

Typst rather than a second life for the HTML file: it lays out a 13-page partnership report in about
0.2 s where WeasyPrint took 3.5-8 s (bench/RESULTS.md, "PDF with Typst"), and it shapes Arabic and
orders right-to-left text in paragraphs, tables and the charts' SVG labels alike. It reads the fonts
installed on the machine (DejaVu Sans first, as the web page) and fetches nothing: the layout and
the data are all it is given, in a child process of its own (:func:`_typeset`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.languages import text_direction
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

__all__ = ["PdfError", "document", "render_pdf"]

# The charts' first font, then fonts that fill gaps (Typst falls back glyph by glyph to any
# installed font that has the letter; a family not installed is passed over).
FONTS = ("DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Color Emoji")

# Width of the text column: A4 (210 mm) less 14 mm margins on each side, in points.
COLUMN_PT = (210 - 2 * 14) / 25.4 * 72
PX_TO_PT = 0.75  # the charts are drawn in CSS pixels (96 a inch)
# A programme of 500 partnerships lays out in about 10 s; far beyond that something is wrong.
TYPESET_SECONDS = 600


def render_pdf(report: Report, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The report on A4 pages: its print sections (``Section.shown_in("print")``), passages written out."""
    if progress is not None:
        progress(_("Laying out the PDF"))
    data = json.dumps(document(report), ensure_ascii=False)
    return _typeset(data)


def document(report: Report) -> dict[str, Any]:
    """What the layout is given: the report's printed sections as plain data, labels translated."""
    base = "rtl" if report.bidi else "ltr"
    writer = _Blocks(base)
    sections = [s for s in report.sections if s.shown_in("print")]
    generated = formats.date_format(report.generated, "DATETIME_FORMAT")
    return {
        "lang": report.language,
        "dir": base,
        "fonts": list(FONTS),
        "header": True,
        "title": writer.text(report.title),
        "subtitle": writer.text(report.subtitle),
        "generated": _("Generated on %(date)s") % {"date": generated},
        "toc": [s.title for s in sections],
        "sections": [
            {"id": s.id, "title": s.title, "blocks": list(writer.blocks(s.blocks))} for s in sections
        ],
        "footer": _(
            "Made with Mutuality on %(date)s: mutual learning in city-to-city partnerships, seen from both sides."
        )
        % {"date": generated},
    }


class _Blocks:
    """Blocks as dictionaries for the layout; texts that run against the report's direction marked."""

    def __init__(self, base: str) -> None:
        self.base = base

    def text(self, value: str) -> str | dict[str, str]:
        direction = text_direction(value)
        return value if direction is None or direction == self.base else {"s": value, "dir": direction}

    def blocks(self, blocks: list[Block] | tuple[Block, ...]) -> Iterator[dict[str, Any]]:
        for block in blocks:
            if isinstance(block, Only):
                if block.media == "print":
                    yield from self.blocks(block.blocks)
            else:
                yield self.block(block)

    def block(self, block: Block) -> dict[str, Any]:
        if isinstance(block, Paragraph):
            return {"type": "paragraph", "kind": block.kind, "text": self.text(block.text)}
        if isinstance(block, Heading):
            return {"type": "heading", "text": self.text(block.text)}
        if isinstance(block, Facts):
            items = [[label, self.text(value)] for label, value in block.items]
            return {"type": "facts", "kind": block.kind, "items": items}
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Chart):
            return self.chart(block)
        if isinstance(block, Passages):
            return self.passages(block)
        if isinstance(block, EntryList):
            return self.entries(block)
        raise TypeError(f"not a report block: {type(block).__name__}")

    def table(self, table: Table) -> dict[str, Any]:
        return {
            "type": "table",
            "kind": table.kind,
            "caption": table.caption,
            "headers": list(table.headers),
            "numeric": list(table.numeric),
            "rows": [[self.cell(c) for c in row] for row in table.rows],
            "note": table.note,
            "empty": table.empty or _("Nothing recorded."),
        }

    def cell(self, cell: Cell) -> dict[str, Any]:
        refs = ", ".join(ref_text(first, last) for first, last in ref_ranges(cell.refs))
        if cell.more:
            more = ngettext("(+%(count)d not listed)", "(+%(count)d not listed)", cell.more) % {
                "count": cell.more
            }
            refs = f"{refs} {more}".strip()
        return {
            "text": self.text(cell.text),
            "level": cell.level or "",
            "items": [self.text(item) for item in cell.items],
            "note": cell.note,
            "flag": cell.flag,
            "refs": refs,
        }

    def chart(self, chart: Chart) -> dict[str, Any]:
        svg = chart.svg
        if "xmlns=" not in svg.split(">", 1)[0]:
            svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        width = _svg_width(svg)
        return {
            "type": "chart",
            "title": chart.title,
            "svg": svg,
            "width": round(min(COLUMN_PT, width * PX_TO_PT), 1) if width else round(COLUMN_PT, 1),
        }

    def passages(self, block: Passages) -> dict[str, Any]:
        return {
            "type": "passages",
            "title": block.title or _("Passages"),
            "items": [self.passage(number, p) for number, p in block.items],
        }

    def passage(self, number: int, p: Passage) -> dict[str, Any]:
        where = [self.text(p.source_title or p.source)]
        if p.who:
            where.append(self.text(p.who))
        return {
            "number": number,
            "quote": self.text(p.quote),
            "where": where,
            "confidential": _("confidential source") if p.confidential else "",
            "coding": p.coding,
            "memo": self.text(p.memo) if p.memo else "",
            "memo_label": _("Memo"),
        }

    def entries(self, block: EntryList) -> dict[str, Any]:
        return {
            "type": "entries",
            "empty": block.empty,
            "entries": [
                {
                    "title": self.text(e.title),
                    "tag": e.tag,
                    "explanation": e.explanation,
                    "lines": [self.text(line) for line in e.lines],
                    "detail_label": e.detail_label,
                    "details": [self.text(d) for d in e.details],
                }
                for e in block.entries
            ],
        }


def _svg_width(svg: str) -> float:
    head = svg.split(">", 1)[0]
    marker = ' width="'
    if marker not in head:
        return 0.0
    try:
        return float(head.split(marker, 1)[1].split('"', 1)[0])
    except ValueError:
        return 0.0


class PdfError(RuntimeError):
    """Typst could not lay the report out (a fault of ours, never of the report's words)."""


def _typeset(data: str) -> bytes:
    """The layout given ``data``, made by Typst in a child process (:mod:`mutuality.reports.typeset`).

    Typst keeps what it laid out for the next ten compilations, about 60 MiB for a partnership of
    1,800 codings: in the worker that makes the web's PDFs that grew to 750 MiB and stayed. A child
    started for each PDF costs about 50 ms and gives it all back; it also keeps a crash of the
    typesetter out of the worker.
    """
    result = subprocess.run(
        [sys.executable, "-m", "mutuality.reports.typeset"],
        input=data.encode("utf-8"),
        capture_output=True,
        timeout=TYPESET_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF-"):
        problem = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise PdfError(f"Typst could not lay out the report: {problem[0][:300]}")
    return result.stdout
