"""The network's figures on small graphs whose answers are known by hand."""

from __future__ import annotations

import json
import math

import pytest

from mutuality.analysis.network import (
    EARTH_RADIUS_KM,
    NetworkCity,
    NetworkData,
    Scope,
    figures,
    great_circle_km,
    within,
)


def city(
    pk: int, country: str, lat: float | None = None, lon: float | None = None, municipality: int | None = None
):
    return NetworkCity(pk, f"city {pk}", country, lat, lon, None, municipality)


# Two triangles joined by one link (1-2-3, 4-5-6, 3–4), a pair apart (7–8) and a city alone (9).
CITIES = (
    city(1, "NL", municipality=10),
    city(2, "NL"),
    city(3, "MA"),
    city(4, "TR"),
    city(5, "TR"),
    city(6, "TR"),
    city(7, "NL"),
    city(8, "MA"),
    city(9, ""),
)
LINKS = ((1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (4, 6), (5, 6), (7, 8))
WORLD = NetworkData(CITIES, LINKS)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("world", Scope("world")),
        ("", Scope("world")),
        ("nl", Scope("country", country="NL")),
        ("NL-MA", Scope("pair", country="NL", other="MA")),
        ("nl-tr", Scope("pair", country="NL", other="TR")),
    ],
)
def test_a_scope_is_read_from_its_text_and_written_back(text, scope):
    assert Scope.parse(text) == scope
    assert Scope.parse(scope.text) == scope


@pytest.mark.parametrize("text", ["zeist", "NLD", "NL-", "NL MA"])
def test_anything_else_is_not_a_scope_the_caller_looks_it_up_as_a_municipality(text):
    with pytest.raises(ValueError):
        Scope.parse(text)


def test_the_world_in_figures():
    found = figures(WORLD, top=3)
    assert (found.cities, found.links, found.countries) == (9, 8, 3)
    assert (found.components, found.largest_component) == (3, 6)
    # degrees: 1:2, 2:2, 3:3, 4:3, 5:2, 6:2, 7:1, 8:1, 9:0
    assert found.degree.max == 3
    assert found.degree.mean == round(16 / 9, 3)
    assert found.degree.median == 2.0
    assert found.degree.distribution == ((0, 1), (1, 2), (2, 4), (3, 2))
    assert [(c.id, c.degree) for c in found.most_connected] == [(3, 3), (4, 3), (1, 2)]
    assert found.radius is None


def test_communities_are_the_two_triangles_and_the_pair_each_with_its_countries():
    communities = figures(WORLD).communities
    assert communities.count == 4  # the triangles, the pair, the city alone
    assert [(c.size, c.countries) for c in communities.largest] == [
        (3, (("NL", 2), ("MA", 1))),
        (3, (("TR", 3),)),
        (2, (("MA", 1), ("NL", 1))),
        (1, (("", 1),)),
    ]


def test_the_same_network_gives_the_same_communities_every_time():
    assert figures(WORLD).communities == figures(NetworkData(CITIES, LINKS)).communities


def test_distances_are_great_circle_with_quartiles_and_the_share_within_one_country():
    data = NetworkData(
        (city(1, "NL", 0, 0), city(2, "NL", 0, 1), city(3, "MA", 0, 2), city(4, "MA", 0, 4), city(5, "TR")),
        ((1, 2), (1, 3), (1, 4), (4, 5)),
    )
    degree_km = 2 * math.pi * EARTH_RADIUS_KM / 360
    distances = figures(data).distances
    assert distances.measured == 3  # city 5 has no coordinates
    assert distances.median_km == round(2 * degree_km, 1)
    assert distances.q1_km == round(1.5 * degree_km, 1)
    assert distances.q3_km == round(3 * degree_km, 1)
    assert distances.within_one_country == 0.25  # 1–2 of four links


def test_a_link_around_the_world_is_half_its_circumference():
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert great_circle_km(52.09, 5.23, 52.09, 5.23) == 0


def test_a_country_takes_every_link_with_an_end_in_it_and_its_own_cities():
    part = within(WORLD, Scope.parse("NL"))
    assert sorted(part.links) == [(1, 2), (1, 3), (2, 3), (7, 8)]
    assert [c.id for c in part.cities] == [1, 2, 3, 7, 8]


def test_a_pair_takes_the_links_between_its_two_countries_only():
    part = within(WORLD, Scope.parse("MA-NL"))
    assert sorted(part.links) == [(1, 3), (2, 3), (7, 8)]
    assert [c.id for c in part.cities] == [1, 2, 3, 7, 8]


def test_a_municipality_takes_its_cities_partners_and_partners_links():
    """Radius 2: city 1's partners 2 and 3, their links (3–4), but not 4's own links (4–5, 4–6)."""
    part = within(WORLD, Scope("municipality", municipality_id=10))
    assert sorted(part.links) == [(1, 2), (1, 3), (2, 3), (3, 4)]
    assert [c.id for c in part.cities] == [1, 2, 3, 4]
    assert figures(part).radius == 2


def test_a_municipality_without_a_city_has_an_empty_network():
    found = figures(within(WORLD, Scope("municipality", municipality_id=99)))
    assert (found.cities, found.links, found.components, found.largest_component) == (0, 0, 0, 0)
    assert found.distances.median_km is None
    assert found.communities.count == 0


def test_the_figures_as_json_keep_the_first_keys_of_the_command_line():
    data = figures(WORLD).as_dict()
    assert list(data)[:5] == ["cities", "links", "countries", "components", "largest_component"]
    assert data["scope"] == "world"
    assert data["degree"]["distribution"] == [[0, 1], [1, 2], [2, 4], [3, 2]]
    assert json.loads(json.dumps(data)) == data
