"""Table 8.1: how much each dimension of mutual learning mattered, per context.

The seed's Table 8.1 (ch. 8.3) states, for each of the six dimensions, its
importance — strong, moderate or limited — *in a context*: "strong: on
subjects of fire safety and waste management", "limited: for exchanges
focusing on strengthening governance in the Netherlands". Here every such
statement is derived from the coded evidence, and every cell keeps the
passages behind it.

Contexts
    A context is a *family* and a *value*. The families are functions of a
    coding (:data:`CONTEXTS`):

    * ``subject`` — the subjects of the projects of the source's partnerships
      (of the coding's own project when the record names one), e.g.
      "fire safety", "waste management";
    * ``project_type`` — the types of those projects (``local_governance``, …);
    * ``exchange_method`` — the methods of those exchanges (a kind of exchange);
    * ``programme`` — the support programmes those projects draw on (key), the
      context of Table 8.1's "support programmes provided funds";
    * ``side`` — the side whose learning the coding concerns (municipality key);
    * ``country`` — that side's country, e.g. ``NL`` for learning by Dutch
      local governments;
    * ``viewpoint`` — the side the passage comes from (source, else respondent);
    * ``source_kind``, ``partnership``, ``coder`` and ``all`` (one context
      holding every coding).

    ``by`` may also combine families: ``("project_type", "country")`` makes
    contexts such as ``local_governance+NL`` — "learning on local governance
    by the Dutch side". A coding falls in every context it has a value for.

Combination rule for one cell (dimension × context) — :func:`combine`
    1. Count the codings of the dimension in the context per assessment
       (``strong``, ``moderate``, ``limited``; ``unassessed`` for codings
       without one) and per factor role (``enabling``, ``limiting``).
    2. The cell's *level* is the assessment with the most codings. When two
       or more assessments share the highest count the level is ``mixed``.
       Without any assessed coding the level is ``None`` (no assessment).
    3. Contradicting evidence is *flagged*, never averaged away:
       ``strong_and_limited`` when both strong and limited codings are
       present, ``enabling_and_limiting`` when both roles are. The counts are
       always reported beside the level.
    4. The cell carries its codings, so the ids and quotes behind every level
       can be shown.

    A coding counts once per coder: two coders coding the same passage count
    twice, as two pieces of evidence (filter the codings first to count one
    coder).

Row summary — :meth:`DimensionTable.rows`
    Per dimension, the contexts grouped by level in the order strong,
    moderate, limited, mixed, like the bullet points of Table 8.1, with the
    contexts whose evidence contradicts itself named.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from mutuality.analysis.dataset import Coding, as_codings
from mutuality.framework import vocabulary

__all__ = [
    "ASSESSMENTS",
    "CONTEXTS",
    "DIMENSIONS",
    "LEVEL_ORDER",
    "DimensionCell",
    "DimensionRow",
    "DimensionTable",
    "Statement",
    "combine",
    "context_values",
    "dimension_table",
]

DIMENSIONS: tuple[str, ...] = tuple(vocabulary("dimension").keys())
ASSESSMENTS: tuple[str, ...] = tuple(vocabulary("assessment").keys())
ROLES: tuple[str, ...] = tuple(vocabulary("factor_role").keys())
MIXED = "mixed"
UNASSESSED = "unassessed"
LEVEL_ORDER: tuple[str, ...] = (*ASSESSMENTS, MIXED)


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


CONTEXTS: dict[str, Callable[[Coding], Iterable[str]]] = {
    "subject": lambda c: c.subjects,
    "project_type": lambda c: c.project_types,
    "exchange_method": lambda c: c.exchange_methods,
    "programme": lambda c: c.programmes,
    "side": lambda c: _one(c.side),
    "country": lambda c: _one(c.side_country),
    "viewpoint": lambda c: _one(c.viewpoint),
    "source_kind": lambda c: _one(c.source_kind),
    "partnership": lambda c: c.partnerships,
    "coder": lambda c: _one(c.coder),
    "all": lambda c: ("all",),
}
DEFAULT_CONTEXTS = ("subject", "project_type", "side", "country")
# The coding fields each context reads: codings equal in them have the same values in it.
_READS: dict[str, tuple[str, ...]] = {
    "subject": ("subjects",),
    "project_type": ("project_types",),
    "exchange_method": ("exchange_methods",),
    "programme": ("programmes",),
    "side": ("side",),
    "country": ("side_country",),
    "viewpoint": ("source_side", "respondent_side"),
    "source_kind": ("source_kind",),
    "partnership": ("partnerships",),
    "coder": ("coder",),
    "all": (),
}

Family = str | Sequence[str]


def _family_name(family: Family) -> str:
    return family if isinstance(family, str) else "+".join(family)


def context_values(coding: Coding, family: Family) -> tuple[str, ...]:
    """The values ``coding`` has in a context family (several for combined families: the product)."""
    return tuple(_values_of(family)(coding))


def _values_of(family: Family) -> Callable[[Coding], Iterable[str]]:
    """A function giving a coding's values in ``family`` (checked now: an unknown name fails early)."""
    if isinstance(family, str):
        return _getter(family)
    getters = [_getter(name) for name in family]

    def combined(coding: Coding) -> Iterable[str]:
        return ("+".join(combo) for combo in itertools.product(*(tuple(g(coding)) for g in getters)))

    return combined


