"""`mutuality report --format json`: the report as data, from the command line, on the demo."""

from __future__ import annotations

import json

from mutuality.framework import vocabulary
from tests.commandline import mutuality


def test_the_programme_of_the_demo_as_data_has_no_recommendation_7_without_actors(demo_data_folder):
    """The issue's measure, as a user runs it: `mutuality report --all --format json` after load-demo."""
    output = demo_data_folder / "programme.json"
    result = mutuality(demo_data_folder, "report", "--all", "--format", "json", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert f"Wrote {output}" in result.stderr
    document = json.loads(output.read_text(encoding="utf-8"))
    partnerships = document["partnerships"]
    assert len(partnerships) == 22
    empty = [
        p
        for p in partnerships
        if not any(c["count"] for c in p["completeness"] if c["part"] == "actors" and c["side"] is None)
    ]
    assert len(empty) >= 15
    for partnership in empty:
        assert not [f for f in partnership["findings"] if f["recommendation"] == 7], partnership["key"]
        assert [g for g in partnership["data_gaps"] if "no_migrants_involved" in g["rules"]], partnership[
            "key"
        ]


def test_one_partnership_as_data_on_standard_output_in_another_language(demo_data_folder):
    """Runs the command line once, as a user does (about 4 s: a new process sets Django up)."""
    result = mutuality(
        demo_data_folder, "report", "-p", "Zeist–Berkane", "--format", "json", "--lang", "nl", "-o", "-"
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    [zeist] = document["partnerships"]
    assert document["language"] == "nl" and zeist["key"] == "zeist-berkane"
    fired = {f["rule"] for f in zeist["findings"]}
    assert fired and not [g for g in zeist["data_gaps"] if fired & set(g["rules"])]
    for finding in zeist["findings"]:  # named in Dutch, the key and the number as they are
        english = vocabulary("recommendation")[finding["recommendation_key"]].label
        assert finding["recommendation_label"] != english
        assert (
            finding["recommendation"]
            == list(vocabulary("recommendation").keys()).index(finding["recommendation_key"]) + 1
        )
