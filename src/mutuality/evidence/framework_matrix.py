"""The framework matrix: cases × framework codes, the analyst's summary beside its evidence.

Rows are cases — partnerships, or the sides of partnerships — and columns
are codes (by default the six dimensions of mutual learning). A cell holds
what the analyst wrote (:class:`FrameworkCell`) and the coded passages that
belong to that case and code, fetched live so the grid follows the coding.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext, ngettext

from mutuality.evidence.codebook import descendants
from mutuality.evidence.models import Code, Coding, FrameworkCell
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Partnership, Side
from mutuality.spreadsheet_cells import safe_cell


@dataclass
class Cell:
    case: Case
    code: Code
    note: FrameworkCell | None
    passages: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Case:
    partnership: Partnership
    side: Side | None

    @property
    def label(self) -> str:
        if self.side is None:
            return self.partnership.name
        return f"{self.partnership.name} — {self.side.municipality.name}"


def default_codes() -> list[Code]:
    terms = {t.key: i for i, t in enumerate(vocabulary("dimension"))}
    codes = Code.objects.filter(vocabulary="dimension").exclude(term="")
    return sorted(codes, key=lambda code: terms.get(code.term, 99))


def build(
    by_side: bool,
    codes: list[Code],
    partnerships: list[Partnership] | None = None,
    codings: QuerySet[Coding] | None = None,
) -> list[list[Cell]]:
    """One list of cells per case, in the order of ``codes``.

    ``codings`` are those the reader may see (default: all); ``partnerships``
    the cases (default: every partnership with passages or notes).
    """
    code_of = {}
    for code in codes:
        for pk in {code.pk} | descendants(code):
            code_of.setdefault(pk, code.pk)
    rows = (
        (Coding.objects.all() if codings is None else codings)
        .filter(code_id__in=code_of)
        .values_list(
            "pk",
            "code_id",
            "quote",
            "assessment",
            "factor_role",
            "concerns_side_id",
            "version__source__side_id",
            "version__source__key",
            "version__source_id",
            "version__source__title",
            "version__source__partnerships",
        )
        .order_by("version__source__title", "start")
    )
    found: dict[tuple[int, int | None, int], list[dict[str, Any]]] = {}
    for (
        pk,
        code_id,
        quote,
        assessment,
        role,
        concerns,
        source_side,
        key,
        source_id,
        title,
        partnership_id,
    ) in rows.iterator():
        passage = {
            "id": pk,
            "quote": quote,
            "assessment": assessment,
            "role": role,
            "source": key,
            "source_id": source_id,
            "title": title,
        }
        column = code_of[code_id]
        found.setdefault((partnership_id, None, column), []).append(passage)
        side_id = concerns or source_side
        if side_id:
            found.setdefault((partnership_id, side_id, column), []).append(passage)
    notes = {
        (n.partnership_id, n.side_id, n.code_id): n for n in FrameworkCell.objects.filter(code__in=codes)
    }
    if partnerships is None:
        used = {p for p, _s, _c in found} | {p for p, _s, _c in notes}
        partnerships = list(Partnership.objects.filter(pk__in=used).prefetch_related("sides__municipality"))
    cases = [Case(p, side) for p in partnerships for side in (list(p.sides.all()) if by_side else [None])]
    grid = []
    for case in cases:
        side_id = case.side.pk if case.side else None
        grid.append(
            [
                Cell(
                    case,
                    code,
                    notes.get((case.partnership.pk, side_id, code.pk)),
                    found.get((case.partnership.pk, side_id, code.pk), []),
                )
                for code in codes
            ]
        )
    return grid


def grid_xlsx(grid: list[list[Cell]], codes: list[Code]) -> bytes:
    """The grid as a workbook: the analyst's cells on one sheet, the passages behind them on another."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Framework matrix")[:31]
    sheet.append([safe_cell(value) for value in (gettext("Case"), *[code.name for code in codes])])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in grid:
        values = [safe_cell(row[0].case.label) if row else ""]
        for cell in row:
            assessment = (
                vocabulary("assessment")[cell.note.assessment].label
                if cell.note and cell.note.assessment
                else ""
            )
            summary = cell.note.summary if cell.note else ""
            count = ngettext("%(count)s passage", "%(count)s passages", len(cell.passages)) % {
                "count": len(cell.passages)
            }
            values.append(safe_cell("\n".join(part for part in (assessment, summary, count) if part)))
        sheet.append(values)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    evidence = workbook.create_sheet(gettext("Passages")[:31])
    evidence.append(
        [
            gettext("Case"),
            gettext("Code"),
            gettext("Source"),
            gettext("Assessment"),
            gettext("Role"),
            gettext("Passage"),
        ]
    )
    for row in grid:
        for cell in row:
            for passage in cell.passages:
                evidence.append(
                    [
                        safe_cell(v)
                        for v in (
                            cell.case.label,
                            cell.code.name,
                            passage["title"],
                            passage["assessment"],
                            passage["role"],
                            passage["quote"],
                        )
                    ]
                )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
