"""What is recorded of a partnership, per side and per part of the framework.

An analysis can only speak about what was recorded: a partnership with no actors on
record has not "no migrants", it has no actors on record; and as every partnership is one
between municipalities, a side whose actors do not include its municipality is not fully recorded. So before a diagnostic rule
(:mod:`mutuality.analysis.diagnostics`) says anything, it asks here whether the data it
needs is there, and the reports show the same counts as the partnership's *data
completeness*, so a reader sees at once which parts of the framework the findings rest on
and which are still empty.

A part is counted per side where the data format gives its records a side (actors,
objectives, learning outcomes, resources, who took part in exchanges, and the coded
evidence, by the side the passage comes from), else for the partnership as a whole
(projects, exchanges, knowledge flows, how the partnership was initiated). Every part also
has a count for the whole partnership (``side=None``): the sum over the sides, and for the
evidence also the passages from no side in particular.

What became of a learning outcome (its flags: recognised, disseminated, …) is yes, no or not known, and
a flag nobody recorded is not a "no". So the flags are parts too, counted *of* the learning outcomes
(:attr:`Part.of`): the outcomes whose flag is recorded, yes or no. Such a part is recorded on a side
only when it is recorded for every learning outcome of the side; "3 of 5" is not yet recorded, and the
diagnostics ask for the other two rather than read them as "no".

Nothing here judges a count: 0 means "not recorded", never "none exist".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from mutuality.analysis.dataset import Dataset, Partnership
from mutuality.analysis.governance import LOCAL_GOVERNMENT_TYPES
from mutuality.framework import vocabulary

__all__ = ["ASKED_PARTS", "PARTS", "Completeness", "Part", "completeness", "evidence_part", "part"]


def _(message: str) -> str:
    """Marks a message for translation (``makemessages`` finds it); the report layer translates it."""
    return message


@dataclass(frozen=True, slots=True)
class Part:
    """A part of the framework whose records can be counted.

    ``label`` names it in a table; ``missing`` and ``missing_side`` say in plain words that it is not
    recorded (for the whole partnership, and for one side: ``%(side)s``); ``form`` is the kind of
    record the web form adds (``actors``, ``exchanges``, …; ``partnership`` for the partnership's own
    fields, ``evidence`` for sources and their coding), so a report can link to where to record it;
    ``used_for`` says what else shows it, so a reader knows why to record it where no rule needs it.
    ``of`` names the part whose records this one is counted of (the learning outcomes, for their flags):
    it is recorded only where every one of those records has it, and its ``missing`` words take
    ``%(count)d`` (the records without it) and ``%(total)d``.
    """

    key: str
    label: str
    per_side: bool
    missing: str
    missing_side: str = ""
    form: str = ""
    dimension: str = ""  # for the coded evidence: the dimension of mutual learning
    used_for: str = ""  # what the analyses show of it besides the diagnostic rules (plain words)
    of: str = ""  # the part whose records it is counted of: recorded only when all of them have it


PARTS: tuple[Part, ...] = (
    Part(
        "actors",
        _("Actors"),
        True,
        _("No actors are recorded for either side."),
        _("No actors are recorded for %(side)s."),
        "actors",
        used_for=_("Who takes part, and the governance network (ch. 1.2, ch. 8.2)"),
    ),
    Part(
        "municipality",
        _("The municipality among the actors"),
        True,
        _("Neither municipality is among the actors recorded."),
        _(
            "The municipality of %(side)s is not among its actors recorded (as a whole, or its "
            "international desk, departments, council or mayor)."
        ),
        "actors",
        used_for=_("Whose governance network it is (ch. 1.2, ch. 10, rec. 2)"),
    ),
    Part(
        "objectives",
        _("Objectives"),
        True,
        _("No objectives are recorded for either side."),
        _("No objectives are recorded for %(side)s."),
        "objectives",
        used_for=_("What each side wants from the partnership (ch. 8.2)"),
    ),
    Part(
        "projects",
        _("Projects"),
        False,
        _("No projects are recorded."),
        form="projects",
        used_for=_("Mutuality per project, and the contexts of Table 8.1 (ch. 8.5)"),
    ),
    Part(
        "exchanges",
        _("Exchanges"),
        False,
        _("No exchanges are recorded."),
        form="exchanges",
        used_for=_("Continuity over time (ch. 8.3.4)"),
    ),
    Part(
        "participants",
        _("Actors named as taking part in exchanges"),
        True,
        _("No exchange names the actors who took part."),
        _("No exchange names an actor of %(side)s who took part."),
        "exchanges",
        used_for=_("Who worked with whom, within and between the localities (ch. 1.2)"),
    ),
    Part(
        "knowledge_flows",
        _("Knowledge flows of exchanges"),
        False,
        _("No exchange records what knowledge went from which side to which."),
        form="exchanges",
        used_for=_("Knowledge by direction (ch. 2.5)"),
    ),
    Part(
        "learning_outcomes",
        _("Learning outcomes"),
        True,
        _("No learning outcomes are recorded for either side."),
        _("No learning outcomes are recorded for %(side)s."),
        "learning",
        used_for=_("Learning by side, and the balance of learning (ch. 8.2)"),
    ),
    Part(
        "recognition",
        _("Whether learning is recognised"),
        True,
        _(
            "Whether those who learned see it as learning from the partnership is not recorded (learning "
            "outcomes without it: %(count)d of %(total)d): record yes or no for each."
        ),
        _(
            "Whether those who learned in %(side)s see it as learning from the partnership is not recorded "
            "(learning outcomes without it: %(count)d of %(total)d): record yes or no for each."
        ),
        "learning-list",
        used_for=_("How much of the learning is recognised, beside the balance of learning (ch. 8.2.1)"),
        of="learning_outcomes",
    ),
    Part(
        "dissemination",
        _("Whether learning was shared"),
        True,
        _(
            "Whether the learning was shared inside and outside the organisation is not recorded (learning "
            "outcomes without it: %(count)d of %(total)d): record yes or no for each."
        ),
        _(
            "Whether the learning of %(side)s was shared inside and outside the organisation is not recorded "
            "(learning outcomes without it: %(count)d of %(total)d): record yes or no for each."
        ),
        "learning-list",
        used_for=_("What became of the learning (ch. 2.5.5)"),
        of="learning_outcomes",
    ),
    Part(
        "learning_use",
        _("Whether learning was intended, implemented, institutionalised"),
        True,
        _(
            "Whether the learning was intended, put into practice and embedded in rules or structures is "
            "not recorded (learning outcomes without it: %(count)d of %(total)d): record yes or no for each."
        ),
        _(
            "Whether the learning of %(side)s was intended, put into practice and embedded in rules or "
            "structures is not recorded (learning outcomes without it: %(count)d of %(total)d): record yes "
            "or no for each."
        ),
        "learning-list",
        used_for=_("What became of the learning (ch. 2.5.3, ch. 8.7)"),
        of="learning_outcomes",
    ),
    Part(
        "resources",
        _("Resources"),
        True,
        _("No resources are recorded for either side."),
        _("No resources are recorded for %(side)s."),
        "resources",
        used_for=_("The resources each side brings in (ch. 8.3.3)"),
    ),
    Part(
        "initiation",
        _("How the partnership was initiated"),
        False,
        _("How the partnership was initiated, and by whom, is not recorded."),
        form="partnership",
        used_for=_("How the partnership came about (ch. 1.6.2)"),
    ),
)

# Parts one rule asks for only where they decide it (diagnostics, ``corridor_without_linkage``): not
# counted in the completeness table, and a gap only where that rule waits for them — the translocal
# linkage where a large migration corridor joins the partners' countries, the migrant stocks where
# the linkage is recorded as none or limited. Missing elsewhere, neither changes what a report says.
ASKED_PARTS: tuple[Part, ...] = (
    Part(
        "translocal_linkage",
        _("Translocal linkage"),
        False,
        _(
            "The translocal linkage is not recorded: record whether migrants tie the two places together "
            "(none, limited or direct)."
        ),
        form="partnership",
        used_for=_("The translocal linkage beside the migration corridor (ch. 8.4)"),
    ),
    Part(
        "migrant_stock",
        _("Migrant stocks of the corridor"),
        False,
        _(
            "No migrant stock between the partners' countries is in the database: import UN DESA's "
            "International Migrant Stock (mutuality atlas import FILE)."
        ),
        used_for=_("The migration corridor behind the partnership (ch. 8.4)"),
    ),
)

_PARTS = {part.key: part for part in (*PARTS, *ASKED_PARTS)}


def evidence_part(dimension: str) -> Part:
    """The coded evidence on one dimension of mutual learning, as a part (key ``evidence:<dimension>``)."""
    return Part(
        f"evidence:{dimension}",
        _("Coded passages"),
        True,
        _("No passage is coded for “%(dimension)s”."),
        _("No passage from %(side)s's sources is coded for “%(dimension)s”."),
        "evidence",
        dimension,
        _("Table 8.1: how much the dimension mattered, from each side's sources (ch. 8.3)"),
    )


def _of(key: str) -> str:
    found = _PARTS.get(key)
    return found.of if found is not None else ""


def part(key: str) -> Part:
    """A part by its key (``actors``, …, ``evidence:<dimension>``)."""
    if key.startswith("evidence:"):
        return evidence_part(key.partition(":")[2])
    try:
        return _PARTS[key]
    except KeyError:
        known = ", ".join([*_PARTS, "evidence:<dimension>"])
        raise KeyError(f"no part {key!r}; known: {known}") from None


@dataclass(frozen=True, slots=True)
class Completeness:
    """The counts of one partnership's records, by part and side (``None``: the whole partnership)."""

    partnership: str
    sides: tuple[str, ...]
    counts: Mapping[tuple[str, str | None], int] = field(default_factory=dict)

    def count(self, key: str, side: str | None = None) -> int:
        return self.counts.get((key, side), 0)

    def recorded(self, key: str, side: str | None = None) -> bool:
        """Whether anything of this part is recorded (for one side, or for the partnership as a whole); for
        a part counted of another (:attr:`Part.of`), whether every one of those records has it."""
        count = self.count(key, side)
        of = _of(key)
        return count > 0 and (not of or count == self.count(of, side))

    def not_recorded(self, key: str, side: str | None = None) -> int:
        """Of a part counted of another (:attr:`Part.of`): how many of those records do not have it."""
        of = _of(key)
        return self.count(of, side) - self.count(key, side) if of else 0

    def sides_with(self, key: str) -> tuple[str, ...]:
        return tuple(side for side in self.sides if self.recorded(key, side))

    def sides_without(self, key: str) -> tuple[str, ...]:
        return tuple(side for side in self.sides if not self.recorded(key, side))

    @property
    def parts(self) -> tuple[Part, ...]:
        """Every part counted: those of :data:`PARTS`, then the evidence per dimension."""
        dimensions = tuple(evidence_part(term.key) for term in vocabulary("dimension").terms)
        return PARTS + dimensions

    def rows(self) -> Iterator[tuple[Part, dict[str | None, int]]]:
        """Each part with its counts: per side (for parts kept per side) and for the whole partnership."""
        for found in self.parts:
            sides: tuple[str | None, ...] = self.sides if found.per_side else ()
            yield found, {side: self.count(found.key, side) for side in (*sides, None)}

    def to_records(self) -> list[dict[str, Any]]:
        """One row per part and side (``side`` ``None``: the whole partnership), for tables and frames."""
        return [
            {
                "partnership": self.partnership,
                "part": found.key,
                "dimension": found.dimension or None,
                "side": side,
                "count": count,
                "recorded": self.recorded(found.key, side),
            }
            for found, counts in self.rows()
            for side, count in counts.items()
        ]


