"""Partner discovery over the link register: a municipality found through its matched city, the
network and UN DESA's stocks read from the database, and `mutuality atlas discover`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mutuality.analysis.discovery import Filters
from mutuality.atlas.discovery import NotMatched, discover_partners, home_of
from mutuality.atlas.models import City
from mutuality.cli import app
from mutuality.formats.atlas import import_files
from mutuality.partnerships.models import Municipality

PAIRS = """city1,country1,lat1,lng1,city2,country2,lat2,lng2
Zeist,Netherlands,52.09,5.23,Berkane,Morocco,34.92,-2.32
Zeist,Netherlands,52.09,5.23,Slavkov u Brna,Czech Republic,49.15,16.88
Berkane,Morocco,34.92,-2.32,Bondy,France,48.90,2.48
Berkane,Morocco,34.92,-2.32,Saint-Gilles,Belgium,50.83,4.35
Slavkov u Brna,Czech Republic,49.15,16.88,Bondy,France,48.90,2.48
Nador,Morocco,35.17,-2.93,Amsterdam,Netherlands,52.37,4.90
Edirne,Turkey,41.68,26.56,Deventer,Netherlands,52.25,6.16
"""
STOCKS = """year,destination,origin,stock
1990,Netherlands,Morocco,114850
2019,Netherlands,Morocco,180879
2019,Netherlands,Turkey,204702
2019,Netherlands,Belgium,60996
2019,Netherlands,France,29455
2019,Netherlands,Czechia,5000
"""


@pytest.fixture
def small_atlas(tmp_path, db):
    """Zeist and Gouda as municipalities, then a small twin-town list and migrant stocks imported."""
    zeist = Municipality.objects.create(key="zeist", name="Zeist", country="NL")
    Municipality.objects.create(key="gouda", name="Gouda", country="NL")
    (tmp_path / "pairs.csv").write_text(PAIRS, encoding="utf-8")
    (tmp_path / "stocks.csv").write_text(STOCKS, encoding="utf-8")
    import_files([tmp_path / "pairs.csv", tmp_path / "stocks.csv"])
    return zeist


def test_a_municipality_is_found_through_the_city_matched_to_it(small_atlas):
    home = home_of(small_atlas)
    assert home is not None
    assert [City.objects.get(pk=pk).name for pk in home.cities] == ["Zeist"]
    assert home.country == "NL" and home.population is None
    assert home_of(Municipality.objects.get(key="gouda")) is None


def test_candidates_are_ranked_by_their_reasons_and_linked_cities_left_out(small_atlas):
    found = discover_partners(small_atlas)
    assert [(c.place.name, c.place.country, c.score) for c in found.candidates] == [
        ("Bondy", "FR", 3.47),
        ("Saint-Gilles", "BE", 2.79),
        ("Edirne", "TR", 2.31),
        ("Nador", "MA", 2.26),
    ]
    assert found.already_linked == 2
    bondy = found.candidates[0]
    assert [r.key for r in bondy.reasons] == ["corridor", "partners_of_partners", "size_unknown"]
    assert bondy.reasons[1].text == "Already linked to 2 of Zeist's partners: Berkane, Slavkov u Brna."


def test_filters_reach_the_ranking(small_atlas):
    found = discover_partners(small_atlas, filters=Filters(countries=frozenset({"MA", "TR"})))
    assert [c.place.name for c in found.candidates] == ["Edirne", "Nador"]


def test_the_population_of_the_municipality_comes_from_its_record_before_wikidata(small_atlas):
    City.objects.filter(municipality=small_atlas).update(population=60_000)
    assert home_of(small_atlas).population == 60_000
    small_atlas.population = 66_000
    small_atlas.save()
    assert home_of(small_atlas).population == 66_000


def test_a_municipality_matched_to_no_city_is_refused(small_atlas):
    with pytest.raises(NotMatched):
        discover_partners(Municipality.objects.get(key="gouda"))


def test_the_command_prints_the_ranked_list_with_each_reason_and_its_points(small_atlas):
    result = CliRunner().invoke(app, ["atlas", "discover", "Zeist", "--top", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2 already linked to it left out" in lines[0]
    assert "The population of Zeist is not known: sizes are not compared." in lines
    first = lines.index(next(line for line in lines if line.lstrip().startswith("1. Bondy (FR)")))
    assert lines[first].endswith(": 3.47")
    assert lines[first + 1].strip().startswith("+1.47  29\u202f455 people born in France lived in")
    assert not any("Nador" in line for line in lines)


def test_the_command_gives_json_candidates_with_city_country_score_and_reasons(small_atlas):
    result = CliRunner().invoke(app, ["atlas", "discover", "zeist", "--json", "--country", "ma"])
    assert result.exit_code == 0, result.output
    [nador] = json.loads(result.output)
    assert (nador["city"], nador["country"], nador["score"]) == ("Nador", "MA", 2.26)
    assert nador["reasons"][0]["reason"] == "corridor" and nador["reasons"][0]["points"] == 2.26
    assert "180\u202f879 people born in Morocco" in nador["reasons"][0]["text"]


def test_the_command_says_when_the_municipality_is_matched_to_no_city(small_atlas):
    result = CliRunner().invoke(app, ["atlas", "discover", "Gouda"])
    assert result.exit_code == 1
    assert "Gouda is matched to no city of the atlas" in result.output
    assert "mutuality atlas match gouda CITY_NUMBER" in result.output


def test_the_command_refuses_an_unknown_reason(small_atlas):
    result = CliRunner().invoke(app, ["atlas", "discover", "Zeist", "--must-have", "fame"])
    assert result.exit_code == 2
    assert "'fame' is not a reason" in result.output
