"""The case-study fixture writes back rows taken once; the database must be the one the loader leaves."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, models, transaction

from mutuality.casestudies import load_case_studies
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding
from mutuality.formats.data_export import export_json
from mutuality.formats.evidence_data import export_evidence
from mutuality.partnerships.models import Partnership
from tests.snapshots import FIRST_ID, Snapshot, _tables, start_ids_at


def exports() -> dict[str, Any]:
    """What the exports say of the whole database, ids left out."""
    return {
        "export": export_json(),
        "evidence": export_evidence(with_names=True),
        "rows": {model._meta.db_table: model._base_manager.count() for model in _tables()},
    }


def _compared(model: type[models.Model]) -> list[str]:
    """Every column but those that differ between two loads by nature: the moments rows were
    written, and the random unusable password the loader gives the user it creates."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not isinstance(field, models.DateTimeField) and field.attname != "password"
    ]


def contents() -> dict[str, Any]:
    """Every row of every table, every column but moments and passwords."""
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list(*_compared(model)))
        for model in _tables()
    }


def load_from_first_id() -> None:
    """The case studies with ids from FIRST_ID on, on either database, so two loads can be compared row by row."""
    start_ids_at(_tables(), FIRST_ID)
    load_case_studies()


def test_the_case_study_fixture_writes_back_the_rows_loading_leaves(db, case_study_rows):
    """Loads the case studies for real, and on PostgreSQL takes them once more (3–7 s)."""
    with transaction.atomic():
        load_from_first_id()
        loaded, exported = contents(), exports()
        transaction.set_rollback(True)
    assert len(loaded["partnerships_partnership"]) == 22  # the comparison sees the loaded data
    assert len(loaded["history_change"]) > 100

    # On SQLite the fixture takes its rows with ids from FIRST_ID on, so they compare row by row.
    # PostgreSQL's sequences never go back, so the fixture's ids are where the sequences stand:
    # there the rows are compared for a snapshot of this same load, and the fixture's by the exports.
    same_ids = case_study_rows if connection.vendor == "sqlite" else Snapshot(load_from_first_id)
    with transaction.atomic():
        same_ids.restore()
        restored = contents()
        transaction.set_rollback(True)
    differing = sorted(name for name in loaded if loaded[name] != restored[name])
    assert not differing, differing

    case_study_rows.restore()
    assert exports() == exported


def test_every_column_is_written_back_as_taken(db, case_study_rows):
    """Moments and passwords included: raw inserts, so ``auto_now`` does not set them anew."""
    case_study_rows.restore()
    for model, fields, rows in case_study_rows.added:
        pk = fields.index(model._meta.pk.attname)
        stored = {row[pk]: row for row in model._base_manager.values_list(*fields)}
        assert [stored.get(row[pk]) for row in rows] == list(rows), model._meta.db_table
    assert sum(len(rows) for _model, _fields, rows in case_study_rows.added) > 1000


def test_rows_made_before_the_fixture_keep_their_ids_and_the_case_studies_still_load(db, case_study_rows):
    made_first = Partnership.objects.create(key="made-first", name="Made first")
    case_study_rows.restore()
    assert Partnership.objects.get(key="made-first").pk == made_first.pk
    assert Partnership.objects.count() == 23
    made_after = Partnership.objects.create(key="made-after", name="Made after")
    assert made_after.pk > max(Partnership.objects.exclude(pk=made_after.pk).values_list("pk", flat=True))


def one_coding() -> None:
    """A step whose rows refer to a framework code, made when the test database was migrated."""
    from django.contrib.auth import get_user_model

    from mutuality.evidence.models import Source
    from mutuality.evidence.versions import add_version

    coder = get_user_model().objects.create_user("snapshot-coder")
    source = Source.objects.create(key="snapshot-source", title="A source", kind="interview")
    add_version(source, "Trust grew over the years.", user=coder)
    Coding.objects.create(
        version=source.current, start=0, end=5, code=framework_code("dimension", "process_trust"), coder=coder
    )


def test_the_rows_are_taken_again_when_what_they_refer_to_was_made_anew(db):
    """As after a browser test: emptying the database makes the framework codes again, with new ids."""
    snapshot = Snapshot(one_coding)
    with transaction.atomic():
        snapshot.restore()
        transaction.set_rollback(True)
    first = snapshot.taken
    code = framework_code("dimension", "process_trust")
    assert [(model, rows[0][0]) for model, _fields, rows in first.referred] == [(Code, code.pk)]
    code.delete()
    code.pk = None
    code.save()

    snapshot.restore()
    assert snapshot.taken is not first
    assert Coding.objects.get(version__source__key="snapshot-source").code == code


@pytest.mark.django_db(transaction=True)
def test_the_first_rows_come_back_with_their_ids_after_the_database_is_emptied(base_rows):
    """What follows each test on committed transactions (tests/conftest.py)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    def first_rows() -> list[tuple]:
        return [
            *Code.objects.order_by("pk").values_list("pk", "name", "vocabulary", "term", "parent_id"),
            *ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"),
        ]

    before = first_rows()
    assert len(before) > 100
    call_command("flush", verbosity=0, interactive=False)  # as after such a test: the rows made again
    assert first_rows() != before
    base_rows.put_back()
    assert first_rows() == before
    # Django keeps content types in a cache: read through it, the ids are those in the database.
    assert ContentType.objects.get_for_model(Code) == ContentType.objects.get(
        app_label="evidence", model="code"
    )
