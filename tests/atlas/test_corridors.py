"""Corridors read from the stored migrant stocks: both ways, many pairs at once, ``None`` for none."""

from __future__ import annotations

import pytest

from mutuality.atlas.corridors import corridor, corridors_for, stocks_recorded
from mutuality.atlas.models import CorridorStock


def stock(origin: str, destination: str, year: int, migrants: int) -> None:
    CorridorStock.objects.create(origin=origin, destination=destination, year=year, migrants=migrants)


@pytest.mark.django_db
def test_a_corridor_reads_both_directions_in_year_order():
    stock("MA", "NL", 2019, 180_879)
    stock("MA", "NL", 1990, 114_850)
    stock("NL", "MA", 2019, 1_200)
    found = corridor("NL", "MA")
    assert found is not None
    assert found.one_to_other == ((2019, 1_200),)
    assert found.other_to_one == ((1990, 114_850), (2019, 180_879))


@pytest.mark.django_db
def test_no_stock_recorded_is_none_never_zero():
    assert not stocks_recorded()
    assert corridor("NL", "MA") is None
    stock("TR", "DE", 2019, 1_000)
    assert stocks_recorded()
    assert corridor("NL", "MA") is None


@pytest.mark.django_db
def test_many_pairs_are_read_at_once_and_keyed_as_asked(django_assert_num_queries):
    stock("MA", "NL", 2019, 180_879)
    stock("TR", "NL", 2019, 204_702)
    stock("TR", "MA", 2019, 300)
    with django_assert_num_queries(1):
        found = corridors_for([("NL", "MA"), ("TR", "NL"), ("NL", "BE")])
    assert set(found) == {("NL", "MA"), ("TR", "NL")}
    assert found[("TR", "NL")].one_to_other == ((2019, 204_702),)
    assert found[("TR", "NL")].other_to_one == ()


def test_the_reports_dataset_carries_the_corridors_of_each_partnerships_countries(case_studies):
    """The diagnostics read the corridor through the dataset the reports read (mutuality.datasets)."""
    from mutuality.analysis.diagnostics import diagnosis
    from mutuality.datasets import load_dataset

    [before] = diagnosis(load_dataset(["zeist-berkane"], evidence=False), rules=["corridor_without_linkage"])
    assert before.findings == ()
    assert [gap.part for gap in before.gaps if gap.rules] == ["migrant_stock"]  # recorded as limited

    stock("MA", "NL", 1990, 114_850)
    stock("MA", "NL", 2019, 180_879)
    stock("MA", "TR", 2019, 9_999_999)  # not a corridor of the partnership's countries
    dataset = load_dataset(["zeist-berkane"], evidence=False)
    assert list(dataset.corridors) == [("MA", "NL")]
    [after] = diagnosis(dataset, rules=["corridor_without_linkage"])
    [finding] = after.findings
    assert finding.fact_texts == [
        "180\u202f879 people born in Morocco lived in Netherlands in 2019, against 114\u202f850 in 1990 (UN DESA).",
        "The partnership records its translocal linkage as “Limited”.",
    ]
