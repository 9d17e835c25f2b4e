"""Rule ``corridor_without_linkage`` (rec. 7): a large migration corridor beside a translocal linkage
recorded as none or limited. It reads the linkage only as recorded and the corridor only where UN
DESA's stocks are on record; where either is missing it asks for it, and only where it would decide."""

from __future__ import annotations

import copy

import pytest

from mutuality.analysis.corridors import LARGE_CORRIDOR
from mutuality.analysis.dataset import Dataset
from mutuality.analysis.diagnostics import RULES, diagnosis

RULE = "corridor_without_linkage"

BASE = {
    "municipalities": [
        {"key": "zeist", "name": "Zeist", "country": "NL"},
        {"key": "berkane", "name": "Berkane", "country": "MA"},
        {"key": "utrecht", "name": "Utrecht", "country": "NL"},
    ],
    "migrant_stocks": [
        {"origin": "MA", "destination": "NL", "year": 1990, "migrants": 114_850},
        {"origin": "MA", "destination": "NL", "year": 2019, "migrants": 180_879},
        {"origin": "NL", "destination": "MA", "year": 2019, "migrants": 1_200},
    ],
    "country_names": {"MA": "Morocco", "NL": "the Netherlands"},
    "partnerships": [{"key": "zb", "name": "Zeist–Berkane", "municipalities": ["zeist", "berkane"]}],
}


def _check(linkage=None, stocks=None, sides=None):
    document = copy.deepcopy(BASE)
    partnership = document["partnerships"][0]
    if linkage is not None:
        partnership["translocal_linkage"] = linkage
    if stocks is not None:
        document["migrant_stocks"] = stocks
    if sides is not None:
        partnership["municipalities"] = sides
    [found] = diagnosis(Dataset.from_document(document), rules=[RULE])
    return found


def _asked(found):
    """The gaps the rule waits for (the rest of an empty record is a gap of no rule)."""
    return [gap for gap in found.gaps if gap.rules]


@pytest.mark.parametrize("linkage", ["none", "limited"])
def test_a_large_corridor_beside_little_linkage_fires_with_the_figures_and_the_record(linkage):
    found = _check(linkage)
    [finding] = found.findings
    assert finding.recommendation == "include_migrants"
    assert finding.rests_on == "ch. 10, rec. 7; ch. 8.4"
    assert finding.fact_texts[0] == (
        "180\u202f879 people born in Morocco lived in the Netherlands in 2019, against 114\u202f850 in 1990 "
        "(UN DESA)."
    )
    label = {"none": "None", "limited": "Limited"}[linkage]
    assert finding.fact_texts[1] == f"The partnership records its translocal linkage as “{label}”."
    assert found.check(RULE).status == "fired"
    assert _asked(found) == []


def test_a_direct_linkage_answers_the_rule():
    found = _check("direct")
    assert found.findings == () and found.check(RULE).status == "checked"


def test_a_corridor_below_the_threshold_is_no_finding_whatever_the_linkage():
    small = [{"origin": "MA", "destination": "NL", "year": 2019, "migrants": LARGE_CORRIDOR - 1}]
    found = _check("none", small)
    assert found.findings == () and found.check(RULE).status == "checked"
    at = [{"origin": "MA", "destination": "NL", "year": 2019, "migrants": LARGE_CORRIDOR}]
    assert _check("none", at).check(RULE).status == "fired"


def test_the_latest_year_decides_not_the_largest():
    shrunk = [
        {"origin": "MA", "destination": "NL", "year": 1990, "migrants": 150_000},
        {"origin": "MA", "destination": "NL", "year": 2019, "migrants": 90_000},
    ]
    assert _check("limited", shrunk).check(RULE).status == "checked"


def test_either_direction_counts_and_each_large_one_is_a_fact():
    both = [
        {"origin": "MA", "destination": "NL", "year": 2019, "migrants": 180_879},
        {"origin": "NL", "destination": "MA", "year": 2019, "migrants": 120_000},
    ]
    [finding] = _check("limited", both).findings
    assert finding.fact_texts[:2] == [
        "180\u202f879 people born in Morocco lived in the Netherlands in 2019 (UN DESA).",
        "120\u202f000 people born in the Netherlands lived in Morocco in 2019 (UN DESA).",
    ]


def test_a_missing_linkage_beside_a_large_corridor_is_a_gap_never_none():
    found = _check()
    assert found.findings == ()
    assert found.check(RULE).status == "not_checked"
    [gap] = _asked(found)
    assert (gap.part, gap.side, gap.rules, gap.form) == ("translocal_linkage", None, (RULE,), "partnership")
    assert gap.what.text.startswith("The translocal linkage is not recorded: record")


def test_little_linkage_without_stocks_on_record_asks_for_un_desa_stocks():
    found = _check("limited", stocks=[])
    assert found.findings == ()
    assert found.check(RULE).status == "not_checked"
    [gap] = _asked(found)
    assert (gap.part, gap.rules) == ("migrant_stock", (RULE,))
    assert "mutuality atlas import" in gap.what.text and "UN DESA" in gap.what.text


def test_neither_linkage_nor_stocks_on_record_asks_for_nothing():
    found = _check(stocks=[])
    assert found.check(RULE).status == "not_checked"
    assert _asked(found) == []


def test_partners_in_one_country_have_no_corridor_to_read():
    found = _check("none", sides=["zeist", "utrecht"])
    assert found.findings == () and found.check(RULE).status == "checked" and _asked(found) == []


def test_what_the_rule_looks_for_states_the_threshold_in_one_place():
    assert f"{LARGE_CORRIDOR:,}" in RULES[RULE].fires_when
