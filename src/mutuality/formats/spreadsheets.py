"""Spreadsheets in and out: templates, exports and imports as XLSX workbooks or CSV files.

One sheet (or CSV file) per table of the data format, one column per field of
:mod:`mutuality.formats.schema` that :mod:`mutuality.formats.fields` gives the sheets; records
nested in a partnership carry its key in a first ``partnership`` column. Row 1 names the fields;
row 2 explains them and starts with ``#`` (every row whose first cell starts with ``#`` is a
comment). An export has the same shape as a template, so it can be edited and
imported again.

An import reads every cell (:mod:`mutuality.formats.sheetfiles` refuses unsafe
files first), turns the rows into one data-format document and loads it with
:func:`mutuality.formats.data_load.load_documents`, so the rules live in one place.
Every problem, ours or the loader's, is reported with sheet, row and column;
if there is any, nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mutuality.formats import schema
from mutuality.formats.cells import safe_cell, unescape_cell
from mutuality.formats.data_export import _partnership, _partnerships, _record
from mutuality.formats.data_load import NESTED_MODELS, LoadSummary, load_documents
from mutuality.formats.fields import LIST_KINDS, field_names
from mutuality.formats.located import LocatedDict
from mutuality.formats.problems import DataFileError, Problem
from mutuality.formats.schema import Field, FieldValueError
from mutuality.formats.sheetfiles import (
    Sheet,
    SheetProblem,
    SpreadsheetError,
    is_date_cell,
    read_spreadsheet,
)
from mutuality.formats.values import empty_value
from mutuality.framework import vocabulary
from mutuality.partnerships.models import (
    Exchange,
    LearningOutcome,
    Municipality,
    Partnership,
    SupportProgramme,
)

LIST_SEPARATOR = ";"
#: The kinds of field whose cell holds a list, separated by :data:`LIST_SEPARATOR`.
LIST_KINDS_OF_CELLS = ("words", "vocablist", "targets", "municipalities")
COMMENT = "#"
VOCABULARY_SHEET = "vocabulary"
FIRST_DATA_ROW = 3
_ROW_SPAN = 10_000_000  # synthetic "line" of a row handed to the loader: sheet index * span + row
_DOCUMENT = "spreadsheet"

PARTNERSHIP_COLUMN = Field("partnership", "key", required=True)
#: The names :class:`~mutuality.accounts.access.Access` gives record kinds, where they differ.
ACCESS_KINDS = {"learning_outcomes": "learning"}
REFERENCES = (("actor", "actors"), ("project", "projects"), ("exchange", "exchanges"))


def column_letter(index: int) -> str:
    """A spreadsheet's name for its column ``index`` (1 → A, 27 → AA), as openpyxl names it.

    Written here so that the pages that only name columns (an import's problems) do not load
    openpyxl, and NumPy with it, into every server process: 30 MiB the workbench never uses."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Table:
    """One sheet: a list of the data format and its columns."""

    name: str
    spec: tuple[Field, ...]
    nested: bool = False

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        """The fields of the spec the sheet holds (:mod:`mutuality.formats.fields` says which and why)."""
        held = set(field_names(LIST_KINDS[self.name], "spreadsheet"))
        own = tuple(f for f in self.spec if f.name in held)
        return (PARTNERSHIP_COLUMN, *own) if self.nested else own

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def access_kind(self) -> str:
        return ACCESS_KINDS.get(self.name, self.name)


TABLES: tuple[Table, ...] = (
    Table("municipalities", schema.MUNICIPALITY),
    Table("support_programmes", schema.SUPPORT_PROGRAMME),
    Table("partnerships", schema.PARTNERSHIP),
    *(Table(name, spec, nested=True) for name, spec in schema.PARTNERSHIP_LISTS),
)
TABLE_BY_NAME = {table.name: table for table in TABLES}


# --- what each column holds ------------------------------------------------------------------


def describe(field: Field) -> str:
    """The explanation of a column, for the second row of a template."""
    kinds = {
        "key": _("a key: lower-case letters, digits and hyphens"),
        "text": _("text"),
        "country": _("a country: its ISO code (e.g. NL) or its name"),
        "year": _("a year, e.g. 2008"),
        "count": _("a whole number, 0 or more"),
        "amount": _("a number, 0 or more"),
        "bool": _("true or false"),
        "words": _("words separated by ;"),
        "targets": _("SDG targets separated by ;, e.g. 11.6; 11.b"),
        "municipalities": _("two or more municipality keys separated by ;"),
        "date": _("a date as text: YYYY, YYYY-MM or YYYY-MM-DD (the precision is kept)"),
    }
    refs = {
        "side": _("the municipality key of a side of the partnership"),
        "actor": _("the key of an actor of the partnership"),
        "project": _("the key of a project of the partnership"),
        "exchange": _("the key of an exchange of the partnership"),
        "programme": _("the key of a support programme"),
    }
    if field is PARTNERSHIP_COLUMN:
        what = _("the key of the partnership")
    elif field.kind == "vocab":
        what = _("one %(vocabulary)s key (choose from the list; labels on the vocabulary sheet)") % {
            "vocabulary": field.vocab
        }
    elif field.kind == "vocablist":
        what = _("%(vocabulary)s keys separated by ; (the list offers one; type more)") % {
            "vocabulary": field.vocab
        }
    elif field.kind == "ref":
        what = refs.get(field.ref or "", field.ref or "")
    elif field.kind == "bool" and field.default is None:
        what = _("true or false; leave empty when not known")
    else:
        what = kinds.get(field.kind, field.kind)
    if field.required:
        return _("required: %(what)s") % {"what": what}
    if field.default not in (None, "", False):
        return _("%(what)s; default %(default)s") % {"what": what, "default": field.default}
    return what


def _vocabularies() -> list[str]:
    found: list[str] = []
    for table in TABLES:
        for field in table.fields:
            if field.vocab and field.vocab not in found:
                found.append(field.vocab)
    return found


# --- writing: templates and exports ------------------------------------------------------------


def template_rows() -> dict[str, list[list[Any]]]:
    return {table.name: [] for table in TABLES}


def export_rows(partnerships: QuerySet[Partnership] | None = None) -> dict[str, list[list[Any]]]:
    """The rows of every table; only the given partnerships (all of them if None) and their records."""
    rows = template_rows()
    rows["municipalities"] = [
        _row(TABLE_BY_NAME["municipalities"], _record(m, schema.MUNICIPALITY))
        for m in Municipality.objects.order_by("key")
    ]
    rows["support_programmes"] = [
        _row(TABLE_BY_NAME["support_programmes"], _record(p, schema.SUPPORT_PROGRAMME))
        for p in SupportProgramme.objects.order_by("key")
    ]
    chosen = _partnerships()
    if partnerships is not None:
        chosen = chosen.filter(pk__in=partnerships.values("pk"))
    for partnership in chosen:
        document = _partnership(partnership)
        rows["partnerships"].append(_row(TABLE_BY_NAME["partnerships"], document))
        for list_name, _spec in schema.PARTNERSHIP_LISTS:
            table = TABLE_BY_NAME[list_name]
            rows[list_name] += [
                _row(table, {**record, "partnership": partnership.key}) for record in document[list_name]
            ]
    return rows


def _row(table: Table, record: dict[str, Any]) -> list[Any]:
    return [_cell(record.get(name)) for name in table.columns]


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return safe_cell(f"{LIST_SEPARATOR} ".join(str(item) for item in value)) if value else None
    if isinstance(value, str):
        return safe_cell(value) if value else None
    return value


def _help_row(table: Table) -> list[str]:
    texts = [describe(field) for field in table.fields]
    texts[0] = f"{COMMENT} {texts[0]}"
    return texts


def xlsx_bytes(rows: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with one sheet per table, drop-down lists on vocabulary columns and a hidden vocabulary sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    first = workbook.active
    assert first is not None  # a new workbook has one empty sheet
    workbook.remove(first)
    ranges = _write_vocabulary_sheet(workbook)
    for table in TABLES:
        sheet = workbook.create_sheet(table.name)
        sheet.append(table.columns)
        sheet.append(_help_row(table))
        for row in rows.get(table.name, []):
            sheet.append(row)
        sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
        for index, field in enumerate(table.fields, start=1):
            letter = column_letter(index)
            header = sheet.cell(row=1, column=index)
            header.font = Font(bold=True)
            header.comment = Comment(describe(field), "Mutuality")
            sheet.cell(row=2, column=index).font = Font(italic=True, color="666666")
            sheet.column_dimensions[letter].width = max(12, min(40, len(field.name) + 4))
            if field.kind not in ("year", "count", "amount", "bool"):
                sheet.column_dimensions[letter].number_format = "@"  # dates and keys stay text
            target = f"{letter}{FIRST_DATA_ROW}:{letter}1048576"
            if field.vocab:
                validation = DataValidation(type="list", formula1=ranges[field.vocab], allow_blank=True)
                # A list column may hold several keys: the list suggests one, typing more is allowed.
                validation.showErrorMessage = field.kind == "vocab"
                validation.errorTitle = _("Not a %(vocabulary)s key") % {"vocabulary": field.vocab}
                validation.error = _("Choose a key from the list; the vocabulary sheet has their labels.")
            elif field.kind == "bool":
                validation = DataValidation(type="list", formula1='"true,false"', allow_blank=True)
            else:
                continue
            validation.add(target)
            sheet.add_data_validation(validation)
    workbook.move_sheet(VOCABULARY_SHEET, offset=len(TABLES))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _write_vocabulary_sheet(workbook: Any) -> dict[str, str]:
    """Keys in one column, labels beside them; returns each vocabulary's range of keys."""
    sheet = workbook.create_sheet(VOCABULARY_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    for position, name in enumerate(_vocabularies()):
        vocab = vocabulary(name)
        key_column = 2 * position + 1
        sheet.cell(row=1, column=key_column, value=vocab.key)
        sheet.cell(row=1, column=key_column + 1, value=_(vocab.label))
        for row, term in enumerate(vocab, start=2):
            sheet.cell(row=row, column=key_column, value=term.key)
            sheet.cell(row=row, column=key_column + 1, value=_(term.label))
        letter = column_letter(key_column)
        ranges[name] = f"{VOCABULARY_SHEET}!${letter}$2:${letter}${len(vocab) + 1}"
    return ranges


def csv_bytes(table_name: str, rows: dict[str, list[list[Any]]]) -> bytes:
    """One table as a UTF-8 CSV file (with a byte-order mark, so Excel reads it as UTF-8)."""
    table = TABLE_BY_NAME[table_name]
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(table.columns)
    writer.writerow(_help_row(table))
    for row in rows.get(table.name, []):
        writer.writerow(["" if value is None else value for value in row])
    return stream.getvalue().encode("utf-8-sig")


def csv_zip_bytes(rows: dict[str, list[list[Any]]]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            archive.writestr(f"{table.name}.csv", csv_bytes(table.name, rows))
    return stream.getvalue()


# --- reading cells -------------------------------------------------------------------------------


def cell_value(field: Field, raw: Any) -> Any:
    """A cell as the data format has it; None for an empty cell. Types the loader checks are passed on."""
    if is_date_cell(raw):
        if field.kind == "date":
            raise FieldValueError(
                _("a date cell: type the date as text, YYYY, YYYY-MM or YYYY-MM-DD, so its precision is kept")
            )
        raise FieldValueError(
            _("a date or time cell, where %(what)s is expected") % {"what": describe(field)}
        )
    if isinstance(raw, str):
        text = raw.strip()
        text = unescape_cell(text)  # written by safe_cell on export
        if not text:
            return None
        return _from_text(field, text)
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw  # the loader says whether true/false is allowed here
    if isinstance(raw, int | float):
        return _from_number(field, raw)
    raise FieldValueError(
        _("a cell of an unknown type, where %(what)s is expected") % {"what": describe(field)}
    )


def _from_text(field: Field, text: str) -> Any:
    kind = field.kind
    if kind in ("year", "count") and re.fullmatch(r"[+-]?\d{1,9}", text):
        return int(text)
    if kind == "amount":
        number = _number(text)
        return text if number is None else number
    if kind == "bool":
        lowered = text.lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        return text
    if kind in LIST_KINDS_OF_CELLS:
        return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()] or None
    return text


def _from_number(field: Field, number: int | float) -> Any:
    kind = field.kind
    if kind in ("year", "count", "amount"):
        if isinstance(number, float) and number.is_integer() and kind != "amount":
            return int(number)
        return number
    if kind == "bool" and number in (0, 1):
        return bool(number)
    text = str(int(number)) if isinstance(number, int) or number.is_integer() else repr(number)
    return [text] if kind in LIST_KINDS_OF_CELLS else text


def _number(text: str) -> int | float | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return schema.write_amount(value) if value >= 0 else float(value)


# --- importing -----------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def import_spreadsheet(data: bytes, filename: str, user: Any = None) -> LoadSummary:
    """Import one XLSX, CSV or zip of CSV files; ``user`` limits the rows to those they may write."""
    return import_sheets(read_spreadsheet(data, filename), user=user)


def import_files(paths: Iterable[Path], user: Any = None) -> LoadSummary:
    """Import several files together (e.g. one CSV per table): all of them or nothing."""
    sheets: list[Sheet] = []
    problems: list[SheetProblem] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(
                SheetProblem(
                    str(path), None, None, _("cannot be read: %(reason)s") % {"reason": error.strerror}
                )
            )
            continue
        try:
            sheets += read_spreadsheet(data, path.name)
        except SpreadsheetError as error:
            problems += error.problems
    if problems:
        raise SpreadsheetError(problems)
    return import_sheets(sheets, user=user)


def import_sheets(sheets: Sequence[Sheet], user: Any = None) -> LoadSummary:
    return _Import(user).run(sheets)


@dataclass
class _Row:
    """A row turned into a data-format record, and where it came from."""

    table: Table
    record: LocatedDict
    place: int  # index into _Import.places
    row: int
    partnership: str | None


class _Import:
    def __init__(self, user: Any) -> None:
        from mutuality.accounts.access import Access

        self.user = user
        self.access = Access.of(user) if user is not None else None
        self.places: list[tuple[str, list[str]]] = []  # (sheet name, header)
        self.problems: list[tuple[tuple[int, int, int], SheetProblem]] = []
        self.marked: set[tuple[int, int, str | None]] = set()
        self.rows: dict[str, list[_Row]] = {table.name: [] for table in TABLES}
        self.by_place: dict[tuple[int, int], _Row] = {}

    # --- problems -----------------------------------------------------------------------

    def problem(self, place: int, row: int | None, column: str | None, message: str) -> None:
        sheet, header = self.places[place]
        index = header.index(column) if column in header else -1
        letter = column_letter(index + 1) if index >= 0 else ""
        self.problems.append(((place, row or 0, index), SheetProblem(sheet, row, column, message, letter)))
        self.marked.add((place, row or 0, column))

    def row_problem(self, item: _Row, column: str | None, message: str) -> None:
        self.problem(item.place, item.row, column, message)

    def loader_problems(self, problems: list[Problem]) -> None:
        """The loader's problems at their cells, leaving out those that follow from a problem already shown."""
        located = [problem for problem in problems if problem.line is not None]
        if not located and not self.problems:
            for problem in problems:  # stored records only: say where they are
                self.problems.append(
                    (
                        (len(self.places), 0, 0),
                        SheetProblem(problem.record, None, problem.field, problem.message),
                    )
                )
        failed_rows = {(place, row) for place, row, _column in self.marked}
        failed_rows |= {divmod(problem.line, _ROW_SPAN) for problem in located if problem.line is not None}
        failed = {
            (item.partnership, item.table.name, item.record.get("key"))
            for items in self.rows.values()
            for item in items
            if (item.place, item.row) in failed_rows
        }
        for problem in located:
            assert problem.line is not None
            place, row = divmod(problem.line, _ROW_SPAN)
            if (place, row, problem.field) in self.marked or self.follows(place, row, problem.field, failed):
                continue
            self.problem(place, row, problem.field, problem.message)

    def follows(self, place: int, row: int, column: str | None, failed: set[tuple[Any, ...]]) -> bool:
        """Whether the cell refers to a record whose own row has a problem (so could not be loaded)."""
        targets = dict(REFERENCES)
        item = self.by_place.get((place, row))
        if item is None or column not in targets:
            return False
        return (item.partnership, targets[column], item.record.get(column)) in failed

    def fail(self) -> SpreadsheetError:
        return SpreadsheetError([problem for _key, problem in sorted(self.problems, key=lambda p: p[0])])

    # --- reading sheets ---------------------------------------------------------------

    def run(self, sheets: Sequence[Sheet]) -> LoadSummary:
        for sheet in sheets:
            self.read_sheet(sheet)
        document, stored = self.document()
        if self.access is not None and not self.access.is_admin:
            self.check_rights()
        try:
            with transaction.atomic():
                self.load(document)
                if self.problems:
                    raise _Rollback
                self.mark_created(stored)
        except _Rollback:
            raise self.fail() from None
        return self.summary()

    def stored_record(self, item: _Row) -> dict[str, Any] | None:
        if item.table.nested:
            partnership = self.stored["partnerships"].get(item.partnership)
            return (
                None
                if partnership is None
                else _by_key(partnership[item.table.name]).get(item.record.get("key"))
            )
        return self.stored[item.table.name].get(item.record.get("key"))

    def summary(self) -> LoadSummary:
        """Rows that add a record and rows that change one, per table; unchanged rows are not counted."""
        summary = LoadSummary()
        for name, items in self.rows.items():
            for item in items:
                before = self.stored_record(item)
                if before is None:
                    summary.created[name] += 1
                elif not _unchanged(item.table, item.record, before):
                    summary.updated[name] += 1
        return summary

    def read_sheet(self, sheet: Sheet) -> None:
        rows = [(number, cells) for number, cells in sheet.rows if not _blank(cells)]
        if sheet.name.strip().lower() == VOCABULARY_SHEET or not rows:
            return
        header = [_header_text(cell) for cell in rows[0][1]]
        while header and not header[-1]:
            header.pop()
        self.places.append((sheet.name, header))
        place = len(self.places) - 1
        table = self.table_of(sheet.name, header)
        if table is None:
            allowed = ", ".join(t.name for t in TABLES)
            self.problem(
                place,
                None,
                None,
                _("unknown sheet; name it after one of the tables: %(allowed)s") % {"allowed": allowed},
            )
            return
        if not self.check_header(place, rows[0][0], table, header):
            return
        for number, cells in rows[1:]:
            first = cells[0] if cells else None
            if isinstance(first, str) and first.strip().startswith(COMMENT):
                continue
            self.read_row(sheet, place, table, header, number, cells)

    @staticmethod
    def table_of(name: str, header: list[str]) -> Table | None:
        stem = (
            PurePosixPath(name.strip().lower()).stem
            if name.lower().endswith(".csv")
            else name.strip().lower()
        )
        if stem in TABLE_BY_NAME:
            return TABLE_BY_NAME[stem]
        for table in TABLES:
            if re.search(rf"(^|[^a-z_]){table.name}($|[^a-z_])", stem):
                return table
        matches = [table for table in TABLES if set(table.columns) == set(header)]
        return matches[0] if len(matches) == 1 else None

    def check_header(self, place: int, row: int, table: Table, header: list[str]) -> bool:
        before = len(self.problems)
        seen: set[str] = set()
        for index, name in enumerate(header):
            letter = column_letter(index + 1)
            if name in seen:
                self.problems.append(
                    (
                        (place, row, index),
                        SheetProblem(
                            self.places[place][0], row, name, _("this column appears twice"), letter
                        ),
                    )
                )
            elif name not in table.columns:
                message = _("unknown column %(name)s; the columns are %(allowed)s") % {
                    "name": repr(name),
                    "allowed": ", ".join(table.columns),
                }
                self.problems.append(
                    ((place, row, index), SheetProblem(self.places[place][0], row, None, message, letter))
                )
            seen.add(name)
        sparse = {field.name for field in table.fields if field.sparse}
        for name in table.columns:
            if (
                name not in seen and name not in sparse
            ):  # a sheet made before a sparse column keeps its values
                self.problem(place, row, None, _("the column %(name)s is missing") % {"name": name})
        return len(self.problems) == before

    def read_row(
        self, sheet: Sheet, place: int, table: Table, header: list[str], number: int, cells: list[Any]
    ) -> None:
        line = place * _ROW_SPAN + number
        record = LocatedDict()
        record.line = line
        record.key_lines = {}
        for index, value in enumerate(cells[len(header) :], start=len(header)):
            if value not in (None, ""):
                self.problems.append(
                    (
                        (place, number, index),
                        SheetProblem(
                            sheet.name,
                            number,
                            None,
                            _("a value outside the table's columns"),
                            column_letter(index + 1),
                        ),
                    )
                )
        fields = {field.name: field for field in table.fields}
        for index, name in enumerate(header):
            raw = cells[index] if index < len(cells) else None
            if (number, index) in sheet.formulas or (isinstance(raw, str) and raw.lstrip().startswith("=")):
                self.problem(place, number, name, _("formulas are not allowed; type the value itself"))
                continue
            try:
                value = cell_value(fields[name], raw)
            except FieldValueError as error:
                self.problem(place, number, name, str(error))
                continue
            if value is None and fields[name].sparse:
                # The column is there, so an empty cell empties the field; only a sheet without the
                # column keeps what is stored (Field.sparse).
                value = empty_value(fields[name])
            if value is not None:
                record[name] = value
                record.key_lines[name] = line
        partnership = record.pop("partnership", None) if table.nested else None
        if table.nested and partnership is None and (place, number, "partnership") not in self.marked:
            self.problem(place, number, "partnership", _("is required"))
        if isinstance(partnership, list | dict):
            partnership = None
        item = _Row(table, record, place, number, None if partnership is None else str(partnership))
        self.rows[table.name].append(item)
        self.by_place[(place, number)] = item

    # --- the document --------------------------------------------------------------------

    def unique(self, items: list[_Row]) -> list[_Row]:
        first: dict[str, int] = {}
        kept = []
        for item in items:
            key = item.record.get("key")
            if isinstance(key, str) and key in first:
                self.row_problem(
                    item,
                    "key",
                    _("'%(key)s' is used twice (first in row %(row)s)") % {"key": key, "row": first[key]},
                )
                continue
            if isinstance(key, str):
                first[key] = item.row
            kept.append(item)
        return kept

    def document(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """The data-format document of the rows that change something, and the stored partnerships they touch.

        Rows equal to the stored record are left out; stored records that changed rows refer to are added,
        since the loader resolves keys within the document.
        """
        touched = {item.record.get("key") for item in self.rows["partnerships"]} | {
            item.partnership for name, _spec in schema.PARTNERSHIP_LISTS for item in self.rows[name]
        }
        stored = {
            p.key: _partnership(p)
            for p in _partnerships().filter(key__in=[k for k in touched if isinstance(k, str)])
        }
        self.stored = {
            "municipalities": {m.key: _record(m, schema.MUNICIPALITY) for m in Municipality.objects.all()},
            "support_programmes": {
                p.key: _record(p, schema.SUPPORT_PROGRAMME) for p in SupportProgramme.objects.all()
            },
            "partnerships": stored,
        }
        document: dict[str, Any] = {
            name: [item.record for item in self.changed(self.rows[name])]
            for name in ("municipalities", "support_programmes")
        }
        records: dict[str, dict[str, Any]] = {}
        for item in self.changed(self.rows["partnerships"]):
            key = item.record.get("key")
            records[key if isinstance(key, str) else f"\x00{item.row}"] = item.record
        from_sheet = set(records)
        for list_name, _spec in schema.PARTNERSHIP_LISTS:
            by_partnership: dict[str, list[_Row]] = {}
            for item in self.rows[list_name]:
                if item.partnership is None:
                    continue
                if item.partnership not in records:
                    if item.partnership not in stored:
                        self.row_problem(
                            item,
                            "partnership",
                            _(
                                "no partnership %(key)s: add it on the partnerships sheet, or use the key of one you may edit"
                            )
                            % {"key": repr(item.partnership)},
                        )
                        continue
                    found = stored[item.partnership]
                    records[item.partnership] = LocatedDict(
                        {f.name: found[f.name] for f in schema.PARTNERSHIP if f.name in found}
                    )
                by_partnership.setdefault(item.partnership, []).append(item)
            for key, items in by_partnership.items():
                kept = self.changed(items)
                if kept:
                    records[key][list_name] = [self.with_children(item, stored.get(key)) for item in kept]
        for key, record in records.items():
            if key in stored:
                _add_referenced(record, stored[key])
        lists = [name for name, _spec in schema.PARTNERSHIP_LISTS]
        document["partnerships"] = [
            record
            for key, record in records.items()
            if key in from_sheet or any(record.get(n) for n in lists)
        ]
        return document, stored

    def changed(self, items: list[_Row]) -> list[_Row]:
        """The rows (each key once) that add or change a record."""
        return [
            item
            for item in self.unique(items)
            if not _unchanged(item.table, item.record, self.stored_record(item))
        ]

    @staticmethod
    def with_children(item: _Row, stored: dict[str, Any] | None) -> LocatedDict:
        """An exchange keeps its participants and knowledge flows, which have no sheet."""
        if item.table.name == "exchanges" and stored is not None:
            found = _by_key(stored["exchanges"]).get(item.record.get("key"))
            if found is not None:
                for name in ("participants", "knowledge"):
                    if found.get(name):
                        item.record[name] = found[name]
        return item.record

    # --- rights ---------------------------------------------------------------------------------

    def check_rights(self) -> None:
        """Rows that change nothing pass whoever imports them, so an export of a whole partnership
        can be edited on one side and imported again; every other row needs the right to write it."""
        assert self.access is not None
        for name in ("municipalities", "support_programmes", "partnerships"):
            for item in self.rows[name]:
                if not _unchanged(item.table, item.record, self.stored_record(item)):
                    self.row_problem(
                        item, None, _("only an administrator may add or change %(table)s") % {"table": name}
                    )
        keys = list(self.stored["partnerships"])
        partnerships = {
            p.key: p for p in Partnership.objects.filter(key__in=keys).prefetch_related("sides__municipality")
        }
        for list_name, _spec in schema.PARTNERSHIP_LISTS:
            for item in self.rows[list_name]:
                partnership = partnerships.get(item.partnership or "")
                if partnership is None:
                    continue  # a new partnership: its row on the partnerships sheet is refused already
                before = self.stored_record(item)
                if not _unchanged(item.table, item.record, before):
                    self.check_row(item, partnership, before is not None)

    def check_row(self, item: _Row, partnership: Partnership, exists: bool) -> None:
        from mutuality.accounts.access import SIDE_KINDS

        assert self.access is not None
        table = item.table
        kind = table.access_kind
        if not self.access.can_view_partnership(partnership):
            self.row_problem(item, "partnership", _("you may not change the records of this partnership"))
            return
        if exists:
            instance = NESTED_MODELS[table.name]._default_manager.get(
                partnership=partnership, key=item.record["key"]
            )
            allowed = self.access.can_change_record(instance, kind)
        else:
            allowed = self.access.can_add_record(partnership, kind)
        if not allowed:
            if exists:
                message = _("you may not change this record")
            else:
                message = _("you may not add %(table)s to this partnership") % {"table": table.name}
            self.row_problem(item, None, message)
            return
        if kind in SIDE_KINDS:
            writable = self.access.writable_sides(partnership, kind)
            sides = {side.municipality.key: side.pk for side in partnership.sides.all()}
            side_key = item.record.get("side")
            side = sides.get(side_key) if side_key is not None else None
            if writable is not None and side is not None and side not in writable:
                self.row_problem(item, "side", _("you may record this only for your own side"))

    # --- loading ------------------------------------------------------------------------------

    def load(self, document: dict[str, Any]) -> None:
        try:
            load_documents([(_DOCUMENT, document)])
            return
        except DataFileError as error:
            self.loader_problems(error.problems)
        except DatabaseError as error:
            self.problems.append(
                (
                    (len(self.places), 0, 0),
                    SheetProblem(
                        _DOCUMENT,
                        None,
                        None,
                        _("the database refused the data: %(reason)s") % {"reason": error},
                    ),
                )
            )
        raise _Rollback

    def mark_created(self, stored: dict[str, dict[str, Any]]) -> None:
        """Exchanges and learning outcomes a user adds are theirs (a contributor may change them later)."""
        if self.user is None or not self.user.is_authenticated:
            return
        created: dict[str, type[Exchange] | type[LearningOutcome]] = {
            "exchanges": Exchange,
            "learning_outcomes": LearningOutcome,
        }
        for list_name, model in created.items():
            for item in self.rows[list_name]:
                before = stored.get(item.partnership or "", {}).get(list_name, [])
                key = item.record.get("key")
                if key in _by_key(before):
                    continue
                for instance in model._default_manager.filter(
                    partnership__key=item.partnership, key=key, created_by=None
                ):
                    instance.created_by = self.user
                    instance.save(update_fields=["created_by"])


def _add_referenced(record: dict[str, Any], stored: dict[str, Any]) -> None:
    """Stored records the rows refer to, so the loader can resolve their keys (it resolves within the document)."""
    needed: dict[str, set[str]] = {name: set() for name, _spec in schema.PARTNERSHIP_LISTS}
    for list_name, _spec in reversed(schema.PARTNERSHIP_LISTS):
        present = record.setdefault(list_name, []) if needed[list_name] else record.get(list_name, [])
        have = {item.get("key") for item in present}
        for key, item in _by_key(stored[list_name]).items():
            if key in needed[list_name] and key not in have:
                present.append(item)
        for item in present:
            for field_name, target in REFERENCES:
                if isinstance(item.get(field_name), str):
                    needed[target].add(item[field_name])
            for participant in item.get("participants") or []:
                if isinstance(participant, dict) and isinstance(participant.get("actor"), str):
                    needed["actors"].add(participant["actor"])
        if not present and list_name in record and not record[list_name]:
            del record[list_name]


def _by_key(records: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    return {record.get("key"): record for record in records}


def _normal(field: Field, value: Any) -> Any:
    if value in (None, "", []):
        value = field.default
    if value in (None, "", [], False) and field.kind != "bool":
        return None
    if field.kind == "amount" and value is not None:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value
    return value


def _unchanged(table: Table, record: dict[str, Any], stored: dict[str, Any] | None) -> bool:
    if stored is None:
        return False
    return all(
        _normal(field, record.get(field.name)) == _normal(field, stored.get(field.name))
        for field in table.fields
        if field is not PARTNERSHIP_COLUMN
    )


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip().lower()


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)
