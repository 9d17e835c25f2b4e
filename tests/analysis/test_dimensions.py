"""Table 8.1 from coded evidence: levels per context, contradictions flagged, evidence kept."""

from __future__ import annotations

import pytest

from mutuality.analysis.dataset import Coding, Dataset
from mutuality.analysis.dimensions import CONTEXTS, combine, context_values, dimension_table


def _partnership(key, sides, project, types, subjects):
    return {
        "key": key,
        "name": key,
        "municipalities": sides,
        "projects": [{"key": project, "name": project, "types": types, "subjects": subjects}],
    }


DOCUMENT = {
    "municipalities": [
        {"key": "amsterdam", "name": "Amsterdam", "country": "NL"},
        {"key": "kocaeli", "name": "Kocaeli", "country": "TR"},
        {"key": "haarlem", "name": "Haarlem", "country": "NL"},
        {"key": "emirdag", "name": "Emirdağ", "country": "TR"},
        {"key": "meppel", "name": "Meppel", "country": "NL"},
        {"key": "al-hoceima", "name": "Al Hoceima", "country": "MA"},
    ],
    "partnerships": [
        _partnership(
            "amsterdam-kocaeli", ["amsterdam", "kocaeli"], "fire", ["local_governance"], ["fire safety"]
        ),
        _partnership(
            "haarlem-emirdag", ["haarlem", "emirdag"], "waste", ["local_governance"], ["waste management"]
        ),
        _partnership(
            "meppel-al-hoceima",
            ["meppel", "al-hoceima"],
            "dialogue",
            ["local_governance"],
            ["local governance"],
        ),
    ],
}


def _coding(id, partnership, dimension, assessment="", role="", side=None, quote=""):
    return {
        "id": id,
        "partnership": partnership,
        "code": f"dimension/{dimension}",
        "assessment": assessment,
        "role": role,
        "side": side,
        "quote": quote or f"passage {id}",
    }


TABLE_8_1 = [
    _coding(
        "ak1",
        "amsterdam-kocaeli",
        "professional_similarity",
        "strong",
        "enabling",
        "kocaeli",
        "fire brigades alike",
    ),
    _coding("ak2", "amsterdam-kocaeli", "professional_similarity", "strong", "enabling", "amsterdam"),
    _coding("he1", "haarlem-emirdag", "professional_similarity", "strong", "enabling", "emirdag"),
    _coding(
        "ma1", "meppel-al-hoceima", "professional_similarity", "limited", "limiting", "meppel", "few peers"
    ),
    _coding("ma2", "meppel-al-hoceima", "professional_similarity", "limited", "", "meppel"),
    _coding("he2", "haarlem-emirdag", "difference_recognition", "strong", "enabling", "haarlem"),
]


def test_table_8_1_professional_similarity_strong_on_fire_and_waste_limited_on_dutch_local_governance():
    ds = Dataset.from_document(DOCUMENT, TABLE_8_1)
    table = dimension_table(ds, by=["subject", ("subject", "country")])

    assert table.level("professional_similarity", "fire safety") == "strong"
    assert table.level("professional_similarity", "waste management") == "strong"
    assert table.level("professional_similarity", "local governance") == "limited"
    assert (
        table.level("professional_similarity", "local governance+NL", family="subject+country") == "limited"
    )

    row = next(r for r in table.rows() if r.dimension == "professional_similarity")
    strong, limited = row.statements
    assert strong.level == "strong" and limited.level == "limited"
    assert {"subject: fire safety", "subject: waste management"} <= set(strong.contexts)
    assert "subject+country: local governance+NL" in limited.contexts
    assert row.text().startswith("Strong: subject: fire safety; ")


def test_cells_carry_the_codings_behind_them():
    table = dimension_table(Dataset.from_document(DOCUMENT, TABLE_8_1), by=["subject"])
    cell = table.cell("professional_similarity", "local governance")
    assert cell.ids == ("ma1", "ma2")
    assert cell.quotes[0] == "few peers"
    assert cell.counts == {"strong": 0, "moderate": 0, "limited": 2, "unassessed": 0}
    assert cell.roles == {"enabling": 0, "limiting": 1, "unspecified": 1}


def test_contradicting_evidence_is_flagged_and_counted_not_averaged():
    records = [
        _coding("a", "p", "process_trust", "strong", "enabling"),
        _coding("b", "p", "process_trust", "strong"),
        _coding("c", "p", "process_trust", "limited", "limiting"),
        _coding("d", "p", "process_trust", "limited"),
    ]
    cell = dimension_table(records, by=["all"]).cell("process_trust", "all")
    # Two strong and two limited passages are not "moderate": the tie is shown as mixed, with both counts.
    assert cell.level == "mixed"
    assert (cell.counts["strong"], cell.counts["moderate"], cell.counts["limited"]) == (2, 0, 2)
    assert cell.contradictions == ("strong_and_limited", "enabling_and_limiting")

    records.append(_coding("e", "p", "process_trust", "strong"))
    cell = dimension_table(records, by=["all"]).cell("process_trust", "all")
    assert cell.level == "strong" and cell.contradictory  # the majority wins, the dissent stays visible
    assert cell.counts["limited"] == 2
    row = next(r for r in dimension_table(records, by=["all"]).rows() if r.dimension == "process_trust")
    assert row.statements[0].contradicted == ("all: all",)
    assert "(contradicting evidence)" in row.text()


