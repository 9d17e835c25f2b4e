"""The atlas as pages, the API and reports show it: a scope's figures and map, its links with the
lists that claim them, a city's links, the corridor between two countries both ways, and a
partnership's place in the atlas.

The figures are :mod:`mutuality.analysis.network`'s, read through :mod:`mutuality.atlas.network`;
the corridors :mod:`mutuality.atlas.corridors`'; the drawing :mod:`mutuality.reports.atlas_map`'s.
This module chooses what each view shows and writes its words in the reader's language.

Who reads what: the atlas holds public lists (Wikipedia's, Wikidata's, UN DESA's), shown to every
signed-in user; the partnerships drawn on its maps are only those the caller passes, which the
pages and the API narrow to the reader's (:class:`~mutuality.accounts.access.Access`).

The figures of the whole world take seconds (communities of 18,000 cities), a large country's half
a second, and reading the network a fifth of one, so the network and the figures of the scopes
looked at are kept per process for as long as the register is unchanged (:func:`scope_data`,
:func:`scope_figures`).
"""

from __future__ import annotations

import statistics
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from mutuality.analysis.corridors import SIZE_CLASSES, Corridor
from mutuality.analysis.corridors import SOURCE as CORRIDOR_SOURCE
from mutuality.analysis.network import (
    NetworkData,
    NetworkFigures,
    Scope,
    figures,
    great_circle_km,
    within,
)
from mutuality.atlas.corridors import corridor as read_corridor
from mutuality.atlas.models import City, CorridorStock, Link, LinkSource
from mutuality.atlas.network import world_data
from mutuality.countries import country_name
from mutuality.partnerships.models import Municipality, Partnership
from mutuality.reports.atlas_map import (
    Frame,
    MapLink,
    MapWords,
    Place,
    TrendWords,
    atlas_map,
    equal_earth,
    trend_chart,
)
from mutuality.reports.labels import number, share

__all__ = [
    "CityLink",
    "CorridorView",
    "PartnershipArc",
    "PartnershipAtlas",
    "PartnershipPlace",
    "ProgrammeNetwork",
    "SidePlace",
    "atlas_is_empty",
    "city_links",
    "city_map",
    "corridor_view",
    "list_name",
    "partnership_arcs",
    "partnership_atlas",
    "programme_network",
    "scope_data",
    "scope_figures",
    "scope_links",
    "scope_map",
    "scope_title",
    "sources_text",
]

#: At most so many cities are named on a map; past that, names would hide the links.
LABELS_SHOWN = 16


# --- sources -------------------------------------------------------------------------------------


def list_name(file: str) -> str:
    """The list a link was read from, as a reader cites it: by the file's name, which the importer
    keeps (the real files are named after their source); another file by its own name."""
    name = PurePath(file).name.casefold()
    if "hekman" in name or "wikipedia" in name:
        return _("Wikipedia's lists of twin towns (via Hekman)")
    if "wikidata" in name or "p190" in name:
        return _("Wikidata, sister city (P190)")
    return PurePath(file).name


def sources_text(sources: Iterable[LinkSource]) -> str:
    """Each list that claims a link, with its lines: "Wikidata, sister city (P190), line 12"."""
    lines: dict[str, list[int]] = {}
    for source in sources:
        lines.setdefault(list_name(source.file), []).append(source.line)
    parts = []
    for name, found in lines.items():
        numbers = ", ".join(str(line) for line in sorted(found))
        parts.append(
            _("%(list)s, line %(lines)s") % {"list": name, "lines": numbers}
            if len(found) == 1
            else _("%(list)s, lines %(lines)s") % {"list": name, "lines": numbers}
        )
    return "; ".join(parts)


def caption() -> str:
    """The sources every atlas map is drawn from, named as a reader cites them."""
    return _(
        "Sources: Wikipedia's lists of twin towns and sister cities (scraped and geocoded by Hekman), "
        "Wikidata's sister city property (P190), UN DESA International Migrant Stock 2019; "
        "country shapes: Natural Earth (public domain). Equal Earth projection."
    )


