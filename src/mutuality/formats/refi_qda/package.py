"""Opening a .qdpx (a ZIP archive) or a .qdc/.qde (XML) without trusting it.

Every limit is checked before the bytes are unpacked or parsed: the file's
size; the archive's entry count, total unpacked size and compression ratio
(a ZIP bomb is refused from its central directory, and an entry is never read
past its declared size); entry names that could escape a folder (``../``,
absolute paths, drive letters); encrypted entries — the guard the importers
share, :mod:`mutuality.formats.guard`. XML is parsed by lxml with
entities left unresolved, no network, no DTD and libxml2's default limits
(``huge_tree`` off), and a document that declares a DTD at all is refused, read
in its own encoding (UTF-8, UTF-16 or UTF-32) before it is parsed and checked
again after, so neither external entities nor "billion laughs" can reach the
parser's expansion. Names inside the archive are looked up leniently (``sources/`` or
``Sources/``, ``project.qde`` or ``Project.qde``, with or without
``internal://``), since producers differ there.
"""

from __future__ import annotations

import codecs
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from mutuality.formats import guard
from mutuality.formats.located import file_problem
from mutuality.formats.problems import DataFileError

SCHEMAS = Path(__file__).resolve().parent / "schemas"
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
OLD_CODEBOOK_NS = "urn:QDA-XML:codebook:0:4"


class QdaImportError(DataFileError):
    """Why a REFI-QDA file was not imported; nothing has been written when it is raised."""


@dataclass(frozen=True)
class Limits:
    """How much an import may read; larger or more compressed files are refused."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_entries: int = 10_000
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_entry_bytes: int = 256 * 1024 * 1024
    max_xml_bytes: int = 64 * 1024 * 1024
    max_text_bytes: int = 32 * 1024 * 1024
    max_ratio: int = 100
    ratio_min_bytes: int = 1024 * 1024


DEFAULT_LIMITS = Limits()


def fail(file: str, message: str, *, line: int | None = None) -> None:
    """Refuse the file: a :class:`QdaImportError` with one problem about the whole file."""
    raise QdaImportError([file_problem(file, line, message)])


def size_text(count: int) -> str:
    if count < 1024:
        return _("%(count)d bytes") % {"count": count}
    if count < 1024 * 1024:
        return _("%(count).1f KB") % {"count": count / 1024}
    return _("%(count).1f MB") % {"count": count / 1024 / 1024}


@dataclass
class Package:
    """The files of a .qdpx, or the single XML file of a .qdc or bare .qde, ready to read."""

    name: str
    xml_name: str
    xml: bytes
    archive: zipfile.ZipFile | None = None
    limits: Limits = DEFAULT_LIMITS
    entries: dict[str, zipfile.ZipInfo] = field(default_factory=dict)  # lower-case name -> entry
    base: str = ""  # the folder of the .qde inside the archive, lower-case, with a trailing slash

    @property
    def label(self) -> str:
        """How problems name the XML document: ``file.qdpx › project.qde`` or ``file.qdc``."""
        return f"{self.name} › {self.xml_name}" if self.archive is not None else self.name

    def find(self, path: str) -> zipfile.ZipInfo | None:
        """The archive entry a source path names, or None (paths are matched leniently)."""
        if self.archive is None:
            return None
        name = re.sub(r"^internal://", "", path.strip(), flags=re.I).replace("\\", "/").lstrip("/")
        lowered = name.lower()
        for candidate in (
            self.base + "sources/" + lowered,
            self.base + lowered,
            "sources/" + lowered,
            lowered,
            self.base + "sources/" + posixpath.basename(lowered),
        ):
            if candidate in self.entries:
                return self.entries[candidate]
        return None

    def read(self, entry: zipfile.ZipInfo, limit: int) -> bytes:
        """The bytes of one entry, refusing it if it is larger than ``limit``."""
        assert self.archive is not None
        if entry.file_size > limit:
            fail(
                self.name,
                _("%(entry)s is too large (%(size)s); the limit is %(limit)s.")
                % {"entry": entry.filename, "size": size_text(entry.file_size), "limit": size_text(limit)},
            )
        try:
            with self.archive.open(entry) as stream:
                data = stream.read(limit + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
            ValueError,
        ):
            fail(
                self.name,
                _("%(entry)s cannot be unpacked: the archive is damaged.") % {"entry": entry.filename},
            )
        if len(data) > limit:  # pragma: no cover - zipfile stops at the declared size
            fail(self.name, _("%(entry)s is larger than it says.") % {"entry": entry.filename})
        return data


def open_package(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Package:
    """A :class:`Package` for the uploaded bytes ``data`` of file ``name``; refuses what is unsafe."""
    if len(data) > limits.max_file_bytes:
        fail(
            name,
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": size_text(len(data)), "limit": size_text(limits.max_file_bytes)},
        )
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _open_archive(data, name, limits)
    if _looks_like_xml(data):
        if len(data) > limits.max_xml_bytes:
            fail(
                name,
                _("The XML document is too large (%(size)s); the limit is %(limit)s.")
                % {"size": size_text(len(data)), "limit": size_text(limits.max_xml_bytes)},
            )
        return Package(name=name, xml_name=name, xml=data, limits=limits)
    fail(
        name,
        _(
            "This is neither a REFI-QDA project (.qdpx, a ZIP archive) nor a REFI-QDA codebook "
            "(.qdc, an XML document)."
        ),
    )
    raise AssertionError("unreachable")


def _looks_like_xml(data: bytes) -> bool:
    head = data[:64]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            return True
    return head.lstrip().startswith(b"<")


def _open_archive(data: bytes, name: str, limits: Limits) -> Package:
    zip_limits = guard.ZipLimits(
        limits.max_entries, limits.max_unpacked_bytes, limits.max_ratio, limits.ratio_min_bytes
    )
    try:
        archive = guard.open_zip(data, zip_limits)
    except guard.Refused as error:
        fail(name, _archive_refusal(error))
        raise AssertionError("unreachable") from None
    entries = archive.infolist()
    files = {entry.filename.replace("\\", "/").lower(): entry for entry in entries if not entry.is_dir()}
    projects = sorted(key for key in files if key.endswith(".qde"))
    if not projects:
        fail(name, _("The archive holds no project.qde, so it is not a REFI-QDA project."))
    if len(projects) > 1:
        top = [key for key in projects if posixpath.basename(key) == "project.qde"]
        top.sort(key=lambda key: key.count("/"))
        if not top or (len(top) > 1 and top[0].count("/") == top[1].count("/")):
            fail(
                name,
                ngettext(
                    "The archive holds %(count)d .qde files (%(names)s); a project has one.",
                    "The archive holds %(count)d .qde files (%(names)s); a project has one.",
                    len(projects),
                )
                % {"count": len(projects), "names": ", ".join(projects)},
            )
        projects = top[:1]
    entry = files[projects[0]]
    package = Package(
        name=name,
        xml_name=entry.filename,
        xml=b"",
        archive=archive,
        limits=limits,
        entries=files,
        base=posixpath.dirname(projects[0]) + "/" if "/" in projects[0] else "",
    )
    package.xml = package.read(entry, limits.max_xml_bytes)
    return package


def _archive_refusal(error: guard.Refused) -> str:
    """Why the shared guard (mutuality.formats.guard) refused the archive, in this importer's words."""
    entry = {"entry": error.entry}
    if error.reason == guard.ENTRIES:
        return _("The archive holds %(count)s entries; the limit is %(limit)s.") % {
            "count": f"{error.size:,}",
            "limit": f"{error.limit:,}",
        }
    if error.reason == guard.UNSAFE_PATH:
        return _("The archive entry %(entry)s has an unsafe path (absolute or with ../); refused.") % {
            "entry": repr(error.entry)
        }
    if error.reason == guard.ENCRYPTED:
        return _("The archive entry %(entry)s is encrypted.") % entry
    if error.reason == guard.RATIO:
        return _(
            "The archive entry %(entry)s is compressed more than %(ratio)s times; "
            "it may be a ZIP bomb, and was not unpacked."
        ) % {**entry, "ratio": error.limit}
    if error.reason == guard.UNPACKED:
        return _("The archive would unpack to %(size)s; the limit is %(limit)s.") % {
            "size": size_text(error.size),
            "limit": size_text(error.limit),
        }
    return _("The file is not a readable ZIP archive, so it is not a .qdpx project.")


