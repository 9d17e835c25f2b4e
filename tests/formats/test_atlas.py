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


WIKIDATA_HEADER = "qid1,city1,country1,lat1,lon1,pop1,qid2,city2,country2,lat2,lon2,pop2\n"


@pytest.mark.django_db
def test_a_city_without_coordinates_is_imported_off_the_map_and_listed_by_file_and_line(tmp_path):
    path = write(
        tmp_path,
        "pairs.csv",
        HEADER
        + "Zeist,Netherlands,52.09,5.23,Berkane,Morocco,34.92,-2.32\n"
        + "Zeist,Netherlands,52.09,5.23,Slavkov u Brna,Czech Republic,,\n",
    )
    report = import_files([path])
    assert report.without_place == [("pairs.csv", 3, "Slavkov u Brna")]
    assert "pairs.csv:3 Slavkov u Brna" in str(report)
    slavkov = City.objects.get(name="Slavkov u Brna")
    assert (slavkov.latitude, slavkov.longitude) == (None, None) and report.links == 2


@pytest.mark.django_db
def test_a_wikidata_id_given_to_cities_of_two_countries_refuses_the_file_naming_both_lines(tmp_path):
    path = write(
        tmp_path,
        "wikidata.csv",
        WIKIDATA_HEADER
        + "Q9899,Amsterdam,Netherlands,52.37,4.89,872680,Q191204,Nador,Morocco,35.17,-2.93,161726\n"
        + "Q9920,Haarlem,Netherlands,52.38,4.64,161265,Q9899,Amsterdam,United States,42.94,-74.19,17000\n",
    )
    with pytest.raises(DataFileError) as refused:
        import_files([path])
    [problem] = refused.value.problems
    assert (problem.file, problem.line, problem.field) == ("wikidata.csv", 3, "qid2")
    assert "wikidata.csv, line 2" in str(problem) and "Q9899" in str(problem)
    assert not City.objects.exists() and not Link.objects.exists()


@pytest.mark.django_db
def test_a_wikidata_id_written_with_another_name_is_one_city_and_the_report_says_so(tmp_path):
    path = write(
        tmp_path,
        "wikidata.csv",
        WIKIDATA_HEADER
        + "Q36600,The Hague,Netherlands,52.08,4.31,,Q191204,Nador,Morocco,35.17,-2.93,161726\n"
        + "Q36600,Den Haag,Netherlands,52.08,4.31,,Q3551,Elazığ,Turkey,38.67,39.22,\n",
    )
    report = import_files([path])
    assert report.other_names == [("wikidata.csv", 3, "Q36600", "Den Haag", "The Hague")]
    assert City.objects.filter(wikidata="Q36600").count() == 1
    assert "wikidata.csv:3 Q36600 'Den Haag' ('The Hague')" in str(report)
