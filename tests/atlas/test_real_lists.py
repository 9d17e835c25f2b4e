"""The real twin-town lists and UN DESA's migrant stocks imported together, read where they are."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from django.db.models import Q

from mutuality.atlas.models import City, CorridorStock, LinkSource
from mutuality.atlas.stats import network_stats
from mutuality.formats.atlas import PairRow, import_files, read_country, read_file
from tests.atlas.files import WIKIPEDIA, real_files


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The three real files imported once for the module (about 4 s), removed afterwards."""
    files = real_files()
    with django_db_blocker.unblock():
        report = import_files(files)
        yield report
        City.objects.all().delete()
        CorridorStock.objects.all().delete()


def test_the_wikipedia_list_as_written_has_the_figures_its_readme_gives():
    """Cities by name and label as written, before any merging (the README counts them so)."""
    real_files()
    unmatched: Counter[str] = Counter()
    pairs = read_file(WIKIPEDIA, [], unmatched)
    graph = nx.Graph()
    for pair in pairs:
        assert isinstance(pair, PairRow)
        graph.add_edge((pair.one.name, pair.one.label), (pair.two.name, pair.two.label))
    assert len(pairs) == 25_917
    assert graph.number_of_nodes() == 17_717
    assert graph.number_of_edges() == 25_917
    assert max(len(part) for part in nx.connected_components(graph)) == 14_114


def test_labels_that_are_not_country_names_are_read_and_the_rest_left_unmatched():
    assert read_country("England, United Kingdom") == "GB"
    assert read_country("Georgia (country)") == "GE"
    assert read_country("Réunion, France") == "RE"
    assert read_country("Netherlands") == "NL"
    assert read_country("Turkey") == "TR"
    assert read_country("Kosovo") == ""
    assert read_country("Island") == ""


@pytest.mark.django_db
def test_both_lists_merged_into_one_register(imported):
    assert network_stats() == {
        "cities": 18_087,
        "links": 28_771,
        "countries": 209,
        "components": 1_361,
        "largest_component": 14_653,
    }
    assert imported.merged_duplicates == 5_325
    assert imported.unmatched_countries["Kosovo"] == 93
    assert CorridorStock.objects.get(origin="MA", destination="NL", year=2019).migrants == 180_879
    assert CorridorStock.objects.get(origin="TR", destination="NL", year=1990).migrants == 140_494


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("one", "two"),
    [
        ("Zeist", "Berkane"),
        ("Alkmaar", "Bergama"),
        ("Almelo", "Denizli"),
        ("Rotterdam", "Istanbul"),
        ("Amsterdam", "Nador"),
        ("Nijmegen", "Gaziantep"),
        ("Haarlem", "Emirdağ"),
    ],
)
def test_dutch_moroccan_and_dutch_turkish_links_are_there(imported, one, two):
    """Any city of those names: Wikidata holds some cities twice (two ids for one Rotterdam)."""
    dutch = City.objects.filter(name=one, country="NL")
    other = City.objects.filter(name=two).exclude(country="NL")
    assert LinkSource.objects.filter(
        Q(link__city_a__in=dutch, link__city_b__in=other) | Q(link__city_a__in=other, link__city_b__in=dutch)
    ).exists()


@pytest.mark.django_db
def test_a_city_in_both_lists_is_one_city_with_its_wikidata_id(imported):
    """Wikipedia's Amsterdam took a Wikidata id: none is left without (Wikidata has two for it)."""
    amsterdams = City.objects.filter(name="Amsterdam", country="NL")
    assert not amsterdams.filter(wikidata="").exists()
    assert amsterdams.get(wikidata="Q9899").population == 862_965
