"""Partner discovery: candidate partner cities for a municipality, ranked by reasons one can read.

Every candidate's score is the sum of the points of its reasons, and every reason is shown with its
points and its words, so a reader sees why a city is listed and can weigh the reasons otherwise:

=========================  ==================================================  ==================
reason                     what it measures                                    points
=========================  ==================================================  ==================
``size``                   a population close to the municipality's            :data:`SIZE_POINTS` × (1 −
                           (Wikidata's, where the lists give one)              |log10(ratio)|), 0 from
                                                                               10 times apart
``corridor``               people born in the candidate's country living in    log10(migrants / 1,000),
                           the municipality's country (UN DESA; countries,     0 to :data:`CORRIDOR_POINTS`
                           not towns)
``partners_of_partners``   the municipality's partners already linked to the   1 each, up to
                           candidate (friends of friends in the link graph)    :data:`PARTNER_POINTS`
=========================  ==================================================  ==================

UN DESA counts migrants by country, so every city of a country scores the same for its corridor:
the corridor picks the countries, and the other reasons rank the cities within them. So that a
list shows several countries rather than one country's cities in alphabetical order, it holds at
most :data:`PER_COUNTRY` cities a country (``per_country``; not when countries are asked for).

A population that is not known is said (``size_unknown``, 0 points), never read as a size. Cities
already linked to the municipality are left out and counted (:attr:`Discovery.already_linked`), as
are those in its own country unless asked for. Nothing here reads a database: the atlas layer
(:mod:`mutuality.atlas.discovery`) gives the network and the stocks as plain data.

"Similar tasks" (ch. 8.3.1: similarity between professionals) is not among the reasons: the lists
say nothing of what a town does, so it is left to the reader.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mutuality.analysis.corridors import grouped

__all__ = [
    "CORRIDOR_POINTS",
    "PARTNER_POINTS",
    "PER_COUNTRY",
    "REASONS",
    "SIZE_POINTS",
    "Candidate",
    "Discovery",
    "Filters",
    "Home",
    "Place",
    "Reason",
    "discover",
]


def _(message: str) -> str:
    """Marks a message for translation (``makemessages`` finds it); the caller's layer translates it."""
    return message


# Same size: 2 points; 3.2 times apart: 1; 10 times apart or more: 0.
SIZE_POINTS = 2.0
# 1,000 people: 0 points; 10,000: 1; 100,000: 2; a million or more: 3. A corridor counts by its
# order of magnitude, as the migrants of one town are an unknown share of their country's.
CORRIDOR_POINTS = 3.0
CORRIDOR_FLOOR = 1_000
# One point a partner of the municipality already linked to the candidate, up to three.
PARTNER_POINTS = 3

# At most this many candidates a country in a list (the best of each).
PER_COUNTRY = 3

REASONS = ("size", "corridor", "partners_of_partners")


@dataclass(frozen=True, slots=True)
class Place:
    """A city of the link register: its number there, name, ISO country code, population if known."""

    id: int
    name: str
    country: str = ""
    population: int | None = None


@dataclass(frozen=True, slots=True)
class Home:
    """The municipality partners are sought for: its cities in the register (one, or a few the lists
    name apart), its country and population (its own record's, else Wikidata's)."""

    name: str
    country: str
    cities: tuple[int, ...]
    population: int | None = None


