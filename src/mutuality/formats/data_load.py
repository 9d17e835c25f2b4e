"""Loading partnership data files into the database: all of it, or none of it.

Every record is read against :mod:`mutuality.formats.schema` by the reader the
evidence loader uses too (:mod:`mutuality.formats.records`), checked with the
models' own validation, and written inside one transaction. Problems are
collected rather than raised one at a time, so a user fixing a file sees
every mistake at once; if there is any, the transaction is rolled back. What
is particular to this loader is here: references between records (sides,
actors, projects, exchanges, programmes) and writing them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mutuality.formats import schema
from mutuality.formats.located import LocatedDict, read_data_files
from mutuality.formats.records import (
    LoadSummary,
    RecordReader,
    data_names,
    load_all_or_nothing,
    record_place,
)
from mutuality.formats.schema import Field, FieldValueError
from mutuality.formats.values import PARSERS, Parser, PartialDate
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

# The records a partnership holds in lists, each keyed within the partnership.
NestedRecord = Actor | Project | Objective | Exchange | LearningOutcome | ResourceContribution
NESTED_MODELS: dict[str, type[NestedRecord]] = {
    "actors": Actor,
    "projects": Project,
    "objectives": Objective,
    "exchanges": Exchange,
    "learning_outcomes": LearningOutcome,
    "resources": ResourceContribution,
}
REF_TARGETS = {"actor": "actors", "project": "projects", "exchange": "exchanges"}


@dataclass
class _Scope:
    """Records a reference can point to within one partnership."""

    partnership: Partnership
    sides: dict[str, Side]
    keyed: dict[str, dict[str, models.Model]] = field(default_factory=dict)


def _precision_name(precision: str) -> str:
    names = {
        "year": pgettext("precision of a date", "year"),
        "month": pgettext("precision of a date", "month"),
        "day": pgettext("precision of a date", "day"),
    }
    return names.get(precision, precision)


def load_files(paths: Iterable[Path]) -> LoadSummary:
    """Load every file, in one transaction; raise :class:`DataFileError` listing all problems."""
    return load_documents(read_data_files(paths))


def load_documents(documents: Sequence[tuple[str, Any]]) -> LoadSummary:
    """Load parsed documents (name, content); all of them or, if anything is wrong, nothing."""
    return load_all_or_nothing(_Loader, documents)


class _Loader(RecordReader):
    def __init__(self) -> None:
        super().__init__()
        self.municipalities = {m.key: m for m in Municipality.objects.all()}
        self.programmes = {p.key: p for p in SupportProgramme.objects.all()}

    # --- top level --------------------------------------------------------------

    def run(self, documents: Sequence[tuple[str, Any]]) -> None:
        # A key is used once in all the files; places and programmes come first, from every file,
        # so partnerships may refer to any of them.
        seen: dict[str, dict[str, tuple[str, Any]]] = defaultdict(dict)
        good = []
        for self.file, document in documents:
            if not self.check_document(document, schema.TOP_LEVEL):
                continue
            good.append((self.file, document))
            self.load_list(document, "municipalities", schema.MUNICIPALITY, self.load_municipality, seen)
            self.load_list(
                document, "support_programmes", schema.SUPPORT_PROGRAMME, self.load_programme, seen
            )
        for self.file, document in good:
            self.load_list(document, "partnerships", schema.PARTNERSHIP, self.load_partnership, seen)

    def load_list(
        self,
        document: Any,
        name: str,
        spec: tuple[Field, ...],
        load: Any,
        seen: dict[str, dict[str, tuple[str, Any]]],
    ) -> None:
        """Read and load the records of one top-level list; ``seen`` holds the keys of each list so far."""
        lists = [list_name for list_name, _spec in schema.PARTNERSHIP_LISTS] if name == "partnerships" else []
        parsers = self.parsers(None)
        for index, record in enumerate(self.records(document, name, "")):
            where = record_place(name, index, record)
            if not self.unique(record, where, "key", seen[name]):
                continue
            values = self.read(record, spec, where, lists=lists, parsers=parsers)
            if values is not None:
                load(record, where, values)

    def read(
        self,
        record: LocatedDict,
        spec: Sequence[Field],
        where: str,
        *,
        lists: Sequence[str] = (),
        parsers: Mapping[str, Parser] = PARSERS,
    ) -> dict[str, Any] | None:
        """The record's values; a sparse field it leaves out is not among them, so the stored value stays.

        Files and sheets written before the field was in the format do not hold it, and must not
        reset it (``Field.sparse``); a new record takes the model's default.
        """
        values = super().read(record, spec, where, lists=lists, parsers=parsers)
        if values is not None:
            for spec_field in spec:
                if spec_field.sparse and record.get(spec_field.name) in (None, ""):
                    del values[spec_field.model_attr]
        return values

    # --- references ---------------------------------------------------------------

    def parsers(self, scope: _Scope | None) -> Mapping[str, Parser]:
        """The value parsers, with this loader's own kinds: references, resolved within ``scope``."""
        return {
            **PARSERS,
            "municipalities": lambda _field, raw: self.municipality_list(raw),
            "ref": lambda spec_field, raw: self.resolve(spec_field.ref or "", raw, scope),
        }

    def municipality_list(self, raw: Any) -> list[Municipality]:
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise FieldValueError(_("expected a list of municipality keys"))
        if len(set(raw)) < 2:
            raise FieldValueError(_("a partnership needs at least two different municipalities"))
        if len(set(raw)) != len(raw):
            raise FieldValueError(_("a municipality is listed twice"))
        unknown = [key for key in raw if key not in self.municipalities]
        if unknown:
            raise FieldValueError(
                ngettext("unknown municipality %(keys)s", "unknown municipalities %(keys)s", len(unknown))
                % {"keys": ", ".join(map(repr, unknown))}
            )
        return [self.municipalities[key] for key in raw]

    def resolve(self, ref: str, raw: Any, scope: _Scope | None) -> models.Model:
        if not isinstance(raw, str):
            raise FieldValueError(_("expected the key of a %(kind)s") % {"kind": ref})
        if ref == "programme":
            if raw not in self.programmes:
                raise FieldValueError(_("unknown support programme %(value)s") % {"value": repr(raw)})
            return self.programmes[raw]
        assert scope is not None
        if ref == "side":
            if raw not in scope.sides:
                raise FieldValueError(
                    _("%(value)s is not a side of this partnership; its sides are %(sides)s")
                    % {"value": repr(raw), "sides": ", ".join(scope.sides)}
                )
            return scope.sides[raw]
        found = scope.keyed.get(REF_TARGETS[ref], {}).get(raw)
        if found is None:
            raise FieldValueError(
                _("no %(kind)s %(value)s in this partnership (it must be listed before it is used)")
                % {"kind": ref, "value": repr(raw)}
            )
        return found

    # --- writing ----------------------------------------------------------------

    @staticmethod
    def assign(instance: models.Model, values: dict[str, Any]) -> models.Model:
        for attr, value in values.items():
            setattr(instance, attr, value)
        return instance

    def load_municipality(self, record: LocatedDict, where: str, values: dict) -> None:
        instance = self.municipalities.get(values["key"]) or Municipality()
        if self.save(record, where, self.assign(instance, values), data_names(schema.MUNICIPALITY)):
            self.municipalities[instance.key] = instance

    def load_programme(self, record: LocatedDict, where: str, values: dict) -> None:
        instance = self.programmes.get(values["key"]) or SupportProgramme()
        if self.save(record, where, self.assign(instance, values), data_names(schema.SUPPORT_PROGRAMME)):
            self.programmes[instance.key] = instance

    def load_partnership(self, record: LocatedDict, where: str, values: dict) -> None:
        municipalities = values.pop("municipalities")
        partnership = Partnership.objects.filter(key=values["key"]).first() or Partnership()
        if not self.save(record, where, self.assign(partnership, values), data_names(schema.PARTNERSHIP)):
            return
        sides = {side.municipality.key: side for side in partnership.sides.select_related("municipality")}
        for position, municipality in enumerate(municipalities):
            side = sides.get(municipality.key) or Side(partnership=partnership, municipality=municipality)
            side.position = position
            side.save()
            sides[municipality.key] = side
        scope = _Scope(partnership, sides)
        parsers = self.parsers(scope)
        for list_name, spec in schema.PARTNERSHIP_LISTS:
            self.load_nested(record, where, list_name, spec, scope, parsers)

    def load_nested(
        self,
        record: LocatedDict,
        parent: str,
        list_name: str,
        spec: tuple[Field, ...],
        scope: _Scope,
        parsers: Mapping[str, Parser],
    ) -> None:
        model = NESTED_MODELS[list_name]
        existing = {obj.key: obj for obj in model._default_manager.filter(partnership=scope.partnership)}
        loaded = scope.keyed.setdefault(list_name, {})
        seen: dict[str, tuple[str, Any]] = {}
        for index, item in enumerate(self.records(record, list_name, f"{parent} › ")):
            where = f"{parent} › {record_place(list_name, index, item)}"
            if not self.unique(item, where, "key", seen):
                continue
            values = self.read(item, spec, where, parsers=parsers)
            if values is None:
                continue
            instance = existing.get(values["key"]) or model(partnership=scope.partnership)
            children = {name: values.pop(name, None) for name in ("participants", "knowledge")}
            if list_name == "exchanges" and not self.exchange_dates(item, where, values):
                continue
            if self.save(item, where, self.assign(instance, values), data_names(spec)):
                loaded[instance.key] = instance
                if list_name == "exchanges":
                    assert isinstance(instance, Exchange)
                    self.load_exchange_children(item, where, instance, children, parsers)

    def exchange_dates(self, record: LocatedDict, where: str, values: dict) -> bool:
        """An exchange runs from the first day of its start to the last day of its end, given equally precisely."""
        start: PartialDate = values["start_date"]
        end: PartialDate | None = values["end_date"]
        values["start_date"], values["date_precision"] = start.first, start.precision
        if end is None:
            return True
        if end.precision != start.precision:
            self.problem(
                record,
                where,
                "end",
                _("give start and end equally precisely (start is a %(start)s, end a %(end)s)")
                % {"start": _precision_name(start.precision), "end": _precision_name(end.precision)},
            )
            return False
        values["end_date"] = end.last
        return True

    def load_exchange_children(
        self,
        record: LocatedDict,
        where: str,
        exchange: Exchange,
        children: dict[str, Any],
        parsers: Mapping[str, Parser],
    ) -> None:
        exchange.participations.all().delete()
        exchange.knowledge_flows.all().delete()
        for name, spec, model in (
            ("participants", schema.PARTICIPANT, Participation),
            ("knowledge", schema.KNOWLEDGE, KnowledgeFlow),
        ):
            for index, item in enumerate(self.records(record, name, f"{where} › ") if children[name] else []):
                item_where = f"{where} › {name}[{index + 1}]"
                values = self.read(item, spec, item_where, parsers=parsers)
                if values is not None:
                    self.save(
                        item, item_where, self.assign(model(exchange=exchange), values), data_names(spec)
                    )
