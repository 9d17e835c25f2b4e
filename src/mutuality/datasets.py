"""The records of a report, read from the database with a few flat queries.

:func:`load_dataset` gives the :class:`~mutuality.analysis.dataset.Dataset`
every analysis works on; :func:`load_report_data` gives it together with
the few texts a report shows but the analyses do not need (partnership
descriptions, source titles, which sources are confidential).

Why not :func:`mutuality.formats.data_export.export_document`? The exporter
builds a model instance for every record and follows every relation, which
is right for an export but costs seconds at programme scale (50,000
exchanges). Here each table is read once with ``values_list`` — one query
per table, no model instances — and the rows are joined in Python by id
into the data-format document that :meth:`Dataset.from_document` reads
(tests check both give the same dataset). Which fields of each record kind
are read is not listed here: it is the analysis place of
:mod:`mutuality.formats.fields`, in the order of the data format. Codings are
read the same way: only those on the current version of their source, without offsets or
occurrences, each flattened with its code (``vocabulary/term`` for
framework codes, else the code's path), assessment, factor role, whose
learning it concerns, quote and coder.

The analysts' framework matrix (:class:`~mutuality.evidence.models.FrameworkCell`)
comes along as :class:`AnalystCell` rows: what the analyst wrote, with the
number of coded passages behind the cell counted live as the framework-matrix
page counts them (:func:`mutuality.evidence.framework_matrix.build`), from the
sources the reader may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from operator import itemgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.gcpause import paused_collector
from mutuality.atlas.corridors import stock_records
from mutuality.countries import country_name
from mutuality.evidence.codebook import CODED_VOCABULARIES, descendants
from mutuality.evidence.framework_matrix import build as build_framework_matrix
from mutuality.evidence.models import Code, Coding, FrameworkCell, Respondent, Source, SourceVersion
from mutuality.formats import schema
from mutuality.formats.fields import LIST_KINDS, kept
from mutuality.formats.fields import kind as record_kind
from mutuality.framework import vocabulary
from mutuality.partnerships.models import (
    KnowledgeFlow,
    Municipality,
    Participation,
    Partnership,
    Side,
    SupportProgramme,
)
from mutuality.privacy.pseudonymise import Pseudonymiser
from mutuality.selfassessment.models import Round
from mutuality.selfassessment.results import round_results

__all__ = [
    "AnalystCell",
    "MatrixCode",
    "PartnershipText",
    "find_partnership",
    "partnerships_called",
    "ReportData",
    "load_dataset",
    "load_document",
    "load_evidence",
    "load_report_data",
]

CHUNK = 5000  # ids per ``IN (…)`` list, well below every database's limit


@dataclass(frozen=True, slots=True)
class PartnershipText:
    """What a report shows about a partnership beyond the analysed records."""

    description: str = ""
    translocal_description: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class MatrixCode:
    """A column of the analysts' framework matrix: a code that has at least one analyst's cell."""

    key: str  # as the data format names it: ``vocabulary/term`` for framework codes, else its path
    names: tuple[str, ...]  # the names on its path, root first (framework codes: English, shown translated)
    framework: bool  # a framework code (a vocabulary term), not a researcher's own


@dataclass(frozen=True, slots=True)
class AnalystCell:
    """What an analyst wrote in one cell of the framework matrix, and how many passages lie behind it."""

    partnership: str  # partnership key
    side: str | None  # the side's municipality key; ``None`` for the partnership as a whole
    code: str  # :attr:`MatrixCode.key`
    assessment: str  # an ``assessment`` term key, or ""
    summary: str  # the analyst's text, real names replaced as in every quote
    passages: int  # coded passages behind the cell, counted as the framework-matrix page counts them


@dataclass(frozen=True)
class ReportData:
    """A dataset plus the texts reports show: descriptions, source titles, confidential sources.

    ``framework_codes`` (in column order) and ``framework_cells`` are the analysts' framework matrix.
    """

    dataset: Dataset
    texts: dict[str, PartnershipText] = field(default_factory=dict)
    source_titles: dict[str, str] = field(default_factory=dict)
    confidential: frozenset[str] = frozenset()
    framework_codes: tuple[MatrixCode, ...] = ()
    framework_cells: tuple[AnalystCell, ...] = ()
    self_rated: tuple[SelfRated, ...] = ()  # each partnership's latest self-assessment round


@dataclass(frozen=True)
class SelfRated:
    """A side's own rating of one dimension in its partnership's latest self-assessment round: its
    respondents' mean (None below the privacy threshold, ``n`` given all the same)."""

    partnership: str
    round: str
    illustrative: bool
    side: str
    dimension: str  # the vocabulary key
    n: int
    mean: float | None


