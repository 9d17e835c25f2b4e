"""Learning by side: the seed's learning tables (ch. 8.3–8.5, 8.7).

For each side of each partnership — or, with ``by="country"``, for all sides
of one country together, e.g. "learning by Dutch local governments" beside
"learning by the Moroccan and Turkish partners" — :func:`learning_by_side`
gives:

* the kinds of learning: learning outcomes counted per ``form`` (transfer,
  adaptation, transformative, negative, ch. 2.5.5; and global citizenship,
  the form ch. 8.7 adds);
* the specific learning: the outcomes themselves, grouped in rows by form and
  by whether NGOs were involved (:class:`LearningRow`);
* with or without NGOs: an outcome counts as *with NGOs* when its learning
  actor is a civil-society organisation (ngo, cbo, migrant, women's or youth
  organisation; :data:`~mutuality.analysis.governance.CIVIL_SOCIETY_TYPES`)
  or when such an actor, on either side, took part in the exchange the
  outcome came from;
* the dimensions that enabled it and those that limited it: the dimension
  codings whose ``side`` (whose learning the passage concerns) is this side —
  in a source linked to this partnership — counted by factor role, each with
  the ids of its codings;
* the learning flags: how many outcomes were intended, recognised,
  implemented, disseminated internally, externally (and either),
  institutionalised (ch. 2.5.3, 8.7), and apart from them how many have the
  flag not recorded (``not_known``): a flag nobody recorded is not a "no".

Sides without any learning outcome are listed too: an empty row is a finding.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mutuality.analysis.dataset import LEARNING_FLAGS, Coding, Dataset, LearningOutcome
from mutuality.analysis.governance import CIVIL_SOCIETY_TYPES
from mutuality.framework import vocabulary

__all__ = ["FLAGS", "LearningRow", "SideLearning", "learning_by_side", "ngo_involved"]

FLAGS: tuple[str, ...] = (*LEARNING_FLAGS[:4], "disseminated_externally", "disseminated", "institutionalised")
FORMS: tuple[str, ...] = tuple(vocabulary("learning_form").keys())


@dataclass(frozen=True, slots=True)
class LearningRow:
    """The specific learning of one form, with or without NGOs involved."""

    form: str
    ngo_involved: bool
    outcomes: tuple[LearningOutcome, ...]

    @property
    def descriptions(self) -> tuple[str, ...]:
        return tuple(o.description for o in self.outcomes)


@dataclass(frozen=True, slots=True)
class SideLearning:
    """The learning of one side (``partnership`` set) or of one country (``partnership`` ``None``)."""

    group: str
    partnership: str | None
    label: str
    outcomes: tuple[LearningOutcome, ...]
    forms: Mapping[str, int]
    with_ngo: int
    without_ngo: int
    rows: tuple[LearningRow, ...]
    enabling: Mapping[str, tuple[str, ...]]  # dimension -> coding ids
    limiting: Mapping[str, tuple[str, ...]]
    flags: Mapping[str, int]
    not_known: Mapping[str, int] = field(default_factory=dict)  # per flag: outcomes without it recorded

    @property
    def count(self) -> int:
        return len(self.outcomes)

    def to_record(self) -> dict[str, Any]:
        def dims(found: Mapping[str, tuple[str, ...]]) -> str:
            return "; ".join(f"{d} ({len(ids)})" for d, ids in found.items())

        return {
            "partnership": self.partnership,
            "group": self.group,
            "label": self.label,
            "outcomes": self.count,
            **{f"form_{form}": self.forms.get(form, 0) for form in FORMS},
            "with_ngo": self.with_ngo,
            "without_ngo": self.without_ngo,
            "enabling": dims(self.enabling),
            "limiting": dims(self.limiting),
            **{flag: self.flags.get(flag, 0) for flag in FLAGS},
            **{f"{flag}_not_known": self.not_known.get(flag, 0) for flag in FLAGS},
            "specific_learning": tuple(o.description for o in self.outcomes),
        }

    def row_records(self) -> list[dict[str, Any]]:
        """One record per (form, with/without NGOs): the seed's table layout."""
        return [
            {
                "partnership": self.partnership,
                "group": self.group,
                "form": row.form,
                "ngo_involved": row.ngo_involved,
                "outcomes": len(row.outcomes),
                "specific_learning": row.descriptions,
            }
            for row in self.rows
        ]


