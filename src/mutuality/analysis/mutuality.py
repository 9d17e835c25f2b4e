"""Who learned what from whom, and how balanced the learning is (ch. 2.7, 8.2).

Flows
    :func:`learning_flows` turns learning outcomes into an edge list
    ``(from side, to side, form, count)`` — the side learned from, the side
    that learned — at partnership level or per project, ready for a flow
    (Sankey) diagram; each flow keeps its outcomes, so "who learned what from
    whom" is one look away. An outcome without ``learned_from`` in a
    two-sided partnership is taken to come from the other side and counted in
    the flow's ``inferred``; with more sides its source stays unknown
    (``from_side`` ``None``). :func:`knowledge_flows` does the same for the
    knowledge recorded on exchanges (by knowledge type or domain).

Balance
    For a unit (a project, or the whole partnership) with sides
    ``s1 … sn`` that received ``r1 … rn`` learning outcomes::

        balance = n · min(r) / Σr

    For two sides this is ``1 − |a − b| / (a + b)``: 1 when both sides
    learned equally, 0 when only one side learned (one-way), 0.5 when one
    side learned three times as much as the other (3 against 1). For more
    sides it is the share of the side that learned least, relative to an
    equal share: 1 only when all learned equally, and 0 as soon as one side
    learned nothing — mutual learning means *every* partner learns, so a side
    left out is not made up for by the others. Undefined (``None``) without
    any learning or with fewer than two sides. The softer
    ``evenness = H(r) / ln n`` (normalised Shannon entropy) is reported
    beside it: it is also 1 for equal learning and 0 for one-way learning,
    but stays above 0 when one of three or more sides learned nothing.
    ``knowledge_balance`` applies the same formula to the knowledge flows
    received on exchanges.

    Units: an outcome counts for its project (when it has one) and always
    for its partnership, so the partnership level also includes learning
    outside any project. The seeds expect mutual learning at partnership
    level even where single projects are one-way (ch. 8.2: "mutual learning
    is likely to happen at the level of city-to-city partnerships, but might
    not occur at the level of specific projects"): :attr:`Mutuality.mutual_beyond_projects`
    marks partnerships whose learning is mutual overall while every project
    with learning is one-way.

What a balance rests on
    A balance is only as good as the outcomes recorded: with two against one
    it is 0.67, with two against two 1, so one outcome more or less on a
    side with few swings it across the scale, and a side with none recorded
    reads as "one-way" whether it learned nothing or its learning was never
    written down. :class:`Balance` therefore carries its basis — the outcomes
    of each side and how many of them ``recognised`` (those who learned name
    it as learning from the partnership, ch. 8.2.1), and apart from them how
    many have their recognition not recorded (``recognition_not_known``: not
    counted as "not recognised") — and
    :attr:`Balance.few_outcomes` names the sides with fewer than
    :data:`MIN_OUTCOMES` (three) recorded outcomes, for a warning beside the
    number.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mutuality.analysis.dataset import Dataset, LearningOutcome

__all__ = [
    "MIN_OUTCOMES",
    "Balance",
    "Flow",
    "KnowledgeEdge",
    "Mutuality",
    "balance",
    "evenness",
    "knowledge_flows",
    "learning_flows",
    "mutuality",
]


# Fewer recorded learning outcomes than this on a side, and a balance says more about the records than
# about the learning (module docstring).
MIN_OUTCOMES = 3


def balance(received: Mapping[str, int], sides: Sequence[str]) -> float | None:
    """``n · min(r) / Σr`` over the sides (module docstring); ``None`` when undefined."""
    counts = [received.get(side, 0) for side in sides]
    total = sum(counts)
    if len(counts) < 2 or total == 0:
        return None
    return len(counts) * min(counts) / total


def evenness(received: Mapping[str, int], sides: Sequence[str]) -> float | None:
    """Normalised Shannon entropy ``H / ln n`` of what the sides received; ``None`` when undefined."""
    counts = [received.get(side, 0) for side in sides]
    total = sum(counts)
    if len(counts) < 2 or total == 0:
        return None
    entropy = -sum(c / total * math.log(c / total) for c in counts if c)
    return entropy / math.log(len(counts)) + 0.0  # + 0.0: one-way learning is 0, not -0.0


@dataclass(frozen=True, slots=True)
class Flow:
    """Learning outcomes of one direction and form: ``to_side`` learned from ``from_side``."""

    partnership: str
    project: str | None
    from_side: str | None
    to_side: str
    form: str | None
    count: int
    inferred: int
    outcomes: tuple[LearningOutcome, ...]

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "project": self.project,
            "from": self.from_side,
            "to": self.to_side,
            "form": self.form,
            "count": self.count,
            "inferred": self.inferred,
            "outcomes": tuple(o.key for o in self.outcomes),
            "learning": tuple(o.description for o in self.outcomes),
        }


def _source_side(outcome: LearningOutcome, sides: Sequence[str]) -> tuple[str | None, bool]:
    if outcome.learned_from:
        return outcome.learned_from, False
    others = [s for s in sides if s != outcome.side]
    if len(sides) == 2 and len(others) == 1:
        return others[0], True
    return None, False


def _side_rank(sides: Sequence[str]) -> Callable[[str], tuple[bool, int, str]]:
    """A sort key for side keys: the partnership's order of sides (its first side first), then any
    side it does not list by key, then an unknown side ("")."""
    place = {side: index for index, side in enumerate(sides)}

    def rank(side: str) -> tuple[bool, int, str]:
        return (not side, place.get(side, len(place)), side)

    return rank


def learning_flows(
    dataset: Dataset,
    *,
    level: str = "partnership",
    by_form: bool = True,
    partnership: str | Iterable[str] | None = None,
) -> list[Flow]:
    """Edges ``from → to`` (per form) counting learning outcomes, per partnership or per project."""
    if level not in ("partnership", "project"):
        raise ValueError("level must be 'partnership' or 'project'")
    flows = []
    for p in dataset.select(partnership):
        groups: dict[tuple[Any, ...], list[tuple[LearningOutcome, bool]]] = defaultdict(list)
        for outcome in dataset.of("learning_outcomes", p.key):
            source, inferred = _source_side(outcome, p.sides)
            project = outcome.project if level == "project" else None
            form = outcome.form if by_form else None
            groups[(project or "", source or "", outcome.side, form or "")].append((outcome, inferred))
        rank = _side_rank(p.sides)
        for (project, source, target, form), items in sorted(
            groups.items(), key=lambda item: (item[0][0], rank(item[0][1]), rank(item[0][2]), item[0][3])
        ):
            flows.append(
                Flow(
                    p.key,
                    project or None,
                    source or None,
                    target,
                    form or None,
                    len(items),
                    sum(inferred for _o, inferred in items),
                    tuple(o for o, _i in items),
                )
            )
    return flows


@dataclass(frozen=True, slots=True)
class KnowledgeEdge:
    partnership: str
    project: str | None
    from_side: str
    to_side: str
    kind: str | None
    count: int
    exchanges: tuple[str, ...]

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "project": self.project,
            "from": self.from_side,
            "to": self.to_side,
            "kind": self.kind,
            "count": self.count,
            "exchanges": self.exchanges,
        }


def knowledge_flows(
    dataset: Dataset,
    *,
    level: str = "partnership",
    by: str | None = "type",
    partnership: str | Iterable[str] | None = None,
) -> list[KnowledgeEdge]:
    """Edges ``from → to`` counting the knowledge recorded on exchanges (by ``type``, ``domain`` or neither)."""
    if level not in ("partnership", "project"):
        raise ValueError("level must be 'partnership' or 'project'")
    if by not in ("type", "domain", None):
        raise ValueError("by must be 'type', 'domain' or None")
    edges = []
    for p in dataset.select(partnership):
        groups: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
        for exchange in dataset.of("exchanges", p.key):
            project = (exchange.project or "") if level == "project" else ""
            for flow in exchange.knowledge:
                kind = getattr(flow, by) if by else ""
                groups[(project, flow.from_side, flow.to_side, kind)].append(exchange.key)
        rank = _side_rank(p.sides)
        for (project, source, target, kind), keys in sorted(
            groups.items(), key=lambda item: (item[0][0], rank(item[0][1]), rank(item[0][2]), item[0][3])
        ):
            edges.append(
                KnowledgeEdge(
                    p.key,
                    project or None,
                    source,
                    target,
                    kind or None,
                    len(keys),
                    tuple(dict.fromkeys(keys)),
                )
            )
    return edges


@dataclass(frozen=True, slots=True)
class Balance:
    """Learning (and knowledge) received per side in one unit: a partnership or one of its projects."""

    partnership: str
    project: str | None
    sides: tuple[str, ...]
    received: Mapping[str, int]
    knowledge_received: Mapping[str, int]
    recognised: Mapping[str, int] = field(default_factory=dict)  # of ``received``, recognised as learning
    recognition_not_known: Mapping[str, int] = field(default_factory=dict)  # of ``received``, not recorded

    @property
    def learning(self) -> int:
        return sum(self.received.get(s, 0) for s in self.sides)

    @property
    def balance(self) -> float | None:
        return balance(self.received, self.sides)

    @property
    def evenness(self) -> float | None:
        return evenness(self.received, self.sides)

    @property
    def knowledge_balance(self) -> float | None:
        return balance(self.knowledge_received, self.sides)

    @property
    def one_way(self) -> bool:
        """Learning recorded, but only some sides learned."""
        return self.balance == 0

    @property
    def few_outcomes(self) -> tuple[str, ...]:
        """The sides with fewer than :data:`MIN_OUTCOMES` recorded outcomes, when there is a balance to doubt."""
        if self.balance is None:
            return ()
        return tuple(side for side in self.sides if self.received.get(side, 0) < MIN_OUTCOMES)

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "level": "project" if self.project else "partnership",
            "project": self.project,
            **{f"learned_{side}": self.received.get(side, 0) for side in self.sides},
            **{f"recognised_{side}": self.recognised.get(side, 0) for side in self.sides},
            **{
                f"recognition_not_known_{side}": self.recognition_not_known.get(side, 0)
                for side in self.sides
            },
            "balance": self.balance,
            "few_outcomes": "; ".join(self.few_outcomes),
            "evenness": self.evenness,
            **{f"knowledge_to_{side}": self.knowledge_received.get(side, 0) for side in self.sides},
            "knowledge_balance": self.knowledge_balance,
        }


@dataclass(frozen=True, slots=True)
class Mutuality:
    partnership: str
    overall: Balance
    projects: tuple[Balance, ...]

    @property
    def balance(self) -> float | None:
        return self.overall.balance

    def project(self, key: str) -> Balance | None:
        return next((b for b in self.projects if b.project == key), None)

    @property
    def mutual_beyond_projects(self) -> bool:
        """Mutual at partnership level while every project with learning is one-way (ch. 8.2)."""
        with_learning = [b for b in self.projects if b.learning]
        return bool(self.balance) and bool(with_learning) and all(b.one_way for b in with_learning)

    def to_records(self) -> list[dict[str, Any]]:
        first = self.overall.to_record() | {"mutual_beyond_projects": self.mutual_beyond_projects}
        return [first, *(b.to_record() | {"mutual_beyond_projects": None} for b in self.projects)]


def mutuality(dataset: Dataset, partnership: str | Iterable[str] | None = None) -> list[Mutuality]:
    """The balance of learning at partnership level and per project (module docstring)."""
    results = []
    for p in dataset.select(partnership):
        learned: dict[str | None, Counter[str]] = defaultdict(Counter)
        recognised: dict[str | None, Counter[str]] = defaultdict(Counter)
        unknown: dict[str | None, Counter[str]] = defaultdict(Counter)
        knowledge: dict[str | None, Counter[str]] = defaultdict(Counter)
        for outcome in dataset.of("learning_outcomes", p.key):
            for unit in (None, outcome.project) if outcome.project else (None,):
                learned[unit][outcome.side] += 1
                recognised[unit][outcome.side] += outcome.recognised is True
                unknown[unit][outcome.side] += outcome.recognised is None
        for exchange in dataset.of("exchanges", p.key):
            for flow in exchange.knowledge:
                knowledge[None][flow.to_side] += 1
                if exchange.project:
                    knowledge[exchange.project][flow.to_side] += 1
        projects = [project.key for project in dataset.of("projects", p.key)]
        projects += sorted({k for k in (*learned, *knowledge) if k is not None and k not in projects})
        results.append(
            Mutuality(
                p.key,
                Balance(
                    p.key,
                    None,
                    p.sides,
                    dict(learned[None]),
                    dict(knowledge[None]),
                    dict(recognised[None]),
                    dict(unknown[None]),
                ),
                tuple(
                    Balance(
                        p.key,
                        key,
                        p.sides,
                        dict(learned.get(key, {})),
                        dict(knowledge.get(key, {})),
                        dict(recognised.get(key, {})),
                        dict(unknown.get(key, {})),
                    )
                    for key in projects
                ),
            )
        )
    return results
