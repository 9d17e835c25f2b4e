"""Writing many new rows of one model at once: a load's codings, and the history's changes for them.

Django's ``bulk_create`` prepares every value of every row through its field: some fifty
microseconds for a row of a dozen columns, which was most of the time of loading 270,000 codings.
:func:`insert` writes the same rows with the same SQL (``INSERT … VALUES (…), (…) RETURNING`` the
primary key, as ``bulk_create`` does on SQLite and PostgreSQL) and prepares through the field only
the values that need it (dates, JSON, …): integers, text, booleans and nulls go to the database
driver as they are. Like ``bulk_create`` it runs no ``save()`` and sends no signals: the caller does
what those would (folded copies, the history).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from django.db import connections, models, router

# Fields whose value is what the database stores (Django's own preparation returns it unchanged).
_PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "BooleanField",
        "CharField",
        "TextField",
    }
)


def _is_plain(field: models.Field) -> bool:
    if field.is_relation:
        target = getattr(field, "target_field", None)
        return target is not None and _is_plain(target)
    return field.get_internal_type() in _PLAIN_TYPES


def insert(model: type[models.Model], instances: Sequence[models.Model]) -> None:
    """Insert new ``instances`` of ``model`` and give each its primary key, in few statements.

    Every instance must be new (no primary key yet). Fields set when a row is added
    (``auto_now_add``, ``auto_now``) take their value here, as in a save: the same for all.
    """
    if not instances:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    columns = [field for field in meta.concrete_fields if field is not pk and not field.generated]
    stamped = [f for f in columns if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    plain = [f for f in columns if f not in stamped and _is_plain(f)]
    prepared = [f for f in columns if f not in stamped and f not in plain]
    # The plain values in one C call a row; the others through their field, as a save prepares them.
    read_plain = attrgetter(*[f.attname for f in plain]) if len(plain) > 1 else None
    fields = plain + stamped + prepared

    # The time a row is added, taken once for all of them (one statement's rows are added together).
    stamps = [f.pre_save(instances[0], True) for f in stamped]
    stamps_prepared = [
        f.get_db_prep_save(value, connection) for f, value in zip(stamped, stamps, strict=True)
    ]

    def values(instance: models.Model) -> list[Any]:
        row = list(read_plain(instance)) if read_plain else [getattr(instance, f.attname) for f in plain]
        for f, value in zip(stamped, stamps, strict=True):
            setattr(instance, f.attname, value)
        row += stamps_prepared
        row += [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in prepared]
        return row

    quote = connection.ops.quote_name
    insert_into = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"
    returning = f" RETURNING {quote(pk.column)}"
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        returning = ""
    if connection.vendor == "postgresql":
        # One array a column: a statement of a dozen parameters whatever the rows, which the driver
        # parses once (a statement of thousands of parameters it parses anew each time, in Python).
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        per_statement = 2000

        def statement(count: int) -> str:
            return f"{insert_into} SELECT * FROM UNNEST({arrays}){returning}"

        def parameters(rows: list[list[Any]]) -> list[Any]:
            return [list(column) for column in zip(*rows, strict=True)]

    else:
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per_statement = (connection.features.max_query_params or 999) // len(fields) if returning else 1

        def statement(count: int) -> str:
            return f"{insert_into} VALUES {', '.join([row] * count)}{returning}"

        def parameters(rows: list[list[Any]]) -> list[Any]:
            return [value for row_values in rows for value in row_values]

    with connection.cursor() as cursor:
        for start in range(0, len(instances), per_statement):
            batch = instances[start : start + per_statement]
            rows = []
            for instance in batch:
                assert instance.pk is None, "insert() writes new rows only"
                rows.append(values(instance))
            cursor.execute(statement(len(batch)), parameters(rows))
            keys = cursor.fetchall() if returning else [(cursor.lastrowid,)]
            for instance, (key,) in zip(batch, keys, strict=True):
                instance.pk = key
                instance._state.adding = False
                instance._state.db = connection.alias
