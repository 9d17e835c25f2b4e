"""Migrations keep what is stored, and fold what was stored before folding."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mutuality.analysis.folding import fold_text
from mutuality.evidence.models import Coding, SourceVersion
from mutuality.web.evidence.search import search_sources

# Migrating changes the schema, which SQLite does only outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("evidence", "0008_source_help_text")]


def migrated(target=None):
    """The models as they are at ``target``, with the database migrated there; without a target, at
    every app's newest migration (those that came after, of other apps too, are unapplied before)."""
    executor = MigrationExecutor(connection)
    target = target or executor.loader.graph.leaf_nodes()
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def test_texts_stored_before_folding_are_folded_and_found():
    """Migrates the database back and forth (about a second; SQLite rebuilds the table for each change
    of a column, and the database is emptied after a test outside a transaction)."""
    texts = [f"Görüşme {n} in İstanbul: المَدْرَسَةُ" for n in range(450)]  # more than two batches
    old = migrated(BEFORE)
    try:
        source = old.get_model("evidence", "Source").objects.create(key="s", title="Görüşme")
        code = old.get_model("evidence", "Code").objects.create(name="Trust")
        user = old.get_model("auth", "User").objects.create(username="coder")
        versions = old.get_model("evidence", "SourceVersion").objects.bulk_create(
            old.get_model("evidence", "SourceVersion")(source=source, number=n + 1, text=text, sha256="-")
            for n, text in enumerate(texts)
        )
        old.get_model("evidence", "Coding").objects.create(
            version=versions[-1], start=0, end=7, quote=texts[-1][:7], code=code, coder=user
        )
    finally:
        migrated()
    assert [v.folded_text for v in SourceVersion.objects.order_by("number")] == [fold_text(t) for t in texts]
    assert Coding.objects.get().folded_quote == "gorusme"
    [found] = search_sources("istanbul")
    assert found.hits[0].match == "İstanbul" and found.hits[0].before == "Görüşme 449 in "
