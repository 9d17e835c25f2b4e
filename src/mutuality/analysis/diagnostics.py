"""Diagnostics: rules that read a partnership's records and point to a recommendation of ch. 10.

A rule speaks only about what is recorded. Each :class:`Rule` says which parts of the
framework it needs (:attr:`Rule.needs`, parts of :mod:`mutuality.analysis.completeness`:
actors per side, objectives per side, learning outcomes and what became of them, exchanges, who
took part in them, knowledge flows, how the partnership was initiated). Where a part is not
recorded, the rule does not fire there: it leaves a **data gap** instead (:class:`DataGap`: what is
missing, for which side, and which rules it keeps from being checked). A partnership with no actors
on record therefore gets "no actors are recorded for Berkane", not "no migrant takes part"; a
learning outcome whose recognition nobody recorded gets "whether those who learned see it as
learning is not recorded", not "not recognised".

:func:`diagnosis` gives, per partnership, the findings (:class:`Finding`: the rules that
fired, with the facts that made them fire and the records behind them), how far each rule
could be checked (:class:`RuleCheck`: ``fired``, ``checked`` — no sign of what it looks for,
``partly_checked`` — no sign on the sides it could check, ``not_checked``), the data gaps and
the partnership's :class:`~mutuality.analysis.completeness.Completeness`. :func:`diagnose`
gives the findings alone.

Facts are data: an English message with named placeholders, its values, and which values
are keys of a vocabulary (:attr:`Fact.terms`), so another layer translates the message and
names the terms in its own language; :attr:`Fact.text` is the English sentence.
``evidence`` names the records behind a finding: ``"objective:<key>"``,
``"learning:<key>"``, ``"exchange:<key>"``, ``"actor:<key>"``, ``"project:<key>"``.

=====================================  ===============  ===========================================
rule                                   recommendation   fires when (docs/analysis.md has the passages)
=====================================  ===============  ===========================================
``no_clear_objectives``                5                a side's recorded objectives include none
                                                        marked as clearly formulated
``learning_not_recognised``            1                a side's learning outcomes include ones
                                                        recorded as not recognised
``exploratory_without_follow_up``      5                an exploratory exchange was never followed up
``no_migrants_involved``               7                actors are recorded for every side and none is
                                                        a migrant, of migrant background or a migrant
                                                        organisation
``no_dissemination``                   2                every learning outcome is recorded as
                                                        disseminated neither inside nor outside
``one_way_learning``                   1                all recorded learning is one side's (or,
                                                        without learning, all knowledge flows go one
                                                        way)
``one_way_peer_exchanges``             3                a peer-to-peer exchange's knowledge went one
                                                        way only
``no_peer_to_peer``                    3                exchanges are recorded, none peer-to-peer
``civil_society_without_local_gov``    4                civil society took part in a project's
                                                        exchanges without any local-government
                                                        participant
``narrow_governance_network``          2                a side's recorded actors stay within the
                                                        municipality: at most one other actor, no
                                                        higher level of government, no knowledge
                                                        institution
``municipality_as_reactor``            6                the partnership was initiated by others and
                                                        none of a side's recorded objectives is its
                                                        municipality's own
``corridor_without_linkage``           7                a large migration corridor joins the
                                                        partners' countries (UN DESA) and the
                                                        translocal linkage is recorded as none or
                                                        limited
=====================================  ===============  ===========================================
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mutuality.analysis.completeness import ASKED_PARTS, Completeness, completeness, part
from mutuality.analysis.continuity import exploratory_without_follow_up
from mutuality.analysis.corridors import LARGE_CORRIDOR, grouped
from mutuality.analysis.dataset import Actor, Dataset, Exchange, Partnership
from mutuality.analysis.governance import BROADER_TYPES, CIVIL_SOCIETY_TYPES, LOCAL_GOVERNMENT_TYPES
from mutuality.framework import vocabulary

__all__ = [
    "RULES",
    "STATUSES",
    "DataGap",
    "Diagnosis",
    "Fact",
    "Finding",
    "Need",
    "Rule",
    "RuleCheck",
    "data_gaps",
    "diagnose",
    "diagnosis",
    "recommendation_number",
]


def _(message: str) -> str:
    """Marks a message for translation (``makemessages`` finds it); the report layer translates it."""
    return message


GRASSROOTS_TYPES = CIVIL_SOCIETY_TYPES | {"citizen", "migrant"}
MIGRANT_TYPES = frozenset({"migrant", "migrant_organisation"})
# "Few actors beyond the municipality" (ch. 10, rec. 2): at most this many of a side's actors are not
# part of its local government, i.e. the classic local-government network model of ch. 10 with at
# most one partner beside it.
FEW_BEYOND_MUNICIPALITY = 1

# How far a rule could be checked on a partnership (RuleCheck.status), in the order reports list them.
STATUSES = ("fired", "checked", "partly_checked", "not_checked")


def recommendation_number(key: str) -> int:
    """The number (1–7) of a recommendation of ch. 10, from its key (``include_migrants`` → 7)."""
    return list(vocabulary("recommendation").keys()).index(key) + 1


# --- facts, findings and gaps ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    """An English message with ``%(name)s`` placeholders, its values, and the values that are terms.

    ``terms`` maps a placeholder to the vocabulary its value (a key, or a tuple of keys) comes from,
    so that a report names ``"ngo"`` as "Non-governmental organisation" in its own language.
    """

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    terms: Mapping[str, str] = field(default_factory=dict)

    def values(self, name: Callable[[str, str], str] | None = None) -> dict[str, Any]:
        """The values to format the message with: terms named by ``name(vocabulary, key)``, lists joined."""
        label = name or _english_label
        shown: dict[str, Any] = {}
        for key, value in self.params.items():
            vocab = self.terms.get(key)
            if vocab is not None:
                keys = (value,) if isinstance(value, str) else tuple(value)
                shown[key] = ", ".join(label(vocab, k) for k in keys)
            elif isinstance(value, (tuple, list)):
                shown[key] = ", ".join(str(v) for v in value)
            else:
                shown[key] = value
        return shown

    @classmethod
    def marked_elsewhere(cls, message: str, params: Mapping[str, Any], terms: Mapping[str, str]) -> Fact:
        """A fact whose message is marked for translation where it is defined (a part's words in
        :mod:`mutuality.analysis.completeness`), not in a literal here."""
        return cls(message, params, terms)

    @property
    def text(self) -> str:
        return self.message % self.values()

    def __str__(self) -> str:
        return self.text


def _english_label(vocab: str, key: str) -> str:
    found = vocabulary(vocab)
    return found[key].label if key in found else key


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

    @property
    def recommendation_number(self) -> int:
        return recommendation_number(self.recommendation)

    @property
    def rests_on(self) -> str:
        """The chapter passages the rule rests on (``ch. 10, rec. 7; ch. 8.4``)."""
        rule = RULES.get(self.rule)
        return rule.rests_on if isinstance(rule, Rule) else self.recommendation_source

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "rule": self.rule,
            "recommendation": self.recommendation,
            "recommendation_source": self.recommendation_source,
            "facts": " ".join(self.fact_texts),
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class DataGap:
    """A part of the framework not recorded (for one side, or ``side=None`` for the whole partnership),
    and the rules it keeps from being checked."""

    partnership: str
    part: str  # a part of mutuality.analysis.completeness: "actors", "objectives", …
    side: str | None
    what: Fact
    rules: tuple[str, ...]

    @property
    def form(self) -> str:
        """The kind of record to add (``actors``, ``exchanges``, …; ``partnership``: its own fields)."""
        return part(self.part).form

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "part": self.part,
            "side": self.side,
            "what": self.what.text,
            "rules": self.rules,
        }


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """How far one rule could be checked on one partnership (``status`` is one of :data:`STATUSES`).

    ``sides``: for ``partly_checked``, the sides it could check (empty when it checked what the
    whole partnership records, e.g. its exchanges, but not everything it needs).
    """

    rule: str
    partnership: str
    status: str
    sides: tuple[str, ...] = ()
    finding: Finding | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "rule": self.rule,
            "status": self.status,
            "sides": self.sides,
        }


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Everything the rules say about one partnership: findings, checks, data gaps, completeness."""

    partnership: str
    findings: tuple[Finding, ...]
    checks: tuple[RuleCheck, ...]
    gaps: tuple[DataGap, ...]
    completeness: Completeness

    def check(self, rule: str) -> RuleCheck | None:
        return next((c for c in self.checks if c.rule == rule), None)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per rule: its status, and its finding's facts when it fired."""
        return [
            check.to_record()
            | {
                "recommendation": check.finding.recommendation if check.finding else None,
                "facts": " ".join(check.finding.fact_texts) if check.finding else "",
            }
            for check in self.checks
        ]


