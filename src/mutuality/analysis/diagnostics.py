"""Diagnostics: rules that read a partnership's data and point to a recommendation of ch. 10.

Each rule is a small function ``rule(dataset, partnership) -> Finding | None``
that fires only when its condition holds, and then cites the facts that made
it fire and the records behind them (``evidence``: ``"objective:<key>"``,
``"learning:<key>"``, ``"exchange:<key>"``, ``"actor:<key>"``,
``"project:<key>"``, ``"coding:<id>"``). Facts are data: an English message
with named placeholders plus its values, so another layer can translate the
message and format the values itself.

=====================================  =========================  ==========================================
rule                                   recommendation             fires when
=====================================  =========================  ==========================================
``no_clear_objectives``                ``invest_long_term`` (5)   a side has no clearly formulated objective
``learning_not_recognised``            ``seek_mutual_learning``   a side's learning outcomes include
                                       (1)                        ones not recognised by that side
``exploratory_without_follow_up``      ``invest_long_term`` (5)   an exploratory visit was never followed up
                                                                  (:mod:`~mutuality.analysis.continuity`)
``no_migrants_involved``               ``include_migrants`` (7)   no migrant, actor of migrant background or
                                                                  migrant organisation takes part
``no_dissemination``                   ``use_governance_networks``  learning was recorded but none of it was
                                       (2)                        disseminated inside or outside
``one_way_learning``                   ``seek_mutual_learning``   learning recorded, all by one side (balance
                                       (1)                        0); without learning outcomes, all knowledge
                                                                  flows go one way
``one_way_peer_exchanges``             ``peer_to_peer`` (3)       peer-to-peer exchanges whose knowledge went
                                                                  one way only
``no_peer_to_peer``                    ``peer_to_peer`` (3)       exchanges were recorded, none peer-to-peer
``civil_society_without_local_gov``    ``support_civil_society``  a project (or the exchanges outside
                                       (4)                        projects) has civil-society participants but
                                                                  no local-government participant
=====================================  =========================  ==========================================

Recommendation 6 (``act_not_react``) is about how a municipality shapes its
international policy; no rule derives it from partnership records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mutuality.analysis.continuity import exploratory_without_follow_up
from mutuality.analysis.dataset import Dataset, Exchange, Partnership
from mutuality.analysis.governance import CIVIL_SOCIETY_TYPES, LOCAL_GOVERNMENT_TYPES
from mutuality.analysis.mutuality import balance
from mutuality.framework import vocabulary

__all__ = ["RULES", "Fact", "Finding", "diagnose"]


def _(message: str) -> str:
    """Marks a message for translation (``makemessages`` finds it); the report layer translates it."""
    return message


GRASSROOTS_TYPES = CIVIL_SOCIETY_TYPES | {"citizen", "migrant"}
MIGRANT_TYPES = frozenset({"migrant", "migrant_organisation"})


@dataclass(frozen=True, slots=True)
class Fact:
    """An English message with ``%(name)s`` placeholders and its values."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % dict(self.params)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    recommendation: str
    partnership: str
    facts: tuple[Fact, ...]
    evidence: tuple[str, ...] = ()

    @property
    def fact_texts(self) -> list[str]:
        return [fact.text for fact in self.facts]

    @property
    def recommendation_label(self) -> str:
        return vocabulary("recommendation")[self.recommendation].label

    @property
    def recommendation_source(self) -> str:
        return vocabulary("recommendation")[self.recommendation].source

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "rule": self.rule,
            "recommendation": self.recommendation,
            "recommendation_source": self.recommendation_source,
            "facts": " ".join(self.fact_texts),
            "evidence": self.evidence,
        }


Rule = Callable[[Dataset, Partnership], "Finding | None"]


def _finding(
    rule: str, recommendation: str, p: Partnership, facts: Sequence[Fact], evidence: Iterable[str]
) -> Finding:
    vocabulary("recommendation").check(recommendation)
    return Finding(rule, recommendation, p.key, tuple(facts), tuple(dict.fromkeys(evidence)))


def _project_name(dataset: Dataset, p: Partnership, key: str) -> str:
    project = dataset.get("projects", p.key, key)
    return project.name if project is not None and project.name else key


def _names(values: Iterable[str]) -> str:
    return ", ".join(values)


# --- the rules ----------------------------------------------------------------------