@dataclass(frozen=True, slots=True)
class Filters:
    """Which candidates to list. A population bound leaves out cities whose population is not known;
    ``must_have``: reason keys each candidate must score on."""

    countries: frozenset[str] = frozenset()
    exclude_countries: frozenset[str] = frozenset()
    min_population: int | None = None
    max_population: int | None = None
    must_have: frozenset[str] = frozenset()
    include_home_country: bool = False

    def __post_init__(self) -> None:
        unknown = sorted(self.must_have - set(REASONS))
        if unknown:
            raise ValueError(f"unknown reasons {', '.join(unknown)}; known: {', '.join(REASONS)}")

    def admits(self, place: Place, home: Home) -> bool:
        if self.countries and place.country not in self.countries:
            return False
        if place.country in self.exclude_countries:
            return False
        if not self.include_home_country and place.country == home.country:
            return False
        if self.min_population is not None or self.max_population is not None:
            if place.population is None:
                return False
            if self.min_population is not None and place.population < self.min_population:
                return False
            if self.max_population is not None and place.population > self.max_population:
                return False
        return True


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a city is a candidate: its key, an English message with named placeholders and their
    values (translated by the caller: ``gettext(message) % params``), and the points it adds."""

    key: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    points: float = 0.0

    @property
    def text(self) -> str:
        return self.message % self.params

    def as_dict(self, translate: Any = None) -> dict[str, Any]:
        message = translate(self.message) if translate else self.message
        return {"reason": self.key, "text": message % self.params, "points": self.points}


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    reasons: tuple[Reason, ...]

    @property
    def score(self) -> float:
        """The sum of the reasons' points (rounded to two decimals, as they are shown)."""
        return round(sum(reason.points for reason in self.reasons), 2)

    def as_dict(self, translate: Any = None) -> dict[str, Any]:
        return {
            "city": self.place.name,
            "city_id": self.place.id,
            "country": self.place.country,
            "population": self.place.population,
            "score": self.score,
            "reasons": [reason.as_dict(translate) for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Discovery:
    """The ranked candidates, how many cities were weighed, and those left out as already linked."""

    home: Home
    candidates: tuple[Candidate, ...]
    already_linked: int
    weighed: int


def size_points(population: int, home_population: int) -> float:
    """:data:`SIZE_POINTS` for the same size, falling with the order of magnitude between the two."""
    if population <= 0 or home_population <= 0:
        return 0.0
    apart = abs(math.log10(population / home_population))
    return round(max(0.0, SIZE_POINTS * (1 - apart)), 2)


def corridor_points(migrants: int) -> float:
    """The corridor's order of magnitude above :data:`CORRIDOR_FLOOR`, up to :data:`CORRIDOR_POINTS`."""
    if migrants <= CORRIDOR_FLOOR:
        return 0.0
    return round(min(CORRIDOR_POINTS, math.log10(migrants / CORRIDOR_FLOOR)), 2)


def _size(place: Place, home: Home) -> Reason | None:
    if place.population is None:
        return Reason("size_unknown", _("Population not known (the lists give none)."))
    if home.population is None:
        return None  # said once for the whole list, not on every candidate
    points = size_points(place.population, home.population)
    if points <= 0:
        return None
    return Reason(
        "size",
        _("Population %(population)s, %(home)s %(home_population)s."),
        {
            "population": grouped(place.population),
            "home": home.name,
            "home_population": grouped(home.population),
        },
        points,
    )


def _corridor(
    country: str, home: Home, stocks: Mapping[str, tuple[int, int]], names: Mapping[str, str]
) -> Reason | None:
    found = stocks.get(country) if country else None
    if found is None:
        return None
    year, migrants = found
    points = corridor_points(migrants)
    if points <= 0:
        return None
    return Reason(
        "corridor",
        _(
            "%(migrants)s people born in %(origin)s lived in %(destination)s in %(year)d (UN DESA, by country: "
            "how many live in %(home)s is not known)."
        ),
        {
            "migrants": grouped(migrants),
            "origin": names.get(country) or country,
            "destination": names.get(home.country) or home.country,
            "year": year,
            "home": home.name,
        },
        points,
    )


def _partners(home: Home, via: list[str]) -> Reason:
    return Reason(
        "partners_of_partners",
        _("Already linked to %(count)d of %(home)s's partners: %(via)s."),
        {"count": len(via), "home": home.name, "via": ", ".join(sorted(via))},
        float(min(PARTNER_POINTS, len(via))),
    )


def discover(
    home: Home,
    places: Mapping[int, Place],
    partners: Mapping[int, Iterable[int]],
    stocks: Mapping[str, tuple[int, int]],
    *,
    filters: Filters | None = None,
    top: int | None = 20,
    per_country: int | None = PER_COUNTRY,
    names: Mapping[str, str] | None = None,
) -> Discovery:
    """Rank the cities of ``places`` as partners for ``home``.

    ``partners`` maps a city to the cities it is linked to (both ways); ``stocks`` maps a country of
    birth to the latest ``(year, migrants)`` of people born there living in ``home.country`` (UN
    DESA); ``names`` names countries (ISO codes where it does not). Only cities with at least one
    reason that scores are listed, best first (ties by name), at most ``per_country`` a country
    unless ``filters`` names countries (``None``: no such limit); ``top=None`` lists all.
    """
    filters = filters or Filters()
    names = names or {}
    mine = set(home.cities)
    linked = {other for city in mine for other in partners.get(city, ())} - mine
    shared: Counter[int] = Counter()
    via: dict[int, list[str]] = {}
    for partner in linked:
        for other in partners.get(partner, ()):
            if other in mine or other in linked:
                continue
            shared[other] += 1
            via.setdefault(other, []).append(places[partner].name if partner in places else str(partner))
    corridors = {
        country: _corridor(country, home, stocks, names) for country in {p.country for p in places.values()}
    }
    # Scores first, reasons in words only for the cities listed: a list weighs some 18,000 cities.
    scored: list[tuple[float, str, int]] = []
    weighed = 0
    for place in places.values():
        if place.id in mine or place.id in linked or not filters.admits(place, home):
            continue
        weighed += 1
        corridor = corridors[place.country]
        size = (
            size_points(place.population, home.population)
            if place.population is not None and home.population is not None
            else 0.0
        )
        partner_points = min(PARTNER_POINTS, shared[place.id])
        scoring = {
            key
            for key, points in (
                ("corridor", corridor.points if corridor else 0.0),
                ("size", size),
                ("partners_of_partners", partner_points),
            )
            if points > 0
        }
        if not scoring or not filters.must_have <= scoring:
            continue
        score = round((corridor.points if corridor else 0.0) + size + partner_points, 2)
        scored.append((-score, place.name, place.id))
    scored.sort()
    if per_country is not None and not filters.countries:
        shown: Counter[str] = Counter()
        kept = []
        for entry in scored:
            country = places[entry[2]].country
            shown[country] += 1
            if shown[country] <= per_country:
                kept.append(entry)
            if top is not None and len(kept) >= top:
                break
        scored = kept
    found = [
        Candidate(
            places[pk],
            tuple(
                reason
                for reason in (
                    corridors[places[pk].country],
                    _partners(home, via[pk]) if pk in via else None,
                    _size(places[pk], home),
                )
                if reason is not None
            ),
        )
        for _score, _name, pk in (scored if top is None else scored[:top])
    ]
    return Discovery(home, tuple(found), len(linked), weighed)
