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
(tests check both give the same dataset). Codings are read the same way:
only those on the current version of their source, without offsets or
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
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.gcpause import paused_collector
from mutuality.evidence.codebook import CODED_VOCABULARIES, descendants
from mutuality.evidence.framework_matrix import build as build_framework_matrix
from mutuality.evidence.models import Code, Coding, FrameworkCell, Respondent, Source, SourceVersion
from mutuality.formats import schema
from mutuality.framework import vocabulary
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    KnowledgeFlow,
    LearningOutcome,
    Municipality,
    Objective,
    Participation,
    Partnership,
    Project,
    ResourceContribution,
    Side,
    SupportProgramme,
)
from mutuality.privacy.pseudonymise import Pseudonymiser

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
FLAGS = (
    "intended",
    "recognised",
    "implemented",
    "disseminated_internally",
    "disseminated_externally",
    "institutionalised",
)


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
) -> ReportData:
    """The report's data; ``readable_sources`` (ids) limits the evidence to what the reader may see,
    and ``readable_codings`` the codings (``Access.codings``: under blind coding a coder's own).

    The cyclic garbage collector is paused meanwhile: reading a programme makes about a million
    small dicts and lists, none in a cycle, and the collector's passes over them took a third of
    the time (the few cycles Django's objects make are collected after).
    """
    with paused_collector():
        return _load(_Reader(partnerships, readable_sources, readable_codings), evidence)


def _load(reader: _Reader, evidence: bool) -> ReportData:
    document = reader.document()
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
    )


def load_document(partnerships: Sequence[str] | None = None) -> dict[str, Any]:
    """The partnership data in the data format (the fields the analyses read), from flat queries."""
    return _Reader(partnerships).document()


