"""Both sides' views of each dimension, compared, with the passages behind them."""

from __future__ import annotations

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.perspectives import perspectives

DOCUMENT = {
    "partnerships": [
        {"key": "zeist-berkane", "name": "Zeist–Berkane", "municipalities": ["zeist", "berkane"]},
        {"key": "haarlem-emirdag", "name": "Haarlem–Emirdağ", "municipalities": ["haarlem", "emirdag"]},
    ]
}


def _coding(
    id, source_side, dimension, assessment, role="", respondent_side=None, partnership="zeist-berkane"
):
    return {
        "id": id,
        "partnership": partnership,
        "source_side": source_side,
        "respondent_side": respondent_side,
        "code": f"dimension/{dimension}",
        "assessment": assessment,
        "role": role,
        "quote": f"quote {id}",
    }


CODINGS = [
    _coding("z1", "zeist", "power_equality", "strong", "enabling"),
    _coding("z2", "zeist", "power_equality", "strong", "enabling"),
    _coding("b1", "berkane", "power_equality", "limited", "limiting"),
    _coding("b2", None, "power_equality", "limited", "limiting", respondent_side="berkane"),
    _coding("z3", "zeist", "process_trust", "strong"),
    _coding("b3", "berkane", "process_trust", "strong"),
    _coding("z4", "zeist", "complementary_resources", "moderate"),
    _coding("h1", "haarlem", "process_trust", "moderate", partnership="haarlem-emirdag"),
]


def _by_dimension(results, partnership="zeist-berkane"):
    return {p.dimension: p for p in results if p.partnership == partnership}


def test_opposed_views_of_the_two_sides_are_flagged_with_their_passages():
    power = _by_dimension(perspectives(Dataset.from_document(DOCUMENT, CODINGS)))["power_equality"]
    zeist, berkane = power.views
    assert (zeist.side, zeist.level, zeist.leaning) == ("zeist", "strong", "enabling")
    assert (berkane.side, berkane.level, berkane.leaning) == ("berkane", "limited", "limiting")
    assert power.differs and power.opposed and not power.one_sided
    assert berkane.ids == ("b1", "b2") and berkane.quotes == ("quote b1", "quote b2")


def test_the_respondent_side_counts_when_the_source_has_none_unless_asked_otherwise():
    ds = Dataset.from_document(DOCUMENT, CODINGS)
    power = _by_dimension(perspectives(ds, viewpoint="source"))["power_equality"]
    assert power.view("berkane").ids == ("b1",)
    power = _by_dimension(perspectives(ds, viewpoint="respondent"))["power_equality"]
    assert power.view("berkane").ids == ("b2",) and power.view("zeist").codings == ()


def test_agreeing_views_are_not_flagged():
    trust = _by_dimension(perspectives(Dataset.from_document(DOCUMENT, CODINGS)))["process_trust"]
    assert not trust.differs and not trust.opposed


def test_a_dimension_only_one_side_speaks_about_is_one_sided():
    resources = _by_dimension(perspectives(Dataset.from_document(DOCUMENT, CODINGS)))[
        "complementary_resources"
    ]
    assert resources.one_sided and resources.view("berkane").level is None and not resources.differs


def test_only_differences_keeps_the_dimensions_where_the_sides_disagree():
    results = perspectives(Dataset.from_document(DOCUMENT, CODINGS), "zeist-berkane", only_differences=True)
    assert [p.dimension for p in results] == ["power_equality"]


def test_views_from_plain_records_use_the_sides_found_in_them():
    results = perspectives(CODINGS, "zeist-berkane")
    power = _by_dimension(results)["power_equality"]
    assert [v.side for v in power.views] == ["berkane", "zeist"]
    assert {p.partnership for p in perspectives(CODINGS)} == {"zeist-berkane", "haarlem-emirdag"}


def test_records_give_one_row_per_side():
    power = _by_dimension(perspectives(Dataset.from_document(DOCUMENT, CODINGS)))["power_equality"]
    rows = power.to_records()
    assert [(r["side"], r["level"], r["strong"], r["limited"], r["opposed"]) for r in rows] == [
        ("zeist", "strong", 2, 0, True),
        ("berkane", "limited", 0, 2, True),
    ]
