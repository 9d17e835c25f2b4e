"""Writing user text into CSV and spreadsheet cells safely, and reading it back.

Every CSV file and workbook the app writes — spreadsheet templates and exports, the codings and
history CSVs, the matrix and framework-matrix downloads, from a page or the command line — puts
its text through :func:`safe_cell`, headings and labels included, and the spreadsheet import
undoes it with :func:`unescape_cell`, so an export imports back to the same values.
"""

from __future__ import annotations

from typing import Any

#: What makes Excel, LibreOffice or Google Sheets take a cell for a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(…)") is written as text, after a quote.

    Interview text, memos, code names and names of partnerships are user input; opened in Excel or
    LibreOffice a cell starting with one of :data:`FORMULA_STARTS` would be evaluated. Text that
    already starts with quotes before such a character gets one more, so :func:`unescape_cell`
    gives back exactly what was written. Numbers and everything else pass unchanged.
    """
    if isinstance(value, str) and value.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def unescape_cell(text: str) -> str:
    """A cell written by :func:`safe_cell`, as it was before: the quote it added is taken off."""
    if text.startswith(QUOTE) and text.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return text[1:]
    return text