# --- scopes --------------------------------------------------------------------------------------


def atlas_is_empty() -> bool:
    return not City.objects.exists() and not CorridorStock.objects.exists()


def scope_title(scope: Scope, municipality: Municipality | None = None) -> str:
    if scope.kind == "country":
        return country_name(scope.country) or scope.country
    if scope.kind == "pair":
        return _("%(one)s and %(other)s") % {
            "one": country_name(scope.country) or scope.country,
            "other": country_name(scope.other) or scope.other,
        }
    if scope.kind == "municipality" and municipality is not None:
        return municipality.name
    return _("The world")


def _register_state() -> tuple[object, ...]:
    """What changes whenever the network changes, in three quick aggregates: links counted and the
    newest (a merge writes new ones), the newest source line (an import writes new ones, and with
    them updates its cities), the cities standing for themselves, and which are matched to which
    municipality (a match made by hand changes no count)."""
    links = Link.objects.aggregate(n=Count("pk"), last=Max("pk"))
    sources = LinkSource.objects.aggregate(last=Max("pk"))
    matched = Q(municipality__isnull=False)
    cities = City.objects.aggregate(
        standing=Count("pk", filter=Q(merged_into__isnull=True)),
        last=Max("pk"),
        matched=Sum("pk", filter=matched),
        municipalities=Sum("municipality_id", filter=matched),
    )
    return (*links.values(), sources["last"], *cities.values())


class _Kept:
    """Results kept for as long as the register is unchanged (asked of the database each time, in
    two counts): the whole network as read, and the figures of the scopes looked at. The world's
    figures take seconds, a large country's a half; reading the network, which every scope needs,
    a fifth of a second."""

    MOST = 64

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.state: tuple[object, ...] | None = None
        self.values: dict[object, Any] = {}

    def get(self, key: object, compute: Callable[[], Any]) -> Any:
        state = _register_state()
        with self.lock:
            if state != self.state:
                self.values.clear()
                self.state = state
            if key in self.values:
                return self.values[key]
        value = compute()  # outside the lock: two first askers may both compute, neither waits
        with self.lock:
            if self.state == state:
                if len(self.values) >= self.MOST:
                    self.values.clear()
                self.values[key] = value
        return value


_kept = _Kept()


def scope_data(scope: Scope) -> NetworkData:
    """The cities and links ``scope`` looks at (as :func:`mutuality.atlas.network.graph_data`), cut
    out of the whole network, read once while the register is unchanged."""
    return within(_kept.get("world", world_data), scope)


def scope_figures(scope: Scope, data: NetworkData | None = None) -> NetworkFigures:
    """The figures of ``scope`` (``data``: its network, when already read), kept while the register
    is unchanged."""
    found: NetworkFigures = _kept.get(
        ("figures", scope), lambda: figures(data if data is not None else scope_data(scope))
    )
    return found


def scope_links(scope: Scope) -> QuerySet[Link]:
    """The links a scope lists (a municipality: its own cities' links), with their cities."""
    links = Link.objects.select_related("city_a", "city_b")
    if scope.kind == "country":
        links = links.filter(Q(city_a__country=scope.country) | Q(city_b__country=scope.country))
    elif scope.kind == "pair":
        one, other = scope.country, scope.other
        links = links.filter(
            Q(city_a__country=one, city_b__country=other) | Q(city_a__country=other, city_b__country=one)
        )
    elif scope.kind == "municipality":
        own = Q(city_a__municipality_id=scope.municipality_id) | Q(
            city_b__municipality_id=scope.municipality_id
        )
        links = links.filter(own)
    return links.order_by("city_a__name", "city_b__name", "pk")


# --- partnerships on the map ---------------------------------------------------------------------


@dataclass(frozen=True)
class PartnershipArc:
    """A partnership of ours between two cities of the atlas (both sides matched, with places)."""

    partnership: Partnership
    one: City
    other: City
    link: Link | None  # the lists' link between the two cities, if they list one


