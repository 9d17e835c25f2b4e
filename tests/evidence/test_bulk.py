"""Many new rows written at once: the rows a save would store, each given its id."""

from __future__ import annotations

import pytest

from mutuality.evidence.bulk import insert, insert_rows, refresh_statistics
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding
from mutuality.history.models import Change


def test_new_codings_are_stored_as_given_and_get_their_ids_in_order(source, coder):
    version = source.current
    code = framework_code("dimension", "process_trust")
    # More rows than one statement takes on SQLite (999 parameters), so several statements.
    codings = [
        Coding(version=version, start=i % 40, end=i % 40 + 5, code=code, coder=coder, memo=f"memo {i}")
        for i in range(250)
    ]
    for coding in codings:
        coding.quote = version.text[coding.start : coding.end]
    insert(Coding, codings)
    assert all(coding.pk is not None and not coding._state.adding for coding in codings)
    assert [c.pk for c in codings] == sorted(c.pk for c in codings)
    stored = {c.pk: c for c in Coding.objects.filter(version=version)}
    assert len(stored) == 250
    for coding in codings:
        row = stored[coding.pk]
        assert (row.start, row.end, row.quote, row.memo) == (
            coding.start,
            coding.end,
            coding.quote,
            coding.memo,
        )
        assert row.code_id == code.pk and row.coder_id == coder.pk and row.needs_review is False
        assert row.created_at is not None  # auto_now_add, as in a save


def test_dates_and_json_are_stored_as_a_save_stores_them(db):
    rows = [
        Change(
            action="created",
            model="evidence.coding",
            object_id=str(i),
            changes={"start": [None, i], "ş": "🤝"},
        )
        for i in range(3)
    ]
    insert(Change, rows)
    stored = Change.objects.filter(pk__in=[row.pk for row in rows]).order_by("pk")
    assert [c.changes for c in stored] == [{"start": [None, i], "ş": "🤝"} for i in range(3)]
    assert all(c.at is not None for c in stored)


def test_only_new_rows_are_inserted(source, coder):
    coding = Coding(
        version=source.current, start=0, end=3, code=framework_code("dimension", "process_trust"), coder=coder
    )
    coding.save()
    with pytest.raises(AssertionError):
        insert(Coding, [coding])


def _stored_rows(model, pks):
    """The stored rows' values, every column but the id and the time they were added."""
    skip = {"id", "created_at", "at"}
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
    return list(model.objects.filter(pk__in=pks).order_by("pk").values_list(*names))


def test_copy_on_postgresql_stores_the_rows_the_statements_store(source, coder):
    """``COPY`` (PostgreSQL) and ``INSERT`` (``copy=False``, and SQLite) write the same rows, ids in order."""
    version = source.current
    code = framework_code("dimension", "process_trust")

    def codings():
        made = [
            Coding(version=version, start=i, end=i + 7, code=code, coder=coder, memo=f"memo {i} ş 🤝")
            for i in range(30)
        ]
        for coding in made:
            coding.quote = version.text[coding.start : coding.end]
        return made

    copied, inserted = codings(), codings()
    insert(Coding, copied)
    insert(Coding, inserted, copy=False)
    assert [c.pk for c in copied] == sorted(c.pk for c in copied) < [c.pk for c in inserted]
    assert _stored_rows(Coding, [c.pk for c in copied]) == _stored_rows(Coding, [c.pk for c in inserted])
    # The ids came from the table's own sequence: a coding saved afterwards gets a new one.
    later = Coding(version=version, start=0, end=3, quote=version.text[:3], code=code, coder=coder)
    later.save()
    assert later.pk > max(c.pk for c in copied + inserted)


def test_rows_given_as_values_are_stored_as_a_save_stores_them(db):
    names = ("action", "model", "object_id", "changes")
    rows = [("created", "evidence.coding", str(i), {"start": [None, i], "ş": "🤝"}) for i in range(5)]
    assert insert_rows(Change, names, rows) == 5
    assert insert_rows(Change, names, [(*row[:2], f"copy-{row[2]}", row[3]) for row in rows], copy=False) == 5
    stored = Change.objects.filter(model="evidence.coding").order_by("pk")
    assert [(c.object_id, c.changes) for c in stored] == [
        (prefix + str(i), {"start": [None, i], "ş": "🤝"}) for prefix in ("", "copy-") for i in range(5)
    ]
    # The fields not named take their defaults and the time the rows were added.
    assert {(c.username, c.via, c.object_repr, c.user_id) for c in stored} == {("", "", "", None)}
    assert all(c.at is not None for c in stored)


def test_the_planner_gets_statistics_after_a_bulk_load_and_at_start_only_if_it_had_none(source, coder):
    from django.db import connection

    rows = [
        Coding(
            version=source.current,
            code=framework_code("dimension", "process_trust"),
            coder=coder,
            start=n,
            end=n + 3,
            quote=source.current.text[n : n + 3],
        )
        for n in range(20)
    ]
    insert(Coding, rows)
    assert refresh_statistics() is True
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'evidence_coding'")
            assert cursor.fetchall()  # the codings' indexes are known now
        assert refresh_statistics(only_if_missing=True) is False  # already there: nothing to do
    else:
        assert refresh_statistics(only_if_missing=True) is False  # PostgreSQL's autovacuum keeps them