_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def _plain(name: str) -> str:
    return " ".join(name.translate(_DASHES).replace(" - ", "-").casefold().split())


def find_partnership(name_or_key: str) -> str | None:
    """The key of the partnership with this key or name (any dash, any case: "zeist-berkane" finds Zeist–Berkane);
    ``None`` when no partnership, or more than one, is called so."""
    found = partnerships_called(name_or_key)
    return found[0] if len(found) == 1 else None


def partnerships_called(name_or_key: str) -> list[str]:
    """The keys of the partnerships with this key or, failing that, this name: exactly as written,
    else in any case and with any dash. Two partnerships may share a name; never a key."""
    text = name_or_key.strip()
    rows = list(Partnership.objects.order_by("key").values_list("key", "name"))
    exact = [key for key, name in rows if key == text] or [key for key, name in rows if name == text]
    if exact:
        return exact
    wanted = _plain(text)
    return [key for key, name in rows if wanted in (key, _plain(name))]


def load_dataset(partnerships: Sequence[str] | None = None, *, evidence: bool = True) -> Dataset:
    """The dataset of the partnerships with these keys (all when ``None``), with their codings."""
    return load_report_data(partnerships, evidence=evidence).dataset


def load_report_data(
    partnerships: Sequence[str] | None = None,
    *,
    evidence: bool = True,
    readable_sources: Collection[int] | None = None,
    readable_codings: QuerySet[Coding] | None = None,
    self_assessment: bool = True,
) -> ReportData:
    """The report's data; ``readable_sources`` (ids) limits the evidence to what the reader may see,
    and ``readable_codings`` the codings (``Access.codings``: under blind coding a coder's own).
    ``self_assessment=False`` leaves the self-assessment's scores unread, for a reader that shows
    none of them (the partnership page's glance, the programme report): they cost a query of every
    answer of each partnership's latest round.

    The cyclic garbage collector is paused meanwhile: reading a programme makes about a million
    small dicts and lists, none in a cycle, and the collector's passes over them took a third of
    the time (the few cycles Django's objects make are collected after).
    """
    with paused_collector():
        return _load(_Reader(partnerships, readable_sources, readable_codings), evidence, self_assessment)


def _load(reader: _Reader, evidence: bool, self_assessment: bool = True) -> ReportData:
    document = reader.document()
    document |= corridor_document(document)
    if not evidence:
        return ReportData(Dataset.from_document(document), reader.texts)
    evidence_document = reader.evidence()
    codes, cells = reader.framework_matrix()
    return ReportData(
        Dataset.from_document(document, evidence_document),
        reader.texts,
        reader.source_titles,
        frozenset(reader.confidential),
        codes,
        cells,
        self_rated(reader.partnership_ids) if self_assessment else (),
    )


def corridor_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The migrant stocks between the countries of each partnership's sides (the atlas's UN DESA
    figures, both ways) and those countries' names in the active language, for the diagnostics'
    corridor rule: ``migrant_stocks`` and ``country_names``, beside the data format's lists."""
    country = {m["key"]: m.get("country") or "" for m in document.get("municipalities") or ()}
    pairs = {
        (min(a, b), max(a, b))
        for p in document.get("partnerships") or ()
        for i, one in enumerate(p.get("municipalities") or ())
        for other in (p.get("municipalities") or ())[i + 1 :]
        if (a := country.get(one, "")) and (b := country.get(other, "")) and a != b
    }
    stocks = stock_records(sorted(pairs))
    names = {code for row in stocks for code in (row["origin"], row["destination"])}
    return {"migrant_stocks": stocks, "country_names": {code: country_name(code) for code in sorted(names)}}


