"""Twin-town lists and migrant stocks in: the real lists read in place, bad files refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutuality.atlas.models import City, CorridorStock, Link, LinkSource
from mutuality.formats.atlas import import_files
from mutuality.formats.problems import DataFileError
from mutuality.partnerships.models import Municipality

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_pair_listed_from_both_sides_is_one_link_with_both_sources(tmp_path):
    path = write(
        tmp_path,
        "pairs.csv",
        HEADER
        + "Zeist,Netherlands,52.09,5.23,Berkane,Morocco,34.92,-2.32\n"
        + "Berkane,Morocco,34.92,-2.32,Zeist,The Netherlands,52.09,5.23\n",
    )
    report = import_files([path])
    assert (report.cities, report.links, report.merged_duplicates) == (2, 1, 1)
    assert [s.line for s in Link.objects.get().sources.all()] == [2, 3]


@pytest.mark.django_db
def test_importing_again_updates_rather_than_duplicates(tmp_path):
    municipality = Municipality.objects.create(key="zeist", name="Zeist", country="NL")
    path = write(tmp_path, "pairs.csv", HEADER + "Zeist,Netherlands,52.09,5.23,Berkane,Morocco,34.92,-2.32\n")
    import_files([path])
    again = import_files([path])
    assert (again.new_cities, again.new_links, again.links) == (0, 0, 1)
    assert LinkSource.objects.count() == 1
    assert City.objects.get(name="Zeist").municipality == municipality


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("city1,country1,lat1\nZeist,Netherlands,52\n", 1, "columns"),
        (HEADER + "Zeist,Netherlands,52.09,5.23,Berkane,Morocco,34.92\n", 2, "fields"),
        (HEADER + "Zeist,Netherlands,52.09,5.23,Berkane,Morocco,134.92,-2.32\n", 2, "latitude"),
        (HEADER + "Zeist,Netherlands,north,5.23,Berkane,Morocco,34.92,-2.32\n", 2, "lat1"),
        (HEADER + ",Netherlands,52.09,5.23,Berkane,Morocco,34.92,-2.32\n", 2, "name"),
        ("year,destination,origin,stock\n2019,Netherlands,Morocco,many\n", 2, "stock"),
    ],
)
def test_a_bad_file_is_refused_with_file_and_line_and_nothing_saved(tmp_path, text, line, says):
    good = write(tmp_path, "good.csv", HEADER + "Zeist,Netherlands,52.09,5.23,Berkane,Morocco,34.92,-2.32\n")
    bad = write(tmp_path, "bad.csv", text)
    with pytest.raises(DataFileError) as refused:
        import_files([good, bad])
    problem = refused.value.problems[0]
    assert (problem.file, problem.line) == ("bad.csv", line)
    assert says in str(problem)
    assert not City.objects.exists() and not CorridorStock.objects.exists()
