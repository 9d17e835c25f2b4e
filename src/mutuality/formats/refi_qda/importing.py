"""Importing a REFI-QDA project (.qdpx) or codebook (.qdc): all of it, or nothing.

:func:`import_file` opens the file safely (:mod:`~mutuality.formats.refi_qda.package`),
reads it leniently (:mod:`~mutuality.formats.refi_qda.reading`), says whether it is
valid against the official schema, and writes in one transaction. Any problem
raises :class:`~mutuality.formats.refi_qda.package.QdaImportError`, naming file,
line and element, and nothing is written.

Where imported things go (docs/refi-qda.md, "Import"):

* A **source** belongs to the partnerships whose cases list it; a source that
  no case places goes to the partnership the user chose. A case is one of our
  partnerships when its ``partnership.key`` variable, or else its name, is a
  partnership's; one of our sides by ``side.partnership`` and
  ``side.municipality``, or by the municipality's name; a respondent by
  ``respondent.key``. Other cases are kept as they are, with their sources.
* **Codes** are matched to existing ones by GUID, by framework term or by path,
  and created otherwise.
* **Notes** become memos on the source, code or coding that refers to them;
  the rest are kept as imported notes. The ``Mutuality coding attributes``
  note sets a coding's assessment, role, whose learning (side or country) and
  projects.
* **PDF, picture, audio and video** sources are kept as attachments.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.countries import country_code
from mutuality.evidence.codebook import sync_framework_codes
from mutuality.evidence.models import Code, Coding, Memo, Respondent, Source, SourceVersion, colour_validator
from mutuality.evidence.versions import add_version
from mutuality.formats.problems import Problem
from mutuality.formats.refi_qda import vocab
from mutuality.formats.refi_qda.exporting import code_identity
from mutuality.formats.refi_qda.guids import derived, remember
from mutuality.formats.refi_qda.package import (
    DEFAULT_LIMITS,
    Limits,
    QdaImportError,
    open_package,
    parse_xml,
    schema_problems,
)
from mutuality.formats.refi_qda.reading import CaseRecord, Document, SourceRecord, Value, read_document
from mutuality.formats.refi_qda.textmap import normalise_with_offsets
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Partnership, Project, Side
from mutuality.partnerships.models.base import KEY_PATTERN, unique_key
from mutuality.partnerships.naming import shortened
from mutuality.qdaexchange.models import (
    Attachment,
    ExchangeGuid,
    ImportedCase,
    ImportedNote,
    QdaImport,
    SourceVariable,
)

DEFAULT_CODER = "qda-import"
USERNAME = re.compile(r"[^\w.@+-]+")
COUNTED = ("users", "codes", "variables", "cases", "sources", "codings", "notes")
# Coded passages the report shows per source, as they landed, so a person can check them at a glance.
SHOWN_PER_SOURCE = 3


@dataclass
class ImportReport:
    """What an import read, what it wrote, and what it skipped and why."""

    filename: str
    kind: str
    origin: str = ""
    offsets: str = ""  # the unit the selections were read in, and why
    check: list[str] = field(default_factory=list)  # codings whose words look cut
    passages: list[dict[str, str]] = field(default_factory=list)  # {"source", "code", "words"}
    schema_problems: list[str] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)
    imported: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)  # what was added to sources already here
    attachments: list[dict[str, Any]] = field(default_factory=list)
    import_id: int | None = None

    @property
    def schema_valid(self) -> bool:
        return not self.schema_problems

    def as_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "kind": self.kind,
            "origin": self.origin,
            "offsets": self.offsets,
            "check": self.check,
            "passages": self.passages,
            "schema_problems": self.schema_problems,
            "read": self.read,
            "imported": self.imported,
            "skipped": self.skipped,
            "existing": self.existing,
            "attachments": self.attachments,
            "import_id": self.import_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportReport:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})

    def labelled(self, counts: dict[str, int]) -> list[tuple[str, int]]:
        labels = {
            "users": _("users"),
            "codes": _("codes"),
            "codes_matched": _("codes already in the codebook"),
            "variables": _("variables"),
            "cases": _("cases"),
            "cases_matched": _("cases matched to partnerships, sides or respondents"),
            "respondents": _("respondents"),
            "sources": _("sources"),
            "sources_existing": _("sources already here, codings added"),
            "codings": _("codings"),
            "codings_already_there": _("codings already there"),
            "notes": _("notes"),
            "memos": _("memos"),
            "attachments": _("attachments"),
        }
        return [(labels.get(key, key), value) for key, value in counts.items()]

    def lines(self) -> list[str]:
        """The report as text lines, in the current language."""
        lines = [_("Imported %(file)s (%(kind)s).") % {"file": self.filename, "kind": self.kind}]
        if self.schema_valid:
            lines.append(_("The file is valid against the REFI-QDA schema."))
        else:
            lines.append(_("The file is not valid against the REFI-QDA schema; it was read leniently:"))
            lines.extend(f"  - {problem}" for problem in self.schema_problems)
        if self.offsets:
            lines.append(self.offsets)
        if self.check:
            lines.append(_("Codings whose words look cut (check them):"))
            lines.extend(f"  - {item}" for item in self.check)
        lines.append(
            _("Read:") + " " + ", ".join(f"{label} {count}" for label, count in self.labelled(self.read))
        )
        lines.append(
            _("Imported:")
            + " "
            + ", ".join(f"{label} {count}" for label, count in self.labelled(self.imported))
        )
        if self.existing:
            lines.append(_("Added to sources already here:"))
            lines.extend(f"  - {item}" for item in self.existing)
        if self.skipped:
            lines.append(_("Not imported:"))
            lines.extend(f"  - {item}" for item in self.skipped)
        if self.passages:
            lines.append(_("Coded passages as they landed (a few per source):"))
            lines.extend(
                f"  - {item['source']} · {item['code']}: «{item['words']}»" for item in self.passages
            )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def import_file(
    data: bytes,
    filename: str,
    *,
    partnership: Partnership | None = None,
    user: Any = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import a .qdpx or .qdc file's bytes; return the report or raise :class:`QdaImportError`.

    ``partnership`` takes the sources that no case of the file places in a
    partnership; ``user`` is recorded as the importer and is the coder of
    codings that name none. ``progress`` is told each of the four stages as it
    starts, so a page can show how far a large project has come.
    """
    tell = progress or (lambda _stage: None)
    tell(_("Opening the file"))
    package = open_package(data, filename, limits)
    root = parse_xml(package.xml, package.label)
    tell(_("Reading what it holds"))
    document = read_document(package, root)
    tell(_("Checking it against the REFI-QDA schema"))
    report = ImportReport(
        filename=filename,
        kind=_("project") if document.kind == "project" else _("codebook"),
        origin=document.origin,
        offsets=document.offset_reading.reason if document.offset_reading else "",
        check=list(document.offset_reading.cut) if document.offset_reading else [],
        schema_problems=schema_problems(root),
        read={key: document.read[key] for key in COUNTED if key in document.read},
        skipped=list(document.skipped),
    )
    tell(_("Writing sources, codes and codings"))
    with transaction.atomic():
        writer = _Writer(document, report, partnership, user)
        writer.run()
        if writer.problems:
            raise QdaImportError(writer.problems)
    return report


