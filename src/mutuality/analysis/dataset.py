"""The records the analysis works on: one read-only :class:`Dataset`.

:meth:`Dataset.from_document` takes the Mutuality data format as a plain
dict — what :func:`mutuality.formats.data_export.export_document` returns, or a
loaded YAML/JSON file (docs/data-format.md) — and, optionally, the evidence:
either the evidence document (``respondents`` and ``sources`` with their
nested ``codings``, as written by the evidence exporter) or a plain list of
flat coding dicts (the columns of :class:`Coding`, e.g. from
``DataFrame.to_dict("records")``).

Everything is a frozen, slotted dataclass holding strings, numbers and
tuples, made by its own constructor; nothing is deep-copied, and the cyclic
garbage collector is paused while the records are made
(:mod:`mutuality.analysis.gcpause` says why, with the figures), so a dataset
of 500 partnerships, 50,000 exchanges, 20,000 learning outcomes and 200,000
codings builds in about a second (docs/analysis.md, "Speed"). Sides are
named by their municipality's key, as in the data format. Nothing here
imports Django.

A coding is *flattened*: it carries what the analyses group by — its
source, the source's partnerships, side, kind, date and respondent, the code
(``vocabulary``/``term`` for framework codes such as ``dimension`` /
``process_trust``, else the code's path), the assessment, the factor role,
whose learning it concerns (``side``, with that side's country) and the
contexts resolved from the partnership data (project subjects, project
types, exchange methods, the support programmes behind the projects). A coding record is therefore self-contained:
the tables of :mod:`mutuality.analysis.dimensions` can be built from coding
records alone, e.g. from a pandas DataFrame in a notebook.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Any

from mutuality.analysis.corridors import Corridor, corridors_from_stocks
from mutuality.analysis.fastrecords import record_builder
from mutuality.analysis.gcpause import paused_collector

__all__ = [
    "Actor",
    "Coding",
    "Dataset",
    "Exchange",
    "KnowledgeFlow",
    "LearningOutcome",
    "Municipality",
    "Objective",
    "Participant",
    "Partnership",
    "Project",
    "Resource",
    "Respondent",
    "Side",
    "SupportProgramme",
    "as_codings",
    "coding_from_record",
    "record",
    "year_of",
]

FRAMEWORK_CODE = re.compile(r"^([a-z_]+)/([a-z0-9_]*)$")
LEARNING_FLAGS = (
    "intended",
    "recognised",
    "implemented",
    "disseminated_internally",
    "disseminated_externally",
    "institutionalised",
)


# --- records ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Municipality:
    key: str
    name: str
    country: str = ""
    migration_role: str = ""
    region: str = ""
    population: int | None = None
    population_year: int | None = None


@dataclass(frozen=True, slots=True)
class SupportProgramme:
    key: str
    name: str
    funder: str = ""
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True, slots=True)
class Side:
    """One locality of a partnership; ``key`` is the municipality's key."""

    partnership: str
    key: str
    name: str = ""
    country: str = ""
    position: int = 0


@dataclass(frozen=True, slots=True)
class Partnership:
    key: str
    name: str
    sides: tuple[str, ...] = ()
    form: str = ""
    since: int | None = None
    status: str = ""
    status_year: int | None = None
    initiation: str = ""
    translocal_linkage: str = ""
    governance_model: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    partnership: str
    key: str
    side: str
    name: str = ""
    kind: str = "organisation"
    type: str = ""
    roles: tuple[str, ...] = ()
    migrant_background: bool = False


@dataclass(frozen=True, slots=True)
class Project:
    partnership: str
    key: str
    name: str = ""
    types: tuple[str, ...] = ()
    scale_level: str = ""
    support_programme: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    budget_eur: float | None = None
    subjects: tuple[str, ...] = ()
    # The Sustainable Development Goals it serves; none listed is "not recorded", not "none".
    sdgs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Objective:
    partnership: str
    key: str
    side: str
    type: str = ""
    actor: str | None = None
    project: str | None = None
    wording: str = ""
    clearly_formulated: bool = False


