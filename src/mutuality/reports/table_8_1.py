"""Table 8.1 in a report: how much each dimension of mutual learning mattered, context by context.

Both reports have this section; they differ only in the contexts they compare (a partnership: all
its evidence and each side's learning; a programme: subjects, project types, countries and support
programmes), in how many rows the heat map keeps, and in how much of the analysts' framework matrix
the PDF can hold. So one builder serves both, told which it is building.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.analysis import dimensions
from mutuality.analysis.dataset import Dataset, Partnership
from mutuality.datasets import AnalystCell, MatrixCode, ReportData
from mutuality.reports.blocks import Block, Cell, Chart, Heading, Only, Paragraph, Section, Table, row
from mutuality.reports.labels import (
    LEVELS,
    context_label,
    context_text,
    contradiction_text,
    counts_text,
    dimension_label,
    family_label,
    level_label,
    roles_text,
    side_name,
    term,
)
from mutuality.reports.passages import PassageNumbers
from mutuality.reports.section_charts import heat_map

__all__ = ["PARTNERSHIP_CONTEXTS", "PROGRAMME_CONTEXTS", "assessment_cells", "dimensions_section"]

# The contexts of Table 8.1. In one partnership every coding has the
# partnership's subjects, so the contexts that tell codings apart are the
# side whose learning a passage concerns; across a programme they are the
# subjects, the project types on each country's side, the countries, and the
# support programmes behind the projects (Table 8.1: "support programmes
# provided funds").
PARTNERSHIP_CONTEXTS: tuple[Any, ...] = ("all", "side")
PROGRAMME_CONTEXTS: tuple[Any, ...] = ("subject", ("project_type", "country"), "country", "programme")


def dimensions_section(
    data: ReportData,
    table: dimensions.DimensionTable,
    partnerships: Sequence[Partnership],
    passages: PassageNumbers,
    *,
    intro: str,
    heat_rows_per_family: int,
    programme: bool,
) -> Section:
    """The levels by context (heat map and table), each dimension's contexts with their passages, and
    the analysts' own framework matrix of ``partnerships`` to close."""
    section = Section("dimensions", _("Dimensions of mutual learning (Table 8.1)"))
    section.add(Paragraph(intro), _rule_note())
    if not table.cells:
        section.add(
            Paragraph(_("No passage has been coded with a dimension of mutual learning yet."), "empty")
        )
    else:
        dataset = data.dataset
        section.add(
            Chart(heat_map(dataset, table, heat_rows_per_family), _("Dimensions by context"), "heat-map")
        )
        section.add(_levels_table(dataset, table), _contradictions_note(table))
        for dimension in table.dimensions:
            section.add(*_dimension_contexts(dataset, table, dimension, passages))
    return section.add(*_analyst_matrix(data, partnerships, programme=programme))


def assessment_cells(cell: dimensions.DimensionCell, passages: PassageNumbers) -> tuple[Cell, ...]:
    """A context's level (flagged when its evidence contradicts itself), its counts and its passages."""
    count = len(cell.codings)
    return (
        Cell(level_label(cell.level), level=cell.level, flag=contradiction_text(cell.contradictions)),
        Cell(counts_text(cell.counts)),
        Cell(roles_text(cell.roles)),
        passages.cell(
            ngettext("%(count)d passage", "%(count)d passages", count) % {"count": count}, cell.codings
        ),
    )


def _rule_note() -> Paragraph:
    return Paragraph(
        _(
            "Rule: in each context the level is the assessment given by most codings of the dimension; "
            "when two assessments are given equally often the level is “mixed”. Counts are always shown "
            "beside the level. Evidence that contradicts itself — both strong and limited, or both "
            "enabling and limiting — is marked, never averaged away. Codings without an assessment are "
            "counted but set no level."
        ),
        kind="note",
    )