def partnership_arcs(partnerships: Iterable[Partnership]) -> list[PartnershipArc]:
    """The partnerships whose sides are cities of the atlas: every pair of their sides' cities.

    A side is the city its municipality is matched to (``City.municipality``, a city standing for
    itself); a side whose municipality matches no city, or a city with no place, is left out.
    """
    partnerships = list(partnerships)
    sides: dict[int, list[int]] = {}
    for partnership in partnerships:
        sides[partnership.pk] = [side.municipality_id for side in partnership.sides.all()]
    wanted = {m for ids in sides.values() for m in ids}
    city_of = {
        city.municipality_id: city
        for city in City.objects.filter(
            municipality_id__in=wanted, merged_into__isnull=True, latitude__isnull=False
        ).order_by("pk")
    }
    pairs = []
    for partnership in partnerships:
        cities = [city_of[m] for m in sides[partnership.pk] if m in city_of]
        for i, one in enumerate(cities):
            for other in cities[i + 1 :]:
                if one.pk != other.pk:
                    pairs.append((partnership, one, other))
    keys = {_pair(one, other) for _p, one, other in pairs}
    links = {
        (link.city_a_id, link.city_b_id): link
        # Their sources with them: pages and the programme report name the lists of each link.
        for link in Link.objects.filter(
            city_a_id__in={a for a, _b in keys}, city_b_id__in={b for _a, b in keys}
        ).prefetch_related("sources")
    }
    return [
        PartnershipArc(partnership, one, other, links.get(_pair(one, other)))
        for partnership, one, other in pairs
    ]


def _pair(one: City, other: City) -> tuple[int, int]:
    """Two cities' ids as a link stores them, the smaller first."""
    return (one.pk, other.pk) if one.pk < other.pk else (other.pk, one.pk)


def _arc_in(arc: PartnershipArc, scope: Scope) -> bool:
    countries = {arc.one.country, arc.other.country}
    if scope.kind == "country":
        return scope.country in countries
    if scope.kind == "pair":
        return countries == {scope.country, scope.other}
    if scope.kind == "municipality":
        return scope.municipality_id in (arc.one.municipality_id, arc.other.municipality_id)
    return True


# --- maps ----------------------------------------------------------------------------------------


def _words(title: str, description: str, link: str | None = None, city: str | None = None) -> MapWords:
    return MapWords(
        title=title,
        description=description,
        link=link or _("twinning link in the lists"),
        highlighted=_("partnership recorded here"),
        city=city or _("city"),
    )


