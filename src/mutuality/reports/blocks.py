"""The pieces a report is made of, independent of the output format.

:mod:`mutuality.reports.partnership_sections` and
:mod:`mutuality.reports.programme_sections` fill a :class:`Report` with sections of
paragraphs, facts, tables, charts and findings; :mod:`mutuality.reports.render`
writes the same report as HTML (web page, file, PDF) and as Markdown. Text
here is plain text — never markup — and is escaped by each renderer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "Block",
    "Cell",
    "Chart",
    "Entry",
    "EntryList",
    "Facts",
    "Heading",
    "Only",
    "Paragraph",
    "Passage",
    "Passages",
    "Report",
    "Section",
    "Table",
    "ref_ranges",
    "ref_text",
    "row",
]


@dataclass(frozen=True, slots=True)
class Passage:
    """A coded passage shown as evidence: the words, where they come from, and how they were coded."""

    quote: str
    source: str  # source key
    source_title: str = ""
    who: str = ""  # the respondent, described by role
    coding: str = ""  # e.g. "strong · enabling · learning of Zeist"
    memo: str = ""
    confidential: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: text, optionally a level (for colour), a list, a note and the numbers of its passages."""

    text: str = ""
    level: str | None = None
    items: tuple[str, ...] = ()
    note: str = ""
    flag: str = ""  # e.g. "contradicting evidence"
    refs: tuple[int, ...] = ()  # numbers of the passages behind the cell (listed in a Passages block)
    more: int = 0  # passages behind the cell that the report leaves out
    link: str = ""  # a page of the site for the cell's text (e.g. the form to record it): web page only


def row(*values: object) -> tuple[Cell, ...]:
    """A table row from cells and plain values: a value becomes a cell of its text, ``None`` an empty one."""
    return tuple(
        value if isinstance(value, Cell) else Cell("" if value is None else str(value)) for value in values
    )


def ref_ranges(numbers: tuple[int, ...]) -> list[tuple[int, int]]:
    """Runs of consecutive passage numbers, so a cell cites "P3–P5, P9": (3, 4, 5, 9) -> [(3, 5), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def ref_text(first: int, last: int) -> str:
    return f"P{first}" if first == last else f"P{first}–P{last}"


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: str = ""  # "lead", "note", "formula", "empty"


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    id: str = ""


@dataclass(frozen=True, slots=True)
class Facts:
    items: tuple[tuple[str, str], ...]
    kind: str = ""  # "rows": one label and value per row, for long values


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # columns of numbers, aligned to the end
    note: str = ""
    kind: str = ""  # a class for styling, e.g. "table-8-1"
    empty: str = ""  # said instead of an empty table


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str  # a complete <svg> element, all text escaped (mutuality.reports.charts)
    title: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Passages:
    """Numbered passages, each listed once in a report where it is first referred to."""

    items: tuple[tuple[int, Passage], ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A finding: a title, a tag such as "ch. 10, rec. 1", its reasons and the records behind them."""

    title: str
    tag: str = ""
    lines: tuple[str, ...] = ()
    detail_label: str = ""
    details: tuple[str, ...] = ()
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class EntryList:
    entries: tuple[Entry, ...]
    empty: str = ""


# Media a block or section can be kept to: "screen" is the web page, the HTML file and Markdown (every
# row, searchable, nothing to turn over); "print" is the PDF, where a programme of 500 partnerships
# shows its programme-level tables and one compact summary per partnership instead of a table per
# analysis with a row for each (hundreds of pages nobody turns over).
MEDIA = ("screen", "print")


@dataclass(frozen=True, slots=True)
class Only:
    """Blocks shown in one medium only (:data:`MEDIA`), e.g. the long per-partnership tables on screen."""

    media: str
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        if self.media not in MEDIA:
            raise ValueError(f"unknown medium {self.media!r}; known: {', '.join(MEDIA)}")


Block = Paragraph | Heading | Facts | Table | Chart | EntryList | Passages | Only


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    media: str = ""  # "" for every medium, else one of MEDIA

    def shown_in(self, medium: str) -> bool:
        return not self.media or self.media == medium

    def add(self, *blocks: Block | None) -> Section:
        self.blocks.extend(b for b in blocks if b is not None)
        return self


@dataclass
class Report:
    kind: str  # "partnership" or "programme"
    title: str
    subtitle: str
    sections: list[Section]
    key: str = ""  # the partnership's key (partnership reports)
    generated: dt.datetime = field(default_factory=dt.datetime.now)
    language: str = "en"
    bidi: bool = False
