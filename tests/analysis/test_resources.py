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


def _partnership(*resources):
    return Dataset.from_document(
        {
            "partnerships": [
                {"key": "p", "name": "P", "municipalities": ["a", "b"], "resources": list(resources)}
            ]
        }
    )


def test_financial_contributions_are_summed_per_side_with_the_programme_share(dataset):
    haarlem, emirdag = resources_by_side(dataset)
    assert haarlem.financial_eur == 16000 and haarlem.programme_eur == 12000
    assert haarlem.programme_share == pytest.approx(0.75)
    assert haarlem.by_programme == {"logo-east": 12000}
    assert emirdag.financial_eur == 1000


def test_the_share_of_the_partnership_s_money_is_each_side_s_part_of_the_euros():
    a, b = resources_by_side(
        _partnership(
            _resource("x", "a", "financial", 3000, "eur"), _resource("y", "b", "financial", 1000, "eur")
        )
    )
    assert a.share_of_partnership == pytest.approx(0.75) and b.share_of_partnership == pytest.approx(0.25)
    assert b.programme_share == 0.0 and b.money_known


def test_money_without_an_amount_makes_the_shares_not_known_instead_of_0_and_100_percent():
    # Zeist's €4,000 beside Berkane's payments of unknown size: neither side's share is known.
    zeist, berkane = resources_by_side(
        _partnership(_resource("budget", "a", "financial", 4000, "eur"), _resource("paid", "b", "financial"))
    )
    assert berkane.share_of_partnership is None and zeist.share_of_partnership is None
    assert berkane.financial_unquantified == 1 and berkane.financial_known == 0
    assert zeist.financial_known == 1 and zeist.partnership_unknown == 1


def test_the_programme_share_is_not_known_when_the_side_paid_an_amount_not_known(dataset):
    _haarlem, emirdag = resources_by_side(dataset)
    assert emirdag.financial_eur == 1000 and emirdag.financial_unquantified == 1
    assert emirdag.programme_share is None and not emirdag.money_known


def test_programme_money_without_an_amount_is_counted_per_programme():
    [side, _other] = resources_by_side(
        _partnership(
            _resource("m1", "a", "financial", programme="matra"),
            _resource("m2", "a", "financial", programme="matra"),
            _resource("logo", "a", "financial", 500, "eur", programme="logo"),
        )
    )
    assert side.programme_unquantified == {"matra": 2}
    assert side.by_programme == {"logo": 500} and side.programme_share is None


def test_money_in_another_currency_is_kept_apart_never_added_to_euros_nor_put_in_kind():
    a, b = resources_by_side(
        _partnership(
            _resource("eur", "a", "financial", 1000, "eur"), _resource("mad", "a", "financial", 5000, "mad")
        )
    )
    assert a.financial_eur == 1000 and a.other_money == {"mad": 5000}
    assert a.in_kind == {} and a.in_kind_contributions == 0
    assert a.programme_share is None and a.share_of_partnership is None  # 5,000 dirham is not 0 euro
    assert b.partnership_unknown == 1


def test_contributions_in_kind_are_counted_apart_from_money(dataset):
    _haarlem, emirdag = resources_by_side(dataset)
    assert emirdag.in_kind_contributions == 2 and emirdag.in_kind_unquantified == 1


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


def test_over_time_money_without_an_amount_shares_the_row_of_the_euros():
    rows = resources_by_year(
        _partnership(
            _resource("budget", "a", "financial", 4000, "eur"),
            _resource("costs", "a", "financial"),
            _resource("matra", "a", "financial", programme="matra", start=2007, end=2008),
        )
    )
    undated = [r for r in rows if r.year is None]
    assert [(r.unit, r.amount, r.contributions, r.unquantified) for r in undated] == [("eur", 4000, 2, 1)]
    assert {r.year: r.programme_unquantified for r in rows if r.year} == {2007: 1, 2008: 1}


def test_years_are_listed_in_order_per_side_undated_last(dataset):
    years = [(r.side, r.year) for r in resources_by_year(dataset) if r.kind == "financial"]
    assert years[:2] == [("haarlem", 2005), ("haarlem", 2006)]
    assert years[-2:] == [("emirdag", 2011), ("emirdag", None)]
