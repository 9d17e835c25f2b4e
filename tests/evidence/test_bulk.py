"""Many new rows written at once: the rows a save would store, each given its id."""

from __future__ import annotations

import pytest

from mutuality.evidence.bulk import insert
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