def test_moderate_beside_strong_is_not_a_contradiction():
    codings = [
        Coding(str(i), vocabulary="dimension", term="power_equality", assessment=a, role="enabling")
        for i, a in enumerate(["strong", "moderate"])
    ]
    combined = combine(codings)
    assert combined.level == "mixed" and combined.contradictions == ()


def test_changing_the_codings_changes_the_table():
    ds = Dataset.from_document(DOCUMENT, TABLE_8_1)
    before = dimension_table(ds, by=["subject"])
    assert before.level("professional_similarity", "waste management") == "strong"

    changed = [dict(c, assessment="moderate") if c["id"] == "he1" else c for c in TABLE_8_1]
    after = dimension_table(ds.with_codings(changed), by=["subject"])
    assert after.level("professional_similarity", "waste management") == "moderate"
    assert after.level("professional_similarity", "fire safety") == "strong"

    fewer = dimension_table(ds.with_codings(TABLE_8_1[:3]), by=["subject"])
    assert fewer.cell("professional_similarity", "local governance") is None


def test_side_and_country_contexts_tell_whose_learning():
    table = dimension_table(Dataset.from_document(DOCUMENT, TABLE_8_1), by=["side", "country"])
    assert table.level("professional_similarity", "meppel", family="side") == "limited"
    assert table.cell("professional_similarity", "NL", family="country").counts["strong"] == 1
    assert table.cell("professional_similarity", "NL", family="country").counts["limited"] == 2
    assert table.level("professional_similarity", "TR", family="country") == "strong"


def test_codings_without_assessment_are_counted_but_set_no_level():
    cell = dimension_table([_coding("u", "p", "power_equality", "", "enabling")], by=["all"]).cell(
        "power_equality", "all"
    )
    assert cell.level is None and cell.counts["unassessed"] == 1
    row = next(
        r
        for r in dimension_table([_coding("u", "p", "power_equality")], by=["all"]).rows()
        if r.dimension == "power_equality"
    )
    assert row.statements == () and row.text() == "no assessed evidence"


def test_other_codes_and_other_partnerships_are_left_out():
    records = [*TABLE_8_1, {"id": "t", "partnership": "haarlem-emirdag", "code": "Themes / Waste"}]
    table = dimension_table(
        Dataset.from_document(DOCUMENT, records), by=["subject"], partnership="haarlem-emirdag"
    )
    assert {c.dimension for c in table.cells} == {"professional_similarity", "difference_recognition"}
    assert {c.context for c in table.cells} == {"waste management"}


def test_rows_follow_the_framework_order_of_dimensions():
    rows = dimension_table(TABLE_8_1, by=["all"]).rows()
    assert [r.dimension for r in rows][:2] == ["professional_similarity", "difference_recognition"]
    assert len(rows) == 6


def test_an_unknown_context_names_the_known_ones():
    with pytest.raises(ValueError, match="unknown context 'region'; known: subject"):
        dimension_table(TABLE_8_1, by=["region"])


def test_records_give_one_row_per_cell():
    record = dimension_table(TABLE_8_1, by=["all"]).to_records()[0]
    assert record["dimension"] == "professional_similarity" and record["level"] == "strong"
    assert record["strong"] == 3 and record["limited"] == 2 and record["contradictory"] is True
    assert record["evidence"] == ("ak1", "ak2", "he1", "ma1", "ma2")


def test_every_context_groups_each_coding_by_its_own_values():
    # The table works a coding's buckets out once per combination of the fields a context reads
    # (``_READS``); a context reading a field not named there would put codings in the wrong cells.
    records = [
        {
            **_coding(f"c{i}", partnership, "professional_similarity", assessment, role, side),
            "source_kind": kind,
            "source_side": side if i % 3 else None,
            "respondent_side": None if i % 2 else side,
            "coder": coder,
        }
        for i, (partnership, side, assessment, role, kind, coder) in enumerate(
            [
                ("amsterdam-kocaeli", "kocaeli", "strong", "enabling", "interview", "ana"),
                ("amsterdam-kocaeli", "amsterdam", "limited", "limiting", "document", "ben"),
                ("haarlem-emirdag", "emirdag", "strong", "", "interview", "ben"),
                ("haarlem-emirdag", "haarlem", "moderate", "enabling", "observation", "ana"),
                ("meppel-al-hoceima", "meppel", "limited", "limiting", "interview", "ana"),
                ("meppel-al-hoceima", "al-hoceima", "", "", "document", "ben"),
            ]
        )
    ]
    dataset = Dataset.from_document(DOCUMENT, records)
    for family in [*CONTEXTS, ("project_type", "country"), ("coder", "viewpoint")]:
        expected: dict[str, list[str]] = {}
        for coding in dataset.codings:
            for value in context_values(coding, family):
                expected.setdefault(value, []).append(coding.id)
        table = dimension_table(dataset, by=[family])
        assert {cell.context: list(cell.ids) for cell in table.cells} == expected, family
