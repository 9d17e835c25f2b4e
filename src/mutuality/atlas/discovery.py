"""Partner discovery over the link register: the database read into the plain data that
:func:`mutuality.analysis.discovery.discover` ranks.

A municipality is found in the register through the cities matched to it (``City.municipality``,
set by the matching); a city merged into another stands for it through that one. Only cities that
stand for themselves are candidates, with the links between them.
"""

from __future__ import annotations

from collections import defaultdict

from mutuality.analysis.discovery import PER_COUNTRY, Discovery, Filters, Home, Place, discover
from mutuality.atlas.models import City, CorridorStock, Link
from mutuality.countries import country_name
from mutuality.partnerships.models import Municipality

__all__ = ["NotMatched", "discover_partners", "home_of", "network", "stocks_into"]


class NotMatched(LookupError):
    """The municipality is matched to no city of the atlas (nothing imported, or no name in common)."""


def home_of(municipality: Municipality) -> Home | None:
    """The municipality as the register knows it, or ``None`` when no city is matched to it.

    Its population is its own record's where there is one, else the largest Wikidata gives its cities.
    """
    rows = list(
        City.objects.filter(municipality=municipality).values_list("pk", "merged_into_id", "population")
    )
    if not rows:
        return None
    cities = tuple(sorted({head or pk for pk, head, _population in rows}))
    known = [population for _pk, _head, population in rows if population]
    population = municipality.population or (max(known) if known else None)
    return Home(municipality.name, municipality.country, cities, population)


def network() -> tuple[dict[int, Place], dict[int, list[int]]]:
    """The cities that stand for themselves, and each one's partners (both ways)."""
    places = {
        pk: Place(pk, name, country, population)
        for pk, name, country, population in City.objects.filter(merged_into__isnull=True)
        .order_by()
        .values_list("pk", "name", "country", "population")
        .iterator(chunk_size=5000)
    }
    partners: dict[int, list[int]] = defaultdict(list)
    for one, two in Link.objects.order_by().values_list("city_a_id", "city_b_id").iterator(chunk_size=5000):
        partners[one].append(two)
        partners[two].append(one)
    return places, partners


def stocks_into(country: str) -> dict[str, tuple[int, int]]:
    """By country of birth, the latest ``(year, migrants)`` of people born there living in ``country``."""
    latest: dict[str, tuple[int, int]] = {}
    rows = CorridorStock.objects.filter(destination=country).order_by("origin", "year")
    for origin, year, migrants in rows.values_list("origin", "year", "migrants"):
        latest[origin] = (year, migrants)
    return latest


def discover_partners(
    municipality: Municipality,
    *,
    filters: Filters | None = None,
    top: int | None = 20,
    per_country: int | None = PER_COUNTRY,
) -> Discovery:
    """Candidate partners for ``municipality``, ranked; :class:`NotMatched` when the atlas has no city
    matched to it."""
    home = home_of(municipality)
    if home is None:
        raise NotMatched(municipality.key)
    places, partners = network()
    stocks = stocks_into(home.country)
    names = {code: country_name(code) for code in {*stocks, home.country}}
    return discover(
        home, places, partners, stocks, filters=filters, top=top, per_country=per_country, names=names
    )