@dataclass(frozen=True, slots=True)
class Participant:
    side: str
    actor: str | None = None
    count: int | None = None


@dataclass(frozen=True, slots=True)
class KnowledgeFlow:
    from_side: str
    to_side: str
    type: str = ""
    domain: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Exchange:
    """A visit, meeting, training, …; ``start``/``end`` keep the precision given (``YYYY[-MM[-DD]]``)."""

    partnership: str
    key: str
    title: str = ""
    project: str | None = None
    start: str | None = None
    end: str | None = None
    method: str = ""
    direction: str = "vertical"
    setting: str = "formal"
    stage: str = "follow_up"
    host: str | None = None
    participants: tuple[Participant, ...] = ()
    knowledge: tuple[KnowledgeFlow, ...] = ()

    @property
    def start_year(self) -> int | None:
        return year_of(self.start)

    @property
    def end_year(self) -> int | None:
        """The last year the exchange ran: its end year, else its start year."""
        return year_of(self.end) or year_of(self.start)


@dataclass(frozen=True, slots=True)
class LearningOutcome:
    partnership: str
    key: str
    side: str
    description: str = ""
    form: str = ""
    actor: str | None = None
    learned_from: str | None = None
    project: str | None = None
    exchange: str | None = None
    skills: tuple[str, ...] = ()
    theme: str = ""
    issue_relation: str = ""
    # The flags are yes, no or not known (None): a flag nobody recorded is not a "no".
    intended: bool | None = None
    recognised: bool | None = None
    implemented: bool | None = None
    disseminated_internally: bool | None = None
    disseminated_externally: bool | None = None
    institutionalised: bool | None = None

    @property
    def disseminated(self) -> bool | None:
        """Shared inside or outside: yes if either is yes, no only if both are recorded as no, else not known."""
        if self.disseminated_internally or self.disseminated_externally:
            return True
        if self.disseminated_internally is False and self.disseminated_externally is False:
            return False
        return None


@dataclass(frozen=True, slots=True)
class Resource:
    partnership: str
    key: str
    side: str
    kind: str
    amount: float | None = None
    unit: str = ""
    actor: str | None = None
    project: str | None = None
    programme: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Respondent:
    key: str
    label: str = ""
    role: str = ""
    organisation_type: str = ""
    partnership: str | None = None
    side: str | None = None
    country: str = ""


@dataclass(frozen=True, slots=True)
class Coding:
    """One coded passage, flattened with everything the analyses group by.

    ``id`` is ``"<source key>#<n>"`` (the n-th coding of that source) for
    codings read from an evidence document, else the record's own ``id``.
    ``side`` is the side whose learning the coding concerns (``concerns_side``
    in the application), ``role`` the factor role (enabling / limiting).
    ``subjects``, ``project_types``, ``exchange_methods`` and ``programmes``
    (the support programmes the projects draw on, by key) are the contexts of
    the coding: those of its ``projects`` when the record names them (a key,
    or ``partnership/key``), else of all projects and exchanges of the source's
    partnerships. ``side_country`` is the country of ``side``, or the country a
    statement across partnerships concerns (``country`` in the evidence format).
    """

    id: str
    source: str = ""
    partnerships: tuple[str, ...] = ()
    source_kind: str = ""
    source_side: str | None = None
    source_date: str | None = None
    respondent: str | None = None
    respondent_role: str = ""
    respondent_org_type: str = ""
    respondent_side: str | None = None
    code: str = ""
    vocabulary: str = ""
    term: str = ""
    assessment: str = ""
    role: str = ""
    side: str | None = None
    side_country: str = ""
    quote: str = ""
    coder: str = ""
    memo: str = ""
    projects: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    project_types: tuple[str, ...] = ()
    exchange_methods: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()

    @property
    def viewpoint(self) -> str | None:
        """Whose view the passage gives: the source's side, else the respondent's side."""
        return self.source_side or self.respondent_side

    @property
    def dimension(self) -> str | None:
        return self.term if self.vocabulary == "dimension" and self.term else None


