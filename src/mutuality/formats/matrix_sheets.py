"""The analysis tables as spreadsheets: the code matrix (CSV, XLSX) and the framework matrix (XLSX).

Every cell goes through :func:`~mutuality.formats.cells.safe_cell`, so text a respondent said that
starts like a formula stays text in Excel.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext, ngettext

from mutuality.evidence.framework_matrix import Cell
from mutuality.evidence.matrix import Matrix
from mutuality.evidence.models import Code
from mutuality.formats.cells import safe_cell
from mutuality.framework import vocabulary


def matrix_csv(matrix: Matrix) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([safe_cell(value) for value in row] for row in matrix.as_rows())
    return buffer.getvalue()


def matrix_xlsx(matrix: Matrix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = str(gettext("Matrix"))[:31]
    for row in matrix.as_rows():
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def grid_xlsx(grid: list[list[Cell]], codes: list[Code]) -> bytes:
    """The grid as a workbook: the analyst's cells on one sheet, the passages behind them on another."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = gettext("Framework matrix")[:31]
    sheet.append([safe_cell(value) for value in (gettext("Case"), *[code.name for code in codes])])
    for heading in sheet[1]:
        heading.font = Font(bold=True)
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
        for sheet_cell in column:
            sheet_cell.alignment = Alignment(wrap_text=True, vertical="top")
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
