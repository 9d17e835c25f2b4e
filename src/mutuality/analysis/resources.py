"""What each side brings: money, help in kind, support programmes (ch. 8.3.3, 8.6).

:func:`resources_by_side` sums, per side of each partnership:

* **financial** — amounts of ``financial`` contributions in euro; an amount
  recorded in another currency is kept apart per currency (``other_money``),
  never converted or added to the euros;
* **from support programmes** — the part of those euros recorded with a
  ``programme``, also per programme, and its share of the side's financial
  total: ``programme_share = programme_eur / financial_eur``;
* **in kind** — the other kinds (hospitality, volunteer hours, lodging,
  travel, staff time, goods) summed per kind and unit; kinds are never
  added across units;
* **unquantified contributions** — contributions recorded without an amount
  (the usual case for hospitality and time in the seeds, Table 8.1), counted
  per kind, financial included, and per support programme: a contribution of
  unknown size is still a contribution and is shown, not dropped.

``share_of_partnership`` is the side's part of all euros the partnership's
sides brought. A share is a statement about money whose amount is not known
too: Zeist's €4,000 is not "100 %" of the money of a partnership in which
Berkane paid three times without an amount on record (ch. 8.3.3 n. 142), nor
is Berkane's part "0 %". So both shares are ``None`` ("not known") as soon as
one financial contribution they rest on has no euro amount —
``programme_share`` when one of the side's, ``share_of_partnership`` when one
of the partnership's.

:func:`resources_by_year` spreads contributions over the years they run
(``start_year`` … ``end_year``; one year when only one is given, "undated"
— year ``None`` — when neither). The data format does not say whether an
amount is a total or a yearly figure: with ``amounts="total"`` (default) an
amount is divided evenly over its years; with ``amounts="yearly"`` it is
counted in full in every year (e.g. "EUR 4,000 a year", ch. 8.6).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mutuality.analysis.dataset import Dataset, Resource

__all__ = ["SideResources", "YearResources", "resources_by_side", "resources_by_year"]


@dataclass(frozen=True, slots=True)
class SideResources:
    partnership: str
    side: str
    financial_eur: float
    programme_eur: float
    by_programme: Mapping[str, float]
    in_kind: Mapping[str, Mapping[str, float]]  # kind -> unit -> amount
    unquantified: Mapping[str, int]  # kind -> contributions without an amount
    partnership_eur: float
    contributions: tuple[Resource, ...]
    other_money: Mapping[str, float] = field(default_factory=dict)  # currency unit -> amount
    programme_unquantified: Mapping[str, int] = field(default_factory=dict)  # programme -> no amount
    partnership_unknown: int = 0  # the partnership's financial contributions without a euro amount

    @property
    def financial_known(self) -> int:
        """Financial contributions with an amount in euro."""
        return sum(1 for r in self.contributions if _euros(r) is not None)

    @property
    def financial_unquantified(self) -> int:
        """Financial contributions recorded without an amount."""
        return self.unquantified.get("financial", 0)

    @property
    def money_known(self) -> bool:
        """Whether every financial contribution of the side has an amount in euro."""
        return not self.financial_unquantified and not self.other_money

    @property
    def in_kind_contributions(self) -> int:
        """Contributions of every kind but money, with an amount or without."""
        return sum(1 for r in self.contributions if r.kind != "financial")

    @property
    def in_kind_unquantified(self) -> int:
        return sum(n for kind, n in self.unquantified.items() if kind != "financial")

    @property
    def programme_share(self) -> float | None:
        """Part of the side's euros from support programmes; ``None`` when an amount is not known."""
        if not self.financial_eur or not self.money_known:
            return None
        return self.programme_eur / self.financial_eur

    @property
    def share_of_partnership(self) -> float | None:
        """Part of the partnership's euros; ``None`` when one of its financial amounts is not known."""
        if not self.partnership_eur or self.partnership_unknown:
            return None
        return self.financial_eur / self.partnership_eur

    @property
    def unquantified_contributions(self) -> int:
        return sum(self.unquantified.values())

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "side": self.side,
            "financial_eur": self.financial_eur,
            "share_of_partnership": self.share_of_partnership,
            "programme_eur": self.programme_eur,
            "programme_share": self.programme_share,
            "programmes": "; ".join(f"{k}: {v:g}" for k, v in self.by_programme.items()),
            "programmes_unquantified": "; ".join(f"{k}: {n}" for k, n in self.programme_unquantified.items()),
            "other_money": "; ".join(f"{v:g} {unit}" for unit, v in self.other_money.items()),
            "in_kind": "; ".join(
                f"{kind}: {amount:g} {unit}"
                for kind, units in self.in_kind.items()
                for unit, amount in units.items()
            ),
            "unquantified_contributions": self.unquantified_contributions,
            "unquantified": "; ".join(f"{kind}: {n}" for kind, n in self.unquantified.items()),
            "contributions": len(self.contributions),
        }


