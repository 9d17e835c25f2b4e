"""Migration corridors between two countries: UN DESA's migrant stock both ways, as recorded.

A partnership links two towns; the migrants who tie them together (the translocal linkages of
ch. 8.4) are counted by UN DESA only by country: how many people born in one country lived in
another, in 1990, 1995, …, 2015 and 2019. A :class:`Corridor` holds those figures for a pair of
countries, both ways, as recorded — a year missing from the record is not a year with nobody
(UN DESA's table leaves out the cells it has no figure for, and the long file leaves out zeros).
A corridor with no figure at all is not a corridor of size 0: the readers return ``None`` for it.

How large a corridor is, is said in one place (:data:`SIZE_CLASSES`, :data:`LARGE_CORRIDOR`), with
its reason, so the diagnostics, the atlas pages and partner discovery agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LARGE_CORRIDOR",
    "SIZE_CLASSES",
    "SOURCE",
    "Change",
    "Corridor",
    "corridors_from_stocks",
    "grouped",
    "size_class",
]


def _(message: str) -> str:
    """Marks a message for translation (``makemessages`` finds it); the caller's layer translates it."""
    return message


SOURCE = _("UN DESA, International Migrant Stock 2019")

# "Large": at least 100,000 people born in one country living in the other in the latest year
# recorded. The translocal linkages of ch. 8.4 were found in corridors of this order: 114,850
# Moroccan-born and 140,494 Turkish-born residents of the Netherlands in 1990, when most of the
# studied partnerships began, 180,879 and 204,702 in 2019 (UN DESA). A corridor that large gives
# most municipalities of the destination country migrants from the partner country — the
# "existing transnational linkages and networks" recommendation 7 (ch. 10) asks partnerships to use.
LARGE_CORRIDOR = 100_000
# "Medium": at least 10,000 — an order of magnitude below the study's corridors: migrant
# organisations exist in the larger towns, not in most.
MEDIUM_CORRIDOR = 10_000

# (key, label, the least number of migrants the class starts at), largest first.
SIZE_CLASSES: tuple[tuple[str, str, int], ...] = (
    ("large", _("large (at least 100,000 people)"), LARGE_CORRIDOR),
    ("medium", _("medium (10,000 to 99,999 people)"), MEDIUM_CORRIDOR),
    ("small", _("small (fewer than 10,000 people)"), 0),
)


def grouped(count: int) -> str:
    """A whole number grouped by thousands with a narrow no-break space (180 879): read the same in
    every language we write, where a comma or a dot would be a decimal sign in some."""
    return f"{count:,}".replace(",", "\u202f")


def size_class(migrants: int) -> str:
    """The size class (``large``, ``medium``, ``small``) of a number of migrants (:data:`SIZE_CLASSES`)."""
    return next(key for key, _label, least in SIZE_CLASSES if migrants >= least)


Series = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Change:
    """How one direction of a corridor changed from the first year recorded to the latest.

    ``percent`` is ``None`` when the first figure is 0 (a change from nobody has no percentage).
    """

    first_year: int
    first: int
    latest_year: int
    latest: int

    @property
    def absolute(self) -> int:
        return self.latest - self.first

    @property
    def percent(self) -> float | None:
        return None if self.first == 0 else round(100 * (self.latest - self.first) / self.first, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_year": self.first_year,
            "first": self.first,
            "latest_year": self.latest_year,
            "latest": self.latest,
            "absolute": self.absolute,
            "percent": self.percent,
        }


def _latest(series: Series) -> tuple[int, int] | None:
    return series[-1] if series else None


def _change(series: Series) -> Change | None:
    if len(series) < 2:
        return None
    (first_year, first), (latest_year, latest) = series[0], series[-1]
    return Change(first_year, first, latest_year, latest)


