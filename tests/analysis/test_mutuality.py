"""Flows of learning by direction, and the balance measure at project and partnership level."""

from __future__ import annotations

import pytest

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.mutuality import balance, evenness, knowledge_flows, learning_flows, mutuality


def _outcome(key, side, project=None, learned_from=None, form="adaptation"):
    return {
        "key": key,
        "side": side,
        "project": project,
        "learned_from": learned_from,
        "description": key,
        "form": form,
    }


def _dataset(outcomes, exchanges=(), sides=("zeist", "berkane"), projects=("waste", "youth")):
    return Dataset.from_document(
        {
            "partnerships": [
                {
                    "key": "p",
                    "name": "P",
                    "municipalities": list(sides),
                    "projects": [{"key": k, "name": k, "types": ["local_governance"]} for k in projects],
                    "exchanges": list(exchanges),
                    "learning_outcomes": list(outcomes),
                }
            ]
        }
    )


def test_balance_is_one_when_both_sides_learned_equally():
    assert balance({"a": 3, "b": 3}, ["a", "b"]) == 1.0
    assert evenness({"a": 3, "b": 3}, ["a", "b"]) == pytest.approx(1.0)


def test_balance_is_zero_when_only_one_side_learned():
    assert balance({"a": 4}, ["a", "b"]) == 0.0
    assert evenness({"a": 4}, ["a", "b"]) == 0.0


def test_balance_of_two_sides_is_one_minus_the_relative_difference():
    assert balance({"a": 3, "b": 1}, ["a", "b"]) == pytest.approx(1 - abs(3 - 1) / (3 + 1))


def test_balance_is_undefined_without_learning_or_a_second_side():
    assert balance({}, ["a", "b"]) is None
    assert balance({"a": 2}, ["a"]) is None


def test_with_three_sides_a_side_left_out_makes_the_balance_zero_but_not_the_evenness():
    assert balance({"a": 2, "b": 2, "c": 2}, ["a", "b", "c"]) == 1.0
    assert balance({"a": 2, "b": 2}, ["a", "b", "c"]) == 0.0
    assert 0 < evenness({"a": 2, "b": 2}, ["a", "b", "c"]) < 1


def test_symmetric_learning_in_a_project_balances():
    result = mutuality(_dataset([_outcome("1", "zeist", "waste"), _outcome("2", "berkane", "waste")]))[0]
    assert result.project("waste").balance == 1.0
    assert result.balance == 1.0


def test_partnership_is_mutual_while_each_project_is_one_way():
    ds = _dataset(
        [
            _outcome("sorting", "berkane", "waste", "zeist"),
            _outcome("recycling", "berkane", "waste", "zeist"),
            _outcome("youth-work", "zeist", "youth", "berkane"),
            _outcome("images", "zeist", None, "berkane"),
        ]
    )
    result = mutuality(ds)[0]
    assert result.project("waste").balance == 0.0 and result.project("waste").one_way
    assert result.project("youth").balance == 0.0
    assert result.overall.received == {"berkane": 2, "zeist": 2}
    assert result.balance == 1.0
    assert result.mutual_beyond_projects
    records = result.to_records()
    assert records[0]["level"] == "partnership" and records[0]["mutual_beyond_projects"] is True
    assert [r["project"] for r in records[1:]] == ["waste", "youth"]


def test_mutual_projects_are_not_reported_as_mutual_only_beyond_projects():
    result = mutuality(_dataset([_outcome("1", "zeist", "waste"), _outcome("2", "berkane", "waste")]))[0]
    assert not result.mutual_beyond_projects


def test_flows_say_who_learned_what_from_whom_per_form():
    ds = _dataset(
        [
            _outcome("sorting", "berkane", "waste", "zeist", "transfer"),
            _outcome("bins", "berkane", "waste", "zeist", "transfer"),
            _outcome("rules", "zeist", "waste", "berkane", "transformative"),
        ]
    )
    flows = {(f.from_side, f.to_side, f.form): f for f in learning_flows(ds)}
    assert set(flows) == {("zeist", "berkane", "transfer"), ("berkane", "zeist", "transformative")}
    assert flows[("zeist", "berkane", "transfer")].count == 2
    assert flows[("zeist", "berkane", "transfer")].to_record()["learning"] == ("sorting", "bins")
    unsplit = learning_flows(ds, by_form=False)
    assert {(f.from_side, f.to_side, f.count) for f in unsplit} == {
        ("zeist", "berkane", 2),
        ("berkane", "zeist", 1),
    }


