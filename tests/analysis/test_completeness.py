"""Data completeness: what is recorded of a partnership, per side and part, where 0 means not recorded."""

from __future__ import annotations

import pytest

from mutuality.analysis.completeness import PARTS, completeness, part
from mutuality.analysis.dataset import Dataset
from tests.analysis.test_diagnostics import EMPTY, HEALTHY

EVIDENCE = [
    {"id": "c1", "partnerships": "zb", "code": "dimension/power_equality", "source_side": "berkane"},
    {"id": "c2", "partnerships": "zb", "code": "dimension/power_equality"},
    {"id": "c3", "partnerships": "zb", "code": "Own codes / trust", "source_side": "zeist"},
]


def test_each_part_is_counted_per_side_and_for_the_whole_partnership():
    record = completeness(Dataset.from_document(HEALTHY, EVIDENCE), "zb")
    assert (record.count("actors", "zeist"), record.count("actors", "berkane"), record.count("actors")) == (
        3,
        3,
        6,
    )
    assert record.count("municipality", "zeist") == 1 and record.count("municipality", "berkane") == 1
    assert record.count("objectives", "berkane") == 1
    assert record.count("projects") == 1 and record.count("exchanges") == 2
    # actors named as taking part: each once, however many exchanges
    assert record.count("participants", "zeist") == 2 and record.count("participants", "berkane") == 1
    assert record.count("knowledge_flows") == 2
    assert record.count("learning_outcomes", "zeist") == 1
    assert not record.recorded("resources") and record.sides_without("resources") == ("zeist", "berkane")
    assert record.recorded("initiation")
    # coded passages by dimension and by the side they come from; a researcher's own code is no dimension
    assert record.count("evidence:power_equality") == 2
    assert record.count("evidence:power_equality", "berkane") == 1
    assert not record.recorded("evidence:power_equality", "zeist")
    assert not record.recorded("evidence:process_trust")


def test_a_partnership_with_nothing_recorded_counts_nothing_but_lists_every_part():
    record = completeness(Dataset.from_document(EMPTY), "e")
    assert record.counts == {}
    rows = dict((found.key, counts) for found, counts in record.rows())
    assert rows["actors"] == {"zeist": 0, "berkane": 0, None: 0}
    assert rows["exchanges"] == {None: 0}
    assert len(rows) == len(PARTS) + 6  # and the six dimensions


def test_learning_flags_count_as_recorded_only_where_yes_or_no_is_recorded_for_every_outcome():
    def outcome(key, side, **flags):
        return {"key": key, "side": side, "description": key, "form": "transfer", **flags}

    document = {
        "municipalities": HEALTHY["municipalities"],
        "partnerships": [
            {
                "key": "e",
                "municipalities": ["zeist", "berkane"],
                "learning_outcomes": [
                    outcome("z1", "zeist", recognised=False),
                    outcome("z2", "zeist"),
                    outcome("b1", "berkane", recognised=True, disseminated_internally=False),
                ],
            }
        ],
    }
    record = completeness(Dataset.from_document(document), "e")
    # a "no" is recorded; a flag left out is not
    assert (record.count("recognition", "zeist"), record.not_recorded("recognition", "zeist")) == (1, 1)
    assert not record.recorded("recognition", "zeist") and record.recorded("recognition", "berkane")
    assert not record.recorded("recognition")
    # dissemination is recorded when it is recorded both inside and outside
    assert record.count("dissemination", "berkane") == 0 and not record.recorded("dissemination", "berkane")
    assert record.count("learning_use") == 0
    rows = {(r["part"], r["side"]): r for r in record.to_records()}
    assert (rows[("recognition", "zeist")]["count"], rows[("recognition", "zeist")]["recorded"]) == (1, False)
    assert part("recognition").of == "learning_outcomes"


def test_an_initiator_among_the_actors_counts_as_recorded_initiation():
    document = {
        "municipalities": HEALTHY["municipalities"],
        "partnerships": [
            {
                "key": "e",
                "municipalities": ["zeist", "berkane"],
                "actors": [{"key": "a", "side": "zeist", "type": "ngo", "roles": ["initiator"]}],
            }
        ],
    }
    assert completeness(Dataset.from_document(document), "e").recorded("initiation")


def test_records_are_flat_rows_for_frames():
    rows = completeness(Dataset.from_document(HEALTHY), "zb").to_records()
    actors = [r for r in rows if r["part"] == "actors"]
    assert [(r["side"], r["count"], r["recorded"]) for r in actors] == [
        ("zeist", 3, True),
        ("berkane", 3, True),
        (None, 6, True),
    ]
    assert {r["dimension"] for r in rows if r["part"].startswith("evidence:")} >= {"power_equality"}


def test_parts_are_named_and_unknown_parts_refused():
    assert part("evidence:process_trust").dimension == "process_trust"
    assert part("actors").form == "actors" and part("initiation").form == "partnership"
    with pytest.raises(KeyError, match="no part 'nope'"):
        part("nope")