def self_rated(partnership_ids: Sequence[int]) -> tuple[SelfRated, ...]:
    """The dimensions' scores per side in each partnership's latest round, read as the self-assessment's
    pages read them (:func:`mutuality.selfassessment.results.round_results`: the threshold holds)."""
    latest: dict[int, Round] = {}
    rounds = Round.objects.filter(partnership_id__in=partnership_ids).select_related(
        "partnership", "instrument"
    )
    for found in rounds.order_by("partnership_id", "-opens_on", "-id"):
        latest.setdefault(found.partnership_id, found)
    rated = []
    for found in latest.values():
        results = round_results(found, "en")
        for scale in results.scales:
            if scale.vocabulary != "dimension":
                continue
            for side, summary in scale.per_side.items():
                rated.append(
                    SelfRated(
                        found.partnership.key,
                        found.name,
                        found.illustrative,
                        side,
                        scale.term,
                        summary.n,
                        summary.mean,
                    )
                )
    return tuple(rated)


def load_document(partnerships: Sequence[str] | None = None) -> dict[str, Any]:
    """The partnership data in the data format (the fields the analyses read), from flat queries."""
    return _Reader(partnerships).document()


def load_evidence(partnerships: Sequence[str] | None = None) -> dict[str, Any]:
    """Respondents and sources with their current codings, in the evidence document's shape."""
    reader = _Reader(partnerships)
    reader.document()
    return reader.evidence()


_Getter = Callable[[Sequence[Any]], Any]


@dataclass(frozen=True)
class _Plan:
    """The columns to read of one record kind, and the function that makes a row of them a record."""

    columns: tuple[str, ...]
    record: Callable[[Sequence[Any]], dict[str, Any]]

    def index(self, column: str) -> int:
        return self.columns.index(column)


def _plan(
    kind: str,
    keys: Mapping[str, Mapping[int, str]],
    leading: Sequence[str] = (),
    special: Mapping[str, _Getter] | None = None,
) -> _Plan:
    """How to read ``kind``: the fields of its data-format spec that the analyses read.

    Which fields those are is said once, in :mod:`mutuality.formats.fields` (the ``analysis`` place),
    so a field the analyses come to read is read here without another list to keep. Values are
    written as the exporter writes them — references as keys (``keys``: by reference kind, the key of
    each id), dates with their precision, amounts as numbers — so that :meth:`Dataset.from_document`
    makes the same records of this document as of an export. ``leading`` columns (ids, to join and
    order by) come first; ``special`` gives the values of the fields that are no column, such as a
    partnership's ``municipalities``.
    """
    found = record_kind(kind)
    read = set(kept(kind, "analysis"))
    special = special or {}
    columns = list(leading)

    def at(column: str) -> str:
        if column not in columns:
            columns.append(column)
        return f"row[{columns.index(column)}]"

    names: dict[str, Any] = {"_date": schema.write_date, "_amount": schema.write_amount}

    def named(value: Any) -> str:
        name = f"_{len(names)}"
        names[name] = value
        return name

    values: list[tuple[str, str]] = []
    for spec_field in found.spec:
        name, attr = spec_field.name, spec_field.model_attr
        if name in special:
            values.append((name, f"{named(special[name])}(row)"))
        elif attr not in read:
            continue
        elif spec_field.kind == "ref":
            values.append((name, f"{named(keys[spec_field.ref or ''])}.get({at(f'{attr}_id')})"))
        elif spec_field.kind == "date":
            values.append((name, f"_date({at(attr)}, {at('date_precision')})"))
        elif spec_field.kind == "amount":
            values.append((name, f"_amount({at(attr)})"))
        elif spec_field.kind in ("vocablist", "words"):
            values.append((name, f"({at(attr)} or [])"))
        else:
            values.append((name, at(attr)))
    return _Plan(tuple(columns), _record_maker(kind, values, names))


