"""The twinning network in figures: degree, connected parts, communities, link distances.

Pure Python over plain data (issue 20): the atlas reads its cities and links into
:class:`NetworkData`, and :func:`figures` works out what a researcher asks of a network around a
partnership — how many partners a city has, whether the cities form one web or many islands,
which groups of cities cluster together (and in which countries), how far links reach, and which
cities are the hubs. The web pages, the API and the command line show the same figures, so they
are worked out once, here, with networkx, and returned as a frozen dataclass with
:meth:`NetworkFigures.as_dict` for JSON.

Scopes
    :class:`Scope` names the part of the network looked at, and :func:`within` cuts it out of the
    whole (the world):

    * ``world``: every city and link;
    * ``country`` (``NL``): every link with at least one end in the country, the cities at both
      ends, and the country's own cities even when none of their links is left;
    * ``pair`` (``NL-MA``): the links between a city of one country and a city of the other, and
      the cities at their ends;
    * ``municipality``: the cities matched to the municipality, their links, and their partners'
      links — radius 2: a partner's partners are in, the links among those are not (they say
      nothing about the municipality's own neighbourhood).

Communities
    Louvain's method (networkx's ``louvain_communities``) with a fixed seed, so the same network
    gives the same communities every time the page is drawn; each community is described by its
    size and its main countries, as a community is read by where its cities are.

Distances
    Great-circle distance between the two cities of a link (haversine on a sphere of the Earth's
    mean radius, 6,371 km), over the links whose two cities both have coordinates; how many that
    is is given with the figures, so a median over few links is read as such.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # networkx is imported when figures are worked out, not with the module (below)
    import networkx as nx

__all__ = [
    "EARTH_RADIUS_KM",
    "MUNICIPALITY_RADIUS",
    "NetworkCity",
    "NetworkData",
    "NetworkFigures",
    "Scope",
    "figures",
    "great_circle_km",
    "within",
]

EARTH_RADIUS_KM = 6371.0
#: How far from a municipality's own cities its scope reaches: partners and partners' partners.
MUNICIPALITY_RADIUS = 2
#: Louvain's seed: any fixed number, so communities come out the same every time.
COMMUNITY_SEED = 20
#: How many communities are described, and how many main countries for each.
COMMUNITIES_SHOWN = 10
COUNTRIES_SHOWN = 3

ScopeKind = Literal["world", "country", "pair", "municipality"]
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_PAIR = re.compile(r"^([A-Za-z]{2})-([A-Za-z]{2})$")


@dataclass(frozen=True)
class Scope:
    """The part of the network looked at (see the module's description for what each takes in)."""

    kind: ScopeKind = "world"
    country: str = ""
    other: str = ""
    municipality_id: int | None = None

    @classmethod
    def parse(cls, text: str) -> Scope:
        """``world`` (or nothing), a country code (``NL``) or a pair of codes (``NL-MA``).

        A municipality is named by its key or name, which only the caller can look up: it builds
        ``Scope("municipality", municipality_id=…)`` itself. Anything else is a ``ValueError``.
        """
        text = text.strip()
        if not text or text.casefold() == "world":
            return cls("world")
        if _COUNTRY.match(text):
            return cls("country", country=text.upper())
        pair = _PAIR.match(text)
        if pair:
            return cls("pair", country=pair.group(1).upper(), other=pair.group(2).upper())
        raise ValueError(text)

    @property
    def text(self) -> str:
        """The scope as :meth:`parse` reads it (a municipality as ``municipality:ID``)."""
        if self.kind == "country":
            return self.country
        if self.kind == "pair":
            return f"{self.country}-{self.other}"
        if self.kind == "municipality":
            return f"municipality:{self.municipality_id}"
        return "world"


@dataclass(frozen=True)
class NetworkCity:
    """A city of the network: ``country`` is its ISO code, or "" when its list named none."""

    id: int
    name: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    municipality_id: int | None = None


@dataclass(frozen=True)
class NetworkData:
    """Cities and the links between them (pairs of city ids), as read for a scope."""

    cities: tuple[NetworkCity, ...] = ()
    links: tuple[tuple[int, int], ...] = ()
    scope: Scope = field(default_factory=Scope)


@dataclass(frozen=True)
class Degree:
    """How many links the cities have: mean, median, most, and how many cities have each count."""

    mean: float
    median: float
    max: int
    distribution: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Community:
    """A community: its size and its main countries (code, cities), most cities first."""

    size: int
    countries: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Communities:
    count: int
    largest: tuple[Community, ...]
    method: str = "louvain"
    seed: int = COMMUNITY_SEED


@dataclass(frozen=True)
class Distances:
    """Great-circle km of the links with coordinates at both ends (``measured`` of them), and the
    share of all links whose two cities are in the same country (over links with both countries)."""

    measured: int
    median_km: float | None
    q1_km: float | None
    q3_km: float | None
    within_one_country: float | None


@dataclass(frozen=True)
class CityDegree:
    id: int
    name: str
    country: str
    degree: int


@dataclass(frozen=True)
class NetworkFigures:
    """The figures of a scope; the first five keys are those ``mutuality atlas stats`` always gave."""

    cities: int
    links: int
    countries: int
    components: int
    largest_component: int
    degree: Degree
    communities: Communities
    distances: Distances
    most_connected: tuple[CityDegree, ...]
    scope: Scope
    radius: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts, lists and numbers, for JSON (pairs such as degree → cities become lists)."""
        data = asdict(self)
        data["scope"] = self.scope.text
        data["degree"]["distribution"] = [list(pair) for pair in self.degree.distribution]
        for community in data["communities"]["largest"]:
            community["countries"] = [list(pair) for pair in community["countries"]]
        data["communities"]["largest"] = list(data["communities"]["largest"])
        data["most_connected"] = list(data["most_connected"])
        return data


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points (haversine, on a sphere)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def within(data: NetworkData, scope: Scope) -> NetworkData:
    """The part of ``data`` (the whole network) that ``scope`` looks at, cities in ``data``'s order."""
    if scope.kind == "world":
        return NetworkData(data.cities, data.links, scope)
    country_of = {city.id: city.country for city in data.cities}
    keep_cities: set[int] = set()
    if scope.kind == "country":
        links = tuple(
            (a, b) for a, b in data.links if scope.country in (country_of.get(a), country_of.get(b))
        )
        keep_cities = {city.id for city in data.cities if city.country == scope.country}
    elif scope.kind == "pair":
        wanted = {(scope.country, scope.other), (scope.other, scope.country)}
        links = tuple((a, b) for a, b in data.links if (country_of.get(a), country_of.get(b)) in wanted)
    elif scope.kind == "municipality":
        own = {
            city.id
            for city in data.cities
            if scope.municipality_id is not None and city.municipality_id == scope.municipality_id
        }
        keep_cities = set(own)
        partners = {b if a in own else a for a, b in data.links if a in own or b in own}
        near = own | partners
        links = tuple((a, b) for a, b in data.links if a in near or b in near)
    else:  # pragma: no cover - Literal exhausted
        raise ValueError(scope.kind)
    for a, b in links:
        keep_cities.update((a, b))
    cities = tuple(city for city in data.cities if city.id in keep_cities)
    return NetworkData(cities, links, scope)


def _graph(data: NetworkData) -> nx.Graph[int]:
    # Imported here: every page's process imports this module (the partnership page shows the
    # atlas), and networkx is 23 MiB a server process needs only when figures are asked for.
    import networkx as nx

    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(city.id for city in data.cities)
    graph.add_edges_from(data.links)
    return graph


def _degree(graph: nx.Graph[int]) -> Degree:
    degrees = [d for _node, d in graph.degree()]
    if not degrees:
        return Degree(0.0, 0.0, 0, ())
    return Degree(
        mean=round(statistics.fmean(degrees), 3),
        median=float(statistics.median(degrees)),
        max=max(degrees),
        distribution=tuple(sorted(Counter(degrees).items())),
    )


def _main_countries(members: Iterable[int], country_of: dict[int, str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(country_of.get(member, "") for member in members)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(ranked[:COUNTRIES_SHOWN])


def _communities(graph: nx.Graph[int], country_of: dict[int, str]) -> Communities:
    if graph.number_of_nodes() == 0:
        return Communities(0, ())
    import networkx as nx

    found = nx.community.louvain_communities(graph, seed=COMMUNITY_SEED)
    ranked = sorted(found, key=lambda members: (-len(members), min(members)))
    return Communities(
        count=len(ranked),
        largest=tuple(
            Community(len(members), _main_countries(members, country_of))
            for members in ranked[:COMMUNITIES_SHOWN]
        ),
    )


def _quartiles(values: list[float]) -> tuple[float | None, float | None, float | None]:
    if not values:
        return None, None, None
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return round(q1, 1), round(median, 1), round(q3, 1)


def _distances(data: NetworkData) -> Distances:
    by_id = {city.id: city for city in data.cities}
    km: list[float] = []
    same = known = 0
    for a, b in data.links:
        one, two = by_id.get(a), by_id.get(b)
        if one is None or two is None:
            continue
        if one.lat is not None and one.lon is not None and two.lat is not None and two.lon is not None:
            km.append(great_circle_km(one.lat, one.lon, two.lat, two.lon))
        if one.country and two.country:
            known += 1
            same += one.country == two.country
    q1, median, q3 = _quartiles(km)
    return Distances(
        measured=len(km),
        median_km=median,
        q1_km=q1,
        q3_km=q3,
        within_one_country=round(same / known, 4) if known else None,
    )


def _most_connected(graph: nx.Graph[int], data: NetworkData, top: int) -> tuple[CityDegree, ...]:
    by_id = {city.id: city for city in data.cities}
    ranked = sorted(graph.degree(), key=lambda item: (-item[1], by_id[item[0]].name, item[0]))
    return tuple(
        CityDegree(node, by_id[node].name, by_id[node].country, degree)
        for node, degree in ranked[:top]
        if degree > 0
    )


def figures(data: NetworkData, *, top: int = 10) -> NetworkFigures:
    """Every figure of the network ``data`` holds (see the module's description)."""
    import networkx as nx

    graph = _graph(data)
    country_of = {city.id: city.country for city in data.cities}
    sizes = [len(part) for part in nx.connected_components(graph)]
    return NetworkFigures(
        cities=graph.number_of_nodes(),
        links=graph.number_of_edges(),
        countries=len({city.country for city in data.cities if city.country}),
        components=len(sizes),
        largest_component=max(sizes, default=0),
        degree=_degree(graph),
        communities=_communities(graph, country_of),
        distances=_distances(data),
        most_connected=_most_connected(graph, data, top),
        scope=data.scope,
        radius=MUNICIPALITY_RADIUS if data.scope.kind == "municipality" else None,
    )