def ngo_involved(dataset: Dataset, outcome: LearningOutcome) -> bool:
    """Whether a civil-society organisation learned, or took part in the exchange the learning came from."""
    p = outcome.partnership
    actor = dataset.get("actors", p, outcome.actor)
    if actor is not None and actor.type in CIVIL_SOCIETY_TYPES:
        return True
    exchange = dataset.get("exchanges", p, outcome.exchange)
    if exchange is None:
        return False
    for participant in exchange.participants:
        found = dataset.get("actors", p, participant.actor)
        if found is not None and found.type in CIVIL_SOCIETY_TYPES:
            return True
    return False


def _summary(
    dataset: Dataset,
    group: str,
    partnership: str | None,
    label: str,
    outcomes: list[LearningOutcome],
    codings: Iterable[Coding],
) -> SideLearning:
    forms = Counter(o.form for o in outcomes)
    rows: dict[tuple[str, bool], list[LearningOutcome]] = defaultdict(list)
    with_ngo = 0
    for outcome in outcomes:
        involved = ngo_involved(dataset, outcome)
        with_ngo += involved
        rows[(outcome.form, involved)].append(outcome)
    form_rank = {form: i for i, form in enumerate(FORMS)}
    ordered_rows = tuple(
        LearningRow(form, involved, tuple(items))
        for (form, involved), items in sorted(
            rows.items(), key=lambda kv: (form_rank.get(kv[0][0], 99), kv[0])
        )
    )
    enabling: dict[str, list[str]] = defaultdict(list)
    limiting: dict[str, list[str]] = defaultdict(list)
    for coding in codings:
        dimension = coding.dimension
        if dimension is None:
            continue
        if coding.role == "enabling":
            enabling[dimension].append(coding.id)
        elif coding.role == "limiting":
            limiting[dimension].append(coding.id)
    flags = {flag: sum(1 for o in outcomes if getattr(o, flag) is True) for flag in FLAGS}
    not_known = {flag: sum(1 for o in outcomes if getattr(o, flag) is None) for flag in FLAGS}
    return SideLearning(
        group,
        partnership,
        label,
        tuple(outcomes),
        {form: forms[form] for form in (*FORMS, *sorted(set(forms) - set(FORMS))) if forms.get(form)},
        with_ngo,
        len(outcomes) - with_ngo,
        ordered_rows,
        _ordered(enabling),
        _ordered(limiting),
        flags,
        not_known,
    )


def _ordered(found: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Dimensions by number of codings (most first), then in framework order."""
    rank = {d: i for i, d in enumerate(vocabulary("dimension").keys())}
    return {
        d: tuple(ids) for d, ids in sorted(found.items(), key=lambda kv: (-len(kv[1]), rank.get(kv[0], 99)))
    }


def learning_by_side(
    dataset: Dataset, *, by: str = "side", partnership: str | Iterable[str] | None = None
) -> list[SideLearning]:
    """The learning table per side of each partnership (``by="side"``) or per country (``by="country"``)."""
    partnerships = dataset.select(partnership)
    if by == "side":
        results = []
        for p in partnerships:
            outcomes = dataset.of("learning_outcomes", p.key)
            codings = dataset.of("codings", p.key)
            for side in dataset.of("sides", p.key):
                results.append(
                    _summary(
                        dataset,
                        side.key,
                        p.key,
                        side.name or side.key,
                        [o for o in outcomes if o.side == side.key],
                        (c for c in codings if c.side == side.key),
                    )
                )
        return results
    if by == "country":
        outcomes_by: dict[str, list[LearningOutcome]] = defaultdict(list)
        codings_by: dict[str, dict[str, Coding]] = defaultdict(dict)
        countries: dict[str, None] = {}
        for p in partnerships:
            sides = {s.key: s.country for s in dataset.of("sides", p.key)}
            countries.update(dict.fromkeys(sides.values()))
            for outcome in dataset.of("learning_outcomes", p.key):
                outcomes_by[sides.get(outcome.side, "")].append(outcome)
            for coding in dataset.of("codings", p.key):
                if coding.side in sides:
                    codings_by[sides[coding.side]][coding.id] = (
                        coding  # once, even if linked to two partnerships
                    )
        return [
            _summary(
                dataset,
                country,
                None,
                country,
                outcomes_by.get(country, []),
                codings_by.get(country, {}).values(),
            )
            for country in countries
        ]
    raise ValueError("by must be 'side' or 'country'")