def _record_maker(
    kind: str, values: list[tuple[str, str]], names: dict[str, Any]
) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A function that makes a record of a row in one dict display, as code written out by hand would.

    A programme's partnership data is some 250,000 rows; calling a function per field took 0.15 s
    more of the 1.05 s of CPU its reading takes (bench/gen_programme.py, scale 1), so each kind's
    fields are written as one expression and compiled once per read. Only the schema's field names
    (as literals), column indices and the objects in ``names`` go into it.
    """
    display = ", ".join(f"{name!r}: {expression}" for name, expression in values)
    code = compile(f"def record(row):\n    return {{{display}}}\n", f"<{kind} record>", "exec")
    scope = dict(names)
    exec(code, scope)
    return scope["record"]


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


class _Reader:
    """Reads the tables once each; ``only`` is ``None`` for the whole programme."""

    def __init__(
        self,
        keys: Sequence[str] | None,
        readable_sources: Collection[int] | None = None,
        readable_codings: QuerySet[Coding] | None = None,
    ) -> None:
        self.keys = None if keys is None else list(dict.fromkeys(keys))
        self.readable = None if readable_sources is None else set(readable_sources)
        self.codings = Coding.objects.all() if readable_codings is None else readable_codings
        self.hide = Pseudonymiser()
        self.texts: dict[str, PartnershipText] = {}
        self.source_titles: dict[str, str] = {}
        self.readable_keys: set[str] = set()  # keys of the sources read by :meth:`evidence`
        self.confidential: set[str] = set()
        self.partnership_ids: list[int] = []
        self.partnership_key: dict[int, str] = {}
        self.side_key: dict[int, str] = {}
        self.side_position: dict[int, int] = {}

    # --- helpers --------------------------------------------------------------------

    def _rows(self, queryset: Any, *columns: str, by: str = "partnership_id") -> Iterable[tuple[Any, ...]]:
        """``values_list`` rows of the chosen partnerships (all of them without a filter)."""
        if self.keys is None:
            return queryset.values_list(*columns).iterator(chunk_size=5000)
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(self.partnership_ids):
            rows.extend(queryset.filter(**{f"{by}__in": chunk}).values_list(*columns))
        return rows

    # --- partnership data -----------------------------------------------------------

    def document(self) -> dict[str, Any]:
        partnerships = Partnership.objects.order_by("key")
        if self.keys is not None:
            partnerships = partnerships.filter(key__in=self.keys)
        texts = [f.name for f in dataclass_fields(PartnershipText)]
        lists = [name for name, _spec in schema.PARTNERSHIP_LISTS]
        plan = _plan("partnership", {}, ("id", *texts), {"municipalities": lambda _row: []})
        key_at = plan.index("key")
        records: dict[int, dict[str, Any]] = {}
        for row in partnerships.values_list(*plan.columns):
            key = row[key_at]
            self.partnership_key[row[0]] = key
            self.texts[key] = PartnershipText(*row[1 : 1 + len(texts)])
            records[row[0]] = {**plan.record(row), **{name: [] for name in lists}}
        self.partnership_ids = list(records)
        plan = _plan("municipality", {}, ("id",))
        municipalities = {
            row[0]: plan.record(row)
            for row in Municipality.objects.order_by("key").values_list(*plan.columns)
        }
        self.side_key, self.side_position = {}, {}
        for pk, municipality_id, position in Side.objects.values_list("id", "municipality_id", "position"):
            self.side_key[pk] = municipalities[municipality_id]["key"]
            self.side_position[pk] = position
        for partnership_id, municipality_id, _position, _pk in sorted(
            self._rows(Side.objects, "partnership_id", "municipality_id", "position", "id"),
            key=lambda row: (row[2], row[3]),
        ):
            records[partnership_id]["municipalities"].append(municipalities[municipality_id]["key"])
        programmes = {pk: key for pk, key in SupportProgramme.objects.values_list("id", "key")}
        self._partnership_lists(records, programmes)
        plan = _plan("support_programme", {})
        return {
            "format": schema.FORMAT,
            "municipalities": list(municipalities.values()),
            "support_programmes": [
                plan.record(row)
                for row in SupportProgramme.objects.order_by("key").values_list(*plan.columns)
            ],
            "partnerships": list(records.values()),
        }

    def _partnership_lists(self, records: dict[int, dict[str, Any]], programmes: dict[int, str]) -> None:
        """Each list in the order the loader loads them, so the records referred to are read first."""
        # The keys of the records others refer to, by id, filled as each list is read.
        keys: dict[str, dict[int, str]] = {
            "side": self.side_key,
            "programme": programmes,
            "actor": {},
            "project": {},
            "exchange": {},
        }
        for list_name, _spec in schema.PARTNERSHIP_LISTS:
            kind = LIST_KINDS[list_name]
            special = self._exchange_children(keys) if list_name == "exchanges" else {}
            plan = _plan(kind, keys, ("id", "partnership_id"), special)
            key_at = plan.index("key")
            named = keys.get(kind)
            for row in sorted(
                self._rows(record_kind(kind).model._default_manager, *plan.columns), key=itemgetter(key_at)
            ):
                if named is not None:
                    named[row[0]] = row[key_at]
                records[row[1]][list_name].append(plan.record(row))

    def _exchange_children(self, keys: Mapping[str, Mapping[int, str]]) -> dict[str, _Getter]:
        """How an exchange's row finds its participants and knowledge flows, read here first."""
        position = self.side_position
        plan = _plan("participant", keys, ("exchange_id", "id"))
        side_at = plan.index("side_id")
        participants: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted(
            self._rows(Participation.objects, *plan.columns, by="exchange__partnership_id"),
            key=lambda row: (row[0], position[row[side_at]], row[1]),
        ):
            participants[row[0]].append(plan.record(row))
        plan = _plan("knowledge_flow", keys, ("exchange_id", "id"))
        knowledge: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted(
            self._rows(KnowledgeFlow.objects, *plan.columns, by="exchange__partnership_id"),
            key=itemgetter(0, 1),
        ):
            knowledge[row[0]].append(plan.record(row))
        return {
            "participants": lambda row: participants.get(row[0], []),
            "knowledge": lambda row: knowledge.get(row[0], []),
        }

    # --- evidence -------------------------------------------------------------------

    def evidence(self) -> dict[str, Any]:
        links: dict[int, list[str]] = defaultdict(list)
        through = Source.partnerships.through.objects
        if self.keys is None:
            link_rows: Iterable[tuple[int, int]] = through.values_list("source_id", "partnership_id")
        else:
            linked: set[int] = set()
            for chunk in _chunks(self.partnership_ids):
                linked.update(through.filter(partnership_id__in=chunk).values_list("source_id", flat=True))
            link_rows = []
            for chunk in _chunks(sorted(linked)):
                link_rows.extend(
                    through.filter(source_id__in=chunk).values_list("source_id", "partnership_id")
                )
        all_keys = (
            self.partnership_key if self.keys is None else dict(Partnership.objects.values_list("id", "key"))
        )
        for source_id, partnership_id in link_rows:
            if self.readable is None or source_id in self.readable:
                links[source_id].append(all_keys[partnership_id])
        sides = dict(Side.objects.values_list("id", "partnership__key"))
        respondents = self._respondents()
        source_ids = sorted(links)
        sources: dict[int, dict[str, Any]] = {}
        source_rows = (
            Source.objects.values_list(
                "id", "key", "title", "kind", "side_id", "date", "respondent_id", "confidential"
            )
            if self.keys is None
            else [
                row
                for chunk in _chunks(source_ids)
                for row in Source.objects.filter(id__in=chunk).values_list(
                    "id", "key", "title", "kind", "side_id", "date", "respondent_id", "confidential"
                )
            ]
        )
        for pk, key, title, kind, side_id, date, respondent, confidential in source_rows:
            if self.readable is not None and pk not in self.readable:
                continue
            keys = sorted(links.get(pk, ()))
            own = sides.get(side_id)
            if own in keys:  # the side is read in the first listed partnership, as in the evidence export
                keys.remove(own)
                keys.insert(0, own)
            self.source_titles[key] = self.hide.text(title, pk)
            self.readable_keys.add(key)
            if confidential:
                self.confidential.add(key)
            sources[pk] = {
                "key": key,
                "partnerships": keys,
                "kind": kind,
                "side": self.side_key.get(side_id),
                "date": date.isoformat() if date else None,
                "respondent": respondents.get(respondent, {}).get("key"),
                "codings": [],
            }
        self._codings(sources)
        return {
            "respondents": list(respondents.values()),
            "sources": sorted(sources.values(), key=lambda s: s["key"]),
        }

    def framework_matrix(self) -> tuple[tuple[MatrixCode, ...], tuple[AnalystCell, ...]]:
        """The analysts' cells of the chosen partnerships, with the passages behind each counted live.

        The passages are counted by :func:`~mutuality.evidence.framework_matrix.build`, as on the
        framework-matrix page (a code's passages include its sub-codes'; a side's are those about its
        learning or from its sources), and only those from sources the reader may see (read by
        :meth:`evidence`, which runs first) are kept. Codes that are ancestors of one another are
        counted in separate calls, so each cell counts all of its code's passages.
        """
        notes = FrameworkCell.objects.order_by("partnership__key", "side__position", "code_id")
        if self.keys is not None:
            notes = notes.filter(partnership_id__in=self.partnership_ids)
        notes = notes.select_related("side__municipality", "code")
        found = [n for n in notes if n.partnership_id in self.partnership_key]
        if not found:
            return (), ()
        names = _code_names()
        codes = {n.code_id: n.code for n in found}
        ordered = sorted(codes.values(), key=_column_order)
        partnerships = list(
            Partnership.objects.filter(pk__in={n.partnership_id for n in found}).prefetch_related(
                "sides__municipality"
            )
        )
        linked = Source.objects.filter(partnerships__in=[p.pk for p in partnerships]).values("pk")
        codings = self.codings.filter(version__source__in=linked)
        counts: dict[tuple[int, int | None, int], int] = {}
        for group in _unrelated(ordered):
            for by_side in {n.side_id is not None for n in found if n.code_id in {c.pk for c in group}}:
                for row in build_framework_matrix(by_side, group, partnerships, codings):
                    for cell in row:
                        side_id = cell.case.side.pk if cell.case.side else None
                        counts[(cell.case.partnership.pk, side_id, cell.code.pk)] = sum(
                            1 for passage in cell.passages if passage["source"] in self.readable_keys
                        )
        columns = tuple(
            MatrixCode(names[code.pk], tuple(_path_names(code)), bool(code.vocabulary and code.term))
            for code in ordered
        )
        cells = tuple(
            AnalystCell(
                partnership=self.partnership_key[n.partnership_id],
                side=n.side.municipality.key if n.side else None,
                code=names[n.code_id],
                assessment=n.assessment or "",
                summary=self.hide.text(n.summary),
                passages=counts.get((n.partnership_id, n.side_id, n.code_id), 0),
            )
            for n in found
        )
        return columns, cells

    def _respondents(self) -> dict[int, dict[str, Any]]:
        return {
            pk: {
                "key": key,
                "label": label,
                "role": role,
                "organisation_type": org_type,
                "partnership": partnership,
                "side": self.side_key.get(side_id),
                "country": country,
            }
            for pk, key, label, role, org_type, side_id, partnership, country in Respondent.objects.values_list(
                "id",
                "key",
                "label",
                "role",
                "organisation_type",
                "side_id",
                "side__partnership__key",
                "country",
            )
        }

    def _codings(self, sources: dict[int, dict[str, Any]]) -> None:
        current: dict[int, tuple[int, int]] = {}  # source id -> (number, version id)
        versions = SourceVersion.objects.values_list("source_id", "number", "id")
        for source_id, number, pk in versions.iterator(chunk_size=10000):
            if source_id in sources and (source_id not in current or number > current[source_id][0]):
                current[source_id] = (number, pk)
        # Reports quote interviews: real names become labels or [name], as in every export.
        hide = self.hide
        # Per current version: where its codings go, its source, and whether that source has names to
        # hide (most have none, and their texts are then taken as they are).
        place = {
            pk: (sources[source_id]["codings"], source_id, hide.has_names(source_id))
            for source_id, (_n, pk) in current.items()
        }
        codes = _code_names()
        coders = dict(get_user_model().objects.values_list("id", "username"))
        columns = (
            "version_id",
            "start",
            "end",
            "code_id",
            "assessment",
            "factor_role",
            "concerns_side_id",
            "concerns_country",
            "quote",
            "coder_id",
            "memo",
            "id",
        )
        order = ("version_id", "start", "end", "id")
        if self.keys is None:
            rows: Iterable[tuple[Any, ...]] = (
                self.codings.order_by(*order).values_list(*columns).iterator(chunk_size=20000)
            )
        else:
            rows = [
                row
                for chunk in _chunks(sorted(place))
                for row in self.codings.filter(version_id__in=chunk).order_by(*order).values_list(*columns)
            ]
        side = self.side_key
        projects = _coding_projects()
        ties = False
        last = None
        for version, start, end, code, assessment, role, concerns, country, quote, coder, memo, pk in rows:
            found = place.get(version)
            if found is None:
                continue  # a coding on an older version of its source
            target, source_id, names = found
            here = (version, start, end)
            if here == last:
                ties = True
            last = here
            name, username = codes.get(code, ""), coders.get(coder, "")
            target.append(
                (
                    (start, end, name, username),
                    {
                        "code": name,
                        "assessment": assessment,
                        "role": role,
                        "side": side.get(concerns),
                        "country": country,
                        "projects": projects.get(pk, ()),
                        "quote": hide.text(quote, source_id) if names else quote,
                        "coder": username,
                        "memo": hide.text(memo, source_id) if names else memo,
                    },
                )
            )
        for source in sources.values():
            # Numbered as the evidence export numbers them: by place, then code and coder.
            pairs = source["codings"]
            if ties:
                pairs.sort(key=lambda pair: pair[0])
            source["codings"] = [coding for _order, coding in pairs]


