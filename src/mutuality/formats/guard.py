"""Opening archives and XML from outside: one guard the importers share.

Spreadsheets (.xlsx), Word transcripts (.docx) and REFI-QDA projects (.qdpx, .qdc) are ZIP
archives of XML parts, or XML, from anyone. Before a parser sees them:

* :func:`open_zip` reads only the archive's central directory and refuses too many entries, names
  that could leave a folder (``../``, absolute paths, drive letters), encrypted entries, a total
  unpacked size over the limit, and an entry compressed more than a ratio (a "zip bomb"). The sizes
  it checks are upper bounds: :mod:`zipfile` never returns more bytes for an entry than it declares.
* :func:`check_xml` finds a part's encoding as an XML parser does — a byte-order mark, else the
  first bytes and the declaration (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE, or an encoding it names) —
  decodes it, and refuses any document type declaration (``<!DOCTYPE``) or entity declaration
  (``<!ENTITY``). A byte search misses ``<!DOCTYPE`` written in UTF-16 or UTF-32; the decoded text
  does not. So neither external entities nor "billion laughs" reach a parser, and entities are never
  expanded. (openpyxl also parses with defusedxml when it is installed, as it is with Mutuality.)

Problems are raised as :class:`Refused`, with a ``reason`` and the details; its message is a
sentence fragment ("the archive holds more than 1000 files") an importer puts after the file's
name, or it words its own from the reason.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

# Why something was refused (Refused.reason).
DAMAGED = "damaged"
ENTRIES = "entries"
UNSAFE_PATH = "path"
ENCRYPTED = "encrypted"
UNPACKED = "unpacked"
RATIO = "ratio"
ENCODING = "encoding"
DTD = "dtd"


class Refused(ValueError):
    """An archive or XML document refused before parsing; ``reason`` says why, ``entry`` where."""

    def __init__(
        self, reason: str, message: str, *, entry: str = "", size: int = 0, limit: int = 0, detail: str = ""
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.entry = entry
        self.size = size
        self.limit = limit
        self.detail = detail  # e.g. the decoder's words, for an importer that words its own message


@dataclass(frozen=True)
class ZipLimits:
    """How much an archive may hold; anything larger or more compressed is refused unopened."""

    max_entries: int
    max_unpacked_bytes: int
    max_ratio: int = 100
    ratio_min_bytes: int = 1024 * 1024  # smaller entries may compress as well as they like


def megabytes(size: int) -> str:
    return _("%(size).1f MB") % {"size": size / 1024 / 1024}


def unsafe_name(name: str) -> bool:
    """An entry name that could leave the folder it is unpacked in."""
    if "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


def open_zip(source: bytes | BinaryIO | Path, limits: ZipLimits) -> zipfile.ZipFile:
    """The archive, once its directory is within ``limits``; nothing has been unpacked yet."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        entries = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
    ) as error:
        message = _("the file is damaged: it is not a readable zip archive")
        raise Refused(DAMAGED, message, detail=str(error)) from None
    try:
        _check_directory(entries, limits)
    except Refused:
        archive.close()  # a file opened by path is not left open
        raise
    return archive


def _check_directory(entries: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(entries) > limits.max_entries:
        raise Refused(
            ENTRIES,
            _("the archive holds more than %(count)d files") % {"count": limits.max_entries},
            size=len(entries),
            limit=limits.max_entries,
        )
    for entry in entries:
        if not entry.filename:  # a damaged directory: such an entry cannot be named, let alone unpacked
            raise Refused(DAMAGED, _("the file is damaged: an archive entry has no name"))
        if unsafe_name(entry.filename):
            raise Refused(
                UNSAFE_PATH,
                _("the archive entry %(entry)s has an unsafe path (absolute or with ../)")
                % {"entry": repr(entry.filename)},
                entry=entry.filename,
            )
        if entry.flag_bits & 0x1:
            raise Refused(
                ENCRYPTED, _("the file is encrypted; save it without a password"), entry=entry.filename
            )
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_unpacked_bytes:
        raise Refused(
            UNPACKED,
            _("the archive unpacks to %(size)s; the limit is %(limit)s")
            % {"size": megabytes(total), "limit": megabytes(limits.max_unpacked_bytes)},
            size=total,
            limit=limits.max_unpacked_bytes,
        )
    for entry in entries:
        if entry.file_size > limits.ratio_min_bytes and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise Refused(
                RATIO,
                _(
                    "the archive entry %(entry)s is compressed more than %(ratio)d times; refused as a possible zip bomb"
                )
                % {"entry": entry.filename, "ratio": limits.max_ratio},
                entry=entry.filename,
                size=entry.file_size,
                limit=limits.max_ratio,
            )


def read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """The bytes of one entry of an archive :func:`open_zip` let through (at most its declared size)."""
    try:
        return archive.read(entry)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        raise Refused(
            DAMAGED,
            _("the file is damaged: %(entry)s cannot be unpacked") % {"entry": entry.filename},
            entry=entry.filename,
        ) from None


def xml_parts(
    archive: zipfile.ZipFile, suffixes: tuple[str, ...] = (".xml", ".rels")
) -> Iterator[tuple[zipfile.ZipInfo, str]]:
    """Each XML part of the archive (by name) with its text, every one checked by :func:`check_xml`."""
    for entry in archive.infolist():
        if entry.is_dir() or not entry.filename.lower().endswith(suffixes):
            continue
        try:
            yield entry, check_xml(read_entry(archive, entry))
        except Refused as error:
            error.entry = error.entry or entry.filename
            raise


# --- XML -------------------------------------------------------------------------------------

# Byte-order marks, the longer first: UTF-32 LE's starts with UTF-16 LE's.
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
# Without a mark, "<?" in the first four bytes names the family (XML 1.0, appendix F).
_FIRST_BYTES = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
_DECLARATIONS = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def xml_encoding(data: bytes) -> tuple[str, int]:
    """The encoding of an XML document and the length of its byte-order mark (0 without one)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    for head, encoding in _FIRST_BYTES:
        if data.startswith(head):
            return encoding, 0
    # Expat's rule: a NUL among the first two bytes means UTF-16, even without "<?" or a mark.
    if data[:1] == b"\x00":
        return "utf-16-be", 0
    if data[1:2] == b"\x00":
        return "utf-16-le", 0
    declared = _DECLARED.match(data[:1024])
    return (declared.group(1).decode("ascii") if declared else "utf-8"), 0


def check_xml(data: bytes) -> str:
    """The text of an XML document, decoded; refused if it declares a document type or entities.

    The bytes are searched as they are too, for a parser that does not follow a declared encoding
    (UTF-16 declared in a file of single bytes). Text that does not decode in the encoding found, or
    holds a NUL character (which XML never does, and a wrong guess of UTF-16 or UTF-32 leaves
    everywhere), is refused.
    """
    if _DECLARATIONS.search(data.decode("latin-1")):
        raise Refused(DTD, _("a document type declaration (DTD) or entities, which are not allowed"))
    encoding, skip = xml_encoding(data)
    try:
        codecs.lookup(encoding)
        text = data[skip:].decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise _unreadable(str(error)) from None
    if "\x00" in text:
        raise _unreadable("NUL")
    if _DECLARATIONS.search(text):
        raise Refused(DTD, _("a document type declaration (DTD) or entities, which are not allowed"))
    return text


def _unreadable(reason: str) -> Refused:
    message = _("not XML in an encoding that can be read (%(reason)s)") % {"reason": reason}
    return Refused(ENCODING, message, detail=reason)
