"""The real twin-town lists and UN DESA's migrant stocks imported together, read where they are."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import yaml
from django.db import transaction
from django.db.models import Q

from mutuality.atlas.corridors import corridor
from mutuality.atlas.discovery import discover_partners, home_of
from mutuality.atlas.merging import Row, plan_merges
from mutuality.atlas.models import City, CorridorStock, LinkSource
from mutuality.atlas.names import fold_name
from mutuality.atlas.stats import network_stats
from mutuality.formats.atlas import PairRow, import_files, read_country, read_file
from mutuality.partnerships.models import Municipality
from tests.atlas.files import WIKIPEDIA, real_files

CASE_STUDIES = Path(__file__).parents[2] / "src/mutuality/casestudies/data/municipalities.yaml"
#: The case studies' municipalities no city of the lists is called: Imzourene, a rural commune of
#: Al Hoceima province, is in neither list.
NOT_IN_THE_LISTS = {"imzourene"}


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The case studies' municipalities and the three real files imported once for the module
    (about 10 s: both lists read, merged and matched), rolled back afterwards."""
    files = real_files()
    with django_db_blocker.unblock(), transaction.atomic():
        for place in yaml.safe_load(CASE_STUDIES.read_text(encoding="utf-8"))["municipalities"]:
            Municipality.objects.create(key=place["key"], name=place["name"], country=place["country"])
        report = import_files(files)
        yield report
        # Undone at once (deleting 22,000 cities one cascade at a time takes seconds).
        transaction.set_rollback(True)


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


def test_the_wikipedia_list_alone_merged():
    """Worked out without the database, by the rules the import uses (about 1 s).

    17,717 cities as written become 17,192 rows, as a name and a country name one row however
    the country is written ("Netherlands", "The Netherlands"); the merge rules join 149 more
    (39 the same name transliterated, 110 similar names on the same spot), leaving 17,043
    cities. The 25,917 pairs are 24,504 links once the pairs listed from both sides are one.
    Rows merged are fewer nodes of one component, so the largest counts 13,523 rather than
    14,114."""
    real_files()
    rows: dict[str, Row] = {}

    def row(city) -> int:
        if city.key not in rows:
            rows[city.key] = Row(
                len(rows) + 1,
                fold_name(city.name),
                city.country,
                city.wikidata,
                city.latitude,
                city.longitude,
                False,
            )
        return rows[city.key].pk

    pairs = [(row(pair.one), row(pair.two)) for pair in read_file(WIKIPEDIA, [], Counter())]
    plan = plan_merges(list(rows.values()))

    def head(pk: int) -> int:
        return plan[pk][0] if pk in plan else pk

    graph = nx.Graph()
    graph.add_nodes_from(head(pk) for pk in range(1, len(rows) + 1))
    graph.add_edges_from((head(a), head(b)) for a, b in pairs if head(a) != head(b))
    assert len(rows) == 17_192
    assert Counter(rule for _head, rule in plan.values()) == {"name": 39, "similar_nearby": 110}
    assert graph.number_of_nodes() == 17_043
    assert graph.number_of_edges() == 24_504
    assert max(len(part) for part in nx.connected_components(graph)) == 13_523


@pytest.mark.django_db
def test_both_lists_merged_into_one_register(imported):
    """Fewer cities and links than a plain join by name would give (18,087 and 28,771): a row
    without a Wikidata id between two cities of its name far apart joins neither, where a join
    by name took the first. (The first test to ask for ``imported`` on a worker waits for its
    import, seconds.)"""
    assert network_stats() == {
        "cities": 17_951,
        "links": 28_447,
        "countries": 209,
        "components": 1_358,
        "largest_component": 14_533,
    }
    assert imported.merged == {"name": 3_662, "name_nearby": 21, "similar_nearby": 124}
    assert imported.merged_duplicates == 5_649
    assert imported.unmatched_countries["Kosovo"] == 93
    assert CorridorStock.objects.get(origin="MA", destination="NL", year=2019).migrants == 180_879
    assert CorridorStock.objects.get(origin="TR", destination="NL", year=1990).migrants == 140_494


