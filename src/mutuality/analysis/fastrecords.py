"""Making frozen records by the hundred thousand without paying for their frozenness field by field.

The second speed trick the dataset build keeps (issue 16, item 7; figures in bench/RESULTS.md,
"Dataset build: speed tricks"). A frozen dataclass's ``__init__`` stores each field through
``object.__setattr__``, a call per field: about 3 µs for a coding's 25 fields, over half a second of
a programme's 200,000 codings. :func:`record_builder` makes a constructor that fills an unfrozen twin
of the record — the same slots in the same order, so plain attribute stores — and then turns it into
the record by assigning ``__class__``, which Python allows between classes of the same layout.

Measured on the 2-core development machine with the scale-1 programme of ``bench/gen_programme.py``,
2026-12-06, a whole ``mutuality report --all --format html`` process, CPU seconds, median of paired
runs: without the builders (every record made by its own constructor) the report took ×1.09–1.11
the time it takes with them, the whole difference in reading the database into the dataset; the
issue allows no more than ×1.10 for the refactor, so the trick stays, here, in one tested place.

What comes out is exactly what ``record(*values)`` makes: an instance of ``record``, frozen,
comparing, hashing and printing as one (``tests/analysis/test_fastrecords.py`` checks it). The
builder takes every field, positionally, in field order, and runs no ``__post_init__``: it is for
records without one, built in bulk from already-checked values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, make_dataclass
from typing import Any, TypeVar

__all__ = ["record_builder"]

Record = TypeVar("Record")


def record_builder(record: type[Record]) -> Callable[..., Record]:
    """A constructor of the frozen, slotted dataclass ``record`` taking every field positionally."""
    if not (is_dataclass(record) and hasattr(record, "__slots__")) or hasattr(record, "__post_init__"):
        raise TypeError(
            f"{record.__name__}: only slotted dataclasses without __post_init__ can be built in bulk"
        )
    names = [field.name for field in fields(record)]
    twin = make_dataclass(
        f"_{record.__name__}Draft", names, slots=True, eq=False, repr=False, match_args=False
    )
    if twin.__slots__ != record.__slots__:  # type: ignore[attr-defined]
        raise TypeError(f"{record.__name__}: its slots are not its fields in order")

    def build(*values: Any) -> Record:
        if len(values) != len(names):
            raise TypeError(f"{record.__name__} needs all {len(names)} fields, got {len(values)}")
        made = twin(*values)
        made.__class__ = record  # same slots in the same order: the layouts agree, Python allows it
        return made  # type: ignore[no-any-return]

    return build
