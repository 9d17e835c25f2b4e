"""A partnership's blind coding survives an export and a load, and files and sheets without it leave it be.

It is a sparse field of the data format (``Field.sparse``): written only when switched on, so exports
of partnerships without it are what they always were, and a file or sheet that does not name it
keeps what is stored instead of switching it off.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from mutuality.formats import spreadsheets
from mutuality.formats.data_export import export_document, export_json
from mutuality.formats.data_load import load_files
from mutuality.formats.spreadsheets import import_spreadsheet
from mutuality.partnerships.models import Actor, Partnership
from tests.formats.datasets import VALID_DATASET, variant, write
from tests.formats.test_data_export import delete_everything

pytestmark = pytest.mark.django_db

KEY = "zeist-berkane"


def blind() -> bool:
    return Partnership.objects.get(key=KEY).blind_coding


def switch_on() -> None:
    Partnership.objects.filter(key=KEY).update(blind_coding=True)


def test_an_export_names_blind_coding_only_when_it_is_on(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])
    [partnership] = export_document()["partnerships"]
    assert "blind_coding" not in partnership
    switch_on()
    [partnership] = export_document()["partnerships"]
    assert partnership["blind_coding"] is True
    assert list(partnership).index("blind_coding") == list(partnership).index("source") - 1


def test_blind_coding_survives_an_export_loaded_into_an_empty_database(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])
    switch_on()
    first = export_json()
    delete_everything()
    load_files([write(tmp_path, first, "export.json")])
    assert blind()
    assert export_json() == first


def test_a_file_switches_blind_coding_on_and_off(tmp_path):
    on = variant("    governance_model:", "    blind_coding: true\n    governance_model:")
    load_files([write(tmp_path, on)])
    assert blind()
    load_files([write(tmp_path, on.replace("blind_coding: true", "blind_coding: false"))])
    assert not blind()


def test_a_file_without_blind_coding_leaves_it_as_it_is(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])
    assert not blind()
    switch_on()
    load_files([write(tmp_path, VALID_DATASET)])
    assert blind()


def test_a_spreadsheet_import_leaves_blind_coding_as_it_is(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])
    switch_on()
    assert "blind_coding" not in spreadsheets.TABLE_BY_NAME["partnerships"].columns
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(spreadsheets.export_rows())))
    for sheet_name, header in (("partnerships", "description"), ("actors", "name")):
        sheet = workbook[sheet_name]
        letter = next(cell.column_letter for cell in sheet[1] if cell.value == header)
        sheet[f"{letter}3"] = "Changed in the sheet"
    stream = io.BytesIO()
    workbook.save(stream)
    summary = import_spreadsheet(stream.getvalue(), "export.xlsx")
    assert summary.updated["partnerships"] == 1 and summary.updated["actors"] == 1
    assert Partnership.objects.get(key=KEY).description == "Changed in the sheet"
    assert Actor.objects.filter(name="Changed in the sheet").exists()
    assert blind()


def test_a_sheet_of_records_alone_leaves_blind_coding_as_it_is(tmp_path):
    """A partnership read back from the database for rows of another sheet (its own row unchanged)."""
    load_files([write(tmp_path, VALID_DATASET)])
    switch_on()
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(spreadsheets.export_rows())))
    sheet = workbook["actors"]
    letter = next(cell.column_letter for cell in sheet[1] if cell.value == "name")
    sheet[f"{letter}3"] = "Changed in the sheet"
    stream = io.BytesIO()
    workbook.save(stream)
    summary = import_spreadsheet(stream.getvalue(), "export.xlsx")
    assert summary.updated["actors"] == 1
    assert blind()
