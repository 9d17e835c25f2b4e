"""Writing many new rows of one model at once: a load's codings, and the history's changes for them.

Django's ``bulk_create`` prepares every value of every row through its field: some fifty
microseconds for a row of a dozen columns, which was most of the time of loading 270,000 codings.
:func:`insert` writes the same rows and prepares through the field only the values that need it
(dates, JSON, …): integers, text, booleans and nulls go to the database driver as they are.
:func:`insert_rows` does the same for rows given as values, without a model instance a row (the
history's entries, whose ids nobody needs). Like ``bulk_create`` they run no ``save()`` and send no
signals: the caller does what those would (folded copies, the history).

How the rows reach the database:

* SQLite: ``INSERT … VALUES (…), (…) RETURNING`` the primary key, as ``bulk_create`` does;
* PostgreSQL with psycopg 3: ``COPY … FROM STDIN``, with the ids taken from the table's sequence
  beforehand when they are wanted. Django's psycopg cursor writes each value into the statement's
  text in Python (client-side binding); ``COPY`` sends the rows in the driver's C code and the
  server adds them without planning a statement: at 270,000 codings and as many history entries,
  a third of the load's time was that quoting and the server's ``INSERT``;
* PostgreSQL otherwise (``copy=False``, or psycopg 2): one array a column through ``UNNEST``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
# Rows a PostgreSQL statement takes when the rows go as arrays (``copy=False``).
_ARRAY_ROWS = 2000


def _is_plain(field: models.Field) -> bool:
    if field.is_relation:
        target = getattr(field, "target_field", None)
        return target is not None and _is_plain(target)
    return field.get_internal_type() in _PLAIN_TYPES


def _is_stamped(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _columns(model: type[models.Model]) -> list[models.Field]:
    pk = model._meta.pk
    return [field for field in model._meta.concrete_fields if field is not pk and not field.generated]


def insert(model: type[models.Model], instances: Sequence[models.Model], *, copy: bool = True) -> None:
    """Insert new ``instances`` of ``model`` and give each its primary key, in few statements.

    Every instance must be new (no primary key yet). Fields set when a row is added
    (``auto_now_add``, ``auto_now``) take their value here, as in a save: the same for all.
    ``copy=False`` writes with ``INSERT`` on PostgreSQL too (the rows are the same).
    """
    if not instances:
        return
    connection = connections[router.db_for_write(model)]
    columns = _columns(model)
    stamped = [f for f in columns if _is_stamped(f)]
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
        assert instance.pk is None, "insert() writes new rows only"
        row = list(read_plain(instance)) if read_plain else [getattr(instance, f.attname) for f in plain]
        for f, value in zip(stamped, stamps, strict=True):
            setattr(instance, f.attname, value)
        row += stamps_prepared
        row += [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in prepared]
        return row

    rows = [values(instance) for instance in instances]
    keys = _write(connection, model, fields, rows, keys=True, copy=copy)
    for instance, key in zip(instances, keys, strict=True):
        instance.pk = key
        instance._state.adding = False
        instance._state.db = connection.alias


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]], *, copy: bool = True
) -> int:
    """Insert rows given as the values of the fields ``names`` (attribute names); return how many.

    Each value is what an instance would hold (a dict for JSON, an id for a relation). A field not
    named takes its default, or the time the rows are added for ``auto_now``/``auto_now_add``, the
    same for all rows. The rows' ids are not read back.
    """
    connection = connections[router.db_for_write(model)]
    columns = _columns(model)
    by_name = {f.attname: f for f in columns}
    named = [by_name[name] for name in names]
    others = [f for f in columns if f.attname not in names]
    # The values of the fields not named, the same for every row, as a save would give them.
    fixed = [
        f.get_db_prep_save(f.pre_save(model(), True) if _is_stamped(f) else f.get_default(), connection)
        for f in others
    ]
    # The fields whose values are prepared (None for those given to the driver as they are).
    preparing = [None if _is_plain(f) else f for f in named]
    if not any(preparing):
        prepared = [[*row, *fixed] for row in rows]
    else:
        prepared = [
            [
                value if f is None else f.get_db_prep_save(value, connection)
                for f, value in zip(preparing, row, strict=True)
            ]
            + fixed
            for row in rows
        ]
    _write(connection, model, named + others, prepared, keys=False, copy=copy)
    return len(prepared)


def _write(
    connection: Any,
    model: type[models.Model],
    fields: list[models.Field],
    rows: list[list[Any]],
    *,
    keys: bool,
    copy: bool,
) -> list[Any]:
    """Write prepared ``rows`` (values in the order of ``fields``); their new primary keys if ``keys``."""
    if not rows:
        return []
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and copy and hasattr(cursor.cursor, "copy"):
            return _copy(cursor, table, pk.column, [quote(f.column) for f in fields], rows, keys, quote)
        insert_into = f"INSERT INTO {table} ({', '.join(quote(field.column) for field in fields)})"
        returning = f" RETURNING {quote(pk.column)}" if keys else ""
        if keys and not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
            returning = ""
        if connection.vendor == "postgresql":
            # One array a column: a statement of a dozen parameters whatever the rows, which the
            # driver parses once (one of thousands of parameters it parses anew each time, in Python).
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            per_statement = _ARRAY_ROWS

            def statement(count: int) -> str:
                return f"{insert_into} SELECT * FROM UNNEST({arrays}){returning}"

            def parameters(batch: list[list[Any]]) -> list[Any]:
                return [list(column) for column in zip(*batch, strict=True)]

        elif not keys:
            # Rows whose ids nobody reads: one statement of one row, which the driver runs for
            # each row in C. (Django rewrites the placeholders of every statement it is given, in
            # Python: for statements of many rows, thousands of them again and again.)
            cursor.executemany(f"{insert_into} VALUES ({', '.join(['%s'] * len(fields))})", rows)
            return []
        else:
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            per_statement = (connection.features.max_query_params or 999) // len(fields)
            if keys and not returning:
                per_statement = 1  # the id of each row is then the cursor's last one

            def statement(count: int) -> str:
                return f"{insert_into} VALUES {', '.join([row] * count)}{returning}"

            def parameters(batch: list[list[Any]]) -> list[Any]:
                return [value for row_values in batch for value in row_values]

        found: list[Any] = []
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(statement(len(batch)), parameters(batch))
            if returning:
                found += [key for (key,) in cursor.fetchall()]
            elif keys:
                found.append(cursor.lastrowid)
        return found


def _copy(
    cursor: Any,
    table: str,
    pk_column: str,
    columns: list[str],
    rows: list[list[Any]],
    keys: bool,
    quote: Callable[[str], str],
) -> list[Any]:
    """``COPY`` the rows into ``table`` (PostgreSQL, psycopg 3); with ``keys``, ids taken first."""
    found: list[Any] = []
    if keys:
        # Ids from the column's own sequence, as the rows' defaults would take them; sorted, so
        # that rows keep the order they are given in, as with INSERT. (The table's name is read as
        # SQL reads a name, the column's as it is.)
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, len(rows)],
        )
        found = sorted(key for (key,) in cursor.fetchall())
        columns = [quote(pk_column), *columns]
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream:
        write = stream.write_row
        if keys:
            for key, row in zip(found, rows, strict=True):
                write([key, *row])
        else:
            for row in rows:
                write(row)
    return found


def refresh_statistics(alias: str = "default", *, only_if_missing: bool = False) -> bool:
    """Let the database's query planner know the tables again, after many rows came in at once.

    SQLite has no statistics until ``ANALYZE`` runs, and without them it guesses: a code's passages
    (13,000 codings on the bench corpus) were put in order by reading every one of them through the
    sources' table, 10 ms a page instead of 2. SQLite reads every index whole (60 ms for the bench
    corpus's 270,000 codings; sampling a thousand rows an index misjudged a code's codings by four,
    and the plan stayed the slow one); PostgreSQL analyses the whole database (its autovacuum would,
    later). With ``only_if_missing``, SQLite analyses only a database never analysed (as at the
    start of ``mutuality serve``). Whether it analysed.
    """
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if only_if_missing:
                cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
                if cursor.fetchone() is not None:
                    return False
            cursor.execute("PRAGMA analysis_limit = 0")
            cursor.execute("ANALYZE")
            return True
        if connection.vendor == "postgresql" and not only_if_missing:
            cursor.execute("ANALYZE")
            return True
    return False