# --- rules --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Need:
    """A part a rule needs, and where: on each side it checks (``side``), on every side before it can
    conclude anything (``every``), or anywhere in the partnership (``any``)."""

    part: str
    scope: str = "any"


@dataclass(frozen=True, slots=True)
class Signs:
    """What a rule found: the facts (none: no sign of what it looks for) and the records behind them."""

    facts: tuple[Fact, ...] = ()
    evidence: tuple[str, ...] = ()


class Check:
    """One rule at work on one partnership: what is recorded, and the gaps it runs into.

    A rule asks :meth:`need` (a part for the whole partnership, or one side) or :meth:`sides_with`
    (the sides that record a part); each answer notes what was looked at, each missing part a gap.
    :meth:`settled` says the records decide the rule whatever is missing (a migrant found on one side
    answers rule 7 for the partnership); :meth:`undecided` that what is recorded cannot decide it.
    """

    def __init__(self, dataset: Dataset, partnership: Partnership, record: Completeness) -> None:
        self.dataset = dataset
        self.p = partnership
        self.record = record
        self.gaps: dict[tuple[str, str | None], None] = {}
        self.looked: dict[str | None, None] = {}
        self.decided = True

    def recorded(self, key: str, side: str | None = None) -> bool:
        return self.record.recorded(key, side)

    def need(self, key: str, side: str | None = None) -> bool:
        if self.record.recorded(key, side):
            self.looked[side] = None
            return True
        self.gaps[(key, side)] = None
        return False

    def missing(self, key: str, side: str | None = None) -> None:
        self.gaps[(key, side)] = None

    def not_known(self, key: str, side: str) -> None:
        """A part recorded on a side for some of its records only (a learning outcome's flag): a gap, and
        the side no longer counts as checked, whatever else the rule read there."""
        self.gaps[(key, side)] = None
        self.looked.pop(side, None)

    def sides_with(self, *keys: str) -> tuple[str, ...]:
        """The sides that record every part named; each part missing on a side is a gap (its
        municipality among the actors only once it has actors: recording the actors comes first)."""
        found = []
        for side in self.p.sides:
            missing = [key for key in keys if not self.record.recorded(key, side)]
            if "municipality" in missing and not self.record.recorded("actors", side):
                missing = list(dict.fromkeys("actors" if key == "municipality" else key for key in missing))
            for key in missing:
                self.gaps[(key, side)] = None
            if not missing:
                self.looked[side] = None
                found.append(side)
        return tuple(found)

    def settled(self) -> None:
        self.gaps.clear()
        self.decided = True

    def undecided(self) -> None:
        self.decided = False

    def of(self, name: str) -> tuple[Any, ...]:
        return self.dataset.of(name, self.p.key)

    def side(self, side: str | None) -> str:
        return self.dataset.side_label(self.p.key, side)

    def status(self, fired: bool) -> tuple[str, tuple[str, ...]]:
        if fired:
            return "fired", ()
        if not self.gaps and self.decided:
            return "checked", ()
        if self.looked and self.decided:
            return "partly_checked", tuple(side for side in self.looked if side is not None)
        return "not_checked", ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: the recommendation it points to, the chapter passages it rests on, what it needs, and the
    words a report says about it — what it looks for (``fires_when``), a short name (``title``) and
    what "no sign" is of (``no_sign``, to complete "Checked: no sign of …")."""

    name: str
    recommendation: str
    rests_on: str
    needs: tuple[Need, ...]
    title: str
    fires_when: str
    no_sign: str
    find: Callable[[Check], Signs | None]

    def __call__(self, dataset: Dataset, partnership: Partnership) -> Finding | None:
        """The rule's finding on one partnership, or ``None`` (not fired, or not checkable)."""
        return self.run(dataset, partnership, completeness(dataset, partnership))[0].finding

    def run(
        self, dataset: Dataset, partnership: Partnership, record: Completeness
    ) -> tuple[RuleCheck, tuple[tuple[str, str | None], ...]]:
        """How far the rule could be checked, its finding, and the gaps (part, side) it ran into."""
        vocabulary("recommendation").check(self.recommendation)
        check = Check(dataset, partnership, record)
        signs = self.find(check)
        finding = None
        if signs is not None and signs.facts:
            evidence = tuple(dict.fromkeys(signs.evidence))
            finding = Finding(self.name, self.recommendation, partnership.key, signs.facts, evidence)
        status, sides = check.status(finding is not None)
        return RuleCheck(self.name, partnership.key, status, sides, finding), tuple(check.gaps)


