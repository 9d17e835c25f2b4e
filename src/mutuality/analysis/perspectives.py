"""Both sides' views of a partnership, side by side (DESIGN.md: "never only the donor side's story").

For each partnership and dimension, the dimension codings of sources linked
to the partnership are split by the side the passage comes from — its
*viewpoint*: the source's side, else its respondent's side
(``viewpoint="source"`` or ``"respondent"`` uses only that one). For each
side the assessments and factor roles are counted and combined with the
rule of Table 8.1 (:func:`mutuality.analysis.dimensions.combine`).

The views are compared:

* ``differs`` — at least two sides have a level and the levels are not all
  the same (e.g. one side mostly moderate, the other strong);
* ``opposed`` — one side's level is ``strong`` and another's ``limited``, or
  one side's codings are mostly enabling and another's mostly limiting
  (ch. 8.3.3: a Berkane NGO director saw Zeist dominating where Zeist saw
  an equal exchange);
* ``one_sided`` — only one side's sources speak about the dimension.

Each view keeps its codings, so the passages are shown beside the flag.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mutuality.analysis.dataset import Coding, Dataset, as_codings
from mutuality.analysis.dimensions import DIMENSIONS, combine

__all__ = ["Perspective", "SideView", "perspectives"]


@dataclass(frozen=True, slots=True)
class SideView:
    side: str
    level: str | None
    counts: Mapping[str, int]
    roles: Mapping[str, int]
    codings: tuple[Coding, ...]

    @property
    def leaning(self) -> str | None:
        """``enabling`` or ``limiting`` when the codings mostly say so; ``None`` on a tie or without roles."""
        enabling, limiting = self.roles.get("enabling", 0), self.roles.get("limiting", 0)
        if enabling == limiting:
            return None
        return "enabling" if enabling > limiting else "limiting"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.codings)

    @property
    def quotes(self) -> tuple[str, ...]:
        return tuple(c.quote for c in self.codings)


@dataclass(frozen=True, slots=True)
class Perspective:
    partnership: str
    dimension: str
    views: tuple[SideView, ...]

    def view(self, side: str) -> SideView | None:
        return next((v for v in self.views if v.side == side), None)

    @property
    def differs(self) -> bool:
        levels = {v.level for v in self.views if v.level is not None}
        return len(levels) > 1

    @property
    def opposed(self) -> bool:
        levels = {v.level for v in self.views}
        leanings = {v.leaning for v in self.views}
        return {"strong", "limited"} <= levels or {"enabling", "limiting"} <= leanings

    @property
    def one_sided(self) -> bool:
        return sum(1 for v in self.views if v.codings) == 1

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {
                "partnership": self.partnership,
                "dimension": self.dimension,
                "side": v.side,
                "level": v.level,
                **{k: v.counts.get(k, 0) for k in ("strong", "moderate", "limited", "unassessed")},
                "enabling": v.roles.get("enabling", 0),
                "limiting": v.roles.get("limiting", 0),
                "differs": self.differs,
                "opposed": self.opposed,
                "one_sided": self.one_sided,
                "evidence": v.ids,
                "quotes": v.quotes,
            }
            for v in self.views
        ]


def _viewpoint(coding: Coding, rule: str) -> str | None:
    if rule == "either":
        return coding.viewpoint
    if rule == "source":
        return coding.source_side
    if rule == "respondent":
        return coding.respondent_side
    raise ValueError("viewpoint must be 'either', 'source' or 'respondent'")


def perspectives(
    data: Any,
    partnership: str | Iterable[str] | None = None,
    *,
    dimensions: Iterable[str] | None = None,
    viewpoint: str = "either",
    only_differences: bool = False,
) -> list[Perspective]:
    """Per partnership and dimension, each side's view (module docstring).

    ``data`` is a :class:`Dataset` (its partnerships give the sides, in their
    order, with a view for every side even when it is silent) or codings /
    coding records (the sides are those found in the codings).
    """
    wanted = tuple(dimensions) if dimensions is not None else DIMENSIONS
    sides_of: dict[str, tuple[str, ...]] = {}
    if isinstance(data, Dataset):
        sides_of = {p.key: p.sides for p in data.select(partnership)}
    keep = (
        set(sides_of)
        if sides_of
        else None
        if partnership is None
        else {partnership}
        if isinstance(partnership, str)
        else set(partnership)
    )
    groups: dict[tuple[str, str], dict[str, list[Coding]]] = defaultdict(lambda: defaultdict(list))
    for coding in as_codings(data):
        dimension = coding.dimension
        if dimension is None or dimension not in wanted:
            continue
        side = _viewpoint(coding, viewpoint)
        if side is None:
            continue
        for key in coding.partnerships:
            if keep is not None and key not in keep:
                continue
            if sides_of and side not in sides_of.get(key, ()):
                continue
            groups[(key, dimension)][side].append(coding)
    order = list(sides_of) if sides_of else sorted({key for key, _d in groups})
    results = []
    for key in order:
        for dimension in wanted:
            by_side = groups.get((key, dimension))
            if not by_side:
                continue
            sides = sides_of.get(key) or tuple(sorted(by_side))
            views = []
            for side in sides:
                codings = by_side.get(side, [])
                combined = combine(codings)
                views.append(SideView(side, combined.level, combined.counts, combined.roles, tuple(codings)))
            perspective = Perspective(key, dimension, tuple(views))
            if only_differences and not (perspective.differs or perspective.opposed):
                continue
            results.append(perspective)
    return results
