"""Record ids from paths and query strings, only within the range of the database's integers.

``?code=99999999999999999999`` is a whole number to Python, but not to the database: SQLite raises
OverflowError and PostgreSQL a DataError for it, so a view that passed it on answered 500. Every
id a view reads from a URL comes through here: paths through the ``<id:…>`` converter, query
strings through :func:`parse_id` and :func:`parse_ids`. A number outside the range is no id at
all: the view answers 404 (no such record) or 400, as it does for a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The largest id: every table's key is a BigAutoField, a signed 64-bit integer on SQLite and PostgreSQL.
MAX_ID = 2**63 - 1
#: ASCII digits only: ``"²".isdigit()`` is true and ``int("²")`` fails; ``int("٣")`` is 3, no id.
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value: object) -> int | None:
    """``value`` (text from a URL) as an id from 0 to :data:`MAX_ID`; None when it is anything else."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The ids among ``values`` (e.g. ``request.GET.getlist("code")``), in order, without repeats."""
    return list(dict.fromkeys(number for number in map(parse_id, values) if number is not None))


class IdConverter:
    """``<id:pk>`` in a URL: like ``<int:pk>``, but a number larger than any id does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the URL resolver takes this as "no match"
        return number

    def to_url(self, value: object) -> str:
        return str(value)