def _fields(family: Family) -> tuple[str, ...]:
    names = (family,) if isinstance(family, str) else tuple(family)
    return tuple(f for name in names for f in _READS[name])


def _getter(name: str) -> Callable[[Coding], Iterable[str]]:
    try:
        return CONTEXTS[name]
    except KeyError:
        raise ValueError(f"unknown context {name!r}; known: {', '.join(CONTEXTS)}") from None


@dataclass(frozen=True, slots=True)
class Combined:
    """What :func:`combine` makes of a set of codings."""

    level: str | None
    counts: Mapping[str, int]
    roles: Mapping[str, int]
    contradictions: tuple[str, ...]


_ASSESSMENT = attrgetter("assessment")
_ROLE = attrgetter("role")
_ASSESSMENT_AND_ROLE = attrgetter("assessment", "role")


def combine(codings: Iterable[Coding]) -> Combined:
    """The combination rule (module docstring): counts, majority level, contradiction flags."""
    if not isinstance(codings, (list, tuple)):
        codings = list(codings)
    # Counted in C (``Counter`` over ``map``): perspectives combine ~160,000 codings a context.
    return _combined(Counter(map(_ASSESSMENT, codings)), Counter(map(_ROLE, codings)))


def _combined(assessed: Counter[str], played: Counter[str]) -> Combined:
    """The rule applied to counted assessments and roles (both counters are emptied)."""
    counts = {a: assessed.pop(a, 0) for a in ASSESSMENTS}
    counts[UNASSESSED] = sum(assessed.values())
    roles = {r: played.pop(r, 0) for r in ROLES}
    roles["unspecified"] = sum(played.values())
    return Combined(level_of(counts), counts, roles, _contradictions(counts, roles))


def level_of(counts: Mapping[str, int]) -> str | None:
    """The assessment with the most codings; ``mixed`` on a tie for the top; ``None`` without any."""
    top = max((counts.get(a, 0) for a in ASSESSMENTS), default=0)
    if top == 0:
        return None
    leaders = [a for a in ASSESSMENTS if counts.get(a, 0) == top]
    return leaders[0] if len(leaders) == 1 else MIXED


def _contradictions(counts: Mapping[str, int], roles: Mapping[str, int]) -> tuple[str, ...]:
    flags = []
    if counts.get("strong", 0) and counts.get("limited", 0):
        flags.append("strong_and_limited")
    if roles.get("enabling", 0) and roles.get("limiting", 0):
        flags.append("enabling_and_limiting")
    return tuple(flags)


@dataclass(frozen=True, slots=True)
class DimensionCell:
    """One dimension in one context, with the evidence behind it."""

    dimension: str
    family: str
    context: str
    level: str | None
    counts: Mapping[str, int]
    roles: Mapping[str, int]
    contradictions: tuple[str, ...]
    codings: tuple[Coding, ...]

    @property
    def contradictory(self) -> bool:
        return bool(self.contradictions)

    @property
    def label(self) -> str:
        return f"{self.family}: {self.context}"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.codings)

    @property
    def quotes(self) -> tuple[str, ...]:
        return tuple(c.quote for c in self.codings)

    def to_record(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "family": self.family,
            "context": self.context,
            "level": self.level,
            **{a: self.counts.get(a, 0) for a in (*ASSESSMENTS, UNASSESSED)},
            **{r: self.roles.get(r, 0) for r in (*ROLES, "unspecified")},
            "codings": len(self.codings),
            "contradictory": self.contradictory,
            "contradictions": ", ".join(self.contradictions),
            "evidence": self.ids,
        }


@dataclass(frozen=True, slots=True)
class Statement:
    """One bullet of a Table 8.1 row: a level and the contexts that have it."""

    level: str
    contexts: tuple[str, ...]
    contradicted: tuple[str, ...] = ()

    def text(self) -> str:
        label = self.level.capitalize()
        flagged = {c: c + " (contradicting evidence)" for c in self.contradicted}
        return f"{label}: " + "; ".join(flagged.get(c, c) for c in self.contexts)


@dataclass(frozen=True, slots=True)
class DimensionRow:
    dimension: str
    statements: tuple[Statement, ...]

    @property
    def label(self) -> str:
        return vocabulary("dimension")[self.dimension].label

    def text(self) -> str:
        return " | ".join(s.text() for s in self.statements) or "no assessed evidence"

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"dimension": self.dimension, "label": self.label}
        for level in LEVEL_ORDER:
            found = [s for s in self.statements if s.level == level]
            record[level] = "; ".join(found[0].contexts) if found else ""
        record["contradicted"] = "; ".join(c for s in self.statements for c in s.contradicted)
        return record