@pytest.mark.django_db
def test_every_case_study_municipality_in_the_lists_is_matched(imported):
    """The first test to ask for ``imported`` on a worker waits for its import (seconds)."""
    matching = imported.matching
    keys = dict(Municipality.objects.values_list("pk", "key"))
    assert not matching.ambiguous
    assert {keys[pk] for pk in matching.unmatched} == NOT_IN_THE_LISTS
    assert len(matching.matched) == len(keys) - len(NOT_IN_THE_LISTS)
    for municipality in Municipality.objects.exclude(key__in=NOT_IN_THE_LISTS):
        city = City.objects.get(municipality=municipality)
        assert (fold_name(city.name), city.country) == (fold_name(municipality.name), municipality.country)


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
        ("Delft", "Adapazarı"),
        ("Amsterdam", "Istanbul"),
    ],
)
def test_dutch_moroccan_and_dutch_turkish_links_are_there(imported, one, two):
    """One city of each name, after the merges (Wikidata's two Rotterdams are one)."""
    dutch = City.objects.get(name=one, country="NL", merged_into=None)
    other = City.objects.exclude(country="NL").get(name=two, merged_into=None)
    assert LinkSource.objects.filter(
        Q(link__city_a=dutch, link__city_b=other) | Q(link__city_a=other, link__city_b=dutch)
    ).exists()


@pytest.mark.django_db
def test_a_city_in_both_lists_is_one_city_with_its_wikidata_id(imported):
    """Wikidata's two Rotterdams (5 km apart) and Wikipedia's are one city, which every source
    naming any of them now links; so are Wikidata's two Amsterdams (Wikipedia lists none)."""
    rotterdam = City.objects.get(name="Rotterdam", country="NL", merged_into=None)
    assert rotterdam.wikidata == "Q34370"
    assert sorted(rotterdam.merged.values_list("wikidata", "merge_rule")) == [
        ("", "name"),
        ("Q2680952", "name_nearby"),
    ]
    assert rotterdam.municipality.key == "rotterdam"
    amsterdam = City.objects.get(name="Amsterdam", country="NL", merged_into=None)
    assert list(amsterdam.merged.values_list("wikidata", flat=True)) == ["Q9899"]
    assert amsterdam.population == 860_124


@pytest.mark.django_db
def test_the_real_dutch_moroccan_and_dutch_turkish_corridors(imported):
    """The README's figures (UN DESA 2019): Moroccan- and Turkish-born residents of the Netherlands."""
    moroccan = corridor("NL", "MA")
    turkish = corridor("NL", "TR")
    assert moroccan is not None and turkish is not None
    assert moroccan.stock("MA", "NL")[0] == (1990, 114_850)
    assert moroccan.latest("MA", "NL") == (2019, 180_879)
    assert turkish.stock("TR", "NL")[0] == (1990, 140_494)
    assert turkish.latest("TR", "NL") == (2019, 204_702)
    assert moroccan.size == turkish.size == "large"


@pytest.mark.django_db
def test_zeist_on_the_real_lists_finds_moroccan_and_turkish_candidates_none_already_linked(imported):
    """Reads the whole register (some 18,000 cities, 29,000 links) as every discovery does."""
    zeist = Municipality.objects.get(key="zeist")
    found = discover_partners(zeist)
    countries = [c.place.country for c in found.candidates]
    assert "MA" in countries and "TR" in countries
    home = home_of(zeist)
    assert home is not None
    linked = {
        pk
        for city in City.objects.filter(pk__in=home.cities)
        for pk in [
            *city.links_as_a.values_list("city_b", flat=True),
            *city.links_as_b.values_list("city_a", flat=True),
        ]
    }
    assert "Berkane" in set(City.objects.filter(pk__in=linked).values_list("name", flat=True))
    assert not linked & {c.place.id for c in found.candidates}
    assert found.already_linked == len(linked)
    moroccan = next(c for c in found.candidates if c.place.country == "MA")
    assert "180\u202f879 people born in Morocco" in moroccan.reasons[0].text
