"""The atlas's cities matched to the municipalities in the database — or left unmatched, and why.

A municipality is matched to the city of its country whose folded name
(:func:`~mutuality.atlas.names.fold_name`) is its folded name — the city's own or that of any row
merged into it, so "Den Haag" finds the city Wikidata calls "The Hague" if a list wrote "Den Haag".
Nothing is guessed: a municipality with two candidate cities stays unmatched and is listed with
them (ambiguous), as is a city two municipalities could claim. Matching by hand
(:func:`match_by_hand`) sets or clears a city's municipality for good: the rules leave a
municipality set by hand, and a city cleared by hand, alone.

The matching runs at every import, when a municipality is saved (:func:`municipality_saved`, for
its country only), and on ``mutuality atlas match``; it is worked out afresh each time, so running
it again changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from mutuality.atlas.models import City, LinkSource
from mutuality.atlas.names import fold_name
from mutuality.partnerships.models import Municipality


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    country: str
    wikidata: str


@dataclass
class Matching:
    """Municipalities matched (by rule or by hand), ambiguous (with the candidates), unmatched
    (no city of their name in their country), and cleared by hand (their cities set aside)."""

    matched: dict[int, int] = field(default_factory=dict)
    by_hand: dict[int, int] = field(default_factory=dict)
    ambiguous: dict[int, list[Candidate]] = field(default_factory=dict)
    unmatched: list[int] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        names = dict(Municipality.objects.values_list("pk", "key"))
        cities = dict(
            City.objects.filter(pk__in=[*self.matched.values(), *self.by_hand.values()]).values_list(
                "pk", "name"
            )
        )
        return {
            "matched": [
                {
                    "municipality": names[m],
                    "city": c,
                    "city_name": cities.get(c, ""),
                    "by_hand": m in self.by_hand,
                }
                for m, c in sorted({**self.matched, **self.by_hand}.items(), key=lambda item: names[item[0]])
            ],
            "ambiguous": [
                {"municipality": names[m], "candidates": [asdict(candidate) for candidate in found]}
                for m, found in sorted(self.ambiguous.items(), key=lambda item: names[item[0]])
            ],
            "unmatched": sorted(names[m] for m in self.unmatched),
            "cleared_by_hand": sorted(names[m] for m in self.cleared),
        }


def _match_country(country: str, municipalities: list[Municipality], matching: Matching) -> None:
    cities = list(
        City.objects.filter(country=country).values_list(
            "pk", "name", "folded", "wikidata", "merged_into_id", "municipality_id", "municipality_by_hand"
        )
    )
    head_of = {pk: into or pk for pk, _n, _f, _w, into, _m, _h in cities}
    info = {
        pk: Candidate(pk, name, country, wikidata)
        for pk, name, _f, wikidata, into, _m, _h in cities
        if not into
    }
    by_name: dict[str, set[int]] = defaultdict(set)
    for pk, name, folded, _w, _into, _m, _h in cities:
        by_name[folded or fold_name(name)].add(head_of[pk])
    hand_set = {m: pk for pk, _n, _f, _w, _i, m, by_hand in cities if by_hand and m is not None}
    hand_cleared = {pk for pk, _n, _f, _w, _i, m, by_hand in cities if by_hand and m is None}
    hand_cities = set(hand_set.values()) | hand_cleared
    claims: dict[int, list[int]] = defaultdict(list)
    candidates_of: dict[int, list[int]] = {}
    for municipality in municipalities:
        if municipality.pk in hand_set:
            matching.by_hand[municipality.pk] = hand_set[municipality.pk]
            continue
        named = by_name.get(fold_name(municipality.name), set())
        found = sorted(named - hand_cities)
        if named and not found:
            matching.cleared.append(municipality.pk)
            continue
        candidates_of[municipality.pk] = found
        if len(found) == 1:
            claims[found[0]].append(municipality.pk)
    wanted: dict[int, int] = {}
    for municipality_pk, found in candidates_of.items():
        if len(found) == 1 and len(claims[found[0]]) == 1:
            wanted[found[0]] = municipality_pk
            matching.matched[municipality_pk] = found[0]
        elif found:
            matching.ambiguous[municipality_pk] = [info[pk] for pk in found]
        else:
            matching.unmatched.append(municipality_pk)
    changed: list[City] = []
    for pk, _n, _f, _w, _i, current, by_hand in cities:
        if by_hand:
            continue
        target = wanted.get(pk)
        if target != current:
            changed.append(City(pk=pk, municipality_id=target))
    if changed:
        City.objects.bulk_update(changed, ["municipality"], batch_size=2000)


def match_municipalities(countries: Iterable[str] | None = None) -> Matching:
    """Match every municipality (of ``countries``, or of all) to its city, afresh."""
    matching = Matching()
    municipalities = Municipality.objects.order_by("pk").only("pk", "name", "country", "key")
    if countries is not None:
        municipalities = municipalities.filter(country__in=list(countries))
    by_country: dict[str, list[Municipality]] = defaultdict(list)
    for municipality in municipalities:
        by_country[municipality.country].append(municipality)
    with transaction.atomic():
        # A city is matched only to a municipality of its own country (one renamed or moved away).
        City.objects.filter(municipality__isnull=False, municipality_by_hand=False).exclude(
            municipality__country=F("country")
        ).update(municipality=None)
        for country, those in by_country.items():
            _match_country(country, those, matching)
    return matching


def municipality_called(text: str) -> list[Municipality]:
    """The municipalities ``text`` names: by key, else by name (folded: any case, script, accents)."""
    text = text.strip()
    exact = list(Municipality.objects.filter(key=text))
    if exact:
        return exact
    folded = fold_name(text)
    return [m for m in Municipality.objects.order_by("name", "key") if fold_name(m.name) == folded]


class MatchRefused(ValueError):
    """A hand match that cannot be: the city stands for no city of its own, or its country differs."""


def match_by_hand(municipality: Municipality, city_id: int | None) -> None:
    """Set (``city_id``) or clear (None) the municipality's city by hand: the rules then leave both
    alone. Clearing sets aside its city and every city of its name, so none is matched to it
    again."""
    with transaction.atomic():
        current = list(City.objects.select_for_update().filter(municipality=municipality))
        if city_id is None:
            named = City.objects.filter(country=municipality.country, folded=fold_name(municipality.name))
            heads = {city.merged_into_id or city.pk for city in named}
            City.objects.filter(pk__in=heads | {city.pk for city in current}).update(
                municipality=None, municipality_by_hand=True
            )
            return
        city = City.objects.select_for_update().get(pk=city_id)
        if city.merged_into_id is not None:
            raise MatchRefused(city_id)
        for other in current:
            other.municipality, other.municipality_by_hand = None, False
            other.save(update_fields=["municipality", "municipality_by_hand"])
        city.municipality, city.municipality_by_hand = municipality, True
        city.save(update_fields=["municipality", "municipality_by_hand"])


def municipality_saved(sender: Any, instance: Municipality, raw: bool = False, **kwargs: Any) -> None:
    """Match a saved municipality's country again (its name or country may have changed)."""
    if raw or not City.objects.exists():
        return
    match_municipalities([instance.country])


def unmatched_cities() -> list[dict[str, object]]:
    """The cities whose country label was read as no ISO 3166 country, with every file and line
    that names them."""
    cities = {
        pk: {"id": pk, "name": name, "country_label": label, "sources": []}
        for pk, name, label in City.objects.filter(country="", merged_into__isnull=True)
        .order_by("country_label", "name", "pk")
        .values_list("pk", "name", "country_label")
    }
    for file, line, one, two in LinkSource.objects.filter(
        Q(city_one__in=list(cities)) | Q(city_two__in=list(cities))
    ).values_list("file", "line", "city_one_id", "city_two_id"):
        for pk in (one, two):
            if pk in cities:
                sources = cities[pk]["sources"]
                assert isinstance(sources, list)
                sources.append(f"{file}:{line}")
    for city in cities.values():
        sources = city["sources"]
        assert isinstance(sources, list)
        sources.sort()
    return list(cities.values())
