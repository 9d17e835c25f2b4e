"""Reading the records of data files, once for the partnership loader and the evidence loader.

:func:`read_record` checks one mapping against its fields (unknown fields,
required ones, each value by its kind through :mod:`mutuality.formats.values`)
and returns the values and every problem, each with file, line, record and
field. :class:`RecordReader` is what both loaders build on: it collects the
problems of a whole load, walks the lists of a file, refuses a key used twice,
and saves model instances after their own validation. :func:`load_all_or_nothing`
runs a reader in one transaction and rolls everything back if it found any
problem. What is particular to each loader (resolving references, writing
records) stays in :mod:`mutuality.formats.data_load` and
:mod:`mutuality.formats.evidence_data`.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.formats import schema
from mutuality.formats.located import LocatedDict, file_place, file_problem
from mutuality.formats.problems import DataFileError, Problem
from mutuality.formats.schema import Field, FieldValueError
from mutuality.formats.values import PARSERS, Parser, empty_value, parser_for


@dataclass
class LoadSummary:
    """How many records of each kind were created and updated, and how many were there already
    (counted only where a loader says so: a file loaded again then shows it added nothing)."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    already_there: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.already_there))
        parts = []
        for kind in kinds:
            part = _("%(kind)s: %(created)s, %(updated)s") % {
                "kind": kind,
                "created": ngettext("%(count)d new", "%(count)d new", self.created[kind])
                % {"count": self.created[kind]},
                "updated": ngettext("%(count)d updated", "%(count)d updated", self.updated[kind])
                % {"count": self.updated[kind]},
            }
            if self.already_there[kind]:
                part += ", " + ngettext(
                    "%(count)d already there", "%(count)d already there", self.already_there[kind]
                ) % {"count": self.already_there[kind]}
            parts.append(part)
        return "; ".join(parts) or _("nothing to load")


def located(file: str, record: Any, where: str, field_name: str | None, message: str) -> Problem:
    """A problem at the line of ``field_name`` in ``record`` (else of the record itself)."""
    line = record.line_of(field_name) if isinstance(record, LocatedDict) and field_name else None
    if line is None and isinstance(record, LocatedDict):
        line = record.line
    return Problem(file, line, where, field_name, message)


