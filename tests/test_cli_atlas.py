"""`mutuality atlas import` and `stats`, run in this process on the test database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mutuality.cli import app

pytestmark = pytest.mark.django_db

PAIRS = (
    "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
    "Zeist,Netherlands,52.09,5.23,Berkane,Morocco,34.92,-2.32\n"
    "Berkane,Morocco,34.92,-2.32,Zeist,Netherlands,52.09,5.23\n"
    "Pristina,Kosovo,42.66,21.16,Alkmaar,Netherlands,52.63,4.75\n"
)


def test_import_reports_cities_links_merges_and_unmatched_countries(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(PAIRS, encoding="utf-8")
    result = CliRunner().invoke(app, ["atlas", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Cities: 4, from 4 listings (4 new)" in result.output
    assert "Links: 2 (2 new); 1 duplicate listings merged" in result.output
    assert "Kosovo: 1" in result.output
    stats = CliRunner().invoke(app, ["atlas", "stats", "--json"])
    figures = json.loads(stats.output)
    assert {key: figures[key] for key in list(figures)[:5]} == {
        "cities": 4,
        "links": 2,
        "countries": 2,
        "components": 2,
        "largest_component": 2,
    }


def test_a_bad_file_fails_with_its_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(PAIRS + "Zeist,Netherlands,99.0,5.23,Berkane,Morocco,34.92,-2.32\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["atlas", "import", str(path)])
    assert result.exit_code != 0
    assert "bad.csv, line 5" in result.output


def test_stats_of_a_country_a_pair_and_a_municipality(tmp_path):
    from mutuality.partnerships.models import Municipality

    Municipality.objects.create(key="zeist", name="Zeist", country="NL")
    path = tmp_path / "pairs.csv"
    path.write_text(PAIRS, encoding="utf-8")
    CliRunner().invoke(app, ["atlas", "import", str(path)])
    pair = json.loads(CliRunner().invoke(app, ["atlas", "stats", "--pair", "NL-MA", "--json"]).output)
    assert (pair["scope"], pair["cities"], pair["links"]) == ("NL-MA", 2, 1)
    assert pair["most_connected"][0]["degree"] == 1
    around = CliRunner().invoke(app, ["atlas", "stats", "--municipality", "zeist"])
    assert "Cities: 2" in around.output and "radius 2" in around.output
    country = CliRunner().invoke(app, ["atlas", "stats", "--country", "NL"])
    assert "Links: 2" in country.output and "Zeist (NL)" in country.output
    wrong = CliRunner().invoke(app, ["atlas", "stats", "--pair", "Netherlands"])
    assert wrong.exit_code == 2


def test_match_merges_unmerge_and_unmatched(tmp_path):
    from mutuality.atlas.models import City
    from mutuality.partnerships.models import Municipality

    Municipality.objects.create(key="adapazari", name="Adapazarı", country="TR")
    path = tmp_path / "pairs.csv"
    path.write_text(
        PAIRS
        + "Adapazari,Turkey,40.78,30.40,Delft,Netherlands,52.01,4.36\n"
        + "Adapazarı,Turkey,40.78,30.40,Zeist,Netherlands,52.09,5.23\n",
        encoding="utf-8",
    )
    imported = CliRunner().invoke(app, ["atlas", "import", str(path)])
    assert "same name, transliterated, in the same country: 1" in imported.output
    assert "Adapazarı → Adapazari #" in imported.output
    merges = json.loads(CliRunner().invoke(app, ["atlas", "merges", "--json"]).output)
    assert [(m["name"], [r["name"] for r in m["merged"]]) for m in merges] == [("Adapazari", ["Adapazarı"])]
    assert merges[0]["merged"][0]["source"] == "pairs.csv:6"
    split = CliRunner().invoke(app, ["atlas", "unmerge", str(merges[0]["id"])])
    assert split.exit_code == 0, split.output
    assert json.loads(CliRunner().invoke(app, ["atlas", "merges", "--json"]).output) == []
    # Two cities of the name now: the municipality is left unmatched, with both; set by hand.
    ambiguous = CliRunner().invoke(app, ["atlas", "match"])
    assert "several cities could be Adapazarı" in ambiguous.output
    chosen = City.objects.get(name="Adapazarı")
    by_hand = CliRunner().invoke(app, ["atlas", "match", "adapazari", str(chosen.pk), "--json"])
    assert json.loads(by_hand.output)["matched"] == [
        {"municipality": "adapazari", "city": chosen.pk, "city_name": "Adapazarı", "by_hand": True}
    ]
    cleared = CliRunner().invoke(app, ["atlas", "match", "Adapazarı", "--clear"])
    assert "cleared by hand: Adapazarı" in cleared.output
    unmatched = json.loads(CliRunner().invoke(app, ["atlas", "unmatched", "--json"]).output)
    assert [(c["name"], c["country_label"], c["sources"]) for c in unmatched] == [
        ("Pristina", "Kosovo", ["pairs.csv:4"])
    ]
