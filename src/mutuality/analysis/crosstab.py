"""Counting codes against an attribute: the cells of a matrix query.

Pure: takes (row, column) pairs — one per coding and attribute value, so a
coding of a source linked to two partnerships counts once in each — and
returns the counts, the row and column totals and the ordered headings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

Row = TypeVar("Row", bound=Hashable)
Column = TypeVar("Column", bound=Hashable)
Value = TypeVar("Value", bound=Hashable)


@dataclass(frozen=True)
class CrossTab(Generic[Row, Column]):
    rows: list[Row]
    columns: list[Column]
    cells: dict[tuple[Row, Column], int]
    row_totals: dict[Row, int]
    column_totals: dict[Column, int]

    def count(self, row: Row, column: Column) -> int:
        return self.cells.get((row, column), 0)

    def to_records(self) -> list[dict[str, object]]:
        """One record per row, for a pandas DataFrame or a spreadsheet."""
        return [{"row": row, **{str(c): self.count(row, c) for c in self.columns}} for row in self.rows]


def cross_tab(
    pairs: Iterable[tuple[Row, Column]],
    *,
    row_order: Iterable[Row] | None = None,
    column_order: Iterable[Column] | None = None,
) -> CrossTab[Row, Column]:
    return cross_tab_counted(Counter(pairs).items(), row_order=row_order, column_order=column_order)


def cross_tab_counted(
    counts: Iterable[tuple[tuple[Row, Column], int]],
    *,
    row_order: Iterable[Row] | None = None,
    column_order: Iterable[Column] | None = None,
) -> CrossTab[Row, Column]:
    """The same table from pairs already counted, e.g. by a database's GROUP BY.

    A pair may come more than once (several groups mapping to one cell); its counts add up.
    """
    cells: Counter[tuple[Row, Column]] = Counter()
    for pair, count in counts:
        cells[pair] += count
    row_totals: Counter[Row] = Counter()
    column_totals: Counter[Column] = Counter()
    for (row, column), count in cells.items():
        row_totals[row] += count
        column_totals[column] += count
    rows = _ordered(row_totals, row_order)
    columns = _ordered(column_totals, column_order)
    return CrossTab(rows, columns, dict(cells), dict(row_totals), dict(column_totals))


def _ordered(present: Counter[Value], order: Iterable[Value] | None) -> list[Value]:
    if order is None:
        return sorted(present, key=lambda value: (value is None, str(value)))
    wanted = [value for value in order if value in present]
    return wanted + sorted((v for v in present if v not in set(wanted)), key=lambda v: (v is None, str(v)))


HEAT_STEPS = 5
"""Shades of a heat map: few enough that each step is told apart at a glance, and in print."""


def heat_step(count: int, largest: int) -> int | None:
    """The shade of a cell, 0 (lightest) to ``HEAT_STEPS - 1``, by its share of the table's largest count.

    Equal fifths of the largest count, so the darkest shade always marks the largest cells; an empty
    cell has none (``None``), so that a blank stays a blank rather than the palest shade of "some".
    """
    if count <= 0 or largest <= 0:
        return None
    return min(HEAT_STEPS - 1, max(0, -(-count * HEAT_STEPS // largest) - 1))