def _project_name(dataset: Dataset, p: Partnership, key: str) -> str:
    project = dataset.get("projects", p.key, key)
    return project.name if project is not None and project.name else key


def _names(values: Iterable[str]) -> str:
    return ", ".join(values)


def _of_side(records: Iterable[Any], side: str) -> list[Any]:
    return [r for r in records if r.side == side]


def no_clear_objectives(c: Check) -> Signs:
    """Rec. 5: "formulate clear objectives and realistic expectations" (ch. 8.2.1, ch. 10)."""
    facts: list[Fact] = []
    evidence: list[str] = []
    for side in c.sides_with("objectives"):
        mine = _of_side(c.of("objectives"), side)
        if any(o.clearly_formulated for o in mine):
            continue
        facts.append(
            Fact(
                _("%(side)s — objectives recorded: %(count)d, none marked as clearly formulated."),
                {"side": c.side(side), "count": len(mine)},
            )
        )
        evidence.extend(f"objective:{o.key}" for o in mine)
    return Signs(tuple(facts), tuple(evidence))


def learning_not_recognised(c: Check) -> Signs:
    """Rec. 1: learning that is not recognised is not sought or used (ch. 8.2.1; ch. 2.5.3: informal learning).

    It fires on outcomes recorded as not recognised only; an outcome whose recognition nobody recorded
    is a gap on its side, never a finding.
    """
    facts: list[Fact] = []
    evidence: list[str] = []
    for side in c.sides_with("learning_outcomes"):
        mine = _of_side(c.of("learning_outcomes"), side)
        unrecognised = [o for o in mine if o.recognised is False]
        if any(o.recognised is None for o in mine):
            c.not_known("recognition", side)
        if unrecognised:
            facts.append(
                Fact(
                    _(
                        "%(side)s — learning outcomes recorded: %(total)d, of which %(count)d recorded as not "
                        "recognised by those who learned."
                    ),
                    {"side": c.side(side), "count": len(unrecognised), "total": len(mine)},
                )
            )
            evidence.extend(f"learning:{o.key}" for o in unrecognised)
    return Signs(tuple(facts), tuple(evidence))