def _coding_projects() -> dict[int, tuple[str, ...]]:
    """The projects each coding names, as ``partnership/key`` (few codings name any)."""
    named: dict[int, list[str]] = defaultdict(list)
    links = Coding.projects.through.objects.values_list(
        "coding_id", "project__partnership__key", "project__key"
    )
    for coding, partnership, project in links.order_by(
        "coding_id", "project__partnership__key", "project__key"
    ):
        named[coding].append(f"{partnership}/{project}")
    return {coding: tuple(keys) for coding, keys in named.items()}


def _code_names() -> dict[int, str]:
    """Every code as the data format names it: ``vocabulary/term`` for framework codes, else its path."""
    rows = {
        pk: (name, parent, vocab, term)
        for pk, name, parent, vocab, term in Code.objects.values_list(
            "id", "name", "parent_id", "vocabulary", "term"
        )
    }
    names: dict[int, str] = {}

    def name_of(pk: int) -> str:
        found = names.get(pk)
        if found is None:
            name, parent, vocab, term = rows[pk]
            if vocab and term:
                found = f"{vocab}/{term}"
            elif parent is None or parent not in rows:
                found = name
            else:
                found = f"{_path(parent)} / {name}"
            names[pk] = found
        return found

    def _path(pk: int) -> str:
        name, parent, _vocab, _term = rows[pk]
        return name if parent is None or parent not in rows else f"{_path(parent)} / {name}"

    for pk in rows:
        name_of(pk)
    return names


