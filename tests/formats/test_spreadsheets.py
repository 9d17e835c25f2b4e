"""Spreadsheets: templates with drop-downs, exports that import back, and imports that check everything first.

Every workbook here is a real file written with openpyxl; nothing is mocked.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import column_index_from_string, get_column_letter
from typer.testing import CliRunner

from mutuality.cli import app
from mutuality.formats import spreadsheets
from mutuality.formats.data_export import export_document
from mutuality.formats.data_load import load_files
from mutuality.formats.sheetfiles import MAX_FILE_BYTES, SpreadsheetError
from mutuality.formats.spreadsheets import TABLES, import_spreadsheet
from mutuality.framework import vocabulary
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    LearningOutcome,
    Municipality,
    Partnership,
    SupportProgramme,
)
from tests.formats.datasets import VALID_DATASET, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])


def export_xlsx(partnerships=None) -> bytes:
    return spreadsheets.xlsx_bytes(spreadsheets.export_rows(partnerships))


def template_xlsx() -> bytes:
    return spreadsheets.xlsx_bytes(spreadsheets.template_rows())


def opened(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def saved(workbook: openpyxl.Workbook) -> bytes:
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def column(sheet, name: str) -> str:
    """The letter of the column whose header is ``name``."""
    for cell in sheet[1]:
        if cell.value == name:
            return cell.column_letter
    raise AssertionError(f"no column {name} on {sheet.title}")


def set_row(sheet, row: int, values: dict) -> None:
    for name, value in values.items():
        sheet[f"{column(sheet, name)}{row}"] = value


def row_of(sheet, key: str) -> int:
    letter = column(sheet, "key")
    for cell in sheet[letter]:
        if cell.value == key:
            return cell.row
    raise AssertionError(key)


def refused(data: bytes, filename: str = "edited.xlsx") -> SpreadsheetError:
    before = export_document()
    with pytest.raises(SpreadsheetError) as error:
        import_spreadsheet(data, filename)
    assert export_document() == before, "something was written"
    return error.value


def places(error: SpreadsheetError) -> set[tuple]:
    return {(p.sheet, p.row, p.column) for p in error.problems}


# --- templates ---------------------------------------------------------------------------------


def test_the_template_has_a_sheet_per_table_with_the_fields_and_their_explanations():
    workbook = opened(template_xlsx())
    assert workbook.sheetnames == [table.name for table in TABLES] + ["vocabulary"]
    for table in TABLES:
        sheet = workbook[table.name]
        assert [cell.value for cell in sheet[1]] == table.columns
        explanations = [cell.value for cell in sheet[2]]
        assert explanations[0].startswith("#")
        assert all(explanations)
        assert sheet.max_row == 2
    actors = workbook["actors"]
    assert "separated by ;" in actors[f"{column(actors, 'roles')}2"].value
    exchanges = workbook["exchanges"]
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in exchanges[f"{column(exchanges, 'start')}2"].value


def test_the_template_offers_a_drop_down_for_every_vocabulary_column():
    workbook = opened(template_xlsx())
    keys = workbook["vocabulary"]
    assert keys.sheet_state == "hidden"
    checked = 0
    for table in TABLES:
        sheet = workbook[table.name]
        for field in table.fields:
            if not field.vocab:
                continue
            letter = column(sheet, field.name)
            found = [
                dv
                for dv in sheet.data_validations.dataValidation
                if f"{letter}3:{letter}1048576" in str(dv.sqref)
            ]
            assert len(found) == 1, (table.name, field.name)
            assert found[0].type == "list"
            match = re.fullmatch(r"vocabulary!\$([A-Z]+)\$2:\$\1\$(\d+)", found[0].formula1)
            assert match, found[0].formula1
            key_column = column_index_from_string(match.group(1))
            listed = [
                keys.cell(row=row, column=key_column).value for row in range(2, int(match.group(2)) + 1)
            ]
            assert keys.cell(row=1, column=key_column).value == field.vocab
            assert listed == vocabulary(field.vocab).keys()
            labels = [
                keys.cell(row=row, column=key_column + 1).value for row in range(2, int(match.group(2)) + 1)
            ]
            assert labels == [term.label for term in vocabulary(field.vocab)]
            checked += 1
    assert checked == sum(1 for table in TABLES for field in table.fields if field.vocab) >= 20


def test_an_empty_template_imports_as_nothing():
    assert str(import_spreadsheet(template_xlsx(), "template.xlsx")) == "nothing to load"


# --- round trips ---------------------------------------------------------------------------------


def test_an_unchanged_export_imports_back_without_changing_anything(dataset):
    before = export_document()
    summary = import_spreadsheet(export_xlsx(), "export.xlsx")
    assert str(summary) == "nothing to load"
    assert export_document() == before


def test_an_edited_xlsx_export_imports_back_with_the_changes(dataset):
    workbook = opened(export_xlsx())
    actors = workbook["actors"]
    actors[f"{column(actors, 'name')}{row_of(actors, 'berkane-municipality')}"] = "Commune de Berkane"
    exchanges = workbook["exchanges"]
    row = row_of(exchanges, "2008-visit-to-zeist")
    set_row(exchanges, row, {"start": "2008-04-12", "end": "2008-04-19"})
    learning = workbook["learning_outcomes"]
    set_row(
        learning,
        learning.max_row + 1,
        {
            "partnership": "zeist-berkane",
            "key": "zeist-waste",
            "side": "zeist",
            "learned_from": "berkane",
            "exchange": "2008-visit-to-zeist",
            "description": "Reuse of building waste",
            "form": "transfer",
            "skills": "process; factual",
            "intended": "true",
        },
    )
    summary = import_spreadsheet(saved(workbook), "export.xlsx")
    assert summary.created["learning_outcomes"] == 1
    assert summary.updated["actors"] == 1 and summary.updated["exchanges"] == 1
    assert Actor.objects.get(key="berkane-municipality").name == "Commune de Berkane"
    visit = Exchange.objects.get(key="2008-visit-to-zeist")
    assert (str(visit.start_date), visit.date_precision) == ("2008-04-12", "day")
    assert (
        visit.participations.count() == 2 and visit.knowledge_flows.count() == 2
    )  # kept: they have no sheet
    added = LearningOutcome.objects.get(key="zeist-waste")
    assert added.skills == ["process", "factual"] and added.intended and added.exchange == visit


def test_a_learning_flag_left_blank_is_not_known_and_yes_or_no_is_recorded(dataset):
    workbook = opened(export_xlsx())
    learning = workbook["learning_outcomes"]
    # an export leaves a flag not known blank, and explains the column so
    zeist = row_of(learning, "zeist-moroccan-youth")
    assert learning[f"{column(learning, 'recognised')}{zeist}"].value == "true"
    assert learning[f"{column(learning, 'intended')}{zeist}"].value is None
    assert "empty when not known" in learning[f"{column(learning, 'intended')}2"].value
    base = {"partnership": "zeist-berkane", "side": "zeist", "description": "Reuse", "form": "transfer"}
    set_row(learning, learning.max_row + 1, base | {"key": "blank"})
    set_row(learning, learning.max_row + 1, base | {"key": "answered", "recognised": "no", "intended": "yes"})
    summary = import_spreadsheet(saved(workbook), "export.xlsx")
    assert summary.created["learning_outcomes"] == 2 and not summary.updated["learning_outcomes"]
    blank, answered = LearningOutcome.objects.get(key="blank"), LearningOutcome.objects.get(key="answered")
    assert (blank.recognised, blank.intended, blank.institutionalised) == (None, None, None)
    assert (answered.recognised, answered.intended, answered.implemented) == (False, True, None)
    # and the blank flags go out blank again
    table = spreadsheets.TABLE_BY_NAME["learning_outcomes"]
    [row] = [
        r for r in spreadsheets.export_rows()["learning_outcomes"] if r[table.columns.index("key")] == "blank"
    ]
    assert row[table.columns.index("recognised")] is None and row[table.columns.index("intended")] is None


def test_an_export_rebuilds_an_emptied_database(dataset):
    before = export_document()
    data = export_xlsx()
    Partnership.objects.all().delete()
    Municipality.objects.all().delete()
    SupportProgramme.objects.all().delete()
    import_spreadsheet(data, "export.xlsx")
    after = export_document()
    for document in (before, after):
        for exchange in document["partnerships"][0]["exchanges"]:
            exchange["participants"] = exchange["knowledge"] = []  # no sheet for these
    assert after == before


def test_text_that_looks_like_a_formula_is_written_defused_and_read_back_unchanged(dataset):
    Actor.objects.filter(key="berkane-municipality").update(description='=HYPERLINK("http://x")')
    workbook = opened(export_xlsx())
    actors = workbook["actors"]
    cell = actors[f"{column(actors, 'description')}{row_of(actors, 'berkane-municipality')}"]
    assert cell.value == '\'=HYPERLINK("http://x")' and cell.data_type == "s"
    before = export_document()
    import_spreadsheet(saved(workbook), "export.xlsx")
    assert export_document() == before


def csv_files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def test_a_csv_round_trip_works_per_table_and_as_a_zip(dataset):
    before = export_document()
    files = csv_files(spreadsheets.csv_zip_bytes(spreadsheets.export_rows()))
    assert sorted(files) == sorted(f"{table.name}.csv" for table in TABLES)
    assert str(import_spreadsheet(spreadsheets.csv_zip_bytes(spreadsheets.export_rows()), "all.zip")) == (
        "nothing to load"
    )
    assert export_document() == before
    rows = list(csv.reader(io.StringIO(files["projects.csv"])))
    header = rows[0]
    project = rows[2]
    project[header.index("name")] = "Youth participation in Berkane"
    project[header.index("types")] = "local_governance; integration"
    text = "\ufeff" + "\r\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\r\n"
    summary = import_spreadsheet(text.encode("utf-8"), "mutuality-projects.csv")
    assert summary.updated["projects"] == 1
    document = export_document()
    project_record = document["partnerships"][0]["projects"][0]
    assert project_record["name"] == "Youth participation in Berkane"
    assert project_record["types"] == ["local_governance", "integration"]


def test_a_csv_saved_with_semicolons_by_a_european_excel_is_read(dataset):
    text = (
        "key;name;country;region;population;population_year;migration_role;source\r\n"
        "oujda;Oujda;MA;;494252;2014;source;\r\n"
    )
    import_spreadsheet(text.encode("cp1252").decode("cp1252").encode("utf-8"), "municipalities.csv")
    oujda = Municipality.objects.get(key="oujda")
    assert (oujda.population, oujda.population_year, oujda.migration_role) == (494252, 2014, "source")


def test_the_command_line_imports_and_exports(dataset, tmp_path):
    target = tmp_path / "all.xlsx"
    result = CliRunner().invoke(app, ["export-sheet", str(target)])
    assert result.exit_code == 0, result.output
    workbook = opened(target.read_bytes())
    actors = workbook["actors"]
    actors[f"{column(actors, 'name')}{row_of(actors, 'berkane-municipality')}"] = "Commune"
    target.write_bytes(saved(workbook))
    result = CliRunner().invoke(app, ["import-sheet", str(target)])
    assert result.exit_code == 0, result.output
    assert "actors: 0 new, 1 updated" in result.output
    assert Actor.objects.get(key="berkane-municipality").name == "Commune"
    actors[f"{column(actors, 'type')}{row_of(actors, 'berkane-municipality')}"] = "council"
    target.write_bytes(saved(workbook))
    result = CliRunner().invoke(app, ["import-sheet", str(target)])
    assert result.exit_code == 1
    assert "actors, row 3, column F (type): unknown actor_type 'council'" in result.output
    template = tmp_path / "template.zip"
    assert CliRunner().invoke(app, ["export-sheet", "--template", str(template)]).exit_code == 0
    assert all(len(text.splitlines()) == 2 for text in csv_files(template.read_bytes()).values())


# --- problems: every one, located ------------------------------------------------------------------


def test_a_spreadsheet_with_five_errors_lists_all_five_with_sheet_row_and_column(dataset):
    workbook = opened(template_xlsx())
    base = {"partnership": "zeist-berkane"}
    set_row(
        workbook["actors"],
        3,
        {**base, "key": "zeist-mayor", "side": "zeist", "name": "Mayor", "type": "mayorr"},
    )
    set_row(
        workbook["actors"],
        4,
        {
            **base,
            "key": "berkane-ngo",
            "side": "berkane",
            "name": "NGO",
            "type": "ngo",
            "migrant_background": "perhaps",
        },
    )
    set_row(
        workbook["projects"],
        3,
        {**base, "key": "waste", "name": "Waste", "types": "local_governance", "start_year": "soon"},
    )
    set_row(
        workbook["exchanges"],
        3,
        {**base, "key": "visit-2009", "title": "Visit", "start": "=TODAY()", "method": "field_visit"},
    )
    set_row(
        workbook["resources"],
        3,
        {**base, "key": "staff-time", "side": "berkane", "amount": 10, "unit": "days"},
    )
    error = refused(saved(workbook))
    assert places(error) == {
        ("actors", 3, "type"),
        ("actors", 4, "migrant_background"),
        ("projects", 3, "start_year"),
        ("exchanges", 3, "start"),
        ("resources", 3, "kind"),
    }, str(error)
    text = str(error)
    assert "5 problems found, nothing was imported" in text
    assert "actors, row 3, column F (type): unknown actor_type 'mayorr'; allowed: local_government" in text
    assert "actors, row 4, column H (migrant_background): expected true or false, not 'perhaps'" in text
    assert "projects, row 3, column G (start_year): expected a year such as 2008, not 'soon'" in text
    assert "exchanges, row 3, column E (start): formulas are not allowed" in text
    assert "resources, row 3, column G (kind): is required" in text


def test_wrong_headers_unknown_sheets_duplicates_and_missing_partnerships_are_reported(dataset):
    workbook = opened(template_xlsx())
    workbook["actors"]["K1"] = "colour"
    workbook.create_sheet("notes")["A1"] = "anything"
    projects = workbook["projects"]
    for row in (3, 5):
        set_row(
            projects,
            row,
            {"partnership": "zeist-berkane", "key": "same", "name": "P", "types": "local_governance"},
        )
    set_row(projects, 6, {"partnership": "no-such", "key": "other", "name": "P", "types": "local_governance"})
    error = refused(saved(workbook))
    assert places(error) == {
        ("actors", 1, None),
        ("notes", None, None),
        ("projects", 5, "key"),
        ("projects", 6, "partnership"),
    }, str(error)
    assert "actors, row 1, column K: unknown column 'colour'" in str(error)
    assert "'same' is used twice (first in row 3)" in str(error)


def test_a_row_referring_to_a_row_with_a_problem_is_not_reported_again(dataset):
    workbook = opened(template_xlsx())
    base = {"partnership": "zeist-berkane"}
    set_row(
        workbook["actors"], 3, {**base, "key": "mayor", "side": "zeist", "name": "Mayor", "type": "mayorr"}
    )
    set_row(
        workbook["resources"],
        3,
        {**base, "key": "time", "side": "zeist", "actor": "mayor", "kind": "staff_time"},
    )
    assert places(refused(saved(workbook))) == {("actors", 3, "type")}


def test_wrong_cell_types_are_refused(dataset):
    import datetime as dt

    workbook = opened(template_xlsx())
    set_row(
        workbook["exchanges"],
        3,
        {
            "partnership": "zeist-berkane",
            "key": "v",
            "title": "V",
            "start": dt.datetime(2009, 5, 1),
            "method": "field_visit",
        },
    )
    set_row(
        workbook["municipalities"], 3, {"key": "oujda", "name": "Oujda", "country": "MA", "population": -3}
    )
    set_row(workbook["support_programmes"], 3, {"key": "x", "name": True})
    error = refused(saved(workbook))
    assert places(error) == {
        ("exchanges", 3, "start"),
        ("municipalities", 3, "population"),
        ("support_programmes", 3, "name"),
    }, str(error)
    assert "type the date as text" in str(error)


# --- unsafe files ----------------------------------------------------------------------------------


def test_a_formula_cell_is_refused_and_nothing_written(dataset):
    workbook = opened(export_xlsx())
    actors = workbook["actors"]
    actors[f"{column(actors, 'name')}{row_of(actors, 'berkane-municipality')}"] = (
        '=HYPERLINK("http://evil", "x")'
    )
    actors[f"{column(actors, 'description')}{row_of(actors, 'zeist-international-desk')}"] = "Changed"
    error = refused(saved(workbook))
    assert places(error) == {("actors", 3, "name")}
    assert "formulas are not allowed" in str(error)


def test_a_formula_in_a_csv_cell_is_refused(dataset):
    text = "key,name,funder,start_year,end_year,focus,source\r\nmatra,=1+2,,,,,\r\n"
    assert places(refused(text.encode(), "support_programmes.csv")) == {("support_programmes.csv", 2, "name")}


def test_merged_cells_are_refused_and_nothing_written(dataset):
    workbook = opened(export_xlsx())
    workbook["actors"].merge_cells("I3:J3")
    error = refused(saved(workbook))
    assert places(error) == {("actors", None, None)}
    assert "merged cells (I3:J3)" in str(error)


def zip_with(data: bytes, extra: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for name, content in extra.items():
            target.writestr(name, content)
    return stream.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(dataset):
    bomb = zip_with(export_xlsx(), {"xl/media/padding.bin": b"\0" * (50 * 1024 * 1024)})
    assert len(bomb) < MAX_FILE_BYTES
    error = refused(bomb)
    assert "zip bomb" in str(error)


def test_an_archive_that_unpacks_too_large_is_refused(dataset):
    import os

    padding = {f"xl/media/noise{i}.bin": os.urandom(1024 * 1024) for i in range(3)}
    data = zip_with(export_xlsx(), padding)
    from mutuality.formats import sheetfiles

    original = sheetfiles.MAX_UNPACKED_BYTES
    sheetfiles.MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    try:
        assert "unpacks to" in str(refused(data))
    finally:
        sheetfiles.MAX_UNPACKED_BYTES = original


def test_external_links_are_refused(dataset):
    link = b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    assert "external links" in str(
        refused(zip_with(export_xlsx(), {"xl/externalLinks/externalLink1.xml": link}))
    )
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject"'
        b' Target="file:///etc/passwd" TargetMode="External"/></Relationships>'
    )
    assert "external links" in str(
        refused(zip_with(export_xlsx(), {"xl/worksheets/_rels/sheet99.xml.rels": rels}))
    )


def test_files_that_are_not_spreadsheets_are_refused(dataset):
    assert "not a spreadsheet" in str(refused(b"%PDF-1.7 ...", "report.pdf"))
    assert "damaged" in str(refused(b"PK\x03\x04 not really a zip", "book.xlsx"))
    assert "not a spreadsheet" in str(refused(b"just text", "book.xlsx"))
    assert ".xls" in str(refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls"))
    assert "not UTF-8" in str(refused("naam;land\r\nHaarlem;NL\r\n".encode("utf-16"), "municipalities.csv"))
    assert "too large" in str(refused(b"a" * (MAX_FILE_BYTES + 1), "municipalities.csv"))
    zip_of_other = io.BytesIO()
    with zipfile.ZipFile(zip_of_other, "w") as archive:
        archive.writestr("run.exe", b"MZ")
    assert "only CSV files" in str(refused(zip_of_other.getvalue(), "tables.zip"))


def test_a_document_type_declaration_is_refused(dataset):
    data = export_xlsx()
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(stream, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/sharedStrings.xml" or item.filename == "xl/workbook.xml":
                content = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + content.split(b"?>", 1)[-1]
            target.writestr(item, content)
    assert "document type declaration" in str(refused(stream.getvalue()))


# --- damaged input: our error or a clean import, never anything else -----------------------------

DAMAGE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def import_or_refuse(data: bytes, filename: str) -> None:
    """Import ``data``: it loads, or it raises SpreadsheetError having written nothing."""
    before = export_document()
    try:
        import_spreadsheet(data, filename)
    except SpreadsheetError as error:
        assert error.problems
        assert export_document() == before


@pytest.fixture
def exported(dataset) -> bytes:
    """The dataset's workbook, exported once per test: each example damages a copy of the one file,
    as a person edits the file they exported (exporting again per example took half the time)."""
    return export_xlsx()


@DAMAGE
@given(data=st.data())
def test_a_byte_damaged_workbook_imports_or_is_refused_with_our_error(exported, data):
    """Hypothesis: 60 workbooks with bytes changed or cut short, each imported or refused; every import
    also exports the database to compare."""
    original = bytearray(exported)
    # Places as fractions of the length: the export's size may differ by a byte between runs.
    places_ = data.draw(st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=8))
    for place in places_:
        original[int(place * len(original))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        original = original[: int(data.draw(st.floats(0, 1)) * len(original))]
    import_or_refuse(bytes(original), "damaged.xlsx")


CELL = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        ["zeist", "berkane", "zeist-berkane", "ngo", "true", "2008-05", "=1+1", "'=x", "a; b", "#"]
    ),
    st.integers(-5, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


@DAMAGE
@given(
    sheet=st.sampled_from([table.name for table in TABLES] + ["vocabulary", "other"]),
    cells=st.lists(st.tuples(st.integers(1, 6), st.integers(1, 16), CELL), min_size=1, max_size=12),
    merge=st.booleans(),
)
def test_a_workbook_with_random_cells_imports_or_is_refused_with_our_error(exported, sheet, cells, merge):
    """Hypothesis: 60 generated workbooks, each opened, edited, saved and imported or refused; every
    import also exports the database to compare."""
    workbook = opened(exported)
    target = workbook[sheet] if sheet in workbook.sheetnames else workbook.create_sheet(sheet)
    for row, col, value in cells:
        if isinstance(value, str):
            value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
        target.cell(row=row, column=col, value=value)
    if merge:
        target.merge_cells(f"A{cells[0][0]}:{get_column_letter(cells[0][1] + 1)}{cells[0][0]}")
    import_or_refuse(saved(workbook), "random.xlsx")


@DAMAGE
@given(
    table=st.sampled_from([table.name for table in TABLES]),
    text=st.text(max_size=400),
    lines=st.lists(
        st.lists(
            st.one_of(st.text(max_size=10), st.sampled_from(["zeist-berkane", "zeist", "x"])), max_size=14
        ),
        max_size=5,
    ),
)
def test_a_random_csv_imports_or_is_refused_with_our_error(dataset, table, text, lines):
    """Hypothesis: 60 generated CSV tables, each imported twice (as random text and as rows under the
    header); every import also exports the database to compare."""
    header = ",".join(spreadsheets.TABLE_BY_NAME[table].columns)
    stream = io.StringIO()
    csv.writer(stream).writerows(lines)
    for body in (text, header + "\r\n" + stream.getvalue()):
        import_or_refuse(body.encode("utf-8", "surrogatepass"), f"{table}.csv")


def test_columns_are_named_as_openpyxl_names_them():
    from openpyxl.utils import get_column_letter

    from mutuality.formats.spreadsheets import column_letter

    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703, 16384)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
        "XFD",
    ]
    assert all(column_letter(n) == get_column_letter(n) for n in range(1, 18279))  # openpyxl stops at ZZZ