class _Places:
    """Places to draw, each city once, found again by its id."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.index: dict[object, int] = {}

    def add(self, key: object, longitude: float, latitude: float, label: str | None = None) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.places)
            self.places.append(Place(longitude, latitude, label))
        elif label and not self.places[found].label:
            place = self.places[found]
            self.places[found] = Place(place.longitude, place.latitude, label)
        return found


def _arcs(places: _Places, arcs: Sequence[PartnershipArc], label: bool) -> list[MapLink]:
    out = []
    for arc in arcs:
        ends = [
            places.add(city.pk, city.longitude, city.latitude, city.name if label else None)  # type: ignore[arg-type]
            for city in (arc.one, arc.other)
        ]
        out.append(MapLink(ends[0], ends[1], highlighted=True))
    return out


def scope_map(data: NetworkData, arcs: Sequence[PartnershipArc], title: str) -> str:
    """The map of a scope: the world by links between countries, any other scope city by city,
    with the partnerships of ``arcs`` that lie in it drawn over them."""
    arcs = [arc for arc in arcs if _arc_in(arc, data.scope)]
    if data.scope.kind == "world":
        return _world_map(data, arcs, title)
    places = _Places()
    by_id = {city.id: city for city in data.cities}
    links: list[MapLink] = []
    for a, b in data.links:
        one, two = by_id.get(a), by_id.get(b)
        if one is None or two is None or None in (one.lat, one.lon, two.lat, two.lon):
            continue
        links.append(MapLink(places.add(a, one.lon, one.lat), places.add(b, two.lon, two.lat)))  # type: ignore[arg-type]
    scope = data.scope
    named: set[int] = set()
    if scope.kind == "municipality":
        own = {city.id for city in data.cities if city.municipality_id == scope.municipality_id}
        partners = {b if a in own else a for a, b in data.links if a in own or b in own}
        named = own | partners
        around = [by_id[pk] for pk in named if pk in by_id]
    elif scope.kind == "pair" or len(data.cities) <= LABELS_SHOWN:
        named = {city.id for city in data.cities}
        around = list(data.cities)
    else:
        around = list(data.cities)
    if len(named) > LABELS_SHOWN:
        degree = Counter(pk for link in data.links for pk in link)
        named = set(sorted(named, key=lambda pk: -degree[pk])[:LABELS_SHOWN])
    for pk in named:
        city = by_id.get(pk)
        if city is not None and city.lat is not None and city.lon is not None:
            places.add(pk, city.lon, city.lat, city.name)
    highlighted = _arcs(places, arcs, label=True)  # names that would overlap are left out
    points = [equal_earth(c.lon, c.lat) for c in around if c.lat is not None and c.lon is not None]
    points += [equal_earth(p.longitude, p.latitude) for p in places.places if p.label]
    focus = [code for code in (scope.country, scope.other) if code]
    description = _("%(links)s twinning links of %(scope)s drawn as arcs between their cities.") % {
        "links": number(len(links)),
        "scope": title,
    }
    return atlas_map(
        places.places,
        [*links, *highlighted],
        _words(title, description),
        frame=Frame.around(points) if points else Frame.world(),
        focus=focus,
    )


def _world_map(data: NetworkData, arcs: Sequence[PartnershipArc], title: str) -> str:
    """The world by country: one arc for the links between two countries, thicker for more; the
    partnerships recorded here city by city. (Drawn city by city, the world's 28,000 links are a
    blue cloud and a page of a megabyte.)"""
    spots: dict[str, list[tuple[float, float]]] = {}
    country_of: dict[int, str] = {}
    for city in data.cities:
        if city.country and city.lat is not None and city.lon is not None:
            spots.setdefault(city.country, []).append((city.lon, city.lat))
            country_of[city.id] = city.country
    places = _Places()
    for code, found in spots.items():
        places.add(code, statistics.median(p[0] for p in found), statistics.median(p[1] for p in found))
    pairs: Counter[tuple[str, str]] = Counter()
    for a, b in data.links:
        one, two = country_of.get(a), country_of.get(b)
        if one and two and one != two:
            pairs[(one, two) if one < two else (two, one)] += 1
    links = [
        MapLink(places.index[one], places.index[two], weight=count) for (one, two), count in pairs.items()
    ]
    highlighted = _arcs(places, arcs, label=False)
    description = _(
        "The twinning links of the world between %(pairs)s pairs of countries, one arc a pair, "
        "thicker for more links; links within one country are not drawn at this scale."
    ) % {"pairs": number(len(pairs))}
    words = _words(
        title,
        description,
        _("links between two countries (thicker: more)"),
        _("country (the middle of its cities)"),
    )
    return atlas_map(places.places, [*links, *highlighted], words, frame=Frame.world())


@dataclass(frozen=True)
class CityLink:
    """One of a city's links: the city at the other end, the lists that claim it, how far it is."""

    link: Link
    partner: City
    sources: tuple[LinkSource, ...]
    km: float | None

    @property
    def sources_text(self) -> str:
        return sources_text(self.sources)


def city_links(city: City) -> list[CityLink]:
    """A city's links, partners by name, each with its sources (file and line) and length."""
    links = (
        Link.objects.filter(Q(city_a=city) | Q(city_b=city))
        .select_related("city_a", "city_b")
        .prefetch_related("sources")
    )
    found = []
    for link in links:
        partner = link.city_b if link.city_a_id == city.pk else link.city_a
        km = None
        if None not in (city.latitude, city.longitude, partner.latitude, partner.longitude):
            km = great_circle_km(city.latitude, city.longitude, partner.latitude, partner.longitude)  # type: ignore[arg-type]
        found.append(CityLink(link, partner, tuple(link.sources.all()), km))
    return sorted(found, key=lambda item: (item.partner.name.casefold(), item.partner.pk))