def exploratory_visits_without_follow_up(c: Check) -> Signs | None:
    """Rec. 5: "piece meal actions are not sufficient" (ch. 8.7: many visits were exploratory)."""
    if not c.need("exchanges"):
        return None
    visits = exploratory_without_follow_up(c.of("exchanges"))
    facts = tuple(
        Fact(
            _("'%(title)s' (%(start)s), an exploratory exchange (%(method)s), was not followed up."),
            {"title": v.title or v.key, "start": v.start, "method": v.method},
            {"method": "exchange_method"},
        )
        if v.start
        else Fact(
            _("'%(title)s', an undated exploratory exchange (%(method)s), was not followed up."),
            {"title": v.title or v.key, "method": v.method},
            {"method": "exchange_method"},
        )
        for v in visits
    )
    return Signs(facts, tuple(f"exchange:{v.key}" for v in visits))


def _is_migrant(actor: Actor) -> bool:
    return actor.type in MIGRANT_TYPES or actor.migrant_background


def no_migrants_involved(c: Check) -> Signs | None:
    """Rec. 7: include migrants and migrant organisations (ch. 8.4).

    An actor counts as a migrant by its type (migrant, migrant organisation) or by its migrant
    background; whoever is named as taking part in an exchange is one of the actors. One migrant on
    any side answers the rule for the partnership; that none takes part is said only when actors are
    recorded for every side.
    """
    sides = c.sides_with("actors")
    if not sides:
        return None
    actors = [a for a in c.of("actors") if a.side in sides]
    if any(_is_migrant(a) for a in actors):
        c.settled()
        return None
    if len(sides) < len(c.p.sides):
        c.undecided()
        return None
    facts = [
        Fact(
            _(
                "%(side)s — actors recorded: %(count)d, none of them a migrant, of migrant background or "
                "a migrant organisation."
            ),
            {"side": c.side(side), "count": len(_of_side(actors, side))},
        )
        for side in sides
    ]
    if c.p.translocal_linkage in ("limited", "direct"):
        facts.append(
            Fact(
                _("The translocal linkage is recorded as “%(linkage)s”."),
                {"linkage": c.p.translocal_linkage},
                {"linkage": "translocal_linkage"},
            )
        )
    return Signs(tuple(facts), tuple(f"actor:{a.key}" for a in actors))


def no_dissemination(c: Check) -> Signs | None:
    """Rec. 2: encourage internal and external dissemination of what was learned.

    One outcome shared answers the rule; that none was shared is said only when it is recorded of every
    outcome. An outcome whose dissemination nobody recorded is a gap on its side.
    """
    if not c.need("learning_outcomes"):
        return None
    outcomes = c.of("learning_outcomes")
    if any(o.disseminated for o in outcomes):
        return Signs()
    unknown = [o for o in outcomes if o.disseminated is None]
    if unknown:
        for side in dict.fromkeys(o.side for o in unknown):
            c.not_known("dissemination", side)
        c.undecided()
        return None
    fact = Fact(
        _(
            "Learning outcomes recorded: %(count)d, each recorded as disseminated neither inside nor outside "
            "the organisation."
        ),
        {"count": len(outcomes)},
    )
    return Signs((fact,), tuple(f"learning:{o.key}" for o in outcomes))


def _documented(c: Check, side: str) -> bool:
    """Whether a side's part of the partnership is on record at all (its actors or its objectives)."""
    return c.recorded("actors", side) or c.recorded("objectives", side)


def one_way_learning(c: Check) -> Signs | None:
    """Rec. 1: look for opportunities for mutual learning where only one side learns (ch. 8.2).

    A side with no learning on record counts as not having learned only when that side is on record
    (its actors or objectives); of a side with nothing recorded, its learning is a gap.
    """
    if c.recorded("learning_outcomes"):
        c.need("learning_outcomes")
        outcomes = c.of("learning_outcomes")
        received = Counter(o.side for o in outcomes)
        silent = [s for s in c.p.sides if not received.get(s)]
        if not silent or len(silent) == len(c.p.sides):
            return Signs()
        unknown = [s for s in silent if not _documented(c, s)]
        if unknown:
            for side in unknown:
                c.missing("learning_outcomes", side)
            c.undecided()
            return None
        learners = [c.side(s) for s in c.p.sides if received.get(s)]
        fact = Fact(
            _("Learning outcomes recorded: %(count)d, all by %(learners)s; none by %(others)s."),
            {"count": len(outcomes), "learners": _names(learners), "others": _names(map(c.side, silent))},
        )
        return Signs((fact,), tuple(f"learning:{o.key}" for o in outcomes))
    if not c.recorded("knowledge_flows"):
        c.missing("learning_outcomes")
        c.missing("knowledge_flows" if c.recorded("exchanges") else "exchanges")
        return None
    c.need("knowledge_flows")
    flows = [(e, k) for e in c.of("exchanges") for k in e.knowledge]
    received = Counter(k.to_side for _e, k in flows)
    if all(received.get(s) for s in c.p.sides):
        return Signs()
    c.missing("learning_outcomes")  # with learning recorded, the rule would read that instead
    directions = sorted({(c.side(k.from_side), c.side(k.to_side)) for _e, k in flows})
    fact = Fact(
        _("No learning outcome recorded; knowledge flows recorded: %(count)d, all one way: %(directions)s."),
        {"count": len(flows), "directions": _names(f"{a} → {b}" for a, b in directions)},
    )
    return Signs((fact,), tuple(f"exchange:{e.key}" for e, _k in flows))


