"""Resources each side brings: euros, support programmes, in kind, unquantified, over time."""

from __future__ import annotations

import pytest

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.resources import resources_by_side, resources_by_year


def _resource(key, side, kind, amount=None, unit="", programme=None, start=None, end=None):
    return {
        "key": key,
        "side": side,
        "kind": kind,
        "amount": amount,
        "unit": unit,
        "programme": programme,
        "start_year": start,
        "end_year": end,
    }


RESOURCES = [
    _resource("budget", "haarlem", "financial", 4000, "eur", start=2007, end=2010),
    _resource("logo-east", "haarlem", "financial", 12000, "eur", programme="logo-east", start=2005, end=2010),
    _resource("evenings", "haarlem", "volunteer_hours", 120, "hours", start=2008),
    _resource("more-evenings", "haarlem", "volunteer_hours", 30, "hours", start=2009),
    _resource("welcome", "emirdag", "hospitality"),
    _resource("nights", "emirdag", "lodging", 12, "nights", start=2009),
    _resource("flights", "emirdag", "financial", 1000, "eur", start=2011),
    _resource("unknown-money", "emirdag", "financial"),
]


@pytest.fixture
def dataset():
    return Dataset.from_document(
        {
            "partnerships": [
                {"key": "he", "name": "HE", "municipalities": ["haarlem", "emirdag"], "resources": RESOURCES}
            ]
        }
    )


def test_financial_contributions_are_summed_per_side_with_the_programme_share(dataset):
    haarlem, emirdag = resources_by_side(dataset)
    assert haarlem.financial_eur == 16000 and haarlem.programme_eur == 12000
    assert haarlem.programme_share == pytest.approx(0.75)
    assert haarlem.by_programme == {"logo-east": 12000}
    assert haarlem.share_of_partnership == pytest.approx(16000 / 17000)
    assert emirdag.financial_eur == 1000 and emirdag.programme_share == 0.0


def test_in_kind_contributions_are_summed_per_kind_and_unit(dataset):
    haarlem, emirdag = resources_by_side(dataset)
    assert haarlem.in_kind == {"volunteer_hours": {"hours": 150}}
    assert emirdag.in_kind == {"lodging": {"nights": 12}}


def test_contributions_without_an_amount_are_counted_not_dropped(dataset):
    haarlem, emirdag = resources_by_side(dataset)
    assert emirdag.unquantified == {"hospitality": 1, "financial": 1}
    assert emirdag.unquantified_contributions == 2
    assert haarlem.unquantified_contributions == 0
    assert emirdag.to_record()["unquantified"] == "hospitality: 1; financial: 1"


def test_a_side_without_euros_has_no_programme_share():
    ds = Dataset.from_document(
        {
            "partnerships": [
                {
                    "key": "p",
                    "name": "P",
                    "municipalities": ["a", "b"],
                    "resources": [_resource("x", "a", "hospitality")],
                }
            ]
        }
    )
    a, b = resources_by_side(ds)
    assert a.programme_share is None and a.share_of_partnership is None and b.contributions == ()


def test_over_time_a_total_is_spread_evenly_over_its_years(dataset):
    rows = {(r.side, r.year, r.kind): r for r in resources_by_year(dataset)}
    # 4,000 over 2007–2010 plus 12,000 over 2005–2010 (2,000 a year, all from the programme).
    assert rows[("haarlem", 2005, "financial")].amount == pytest.approx(2000)
    assert rows[("haarlem", 2007, "financial")].amount == pytest.approx(3000)
    assert rows[("haarlem", 2007, "financial")].programme_amount == pytest.approx(2000)
    assert rows[("haarlem", 2009, "volunteer_hours")].amount == 30
    assert rows[("emirdag", None, "hospitality")].unquantified == 1


def test_over_time_yearly_amounts_count_in_full_each_year(dataset):
    rows = {(r.side, r.year, r.kind): r for r in resources_by_year(dataset, amounts="yearly")}
    assert rows[("haarlem", 2008, "financial")].amount == 16000
    assert rows[("haarlem", 2006, "financial")].amount == 12000
    with pytest.raises(ValueError, match="amounts must be"):
        resources_by_year(dataset, amounts="monthly")


def test_years_are_listed_in_order_per_side_undated_last(dataset):
    years = [(r.side, r.year) for r in resources_by_year(dataset) if r.kind == "financial"]
    assert years[:2] == [("haarlem", 2005), ("haarlem", 2006)]
    assert years[-2:] == [("emirdag", 2011), ("emirdag", None)]
