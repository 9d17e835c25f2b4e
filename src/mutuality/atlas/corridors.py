"""Migration corridors read from the link register: the stored UN DESA migrant stocks as
:class:`~mutuality.analysis.corridors.Corridor` records (pure data, for the pages, reports and rules).

``None`` means no stock between two countries is in the database — either UN DESA records none or
its table was never imported — and is never read as a corridor of 0 people.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from mutuality.analysis.corridors import Corridor, corridors_from_stocks
from mutuality.atlas.models import CorridorStock

__all__ = ["corridor", "corridors_for", "stock_records", "stocks_recorded"]


def corridor(one: str, other: str) -> Corridor | None:
    """The corridor between two countries (ISO codes), both ways; ``None`` when no stock is recorded."""
    return corridors_for([(one, other)]).get((one, other))


def corridors_for(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Corridor]:
    """The corridors of many country pairs in one query, keyed by the pair as asked.

    Pairs with no stock recorded either way are left out of the answer (not given as 0).
    """
    wanted = list(dict.fromkeys((one, other) for one, other in pairs if one and other))
    if not wanted:
        return {}
    countries = {code for pair in wanted for code in pair}
    rows = (
        CorridorStock.objects.filter(Q(origin__in=countries) & Q(destination__in=countries))
        .order_by()
        .values_list("origin", "destination", "year", "migrants")
    )
    asked = {(o, d) for one, other in wanted for o, d in ((one, other), (other, one))}
    return corridors_from_stocks((row for row in rows if (row[0], row[1]) in asked), wanted)


def stock_records(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """The stored migrant stocks between the countries of each pair, both ways, as plain rows
    (``origin``, ``destination``, ``year``, ``migrants``) — what the analysis dataset reads."""
    rows: list[dict[str, Any]] = []
    for found in corridors_for(pairs).values():
        for (origin, destination), series in (
            ((found.one, found.other), found.one_to_other),
            ((found.other, found.one), found.other_to_one),
        ):
            rows.extend(
                {"origin": origin, "destination": destination, "year": year, "migrants": migrants}
                for year, migrants in series
            )
    return rows


def stocks_recorded() -> bool:
    """Whether any migrant stock is in the database (else a missing corridor is a data gap)."""
    return CorridorStock.objects.exists()
