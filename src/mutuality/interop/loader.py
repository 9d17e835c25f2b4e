"""Loading data files into the database: all of it, or none of it.

Every record is read against :mod:`mutuality.interop.schema`, checked with the
models' own validation, and written inside one transaction. Problems are
collected rather than raised one at a time, so a user fixing a file sees
every mistake at once; if there is any, the transaction is rolled back.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mutuality.framework import vocabulary
from mutuality.interop import schema
from mutuality.interop.datafile import LocatedDict, file_place, file_problem, read_data_file
from mutuality.interop.problems import DataFileError, Problem
from mutuality.interop.schema import Field, FieldValueError
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
from mutuality.partnerships.models.base import KEY_PATTERN

NESTED_MODELS: dict[str, type[models.Model]] = {
    "actors": Actor,
    "projects": Project,
    "objectives": Objective,
    "exchanges": Exchange,
    "learning_outcomes": LearningOutcome,
    "resources": ResourceContribution,
}
REF_TARGETS = {"actor": "actors", "project": "projects", "exchange": "exchanges"}


@dataclass
class LoadSummary:
    """How many records of each kind were created and updated."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated))
        parts = [
            _("%(kind)s: %(created)s, %(updated)s")
            % {
                "kind": kind,
                "created": ngettext("%(count)d new", "%(count)d new", self.created[kind])
                % {"count": self.created[kind]},
                "updated": ngettext("%(count)d updated", "%(count)d updated", self.updated[kind])
                % {"count": self.updated[kind]},
            }
            for kind in kinds
        ]
        return "; ".join(parts) or _("nothing to load")


@dataclass
class _Scope:
    """Records a reference can point to within one partnership."""

    partnership: Partnership
    sides: dict[str, Side]
    keyed: dict[str, dict[str, models.Model]] = field(default_factory=dict)


class _Rollback(Exception):
    pass


def _precision_name(precision: str) -> str:
    names = {
        "year": pgettext("precision of a date", "year"),
        "month": pgettext("precision of a date", "month"),
        "day": pgettext("precision of a date", "day"),
    }
    return names.get(precision, precision)


def load_files(paths: Iterable[Path]) -> LoadSummary:
    """Load every file, in one transaction; raise :class:`DataFileError` listing all problems."""
    documents = []
    problems: list[Problem] = []
    for path in paths:
        try:
            documents.append((str(path), read_data_file(path)))
        except DataFileError as error:
            problems.extend(error.problems)
    if problems:
        raise DataFileError(problems)
    return load_documents(documents)


def load_documents(documents: Sequence[tuple[str, Any]]) -> LoadSummary:
    loader = _Loader()
    try:
        with transaction.atomic():
            loader.run(documents)
            if loader.problems:
                raise _Rollback
    except _Rollback:
        raise DataFileError(loader.problems) from None
    return loader.summary


