"""Reading uploaded spreadsheets safely: XLSX workbooks, CSV files and zips of CSV files.

Everything is checked before a parser sees it. An XLSX file is a zip, so its
entries are counted and their names, unpacked sizes and compression ratios
checked first (a "zip bomb" is refused before anything is unpacked); every XML
part is decoded in its own encoding (UTF-8, UTF-16 or UTF-32) and refused if it
declares a document type or entities (:mod:`mutuality.formats.guard`, the
guard the importers share); external links, macros and merged cells are
refused from the archive itself; then openpyxl reads the workbook with
``read_only=True``.
Every failure becomes a :class:`SheetProblem`, raised together in one
:class:`SpreadsheetError`: nothing else escapes from here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.formats import guard

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
_MERGE = re.compile(r"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([^\"]+)\"")
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>")


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong in a spreadsheet: sheet (or file), row, column and why."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    letter: str = ""

    def __str__(self) -> str:
        column = (
            f"{self.letter} ({self.column})" if self.letter and self.column else (self.column or self.letter)
        )
        parts = {"sheet": self.sheet, "row": self.row, "column": column, "message": self.message}
        if self.row is None and not column:
            return _("%(sheet)s: %(message)s") % parts
        if self.row is None:
            return _("%(sheet)s, column %(column)s: %(message)s") % parts
        if not column:
            return _("%(sheet)s, row %(row)s: %(message)s") % parts
        return _("%(sheet)s, row %(row)s, column %(column)s: %(message)s") % parts


class SpreadsheetError(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {problem}" for problem in problems)
        summary = ngettext(
            "%(count)d problem found, nothing was imported:",
            "%(count)d problems found, nothing was imported:",
            count,
        ) % {"count": count}
        super().__init__(f"{summary}\n{lines}")


@dataclass
class Sheet:
    """The cells of one sheet or CSV file, as read: rows of values, numbered from 1."""

    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, column index) of formula cells


def _refuse(name: str, message: str) -> SpreadsheetError:
    return SpreadsheetError([SheetProblem(name, None, None, message)])


def size_text(size: int) -> str:
    return _("%(size).1f MB") % {"size": size / 1024 / 1024}


def read_spreadsheet(data: bytes, filename: str) -> list[Sheet]:
    """The sheets of an XLSX workbook, a CSV file or a zip of CSV files."""
    name = PurePosixPath(filename.replace("\\", "/")).name or filename
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(
            name,
            _("the file is too large (%(size)s); the limit is %(limit)s")
            % {"size": size_text(len(data)), "limit": size_text(MAX_FILE_BYTES)},
        )
    suffix = PurePosixPath(name.lower()).suffix
    if data.startswith(OLE_MAGIC):
        raise _refuse(name, _("this is an old Excel file (.xls); save it as an Excel workbook (.xlsx)"))
    if data.startswith(ZIP_MAGIC):
        archive = _open_zip(data, name)
        if "xl/workbook.xml" in {info.filename for info in archive.infolist()}:
            return _read_xlsx(data, archive, name)
        return _read_csv_zip(archive, name)
    if suffix == ".csv":
        return [_read_csv(data, name)]
    raise _refuse(
        name,
        _("not a spreadsheet: upload an Excel workbook (.xlsx), a CSV file (.csv) or a zip of CSV files"),
    )


# --- zip archives --------------------------------------------------------------------------


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    limits = guard.ZipLimits(MAX_ENTRIES, MAX_UNPACKED_BYTES, MAX_RATIO, RATIO_MIN_BYTES)
    try:
        return guard.open_zip(data, limits)
    except guard.Refused as error:
        raise _refuse(name, error.message) from None


def _entry_bytes(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return guard.read_entry(archive, entry)
    except guard.Refused as error:
        raise _refuse(name, error.message) from None


def _xml_parts(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Every XML part of the workbook, decoded; refused if one declares a document type or entities."""
    try:
        return {entry.filename: text for entry, text in guard.xml_parts(archive)}
    except guard.Refused as error:
        if error.reason == guard.DTD:
            message = _(
                "the workbook part %(part)s contains a document type declaration (DTD) or entities, "
                "which are not allowed"
            )
        elif error.reason == guard.ENCODING:
            message = _("the workbook part %(part)s is not XML in an encoding that can be read (%(reason)s)")
        else:
            raise _refuse(name, error.message) from None
        raise _refuse(name, message % {"part": error.entry, "reason": error.detail}) from None