def test_flows_per_project_and_inferred_sources():
    ds = _dataset([_outcome("a", "berkane", "waste"), _outcome("b", "zeist", "youth", "berkane")])
    flows = learning_flows(ds, level="project")
    assert [(f.project, f.from_side, f.to_side, f.inferred) for f in flows] == [
        ("waste", "zeist", "berkane", 1),  # no learned_from: the other side of a two-sided partnership
        ("youth", "berkane", "zeist", 0),
    ]


def test_knowledge_flows_are_counted_by_type_and_give_their_own_balance():
    exchanges = [
        {
            "key": "visit",
            "title": "Visit",
            "project": "waste",
            "start": "2008",
            "method": "field_visit",
            "knowledge": [
                {"from": "zeist", "to": "berkane", "type": "tacit", "domain": "technical"},
                {"from": "zeist", "to": "berkane", "type": "codified", "domain": "technical"},
            ],
        }
    ]
    ds = _dataset([], exchanges)
    edges = knowledge_flows(ds)
    assert [(e.from_side, e.to_side, e.kind, e.count) for e in edges] == [
        ("zeist", "berkane", "codified", 1),
        ("zeist", "berkane", "tacit", 1),
    ]
    assert knowledge_flows(ds, by=None)[0].count == 2
    result = mutuality(ds)[0]
    assert result.overall.knowledge_balance == 0.0 and result.balance is None


def test_a_wrong_level_is_refused():
    with pytest.raises(ValueError, match="level must be"):
        learning_flows(_dataset([]), level="city")


# --- what a balance rests on ----------------------------------------------------------------


def _outcomes(side, count, recognised=0, project=None):
    """``count`` outcomes of ``side``, the first ``recognised`` of them recognised by those who learned."""
    return [_outcome(f"{side}-{i}", side, project) | {"recognised": i < recognised} for i in range(count)]


def test_a_balance_carries_each_side_s_outcomes_and_how_many_are_recognised():
    result = mutuality(_dataset(_outcomes("zeist", 3, recognised=1) + _outcomes("berkane", 4, 4, "waste")))[0]
    assert result.overall.received == {"zeist": 3, "berkane": 4}
    assert result.overall.recognised == {"zeist": 1, "berkane": 4}
    assert result.project("waste").recognised.get("berkane") == 4
    assert result.to_records()[0]["recognised_zeist"] == 1


def test_outcomes_whose_recognition_is_not_recorded_are_counted_apart_not_as_unrecognised():
    unknown = [_outcome(f"zeist-open-{i}", "zeist") for i in range(2)]  # recognition left out
    result = mutuality(_dataset(_outcomes("zeist", 2, recognised=1) + unknown + _outcomes("berkane", 3, 3)))[
        0
    ]
    assert result.overall.received == {"zeist": 4, "berkane": 3}
    assert result.overall.recognised == {"zeist": 1, "berkane": 3}
    assert result.overall.recognition_not_known.get("zeist") == 2
    assert result.overall.recognition_not_known.get("berkane", 0) == 0
    record = result.to_records()[0]
    assert (record["recognised_zeist"], record["recognition_not_known_zeist"]) == (1, 2)


def test_a_side_with_fewer_than_three_outcomes_is_named():
    result = mutuality(_dataset(_outcomes("zeist", 5) + _outcomes("berkane", 2)))[0]
    assert result.overall.few_outcomes == ("berkane",)
    assert result.to_records()[0]["few_outcomes"] == "berkane"


def test_a_side_with_no_outcome_is_named_as_one_with_too_few():
    result = mutuality(_dataset(_outcomes("zeist", 4)))[0]
    assert result.overall.one_way and result.overall.few_outcomes == ("berkane",)


def test_three_outcomes_a_side_are_enough():
    result = mutuality(_dataset(_outcomes("zeist", 3) + _outcomes("berkane", 3)))[0]
    assert result.overall.few_outcomes == ()


def test_without_learning_there_is_no_balance_to_doubt():
    result = mutuality(_dataset([]))[0]
    assert result.balance is None and result.overall.few_outcomes == ()


def test_one_way_learning_has_an_evenness_of_0_not_minus_0():
    assert f"{evenness({'a': 4}, ['a', 'b']):.2f}" == "0.00"