def one_way_peer_exchanges(c: Check) -> Signs | None:
    """Rec. 3: peers are there, but knowledge goes one way — foster equal exchanges and openness to learn."""
    if not c.need("exchanges"):
        return None
    peers = [e for e in c.of("exchanges") if e.method == "peer_to_peer"]
    if peers and not any(e.knowledge for e in peers):
        c.missing("knowledge_flows")  # peer-to-peer exchanges, none saying which way knowledge went
        c.undecided()
        return None
    facts: list[Fact] = []
    evidence: list[str] = []
    for e in peers:
        directions = {(k.from_side, k.to_side) for k in e.knowledge}
        if len(directions) == 1:
            ((source, target),) = directions
            facts.append(
                Fact(
                    _("Peer-to-peer exchange '%(title)s': knowledge went only from %(from)s to %(to)s."),
                    {"title": e.title or e.key, "from": c.side(source), "to": c.side(target)},
                )
            )
            evidence.append(f"exchange:{e.key}")
    return Signs(tuple(facts), tuple(evidence))


def no_peer_to_peer(c: Check) -> Signs | None:
    """Rec. 3: use the strength of peer-to-peer learning (ch. 8.3.1, 8.7)."""
    if not c.need("exchanges"):
        return None
    exchanges = c.of("exchanges")
    if any(e.method == "peer_to_peer" for e in exchanges):
        return Signs()
    methods = tuple(sorted({e.method for e in exchanges if e.method}))
    fact = Fact(
        _("Exchanges recorded: %(count)d, none peer-to-peer (kinds: %(methods)s)."),
        {"count": len(exchanges), "methods": methods},
        {"methods": "exchange_method"},
    )
    return Signs((fact,), tuple(f"exchange:{e.key}" for e in exchanges))


def civil_society_without_local_government(c: Check) -> Signs | None:
    """Rec. 4: civil-society initiatives need at least basic support from local government to last.

    Read from who took part in each project's exchanges (exchanges outside projects together); a
    project where some participants are not named by actor is left out, as they may be local
    government. Without exchanges there is nothing to read: a list of actors without a municipality
    is an incomplete list (every partnership is one between municipalities), not a finding.
    """
    if not c.need("exchanges") or not c.need("participants"):
        return None
    exchanges = c.of("exchanges")
    types = {a.key: a.type for a in c.of("actors")}
    by_project: dict[str | None, list[Exchange]] = defaultdict(list)
    for e in exchanges:
        by_project[e.project].append(e)
    facts: list[Fact] = []
    evidence: list[str] = []
    for project, group in by_project.items():
        taking_part = [x for e in group for x in e.participants]
        if any(not x.actor for x in taking_part):
            continue
        kinds = [types.get(x.actor or "", "") for x in taking_part]
        grassroots = tuple(sorted({t for t in kinds if t in GRASSROOTS_TYPES}))
        if not grassroots or any(t in LOCAL_GOVERNMENT_TYPES for t in kinds):
            continue
        values = {"count": len(group), "types": grassroots}
        if project:
            facts.append(
                Fact(
                    _(
                        "Project '%(project)s': %(types)s took part, no local government (exchanges: %(count)d)."
                    ),
                    values | {"project": _project_name(c.dataset, c.p, project)},
                    {"types": "actor_type"},
                )
            )
            evidence.append(f"project:{project}")
        else:
            facts.append(
                Fact(
                    _(
                        "Exchanges outside projects: %(types)s took part, no local government (exchanges: %(count)d)."
                    ),
                    values,
                    {"types": "actor_type"},
                )
            )
        evidence.extend(f"exchange:{e.key}" for e in group)
    return Signs(tuple(facts), tuple(evidence))


def narrow_governance_network(c: Check) -> Signs:
    """Rec. 2: use the potential of local governance networks to strengthen broader governance.

    Ch. 10 (rec. 2) found the classic local-government network model dominant, with a potential to
    involve higher levels of government and to engage knowledge institutions; the network models
    are those of :mod:`mutuality.analysis.governance`. Read per side from its recorded actors.
    """
    facts: list[Fact] = []
    evidence: list[str] = []
    for side in c.sides_with("actors", "municipality"):  # whose network, without its municipality?
        mine = _of_side(c.of("actors"), side)
        beyond = [a for a in mine if a.type not in LOCAL_GOVERNMENT_TYPES]
        if len(beyond) > FEW_BEYOND_MUNICIPALITY or any(
            a.type in BROADER_TYPES or a.type == "knowledge_institution" for a in beyond
        ):
            continue
        if beyond:
            fact = Fact(
                _(
                    "%(side)s — actors recorded: %(count)d; only %(others)s is not part of the municipality, "
                    "and no higher level of government or knowledge institution is among them."
                ),
                {"side": c.side(side), "count": len(mine), "others": _names(a.name or a.key for a in beyond)},
            )
        else:
            fact = Fact(
                _(
                    "%(side)s — actors recorded: %(count)d, all part of the municipality; no higher level of "
                    "government or knowledge institution is among them."
                ),
                {"side": c.side(side), "count": len(mine)},
            )
        facts.append(fact)
        evidence.extend(f"actor:{a.key}" for a in mine)
    return Signs(tuple(facts), tuple(evidence))


