"""Every analysis result as a pandas DataFrame — the one module that imports pandas.

:func:`to_frame` takes any result of :mod:`mutuality.analysis` — a
:class:`~mutuality.analysis.dimensions.DimensionTable`, a list of learning,
mutuality, resource, continuity, governance, perspective or diagnostic
results, an actor network, or a list of dataset records — and returns a
DataFrame with one row per record of its ``to_records()`` / ``to_record()``.

The way back is plain records: :func:`codings_frame` gives the flattened
codings (one row per coding, the fields of
:class:`~mutuality.analysis.dataset.Coding`), and every analysis that reads
codings accepts ``frame.to_dict("records")`` — filtered, edited or written
by hand in a notebook — in place of a dataset::

    from mutuality.analysis import dimensions, frames
    df = frames.codings_frame(dataset)
    mine = df[df.coder == "alice"]
    table = dimensions.dimension_table(mine.to_dict("records"), by=["subject"])
    frames.to_frame(table)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from operator import attrgetter
from typing import Any

import pandas as pd

from mutuality.analysis.dataset import Dataset, as_codings, record
from mutuality.analysis.dimensions import DimensionTable, dimension_table

__all__ = [
    "codings_frame",
    "dataset_frames",
    "dimension_summary_frame",
    "dimension_table_frame",
    "records_of",
    "to_frame",
]


def records_of(result: Any) -> list[dict[str, Any]]:
    """The flat records of a result (what :func:`to_frame` puts in rows)."""
    if hasattr(result, "to_records"):
        return list(result.to_records())
    if hasattr(result, "to_record"):
        return [result.to_record()]
    if isinstance(result, dict):
        return [result]
    records: list[dict[str, Any]] = []
    for item in result:
        if hasattr(item, "to_records"):
            records.extend(item.to_records())
        elif hasattr(item, "to_record"):
            records.append(item.to_record())
        elif is_dataclass(item):
            records.append(record(item))
        elif isinstance(item, dict):
            records.append(item)
        else:
            raise TypeError(f"cannot make a table row of {type(item).__name__}")
    return records


def to_frame(result: Any, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A DataFrame of any analysis result (module docstring)."""
    rows = records_of(result)
    if not rows and columns is None:
        columns = _empty_columns(result)
    return pd.DataFrame.from_records(rows, columns=list(columns) if columns is not None else None)


def _empty_columns(result: Any) -> list[str] | None:
    items = list(result) if isinstance(result, (list, tuple)) else []
    if items and is_dataclass(items[0]):
        return [f.name for f in fields(items[0])]
    return None


def codings_frame(data: Any) -> pd.DataFrame:
    """One row per coding with every field of :class:`~mutuality.analysis.dataset.Coding`."""
    from mutuality.analysis.dataset import Coding

    names = [f.name for f in fields(Coding)]
    row = attrgetter(*names)
    return pd.DataFrame.from_records([row(c) for c in as_codings(data)], columns=names)


def dimension_table_frame(data: Any, by: Iterable[Any] | None = None, **options: Any) -> pd.DataFrame:
    """Table 8.1 as one row per (dimension, context) cell; ``data`` is a table, a dataset or codings."""
    table = (
        data
        if isinstance(data, DimensionTable)
        else (dimension_table(data, **options) if by is None else dimension_table(data, by, **options))
    )
    return to_frame(table)


def dimension_summary_frame(table: DimensionTable) -> pd.DataFrame:
    """Table 8.1 as the seed prints it: one row per dimension, the contexts per level."""
    return pd.DataFrame.from_records(table.summary_records())


def dataset_frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Every list of the dataset as a DataFrame (participants and knowledge flows as their own tables)."""
    frames = {name: to_frame(list(items)) for name, items in dataset.tables()}
    frames["participants"] = pd.DataFrame.from_records(
        [
            {"partnership": e.partnership, "exchange": e.key, **record(x)}
            for e in dataset.exchanges
            for x in e.participants
        ],
        columns=["partnership", "exchange", "side", "actor", "count"],
    )
    frames["knowledge_flows"] = pd.DataFrame.from_records(
        [
            {"partnership": e.partnership, "exchange": e.key, "project": e.project, **record(k)}
            for e in dataset.exchanges
            for k in e.knowledge
        ],
        columns=[
            "partnership",
            "exchange",
            "project",
            "from_side",
            "to_side",
            "type",
            "domain",
            "description",
        ],
    )
    return frames
