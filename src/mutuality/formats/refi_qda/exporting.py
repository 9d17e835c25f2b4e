"""Writing a Mutuality project as a REFI-QDA project (.qdpx) or its codebook (.qdc).

What is written (docs/refi-qda.md has the whole mapping):

* **Users**: every coder and memo author, by user name.
* **CodeBook**: framework codes (each vocabulary a code that is not codable,
  its terms under it; the description ends with ``Framework term: vocab/term``)
  and researchers' own codes, with hierarchy, colours and descriptions.
* **Variables** and **Cases**: a case per partnership (its attributes as
  variables), one per side, one per respondent, each listing its sources.
* **Sources**: each source's current text as ``sources/<guid>.txt`` (UTF-8,
  offsets in code points as the standard says, or in UTF-16 code units for
  NVivo when asked: :mod:`~mutuality.formats.refi_qda.offsets`), its metadata as variables, and its codings as
  ``PlainTextSelection`` elements; codings of the same words share a selection.
* **Notes**: memos, a coding's memo, and a coding's assessment, role, whose
  learning (a side or a country) and projects (``Mutuality coding
  attributes``), each referred to from what it is about.

Real names are replaced (:mod:`mutuality.privacy.pseudonymise`) unless
``with_names``: in the sources' titles and texts, the selections' names, memos
and citations. The selections' offsets are moved to the replaced text, and a
selection that cuts a name takes its whole replacement.

The output is deterministic: no timestamps, GUIDs kept or derived from stable
keys, everything in a fixed order, and fixed dates in the ZIP archive. So a
project exported, imported into an empty database and exported again gives
the same bytes. What is written is valid against the official schemas.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from lxml import etree

from mutuality.evidence.codebook import code_tree
from mutuality.evidence.models import Code, Coding, Memo, Respondent, Source
from mutuality.evidence.offsets import codepoint_to_utf16_map
from mutuality.formats.refi_qda import offsets, vocab
from mutuality.formats.refi_qda.guids import GuidBook
from mutuality.formats.refi_qda.package import CODEBOOK_NS, PROJECT_NS
from mutuality.partnerships.models import Partnership, Side
from mutuality.privacy.pseudonymise import Pseudonymiser, Replaced

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class ExportSummary:
    """What an export wrote, and what it left out."""

    counts: dict[str, int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{name}: {count}" for name, count in self.counts.items()]
        return ", ".join(parts)


def code_identity(code: Code) -> str:
    """A code's stable key: vocabulary/term for framework codes, else its path."""
    if code.vocabulary:
        return f"framework:{code.vocabulary}/{code.term}"
    return f"path:{code.path}"