def _check_workbook_parts(archive: zipfile.ZipFile, name: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Refuse external links, macros and DTDs; return the merged ranges of each worksheet part, and
    the text of every XML part."""
    merged: dict[str, list[str]] = {}
    for entry in archive.infolist():
        lower = entry.filename.lower()
        if lower.startswith("xl/externallinks/"):
            raise _refuse(
                name, _("the workbook links to other files (external links); remove the links and save again")
            )
        if lower.endswith(".bin") and "vba" in lower:
            raise _refuse(name, _("the workbook holds macros; save it as a plain workbook (.xlsx)"))
    texts = _xml_parts(archive, name)
    for part, text in texts.items():
        lower = part.lower()
        if lower.endswith(".rels"):
            for relationship in _RELATIONSHIP.findall(text):
                kind = re.search(r'\bType="([^"]*)"', relationship)
                hyperlink = bool(kind and kind.group(1).endswith("/hyperlink"))
                if 'TargetMode="External"' in relationship and not hyperlink:
                    raise _refuse(
                        name,
                        _(
                            "the workbook links to other files (external links); remove the links and save again"
                        ),
                    )
        elif lower.startswith("xl/worksheets/"):
            ranges = _MERGE.findall(text)
            if ranges:
                merged[part] = ranges
    return merged, texts


def _sheet_parts(texts: dict[str, str]) -> dict[str, str]:
    """Worksheet part (e.g. ``xl/worksheets/sheet1.xml``) -> sheet name, read from workbook.xml and its rels."""
    workbook, rels = texts.get("xl/workbook.xml", ""), texts.get("xl/_rels/workbook.xml.rels", "")
    targets = {}
    for relationship in _RELATIONSHIP.findall(rels):
        rid = re.search(r'\bId="([^"]+)"', relationship)
        target = re.search(r'\bTarget="([^"]+)"', relationship)
        if rid and target:
            path = target.group(1).lstrip("/")
            targets[rid.group(1)] = path if path.startswith("xl/") else f"xl/{path}"
    parts = {}
    for sheet in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        sheet_name = re.search(r'\bname="([^"]*)"', sheet)
        rid = re.search(r'\b(?:\w+:)?id="([^"]+)"', sheet)
        if sheet_name and rid and rid.group(1) in targets:
            parts[targets[rid.group(1)]] = _xml_unescape(sheet_name.group(1))
    return parts


def _xml_unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


# --- XLSX ------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, archive: zipfile.ZipFile, name: str) -> list[Sheet]:
    merged, texts = _check_workbook_parts(archive, name)
    if merged:
        parts = _sheet_parts(texts)
        raise SpreadsheetError(
            [
                SheetProblem(
                    parts.get(part, part),
                    None,
                    None,
                    _("merged cells (%(ranges)s) are not allowed; unmerge them and give every cell its value")
                    % {"ranges": ", ".join(ranges[:10])},
                )
                for part, ranges in merged.items()
            ]
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            return [_read_worksheet(worksheet) for worksheet in workbook.worksheets]
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors on damaged files
        raise _refuse(
            name, _("the file is damaged: it cannot be read as an Excel workbook (.xlsx)")
        ) from None


def _read_worksheet(worksheet: Any) -> Sheet:
    sheet = Sheet(str(worksheet.title))
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if number > MAX_ROWS:
            raise _refuse(sheet.name, _("more than %(count)d rows") % {"count": MAX_ROWS})
        values = []
        for index, cell in enumerate(cells):
            if index >= MAX_COLUMNS:
                if cell.value not in (None, ""):
                    raise _refuse(sheet.name, _("more than %(count)d columns") % {"count": MAX_COLUMNS})
                continue
            if getattr(cell, "data_type", None) == "f":
                sheet.formulas.add((number, index))
            values.append(cell.value)
        sheet.rows.append((number, values))
    return sheet


# --- CSV -------------------------------------------------------------------------------------


def _read_csv_zip(archive: zipfile.ZipFile, name: str) -> list[Sheet]:
    sheets = []
    for entry in archive.infolist():
        if entry.is_dir() or entry.filename.startswith("__MACOSX/"):
            continue
        if not entry.filename.lower().endswith(".csv"):
            raise _refuse(
                name,
                _("not a spreadsheet: the zip holds %(entry)s; a zip may hold only CSV files")
                % {"entry": entry.filename},
            )
        sheets.append(_read_csv(_entry_bytes(archive, entry, name), PurePosixPath(entry.filename).name))
    if not sheets:
        raise _refuse(name, _("the zip holds no CSV files"))
    return sheets


def _read_csv(data: bytes, name: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(
            name, _("not UTF-8 text (%(reason)s); save the CSV file as UTF-8") % {"reason": error.reason}
        ) from None
    if "\x00" in text:
        raise _refuse(name, _("the file contains NUL characters; it is not a CSV text file"))
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    sheet = Sheet(name)
    try:
        for number, cells in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        ):
            if number > MAX_ROWS:
                raise _refuse(name, _("more than %(count)d rows") % {"count": MAX_ROWS})
            if len(cells) > MAX_COLUMNS:
                raise _refuse(name, _("more than %(count)d columns") % {"count": MAX_COLUMNS})
            sheet.rows.append((number, list(cells)))
    except csv.Error as error:
        raise _refuse(name, _("not a readable CSV file (%(reason)s)") % {"reason": error}) from None
    return sheet


def is_date_cell(value: Any) -> bool:
    return isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta)
