"""Continuity: exchanges per year, gaps, unfollowed exploratory visits, long-running projects."""

from __future__ import annotations

import pytest

from mutuality.analysis.continuity import continuity, exploratory_without_follow_up, gaps
from mutuality.analysis.dataset import Dataset


def _exchange(key, start, end=None, stage="follow_up", project=None, method="field_visit"):
    return {
        "key": key,
        "title": key,
        "start": start,
        "end": end,
        "stage": stage,
        "project": project,
        "method": method,
    }


def _dataset(exchanges, projects=()):
    return Dataset.from_document(
        {
            "partnerships": [
                {
                    "key": "p",
                    "name": "P",
                    "municipalities": ["a", "b"],
                    "projects": list(projects),
                    "exchanges": list(exchanges),
                }
            ]
        }
    )


def test_an_exchange_counts_in_every_year_it_runs():
    result = continuity(_dataset([_exchange("matra", "2007", "2010"), _exchange("visit", "2008-05")]))[0]
    assert result.active == {2007: 1, 2008: 2, 2009: 1, 2010: 1}
    assert result.started == {2007: 1, 2008: 1}
    assert (result.first_year, result.last_year) == (2007, 2010)


def test_years_without_exchanges_inside_the_span_are_gaps():
    ds = _dataset(
        [_exchange("a", "2003"), _exchange("b", "2005"), _exchange("c", "2006"), _exchange("d", "2010")]
    )
    result = continuity(ds)[0]
    assert result.gaps == ((2004, 2004), (2007, 2009))
    assert result.longest_gap == 3
    assert result.to_record()["gaps"] == "2004; 2007–2009"
    assert [r["active"] for r in result.year_records()] == [1, 0, 1, 1, 0, 0, 0, 1]


def test_no_gap_in_a_continuous_exchange():
    assert gaps([2001, 2002, 2003]) == () and gaps([]) == ()
    assert continuity(_dataset([_exchange("a", "2001", "2004")]))[0].longest_gap == 0


def test_an_exploratory_visit_without_a_later_follow_up_is_found():
    ds = _dataset([_exchange("follow", "2006"), _exchange("explore", "2008-03", stage="exploratory")])
    result = continuity(ds)[0]
    assert [e.key for e in result.unfollowed] == ["explore"]


def test_an_exploratory_visit_followed_up_the_same_year_is_not_found():
    ds = _dataset([_exchange("explore", "2008-03", stage="exploratory"), _exchange("follow", "2008")])
    assert continuity(ds)[0].unfollowed == ()


def test_a_project_visit_needs_a_follow_up_in_that_project():
    exchanges = [
        _exchange("explore", "2008", stage="exploratory", project="waste"),
        _exchange("other", "2009", project="youth"),
    ]
    ds = _dataset(exchanges)
    assert [e.key for e in continuity(ds)[0].unfollowed] == ["explore"]
    assert continuity(ds, scope="partnership")[0].unfollowed == ()
    with pytest.raises(ValueError, match="scope must be"):
        exploratory_without_follow_up(ds.exchanges, scope="city")


def test_long_running_projects_span_at_least_the_minimum_years():
    projects = [
        {"key": "fire", "name": "Fire", "types": ["local_governance"], "start_year": 2004, "end_year": 2011},
        {"key": "new", "name": "New", "types": ["local_governance"], "start_year": 2010, "end_year": 2011},
        {"key": "dated-by-exchanges", "name": "D", "types": ["integration"]},
    ]
    exchanges = [
        _exchange("x", "2005", project="dated-by-exchanges"),
        _exchange("y", "2009", project="dated-by-exchanges"),
    ]
    result = continuity(_dataset(exchanges, projects))[0]
    assert [s.project for s in result.long_running] == ["fire", "dated-by-exchanges"]
    spans = {s.project: s.years for s in result.projects}
    assert spans == {"fire": 8, "new": 2, "dated-by-exchanges": 5}
    assert [s.project for s in continuity(_dataset(exchanges, projects), min_years=6)[0].long_running] == [
        "fire"
    ]


def test_undated_exchanges_are_listed_apart():
    result = continuity(_dataset([_exchange("x", None)]))[0]
    assert result.undated == ("x",) and result.active == {} and result.first_year is None
    assert result.year_records() == []
