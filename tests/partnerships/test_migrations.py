"""Migrations keep what is stored."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mutuality.partnerships.models import LearningOutcome

# Migrating changes the schema, which SQLite does only outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("partnerships", "0006_source_help_text")]
AFTER = [("partnerships", "0007_learning_flags_not_known")]
FLAGS = (
    "intended",
    "recognised",
    "implemented",
    "disseminated_internally",
    "disseminated_externally",
    "institutionalised",
)


@pytest.fixture(autouse=True)
def every_table_back_afterwards():
    """Going back to ``BEFORE`` takes with it the apps whose migrations depend on later ones of
    partnerships (the self-assessment's tables); the database goes back to the latest migrations of
    every app before it is emptied for the next test."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrated(target):
    """The models as they are at ``target``, with the database migrated there."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def test_learning_flags_keep_their_yes_and_no_and_new_outcomes_start_as_not_known():
    """Migrates the database back and forth (about 2 s on SQLite, which rebuilds the table for each
    change of a column, and empties the database after a test outside a transaction)."""
    old = migrated(BEFORE)
    try:
        municipality = old.get_model("partnerships", "Municipality")
        partnership = old.get_model("partnerships", "Partnership").objects.create(key="p", name="P")
        side = old.get_model("partnerships", "Side").objects.create(
            partnership=partnership,
            municipality=municipality.objects.create(key="zeist", name="Zeist", country="NL"),
        )
        outcomes = old.get_model("partnerships", "LearningOutcome").objects
        outcomes.create(
            partnership=partnership,
            side=side,
            key="ticked",
            description="d",
            form="transfer",
            recognised=True,
        )
        outcomes.create(partnership=partnership, side=side, key="unticked", description="d", form="transfer")
    finally:
        new = migrated(AFTER)
    stored = {o.key: o for o in new.get_model("partnerships", "LearningOutcome").objects.all()}
    # a stored "no" may be one nobody ticked, but nothing can tell which: it stays a "no"
    assert stored["ticked"].recognised is True and stored["ticked"].intended is False
    assert all(getattr(stored["unticked"], flag) is False for flag in FLAGS)
    added = LearningOutcome(partnership_id=stored["ticked"].partnership_id, side_id=stored["ticked"].side_id)
    assert all(getattr(added, flag) is None for flag in FLAGS)