def year_of(date: str | int | None) -> int | None:
    """The year of a ``YYYY[-MM[-DD]]`` date (or an int year); ``None`` when missing."""
    if date is None or date == "":
        return None
    if isinstance(date, int):
        return date
    try:
        return int(str(date)[:4])
    except ValueError:
        return None


def record(obj: Any) -> dict[str, Any]:
    """A record's fields as a flat dict (shallow: tuples stay tuples), for tables and frames."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


# --- reading plain values -----------------------------------------------------------


def _missing(value: Any) -> bool:
    """``None``, NaN (pandas' empty cell) or pandas' ``NA``/``NaT``."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN is the only value not equal to itself
    return type(value).__name__ in ("NAType", "NaTType")


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    return "" if _missing(value) else str(value)


def _opt(value: Any) -> str | None:
    if type(value) is str:
        return value or None
    return None if _missing(value) else str(value)


def _int(value: Any) -> int | None:
    if type(value) is int:
        return value
    if _missing(value) or value == "":
        return None
    return int(value)


def _amount(value: Any) -> float | None:
    if _missing(value) or value == "":
        return None
    return float(value)


def _flag(value: Any) -> bool | None:
    """Yes, no or not known: missing, empty or NaN (an empty DataFrame cell) is not known, never no."""
    if type(value) is bool:
        return value
    if _missing(value) or value == "":
        return None
    if isinstance(value, str):
        return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(
            value.strip().lower()
        )
    return bool(value)


def _keys(value: Any) -> tuple[str, ...]:
    """A list of keys: a list/tuple, or a string separated by ``;`` (as in a CSV cell)."""
    if _missing(value) or value == "":
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return tuple(str(item) for item in value if not _missing(item))


_CODES: dict[str, tuple[str, str]] = {}


def _split_code(code: str) -> tuple[str, str]:
    """(vocabulary, term) of a framework code written ``vocabulary/term``; ``("", "")`` for a path."""
    found = _CODES.get(code)
    if found is None:
        match = FRAMEWORK_CODE.match(code)
        found = (match.group(1), match.group(2)) if match else ("", "")
        if len(_CODES) < 10000:
            _CODES[code] = found
    return found


# --- the dataset --------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Dataset:
    """Everything the analyses read, as tuples of frozen records (plus look-ups built on demand)."""

    municipalities: Mapping[str, Municipality] = field(default_factory=dict)
    programmes: Mapping[str, SupportProgramme] = field(default_factory=dict)
    partnerships: tuple[Partnership, ...] = ()
    sides: tuple[Side, ...] = ()
    actors: tuple[Actor, ...] = ()
    projects: tuple[Project, ...] = ()
    objectives: tuple[Objective, ...] = ()
    exchanges: tuple[Exchange, ...] = ()
    learning_outcomes: tuple[LearningOutcome, ...] = ()
    resources: tuple[Resource, ...] = ()
    respondents: Mapping[str, Respondent] = field(default_factory=dict)
    codings: tuple[Coding, ...] = ()
    # The migration corridors between the countries of each partnership's sides (UN DESA's migrant
    # stock, from the atlas), keyed by the pair of countries in alphabetical order; a pair missing
    # here has no stock on record (never "no migrants"). ``country_names``: how reports name them.
    corridors: Mapping[tuple[str, str], Corridor] = field(default_factory=dict)
    country_names: Mapping[str, str] = field(default_factory=dict)

    # --- building -------------------------------------------------------------------

    @classmethod
    def from_document(cls, document: Mapping[str, Any] | None, evidence: Any = None) -> Dataset:
        """Build from the data format (a dict) and, optionally, the evidence.

        ``evidence`` may be the evidence document (``respondents``, ``sources``
        with nested ``codings``; a top-level ``codings`` list of flat records
        is read too) or an iterable of flat coding records / :class:`Coding`. Beside the data
        format's lists, ``migrant_stocks`` (rows ``origin``, ``destination``, ``year``,
        ``migrants``) and ``country_names`` give the corridors (:attr:`corridors`).
        """
        # A programme is about a million acyclic objects: the collector's passes over them would take
        # over 40 % of the build (mutuality.analysis.gcpause has the figures).
        with paused_collector():
            return cls._from_document(document or {}, evidence)

    @classmethod
    def _from_document(cls, document: Mapping[str, Any], evidence: Any) -> Dataset:
        municipalities = {
            m["key"]: Municipality(
                m["key"],
                _text(m.get("name")),
                _text(m.get("country")),
                _text(m.get("migration_role")),
                _text(m.get("region")),
                _int(m.get("population")),
                _int(m.get("population_year")),
            )
            for m in document.get("municipalities") or ()
        }
        programmes = {
            p["key"]: SupportProgramme(
                p["key"],
                _text(p.get("name")),
                _text(p.get("funder")),
                _int(p.get("start_year")),
                _int(p.get("end_year")),
            )
            for p in document.get("support_programmes") or ()
        }
        builder = _Builder(municipalities)
        for raw in document.get("partnerships") or ():
            builder.partnership(raw)
        dataset = cls(
            corridors=_corridors(document.get("migrant_stocks") or ()),
            country_names=dict(document.get("country_names") or {}),
            municipalities=municipalities,
            programmes=programmes,
            partnerships=tuple(builder.partnerships),
            sides=tuple(builder.sides),
            actors=tuple(builder.actors),
            projects=tuple(builder.projects),
            objectives=tuple(builder.objectives),
            exchanges=tuple(builder.exchanges),
            learning_outcomes=tuple(builder.outcomes),
            resources=tuple(builder.resources),
        )
        if evidence is None:
            return dataset
        respondents, codings = _read_evidence(evidence, _Contexts(dataset))
        return replace(dataset, respondents=respondents, codings=codings)

    @classmethod
    def from_codings(cls, codings: Any, document: Mapping[str, Any] | None = None) -> Dataset:
        """A dataset of codings only (optionally with the partnership data that resolves their contexts)."""
        return cls.from_document(
            document, evidence=list(codings) if not isinstance(codings, Mapping) else codings
        )

    def with_codings(self, codings: Any) -> Dataset:
        """The same partnership data with other codings (records are resolved against this dataset)."""
        with paused_collector():  # as in from_document
            respondents, read = _read_evidence(codings, _Contexts(self))
        return replace(self, respondents=respondents or self.respondents, codings=read)

    # --- look-ups -------------------------------------------------------------------

    @cached_property
    def _partnerships(self) -> dict[str, Partnership]:
        return {p.key: p for p in self.partnerships}

    def partnership(self, key: str) -> Partnership:
        try:
            return self._partnerships[key]
        except KeyError:
            raise KeyError(f"no partnership {key!r} in the dataset") from None

    def select(self, partnership: str | Iterable[str] | None) -> tuple[Partnership, ...]:
        """The partnerships asked for: all (``None``), one key, or several keys."""
        if partnership is None:
            return self.partnerships
        if isinstance(partnership, str):
            return (self.partnership(partnership),)
        return tuple(self.partnership(key) for key in partnership)

    @cached_property
    def _groups(self) -> dict[str, dict[str, tuple[Any, ...]]]:
        return {}

    def of(self, name: str, partnership: str) -> tuple[Any, ...]:
        """The records of list ``name`` (``actors``, ``exchanges``, ``codings``, …) of one partnership."""
        groups = self._groups.get(name)
        if groups is None:
            groups = self._groups[name] = self._group(name)
        return groups.get(partnership, ())

    def _group(self, name: str) -> dict[str, tuple[Any, ...]]:
        by: dict[str, list[Any]] = defaultdict(list)
        if name == "codings":
            # A source linked to two partnerships gives its codings to both.
            for coding in self.codings:
                for key in coding.partnerships:
                    by[key].append(coding)
        else:
            for item in getattr(self, name):
                by[item.partnership].append(item)
        return {key: tuple(items) for key, items in by.items()}

    @cached_property
    def _index(self) -> dict[tuple[str, str, str], Any]:
        index: dict[tuple[str, str, str], Any] = {}
        for name in (
            "sides",
            "actors",
            "projects",
            "exchanges",
            "objectives",
            "learning_outcomes",
            "resources",
        ):
            for item in getattr(self, name):
                index[(name, item.partnership, item.key)] = item
        return index

    def get(self, name: str, partnership: str, key: str | None) -> Any:
        """One record by list name, partnership and key; ``None`` when there is none."""
        if key is None:
            return None
        return self._index.get((name, partnership, key))

    def side_label(self, partnership: str, side: str | None) -> str:
        found = self.get("sides", partnership, side)
        return found.name if found is not None and found.name else (side or "")

    def country_of(self, side: str | None) -> str:
        municipality = self.municipalities.get(side or "")
        return municipality.country if municipality else ""

    def corridor(self, one: str, other: str) -> Corridor | None:
        """The migration corridor between two countries, ``one`` first; ``None`` when none is on record."""
        found = self.corridors.get((one, other) if one <= other else (other, one))
        if found is None or found.one == one:
            return found
        return Corridor(one, other, found.other_to_one, found.one_to_other)

    def country_name(self, code: str) -> str:
        """A country's name as the reports give it, else its ISO code."""
        return self.country_names.get(code) or code

    def tables(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """(name, records) for every list of the dataset, for exports and frames."""
        for name in (
            "partnerships",
            "sides",
            "actors",
            "projects",
            "objectives",
            "exchanges",
            "learning_outcomes",
            "resources",
            "codings",
        ):
            yield name, getattr(self, name)
        yield "municipalities", tuple(self.municipalities.values())
        yield "programmes", tuple(self.programmes.values())
        yield "respondents", tuple(self.respondents.values())


def _corridors(stocks: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], Corridor]:
    """Corridors keyed by their countries in alphabetical order, from migrant-stock rows
    (``origin``, ``destination``, ``year``, ``migrants``: people born in origin living in destination)."""
    rows = [(s["origin"], s["destination"], int(s["year"]), int(s["migrants"])) for s in stocks]
    pairs = {(min(o, d), max(o, d)) for o, d, _year, _count in rows}
    return corridors_from_stocks(rows, pairs)


# The context lists a coding takes from its projects: subjects, project types, exchange methods, programmes.
CONTEXT_LISTS = 4

# The records a programme has by the ten thousand, made by bulk builders (analysis/fastrecords.py says
# why, with the figures): every field given, in field order.
_new_coding = record_builder(Coding)
_new_exchange = record_builder(Exchange)
_new_participant = record_builder(Participant)
_new_flow = record_builder(KnowledgeFlow)
_new_outcome = record_builder(LearningOutcome)


class _Builder:
    """Reads the partnership part of the data format into records."""

    def __init__(self, municipalities: Mapping[str, Municipality]) -> None:
        self.municipalities = municipalities
        self.partnerships: list[Partnership] = []
        self.sides: list[Side] = []
        self.actors: list[Actor] = []
        self.projects: list[Project] = []
        self.objectives: list[Objective] = []
        self.exchanges: list[Exchange] = []
        self.outcomes: list[LearningOutcome] = []
        self.resources: list[Resource] = []

    def partnership(self, raw: Mapping[str, Any]) -> None:
        key = raw["key"]
        sides = tuple(raw.get("municipalities") or ())
        self.partnerships.append(
            Partnership(
                key,
                _text(raw.get("name")) or key,
                sides,
                _text(raw.get("form")),
                _int(raw.get("since")),
                _text(raw.get("status")),
                _int(raw.get("status_year")),
                _text(raw.get("initiation")),
                _text(raw.get("translocal_linkage")),
                _text(raw.get("governance_model")),
            )
        )
        for position, side in enumerate(sides):
            municipality = self.municipalities.get(side)
            self.sides.append(
                Side(
                    key,
                    side,
                    municipality.name if municipality else side,
                    municipality.country if municipality else "",
                    position,
                )
            )
        for a in raw.get("actors") or ():
            self.actors.append(
                Actor(
                    key,
                    a["key"],
                    a["side"],
                    _text(a.get("name")),
                    _text(a.get("kind")) or "organisation",
                    _text(a.get("type")),
                    tuple(a.get("roles") or ()),
                    bool(a.get("migrant_background")),
                )
            )
        for p in raw.get("projects") or ():
            self.projects.append(
                Project(
                    key,
                    p["key"],
                    _text(p.get("name")),
                    _keys(p.get("types")),
                    _text(p.get("scale_level")),
                    _opt(p.get("support_programme")),
                    _int(p.get("start_year")),
                    _int(p.get("end_year")),
                    _amount(p.get("budget_eur")),
                    _keys(p.get("subjects")),
                    _keys(p.get("sdgs")),
                )
            )
        for o in raw.get("objectives") or ():
            self.objectives.append(
                Objective(
                    key,
                    o["key"],
                    o["side"],
                    _text(o.get("type")),
                    _opt(o.get("actor")),
                    _opt(o.get("project")),
                    _text(o.get("wording")),
                    bool(o.get("clearly_formulated")),
                )
            )
        for e in raw.get("exchanges") or ():
            self.exchanges.append(
                _new_exchange(
                    key,
                    e["key"],
                    _text(e.get("title")),
                    _opt(e.get("project")),
                    _opt(e.get("start")),
                    _opt(e.get("end")),
                    _text(e.get("method")),
                    _text(e.get("direction")) or "vertical",
                    _text(e.get("setting")) or "formal",
                    _text(e.get("stage")) or "follow_up",
                    _opt(e.get("host")),
                    tuple(
                        _new_participant(x["side"], _opt(x.get("actor")), _int(x.get("count")))
                        for x in e.get("participants") or ()
                    ),
                    tuple(
                        _new_flow(
                            k["from"],
                            k["to"],
                            _text(k.get("type")),
                            _text(k.get("domain")),
                            _text(k.get("description")),
                        )
                        for k in e.get("knowledge") or ()
                    ),
                )
            )
        for lo in raw.get("learning_outcomes") or ():
            self.outcomes.append(
                _new_outcome(
                    key,
                    lo["key"],
                    lo["side"],
                    _text(lo.get("description")),
                    _text(lo.get("form")),
                    _opt(lo.get("actor")),
                    _opt(lo.get("learned_from")),
                    _opt(lo.get("project")),
                    _opt(lo.get("exchange")),
                    tuple(lo.get("skills") or ()),
                    _text(lo.get("theme")),
                    _text(lo.get("issue_relation")),
                    *(_flag(lo.get(flag)) for flag in LEARNING_FLAGS),
                )
            )
        for r in raw.get("resources") or ():
            self.resources.append(
                Resource(
                    key,
                    r["key"],
                    r["side"],
                    _text(r.get("kind")),
                    _amount(r.get("amount")),
                    _text(r.get("unit")),
                    _opt(r.get("actor")),
                    _opt(r.get("project")),
                    _opt(r.get("programme")),
                    _int(r.get("start_year")),
                    _int(r.get("end_year")),
                    _text(r.get("description")),
                )
            )


class _Contexts:
    """Resolves a coding's contexts (subjects, project types, exchange methods, support programmes,
    country) from a dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.municipalities = dataset.municipalities
        self.project: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
        subjects: dict[str, dict[str, None]] = defaultdict(dict)
        types: dict[str, dict[str, None]] = defaultdict(dict)
        methods: dict[str, dict[str, None]] = defaultdict(dict)
        programmes: dict[str, dict[str, None]] = defaultdict(dict)
        project_methods: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
        for p in dataset.projects:
            subjects[p.partnership].update(dict.fromkeys(p.subjects))
            types[p.partnership].update(dict.fromkeys(p.types))
            if p.support_programme:
                programmes[p.partnership][p.support_programme] = None
        for e in dataset.exchanges:
            if e.method:
                methods[e.partnership][e.method] = None
                if e.project:
                    project_methods[(e.partnership, e.project)][e.method] = None
        for p in dataset.projects:
            self.project[(p.partnership, p.key)] = (
                p.subjects,
                p.types,
                tuple(project_methods.get((p.partnership, p.key), ())),
                (p.support_programme,) if p.support_programme else (),
            )
        self.partnership = {
            key: (
                tuple(subjects.get(key, ())),
                tuple(types.get(key, ())),
                tuple(methods.get(key, ())),
                tuple(programmes.get(key, ())),
            )
            for key in {p.key for p in dataset.partnerships}
        }
        self._combined: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}

    def of(
        self, partnerships: tuple[str, ...], projects: tuple[str, ...] = ()
    ) -> tuple[tuple[str, ...], ...]:
        """Subjects, project types, exchange methods and support programmes of the named projects, else of
        the partnerships."""
        named = [found for project in projects if (found := self._project(partnerships, project)) is not None]
        if named:
            return tuple(
                tuple(dict.fromkeys(value for part in named for value in part[i]))
                for i in range(CONTEXT_LISTS)
            )
        combined = self._combined.get(partnerships)
        if combined is None:
            parts = [self.partnership.get(key, ((),) * CONTEXT_LISTS) for key in partnerships]
            if len(parts) == 1:
                combined = parts[0]
            else:
                combined = tuple(
                    tuple(dict.fromkeys(value for part in parts for value in part[i]))
                    for i in range(CONTEXT_LISTS)
                )
            self._combined[partnerships] = combined
        return combined

    def _project(self, partnerships: tuple[str, ...], project: str) -> tuple[tuple[str, ...], ...] | None:
        owner = self._owner(partnerships, project)
        return None if owner is None else self.project[(owner, project.rpartition("/")[2])]

    def _owner(self, partnerships: tuple[str, ...], project: str) -> str | None:
        owner, _slash, key = project.rpartition("/")
        return next((p for p in ((owner,) if owner else partnerships) if (p, key) in self.project), None)

    def qualified(self, partnerships: tuple[str, ...], projects: tuple[str, ...]) -> tuple[str, ...]:
        """Project names as ``partnership/key``, so a coding names its projects the same way from any source."""
        names = []
        for project in projects:
            owner = self._owner(partnerships, project)
            names.append(project if owner is None else f"{owner}/{project.rpartition('/')[2]}")
        return tuple(names)

    def country(self, side: str | None) -> str:
        municipality = self.municipalities.get(side or "")
        return municipality.country if municipality else ""


def _read_evidence(evidence: Any, contexts: _Contexts) -> tuple[dict[str, Respondent], tuple[Coding, ...]]:
    if isinstance(evidence, Dataset):
        return dict(evidence.respondents), evidence.codings
    respondents: dict[str, Respondent] = {}
    codings: list[Coding] = []
    if isinstance(evidence, Mapping):
        for r in evidence.get("respondents") or ():
            respondents[r["key"]] = Respondent(
                r["key"],
                _text(r.get("label")),
                _text(r.get("role")),
                _text(r.get("organisation_type")),
                _opt(r.get("partnership")),
                _opt(r.get("side")),
                _text(r.get("country")),
            )
        for source in evidence.get("sources") or ():
            codings.extend(_source_codings(source, respondents, contexts))
        flat: Iterable[Any] = evidence.get("codings") or ()
    else:
        flat = evidence
    for index, item in enumerate(flat, 1):
        codings.append(item if isinstance(item, Coding) else coding_from_record(item, index, contexts))
    return respondents, tuple(codings)


def _source_codings(
    source: Mapping[str, Any], respondents: Mapping[str, Respondent], contexts: _Contexts
) -> Iterator[Coding]:
    key = source["key"]
    partnerships = _keys(source.get("partnerships"))
    kind = _text(source.get("kind"))
    source_side = _opt(source.get("side"))
    date = _opt(source.get("date"))
    respondent_key = _opt(source.get("respondent"))
    respondent = respondents.get(respondent_key or "")
    role = respondent.role if respondent else ""
    org_type = respondent.organisation_type if respondent else ""
    respondent_side = respondent.side if respondent else None
    countries: dict[str | None, str] = {}
    unnamed = contexts.of(partnerships)  # the contexts of most codings: those that name no project
    for n, c in enumerate(source.get("codings") or (), 1):
        get = c.get
        code = _text(get("code"))
        vocabulary, term = _split_code(code)
        side = _opt(get("side"))
        country = countries.get(side)
        if country is None:
            country = countries[side] = contexts.country(side)
        country = country or _text(get("country")).upper()
        named = get("projects")
        projects = contexts.qualified(partnerships, _keys(named)) if named else ()
        subjects, types, methods, programmes = contexts.of(partnerships, projects) if projects else unnamed
        yield _new_coding(
            f"{key}#{n}",
            key,
            partnerships,
            kind,
            source_side,
            date,
            respondent_key,
            role,
            org_type,
            respondent_side,
            code,
            vocabulary,
            term,
            _text(get("assessment")),
            _text(get("role")),
            side,
            country,
            _text(get("quote")),
            _text(get("coder")),
            _text(get("memo")),
            projects,
            subjects,
            types,
            methods,
            programmes,
        )


def coding_from_record(item: Mapping[str, Any], index: int = 0, contexts: _Contexts | None = None) -> Coding:
    """A :class:`Coding` from a flat record (the field names of :class:`Coding`).

    Missing fields, ``None`` and NaN (empty DataFrame cells) mean "not
    given". ``code`` may be ``vocabulary/term``; ``vocabulary``/``term`` may
    also be given on their own. Lists (``partnerships``, ``subjects``, …) may
    be lists/tuples or ``;``-separated strings; a single ``partnership`` is
    read too. Contexts not in the record are resolved from the dataset's
    partnership data when there is one.
    """
    get = item.get
    partnerships = _keys(get("partnerships"))
    if not partnerships and not _missing(get("partnership")):
        partnerships = _keys(get("partnership"))
    code = _text(get("code"))
    vocabulary, term = _text(get("vocabulary")), _text(get("term"))
    if not vocabulary and code:
        vocabulary, term = _split_code(code)
    if not code and vocabulary:
        code = f"{vocabulary}/{term}"
    projects = _keys(get("projects"))
    if not projects and not _missing(get("project")):
        projects = _keys(get("project"))
    side = _opt(get("side"))
    if contexts is not None:
        projects = contexts.qualified(partnerships, projects)
    resolved = contexts.of(partnerships, projects) if contexts is not None else ((),) * CONTEXT_LISTS
    lists = []
    for i, name in enumerate(("subjects", "project_types", "exchange_methods", "programmes")):
        value = get(name)
        lists.append(resolved[i] if value is None else _keys(value))
    country = _text(get("side_country"))
    if not country and contexts is not None:
        country = contexts.country(side)
    country = country or _text(get("country")).upper()
    identity = get("id")
    return Coding(
        id=f"c{index}" if _missing(identity) else str(identity),
        source=_text(get("source")),
        partnerships=partnerships,
        source_kind=_text(get("source_kind")),
        source_side=_opt(get("source_side")),
        source_date=_opt(get("source_date")),
        respondent=_opt(get("respondent")),
        respondent_role=_text(get("respondent_role")),
        respondent_org_type=_text(get("respondent_org_type")),
        respondent_side=_opt(get("respondent_side")),
        code=code,
        vocabulary=vocabulary,
        term=term,
        assessment=_text(get("assessment")),
        role=_text(get("role")) or _text(get("factor_role")),
        side=side,
        side_country=country,
        quote=_text(get("quote")),
        coder=_text(get("coder")),
        memo=_text(get("memo")),
        projects=projects,
        subjects=lists[0],
        project_types=lists[1],
        exchange_methods=lists[2],
        programmes=lists[3],
    )


def as_codings(data: Any) -> tuple[Coding, ...]:
    """The codings of a :class:`Dataset`, an evidence document, or an iterable of codings / flat records."""
    if isinstance(data, Dataset):
        return data.codings
    if isinstance(data, Coding):
        return (data,)
    if isinstance(data, Sequence) and data and all(isinstance(item, Coding) for item in data):
        return tuple(data)
    return _read_evidence(data, _Contexts(Dataset()))[1]