def _euros(resource: Resource) -> float | None:
    if resource.kind == "financial" and resource.amount is not None and resource.unit in ("eur", ""):
        return resource.amount
    return None


def _unknown_euros(resource: Resource) -> bool:
    """A financial contribution whose amount in euro is not known: none recorded, or another currency."""
    return resource.kind == "financial" and _euros(resource) is None


def resources_by_side(
    dataset: Dataset, partnership: str | Iterable[str] | None = None
) -> list[SideResources]:
    """Per side of each partnership: euros, programme share, in kind, unquantified (module docstring)."""
    results = []
    for p in dataset.select(partnership):
        contributions = dataset.of("resources", p.key)
        total = sum(_euros(r) or 0.0 for r in contributions)
        unknown = sum(1 for r in contributions if _unknown_euros(r))
        sides = list(p.sides) + sorted({r.side for r in contributions} - set(p.sides))
        for side in sides:
            mine = tuple(r for r in contributions if r.side == side)
            financial = programme = 0.0
            by_programme: dict[str, float] = defaultdict(float)
            programme_unquantified: Counter[str] = Counter()
            other_money: dict[str, float] = defaultdict(float)
            in_kind: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
            unquantified: Counter[str] = Counter()
            for r in mine:
                if r.amount is None:
                    unquantified[r.kind] += 1
                    if r.kind == "financial" and r.programme:
                        programme_unquantified[r.programme] += 1
                    continue
                euros = _euros(r)
                if euros is not None:
                    financial += euros
                    if r.programme:
                        programme += euros
                        by_programme[r.programme] += euros
                elif r.kind == "financial":
                    other_money[r.unit] += r.amount
                else:
                    in_kind[r.kind][r.unit] += r.amount
            results.append(
                SideResources(
                    p.key,
                    side,
                    financial,
                    programme,
                    dict(by_programme),
                    {kind: dict(units) for kind, units in in_kind.items()},
                    dict(unquantified),
                    total,
                    mine,
                    dict(other_money),
                    dict(programme_unquantified),
                    unknown,
                )
            )
    return results


@dataclass(frozen=True, slots=True)
class YearResources:
    """What one side brought of one kind and unit in one year (``year`` ``None``: undated)."""

    partnership: str
    side: str
    year: int | None
    kind: str
    unit: str
    amount: float
    contributions: int
    unquantified: int
    programme_amount: float
    programme_unquantified: int = 0  # contributions from support programmes without an amount

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "side": self.side,
            "year": self.year,
            "kind": self.kind,
            "unit": self.unit,
            "amount": self.amount,
            "programme_amount": self.programme_amount,
            "contributions": self.contributions,
            "unquantified": self.unquantified,
            "programme_unquantified": self.programme_unquantified,
        }


def _years(resource: Resource) -> list[int | None]:
    start, end = resource.start_year, resource.end_year
    if start is None and end is None:
        return [None]
    start = start if start is not None else end
    end = end if end is not None else start
    assert start is not None and end is not None
    return list(range(start, end + 1)) if end >= start else [start]


def resources_by_year(
    dataset: Dataset, partnership: str | Iterable[str] | None = None, *, amounts: str = "total"
) -> list[YearResources]:
    """Contributions per side, year, kind and unit, spread over their years (module docstring).

    Money without an amount is counted with the euros of its side, year and kind (unit ``eur``), so
    a year reads "€4,000 and one contribution of unknown amount" in one row, not as two.
    """
    if amounts not in ("total", "yearly"):
        raise ValueError("amounts must be 'total' or 'yearly'")
    results = []
    for p in dataset.select(partnership):
        cells: dict[tuple[str, int | None, str, str], list[float]] = defaultdict(lambda: [0.0, 0, 0, 0.0, 0])
        for r in dataset.of("resources", p.key):
            years = _years(r)
            unit = "eur" if r.kind == "financial" and not r.unit else r.unit
            for year in years:
                cell = cells[(r.side, year, r.kind, unit)]
                cell[1] += 1
                if r.amount is None:
                    cell[2] += 1
                    if r.programme:
                        cell[4] += 1
                    continue
                part = r.amount / len(years) if amounts == "total" else r.amount
                cell[0] += part
                if r.programme:
                    cell[3] += part
        order = {side: i for i, side in enumerate(p.sides)}
        for (side, year, kind, unit), (amount, n, unknown, programme, programme_unknown) in sorted(
            cells.items(),
            key=lambda kv: (order.get(kv[0][0], 99), kv[0][0], kv[0][1] is None, kv[0][1] or 0, kv[0][2:]),
        ):
            results.append(
                YearResources(
                    p.key,
                    side,
                    year,
                    kind,
                    unit,
                    amount,
                    int(n),
                    int(unknown),
                    programme,
                    int(programme_unknown),
                )
            )
    return results
