"""A project's Sustainable Development Goals and targets through data files and spreadsheets.

They came after files and sheets were written without them, so leaving them out keeps what is
stored, while an empty list (or an emptied cell of a sheet that has the column) empties them.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from mutuality.formats import spreadsheets
from mutuality.formats.data_export import export_document
from mutuality.formats.data_load import load_files
from mutuality.formats.problems import DataFileError
from mutuality.formats.spreadsheets import import_spreadsheet
from mutuality.partnerships.models import Project
from tests.formats.datasets import VALID_DATASET, assert_nothing_saved, variant, write

pytestmark = pytest.mark.django_db

GOALS = "        sdgs: [sdg_11, sdg_16]\n"
TARGETS = '        sdg_targets: ["16.7"]\n'


def project() -> Project:
    return Project.objects.get(key="youth-participation")


def exported_project() -> dict:
    return export_document()["partnerships"][0]["projects"][0]


def load_text(tmp_path, text: str, name: str = "data.yaml") -> None:
    load_files([write(tmp_path, text, name)])


def problems(tmp_path, text: str) -> list[tuple[str | None, str]]:
    with pytest.raises(DataFileError) as error:
        load_files([write(tmp_path, text)])
    return [(problem.field, problem.message) for problem in error.value.problems]


# --- the data format ---------------------------------------------------------------------------


def test_goals_and_targets_are_loaded_and_exported_as_written(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    assert (project().sdgs, project().sdg_targets) == (["sdg_11", "sdg_16"], ["16.7"])
    record = exported_project()
    assert (record["sdgs"], record["sdg_targets"]) == (["sdg_11", "sdg_16"], ["16.7"])


def test_a_project_without_goals_exports_no_line_for_them(tmp_path):
    load_text(tmp_path, variant(GOALS + TARGETS, ""))
    assert project().sdgs == [] and project().sdg_targets == []
    assert "sdgs" not in exported_project() and "sdg_targets" not in exported_project()


def test_a_file_written_before_the_goals_keeps_them_and_an_empty_list_empties_them(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    load_text(tmp_path, variant(GOALS + TARGETS, ""), "older.yaml")
    assert project().sdgs == ["sdg_11", "sdg_16"] and project().sdg_targets == ["16.7"]
    load_text(
        tmp_path, variant(GOALS + TARGETS, "        sdgs: []\n        sdg_targets: []\n"), "emptied.yaml"
    )
    assert project().sdgs == [] and project().sdg_targets == []


@pytest.mark.parametrize(
    ("written", "field", "says"),
    [
        ("        sdgs: [sdg_18]\n", "sdgs", "unknown sdg 'sdg_18'"),
        ("        sdgs: [sdg_11, sdg_11]\n", "sdgs", "listed twice"),
        (
            '        sdgs: [sdg_11]\n        sdg_targets: ["11.9"]\n',
            "sdg_targets",
            "not a target of the 2030 Agenda",
        ),
        ("        sdgs: [sdg_16]\n        sdg_targets: [16.10]\n", "sdg_targets", "in quotes"),
        (
            '        sdgs: [sdg_16]\n        sdg_targets: "16.7"\n',
            "sdg_targets",
            "expected a list of SDG targets",
        ),
        ('        sdgs: [sdg_16]\n        sdg_targets: ["11.6"]\n', "sdg_targets", "belongs to its goal"),
    ],
)
def test_a_wrong_goal_or_target_is_refused_at_its_field_and_nothing_is_saved(tmp_path, written, field, says):
    found = problems(tmp_path, variant(GOALS + TARGETS, written))
    assert found[0][0] == field and says in found[0][1], found  # then the records naming the project
    assert_nothing_saved()


# --- spreadsheets ------------------------------------------------------------------------------


def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(spreadsheets.export_rows())))


def saved(book: openpyxl.Workbook) -> bytes:
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def cells(sheet, row: int = 3) -> dict[str, object]:
    return {header.value: sheet.cell(row=row, column=header.column).value for header in sheet[1]}


def set_cell(sheet, name: str, value: object, row: int = 3) -> None:
    column = next(header.column for header in sheet[1] if header.value == name)
    sheet.cell(row=row, column=column).value = value  # cell(value=None) would leave the cell as it is


def test_a_sheet_lists_goals_and_targets_and_explains_them(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    sheet = workbook()["projects"]
    assert cells(sheet)["sdgs"] == "sdg_11; sdg_16" and cells(sheet)["sdg_targets"] == "16.7"
    assert "sdg keys separated by ;" in cells(sheet, 2)["sdgs"]
    assert "11.6; 11.b" in cells(sheet, 2)["sdg_targets"]


def test_goals_and_targets_typed_in_a_sheet_are_imported(tmp_path):
    load_text(tmp_path, variant(GOALS + TARGETS, ""))
    book = workbook()
    set_cell(book["projects"], "sdgs", "sdg_11; sdg_4")
    set_cell(book["projects"], "sdg_targets", "11.3; 4.7")
    summary = import_spreadsheet(saved(book), "edited.xlsx")
    assert summary.updated["projects"] == 1
    assert (project().sdgs, project().sdg_targets) == (["sdg_11", "sdg_4"], ["11.3", "4.7"])


def test_an_emptied_cell_empties_the_goals_and_a_sheet_without_the_columns_keeps_them(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    book = workbook()
    sheet = book["projects"]
    for name in ("sdg_targets", "sdgs"):  # a sheet made before the columns existed
        sheet.delete_cols(next(h.column for h in sheet[1] if h.value == name))
    import_spreadsheet(saved(book), "older.xlsx")
    assert project().sdgs == ["sdg_11", "sdg_16"] and project().sdg_targets == ["16.7"]
    book = workbook()
    set_cell(book["projects"], "sdgs", None)
    set_cell(book["projects"], "sdg_targets", None)
    import_spreadsheet(saved(book), "emptied.xlsx")
    assert project().sdgs == [] and project().sdg_targets == []


def test_a_target_that_does_not_exist_is_refused_at_its_cell(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    book = workbook()
    set_cell(book["projects"], "sdg_targets", "16.7; 16.13")
    with pytest.raises(spreadsheets.SpreadsheetError) as error:
        import_spreadsheet(saved(book), "edited.xlsx")
    [problem] = error.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("projects", 3, "sdg_targets")
    assert "16.13" in problem.message
    assert project().sdg_targets == ["16.7"]