def city_map(city: City, links: Sequence[CityLink], arcs: Sequence[PartnershipArc]) -> str | None:
    """A city and its partners, named; ``None`` when the city has no place."""
    if city.latitude is None or city.longitude is None:
        return None
    places = _Places()
    centre = places.add(city.pk, city.longitude, city.latitude, city.name)
    drawn = []
    label = len(links) <= LABELS_SHOWN
    for item in links:
        partner = item.partner
        if partner.latitude is None or partner.longitude is None:
            continue
        end = places.add(partner.pk, partner.longitude, partner.latitude, partner.name if label else None)
        drawn.append(MapLink(centre, end))
    mine = [arc for arc in arcs if city.pk in (arc.one.pk, arc.other.pk)]
    drawn += _arcs(places, mine, label=True)
    points = [equal_earth(p.longitude, p.latitude) for p in places.places]
    description = _("%(city)s and the %(count)s cities it is twinned with.") % {
        "city": city.name,
        "count": number(len(links)),
    }
    focus = [city.country] if city.country else []
    return atlas_map(
        places.places,
        drawn,
        _words(_("The links of %(city)s") % {"city": city.name}, description),
        frame=Frame.around(points),
        focus=focus,
    )


# --- corridors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Direction:
    """One way of a corridor, in words: who, how many in the latest year, and since the first."""

    born_in: str
    living_in: str
    text: str  # "People born in Morocco living in the Netherlands"
    latest_year: int | None
    latest: str  # the number written the reader's way, or ""
    change: str  # "+66,029 since 1990 (+57.5 %)", or ""
    size: str  # the size class's label, or ""


@dataclass(frozen=True)
class CorridorView:
    """A corridor between two countries as a page shows it: both directions, a table by year, the
    trend as a chart, the source."""

    one: str
    other: str
    directions: tuple[Direction, ...]
    years: tuple[tuple[int, str, str], ...]  # year, one → other, other → one ("" where not recorded)
    chart: str
    source: str
    corridor: Corridor | None = None
    title: str = ""


def _direction(found: Corridor, born_in: str, living_in: str) -> Direction:
    text = _("People born in %(origin)s living in %(destination)s") % {
        "origin": country_name(born_in) or born_in,
        "destination": country_name(living_in) or living_in,
    }
    latest = found.latest(born_in, living_in)
    change = found.change(born_in, living_in)
    change_text = ""
    if change is not None:
        sign = "+" if change.absolute >= 0 else "−"
        change_text = _("%(change)s since %(year)s") % {
            "change": sign + number(abs(change.absolute)),
            "year": change.first_year,
        }
        if change.percent is not None:
            change_text += f" ({'+' if change.percent > 0 else ''}{share(change.percent / 100)})"
    size = found.size_of(born_in, living_in)
    return Direction(
        born_in,
        living_in,
        text,
        latest[0] if latest else None,
        number(latest[1]) if latest else "",
        change_text,
        _size_label(size) if size else "",
    )


def _size_label(key: str) -> str:
    return next(_(label) for found, label, _least in SIZE_CLASSES if found == key)


def corridor_view(one: str, other: str) -> CorridorView | None:
    """The corridor between two countries (ISO codes) both ways; ``None`` when none is recorded
    (not a corridor of nobody: UN DESA's table, or its import, has no figure either way)."""
    found = read_corridor(one, other)
    if found is None:
        return None
    directions = (_direction(found, one, other), _direction(found, other, one))
    there, back = dict(found.one_to_other), dict(found.other_to_one)
    years = tuple(
        (year, number(there[year]) if year in there else "", number(back[year]) if year in back else "")
        for year in sorted(set(there) | set(back))
    )
    title = _("Migrant stock between %(one)s and %(other)s, 1990–2019") % {
        "one": country_name(one) or one,
        "other": country_name(other) or other,
    }
    chart = trend_chart(
        [(directions[0].text, found.one_to_other), (directions[1].text, found.other_to_one)],
        TrendWords(
            title,
            _("The number of migrants each way by year, as UN DESA records it."),
            _("No figures recorded."),
        ),
        number,
    )
    return CorridorView(one, other, directions, years, chart, _(CORRIDOR_SOURCE), corridor=found, title=title)