class _Project:
    """Collects the elements of one project document."""

    def __init__(
        self, partnership: Partnership | None, with_names: bool = False, units: str = offsets.CODE_POINTS
    ) -> None:
        self.partnership = partnership
        self.units = units
        self.written: Callable[[int], int] = lambda offset: offset  # code points -> the file's unit
        self.pseudonymiser = None if with_names else Pseudonymiser()
        self.guids = GuidBook()
        self.summary = ExportSummary()
        self.users: dict[int, str] = {}  # user pk -> guid
        self.user_names: dict[int, str] = {}
        self.notes: list[etree._Element] = []
        self.variables: dict[str, str] = {}  # name -> guid (those used)
        self.files: dict[str, bytes] = {}
        self.source_guids: dict[int, str] = {}
        self.code_guids: dict[int, str] = {}

    # --- helpers --------------------------------------------------------------------

    def hidden(self, text: str, source_id: int | None = None) -> str:
        """``text`` with real names replaced, unless the export keeps them."""
        return text if self.pseudonymiser is None else self.pseudonymiser.text(text, source_id)

    def el(self, parent: etree._Element | None, tag_name: str, /, **attributes: str | None) -> etree._Element:
        """A child of ``parent`` (or a root); attributes without a value are left out."""
        tag = f"{{{PROJECT_NS}}}{tag_name}"
        attrs = {key: value for key, value in attributes.items() if value is not None and value != ""}
        if parent is None:
            return etree.Element(tag, attrs, nsmap={None: PROJECT_NS})
        return etree.SubElement(parent, tag, attrs)

    def user(self, user: Any) -> str | None:
        if user is None:
            return None
        if user.pk not in self.users:
            name = user.get_username()
            self.users[user.pk] = self.guids.get("user", user.pk, name)
            self.user_names[user.pk] = name
        return self.users[user.pk]

    def note(self, guid: str, name: str, text: str, author: Any = None) -> None:
        note = self.el(None, "Note", guid=guid, name=name, creatingUser=self.user(author) or "")
        content = etree.SubElement(note, f"{{{PROJECT_NS}}}PlainTextContent")
        content.text = text
        self.notes.append(note)

    def value(self, parent: etree._Element, name: str, raw: Any) -> None:
        if raw is None or raw == "":
            return
        kind = vocab.VARIABLE_TYPES[name]
        self.variables.setdefault(name, self.guids.get("variable", name, name))
        holder = self.el(parent, "VariableValue")
        self.el(holder, "VariableRef", targetGUID=self.variables[name])
        if kind == "Boolean":
            text = "true" if raw else "false"
        elif kind == "Date":
            text = raw.isoformat()
        else:
            text = str(raw)
        self.el(holder, f"{kind}Value").text = text

    def memo_refs(
        self,
        parent: etree._Element,
        memos: list[Memo],
        kind: str,
        target_guid: str,
        source_id: int | None = None,
    ) -> None:
        for index, memo in enumerate(memos):
            guid = self.guids.get("memo", memo.pk, kind, target_guid, index)
            self.note(guid, vocab.MEMO_NOTE, self.hidden(memo.text, source_id), memo.author)
            self.el(parent, "NoteRef", targetGUID=guid)

    # --- the document -------------------------------------------------------------

    def build(self) -> etree._Element:
        sources = self.sources()
        memos = self.memos()
        origin = vocab.ORIGIN if self.units == offsets.CODE_POINTS else vocab.ORIGIN_UTF16
        root = self.el(None, "Project", name=self.project_name(), origin=origin)
        users = self.el(root, "Users")
        codebook = self.codebook(memos)
        self.el(root, "CodeBook").append(codebook)
        source_elements = [self.source(source, memos) for source in sources]
        cases = self.cases(sources)
        if self.variables:
            variables = self.el(root, "Variables")
            for name in sorted(self.variables):
                self.el(
                    variables,
                    "Variable",
                    guid=self.variables[name],
                    name=name,
                    typeOfVariable=vocab.VARIABLE_TYPES[name],
                )
        if len(cases):
            root.append(cases)
        if source_elements:
            holder = self.el(root, "Sources")
            for element in source_elements:
                holder.append(element)
        if self.notes:
            holder = self.el(root, "Notes")
            for note in sorted(self.notes, key=lambda n: n.get("guid", "")):
                holder.append(note)
        for pk in sorted(self.users, key=lambda pk: self.user_names[pk]):
            self.el(users, "User", guid=self.users[pk], name=self.user_names[pk])
        if not len(users):
            root.remove(users)
        self.summary.counts.update(
            {
                "users": len(self.users),
                "variables": len(self.variables),
                "cases": len(cases),
                "notes": len(self.notes),
            }
        )
        return root

    def project_name(self) -> str:
        return self.partnership.name if self.partnership else "Mutuality"

    def sources(self) -> list[Source]:
        sources = Source.objects.select_related("side__municipality", "side__partnership", "respondent")
        sources = sources.prefetch_related("partnerships").order_by("key")
        if self.partnership is not None:
            sources = sources.filter(partnerships=self.partnership)
        chosen = []
        for source in sources:
            if source.current is None:
                self.summary.left_out.append(
                    _("%(source)s has no text and was left out.") % {"source": source.key}
                )
            else:
                chosen.append(source)
        return chosen

    def memos(self) -> dict[tuple[str, int], list[Memo]]:
        found: dict[tuple[str, int], list[Memo]] = defaultdict(list)
        for memo in Memo.objects.select_related("author").order_by("created_at", "id"):
            for kind in ("source", "code", "coding"):
                target = getattr(memo, f"{kind}_id")
                if target is not None:
                    found[(kind, target)].append(memo)
        return found

    # --- codebook --------------------------------------------------------------------

    def codebook(self, memos: dict[tuple[str, int], list[Memo]]) -> etree._Element:
        codes = self.el(None, "Codes")
        elements: dict[int, etree._Element] = {}
        for code, _depth in code_tree():
            guid = self.guids.get("code", code.pk, code_identity(code))
            self.code_guids[code.pk] = guid
            parent = elements[code.parent_id] if code.parent_id else codes
            element = self.el(
                parent,
                "Code",
                guid=guid,
                name=code.name,
                isCodable="false" if code.vocabulary and not code.term else "true",
                color=code.colour,
            )
            description = code.description
            if code.vocabulary:
                line = vocab.framework_line(code.vocabulary, code.term)
                description = f"{description}\n\n{line}" if description else line
            if description:
                self.el(element, "Description").text = description
            self.memo_refs(element, memos.get(("code", code.pk), []), "code", guid)
            elements[code.pk] = element
        self.summary.counts["codes"] = len(elements)
        return codes

    # --- sources --------------------------------------------------------------------

    def source(self, source: Source, memos: dict[tuple[str, int], list[Memo]]) -> etree._Element:
        version = source.current
        assert version is not None
        guid = self.guids.get("source", source.pk, source.key)
        self.source_guids[source.pk] = guid
        element = self.el(
            None,
            "TextSource",
            guid=guid,
            name=self.hidden(source.title, source.pk),
            plainTextPath=f"internal://{guid}.txt",
        )
        text = (
            Replaced(version.text)
            if self.pseudonymiser is None
            else self.pseudonymiser.replace(version.text, source.pk)
        )
        self.files[f"sources/{guid}.txt"] = text.text.encode("utf-8")
        codings = (
            Coding.objects.filter(version=version)
            .select_related("code", "coder", "concerns_side__municipality")
            .prefetch_related("projects__partnership")
            .order_by("start", "end", "id")
        )
        # Codings of the same words share a selection, counted in the text as written (names replaced).
        by_range: dict[tuple[int, int], list[Coding]] = defaultdict(list)
        for coding in codings:
            by_range[(text.start(coding.start), text.end(coding.end))].append(coding)
        if self.units == offsets.UTF16:
            self.written = codepoint_to_utf16_map(text.text)
        for (start, end), group in sorted(by_range.items()):
            self.selection(element, source, version.pk, text.text, start, end, group, memos)
        self.memo_refs(element, memos.get(("source", source.pk), []), "source", guid, source.pk)
        for name, _kind in vocab.SOURCE_VARIABLES:
            attribute = {"source.citation": "source", "source.key": "key"}.get(name, name.split(".", 1)[1])
            raw = getattr(source, attribute)
            self.value(element, name, self.hidden(raw, source.pk) if name == "source.citation" else raw)
        self.summary.counts["sources"] = self.summary.counts.get("sources", 0) + 1
        old = Coding.objects.filter(version__source=source).exclude(version=version).count()
        if old:
            self.summary.left_out.append(
                _("%(count)s codings on earlier versions of %(source)s were left out.")
                % {"count": old, "source": source.key}
            )
        return element

    def selection(
        self,
        parent: etree._Element,
        source: Source,
        version_pk: int,
        text: str,
        start: int,
        end: int,
        codings: list[Coding],
        memos: dict[tuple[str, int], list[Memo]],
    ) -> None:
        """One selection of ``text`` (as written) from ``start`` to ``end``, with its codings.

        GUIDs come from the codings' own offsets in the stored text (the same
        unless names were replaced).
        """
        first = codings[0]
        guid = self.guids.get(
            "selection", f"{version_pk}:{first.start}:{first.end}", source.key, first.start, first.end
        )
        quote = " ".join(text[start:end].split())
        name = quote if len(quote) <= 80 else quote[:79] + "…"
        selection = self.el(
            parent,
            "PlainTextSelection",
            guid=guid,
            name=name,
            startPosition=str(self.written(start)),
            endPosition=str(self.written(end)),
        )
        rows = []
        for coding in codings:
            coder = self.user(coding.coder)
            coding_guid = self.guids.get(
                "coding",
                coding.pk,
                source.key,
                coding.start,
                coding.end,
                code_identity(coding.code),
                coding.coder.get_username(),
            )
            rows.append((coding_guid, coder, coding))
        for coding_guid, coder, coding in sorted(rows, key=lambda row: row[0]):
            element = self.el(selection, "Coding", guid=coding_guid, creatingUser=coder)
            self.el(element, "CodeRef", targetGUID=self.code_guids[coding.code_id])
            attributes = coding_attributes(coding)
            if attributes:
                note = self.guids.get("coding-attributes", coding.pk, coding_guid)
                self.note(note, vocab.ATTRIBUTES_NOTE, "\n".join(attributes))
                self.el(element, "NoteRef", targetGUID=note)
            if coding.memo:
                note = self.guids.get("coding-memo", coding.pk, coding_guid)
                self.note(note, vocab.CODING_MEMO_NOTE, self.hidden(coding.memo, source.pk), coding.coder)
                self.el(element, "NoteRef", targetGUID=note)
            self.memo_refs(element, memos.get(("coding", coding.pk), []), "coding", coding_guid, source.pk)
        self.summary.counts["codings"] = self.summary.counts.get("codings", 0) + len(codings)

    # --- cases ------------------------------------------------------------------------

    def cases(self, sources: list[Source]) -> etree._Element:
        cases = self.el(None, "Cases")
        partnerships: dict[int, Partnership] = {}
        for source in sources:
            for partnership in source.partnerships.all():
                partnerships[partnership.pk] = partnership
        if self.partnership is not None:
            partnerships[self.partnership.pk] = self.partnership
        for partnership in sorted(partnerships.values(), key=lambda p: p.key):
            members = [s for s in sources if partnership in s.partnerships.all()]
            self.partnership_case(cases, partnership, members)
            sides = Side.objects.filter(partnership=partnership).select_related("municipality")
            for side in sides.order_by("position", "id"):
                self.side_case(cases, partnership, side, [s for s in members if s.side_id == side.pk])
        respondents = sorted(
            {s.respondent.pk: s.respondent for s in sources if s.respondent}.values(), key=lambda r: r.key
        )
        for respondent in respondents:
            self.respondent_case(cases, respondent, [s for s in sources if s.respondent_id == respondent.pk])
        return cases

    def case(
        self, parent: etree._Element, kind: str, object_key: object, keys: tuple, name: str
    ) -> etree._Element:
        guid = self.guids.get(f"case-{kind}", object_key, *keys)
        return self.el(parent, "Case", guid=guid, name=name)

    def source_refs(self, case: etree._Element, sources: list[Source]) -> None:
        for source in sources:
            self.el(case, "SourceRef", targetGUID=self.source_guids[source.pk])

    def partnership_case(
        self, parent: etree._Element, partnership: Partnership, sources: list[Source]
    ) -> None:
        case = self.case(parent, "partnership", partnership.pk, (partnership.key,), partnership.name)
        if partnership.description:
            self.el(case, "Description").text = partnership.description
        for name, _kind in vocab.PARTNERSHIP_VARIABLES:
            self.value(case, name, getattr(partnership, name.split(".", 1)[1]))
        self.source_refs(case, sources)

    def side_case(
        self, parent: etree._Element, partnership: Partnership, side: Side, sources: list[Source]
    ) -> None:
        municipality = side.municipality
        name = f"{partnership.name}: {municipality.name}"
        case = self.case(parent, "side", side.pk, (partnership.key, municipality.key), name)
        self.value(case, "side.partnership", partnership.key)
        self.value(case, "side.municipality", municipality.key)
        self.value(case, "side.country", municipality.country)
        self.source_refs(case, sources)

    def respondent_case(self, parent: etree._Element, respondent: Respondent, sources: list[Source]) -> None:
        case = self.case(parent, "respondent", respondent.pk, (respondent.key,), respondent.label)
        side = respondent.side
        values = {
            "respondent.key": respondent.key,
            "respondent.role": respondent.role,
            "respondent.organisation_type": respondent.organisation_type,
            "respondent.partnership": side.partnership.key if side else None,
            "respondent.side": side.municipality.key if side else None,
            "respondent.country": respondent.country,
            "respondent.citation": self.hidden(respondent.source),
        }
        for name, _kind in vocab.RESPONDENT_VARIABLES:
            self.value(case, name, values[name])
        self.source_refs(case, sources)