class _Loader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.summary = LoadSummary()
        self.file = ""
        self.municipalities = {m.key: m for m in Municipality.objects.all()}
        self.programmes = {p.key: p for p in SupportProgramme.objects.all()}

    # --- reporting --------------------------------------------------------------

    def problem(self, record: Any, where: str, field_name: str | None, message: str) -> None:
        line = record.line_of(field_name) if isinstance(record, LocatedDict) and field_name else None
        if line is None and isinstance(record, LocatedDict):
            line = record.line
        self.problems.append(Problem(self.file, line, where, field_name, message))

    # --- top level --------------------------------------------------------------

    def run(self, documents: Sequence[tuple[str, Any]]) -> None:
        # Places and programmes first, from every file, so partnerships may refer to any of them.
        for self.file, document in documents:
            if not isinstance(document, dict):
                self.problems.append(file_problem(self.file, None, _("expected a mapping with lists")))
                continue
            place = file_place()
            for name in document:
                if name not in schema.TOP_LEVEL:
                    self.problem(
                        document,
                        place,
                        name,
                        _("unknown list; allowed: %(allowed)s") % {"allowed": ", ".join(schema.TOP_LEVEL)},
                    )
            if document.get("format", schema.FORMAT) != schema.FORMAT:
                self.problem(document, place, "format", _("expected %(format)s") % {"format": schema.FORMAT})
            self.load_list(document, "municipalities", schema.MUNICIPALITY, self.load_municipality)
            self.load_list(document, "support_programmes", schema.SUPPORT_PROGRAMME, self.load_programme)
        for self.file, document in documents:
            if isinstance(document, dict):
                self.load_list(document, "partnerships", schema.PARTNERSHIP, self.load_partnership)

    def records(self, container: Any, name: str, where: str) -> list[LocatedDict]:
        items = container.get(name) or []
        if not isinstance(items, list):
            self.problem(container, where, name, _("expected a list of records"))
            return []
        good = []
        for index, item in enumerate(items):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.problem(
                    container, f"{where}{name}[{index + 1}]", None, _("expected a record (key: value lines)")
                )
        return good

    def load_list(self, document: Any, name: str, spec: tuple[Field, ...], load: Any) -> None:
        lists = (
            tuple(list_name for list_name, _spec in schema.PARTNERSHIP_LISTS)
            if name == "partnerships"
            else ()
        )
        seen: dict[str, int | None] = {}
        for index, record in enumerate(self.records(document, name, "")):
            where = self.where(name, index, record)
            if not self.unique_key(record, where, seen):
                continue
            values = self.read(record, spec, where, scope=None, lists=lists)
            if values is not None:
                load(record, where, values)

    @staticmethod
    def where(name: str, index: int, record: LocatedDict) -> str:
        key = record.get("key")
        return f"{name}[{index + 1}]" + (f" '{key}'" if isinstance(key, str) else "")

    def unique_key(self, record: LocatedDict, where: str, seen: dict[str, int | None]) -> bool:
        key = record.get("key")
        if isinstance(key, str) and key in seen:
            if seen[key]:
                message = _("'%(key)s' is used twice (first at line %(line)s)") % {
                    "key": key,
                    "line": seen[key],
                }
            else:
                message = _("'%(key)s' is used twice") % {"key": key}
            self.problem(record, where, "key", message)
            return False
        if isinstance(key, str):
            seen[key] = getattr(record, "line", None)
        return True

    # --- reading fields ---------------------------------------------------------

    def read(
        self,
        record: LocatedDict,
        spec: tuple[Field, ...],
        where: str,
        scope: _Scope | None,
        lists: tuple[str, ...] = (),
    ) -> dict | None:
        """Convert a record to model values, or report why not and return None.

        ``lists`` names the nested lists the record may also hold (read later).
        """
        before = len(self.problems)
        allowed = [f.name for f in spec] + list(lists)
        for name in record:
            if name not in allowed:
                self.problem(
                    record,
                    where,
                    name,
                    _("unknown field; allowed: %(allowed)s") % {"allowed": ", ".join(allowed)},
                )
        values: dict[str, Any] = {}
        for spec_field in spec:
            raw = record.get(spec_field.name)
            if raw is None or raw == "" or raw == []:
                if spec_field.required:
                    self.problem(record, where, spec_field.name, _("is required"))
                elif spec_field.kind not in ("records",):
                    values[spec_field.model_attr] = self.empty(spec_field)
                continue
            try:
                values[spec_field.model_attr] = self.value(spec_field, raw, scope)
            except FieldValueError as error:
                self.problem(record, where, spec_field.name, str(error))
        return values if len(self.problems) == before else None

    @staticmethod
    def empty(spec_field: Field) -> Any:
        if spec_field.default is not None:
            return spec_field.default
        if spec_field.kind in ("text", "vocab"):
            return ""
        if spec_field.kind in ("vocablist", "words"):
            return []
        return None

    def value(self, spec_field: Field, raw: Any, scope: _Scope | None) -> Any:
        kind = spec_field.kind
        if kind == "key":
            if not isinstance(raw, str) or not re.match(KEY_PATTERN, raw):
                raise FieldValueError(
                    _("%(value)s is not a key: use lower-case letters, digits and hyphens")
                    % {"value": repr(raw)}
                )
            return raw
        if kind == "text":
            return schema.read_text(raw)
        if kind == "country":
            return schema.read_country(raw)
        if kind == "year":
            return schema.read_year(raw)
        if kind == "count":
            return schema.read_count(raw)
        if kind == "amount":
            return schema.read_amount(raw)
        if kind == "bool":
            return schema.read_bool(raw)
        if kind == "words":
            return schema.read_words(raw)
        if kind == "date":
            return raw  # read with its partner field in load_exchange
        if kind == "vocab":
            vocab = vocabulary(spec_field.vocab or "")
            if not isinstance(raw, str) or raw not in vocab:
                raise FieldValueError(
                    _("unknown %(vocabulary)s %(value)s; allowed: %(allowed)s")
                    % {"vocabulary": vocab.key, "value": repr(raw), "allowed": ", ".join(vocab.keys())}
                )
            return raw
        if kind == "vocablist":
            vocab = vocabulary(spec_field.vocab or "")
            if not isinstance(raw, list):
                raise FieldValueError(_("expected a list of %(vocabulary)s keys") % {"vocabulary": vocab.key})
            unknown = [item for item in raw if not isinstance(item, str) or item not in vocab]
            if unknown:
                raise FieldValueError(
                    _("unknown %(vocabulary)s %(value)s; allowed: %(allowed)s")
                    % {
                        "vocabulary": vocab.key,
                        "value": ", ".join(map(repr, unknown)),
                        "allowed": ", ".join(vocab.keys()),
                    }
                )
            if len(set(raw)) != len(raw):
                raise FieldValueError(_("a value is listed twice"))
            return list(raw)
        if kind == "municipalities":
            return self.municipality_list(raw)
        if kind == "records":
            if not isinstance(raw, list):
                raise FieldValueError(_("expected a list of records"))
            return raw
        if kind == "ref":
            return self.resolve(spec_field.ref or "", raw, scope)
        raise AssertionError(kind)

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

    def save(self, record: LocatedDict, where: str, instance: models.Model, spec: tuple[Field, ...]) -> bool:
        """Validate with the model's own rules and save; report the data field names on failure."""
        try:
            instance.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            names = {f.model_attr: f.name for f in spec}
            for attr, messages in error.message_dict.items():
                field_name = names.get(attr, None if attr == "__all__" else attr)
                for message in messages:
                    self.problem(record, where, field_name, message)
            return False
        created = instance.pk is None
        instance.save()
        kind = instance._meta.verbose_name_plural
        (self.summary.created if created else self.summary.updated)[str(kind)] += 1
        return True

    @staticmethod
    def assign(instance: models.Model, values: dict[str, Any]) -> models.Model:
        for attr, value in values.items():
            setattr(instance, attr, value)
        return instance

    def load_municipality(self, record: LocatedDict, where: str, values: dict) -> None:
        instance = self.municipalities.get(values["key"]) or Municipality()
        if self.save(record, where, self.assign(instance, values), schema.MUNICIPALITY):
            self.municipalities[instance.key] = instance

    def load_programme(self, record: LocatedDict, where: str, values: dict) -> None:
        instance = self.programmes.get(values["key"]) or SupportProgramme()
        if self.save(record, where, self.assign(instance, values), schema.SUPPORT_PROGRAMME):
            self.programmes[instance.key] = instance

    def load_partnership(self, record: LocatedDict, where: str, values: dict) -> None:
        municipalities = values.pop("municipalities")
        partnership = Partnership.objects.filter(key=values["key"]).first() or Partnership()
        if not self.save(record, where, self.assign(partnership, values), schema.PARTNERSHIP):
            return
        sides = {side.municipality.key: side for side in partnership.sides.select_related("municipality")}
        for position, municipality in enumerate(municipalities):
            side = sides.get(municipality.key) or Side(partnership=partnership, municipality=municipality)
            side.position = position
            side.save()
            sides[municipality.key] = side
        scope = _Scope(partnership, sides)
        for list_name, spec in schema.PARTNERSHIP_LISTS:
            self.load_nested(record, where, list_name, spec, scope)

    def load_nested(
        self, record: LocatedDict, parent: str, list_name: str, spec: tuple[Field, ...], scope: _Scope
    ) -> None:
        model = NESTED_MODELS[list_name]
        existing = {obj.key: obj for obj in model.objects.filter(partnership=scope.partnership)}
        loaded = scope.keyed.setdefault(list_name, {})
        seen: dict[str, int | None] = {}
        for index, item in enumerate(self.records(record, list_name, f"{parent} › ")):
            where = f"{parent} › {self.where(list_name, index, item)}"
            if not self.unique_key(item, where, seen):
                continue
            values = self.read(item, spec, where, scope)
            if values is None:
                continue
            instance = existing.get(values["key"]) or model(partnership=scope.partnership)
            children = {name: values.pop(name, None) for name in ("participants", "knowledge")}
            if list_name == "exchanges" and not self.read_dates(item, where, values):
                continue
            if self.save(item, where, self.assign(instance, values), spec):
                loaded[instance.key] = instance
                if list_name == "exchanges":
                    self.load_exchange_children(item, where, instance, children, scope)

    def read_dates(self, record: LocatedDict, where: str, values: dict) -> bool:
        try:
            values["start_date"], precision = schema.read_date(values["start_date"])
        except FieldValueError as error:
            self.problem(record, where, "start", str(error))
            return False
        values["date_precision"] = precision
        if values.get("end_date") is None:
            return True
        try:
            values["end_date"], end_precision = schema.read_date(values["end_date"], end=True)
        except FieldValueError as error:
            self.problem(record, where, "end", str(error))
            return False
        if end_precision != precision:
            self.problem(
                record,
                where,
                "end",
                _("give start and end equally precisely (start is a %(start)s, end a %(end)s)")
                % {"start": _precision_name(precision), "end": _precision_name(end_precision)},
            )
            return False
        return True

    def load_exchange_children(
        self, record: LocatedDict, where: str, exchange: Exchange, children: dict[str, Any], scope: _Scope
    ) -> None:
        exchange.participations.all().delete()
        exchange.knowledge_flows.all().delete()
        for name, spec, model in (
            ("participants", schema.PARTICIPANT, Participation),
            ("knowledge", schema.KNOWLEDGE, KnowledgeFlow),
        ):
            for index, item in enumerate(self.records(record, name, f"{where} › ") if children[name] else []):
                item_where = f"{where} › {name}[{index + 1}]"
                values = self.read(item, spec, item_where, scope)
                if values is not None:
                    self.save(item, item_where, self.assign(model(exchange=exchange), values), spec)