def _levels_table(dataset: Dataset, table: dimensions.DimensionTable) -> Table:
    """A row per dimension, a column per level: the contexts at that level, by family."""
    by_dimension: dict[str, dict[str, list[dimensions.DimensionCell]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for cell in table.cells:
        if cell.level is not None:
            by_dimension[cell.dimension][cell.level].append(cell)
    rows = []
    for dimension in table.dimensions:
        by_level = by_dimension.get(dimension, {})
        cells = [Cell(dimension_label(dimension))]
        for level in LEVELS:
            items = _contexts_by_family(dataset, by_level.get(level, []))
            cells.append(Cell(items=items, level=level if items else None))
        rows.append(tuple(cells))
    return Table(
        (_("Dimension"), *(level_label(level) for level in LEVELS)),
        tuple(rows),
        caption=_("Importance of each dimension, by context"),
        kind="table-8-1",
        note=_(
            "▲ contradicting evidence: the passages of this context include both strong and limited, or both enabling and limiting, codings."
        ),
    )


def _contexts_by_family(dataset: Dataset, cells: Sequence[dimensions.DimensionCell]) -> tuple[str, ...]:
    """ "Subject: fire safety ▲, waste", a line per family of contexts; ▲ marks contradicting evidence."""
    names: dict[str, list[str]] = defaultdict(list)
    for cell in cells:
        name = context_label(dataset, cell.family, cell.context) if cell.family != "all" else ""
        names[cell.family].append(
            " ".join(part for part in (name, "▲" if cell.contradictory else "") if part)
        )
    return tuple(
        (family_label(family) + (": " if family != "all" else " ") + ", ".join(found)).rstrip()
        for family, found in names.items()
    )


def _contradictions_note(table: dimensions.DimensionTable) -> Paragraph | None:
    count = len(table.contradictions)
    if not count:
        return None
    return Paragraph(
        ngettext(
            "%(count)d context has contradicting evidence; its passages are listed below, dimension by dimension.",
            "%(count)d contexts have contradicting evidence; their passages are listed below, dimension by dimension.",
            count,
        )
        % {"count": count},
        kind="note",
    )


def _dimension_contexts(
    dataset: Dataset, table: dimensions.DimensionTable, dimension: str, passages: PassageNumbers
) -> list[Block | None]:
    """One dimension: every context with its level, counts and passages, then the passages it cites."""
    cells = [cell for cell in table.cells if cell.dimension == dimension]
    if not cells:
        return []
    rows = tuple(
        row(context_text(dataset, cell.family, cell.context), *assessment_cells(cell, passages))
        for cell in cells
    )
    headers = (_("Context"), _("Level"), _("Codings by assessment"), _("Enabling / limiting"), _("Passages"))
    return [
        Heading(dimension_label(dimension), id=f"dimension-{dimension}"),
        Table(headers, rows, kind="dimension-cells"),
        passages.listing(),
    ]


# --- the analysts' framework matrix ----------------------------------------------------------------


def _analyst_matrix(data: ReportData, partnerships: Sequence[Partnership], *, programme: bool) -> list[Block]:
    """The analysts' framework matrix of these partnerships, as the closing part of the Table 8.1 section.

    Rows are the partnerships and sides with at least one cell an analyst wrote, columns the codes with
    one; each cell gives the analyst's assessment and summary and the coded passages behind it, counted
    as the framework-matrix page counts them. In a programme report the table is for the screen (the
    PDF says where to find it), like the other tables with a row per partnership or side.
    """
    keys = {partnership.key for partnership in partnerships}
    written = [cell for cell in data.framework_cells if cell.partnership in keys]
    heading = Heading(_("Analysts' framework matrix"), id="analysts-framework-matrix")
    if not written:
        return [heading, Paragraph(_analyst_matrix_empty(programme), "empty")]
    note = Paragraph(
        _(
            "The analysts' own judgement, written on the framework-matrix page: for each case (the "
            "partnership, or one of its sides) and code, an assessment and a summary, with the number of "
            "coded passages behind the cell. The levels above are counted from the codings; these are "
            "written by the analysts and may differ from them."
        ),
        "note",
    )
    table = _analyst_table(data, partnerships, written, programme=programme)
    if not programme:
        return [heading, note, table]
    return [
        heading,
        note,
        Only("screen", (table,)),
        Only("print", (_analyst_matrix_elsewhere(len(written)),)),
    ]


def _analyst_matrix_empty(programme: bool) -> str:
    if programme:
        return _("No analyst has written a cell of the framework matrix for these partnerships yet.")
    return _("No analyst has written a cell of the framework matrix for this partnership yet.")


def _analyst_matrix_elsewhere(count: int) -> Paragraph:
    return Paragraph(
        ngettext(
            "Analysts have written %(count)d cell of the framework matrix; the matrix is in the HTML "
            "version of this report and in each partnership's own report.",
            "Analysts have written %(count)d cells of the framework matrix; the matrix is in the "
            "HTML version of this report and in each partnership's own report.",
            count,
        )
        % {"count": count},
        "note",
    )


def _analyst_table(
    data: ReportData, partnerships: Sequence[Partnership], written: Sequence[AnalystCell], *, programme: bool
) -> Table:
    """A row per case with a written cell: in a programme partnership and side apart, else the case alone."""
    used = {cell.code for cell in written}
    columns = [code for code in data.framework_codes if code.key in used]
    by_case = {(cell.partnership, cell.side, cell.code): cell for cell in written}
    rows = []
    for partnership in partnerships:
        for side in (None, *partnership.sides):
            if not any((partnership.key, side, code.key) in by_case for code in columns):
                continue
            values = [_analyst_cell(by_case.get((partnership.key, side, code.key))) for code in columns]
            rows.append((*_case_cells(data.dataset, partnership, side, programme=programme), *values))
    headers = (_("Partnership"), _("Side")) if programme else (_("Case"),)
    return Table(
        (*headers, *(_matrix_code_label(code) for code in columns)),
        tuple(rows),
        caption=_("Analysts' assessments and summaries by case and code"),
        kind="analyst-matrix",
    )


def _case_cells(
    dataset: Dataset, partnership: Partnership, side: str | None, *, programme: bool
) -> tuple[Cell, ...]:
    if programme:
        where = side_name(dataset, partnership, side) if side else _("whole partnership")
        return Cell(partnership.name), Cell(where)
    return (Cell(side_name(dataset, partnership, side) if side else partnership.name),)


def _matrix_code_label(code: MatrixCode) -> str:
    """A column's heading: a framework code by its (translated) name, as on the framework-matrix page;
    a researcher's own code by its path (the names of framework codes on it translated)."""
    if code.framework:
        return _(code.names[-1])
    return " / ".join(_(name) for name in code.names)


def _analyst_cell(cell: AnalystCell | None) -> Cell:
    if cell is None:
        return Cell("—")
    count = ngettext("%(count)d coded passage", "%(count)d coded passages", cell.passages) % {
        "count": cell.passages
    }
    paragraphs = tuple(line.strip() for line in cell.summary.splitlines() if line.strip())
    return Cell(
        term("assessment", cell.assessment), level=cell.assessment or None, items=paragraphs, note=count
    )
