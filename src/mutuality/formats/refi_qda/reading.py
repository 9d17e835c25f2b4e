"""Reading a REFI-QDA project or codebook into plain records, leniently, without touching the database.

The reader takes what other tools write, not only what the schema allows:
elements in another order, the pre-1.0 codebook namespace, braced or
upper-case GUIDs, ``plainTextPath`` with or without ``internal://``, text
files with a byte-order mark or ``\\r\\n`` line ends, offsets in UTF-16 units
(NVivo; :mod:`~mutuality.formats.refi_qda.offsets` decides the unit per project and
checks it on the words). What it cannot use it
counts and lists as skipped, with the reason. What would make the data wrong
— a coding outside its text, a coding of a code the codebook lacks, a code
that contains itself, a GUID used by two sources — is a problem, located by
file, line and element, and then nothing is imported.
"""

from __future__ import annotations

import codecs
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from mutuality.formats.extract import has_words
from mutuality.formats.problems import Problem
from mutuality.formats.refi_qda import offsets
from mutuality.formats.refi_qda.guids import canonical
from mutuality.formats.refi_qda.package import Package, QdaImportError, local

MAX_PROBLEMS = 50
SOURCE_KINDS = {
    "PDFSource": "pdf",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
IGNORED = {"Links": "Link", "Sets": "Set", "Graphs": "Graph"}


@dataclass
class Value:
    variable: str  # the variable's name
    type: str  # Text, Boolean, Integer, Float, Date, DateTime
    text: str


@dataclass
class CodeRecord:
    guid: str
    name: str
    description: str
    colour: str
    parent: str | None
    codable: bool
    notes: list[str]
    line: int | None


@dataclass
class CodingRecord:
    guid: str
    code: str
    user: str | None
    notes: list[str]
    line: int | None


@dataclass
class SelectionRecord:
    guid: str
    start: int
    end: int
    codings: list[CodingRecord]
    notes: list[str]
    description: str
    line: int | None


@dataclass
class SourceRecord:
    guid: str
    name: str
    text: str
    selections: list[SelectionRecord]
    notes: list[str]
    values: list[Value]
    description: str
    line: int | None


@dataclass
class CaseRecord:
    guid: str
    name: str
    description: str
    values: list[Value]
    sources: list[str]
    line: int | None


@dataclass
class NoteRecord:
    guid: str
    name: str
    text: str
    description: str
    user: str | None
    line: int | None


@dataclass
class AttachmentRecord:
    guid: str
    kind: str
    name: str
    path: str
    data: bytes
    description: str
    codings: int


@dataclass
class Document:
    """Everything read from one file."""

    kind: str  # "project" or "codebook"
    name: str = ""
    origin: str = ""
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    codes: list[CodeRecord] = field(default_factory=list)  # parents before children
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)  # guid -> (name, type)
    cases: list[CaseRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    attachments: list[AttachmentRecord] = field(default_factory=list)
    notes: dict[str, NoteRecord] = field(default_factory=dict)
    project_notes: list[str] = field(default_factory=list)
    offset_reading: offsets.Decision | None = None  # the unit the selections were read in, and why
    read: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)


class Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.label = package.label
        self.problems: list[Problem] = []
        self.code_guids: set[str] = set()
        self.source_guids: set[str] = set()
        # Selections as the file counts them, with their elements, until the unit is decided.
        self.pending: dict[str, list[tuple[SelectionRecord, etree._Element, str]]] = {}

    # --- reporting ---------------------------------------------------------------------

    def problem(
        self, element: etree._Element | None, record: str, attribute: str | None, message: str
    ) -> None:
        line = element.sourceline if element is not None else None
        self.problems.append(Problem(self.label, line, record, attribute, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise QdaImportError(self.problems)

    def where(self, element: etree._Element) -> str:
        name = element.get("name")
        return f"{local(element)} {name!r}" if name else local(element)

    def guid(self, element: etree._Element, attribute: str = "guid") -> str:
        """The element's GUID, canonical; an id made up for one without (they refer to nothing)."""
        raw = element.get(attribute)
        found = canonical(raw)
        if found is not None:
            return found
        if raw and raw.strip():
            return raw.strip().lower()
        return f"missing-{uuid.uuid4()}"

    def ref(self, element: etree._Element) -> str | None:
        raw = element.get("targetGUID")
        if raw is None or not raw.strip():
            return None
        return canonical(raw) or raw.strip().lower()

    @staticmethod
    def children(element: etree._Element, name: str) -> list[etree._Element]:
        return [child for child in element if local(child) == name]

    def child_text(self, element: etree._Element, name: str) -> str:
        found = self.children(element, name)
        return (found[0].text or "") if found else ""

    def note_refs(self, element: etree._Element) -> list[str]:
        return [ref for child in self.children(element, "NoteRef") if (ref := self.ref(child))]

    # --- the document ------------------------------------------------------------------

    def read(self, root: etree._Element) -> Document:
        kind = local(root)
        if kind == "Project":
            document = self.project(root)
        elif kind == "CodeBook":
            document = Document("codebook", origin=root.get("origin") or "")
            self.codebook(root, document)
            for sets in self.children(root, "Sets"):
                count = len(self.children(sets, "Set"))
                if count:
                    document.skipped.append(
                        _("%(count)s sets of codes (REFI-QDA sets are not kept).") % {"count": count}
                    )
        else:
            self.problem(
                root,
                local(root) or "?",
                None,
                _("expected a REFI-QDA <Project> or <CodeBook> document, not <%(found)s>")
                % {"found": local(root)},
            )
            raise QdaImportError(self.problems)
        if self.problems:
            raise QdaImportError(self.problems)
        return document

    def project(self, root: etree._Element) -> Document:
        document = Document("project", name=root.get("name") or "", origin=root.get("origin") or "")
        for users in self.children(root, "Users"):
            for user in self.children(users, "User"):
                document.users[self.guid(user)] = (user.get("name") or "").strip()
        document.read["users"] = len(document.users)
        for codebook in self.children(root, "CodeBook"):
            self.codebook(codebook, document)
        for variables in self.children(root, "Variables"):
            for variable in self.children(variables, "Variable"):
                name = (variable.get("name") or "").strip()
                document.variables[self.guid(variable)] = (name, variable.get("typeOfVariable") or "Text")
        document.read["variables"] = len(document.variables)
        for cases in self.children(root, "Cases"):
            for case in self.children(cases, "Case"):
                document.cases.append(self.case(case, document))
        document.read["cases"] = len(document.cases)
        for notes in self.children(root, "Notes"):
            for note in self.children(notes, "Note"):
                record = self.note(note, document)
                document.notes.setdefault(record.guid, record)
        document.read["notes"] = len(document.notes)
        for sources in self.children(root, "Sources"):
            for source in sources:
                self.source(source, document)
        self.place_selections(document)
        document.project_notes = self.note_refs(root)
        for container, item in IGNORED.items():
            count = sum(len(self.children(holder, item)) for holder in self.children(root, container))
            if count:
                document.skipped.append(
                    _("%(count)s %(element)s elements: Mutuality has no place for them.")
                    % {"count": count, "element": item}
                )
        return document

    # --- codes ------------------------------------------------------------------------

    def codebook(self, element: etree._Element, document: Document) -> None:
        for codes in self.children(element, "Codes"):
            for code in self.children(codes, "Code"):
                self.code(code, None, (), document)
        document.read["codes"] = len(document.codes)

    def code(
        self, element: etree._Element, parent: str | None, ancestors: tuple[str, ...], document: Document
    ) -> None:
        guid = self.guid(element)
        if guid in ancestors:
            self.problem(
                element,
                self.where(element),
                "guid",
                _("the code %(guid)s is placed inside itself: the codebook has a cycle") % {"guid": guid},
            )
            return
        if guid in self.code_guids:
            self.problem(
                element,
                self.where(element),
                "guid",
                _("the GUID %(guid)s is used by two codes") % {"guid": guid},
            )
            return
        self.code_guids.add(guid)
        document.codes.append(
            CodeRecord(
                guid=guid,
                name=(element.get("name") or "").strip(),
                description=self.child_text(element, "Description"),
                colour=(element.get("color") or "").strip(),
                parent=parent,
                codable=(element.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                notes=self.note_refs(element),
                line=element.sourceline,
            )
        )
        for child in self.children(element, "Code"):
            self.code(child, guid, (*ancestors, guid), document)

    # --- cases, variables and notes --------------------------------------------------------

    def values(self, element: etree._Element, document: Document) -> list[Value]:
        found = []
        for holder in self.children(element, "VariableValue"):
            refs = self.children(holder, "VariableRef")
            target = self.ref(refs[0]) if refs else None
            if target is None or target not in document.variables:
                document.skipped.append(
                    _("A variable value at line %(line)s names no variable of the project.")
                    % {"line": holder.sourceline}
                )
                continue
            name, declared = document.variables[target]
            for child in holder:
                kind = local(child)
                if kind.endswith("Value"):
                    found.append(Value(name, kind[: -len("Value")] or declared, (child.text or "").strip()))
                    break
        return found

    def case(self, element: etree._Element, document: Document) -> CaseRecord:
        sources = [ref for child in self.children(element, "SourceRef") if (ref := self.ref(child))]
        ignored = len(self.children(element, "CodeRef")) + len(self.children(element, "SelectionRef"))
        if ignored:
            document.skipped.append(
                _("Case %(case)s: %(count)s references to codes or selections (cases here hold sources).")
                % {"case": repr(element.get("name") or ""), "count": ignored}
            )
        return CaseRecord(
            guid=self.guid(element),
            name=(element.get("name") or "").strip(),
            description=self.child_text(element, "Description"),
            values=self.values(element, document),
            sources=sources,
            line=element.sourceline,
        )

    def note(self, element: etree._Element, document: Document) -> NoteRecord:
        text = self.children(element, "PlainTextContent")
        content = (text[0].text or "") if text else ""
        path = element.get("plainTextPath")
        if not text and path:
            content = self.text_file(element, path, document, notes=True) or ""
        return NoteRecord(
            guid=self.guid(element),
            name=(element.get("name") or "").strip(),
            text=content,
            description=self.child_text(element, "Description"),
            user=canonical(element.get("creatingUser")),
            line=element.sourceline,
        )

    # --- sources ----------------------------------------------------------------------

    def source(self, element: etree._Element, document: Document) -> None:
        kind = local(element)
        if not kind:
            return
        document.read["sources"] += 1
        codings = [c for c in element.iter() if isinstance(c.tag, str) and local(c) == "Coding"]
        document.read["codings"] += len(codings)
        name = element.get("name") or ""
        if kind in SOURCE_KINDS:
            self.attachment(element, SOURCE_KINDS[kind], len(codings), document)
            return
        if kind != "TextSource":
            document.skipped.append(
                _("<%(element)s> at line %(line)s is not a kind of source.")
                % {"element": kind, "line": element.sourceline}
            )
            return
        guid = self.guid(element)
        if guid in self.source_guids:
            self.problem(
                element,
                self.where(element),
                "guid",
                _("the GUID %(guid)s is used by two sources") % {"guid": guid},
            )
            return
        self.source_guids.add(guid)
        text = self.source_text(element, document)
        if text is None:
            if codings:
                document.skipped.append(
                    ngettext(
                        "%(count)s coding of source %(source)s, whose text is missing.",
                        "%(count)s codings of source %(source)s, whose text is missing.",
                        len(codings),
                    )
                    % {"count": len(codings), "source": repr(name or guid)}
                )
            return
        if not has_words(text):
            document.skipped.append(
                ngettext(
                    "Source %(source)s: its text is empty (or only spaces and invisible characters), "
                    "so it and its %(count)s coding were not imported.",
                    "Source %(source)s: its text is empty (or only spaces and invisible characters), "
                    "so it and its %(count)s codings were not imported.",
                    len(codings),
                )
                % {"source": repr(name or guid), "count": len(codings)}
            )
            return
        self.pending[guid] = [
            found
            for child in self.children(element, "PlainTextSelection")
            if (found := self.selection(child, name or guid, document)) is not None
        ]
        whole = self.codings(element, document)
        selections = (
            [SelectionRecord(f"whole-{guid}", 0, len(text), whole, [], "", element.sourceline)]
            if whole
            else []
        )
        description = self.child_text(element, "Description")
        document.sources.append(
            SourceRecord(
                guid=guid,
                name=name,
                text=text,
                selections=selections,
                notes=self.note_refs(element),
                values=self.values(element, document),
                description=description,
                line=element.sourceline,
            )
        )

    def source_text(self, element: etree._Element, document: Document) -> str | None:
        """The text of a TextSource, from its content or its file; None (and why, in skipped) if missing."""
        content = self.children(element, "PlainTextContent")
        if content:
            return content[0].text or ""
        path = element.get("plainTextPath")
        if not path:
            document.skipped.append(
                _("Source %(source)s (line %(line)s): it has neither text nor a text file.")
                % {"source": repr(element.get("name") or ""), "line": element.sourceline}
            )
            return None
        return self.text_file(element, path, document)

    def text_file(
        self, element: etree._Element, path: str, document: Document, notes: bool = False
    ) -> str | None:
        what = repr(element.get("name") or path)
        if path.lower().startswith(("relative://", "absolute://")):
            document.skipped.append(
                _("%(what)s: its text is outside the project file (%(path)s).") % {"what": what, "path": path}
            )
            return None
        entry = self.package.find(path)
        if entry is None:
            document.skipped.append(
                _("%(what)s: its text file %(path)s is not in the project file.")
                % {"what": what, "path": path}
            )
            return None
        data = self.package.read(entry, self.package.limits.max_text_bytes)
        try:
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                text = data.decode("utf-16")
            else:
                text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            self.problem(
                element,
                self.where(element),
                "plainTextPath",
                _("%(file)s is not UTF-8 text (byte %(position)s), as REFI-QDA requires")
                % {"file": entry.filename, "position": error.start},
            )
            return None
        return text.replace("\x00", "") if notes else text

    def position(self, element: etree._Element, attribute: str, where: str) -> int | None:
        raw = (element.get(attribute) or "").strip()
        try:
            return int(raw)
        except ValueError:
            self.problem(
                element, where, attribute, _("expected a whole number, not %(value)s") % {"value": repr(raw)}
            )
            return None

    def selection(
        self, element: etree._Element, source: str, document: Document
    ) -> tuple[SelectionRecord, etree._Element, str] | None:
        """A selection with its offsets as the file counts them (:meth:`place_selections` moves them)."""
        where = f"{_('source')} {source!r} › {self.where(element)}"
        start = self.position(element, "startPosition", where)
        end = self.position(element, "endPosition", where)
        if start is None or end is None:
            return None
        record = SelectionRecord(
            guid=self.guid(element),
            start=start,
            end=end,
            codings=self.codings(element, document, where),
            notes=self.note_refs(element),
            description=self.child_text(element, "Description"),
            line=element.sourceline,
        )
        return record, element, where

    def place_selections(self, document: Document) -> None:
        """Decide the unit of the offsets for the whole project, and move every selection to code points.

        A selection outside its text in the unit decided is a problem, and nothing is imported.
        """
        texts = [
            offsets.Text(
                repr(source.name or source.guid),
                source.text,
                [offsets.Selection(record.start, record.end) for record, _e, _w in self.pending[source.guid]],
            )
            for source in document.sources
        ]
        decision = offsets.decide(document.origin, texts)
        document.offset_reading = decision
        unit = offsets.unit_name(decision.unit)
        for source in document.sources:
            convert = decision.convert(source.text)
            length = len(source.text)
            placed = []
            for record, element, where in self.pending[source.guid]:
                start, end = convert(record.start), convert(record.end)
                if start < 0 or end < start or end > length:
                    self.problem(
                        element,
                        where,
                        "endPosition" if end > length else "startPosition",
                        _(
                            "the selection %(start)s–%(end)s lies outside the text, which has %(length)s "
                            "characters (offsets read in %(unit)s)"
                        )
                        % {"start": record.start, "end": record.end, "length": length, "unit": unit},
                    )
                    continue
                record.start, record.end = start, end
                placed.append(record)
            source.selections[:0] = placed

    def codings(self, element: etree._Element, document: Document, where: str = "") -> list[CodingRecord]:
        found = []
        for coding in self.children(element, "Coding"):
            refs = self.children(coding, "CodeRef")
            code = self.ref(refs[0]) if refs else None
            if code is None or code not in self.code_guids:
                self.problem(
                    coding,
                    f"{where or self.where(element)} › Coding",
                    "CodeRef",
                    _("the coding refers to code %(guid)s, which is not in the codebook")
                    % {"guid": code or _("(none)")},
                )
                continue
            found.append(
                CodingRecord(
                    guid=self.guid(coding),
                    code=code,
                    user=canonical(coding.get("creatingUser")),
                    notes=self.note_refs(coding),
                    line=coding.sourceline,
                )
            )
        return found

    def attachment(self, element: etree._Element, kind: str, codings: int, document: Document) -> None:
        path = element.get("path") or element.get("currentPath") or ""
        data = b""
        entry = (
            self.package.find(path)
            if path and not path.lower().startswith(("relative://", "absolute://"))
            else None
        )
        if entry is not None:
            data = self.package.read(entry, self.package.limits.max_entry_bytes)
        document.attachments.append(
            AttachmentRecord(
                guid=self.guid(element),
                kind=kind,
                name=element.get("name") or path or kind,
                path=path,
                data=data,
                description=self.child_text(element, "Description"),
                codings=codings,
            )
        )


def read_document(package: Package, root: etree._Element) -> Document:
    return Reader(package).read(root)
