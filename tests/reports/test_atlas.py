"""The atlas as pages show it, on a small atlas imported beside the case studies: sources named as a
reader cites them, partnerships drawn where their sides are cities of the lists, the corridor both
ways, the world drawn country by country, and the world's figures kept while nothing changes."""

from __future__ import annotations

import re

import pytest

from mutuality.analysis.network import Scope
from mutuality.atlas.models import City, CorridorStock, Link, LinkSource
from mutuality.partnerships.models import Partnership
from mutuality.reports.atlas import (
    atlas_is_empty,
    corridor_view,
    list_name,
    partnership_arcs,
    partnership_atlas,
    scope_data,
    scope_figures,
    scope_map,
    sources_text,
)
from tests.atlas.small_atlas import import_small_atlas


@pytest.fixture
def atlas(case_studies, tmp_path):
    return import_small_atlas(tmp_path)


def test_a_list_is_named_as_a_reader_cites_it_and_an_unknown_file_by_its_name():
    assert list_name("hekman_twin_cities_geocoded.csv") == "Wikipedia's lists of twin towns (via Hekman)"
    assert list_name("wikidata_p190_sister_cities_2022_edges.csv") == "Wikidata, sister city (P190)"
    assert list_name("/somewhere/our_own_list.csv") == "our_own_list.csv"


def test_sources_name_each_list_with_its_lines():
    sources = [
        LinkSource(file="hekman_twin_cities_geocoded.csv", line=12),
        LinkSource(file="hekman_twin_cities_geocoded.csv", line=3),
        LinkSource(file="wikidata_p190_sister_cities_2022_edges.csv", line=7),
    ]
    assert sources_text(sources) == (
        "Wikipedia's lists of twin towns (via Hekman), lines 3, 12; Wikidata, sister city (P190), line 7"
    )


@pytest.mark.django_db
def test_the_zeist_berkane_partnership_is_in_the_atlas_with_its_link_and_corridor(atlas):
    found = partnership_atlas(Partnership.objects.get(key="zeist-berkane"))
    assert found is not None
    [(arc, sources)] = found.arcs
    assert {arc.one.name, arc.other.name} == {"Zeist", "Berkane"} and arc.link is not None
    assert re.fullmatch(r"Wikipedia's lists of twin towns \(via Hekman\), lines 2, 3", sources)
    assert found.map is not None and 'data-kind="partnerships"' in found.map and ">Zeist</text>" in found.map
    [corridor] = found.corridors
    born_in_morocco = next(way for way in corridor.directions if way.born_in == "MA")
    assert born_in_morocco.latest == "180,879" and born_in_morocco.latest_year == 2019
    assert born_in_morocco.change == "+66,029 since 1990 (+58%)"
    assert next(way for way in corridor.directions if way.born_in == "NL").latest == ""  # not recorded
    assert found.unmatched == ()


@pytest.mark.django_db
def test_a_partnership_whose_side_is_no_city_of_the_lists_says_so(atlas):
    found = partnership_atlas(Partnership.objects.get(key="gouda-imzourene"))
    assert found is not None and found.arcs == () and found.map is None
    assert set(found.unmatched) == {"Gouda", "Imzourene"}


@pytest.mark.django_db
def test_nothing_is_shown_while_the_atlas_is_empty(case_studies):
    assert atlas_is_empty()
    assert partnership_atlas(Partnership.objects.get(key="zeist-berkane")) is None


@pytest.mark.django_db
def test_a_corridor_with_no_figure_either_way_is_none_not_zero(atlas):
    assert corridor_view("NL", "JP") is None
    assert CorridorStock.objects.filter(origin="MA", destination="NL").count() == 7


@pytest.mark.django_db
def test_partnerships_are_drawn_only_where_both_sides_are_cities_of_the_lists(atlas):
    arcs = partnership_arcs(Partnership.objects.prefetch_related("sides"))
    drawn = {arc.partnership.key for arc in arcs}
    assert {"zeist-berkane", "alkmaar-bergama", "almelo-denizli", "haarlem-emirdag"} <= drawn
    assert "gouda-imzourene" not in drawn
    listed = {arc.partnership.key for arc in arcs if arc.link is not None}
    assert "zeist-berkane" in listed and "amsterdam-larache" not in listed


@pytest.mark.django_db
def test_the_world_is_drawn_by_links_between_countries(atlas):
    svg = scope_map(scope_data(Scope("world")), [], "The world")
    [links] = re.findall(r'<path d="([^"]*)"[^>]*data-kind="links"', svg)
    # NL–MA (Zeist, Amsterdam, the markup city), NL–TR (two), NL–CZ: three arcs between countries.
    assert links.count("Q") == 3


@pytest.mark.django_db
def test_a_pair_of_countries_names_its_cities_and_shades_both(atlas):
    svg = scope_map(scope_data(Scope("pair", country="NL", other="MA")), [], "NL and MA")
    assert ">Zeist</text>" in svg and ">Nador</text>" in svg
    assert "&lt;script&gt;" in svg and "<script>" not in svg


@pytest.mark.django_db
def test_the_worlds_figures_are_kept_until_a_link_changes(atlas):
    first = scope_figures(Scope("world"))
    assert scope_figures(Scope("world")) is first
    one, two = City.objects.filter(name__in=["Nador", "Denizli"]).order_by("pk")
    Link.objects.create(city_a=one, city_b=two)
    again = scope_figures(Scope("world"))
    assert again is not first and again.links == first.links + 1


@pytest.mark.django_db
def test_a_municipality_matched_by_hand_is_seen_at_once(atlas):
    """A match changes no count: the network kept is read again all the same."""
    zeist = City.objects.get(name="Zeist", merged_into__isnull=True)
    scope = Scope("municipality", municipality_id=zeist.municipality_id)
    assert zeist.pk in {city.id for city in scope_data(scope).cities}
    City.objects.filter(pk=zeist.pk).update(municipality=None)
    assert scope_data(scope).cities == ()