def no_clear_objectives(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 5: "formulate clear objectives and realistic expectations" (ch. 8.2.1, ch. 10)."""
    facts: list[Fact] = []
    evidence: list[str] = []
    objectives = dataset.of("objectives", p.key)
    for side in p.sides:
        mine = [o for o in objectives if o.side == side]
        if any(o.clearly_formulated for o in mine):
            continue
        name = dataset.side_label(p.key, side)
        if mine:
            facts.append(
                Fact(
                    _("%(side)s: no clearly formulated objective among the %(count)d recorded."),
                    {"side": name, "count": len(mine)},
                )
            )
            evidence.extend(f"objective:{o.key}" for o in mine)
        else:
            facts.append(Fact(_("%(side)s: no objective recorded."), {"side": name}))
    return _finding("no_clear_objectives", "invest_long_term", p, facts, evidence) if facts else None


def learning_not_recognised(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 1: learning that is not recognised is not sought or used (ch. 8.2.1, 8.5.2 "side effect")."""
    facts: list[Fact] = []
    evidence: list[str] = []
    outcomes = dataset.of("learning_outcomes", p.key)
    for side in p.sides:
        mine = [o for o in outcomes if o.side == side]
        unrecognised = [o for o in mine if not o.recognised]
        if unrecognised:
            facts.append(
                Fact(
                    _("%(side)s: %(count)d of %(total)d learning outcomes not recognised."),
                    {"side": dataset.side_label(p.key, side), "count": len(unrecognised), "total": len(mine)},
                )
            )
            evidence.extend(f"learning:{o.key}" for o in unrecognised)
    return _finding("learning_not_recognised", "seek_mutual_learning", p, facts, evidence) if facts else None


def exploratory_visits_without_follow_up(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 5: "piece meal actions are not sufficient" (ch. 8.7: many visits were exploratory)."""
    visits = exploratory_without_follow_up(dataset.of("exchanges", p.key))
    if not visits:
        return None
    facts = [
        Fact(
            _("Exploratory %(method)s '%(title)s' (%(start)s) was not followed up."),
            {"method": v.method, "title": v.title or v.key, "start": v.start or "undated"},
        )
        for v in visits
    ]
    return _finding(
        "exploratory_without_follow_up", "invest_long_term", p, facts, (f"exchange:{v.key}" for v in visits)
    )


def no_migrants_involved(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 7: include migrants and migrant organisations (ch. 8.4)."""
    actors = dataset.of("actors", p.key)
    if any(a.type in MIGRANT_TYPES or a.migrant_background for a in actors):
        return None
    facts = [
        Fact(
            _("No actor (of %(count)d) is a migrant, of migrant background or a migrant organisation."),
            {"count": len(actors)},
        )
    ]
    if p.translocal_linkage in ("limited", "direct"):
        facts.append(
            Fact(_("The translocal linkage is recorded as %(linkage)s."), {"linkage": p.translocal_linkage})
        )
    return _finding("no_migrants_involved", "include_migrants", p, facts, ())


def no_dissemination(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 2: encourage internal and external dissemination of what was learned."""
    outcomes = dataset.of("learning_outcomes", p.key)
    if not outcomes or any(o.disseminated for o in outcomes):
        return None
    facts = [
        Fact(
            _("No learning outcome (of %(count)d) was disseminated inside or outside the organisation."),
            {"count": len(outcomes)},
        )
    ]
    return _finding(
        "no_dissemination", "use_governance_networks", p, facts, (f"learning:{o.key}" for o in outcomes)
    )


def one_way_learning(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 1: look for opportunities for mutual learning where only one side learns (ch. 8.2)."""
    outcomes = dataset.of("learning_outcomes", p.key)
    if outcomes:
        received = Counter(o.side for o in outcomes)
        if balance(received, p.sides) != 0:
            return None
        learners = [dataset.side_label(p.key, s) for s in p.sides if received.get(s)]
        silent = [dataset.side_label(p.key, s) for s in p.sides if not received.get(s)]
        fact = Fact(
            _("Learning outcomes: %(count)d, all by %(learners)s; none by %(others)s."),
            {"count": len(outcomes), "learners": _names(learners), "others": _names(silent)},
        )
        return _finding(
            "one_way_learning", "seek_mutual_learning", p, [fact], (f"learning:{o.key}" for o in outcomes)
        )
    flows = [(e, k) for e in dataset.of("exchanges", p.key) for k in e.knowledge]
    received = Counter(k.to_side for _e, k in flows)
    if not flows or balance(received, p.sides) != 0:
        return None
    label = dataset.side_label
    directions = sorted({(label(p.key, k.from_side), label(p.key, k.to_side)) for _e, k in flows})
    fact = Fact(
        _("No learning outcome recorded; all knowledge flows (%(count)d) went one way: %(directions)s."),
        {"count": len(flows), "directions": _names(f"{a} → {b}" for a, b in directions)},
    )
    return _finding(
        "one_way_learning", "seek_mutual_learning", p, [fact], (f"exchange:{e.key}" for e, _k in flows)
    )


def one_way_peer_exchanges(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 3: peers are there, but knowledge goes one way — foster equal exchanges and openness to learn."""
    facts: list[Fact] = []
    evidence: list[str] = []
    for e in dataset.of("exchanges", p.key):
        if e.method != "peer_to_peer" or not e.knowledge:
            continue
        directions = {(k.from_side, k.to_side) for k in e.knowledge}
        if len(directions) == 1:
            ((source, target),) = directions
            facts.append(
                Fact(
                    _("Peer-to-peer exchange '%(title)s': knowledge went only from %(from)s to %(to)s."),
                    {
                        "title": e.title or e.key,
                        "from": dataset.side_label(p.key, source),
                        "to": dataset.side_label(p.key, target),
                    },
                )
            )
            evidence.append(f"exchange:{e.key}")
    return _finding("one_way_peer_exchanges", "peer_to_peer", p, facts, evidence) if facts else None


def no_peer_to_peer(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 3: use the strength of peer-to-peer learning (ch. 8.3.1, 8.7)."""
    exchanges = dataset.of("exchanges", p.key)
    if not exchanges or any(e.method == "peer_to_peer" for e in exchanges):
        return None
    methods = Counter(e.method for e in exchanges)
    fact = Fact(
        _("No peer-to-peer exchange among the %(count)d recorded (methods: %(methods)s)."),
        {"count": len(exchanges), "methods": _names(f"{m} {n}" for m, n in sorted(methods.items()))},
    )
    return _finding("no_peer_to_peer", "peer_to_peer", p, [fact], (f"exchange:{e.key}" for e in exchanges))


def civil_society_without_local_government(dataset: Dataset, p: Partnership) -> Finding | None:
    """Rec. 4: civil-society initiatives need at least basic support from local government to last."""
    types = {a.key: a.type for a in dataset.of("actors", p.key)}
    by_project: dict[str | None, list[Exchange]] = defaultdict(list)
    for e in dataset.of("exchanges", p.key):
        by_project[e.project].append(e)
    facts: list[Fact] = []
    evidence: list[str] = []
    for project, exchanges in by_project.items():
        taking_part = [types.get(x.actor or "", "") for e in exchanges for x in e.participants]
        grassroots = sorted({t for t in taking_part if t in GRASSROOTS_TYPES})
        if not grassroots or any(t in LOCAL_GOVERNMENT_TYPES for t in taking_part):
            continue
        facts.append(
            Fact(
                _("%(where)s: %(types)s took part, no local government (exchanges: %(count)d)."),
                {
                    "where": f"Project '{_project_name(dataset, p, project)}'"
                    if project
                    else "Outside projects",
                    "count": len(exchanges),
                    "types": _names(grassroots),
                },
            )
        )
        if project:
            evidence.append(f"project:{project}")
        evidence.extend(f"exchange:{e.key}" for e in exchanges)
    if not dataset.of("exchanges", p.key) and p.initiation == "civil_society":
        actors = dataset.of("actors", p.key)
        if actors and not any(a.type in LOCAL_GOVERNMENT_TYPES for a in actors):
            facts.append(Fact(_("Started by civil society; no local-government actor is recorded."), {}))
            evidence.extend(f"actor:{a.key}" for a in actors)
    if not facts:
        return None
    return _finding("civil_society_without_local_gov", "support_civil_society", p, facts, evidence)


RULES: dict[str, Rule] = {
    "no_clear_objectives": no_clear_objectives,
    "learning_not_recognised": learning_not_recognised,
    "exploratory_without_follow_up": exploratory_visits_without_follow_up,
    "no_migrants_involved": no_migrants_involved,
    "no_dissemination": no_dissemination,
    "one_way_learning": one_way_learning,
    "one_way_peer_exchanges": one_way_peer_exchanges,
    "no_peer_to_peer": no_peer_to_peer,
    "civil_society_without_local_gov": civil_society_without_local_government,
}


def diagnose(
    dataset: Dataset,
    partnership: str | Iterable[str] | None = None,
    *,
    rules: Iterable[str] | Mapping[str, Rule] | None = None,
) -> list[Finding]:
    """Run the rules (all, or those named) over each partnership; the findings, partnership by partnership."""
    if rules is None:
        chosen: Mapping[str, Rule] = RULES
    elif isinstance(rules, Mapping):
        chosen = rules
    else:
        names = list(rules)
        unknown = [n for n in names if n not in RULES]
        if unknown:
            raise ValueError(f"unknown rules {', '.join(unknown)}; known: {', '.join(RULES)}")
        chosen = {n: RULES[n] for n in names}
    findings = []
    for p in dataset.select(partnership):
        for rule in chosen.values():
            finding = rule(dataset, p)
            if finding is not None:
                findings.append(finding)
    return findings
