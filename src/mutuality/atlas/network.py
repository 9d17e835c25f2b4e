"""The link register read as a network, for :mod:`mutuality.analysis.network`'s figures.

Only the cities that stand for themselves are read (a city merged into another is represented by
that one, and its links were moved to it), so the network has one node a city.
"""

from __future__ import annotations

from mutuality.analysis.network import NetworkCity, NetworkData, Scope, within
from mutuality.atlas.models import City, Link


def world_data() -> NetworkData:
    """Every city and link of the register, cities in id order (so figures come out the same)."""
    cities = tuple(
        NetworkCity(pk, name, country, lat, lon, population, municipality_id)
        for pk, name, country, lat, lon, population, municipality_id in City.objects.filter(
            merged_into__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "name", "country", "latitude", "longitude", "population", "municipality_id")
        .iterator(chunk_size=5000)
    )
    links = tuple(Link.objects.order_by("pk").values_list("city_a_id", "city_b_id").iterator(chunk_size=5000))
    return NetworkData(cities, links, Scope("world"))


def graph_data(scope: Scope) -> NetworkData:
    """The cities and links ``scope`` looks at (see :class:`~mutuality.analysis.network.Scope`)."""
    return within(world_data(), scope)