def _column_order(code: Code) -> tuple[int, int, str, int]:
    """Framework codes first, vocabulary by vocabulary in codebook order and term by term; then own codes."""
    if code.vocabulary and code.term:
        vocabularies = list(CODED_VOCABULARIES)
        terms = [t.key for t in vocabulary(code.vocabulary)] if code.vocabulary in vocabularies else []
        return (
            vocabularies.index(code.vocabulary) if code.vocabulary in vocabularies else len(vocabularies),
            terms.index(code.term) if code.term in terms else len(terms),
            "",
            code.pk,
        )
    return (len(CODED_VOCABULARIES) + 1, 0, code.path.casefold(), code.pk)


def _path_names(code: Code) -> list[str]:
    names = [code.name]
    node = code.parent
    while node is not None:
        names.append(node.name)
        node = node.parent
    return names[::-1]


def _unrelated(codes: list[Code]) -> list[list[Code]]:
    """The codes in groups in which no code is a sub-code of another (one group when none is)."""
    below = {code.pk: descendants(code) for code in codes}
    groups: list[list[Code]] = []
    for code in codes:
        for group in groups:
            if all(code.pk not in below[other.pk] and other.pk not in below[code.pk] for other in group):
                group.append(code)
                break
        else:
            groups.append([code])
    return groups
