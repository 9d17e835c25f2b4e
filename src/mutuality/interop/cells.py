"""Writing user text into CSV and spreadsheet cells safely."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(…)") is written as text.

    Interview text and memos are user input; opened in Excel or LibreOffice a
    cell starting with one of these characters would be evaluated.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