def read_record(
    file: str,
    record: Any,
    spec: Sequence[Field],
    where: str,
    *,
    lists: Sequence[str] = (),
    parsers: Mapping[str, Parser] = PARSERS,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The record's values by model attribute, or None, and every problem found in it.

    ``lists`` names the nested lists the record may also hold (read by the
    caller). A field left out or empty takes its default. ``parsers`` are
    those of :mod:`mutuality.formats.values`, or a reader's own that add the
    kinds only it can read; a field of any other kind raises
    :class:`~mutuality.formats.values.UnknownKindError`.
    """
    problems: list[Problem] = []
    allowed = [spec_field.name for spec_field in spec] + list(lists)
    allowed_names = set(allowed)
    for name in record:
        if name not in allowed_names:
            problems.append(
                located(
                    file,
                    record,
                    where,
                    name,
                    _("unknown field; allowed: %(allowed)s") % {"allowed": ", ".join(allowed)},
                )
            )
    values: dict[str, Any] = {}
    for spec_field in spec:
        parse = parser_for(spec_field, parsers)
        raw = record.get(spec_field.name)
        if raw is None or raw == "" or raw == []:
            if spec_field.required:
                problems.append(located(file, record, where, spec_field.name, _("is required")))
            values[spec_field.model_attr] = empty_value(spec_field)
            continue
        try:
            values[spec_field.model_attr] = parse(spec_field, raw)
        except FieldValueError as error:
            problems.append(located(file, record, where, spec_field.name, str(error)))
    return (None if problems else values), problems


def record_place(list_name: str, index: int, record: LocatedDict, identity: str = "key") -> str:
    """How a problem names a record: its list, its place in it and its key, e.g. ``actors[2] 'desk'``."""
    value = record.get(identity)
    return f"{list_name}[{index + 1}]" + (f" '{value}'" if isinstance(value, str) else "")


class RecordReader:
    """What a data-file loader does with files and records, whatever they hold.

    A subclass reads documents in :meth:`run` and writes what it reads; every
    problem goes to :attr:`problems`, located in :attr:`file`, and each record
    saved is counted in :attr:`summary`.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.summary = LoadSummary()
        self.file = ""

    def run(self, documents: Sequence[tuple[str, Any]]) -> None:
        raise NotImplementedError

    def problem(self, record: Any, where: str, field_name: str | None, message: str) -> None:
        self.problems.append(located(self.file, record, where, field_name, message))

    def check_document(self, document: Any, top_level: Sequence[str]) -> bool:
        """Whether the document is a mapping of lists; reports unknown lists and a foreign format."""
        if not isinstance(document, dict):
            self.problems.append(file_problem(self.file, None, _("expected a mapping with lists")))
            return False
        for name in document:
            if name not in top_level:
                self.problem(
                    document,
                    file_place(),
                    name,
                    _("unknown list; allowed: %(allowed)s") % {"allowed": ", ".join(top_level)},
                )
        if document.get("format", schema.FORMAT) != schema.FORMAT:
            self.problem(
                document, file_place(), "format", _("expected %(format)s") % {"format": schema.FORMAT}
            )
        return True

    def records(self, container: Any, name: str, where: str) -> list[LocatedDict]:
        """The records of list ``name`` in ``container``; what is not a record is reported."""
        items = container.get(name) or []
        if not isinstance(items, list):
            self.problem(container, where or file_place(), name, _("expected a list of records"))
            return []
        good: list[LocatedDict] = []
        for index, item in enumerate(items):
            if isinstance(item, dict):
                # A LocatedDict when read from a file; a document parsed elsewhere has plain dicts,
                # which the readers of a record allow for (see `located`).
                good.append(cast(LocatedDict, item))
            else:
                self.problem(
                    container, f"{where}{name}[{index + 1}]", None, _("expected a record (key: value lines)")
                )
        return good

    def unique(
        self, record: LocatedDict, where: str, identity: str, seen: dict[str, tuple[str, Any]]
    ) -> bool:
        """False, after reporting it, if the record's ``identity`` is in ``seen``; else it is added there.

        ``seen`` keeps the file and the record: its line is looked up only to report a key used twice.
        """
        value = record.get(identity)
        if not isinstance(value, str):
            return True
        if value in seen:
            file, first = seen[value]
            line = getattr(first, "line", None)
            if line is None:
                message = _("'%(key)s' is used twice") % {"key": value}
            elif file == self.file:
                message = _("'%(key)s' is used twice (first at line %(line)s)") % {"key": value, "line": line}
            else:
                message = _("'%(key)s' is used twice (first in %(file)s, line %(line)s)") % {
                    "key": value,
                    "file": file,
                    "line": line,
                }
            self.problem(record, where, identity, message)
            return False
        seen[value] = (self.file, record)
        return True

    def read(
        self,
        record: LocatedDict,
        spec: Sequence[Field],
        where: str,
        *,
        lists: Sequence[str] = (),
        parsers: Mapping[str, Parser] = PARSERS,
    ) -> dict[str, Any] | None:
        """The record's values by model attribute, or None after reporting what is wrong."""
        values, problems = read_record(self.file, record, spec, where, lists=lists, parsers=parsers)
        self.problems.extend(problems)
        return values

    def save(
        self,
        record: LocatedDict,
        where: str,
        instance: models.Model,
        names: Mapping[str, str],
        *,
        exclude: Sequence[str] = (),
    ) -> bool:
        """Validate with the model's own rules and save; report problems under the data's field names.

        ``names`` maps model attributes to the names a data file gives them where they differ;
        ``exclude`` is as for :meth:`validate`.
        """
        if not self.validate(record, where, instance, names, exclude=exclude):
            return False
        created = instance.pk is None
        instance.save()
        self.count(type(instance), created=created)
        return True

    def validate(
        self,
        record: LocatedDict,
        where: str,
        instance: models.Model,
        names: Mapping[str, str],
        *,
        exclude: Sequence[str] = (),
    ) -> bool:
        """Whether the instance passes the model's own validation; else its problems are reported.

        ``exclude`` names fields not to check, for a caller that writes rows in bulk and holds the
        rows a relation points to (checking that they exist would ask the database once a row).
        """
        try:
            instance.full_clean(exclude=exclude or None, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for attr, messages in error.message_dict.items():
                field_name = names.get(attr, None if attr == "__all__" else attr)
                for message in messages:
                    self.problem(record, where, field_name, message)
            return False
        return True

    def count(self, model: type[models.Model], *, created: bool) -> None:
        kind = str(model._meta.verbose_name_plural)
        (self.summary.created if created else self.summary.updated)[kind] += 1


def data_names(spec: Sequence[Field]) -> dict[str, str]:
    """The data file's name of each model attribute of ``spec``."""
    return {spec_field.model_attr: spec_field.name for spec_field in spec}


class _Rollback(Exception):
    pass


def load_all_or_nothing(
    make_reader: Callable[[], RecordReader], documents: Sequence[tuple[str, Any]]
) -> LoadSummary:
    """Run a new reader over the documents in one transaction: all of it, or, if it found any problem, nothing.

    The problems are raised as one :class:`~mutuality.formats.problems.DataFileError`.
    """
    problems: list[Problem] = []
    # The documents read (millions of objects for a large load) live until the end: the garbage
    # collector need not go through them again and again while the rows are made.
    gc.freeze()
    try:
        with transaction.atomic():
            reader = make_reader()
            reader.run(documents)
            if reader.problems:
                problems = reader.problems
                raise _Rollback
    except _Rollback:
        raise DataFileError(problems) from None
    finally:
        gc.unfreeze()
    return reader.summary