def municipality_as_reactor(c: Check) -> Signs | None:
    """Rec. 6: local governments could shape international relations as actors, not re-actors.

    A side's municipality took the initiative when one of its local-government actors is recorded as
    initiator, or the partnership is recorded as a municipal initiative and no initiator is named. Its
    own objectives are those held by its local-government actors, or by no named actor (the side's).
    """
    initiation = c.need("initiation")
    sides = c.sides_with("objectives", "municipality")
    if not initiation or not sides:
        c.undecided()
        return None
    actors = c.of("actors")
    initiators = [a for a in actors if "initiator" in a.roles]
    facts: list[Fact] = []
    evidence: list[str] = []
    for side in sides:
        government = {a.key for a in actors if a.side == side and a.type in LOCAL_GOVERNMENT_TYPES}
        if any(a.key in government for a in initiators):
            continue
        if not initiators and c.p.initiation == "municipal_initiative":
            continue
        mine = _of_side(c.of("objectives"), side)
        if any(o.actor is None or o.actor in government for o in mine):
            continue
        name = c.side(side)
        if initiators:
            facts.append(
                Fact(
                    _(
                        "%(side)s: the initiative is recorded as taken by %(initiators)s, not its municipality."
                    ),
                    {"side": name, "initiators": _names(a.name or a.key for a in initiators)},
                )
            )
            evidence.extend(f"actor:{a.key}" for a in initiators)
        else:
            facts.append(
                Fact(
                    _("%(side)s: the partnership is recorded as initiated by “%(initiation)s”."),
                    {"side": name, "initiation": c.p.initiation},
                    {"initiation": "initiation"},
                )
            )
        holders = {o.actor: c.dataset.get("actors", c.p.key, o.actor) for o in mine}
        facts.append(
            Fact(
                _(
                    "%(side)s — objectives recorded: %(count)d, none the municipality's own (held by: "
                    "%(holders)s)."
                ),
                {
                    "side": name,
                    "count": len(mine),
                    "holders": _names(
                        a.name if a is not None and a.name else str(k) for k, a in holders.items()
                    ),
                },
            )
        )
        evidence.extend(f"objective:{o.key}" for o in mine)
    return Signs(tuple(facts), tuple(evidence))


# A translocal linkage recorded as one of these leaves a large corridor unused (rec. 7); "direct" does not.
LITTLE_LINKAGE = ("none", "limited")


def _corridor_fact(c: Check, born_in: str, living_in: str) -> Fact | None:
    """The latest stock one way, with the first year recorded, when it is large; else ``None``."""
    corridor = c.dataset.corridor(born_in, living_in)
    latest = corridor.latest(born_in, living_in) if corridor is not None else None
    if corridor is None or latest is None or latest[1] < LARGE_CORRIDOR:
        return None
    names = {"origin": c.dataset.country_name(born_in), "destination": c.dataset.country_name(living_in)}
    change = corridor.change(born_in, living_in)
    if change is None:
        return Fact(
            _("%(migrants)s people born in %(origin)s lived in %(destination)s in %(year)d (UN DESA)."),
            {"migrants": grouped(latest[1]), "year": latest[0], **names},
        )
    return Fact(
        _(
            "%(migrants)s people born in %(origin)s lived in %(destination)s in %(year)d, against %(first)s "
            "in %(first_year)d (UN DESA)."
        ),
        {
            "migrants": grouped(latest[1]),
            "year": latest[0],
            "first": grouped(change.first),
            "first_year": change.first_year,
            **names,
        },
    )


def corridor_without_linkage(c: Check) -> Signs | None:
    """Rec. 7: take advantage of the existing transnational linkages and networks (ch. 8.4).

    The corridor is UN DESA's migrant stock between the countries of the partnership's sides, read both
    ways; "large" is :data:`~mutuality.analysis.corridors.LARGE_CORRIDOR` people in the latest year
    recorded (its reason is given there). The rule reads the translocal linkage only as recorded:
    "direct" answers it; a large corridor with no linkage recorded asks for the linkage (a missing
    linkage is never "none"); a linkage recorded as none or limited with no stock on record asks for
    UN DESA's stocks. With neither on record, nothing is asked: neither would decide the rule alone.
    """
    countries = [c.dataset.country_of(side) for side in c.p.sides]
    if not all(countries):
        c.undecided()  # a side's country unknown: no corridor to read
        return None
    pairs = [(a, b) for i, a in enumerate(countries) for b in countries[i + 1 :] if a != b]
    linkage = c.p.translocal_linkage
    if not pairs or linkage == "direct":
        return Signs()  # one country: no migration corridor between them; a direct linkage answers it
    facts = [
        fact
        for a, b in pairs
        for born_in, living_in in ((b, a), (a, b))
        if (fact := _corridor_fact(c, born_in, living_in)) is not None
    ]
    if facts and linkage in LITTLE_LINKAGE:
        facts.append(
            Fact(
                _("The partnership records its translocal linkage as “%(linkage)s”."),
                {"linkage": linkage},
                {"linkage": "translocal_linkage"},
            )
        )
        return Signs(tuple(facts))
    if facts:
        c.missing("translocal_linkage")
        c.undecided()
        return None
    if any(c.dataset.corridor(a, b) is None for a, b in pairs):
        if linkage in LITTLE_LINKAGE:
            c.missing("migrant_stock")
        c.undecided()
        return None
    return Signs()