@dataclass(frozen=True, slots=True)
class Corridor:
    """The migrant stock between two countries (ISO 3166 codes), both ways, year by year as recorded.

    ``one_to_other``: people born in ``one`` living in ``other``, as ``(year, migrants)`` pairs in
    year order; ``other_to_one`` the reverse. Either may be empty (nothing recorded that way).
    """

    one: str
    other: str
    one_to_other: Series = ()
    other_to_one: Series = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "one_to_other", tuple(sorted(self.one_to_other)))
        object.__setattr__(self, "other_to_one", tuple(sorted(self.other_to_one)))

    def stock(self, born_in: str, living_in: str) -> Series:
        """The figures of one direction: people born in ``born_in`` living in ``living_in``."""
        if (born_in, living_in) == (self.one, self.other):
            return self.one_to_other
        if (born_in, living_in) == (self.other, self.one):
            return self.other_to_one
        raise ValueError(f"the corridor {self.one}–{self.other} has no direction {born_in} → {living_in}")

    def latest(self, born_in: str, living_in: str) -> tuple[int, int] | None:
        """The latest ``(year, migrants)`` recorded one way, or ``None`` when nothing is."""
        return _latest(self.stock(born_in, living_in))

    def change(self, born_in: str, living_in: str) -> Change | None:
        """The change one way since the first year recorded (``None`` with fewer than two years)."""
        return _change(self.stock(born_in, living_in))

    @property
    def latest_one_to_other(self) -> tuple[int, int] | None:
        return _latest(self.one_to_other)

    @property
    def latest_other_to_one(self) -> tuple[int, int] | None:
        return _latest(self.other_to_one)

    @property
    def change_one_to_other(self) -> Change | None:
        return _change(self.one_to_other)

    @property
    def change_other_to_one(self) -> Change | None:
        return _change(self.other_to_one)

    @property
    def largest(self) -> int:
        """The larger of the two latest figures (0 when a direction has none recorded)."""
        return max((s[-1][1] for s in (self.one_to_other, self.other_to_one) if s), default=0)

    @property
    def size(self) -> str:
        """The size class of the larger latest figure (:func:`size_class`; :data:`SIZE_CLASSES`)."""
        return size_class(self.largest)

    def size_of(self, born_in: str, living_in: str) -> str | None:
        """The size class of one direction's latest figure, ``None`` when none is recorded."""
        found = self.latest(born_in, living_in)
        return None if found is None else size_class(found[1])

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: both directions with their series, latest figure, change and size."""

        def direction(born_in: str, living_in: str) -> dict[str, Any]:
            series = self.stock(born_in, living_in)
            latest = _latest(series)
            change = _change(series)
            return {
                "born_in": born_in,
                "living_in": living_in,
                "stock": [{"year": y, "migrants": m} for y, m in series],
                "latest_year": latest[0] if latest else None,
                "latest": latest[1] if latest else None,
                "change": change.as_dict() if change else None,
                "size": size_class(latest[1]) if latest else None,
            }

        return {
            "one": self.one,
            "other": self.other,
            "one_to_other": direction(self.one, self.other),
            "other_to_one": direction(self.other, self.one),
            "size": self.size,
            "size_thresholds": {key: least for key, _label, least in SIZE_CLASSES},
            "source": SOURCE,
        }


def corridors_from_stocks(
    stocks: Iterable[tuple[str, str, int, int]], pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Corridor]:
    """Corridors for ``pairs`` of countries from ``(origin, destination, year, migrants)`` rows.

    A pair with no row either way is left out (nothing recorded is not a corridor of 0); a pair of
    one country with itself is left out too (UN DESA counts migrants between countries).
    """
    series: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for origin, destination, year, migrants in stocks:
        series.setdefault((origin, destination), []).append((year, migrants))
    found: dict[tuple[str, str], Corridor] = {}
    for one, other in pairs:
        there, back = series.get((one, other), ()), series.get((other, one), ())
        if one != other and (there or back):
            found[(one, other)] = Corridor(one, other, tuple(there), tuple(back))
    return found
