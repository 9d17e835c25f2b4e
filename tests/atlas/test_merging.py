"""Rows that name one city are merged by a rule that says so, and a merge can be undone."""

from __future__ import annotations

import pytest

from mutuality.atlas.merging import NotMerged, merge_groups, resolve, unmerge
from mutuality.atlas.models import City, Link, LinkSource
from mutuality.formats.atlas import import_files
from tests.atlas.files import twin_list

pytestmark = pytest.mark.django_db

DELFT = ",Delft,Netherlands,52.01,4.36"
BERLIN = "Q64,Berlin,Germany,52.52,13.40"


def heads() -> list[str]:
    return sorted(City.objects.filter(merged_into=None).values_list("name", flat=True))


def test_one_name_transliterated_in_one_country_is_one_city(tmp_path):
    wikipedia = twin_list(tmp_path, "wikipedia.csv", DELFT + ",,Adapazari,Turkey,40.78,30.40")
    wikidata = twin_list(
        tmp_path, "wikidata.csv", "Q1,Haarlem,Netherlands,52.38,4.64,Q175323,Adapazarı,Turkey,40.78,30.40"
    )
    report = import_files([wikipedia, wikidata])
    assert report.merged == {"name": 1}
    adapazari = City.objects.get(name="Adapazarı")
    assert adapazari.merged.get().name == "Adapazari"
    assert adapazari.merged.get().merge_rule == "name"
    assert Link.objects.filter(city_a=adapazari).count() + Link.objects.filter(city_b=adapazari).count() == 2
    assert "same name, transliterated, in the same country: 1" in str(report)


def test_two_wikidata_ids_of_one_name_close_together_are_one_city(tmp_path):
    """Wikidata's Amsterdam is the city (Q727) and the municipality (Q9899), 2 km apart."""
    path = twin_list(
        tmp_path,
        "wikidata.csv",
        "Q727,Amsterdam,Netherlands,52.3833,4.9," + BERLIN,
        "Q9899,Amsterdam,Netherlands,52.3667,4.8833,Q406,Istanbul,Turkey,41.01,28.96",
    )
    assert import_files([path]).merged == {"name_nearby": 1}
    assert heads() == ["Amsterdam", "Berlin", "Istanbul"]
    assert City.objects.get(wikidata="Q9899").merged_into.wikidata == "Q727"


def test_two_towns_of_one_name_far_apart_stay_two_and_a_row_joins_only_the_one_it_is_near(tmp_path):
    path = twin_list(
        tmp_path,
        "lists.csv",
        "Q1,Neustadt,Germany,49.35,8.14," + BERLIN,
        "Q2,Neustadt,Germany,54.10,10.81,Q406,Istanbul,Turkey,41.01,28.96",
        ",Neustadt,Germany,51.0,10.0,,Zeist,Netherlands,52.09,5.23",
        ",NEUSTADT,Germany,49.36,8.15,,Delft,Netherlands,52.01,4.36",
    )
    report = import_files([path])
    assert heads() == ["Berlin", "Delft", "Istanbul", "Neustadt", "Neustadt", "Neustadt", "Zeist"]
    assert report.merged == {"name_nearby": 1}  # the one a row without an id lies next to
    assert City.objects.get(name="NEUSTADT").merged_into.wikidata == "Q1"


def test_similar_names_on_one_spot_are_one_city_but_neighbours_stay_apart(tmp_path):
    path = twin_list(
        tmp_path,
        "wikipedia.csv",
        ",Haaren – Esch,Netherlands,51.6103,5.2906," + BERLIN,
        ",Esch (Haaren),Netherlands,51.6103,5.2906," + DELFT,
        ",Ivry-sur-Seine,France,48.81,2.38,,Zeist,Netherlands,52.09,5.23",
        ",Vitry-sur-Seine,France,48.79,2.39,,Zeist,Netherlands,52.09,5.23",
    )
    assert import_files([path]).merged == {"similar_nearby": 1}
    assert City.objects.get(name="Esch (Haaren)").merge_rule == "similar_nearby"


def test_undoing_a_merge_splits_the_city_back_into_the_rows_and_their_links(tmp_path):
    wikipedia = twin_list(tmp_path, "wikipedia.csv", DELFT + ",,Adapazari,Turkey,40.78,30.40")
    wikidata = twin_list(
        tmp_path, "wikidata.csv", "Q1,Haarlem,Netherlands,52.38,4.64,Q175323,Adapazarı,Turkey,40.78,30.40"
    )
    import_files([wikipedia, wikidata])
    adapazari = City.objects.get(name="Adapazarı")
    assert [group["id"] for group in merge_groups()] == [adapazari.pk]
    assert merge_groups()[0]["merged"][0]["source"] == "wikipedia.csv:2"  # type: ignore[index]

    split = unmerge(adapazari.pk)

    assert split == [City.objects.get(name="Adapazari").pk]
    assert heads() == ["Adapazari", "Adapazarı", "Delft", "Haarlem"]
    assert sorted(str(link) for link in Link.objects.all()) == [
        "Delft (NL) – Adapazari (TR)",
        "Haarlem (NL) – Adapazarı (TR)",
    ]
    assert LinkSource.objects.filter(link=None).count() == 0
    assert merge_groups() == []


def test_an_undone_merge_stays_undone_when_the_rules_run_or_the_lists_come_again(tmp_path):
    wikipedia = twin_list(tmp_path, "wikipedia.csv", DELFT + ",,Adapazari,Turkey,40.78,30.40")
    wikidata = twin_list(
        tmp_path, "wikidata.csv", "Q1,Haarlem,Netherlands,52.38,4.64,Q175323,Adapazarı,Turkey,40.78,30.40"
    )
    import_files([wikipedia, wikidata])
    unmerge(City.objects.get(name="Adapazari").pk)  # a row merged into another: that row
    resolve()
    import_files([wikipedia, wikidata])
    assert City.objects.get(name="Adapazari").merged_into is None
    assert Link.objects.count() == 2


def test_running_the_rules_again_changes_nothing(tmp_path):
    wikipedia = twin_list(tmp_path, "wikipedia.csv", DELFT + ",,Adapazari,Turkey,40.78,30.40")
    wikidata = twin_list(
        tmp_path, "wikidata.csv", "Q1,Haarlem,Netherlands,52.38,4.64,Q175323,Adapazarı,Turkey,40.78,30.40"
    )
    import_files([wikipedia, wikidata])
    links = sorted(Link.objects.values_list("pk", "city_a", "city_b"))
    again = resolve()
    assert (again.new_merges, again.undone, again.links_created, again.links_removed) == ({}, 0, 0, 0)
    assert sorted(Link.objects.values_list("pk", "city_a", "city_b")) == links


def test_a_pair_whose_two_cities_are_merged_keeps_its_source_without_a_link(tmp_path):
    path = twin_list(
        tmp_path,
        "lists.csv",
        ",Adapazari,Turkey,40.78,30.40,Q175323,Adapazarı,Turkey,40.78,30.40",
        DELFT + ",,Adapazari,Turkey,40.78,30.40",
    )
    import_files([path])
    assert LinkSource.objects.get(line=2).link is None
    unmerge(City.objects.get(name="Adapazarı").pk)
    assert str(LinkSource.objects.get(line=2).link) == "Adapazari (TR) – Adapazarı (TR)"


def test_a_city_merged_with_none_cannot_be_split(tmp_path):
    import_files([twin_list(tmp_path, "lists.csv", DELFT + "," + BERLIN)])
    with pytest.raises(NotMerged):
        unmerge(City.objects.get(name="Delft").pk)