def load_evidence(partnerships: Sequence[str] | None = None) -> dict[str, Any]:
    """Respondents and sources with their current codings, in the evidence document's shape."""
    reader = _Reader(partnerships)
    reader.document()
    return reader.evidence()


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
        records: dict[int, dict[str, Any]] = {}
        for row in partnerships.values_list(
            "id",
            "key",
            "name",
            "form",
            "since",
            "status",
            "status_year",
            "initiation",
            "translocal_linkage",
            "governance_model",
            "description",
            "translocal_description",
            "source",
        ):
            pk, key, name, form, since, status, status_year, initiation, linkage, model = row[:10]
            self.partnership_key[pk] = key
            self.texts[key] = PartnershipText(*row[10:])
            records[pk] = {
                "key": key,
                "name": name,
                "form": form,
                "municipalities": [],
                "since": since,
                "status": status,
                "status_year": status_year,
                "initiation": initiation,
                "translocal_linkage": linkage,
                "governance_model": model,
                **{name: [] for name, _spec in schema.PARTNERSHIP_LISTS},
            }
        self.partnership_ids = list(records)
        municipalities = {
            pk: (key, name, country, role)
            for pk, key, name, country, role in Municipality.objects.order_by("key").values_list(
                "id", "key", "name", "country", "migration_role"
            )
        }
        self.side_key, self.side_position = {}, {}
        for pk, municipality_id, position in Side.objects.values_list("id", "municipality_id", "position"):
            self.side_key[pk] = municipalities[municipality_id][0]
            self.side_position[pk] = position
        for partnership_id, municipality_id, _position, _pk in sorted(
            self._rows(Side.objects, "partnership_id", "municipality_id", "position", "id"),
            key=lambda row: (row[2], row[3]),
        ):
            records[partnership_id]["municipalities"].append(municipalities[municipality_id][0])
        programmes = {pk: key for pk, key in SupportProgramme.objects.values_list("id", "key")}
        self._partnership_lists(records, programmes)
        return {
            "format": schema.FORMAT,
            "municipalities": [
                {"key": key, "name": name, "country": country, "migration_role": role}
                for key, name, country, role in municipalities.values()
            ],
            "support_programmes": [
                {"key": key, "name": name, "funder": funder, "start_year": start, "end_year": end}
                for key, name, funder, start, end in SupportProgramme.objects.order_by("key").values_list(
                    "key", "name", "funder", "start_year", "end_year"
                )
            ],
            "partnerships": list(records.values()),
        }

    def _partnership_lists(self, records: dict[int, dict[str, Any]], programmes: dict[int, str]) -> None:
        side = self.side_key
        actors: dict[int, str] = {}
        for pk, p, key, side_id, name, kind, type_, roles, migrant in sorted(
            self._rows(
                Actor.objects,
                "id",
                "partnership_id",
                "key",
                "side_id",
                "name",
                "kind",
                "type",
                "roles",
                "migrant_background",
            ),
            key=lambda row: row[2],
        ):
            actors[pk] = key
            records[p]["actors"].append(
                {
                    "key": key,
                    "side": side[side_id],
                    "name": name,
                    "kind": kind,
                    "type": type_,
                    "roles": roles or [],
                    "migrant_background": migrant,
                }
            )
        projects: dict[int, str] = {}
        for pk, p, key, name, types, scale, programme, start, end, budget, subjects in sorted(
            self._rows(
                Project.objects,
                "id",
                "partnership_id",
                "key",
                "name",
                "types",
                "scale_level",
                "support_programme_id",
                "start_year",
                "end_year",
                "budget_eur",
                "subjects",
            ),
            key=lambda row: row[2],
        ):
            projects[pk] = key
            records[p]["projects"].append(
                {
                    "key": key,
                    "name": name,
                    "types": types or [],
                    "scale_level": scale,
                    "support_programme": programmes.get(programme),
                    "start_year": start,
                    "end_year": end,
                    "budget_eur": schema.write_amount(budget),
                    "subjects": subjects or [],
                }
            )
        for p, key, side_id, type_, actor, project, wording, clear in sorted(
            self._rows(
                Objective.objects,
                "partnership_id",
                "key",
                "side_id",
                "type",
                "actor_id",
                "project_id",
                "wording",
                "clearly_formulated",
            ),
            key=lambda row: row[1],
        ):
            records[p]["objectives"].append(
                {
                    "key": key,
                    "side": side[side_id],
                    "type": type_,
                    "actor": actors.get(actor),
                    "project": projects.get(project),
                    "wording": wording,
                    "clearly_formulated": clear,
                }
            )
        exchanges = self._exchanges(records, actors, projects)
        for row in sorted(
            self._rows(
                LearningOutcome.objects,
                "partnership_id",
                "key",
                "side_id",
                "description",
                "form",
                "actor_id",
                "learned_from_id",
                "project_id",
                "exchange_id",
                "skills",
                "theme",
                "issue_relation",
                *FLAGS,
            ),
            key=lambda row: row[1],
        ):
            p, key, side_id, description, form, actor, learned_from, project, exchange, skills = row[:10]
            records[p]["learning_outcomes"].append(
                {
                    "key": key,
                    "side": side[side_id],
                    "description": description,
                    "form": form,
                    "actor": actors.get(actor),
                    "learned_from": side.get(learned_from),
                    "project": projects.get(project),
                    "exchange": exchanges.get(exchange),
                    "skills": row[9] or [],
                    "theme": row[10],
                    "issue_relation": row[11],
                    **dict(zip(FLAGS, row[12:], strict=True)),
                }
            )
        for p, key, side_id, kind, amount, unit, actor, project, programme, start, end, description in sorted(
            self._rows(
                ResourceContribution.objects,
                "partnership_id",
                "key",
                "side_id",
                "kind",
                "amount",
                "unit",
                "actor_id",
                "project_id",
                "programme_id",
                "start_year",
                "end_year",
                "description",
            ),
            key=lambda row: row[1],
        ):
            records[p]["resources"].append(
                {
                    "key": key,
                    "side": side[side_id],
                    "kind": kind,
                    "amount": schema.write_amount(amount),
                    "unit": unit,
                    "actor": actors.get(actor),
                    "project": projects.get(project),
                    "programme": programmes.get(programme),
                    "start_year": start,
                    "end_year": end,
                    "description": description,
                }
            )

    def _exchanges(
        self, records: dict[int, dict[str, Any]], actors: dict[int, str], projects: dict[int, str]
    ) -> dict[int, str]:
        side = self.side_key
        participants: dict[int, list[dict[str, Any]]] = defaultdict(list)
        position = self.side_position
        for exchange, side_id, actor, count, _pk in sorted(
            self._rows(
                Participation.objects,
                "exchange_id",
                "side_id",
                "actor_id",
                "count",
                "id",
                by="exchange__partnership_id",
            ),
            key=lambda row: (row[0], position[row[1]], row[4]),
        ):
            participants[exchange].append({"side": side[side_id], "actor": actors.get(actor), "count": count})
        knowledge: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for exchange, source, target, type_, domain, description, _pk in sorted(
            self._rows(
                KnowledgeFlow.objects,
                "exchange_id",
                "from_side_id",
                "to_side_id",
                "type",
                "domain",
                "description",
                "id",
                by="exchange__partnership_id",
            ),
            key=lambda row: (row[0], row[6]),
        ):
            knowledge[exchange].append(
                {
                    "from": side[source],
                    "to": side[target],
                    "type": type_,
                    "domain": domain,
                    "description": description,
                }
            )
        exchanges: dict[int, str] = {}
        for (
            pk,
            p,
            key,
            title,
            project,
            start,
            end,
            precision,
            method,
            direction,
            setting,
            stage,
            host,
        ) in sorted(
            self._rows(
                Exchange.objects,
                "id",
                "partnership_id",
                "key",
                "title",
                "project_id",
                "start_date",
                "end_date",
                "date_precision",
                "method",
                "direction",
                "setting",
                "stage",
                "host_id",
            ),
            key=lambda row: row[2],
        ):
            exchanges[pk] = key
            records[p]["exchanges"].append(
                {
                    "key": key,
                    "title": title,
                    "project": projects.get(project),
                    "start": schema.write_date(start, precision),
                    "end": schema.write_date(end, precision),
                    "method": method,
                    "direction": direction,
                    "setting": setting,
                    "stage": stage,
                    "host": side.get(host),
                    "participants": participants.get(pk, []),
                    "knowledge": knowledge.get(pk, []),
                }
            )
        return exchanges

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