class _Writer:
    def __init__(
        self, document: Document, report: ImportReport, partnership: Partnership | None, user: Any
    ) -> None:
        self.document = document
        self.report = report
        self.target = partnership
        self.importer = user if getattr(user, "pk", None) else None
        self.problems: list[Any] = []
        self.counts: Counter[str] = Counter()
        self.users: dict[str | None, Any] = {}
        self.codes: dict[str, Code] = {}
        self.source_cases: dict[str, list[tuple[str, Any]]] = defaultdict(list)  # source guid -> places
        self.memo_targets: dict[str, list[tuple[str, Any]]] = defaultdict(list)  # note guid -> targets
        self.consumed_notes: set[str] = set()
        self.shown: dict[int, int] = {}  # source pk -> codings shown in the report
        self.made: set[int] = (
            set()
        )  # the sources this import made (another of its sources is not one of them)

    def skip(self, message: str) -> None:
        self.report.skipped.append(message)

    def run(self) -> None:
        sync_framework_codes()
        self.record = QdaImport.objects.create(
            filename=self.report.filename[:255], imported_by=self.importer, partnership=self.target
        )
        self.write_codes()
        if self.document.kind == "project":
            self.write_cases()
            for source in self.document.sources:
                self.write_source(source)
            self.write_notes()
            self.write_attachments()
        keys = (
            "users",
            "codes",
            "codes_matched",
            "cases",
            "cases_matched",
            "respondents",
            "sources",
            "sources_existing",
            "codings",
            "codings_already_there",
            "memos",
            "notes",
            "attachments",
        )
        self.report.imported = {
            key: self.counts[key]
            for key in keys
            if self.counts[key] or key in ("codes", "sources", "codings")
        }
        self.report.import_id = self.record.pk
        self.record.report = self.report.as_json()
        self.record.save(update_fields=["report"])

    # --- users ------------------------------------------------------------------------

    def user(self, guid: str | None) -> Any:
        """The account of the file's user ``guid`` (made, inactive, if needed); the importer if none."""
        if guid in self.users:
            return self.users[guid]
        user_model = get_user_model()
        account = None
        if guid is not None and guid in self.document.users:
            kept = ExchangeGuid.objects.filter(kind="user", guid=guid).first()
            if kept is not None:
                account = user_model.objects.filter(pk=kept.object_key).first()
            if account is None:
                name = self.document.users[guid] or f"coder-{guid[:8]}"
                username = USERNAME.sub("-", name).strip("-")[:150] or f"coder-{guid[:8]}"
                account = self.account(username)
                remember("user", account.pk, guid)
        elif self.importer is not None:
            account = self.importer
        else:
            account = self.account(DEFAULT_CODER)
        self.users[guid] = account
        return account

    def account(self, username: str) -> Any:
        user_model = get_user_model()
        account = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        if account is None:
            account = user_model(**{user_model.USERNAME_FIELD: username}, is_active=False)
            account.set_unusable_password()
            account.save()
            self.counts["users"] += 1
        return account

    # --- codes ------------------------------------------------------------------------

    def write_codes(self) -> None:
        existing = list(Code.objects.all())
        by_identity = {derived("code", code_identity(code)): code for code in existing}
        framework = {(code.vocabulary, code.term): code for code in existing if code.vocabulary}
        kept = {row.guid: row.object_key for row in ExchangeGuid.objects.filter(kind="code")}
        by_pk = {code.pk: code for code in existing}
        by_place = {(code.parent_id, code.name): code for code in existing}
        names_in_file: set[tuple[str | None, str]] = set()
        for record in self.document.codes:
            parent = self.codes.get(record.parent) if record.parent else None
            code = None
            if record.guid in kept:
                code = by_pk.get(int(kept[record.guid])) if kept[record.guid].isdigit() else None
            code = code or by_identity.get(record.guid)
            tag = vocab.FRAMEWORK_LINE.search(record.description)
            if code is None and tag:
                code = framework.get((tag.group(1), tag.group(2) or ""))
            name = self.code_name(record)
            if code is None and (record.parent, name) not in names_in_file:
                code = by_place.get((parent.pk if parent else None, name))
            if code is not None:
                self.codes[record.guid] = code
                names_in_file.add((record.parent, code.name))
                self.counts["codes_matched"] += 1
                remember("code", code.pk, record.guid)
                continue
            base, number = name, 1
            while (record.parent, name) in names_in_file or (parent.pk if parent else None, name) in by_place:
                number += 1
                name = f"{base[:190]} ({number})"
            if name != base:
                self.skip(
                    _("Code %(name)s is named %(new)s: its parent already has a code of that name.")
                    % {"name": repr(base), "new": repr(name)}
                )
            names_in_file.add((record.parent, name))
            code = Code(name=name, parent=parent, description=record.description)
            colour = self.colour(record.colour, name)
            if colour:
                code.colour = colour
            code.save()
            by_place[(parent.pk if parent else None, name)] = code
            self.codes[record.guid] = code
            self.counts["codes"] += 1
            remember("code", code.pk, record.guid)

    def code_name(self, record: Any) -> str:
        name = " ".join(record.name.split())
        if not name:
            return _("unnamed code %(guid)s") % {"guid": record.guid[:8]}
        if len(name) > 200:
            self.skip(
                _("The name of code %(name)s was shortened to 200 characters.") % {"name": repr(name[:40])}
            )
            return name[:200]
        return name

    def colour(self, raw: str, name: str) -> str:
        if not raw:
            return ""
        if re.fullmatch(r"#[0-9a-fA-F]{3}", raw):
            raw = "#" + "".join(char * 2 for char in raw[1:])
        try:
            colour_validator(raw)
        except Exception:  # noqa: BLE001 - a ValidationError; the colour is simply not used
            self.skip(
                _("Code %(name)s: the colour %(colour)s is not #rrggbb.")
                % {"name": repr(name), "colour": repr(raw)}
            )
            return ""
        return raw

    # --- cases ------------------------------------------------------------------------

    def write_cases(self) -> None:
        partnerships = {p.key: p for p in Partnership.objects.all()}
        names = {p.name.casefold(): p for p in partnerships.values()}
        sides = list(Side.objects.select_related("partnership", "municipality"))
        self.applied_attributes = False
        for case in self.document.cases:
            values = {value.variable: value.text for value in case.values}
            place = self.case_place(case, values, partnerships, names, sides)
            if place is None:
                imported = ImportedCase.objects.create(
                    qda_import=self.record,
                    guid=case.guid[:36],
                    name=case.name[:300],
                    description=case.description,
                    values={value.variable: value.text for value in case.values},
                )
                self.counts["cases"] += 1
                place = ("case", imported)
            else:
                self.counts["cases_matched"] += 1
                remember(f"case-{place[0]}", place[1].pk, case.guid)
            for source in case.sources:
                self.source_cases[source].append(place)

    def case_place(
        self, case: CaseRecord, values: dict[str, str], partnerships: dict, names: dict, sides: list[Side]
    ) -> tuple[str, Any] | None:
        if "respondent.key" in values:
            return ("respondent", self.respondent(case, values, partnerships, sides))
        if "side.partnership" in values or "side.municipality" in values:
            for side in sides:
                if side.partnership.key == values.get(
                    "side.partnership"
                ) and side.municipality.key == values.get("side.municipality"):
                    return ("side", side)
            self.skip(
                _("Case %(case)s: no side %(side)s in partnership %(partnership)s here; kept as a case.")
                % {
                    "case": repr(case.name),
                    "side": values.get("side.municipality"),
                    "partnership": values.get("side.partnership"),
                }
            )
            return None
        key = values.get("partnership.key")
        partnership = partnerships.get(key) if key else names.get(case.name.casefold())
        if partnership is not None:
            return ("partnership", partnership)
        if key:
            self.skip(
                _("Case %(case)s: no partnership with the key %(key)s here; kept as a case.")
                % {"case": repr(case.name), "key": key}
            )
            return None
        if self.target is not None:
            for side in sides:
                if side.partnership_id == self.target.pk and case.name.casefold() in (
                    side.municipality.name.casefold(),
                    f"{side.partnership.name}: {side.municipality.name}".casefold(),
                ):
                    return ("side", side)
        return None

    def respondent(
        self, case: CaseRecord, values: dict[str, str], partnerships: dict, sides: list[Side]
    ) -> Respondent:
        key = values["respondent.key"]
        found = Respondent.objects.filter(key=key).first() if re.match(KEY_PATTERN, key) else None
        if found is not None:
            return found
        side = None
        for candidate in sides:
            if candidate.partnership.key == values.get("respondent.partnership") and (
                candidate.municipality.key == values.get("respondent.side")
            ):
                side = candidate
        organisation = values.get("respondent.organisation_type", "")
        if organisation and organisation not in vocabulary("actor_type"):
            self.skip(
                _("Respondent %(name)s: unknown organisation type %(value)s.")
                % {"name": repr(case.name), "value": repr(organisation)}
            )
            organisation = ""
        country = values.get("respondent.country", "")
        if country and not country_code(country):
            self.skip(
                _("Respondent %(name)s: %(value)s is not a country (an ISO code such as NL); left empty.")
                % {"name": repr(case.name), "value": repr(country)}
            )
        respondent = Respondent.objects.create(
            key=key
            if re.match(KEY_PATTERN, key) and len(key) <= 80
            else unique_key(
                case.name or "respondent", lambda taken: Respondent.objects.filter(key=taken).exists()
            ),
            label=(case.name or key)[:80],
            role=values.get("respondent.role", "")[:200],
            organisation_type=organisation,
            side=side,
            country=country_code(country) or "",
            source=values.get("respondent.citation", "")[:300],
        )
        self.counts["respondents"] += 1
        return respondent

    # --- sources ----------------------------------------------------------------------

    def write_source(self, record: SourceRecord) -> None:
        label = repr(record.name or record.guid)
        values = {value.variable: value for value in record.values}
        key_value = values["source.key"].text if "source.key" in values else ""
        text, moved = normalise_with_offsets(record.text)
        found, stop = self.existing_source(record, key_value, text, label)
        if found is not None:
            self.add_to_existing(record, found, text, moved, label)
        if found is not None or stop:
            return
        places = self.source_cases.get(record.guid, [])
        partnerships = {obj.pk: obj for kind, obj in places if kind == "partnership"}
        side = next((obj for kind, obj in places if kind == "side"), None)
        if side is not None:
            partnerships.setdefault(side.partnership_id, side.partnership)
        ours = bool(key_value)  # written by Mutuality: its cases list every partnership, maybe none
        if not partnerships and not ours and self.target is not None:
            partnerships[self.target.pk] = self.target
        if not partnerships and not ours:
            self.problems.append(
                Problem(
                    self.report.filename,
                    record.line,
                    f"TextSource {label}",
                    None,
                    _(
                        "no case of the file places this source in a partnership here: choose the partnership to import into"
                    ),
                )
            )
            return
        source = Source(
            key=self.source_key(key_value, record),
            title=(record.name or _("Imported source"))[:300],
            side=side,
            respondent=next((obj for kind, obj in places if kind == "respondent"), None),
        )
        self.source_fields(source, values, label)
        source.save()
        self.made.add(source.pk)
        source.partnerships.set(partnerships.values())
        remember("source", source.pk, record.guid)
        for place_kind, obj in places:
            if place_kind == "case":
                obj.sources.add(source)
        for name, value in values.items():
            if name not in vocab.VARIABLE_TYPES:
                SourceVariable.objects.create(
                    qda_import=self.record,
                    source=source,
                    name=name[:300],
                    type=value.type[:10],
                    value=value.text,
                )
        version = add_version(source, text, user=self.importer).version
        self.counts["sources"] += 1
        if record.description:
            self.memo(record.description, source=source)
        for note in record.notes:
            self.memo_targets[note].append(("source", source))
        self.write_codings(record, source, version, text, moved)

    def existing_source(
        self, record: SourceRecord, key_value: str, text: str, label: str
    ) -> tuple[Source | None, bool]:
        """The source here that the file's source is, and whether to stop without making one.

        It is the same source when this project (or an export of ours) gave it before, by
        GUID or by our key, or when one source here has exactly its text now. Several
        sources with that text leave no way to choose, so its codings are not added.
        """
        kept = ExchangeGuid.objects.filter(kind="source", guid=record.guid).first()
        if kept is not None and kept.object_key.isdigit():
            source = Source.objects.filter(pk=int(kept.object_key)).first()
            if source is not None:
                return source, True
        if key_value and derived("source", key_value) == record.guid:
            source = Source.objects.filter(key=key_value).first()
            if source is not None:
                return source, True
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        same = [
            version.source
            for version in SourceVersion.objects.filter(sha256=digest).select_related("source")
            if version.text == text
            and version.source_id not in self.made
            and version.source.current == version
        ]
        if len(same) > 1:
            self.skip(
                _(
                    "Source %(source)s: several sources here have its text (%(keys)s); "
                    "its codings were not added to any of them."
                )
                % {"source": label, "keys": ", ".join(sorted(source.key for source in same))}
            )
            return None, True
        return (same[0], True) if same else (None, False)

    def add_to_existing(
        self, record: SourceRecord, source: Source, text: str, moved: Any, label: str
    ) -> None:
        """Add the file's codings to a source that is here already, on its current text.

        Its fields, text and memos stay as they are; a coding already there (same
        coder, code and words) is not added twice, and a coding whose words are not
        the stored text's words at its place is a problem, so nothing is imported.
        """
        version = source.current
        if version is None:
            return
        if not ExchangeGuid.objects.filter(kind="source", object_key=str(source.pk)).exists():
            remember("source", source.pk, record.guid)  # found by its text: the next import finds it by GUID
        before = (self.counts["codings"], self.counts["codings_already_there"], len(self.problems))
        self.write_codings(record, source, version, text, moved, stored=version.text)
        if len(self.problems) != before[2]:
            return
        added = self.counts["codings"] - before[0]
        there = self.counts["codings_already_there"] - before[1]
        self.counts["sources_existing"] += 1
        self.report.existing.append(
            ngettext(
                "Source %(source)s is already here as %(key)s: %(added)s coding added, %(there)s already there.",
                "Source %(source)s is already here as %(key)s: %(added)s codings added, %(there)s already there.",
                added,
            )
            % {"source": label, "key": source.key, "added": added, "there": there}
        )

    def source_key(self, key: str, record: SourceRecord) -> str:
        if (
            key
            and len(key) <= 80
            and re.match(KEY_PATTERN, key)
            and not Source.objects.filter(key=key).exists()
        ):
            return key
        return unique_key(record.name or "source", lambda taken: Source.objects.filter(key=taken).exists())

    def source_fields(self, source: Source, values: dict[str, Value], label: str) -> None:
        if "source.kind" in values:
            kind = values["source.kind"].text
            if kind in vocabulary("source_kind"):
                source.kind = kind
            else:
                self.skip(
                    _("Source %(source)s: unknown kind %(kind)s.") % {"source": label, "kind": repr(kind)}
                )
        if "source.date" in values:
            try:
                source.date = datetime.date.fromisoformat(values["source.date"].text[:10])
            except ValueError:
                self.skip(
                    _("Source %(source)s: %(date)s is not a date.")
                    % {"source": label, "date": repr(values["source.date"].text)}
                )
        if "source.language" in values:
            source.language = values["source.language"].text[:20]
        if "source.confidential" in values:
            source.confidential = values["source.confidential"].text.strip().lower() not in ("false", "0")
        if "source.citation" in values:
            source.source = values["source.citation"].text[:300]

    def write_codings(
        self,
        record: SourceRecord,
        source: Source,
        version: Any,
        text: str,
        moved: Any,
        stored: str | None = None,
    ) -> None:
        """Write the codings of the file's source onto ``version``.

        ``stored`` is the version's text when the source was here already: each
        coding's words must then be the same words there, and codings already on
        the version are counted, not added again.
        """
        label = repr(record.name or record.guid)
        seen: set[tuple[int, int, int, int]] = set()
        there: set[tuple[int, int, int, int]] = set()
        if stored is not None:
            there = set(
                Coding.objects.filter(version=version).values_list("start", "end", "code_id", "coder_id")
            )
        for selection in record.selections:
            start, end = moved(selection.start), moved(selection.end)
            if start >= end:
                if selection.codings:
                    self.skip(
                        ngettext(
                            "Source %(source)s: %(count)s coding of an empty selection (%(start)s–%(end)s).",
                            "Source %(source)s: %(count)s codings of an empty selection (%(start)s–%(end)s).",
                            len(selection.codings),
                        )
                        % {
                            "source": label,
                            "count": len(selection.codings),
                            "start": selection.start,
                            "end": selection.end,
                        }
                    )
                continue
            if stored is not None and selection.codings and stored[start:end] != text[start:end]:
                self.problems.append(
                    Problem(
                        self.report.filename,
                        selection.line,
                        f"TextSource {label}",
                        None,
                        _(
                            "the coded words at %(start)s–%(end)s, %(words)s, are not the words of "
                            "the source here at that place, %(stored)s; the source's text has changed"
                        )
                        % {
                            "start": selection.start,
                            "end": selection.end,
                            "words": repr(shortened(text[start:end], 60)),
                            "stored": repr(shortened(stored[start:end], 60)),
                        },
                    )
                )
                continue
            first = None
            for item in selection.codings:
                code, coder = self.codes[item.code], self.user(item.user)
                if (start, end, code.pk, coder.pk) in there:
                    self.counts["codings_already_there"] += 1
                    continue
                if (start, end, code.pk, coder.pk) in seen:
                    self.skip(
                        _(
                            "Source %(source)s: a second coding of %(start)s–%(end)s with the same code by the same coder."
                        )
                        % {"source": label, "start": selection.start, "end": selection.end}
                    )
                    continue
                seen.add((start, end, code.pk, coder.pk))
                coding = Coding(version=version, start=start, end=end, code=code, coder=coder)
                projects = self.coding_notes(coding, item.notes, record.guid, label)
                coding.save()
                if projects:
                    coding.projects.set(projects)
                first = first or coding
                self.counts["codings"] += 1
                self.show(source, code, text, start, end)
                remember("coding", coding.pk, item.guid)
                for note in item.notes:
                    if note not in self.consumed_notes:
                        self.memo_targets[note].append(("coding", coding))
            if first is not None:
                remember("selection", f"{version.pk}:{start}:{end}", selection.guid)
            if first is None and stored is not None:
                continue  # every coding of the selection was there already, with its notes
            for note in selection.notes:
                self.memo_targets[note].append(("coding", first) if first else ("source", source))
            if selection.description:
                if first is not None:
                    self.memo(selection.description, coding=first)
                else:
                    self.memo(selection.description, source=source)

    def show(self, source: Source, code: Code, text: str, start: int, end: int) -> None:
        """Keep the first few codings of each source, as they landed, for the report."""
        shown = self.shown[source.pk] = self.shown.get(source.pk, 0) + 1
        if shown <= SHOWN_PER_SOURCE:
            self.report.passages.append(
                {"source": source.title, "code": code.display_path, "words": shortened(text[start:end], 160)}
            )

    def coding_notes(self, coding: Coding, notes: list[str], source_guid: str, label: str) -> list[Project]:
        """Apply the notes that hold a coding's attributes or its own memo; return its projects.

        The projects are set once the coding is saved.
        """
        projects: list[Project] = []
        for guid in notes:
            note = self.document.notes.get(guid)
            if note is None:
                continue
            if note.name == vocab.CODING_MEMO_NOTE and not coding.memo:
                coding.memo = note.text
                self.consumed_notes.add(guid)
            elif note.name == vocab.ATTRIBUTES_NOTE:
                self.consumed_notes.add(guid)
                projects.extend(self.attributes(coding, note.text, label))
        return list(dict.fromkeys(projects))

    def attributes(self, coding: Coding, text: str, label: str) -> list[Project]:
        """Set the attributes of one ``Mutuality coding attributes`` note; return the projects it names."""
        projects: list[Project] = []
        for line in text.splitlines():
            name, _sep, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            attribute = vocab.ATTRIBUTE_NAMES.get(name)
            if attribute is None or not value:
                continue
            if attribute == "side":
                side = Side.objects.filter(
                    partnership__in=coding.version.source.partnerships.all(), municipality__key=value
                ).first()
                if side is None:
                    self.skip(
                        _("Source %(source)s: no side %(side)s for whose learning.")
                        % {"source": label, "side": repr(value)}
                    )
                coding.concerns_side = side
                continue
            if attribute == "country":
                if country_code(value):
                    coding.concerns_country = country_code(value) or ""
                else:
                    self.skip(
                        _(
                            "Source %(source)s: %(value)s is not a country (an ISO code such as NL) for whose learning."
                        )
                        % {"source": label, "value": repr(value)}
                    )
                continue
            if attribute == "projects":
                projects.extend(self.projects(coding, value, label))
                continue
            vocab_key = "assessment" if attribute == "assessment" else "factor_role"
            if value in vocabulary(vocab_key) and coding.code.is_dimension:
                setattr(coding, attribute, value)
            else:
                self.skip(
                    _("Source %(source)s: the %(attribute)s %(value)s of a coding of %(code)s was not kept.")
                    % {"source": label, "attribute": name, "value": repr(value), "code": coding.code.name}
                )
        return projects

    def projects(self, coding: Coding, value: str, label: str) -> list[Project]:
        """The projects of the source's partnerships named in ``value``: ``partnership/project`` keys
        (or only the project's key, when one partnership has it), separated by commas."""
        partnerships = list(coding.version.source.partnerships.all())
        found = []
        for raw in (item.strip() for item in value.split(",")):
            if not raw:
                continue
            partnership_key, _slash, key = raw.rpartition("/")
            candidates = list(
                Project.objects.filter(
                    partnership__in=[p for p in partnerships if partnership_key in ("", p.key)], key=key
                )
            )
            if len(candidates) == 1:
                found.append(candidates[0])
            else:
                self.skip(
                    _("Source %(source)s: %(project)s is not one project of the source's partnerships.")
                    % {"source": label, "project": repr(raw)}
                )
        return found

    # --- notes and memos --------------------------------------------------------------

    def memo(self, text: str, author: Any = None, **target: Any) -> Memo:
        memo = Memo.objects.create(text=text, author=author or self.importer, **target)
        self.counts["memos"] += 1
        return memo

    def write_notes(self) -> None:
        for code_record in self.document.codes:
            for note_guid in code_record.notes:
                self.memo_targets[note_guid].append(("code", self.codes[code_record.guid]))
        for guid, note in self.document.notes.items():
            if guid in self.consumed_notes:
                continue
            targets = self.memo_targets.get(guid, [])
            author = self.user(note.user) if targets and note.user in self.document.users else None
            text = note.text if not note.description else f"{note.description}\n\n{note.text}".strip()
            for index, (kind, obj) in enumerate(targets):
                memo = self.memo(text or note.name, author, **{kind: obj})
                if index == 0:
                    remember("memo", memo.pk, guid)
            if not targets:
                ImportedNote.objects.create(
                    qda_import=self.record,
                    guid=guid[:36],
                    name=note.name[:300],
                    text=note.text,
                    description=note.description,
                )
                self.counts["notes"] += 1

    def write_attachments(self) -> None:
        for item in self.document.attachments:
            Attachment.objects.create(
                qda_import=self.record,
                partnership=self.target,
                guid=item.guid[:36],
                kind=item.kind,
                name=item.name[:300],
                path=item.path[:1000],
                data=item.data,
                size=len(item.data),
                description=item.description,
                skipped_codings=item.codings,
            )
            self.counts["attachments"] += 1
            self.report.attachments.append(
                {"name": item.name, "kind": item.kind, "size": len(item.data), "codings": item.codings}
            )
            if item.data:
                reason = _("kept as an attachment")
            else:
                reason = _("listed as an attachment; its file is not in the project file")
            self.skip(
                ngettext(
                    "%(kind)s source %(name)s (%(codings)s coding): Mutuality codes text only; %(reason)s.",
                    "%(kind)s source %(name)s (%(codings)s codings): Mutuality codes text only; %(reason)s.",
                    item.codings,
                )
                % {
                    "kind": item.kind.upper(),
                    "name": repr(item.name),
                    "codings": item.codings,
                    "reason": reason,
                }
            )
