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
    assert "Cities: 4 (4 new)" in result.output
    assert "Links: 2 (2 new); 1 duplicate listings merged" in result.output
    assert "Kosovo: 1" in result.output
    stats = CliRunner().invoke(app, ["atlas", "stats", "--json"])
    assert json.loads(stats.output) == {
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