def coding_attributes(coding: Coding) -> list[str]:
    """The lines of a coding's ``Mutuality coding attributes`` note (none if it has no attributes).

    Projects are named ``partnership/project`` (keys), in order, so the note
    reads back whichever partnerships the source has.
    """
    lines = []
    if coding.assessment:
        lines.append(f"assessment: {coding.assessment}")
    if coding.factor_role:
        lines.append(f"role: {coding.factor_role}")
    if coding.concerns_side is not None:
        lines.append(f"whose learning: {coding.concerns_side.municipality.key}")
    if coding.concerns_country:
        lines.append(f"whose learning (country): {coding.concerns_country}")
    projects = sorted(f"{project.partnership.key}/{project.key}" for project in coding.projects.all())
    if projects:
        lines.append(f"projects: {', '.join(projects)}")
    return lines


def project_document(
    partnership: Partnership | None = None, *, with_names: bool = False, units: str = offsets.CODE_POINTS
) -> tuple[bytes, dict[str, bytes], ExportSummary]:
    """The ``project.qde`` XML, the source files by archive path, and a summary.

    Real names are replaced unless ``with_names`` (see the module's description); selections are
    counted in ``units`` (:data:`~mutuality.formats.refi_qda.offsets.UTF16` for NVivo).
    """
    project = _Project(partnership, with_names, units)
    root = project.build()
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml, project.files, project.summary


def write_qdpx(
    stream: IO[bytes],
    partnership: Partnership | None = None,
    *,
    with_names: bool = False,
    units: str = offsets.CODE_POINTS,
) -> ExportSummary:
    """Write the project (all sources, or those of ``partnership``) as a .qdpx archive to ``stream``.

    Real names are replaced unless ``with_names``; offsets are in ``units``.
    """
    xml, files, summary = project_document(partnership, with_names=with_names, units=units)
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("project.qde", xml), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return summary


def qdpx_bytes(
    partnership: Partnership | None = None, *, with_names: bool = False, units: str = offsets.CODE_POINTS
) -> bytes:
    buffer = io.BytesIO()
    write_qdpx(buffer, partnership, with_names=with_names, units=units)
    return buffer.getvalue()


def codebook_bytes() -> bytes:
    """The whole codebook as a REFI-QDA codebook exchange file (.qdc)."""
    project = _Project(None)
    codes = project.codebook({})
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": vocab.ORIGIN}, nsmap={None: CODEBOOK_NS})
    for element in codes.iter(f"{{{PROJECT_NS}}}*"):
        element.tag = f"{{{CODEBOOK_NS}}}{etree.QName(element).localname}"
    root.append(codes)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