_RULES = (
    Rule(
        "no_clear_objectives",
        "invest_long_term",
        "ch. 10, rec. 5; ch. 8.2.1",
        (Need("objectives", "side"),),
        _("Clear objectives"),
        _("A side's recorded objectives include none marked as clearly formulated."),
        _("a side whose recorded objectives are all without a clear formulation"),
        no_clear_objectives,
    ),
    Rule(
        "learning_not_recognised",
        "seek_mutual_learning",
        "ch. 10, rec. 1; ch. 8.2.1; ch. 2.5.3",
        (Need("learning_outcomes", "side"), Need("recognition", "side")),
        _("Recognised learning"),
        _("A side's learning outcomes include ones recorded as not recognised by those who learned."),
        _("learning that those who learned do not recognise"),
        learning_not_recognised,
    ),
    Rule(
        "exploratory_without_follow_up",
        "invest_long_term",
        "ch. 10, rec. 5; ch. 8.3.4; ch. 8.7",
        (Need("exchanges"),),
        _("Follow-up of exploratory visits"),
        _("An exploratory exchange was never followed up."),
        _("an exploratory exchange that was never followed up"),
        exploratory_visits_without_follow_up,
    ),
    Rule(
        "no_migrants_involved",
        "include_migrants",
        "ch. 10, rec. 7; ch. 8.4",
        (Need("actors", "every"),),
        _("Migrants taking part"),
        _(
            "Actors are recorded for every side, and none of them is a migrant, of migrant background or a "
            "migrant organisation."
        ),
        _("a partnership without migrants or migrant organisations"),
        no_migrants_involved,
    ),
    Rule(
        "no_dissemination",
        "use_governance_networks",
        "ch. 10, rec. 2; ch. 2.5.5",
        (Need("learning_outcomes"), Need("dissemination", "side")),
        _("Dissemination of what was learned"),
        _("Learning is recorded, and every outcome is recorded as disseminated neither inside nor outside."),
        _("learning that was not passed on inside or outside the organisation"),
        no_dissemination,
    ),
    Rule(
        "one_way_learning",
        "seek_mutual_learning",
        "ch. 10, rec. 1; ch. 8.2; ch. 8.3.5",
        (Need("learning_outcomes"), Need("exchanges"), Need("knowledge_flows")),
        _("Learning on both sides"),
        _(
            "All recorded learning is one side's, the other side being on record (or, without learning "
            "outcomes, all recorded knowledge went one way)."
        ),
        _("learning by one side only"),
        one_way_learning,
    ),
    Rule(
        "one_way_peer_exchanges",
        "peer_to_peer",
        "ch. 10, rec. 3; ch. 8.3.1",
        (Need("exchanges"), Need("knowledge_flows")),
        _("Two-way peer-to-peer exchanges"),
        _("A peer-to-peer exchange's recorded knowledge went one way only."),
        _("a peer-to-peer exchange whose knowledge went one way only"),
        one_way_peer_exchanges,
    ),
    Rule(
        "no_peer_to_peer",
        "peer_to_peer",
        "ch. 10, rec. 3; ch. 8.3.1; ch. 8.7",
        (Need("exchanges"),),
        _("Peer-to-peer exchanges"),
        _("Exchanges are recorded, but none of them is peer-to-peer."),
        _("exchanges without any peer-to-peer contact"),
        no_peer_to_peer,
    ),
    Rule(
        "civil_society_without_local_gov",
        "support_civil_society",
        "ch. 10, rec. 4; ch. 8.4.2",
        (Need("exchanges"), Need("participants")),
        _("Local government beside civil society"),
        _(
            "Civil-society actors took part in a project's exchanges without any local-government participant."
        ),
        _("civil society working without local government"),
        civil_society_without_local_government,
    ),
    Rule(
        "narrow_governance_network",
        "use_governance_networks",
        "ch. 10, rec. 2; ch. 1.5.2; ch. 8.5.3",
        (Need("actors", "side"), Need("municipality", "side")),
        _("A governance network beyond the municipality"),
        _(
            "A side's recorded actors stay within the municipality: at most one other actor, no higher "
            "level of government and no knowledge institution."
        ),
        _("a side whose network stays within the municipality"),
        narrow_governance_network,
    ),
    Rule(
        "municipality_as_reactor",
        "act_not_react",
        "ch. 10, rec. 6; ch. 1.6.2; ch. 8.2.1",
        (
            Need("initiation"),
            Need("objectives", "side"),
            Need("actors", "side"),
            Need("municipality", "side"),
        ),
        _("The municipality's own initiative and objectives"),
        _(
            "The partnership was initiated by others, and none of a side's recorded objectives is its "
            "municipality's own."
        ),
        _("a municipality that only reacts, without an initiative or objectives of its own"),
        municipality_as_reactor,
    ),
    Rule(
        "corridor_without_linkage",
        "include_migrants",
        "ch. 10, rec. 7; ch. 8.4",
        (Need("translocal_linkage"), Need("migrant_stock")),
        _("Translocal linkage beside a large migration corridor"),
        _(
            "A large migration corridor joins the partners' countries (at least 100,000 people born in one "
            "living in the other, UN DESA), and the translocal linkage is recorded as none or limited."
        ),
        _("a large migration corridor beside a partnership that records little or no translocal linkage"),
        corridor_without_linkage,
    ),
)