@dataclass(frozen=True, slots=True)
class DimensionTable:
    """All cells with evidence, in dimension order then context order."""

    cells: tuple[DimensionCell, ...]
    families: tuple[str, ...]
    dimensions: tuple[str, ...] = DIMENSIONS

    def cell(self, dimension: str, context: str, family: str | None = None) -> DimensionCell | None:
        for cell in self.cells:
            if cell.dimension == dimension and cell.context == context and family in (None, cell.family):
                return cell
        return None

    def level(self, dimension: str, context: str, family: str | None = None) -> str | None:
        cell = self.cell(dimension, context, family)
        return cell.level if cell else None

    def rows(self) -> tuple[DimensionRow, ...]:
        """Per dimension, its contexts grouped by level (strong, moderate, limited, mixed)."""
        by_dimension: dict[str, dict[str, list[DimensionCell]]] = defaultdict(lambda: defaultdict(list))
        for cell in self.cells:
            if cell.level is not None:
                by_dimension[cell.dimension][cell.level].append(cell)
        rows = []
        for dimension in self.dimensions:
            levels = by_dimension.get(dimension, {})
            statements = tuple(
                Statement(
                    level,
                    tuple(c.label for c in levels[level]),
                    tuple(c.label for c in levels[level] if c.contradictory),
                )
                for level in LEVEL_ORDER
                if levels.get(level)
            )
            rows.append(DimensionRow(dimension, statements))
        return tuple(rows)

    @property
    def contradictions(self) -> tuple[DimensionCell, ...]:
        return tuple(c for c in self.cells if c.contradictory)

    def to_records(self) -> list[dict[str, Any]]:
        return [cell.to_record() for cell in self.cells]

    def summary_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows()]


class _Cell:
    """A cell being filled: its codings in input order, and their assessments and roles counted."""

    __slots__ = ("assessed", "codings", "played")

    def __init__(self) -> None:
        self.codings: list[Coding] = []
        self.assessed: Counter[str] = Counter()
        self.played: Counter[str] = Counter()


def dimension_table(
    data: Any,
    by: Iterable[Family] = DEFAULT_CONTEXTS,
    *,
    dimensions: Iterable[str] | None = None,
    partnership: str | Iterable[str] | None = None,
) -> DimensionTable:
    """Table 8.1 from codings.

    ``data``: a :class:`~mutuality.analysis.dataset.Dataset`, an evidence
    document, or an iterable of :class:`Coding` / flat coding records (e.g.
    ``DataFrame.to_dict("records")``). ``by``: the context families (a name
    or a tuple of names to combine). ``partnership``: keep only codings of
    sources linked to that partnership (or those partnerships).
    """
    wanted = tuple(dimensions) if dimensions is not None else DIMENSIONS
    for dimension in wanted:
        vocabulary("dimension").check(dimension)
    families = [family if isinstance(family, str) else tuple(family) for family in by]
    plan = [(_family_name(family), _values_of(family)) for family in families]
    keep = (
        None if partnership is None else ({partnership} if isinstance(partnership, str) else set(partnership))
    )
    chosen = set(wanted)
    groups: dict[tuple[str, str, str], _Cell] = {}
    # The cells a coding goes into depend only on its dimension and the fields the families read,
    # and a programme's codings share few combinations of those (a signature; ~9,000 for 160,000
    # codings): the cells are worked out once per signature, each coding is appended to them in input
    # order, and its assessment and role are tallied once, for the signature. A cell's counts are
    # then the sums over its signatures, not a second pass over ~1.2 million (cell, coding) pairs.
    reads = attrgetter("term", *sorted({f for family in families for f in _fields(family)}))
    memo: dict[tuple[Any, ...], tuple[list[_Cell], dict[tuple[str, str], int]]] = {}
    for coding in as_codings(data):
        if coding.vocabulary != "dimension" or coding.term not in chosen:
            continue
        if keep is not None and keep.isdisjoint(coding.partnerships):
            continue
        signature = reads(coding)
        found = memo.get(signature)
        if found is None:
            found = memo[signature] = ([], {})
            dimension = coding.term
            for name, values in plan:
                for value in values(coding):
                    cell = groups.get((dimension, name, value))
                    if cell is None:
                        cell = groups[(dimension, name, value)] = _Cell()
                    found[0].append(cell)
        into, tally = found
        pair = _ASSESSMENT_AND_ROLE(coding)
        tally[pair] = tally.get(pair, 0) + 1
        for cell in into:
            cell.codings.append(coding)
    for into, tally in memo.values():
        for (assessment, role), n in tally.items():
            for cell in into:
                cell.assessed[assessment] += n
                cell.played[role] += n
    order: dict[str, set[str]] = defaultdict(set)
    for _dimension, name, value in groups:
        order[name].add(value)
    cells = []
    for dimension in wanted:
        for family in families:
            name = _family_name(family)
            for value in sorted(order.get(name, ()), key=str):
                group = groups.get((dimension, name, value))
                if group is None:
                    continue
                codings = group.codings
                combined = _combined(group.assessed, group.played)
                cells.append(
                    DimensionCell(
                        dimension,
                        name,
                        value,
                        combined.level,
                        combined.counts,
                        combined.roles,
                        combined.contradictions,
                        tuple(codings),
                    )
                )
    return DimensionTable(tuple(cells), tuple(_family_name(f) for f in families), wanted)