# --- a partnership in the atlas ------------------------------------------------------------------


@dataclass(frozen=True)
class PartnershipAtlas:
    """What the partnership page shows of the atlas: the partnership's link on a map, whether the
    lists know it (and which), the corridors between its countries, and its recorded linkage."""

    arcs: tuple[tuple[PartnershipArc, str], ...]  # each with the lists that claim it ("": none)
    map: str | None
    corridors: tuple[CorridorView, ...]
    missing_corridors: tuple[tuple[str, str], ...]  # country pairs with no figure recorded
    unmatched: tuple[str, ...]  # sides' municipalities no city of the atlas stands for


def partnership_atlas(partnership: Partnership) -> PartnershipAtlas | None:
    """The partnership's place in the atlas; ``None`` while the atlas is empty (nothing imported)."""
    if atlas_is_empty():
        return None
    sides = list(partnership.sides.select_related("municipality").order_by("position", "pk"))
    arcs = tuple(partnership_arcs([partnership]))
    matched = {arc.one.municipality_id for arc in arcs} | {arc.other.municipality_id for arc in arcs}
    if not arcs:
        matched = set(
            City.objects.filter(
                municipality_id__in=[s.municipality_id for s in sides], merged_into__isnull=True
            ).values_list("municipality_id", flat=True)
        )
    unmatched = tuple(s.municipality.name for s in sides if s.municipality_id not in matched)
    drawn = None
    if arcs:
        places = _Places()
        links = _arcs(places, arcs, label=True)
        points = [equal_earth(p.longitude, p.latitude) for p in places.places]
        title = _("%(partnership)s in the atlas") % {"partnership": partnership.name}
        description = _("The cities of %(partnership)s, joined by an arc.") % {
            "partnership": partnership.name
        }
        drawn = atlas_map(
            places.places, links, _words(title, description), frame=Frame.around(points, least=120), width=600
        )
    shown = tuple((arc, sources_text(arc.link.sources.all()) if arc.link else "") for arc in arcs)
    corridors, missing = _corridors_of(partnership)
    return PartnershipAtlas(shown, drawn, corridors, missing, unmatched)


# --- the partnerships of a programme in the atlas ------------------------------------------------


@dataclass(frozen=True)
class SidePlace:
    """A side of a partnership in the atlas: the city its municipality is matched to (``None``
    when none is) and how many links the lists give that city."""

    name: str
    city: City | None
    links: int


@dataclass(frozen=True)
class PartnershipPlace:
    """A partnership of a programme in the atlas: its sides' cities, whether the lists know the
    link (``None`` when a side is not in the atlas, so nothing can be said; "" when both are and no
    list names the link; else the lists), and the corridors between its countries."""

    partnership: Partnership
    sides: tuple[SidePlace, ...]
    listed: str | None
    corridors: tuple[CorridorView, ...]
    missing_corridors: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProgrammeNetwork:
    """The network around a programme's partnerships: each partnership's place, the figures of the
    programme's cities with their partners (radius 1: the cities twinned with one of them), the
    countries those partners are in, and the map."""

    places: tuple[PartnershipPlace, ...]
    figures: NetworkFigures
    partner_countries: tuple[tuple[str, int], ...]
    map: str | None