RULES: dict[str, Rule] = {rule.name: rule for rule in _RULES}

PlainRule = Callable[[Dataset, Partnership], "Finding | None"]


def _chosen(rules: Iterable[str] | Mapping[str, Rule | PlainRule] | None) -> Mapping[str, Rule | PlainRule]:
    if rules is None:
        return RULES
    if isinstance(rules, Mapping):
        return rules
    names = list(rules)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise ValueError(f"unknown rules {', '.join(unknown)}; known: {', '.join(RULES)}")
    return {n: RULES[n] for n in names}


def diagnosis(
    dataset: Dataset,
    partnership: str | Iterable[str] | None = None,
    *,
    rules: Iterable[str] | Mapping[str, Rule | PlainRule] | None = None,
) -> list[Diagnosis]:
    """Run the rules (all, or those named) over each partnership: one :class:`Diagnosis` each.

    ``rules`` may also map names to plain functions ``(dataset, partnership) -> Finding | None``;
    such a rule states no needs, so it is either fired or checked.
    """
    chosen = _chosen(rules)
    results = []
    for p in dataset.select(partnership):
        record = completeness(dataset, p)
        checks: list[RuleCheck] = []
        blocked: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        for name, rule in chosen.items():
            if isinstance(rule, Rule):
                check, gaps = rule.run(dataset, p, record)
            else:
                finding = rule(dataset, p)
                check, gaps = RuleCheck(name, p.key, "fired" if finding else "checked", (), finding), ()
            checks.append(check)
            for gap in gaps:
                blocked[gap].append(name)
        findings = tuple(c.finding for c in checks if c.finding is not None)
        results.append(Diagnosis(p.key, findings, tuple(checks), _gaps(dataset, p, record, blocked), record))
    return results


def _gaps(
    dataset: Dataset,
    p: Partnership,
    record: Completeness,
    blocked: Mapping[tuple[str, str | None], list[str]],
) -> tuple[DataGap, ...]:
    """The gaps in a reader's order: side by side (the partnership as a whole last), part by part.

    A part kept per side that is missing for the whole partnership is missing on every side, so it
    is said once per side (where it is to be recorded), with the rules of both. Every other part not
    recorded is a gap too, with no rules: the other analyses show it (:attr:`Part.used_for`).
    """
    per_side: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for (key, side), names in blocked.items():
        places = p.sides if side is None and part(key).per_side and p.sides else (side,)
        for place in places:
            per_side[(key, place)].extend(n for n in names if n not in per_side[(key, place)])
    for found in record.parts:  # what no rule needs is still worth recording: other analyses show it
        if found.key in ("participants", "knowledge_flows") and not record.recorded("exchanges"):
            continue  # said of exchanges: record them first
        for place in record.sides_without(found.key) if found.per_side else (None,):
            if found.key == "municipality" and not record.recorded("actors", place):
                continue  # said of the actors: record them first
            if found.of and not record.recorded(found.of, place):
                continue  # a learning outcome's flags: said of the outcomes, record them first
            if not record.recorded(found.key, place):
                per_side.setdefault((found.key, place), [])
    ranks = {name: i for i, name in enumerate(RULES)}
    order = {side: i for i, side in enumerate((*p.sides, None))}
    keys = [found.key for found in (*record.parts, *ASKED_PARTS)]
    gaps = []
    for (key, side), names in per_side.items():
        found = part(key)
        params: dict[str, str | int] = {"dimension": found.dimension} if found.dimension else {}
        terms = {"dimension": "dimension"} if found.dimension else {}
        if found.of:
            params |= {"count": record.not_recorded(key, side), "total": record.count(found.of, side)}
        if side is None:
            what = Fact.marked_elsewhere(found.missing, params, terms)
        else:
            side_name = {"side": dataset.side_label(p.key, side)}
            what = Fact.marked_elsewhere(found.missing_side, params | side_name, terms)
        ordered = tuple(sorted(names, key=lambda n: ranks.get(n, len(ranks))))
        gaps.append(DataGap(p.key, key, side, what, ordered))
    return tuple(sorted(gaps, key=lambda g: (order.get(g.side, len(order)), keys.index(g.part))))


def diagnose(
    dataset: Dataset,
    partnership: str | Iterable[str] | None = None,
    *,
    rules: Iterable[str] | Mapping[str, Rule | PlainRule] | None = None,
) -> list[Finding]:
    """The findings of the rules (all, or those named), partnership by partnership."""
    return [f for found in diagnosis(dataset, partnership, rules=rules) for f in found.findings]


def data_gaps(dataset: Dataset, partnership: str | Iterable[str] | None = None) -> list[DataGap]:
    """What is not recorded and keeps a rule from being checked, partnership by partnership."""
    return [gap for found in diagnosis(dataset, partnership) for gap in found.gaps]