def completeness(dataset: Dataset, partnership: str | Partnership) -> Completeness:
    """What is recorded of one partnership: the records of each part, per side and in all."""
    p = partnership if isinstance(partnership, Partnership) else dataset.partnership(partnership)
    counts: Counter[tuple[str, str | None]] = Counter()
    for name in ("actors", "objectives", "learning_outcomes", "resources"):
        for item in dataset.of(name, p.key):
            counts[(name, item.side)] += 1
            counts[(name, None)] += 1
    for outcome in dataset.of("learning_outcomes", p.key):
        for key, known in (
            ("recognition", outcome.recognised is not None),
            (
                "dissemination",
                outcome.disseminated_internally is not None and outcome.disseminated_externally is not None,
            ),
            (
                "learning_use",
                outcome.intended is not None
                and outcome.implemented is not None
                and outcome.institutionalised is not None,
            ),
        ):
            if known:
                counts[(key, outcome.side)] += 1
                counts[(key, None)] += 1
    for actor in dataset.of("actors", p.key):
        if actor.type in LOCAL_GOVERNMENT_TYPES:
            counts[("municipality", actor.side)] += 1
            counts[("municipality", None)] += 1
    counts[("projects", None)] = len(dataset.of("projects", p.key))
    exchanges = dataset.of("exchanges", p.key)
    counts[("exchanges", None)] = len(exchanges)
    named = {(x.side, x.actor) for exchange in exchanges for x in exchange.participants if x.actor}
    for side, _actor in named:
        counts[("participants", side)] += 1
        counts[("participants", None)] += 1
    counts[("knowledge_flows", None)] = sum(len(exchange.knowledge) for exchange in exchanges)
    initiators = sum(1 for actor in dataset.of("actors", p.key) if "initiator" in actor.roles)
    counts[("initiation", None)] = int(bool(p.initiation)) + initiators
    for coding in dataset.of("codings", p.key):
        if not coding.dimension or (coding.side is not None and coding.side not in p.sides):
            continue  # not a dimension, or about another partnership's side (as the reports leave out)
        key = f"evidence:{coding.dimension}"
        counts[(key, None)] += 1
        if coding.viewpoint in p.sides:
            counts[(key, coding.viewpoint)] += 1
    return Completeness(p.key, p.sides, {key: count for key, count in counts.items() if count})