# --- XML ------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, label: str) -> etree._Element:
    """The root element of ``data``; refuses DTDs, entities and anything that is not well-formed."""
    try:
        guard.check_xml(data)  # decoded first: a DTD in UTF-16 or UTF-32 is found too
        declares = False
    except guard.Refused as error:
        # Text that cannot be decoded is left to lxml, which says where it is broken.
        declares = error.reason == guard.DTD
    if declares:
        fail(
            label,
            _(
                "The XML declares a document type (DTD) or entities; REFI-QDA files have none, and "
                "they are refused because entities can read local files or expand without end."
            ),
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        fail(
            label,
            _("The XML is not well-formed: %(reason)s") % {"reason": error.msg or str(error)},
            line=error.lineno or None,
        )
        raise AssertionError("unreachable") from None
    except (ValueError, etree.LxmlError) as error:
        fail(label, _("The XML cannot be read: %(reason)s") % {"reason": str(error)})
        raise AssertionError("unreachable") from None
    if root.getroottree().docinfo.doctype:
        fail(label, _("The XML declares a document type (DTD); refused."))
    return root


def local(element: etree._Element) -> str:
    """An element's name without its namespace ('' for comments and the like)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), _parser()))


def project_schema() -> etree.XMLSchema:
    return _schema("Project.xsd")


def codebook_schema() -> etree.XMLSchema:
    return _schema("Codebook.xsd")


def schema_problems(root: etree._Element, limit: int = 10) -> list[str]:
    """Why ``root`` is not valid against the official schema ([] when it is valid)."""
    ns = namespace(root)
    if local(root) == "Project" and ns == PROJECT_NS:
        schema = project_schema()
    elif local(root) == "CodeBook" and ns == CODEBOOK_NS:
        schema = codebook_schema()
    else:
        expected = PROJECT_NS if local(root) == "Project" else CODEBOOK_NS
        return [
            _("the document is in namespace %(found)s, not the standard's %(expected)s")
            % {"found": repr(ns or _("(none)")), "expected": expected}
        ]
    if schema.validate(root.getroottree()):
        return []
    problems = []
    for entry in list(schema.error_log)[:limit]:
        problems.append(_("line %(line)s: %(message)s") % {"line": entry.line, "message": entry.message})
    return problems