def programme_network(keys: Sequence[str]) -> ProgrammeNetwork | None:
    """The partnerships ``keys`` in the atlas; ``None`` while the atlas is empty (nothing imported).

    Reads the atlas, which holds public lists only; the partnerships are those the report covers,
    which its caller has narrowed to the reader's."""
    if atlas_is_empty():
        return None
    partnerships = list(
        Partnership.objects.filter(key__in=keys).prefetch_related("sides__municipality").order_by("name")
    )
    arcs = partnership_arcs(partnerships)
    world = scope_data(Scope("world"))
    municipalities = {side.municipality_id for p in partnerships for side in p.sides.all()}
    cities = {
        city.municipality_id: city
        for city in City.objects.filter(
            municipality_id__in=municipalities, merged_into__isnull=True
        ).order_by("pk")
    }
    degree: Counter[int] = Counter(pk for link in world.links for pk in link)
    own = {city.pk for city in cities.values()}
    links = tuple(link for link in world.links if link[0] in own or link[1] in own)
    around = {pk for link in links for pk in link} | own
    data = NetworkData(tuple(city for city in world.cities if city.id in around), links, Scope("world"))
    partner_countries: Counter[str] = Counter(
        city.country for city in data.cities if city.id not in own and city.country
    )
    places = []
    read: dict[tuple[str, str], CorridorView | None] = {}
    for partnership in partnerships:
        sides = tuple(
            SidePlace(
                side.municipality.name,
                cities.get(side.municipality_id),
                degree[cities[side.municipality_id].pk] if side.municipality_id in cities else 0,
            )
            for side in sorted(partnership.sides.all(), key=lambda side: (side.position, side.pk))
        )
        mine = [arc for arc in arcs if arc.partnership.pk == partnership.pk]
        listed: str | None = None
        if all(side.city is not None for side in sides):
            listed = "; ".join(sources_text(arc.link.sources.all()) for arc in mine if arc.link)
        corridors, missing = _corridors_of(partnership, read)
        places.append(PartnershipPlace(partnership, sides, listed, corridors, missing))
    return ProgrammeNetwork(
        tuple(places),
        figures(data),
        tuple(partner_countries.most_common()),
        _programme_map(data, arcs, own),
    )


def _corridors_of(
    partnership: Partnership, read: dict[tuple[str, str], CorridorView | None] | None = None
) -> tuple[tuple[CorridorView, ...], tuple[tuple[str, str], ...]]:
    """The corridors between the countries of a partnership's sides, each pair once, first side first;
    ``read`` keeps the corridors already read, for the many partnerships of a programme."""
    read = {} if read is None else read
    sides = sorted(partnership.sides.all(), key=lambda side: (side.position, side.pk))
    pairs: list[tuple[str, str]] = []
    for i, first in enumerate(sides):
        for second in sides[i + 1 :]:
            pair = (first.municipality.country, second.municipality.country)
            if all(pair) and pair[0] != pair[1] and pair not in pairs and pair[::-1] not in pairs:
                pairs.append(pair)
    found, missing = [], []
    for one, other in pairs:
        if (one, other) not in read:
            read[(one, other)] = corridor_view(one, other)
        view = read[(one, other)]
        if view is None:
            missing.append((one, other))
        else:
            found.append(view)
    return tuple(found), tuple(missing)


def _programme_map(data: NetworkData, arcs: Sequence[PartnershipArc], own: set[int]) -> str | None:
    """The programme's cities, their other partners (thin) and the partnerships (highlighted)."""
    by_id = {city.id: city for city in data.cities}
    places = _Places()
    drawn: list[MapLink] = []
    for a, b in data.links:
        one, two = by_id.get(a), by_id.get(b)
        if one is None or two is None or None in (one.lat, one.lon, two.lat, two.lon):
            continue
        drawn.append(MapLink(places.add(a, one.lon, one.lat), places.add(b, two.lon, two.lat)))  # type: ignore[arg-type]
    highlighted = _arcs(places, arcs, label=len(arcs) <= LABELS_SHOWN)
    if not drawn and not highlighted:
        return None
    points = [
        equal_earth(by_id[pk].lon, by_id[pk].lat)  # type: ignore[arg-type]
        for pk in own
        if pk in by_id and by_id[pk].lat is not None and by_id[pk].lon is not None
    ]
    description = _(
        "The partnerships of the programme (highlighted) and the other twinning links of their cities "
        "(%(links)s), drawn as arcs between the cities."
    ) % {"links": number(len(drawn))}
    return atlas_map(
        places.places,
        [*drawn, *highlighted],
        _words(_("The network around the partnerships"), description),
        frame=Frame.around(points, least=120) if points else Frame.world(),
    )
