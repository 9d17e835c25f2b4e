"""The rows an expensive step adds to the test database, taken once and written back per test.

Loading the case studies goes through the loader's checks, history and pseudonymisation and takes
seconds; about a hundred tests start from them. :class:`Snapshot` runs the step once per test
process, in a transaction that is rolled back, keeps what it added as plain values, and writes
them back with raw inserts in each test that asks (a tenth of a second). Every column is kept, so
the database is the one the step leaves (tests/test_snapshots.py compares the two table by table).

Three things make that hold whatever a test did before:

- Foreign keys are checked at commit on SQLite and PostgreSQL alike, so tables go back in any order.
- The step's rows take ids from a million on (SQLite) or from sequences that never go back
  (PostgreSQL), so they never meet the ids of rows a test made before asking for them.
- Rows the step only refers to (framework codes, made when the test database is migrated) are
  made again, with new ids, when a test on committed transactions (the browser tests) empties the
  database; :class:`BaseRows` puts the first ones back after such a test. The snapshot remembers
  the rows it refers to, and is taken again should they have changed all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from mutuality.history.recorder import forget_names

#: Where the step's ids start on SQLite, far above the rows any test makes itself.
FIRST_ID = 1_000_000

Rows = tuple[tuple[Any, ...], ...]


def _tables() -> list[type[models.Model]]:
    """Every table Django manages, many-to-many tables included, once each."""
    chosen: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            chosen.setdefault(meta.db_table, model)
    return list(chosen.values())


def _fields(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


@dataclass(frozen=True, repr=False, eq=False)
class Taken:
    """The rows one run of the step added, and the rows it refers to that were there before."""

    added: tuple[tuple[type[models.Model], tuple[str, ...], Rows], ...]
    referred: tuple[tuple[type[models.Model], tuple[str, ...], Rows], ...]

    def still_fits(self) -> bool:
        """Whether every row the added ones refer to is still there, as it was."""
        return all(
            tuple(
                model._base_manager.filter(pk__in=[row[0] for row in rows])
                .order_by("pk")
                .values_list(*fields)
            )
            == rows
            for model, fields, rows in self.referred
        )

    def write(self) -> None:
        with transaction.atomic():
            for model, fields, rows in self.added:
                _insert_raw(model, fields, rows)


class Snapshot:
    """The rows ``step`` adds, taken on first use and again whenever the rows they refer to changed."""

    def __init__(self, step: Callable[[], object]) -> None:
        self.step = step
        self.taken: Taken | None = None

    def take(self) -> None:
        """Run the step and keep its rows (done by :meth:`restore` when needed; a fixture may do it first)."""
        self.taken = _take(self.step)

    def restore(self) -> None:
        """Put the step's rows in the database, in the current transaction, as the step leaves them."""
        if self.taken is None or not self.taken.still_fits():
            self.take()
        self.taken.write()
        # Names to hide are read again after a save; raw inserts send no signals, so say it here.
        forget_names()

    @classmethod
    def taken_now(cls, step: Callable[[], object], blocker: Any) -> Snapshot:
        """A snapshot of ``step`` taken at once, for a session fixture (``blocker``: pytest-django's)."""
        snapshot = cls(step)
        with blocker.unblock():
            snapshot.take()
        return snapshot

    @property
    def added(self) -> tuple[tuple[type[models.Model], tuple[str, ...], Rows], ...]:
        assert self.taken is not None, "restore() first"
        return self.taken.added


def _insert_raw(model: type[models.Model], fields: tuple[str, ...], rows: Rows) -> None:
    """Insert rows exactly as given: a raw insert, as loading a fixture does, so fields that set
    themselves on save (``auto_now``) keep their values."""
    columns = list(model._meta.concrete_fields)
    objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
    batch = max(1, connection.ops.bulk_batch_size(columns, objects))
    for start in range(0, len(objects), batch):
        model._base_manager._insert(objects[start : start + batch], fields=columns, raw=True)


def _counted(tables: list[type[models.Model]]) -> list[tuple[str, str]]:
    return [
        (model._meta.db_table, model._meta.pk.column)
        for model in tables
        if isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)
    ]


def start_ids_at(tables: list[type[models.Model]], first: int) -> None:
    """Make the next row of each table take id ``first + 1`` (PostgreSQL: for good, sequences are
    not transactional; SQLite: until the transaction is rolled back)."""
    counted = _counted(tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, column in counted:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [f'"{table}"', column, first]
                )
            return
        cursor.executemany("DELETE FROM sqlite_sequence WHERE name = %s", [(table,) for table, _ in counted])
        cursor.executemany(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [(t, first) for t, _ in counted]
        )


def _take(step: Callable[[], object]) -> Taken:
    """Run ``step`` in a transaction, keep the rows it added and those they refer to; roll it back."""
    tables = _tables()
    with transaction.atomic():
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in tables}
        if connection.vendor == "sqlite":  # PostgreSQL's sequences never go back, SQLite's do
            start_ids_at(tables, FIRST_ID)
        step()
        added = []
        for model in tables:
            fields = _fields(model)
            pk = fields.index(model._meta.pk.attname)
            rows = tuple(
                row
                for row in model._base_manager.order_by("pk").values_list(*fields)
                if row[pk] not in before[model]
            )
            if rows:
                added.append((model, fields, rows))
        referred = _referred(added, before)
        transaction.set_rollback(True)
    forget_names()
    return Taken(tuple(added), referred)


def _referred(
    added: list[tuple[type[models.Model], tuple[str, ...], Rows]], before: dict[type[models.Model], set[Any]]
) -> tuple[tuple[type[models.Model], tuple[str, ...], Rows], ...]:
    """The rows that were there before the step and that its rows point to, as they are now."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for model, fields, rows in added:
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model
            column = fields.index(field.attname)
            known = before.get(target, set())
            wanted.setdefault(target, set()).update(row[column] for row in rows if row[column] in known)
    referred = []
    for target, pks in wanted.items():
        if pks:
            fields = ("pk", *_fields(target))
            rows = tuple(target._base_manager.filter(pk__in=pks).order_by("pk").values_list(*fields))
            referred.append((target, fields, rows))
    return tuple(referred)


class BaseRows:
    """The rows the test database starts with (content types, permissions, framework codes).

    A test on committed transactions ends by emptying the database, and Django then makes these
    rows again, with new ids. Put back as they were, every later test (and every snapshot that
    refers to them) finds the database it would have found had that test not run.
    """

    def __init__(self) -> None:
        self.rows = tuple(
            (model, _fields(model), tuple(model._base_manager.order_by("pk").values_list(*_fields(model))))
            for model in _tables()
        )

    def put_back(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        with transaction.atomic():
            for model, _f, _rows in reversed(self.rows):
                model._base_manager.all()._raw_delete(connection.alias)
            for model, fields, rows in self.rows:
                if rows:
                    _insert_raw(model, fields, rows)
        ContentType.objects.clear_cache()
