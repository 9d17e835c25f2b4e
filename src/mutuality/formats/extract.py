"""Turning an uploaded file into the plain text of a source, or refusing it.

A source (interview transcript, observation notes, a document) is stored as
plain text, and codings point into that text by character offsets. This
module reads the bytes of an upload (``.txt``, ``.md``/``.markdown``,
``.docx`` or ``.pdf``) and returns the text in the one form every offset is
counted in, or raises :class:`ExtractionError` with a message that names the
file and says what is wrong with it.

It is deliberately free of Django's ORM and web layers: it only uses
``gettext`` so that its messages can be shown to users in their language.

Hostile files are expected. Limits are checked before a parser sees the
data: the upload's size, a ZIP archive's entry count, total unpacked size and
compression ratio (before python-docx opens it), and a PDF's page count
(before pypdf extracts anything).
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext

from mutuality.formats import guard

if TYPE_CHECKING:
    from lxml import etree


def has_words(text: str) -> bool:
    """Whether a text holds anything to read.

    A file of NUL bytes, spaces or invisible characters (zero-width spaces, byte-order marks, soft
    hyphens: Unicode's control, format and separator categories) is empty to a reader, though
    ``str.strip()`` leaves it; it must never become a source.
    """
    return any(not char.isspace() and unicodedata.category(char)[0] not in "CZ" for char in text)


#: Uploads larger than this are refused (bytes).
MAX_BYTES = 20 * 1024 * 1024
#: A .docx (a ZIP archive) may unpack to at most this many bytes in total.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
#: ... with at most this many entries ...
MAX_ZIP_ENTRIES = 10_000
#: ... and no entry (larger than ``RATIO_MIN_BYTES``) compressed more than this.
MAX_COMPRESSION_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024
#: PDFs with more pages are refused.
MAX_PDF_PAGES = 2_000

FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".pdf": "pdf"}


@dataclass(frozen=True)
class ExtractedText:
    """The text of an upload, and how it was read.

    ``format`` is one of ``"text"``, ``"markdown"``, ``"docx"``, ``"pdf"``;
    ``encoding`` is the character encoding of a text file (``None`` for
    .docx and .pdf); ``pages`` the page count of a PDF (``None`` otherwise);
    ``warnings`` are translated sentences worth showing to the person who
    uploaded the file (for instance: the encoding was guessed).
    """

    text: str
    format: str
    encoding: str | None = None
    pages: int | None = None
    warnings: tuple[str, ...] = ()


class ExtractionError(ValueError):
    """The file cannot be used as a source; ``str(error)`` says why, naming the file."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(message)
        self.filename = filename
        self.message = message


def extract_text(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PDF_PAGES
) -> ExtractedText:
    """The plain text of ``data``, an upload called ``filename``.

    The format is chosen by the file name's extension. Raises
    :class:`ExtractionError` when the type is not supported, the file is
    larger than ``max_bytes``, a PDF has more than ``max_pages`` pages, the
    file cannot be read as its extension says, or no text is left.
    """
    data = bytes(data)
    extension = _extension(filename)
    if extension not in FORMATS:
        raise ExtractionError(
            filename,
            gettext("“%(filename)s” is not a supported type of file; upload one of: %(allowed)s.")
            % {"filename": filename, "allowed": ", ".join(FORMATS)},
        )
    if len(data) > max_bytes:
        raise ExtractionError(
            filename,
            gettext("“%(filename)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"filename": filename, "size": _size(len(data)), "limit": _size(max_bytes)},
        )
    if not data:
        raise _empty(filename)
    kind = FORMATS[extension]
    if kind == "docx":
        result = _from_docx(data, filename)
    elif kind == "pdf":
        result = _from_pdf(data, filename, max_pages)
    else:
        result = _from_text(data, filename, kind)
    if not has_words(result.text):
        raise _empty(filename)
    return result


def normalise(text: str) -> tuple[str, int]:
    """``text`` in the form offsets are counted in, and how many control characters were removed.

    * Newlines become ``\\n`` (from ``\\r\\n`` and ``\\r``), and a leading byte
      order mark is dropped.
    * Control characters are removed: NUL and the other C0 controls except
      ``\\n`` and ``\\t``, DEL, and the C1 controls (U+0080–U+009F). In an
      upload they are debris of conversions, not content: invisible on the
      page, yet each would count in the offsets of codings.
    * Unicode is normalised to NFC. Offsets of codings are counted in code
      points of the NFC text, so that the browser and Python agree on them
      (:mod:`mutuality.evidence.offsets` converts the browser's UTF-16
      offsets): the same visible "é" may arrive as one code point (U+00E9) or
      as two (``e`` + U+0301, as macOS and some PDF tools write it), and
      without one fixed form the same selected passage could have two sets
      of offsets. NFC is also what keyboards normally produce, so text typed
      later to search or edit matches the stored text.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text, removed = _CONTROLS.subn("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text), removed


#: Control characters removed from every text: C0 except tab and newline, DEL, C1.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Control characters that do not occur in real text (line and page breaks do).
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    amount = float(count)
    for unit in ("KB", "MB", "GB"):
        amount /= 1024
        if amount < 1024 or unit == "GB":
            return f"{amount:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")


def _empty(filename: str) -> ExtractionError:
    return ExtractionError(filename, gettext("“%(filename)s” is empty.") % {"filename": filename})


def _with_control_warning(filename: str, removed: int, warnings: list[str]) -> None:
    if removed:
        warnings.append(
            ngettext(
                "%(count)d invisible control character was removed from “%(filename)s”.",
                "%(count)d invisible control characters were removed from “%(filename)s”.",
                removed,
            )
            % {"count": removed, "filename": filename}
        )


# -- Plain text and Markdown --------------------------------------------------------------------------

#: File signatures of formats that are sometimes given a .txt name by mistake.
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
)
#: Bytes that do not occur in text in any encoding we read: C0 controls other than
#: tab, newlines, vertical tab and form feed; and DEL.
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
#: A file with a larger share of such bytes is binary, not text with a few stray controls.
_MAX_BINARY_SHARE = 0.05
_BINARY_PROBE = 8000
#: A file that is not valid UTF-8, in no recognisable encoding, is still read as UTF-8
#: if at most this many (or this share of its characters) byte sequences are broken.
_MAX_BROKEN_UTF8 = 3
_MAX_BROKEN_UTF8_SHARE = 0.001
#: A well-formed UTF-8 sequence of two to four bytes.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _from_text(data: bytes, filename: str, kind: str) -> ExtractedText:
    """Decode a .txt or .md file; Markdown is kept as its source, not rendered."""
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text, encoding = _decode_or_refuse(data, "utf-32", filename), "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _decode_or_refuse(data, "utf-16", filename), "utf-16"
    else:
        _refuse_binary(data, filename)
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_not_utf8(data, filename, warnings)
    # A text that decodes but is mostly controls (a binary file that happens to
    # start with a UTF-16 byte order mark, say) is not text either.
    if len(_STRAY_CONTROLS.findall(text)) > _MAX_BINARY_SHARE * len(text):
        raise _not_text(filename)
    text, removed = normalise(text)
    _with_control_warning(filename, removed, warnings)
    return ExtractedText(text=text, format=kind, encoding=encoding, warnings=tuple(warnings))


def _decode_not_utf8(data: bytes, filename: str, warnings: list[str]) -> tuple[str, str]:
    """Text and encoding of ``data``, which is not valid UTF-8, noting in ``warnings`` how it was read."""
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    in_utf8 = sum(len(sequence) for sequence in _UTF8_SEQUENCE.findall(data))
    if in_utf8 * 2 > high:
        # Most non-ASCII bytes form UTF-8 characters: this is UTF-8 with some
        # broken bytes (a truncated file, a fragment pasted in another encoding).
        # Read in any legacy encoding, it would become mojibake ("Ã©" for "é").
        # With only a few broken sequences it is still best read as UTF-8.
        text = data.decode("utf-8-sig", errors="replace")
        broken = text.count("\ufffd") - data.count("\ufffd".encode())
        if broken > max(_MAX_BROKEN_UTF8, _MAX_BROKEN_UTF8_SHARE * len(text)):
            raise _unknown_encoding(filename)
        warnings.append(
            ngettext(
                "“%(filename)s” is not entirely valid UTF-8: %(count)d sequence of bytes could not be "
                "read and was replaced by “\ufffd”.",
                "“%(filename)s” is not entirely valid UTF-8: %(count)d sequences of bytes could not be "
                "read and were replaced by “\ufffd”.",
                broken,
            )
            % {"filename": filename, "count": broken}
        )
        return text, "utf-8"
    text, encoding = _decode_legacy(data, filename)
    warnings.append(
        gettext(
            "“%(filename)s” is not in UTF-8; it was read as %(encoding)s. "
            "Check that accented letters and other special characters look right."
        )
        % {"filename": filename, "encoding": encoding}
    )
    return text, encoding


def _decode_or_refuse(data: bytes, encoding: str, filename: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _unknown_encoding(filename) from None


def _not_text(filename: str, kind: str | None = None) -> ExtractionError:
    looks_like = {
        "pdf": gettext("a PDF document; rename it to .pdf"),
        "zip": gettext("a Word .docx file or another ZIP archive"),
        "ole": gettext("an old Microsoft Office file, such as a Word .doc"),
        "image": gettext("an image"),
    }
    if kind is None:
        message = gettext("“%(filename)s” is not a text file.") % {"filename": filename}
    else:
        message = gettext("“%(filename)s” is not a text file: it looks like %(kind)s.") % {
            "filename": filename,
            "kind": looks_like[kind],
        }
    return ExtractionError(filename, message)


def _unknown_encoding(filename: str) -> ExtractionError:
    return ExtractionError(
        filename,
        gettext(
            "“%(filename)s” is text in an unknown encoding: it is not UTF-8, and its encoding "
            "could not be recognised with confidence. Save it as UTF-8 and upload it again."
        )
        % {"filename": filename},
    )


def _refuse_binary(data: bytes, filename: str) -> None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise _not_text(filename, kind)
    # Like git: a NUL byte near the start means binary. Stray NULs further on
    # (padding left by a crash, say) count with the other control bytes.
    if b"\x00" in data[:_BINARY_PROBE]:
        raise _not_text(filename)
    binary = len(data) - len(data.translate(None, _BINARY_BYTES))
    if binary > _MAX_BINARY_SHARE * len(data):
        raise _not_text(filename)


# -- Recognising a legacy (8-bit or East Asian) encoding ----------------------------------------------
#
# charset-normalizer proposes the encodings that decode the bytes without
# "mess" (its chaos measure). For short texts in Latin script several of them
# decode without mess but to different letters (cp1250 reads French "à" as
# "ŕ", cp1252 reads Turkish "ş" as "þ"), and its own ranking then often picks
# the wrong one. So each distinct decoding is scored here by how well its
# non-ASCII characters fit the alphabet of one language (or one script), less
# charset-normalizer's chaos; ties go to the more common encoding. A decoding
# that fits no language well is refused rather than stored as mojibake.

_LATIN_ALPHABETS = {
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüß",
    "es": "áéíñóúüªº",
    "pt": "áàâãçéêíóôõúªº",
    "it": "àèéìíîòóù",
    "nl": "áéèëïóöü",
    "ca": "àçéèíïóòúü·",
    "da-no": "æøåé",
    "sv-fi": "åäöé",
    "is": "áðéíóúýþæö",
    "tr": "çğıöşüâîûİ",
    "az": "çəğıöşüİ",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ",
    "hr-sl": "čćđšž",
    "et": "äöõüšž",
    "lv": "āčēģīķļņšūž",
    "lt": "ąčęėįšųūž",
    "sq": "çë",
}
_ALPHABETS = {name: frozenset(letters + letters.upper()) for name, letters in _LATIN_ALPHABETS.items()}
#: Scripts counted as one alphabet each: code point ranges.
_SCRIPTS = {
    "greek": ((0x0370, 0x03FF),),
    "cyrillic": ((0x0400, 0x04FF),),
    "hebrew": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "thai": ((0x0E00, 0x0E7F),),
    "cjk": (
        (0x1100, 0x11FF),
        (0x2E80, 0x2FDF),
        (0x3000, 0x30FF),
        (0x3130, 0x318F),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xAC00, 0xD7AF),
        (0xF900, 0xFAFF),
        (0xFF00, 0xFFEF),
    ),
}
#: Non-ASCII punctuation and symbols common in real text in any language.
_COMMON_SYMBOLS = frozenset(
    "\u00a0¡¢£¥§©«®°±²³µ¶·¹»¼½¾¿×÷€₺№™"
    "\u200b\u200c\u200d\u200e\u200f\u2010\u2011\u2012\u2013\u2014\u2015"
    "‘’‚“”„†‡•…\u202f‰′″‹›"
)
#: Encodings in the order they are preferred when two decodings score the same:
#: the Windows code pages people actually save files in come first.
_PREFERRED_NAMES = (
    "cp1252 cp1254 cp1250 cp1256 cp1251 cp1253 cp1255 cp1257 cp1258 cp874 "
    "iso8859-15 iso8859-1 iso8859-9 iso8859-2 iso8859-6 iso8859-5 iso8859-7 iso8859-8 "
    "koi8-r koi8-u gb18030 big5 shift_jis euc_jp euc_kr cp949 cp932 mac-roman"
).split()
#: Refuse the best decoding when fewer of its non-ASCII characters fit (two languages at most).
_MIN_FIT = 0.9
#: ... or when more of all its characters than this are replacement or control characters.
_MAX_BAD_SHARE = 0.01
#: Score at most this many words that contain non-ASCII characters.
_SCORED_WORDS = 5_000
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")


def _decode_legacy(data: bytes, filename: str) -> tuple[str, str]:
    """Text and encoding name of ``data``, which is not UTF-8; refused if not recognised with confidence."""
    from charset_normalizer import from_bytes

    candidates = []
    for match in from_bytes(data):
        codecs_found = [_codec_name(name) for name in match.could_be_from_charset or [match.encoding]]
        names = [name for name in codecs_found if name and not name.startswith("utf")]
        if not names:
            continue
        name = min(names, key=_preference)
        text = str(match)
        single, pair = _fit(text)
        candidates.append((-(single - match.chaos), _preference(name), pair, name, text))
    if not candidates:
        raise _unknown_encoding(filename)
    _, _, pair, name, text = min(candidates)
    bad = text.count("\ufffd") + len(_STRAY_CONTROLS.findall(text))
    if pair < _MIN_FIT or bad > _MAX_BAD_SHARE * len(text):
        raise _unknown_encoding(filename)
    return text, name


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _preference(name: str) -> int:
    preferred = _preferred()
    return preferred.index(name) if name in preferred else len(preferred)


@functools.cache
def _preferred() -> list[str]:
    """The codecs' own names of :data:`_PREFERRED_NAMES`, looked up when a file is first not UTF-8
    (looking them up loads the 28 codecs, which a server serving pages need not hold)."""
    return [codecs.lookup(name).name for name in _PREFERRED_NAMES]


def _fit(text: str) -> tuple[float, float]:
    """How well the non-ASCII characters of ``text`` fit one alphabet, and the best two together (0–1)."""
    counts: Counter[str] = Counter()
    misfits = 0
    for number, match in enumerate(_NON_ASCII_WORD.finditer(text)):
        if number >= _SCORED_WORDS:
            break
        word = match.group()
        has_ascii_letter = any("a" <= char.lower() <= "z" for char in word)
        previous = ""
        for char in word:
            if ord(char) >= 0x80:
                script = _script(char)
                if char in _COMMON_SYMBOLS:
                    counts[char] += 1
                elif not char.isalpha() and script is None:
                    misfits += 1  # box drawing, ¤, ¦ and other rarities of mojibake
                elif script is not None and has_ascii_letter:
                    misfits += 1  # a Latin word with a Greek, Cyrillic, Arabic... letter inside
                elif char.isupper() and previous.islower():
                    misfits += 1  # "dÚlÚgation": a capital in the middle of a word
                else:
                    counts[char] += 1
            previous = char
    total = sum(counts.values()) + misfits
    if not total:
        return 1.0, 1.0
    fitting = {name: _fitting(counts, name) for name in [*_ALPHABETS, *_SCRIPTS]}
    single = max(sum(counts[char] for char in chars) for chars in fitting.values())
    pair = max(
        sum(counts[char] for char in first | second) for first, second in combinations(fitting.values(), 2)
    )
    return single / total, pair / total


def _fitting(counts: Counter[str], alphabet: str) -> frozenset[str]:
    """The characters of ``counts`` that belong to ``alphabet`` (common symbols belong to all)."""
    if alphabet in _SCRIPTS:
        return frozenset(char for char in counts if char in _COMMON_SYMBOLS or _script(char) == alphabet)
    letters = _ALPHABETS[alphabet]
    return frozenset(char for char in counts if char in _COMMON_SYMBOLS or char in letters)


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    code = ord(char)
    for name, ranges in _SCRIPTS.items():
        if any(start <= code <= end for start, end in ranges):
            return name
    return None


# -- Word .docx ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NAMESPACES = {
    "w": _W[1:-1],
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


@functools.cache
def _run_content() -> etree.XPath:
    """The text-bearing children of a run (w:r) in a paragraph, in document order, as an XPath query.

    Runs inside deletions (tracked changes), text boxes and drawings, and the fallback copy of
    alternate content are left out; insertions, hyperlinks, fields' results and content controls
    are kept (python-docx's ``Paragraph.text`` misses the text of tracked insertions and content
    controls, hence this query). Made when a .docx is first read: lxml is 4 MiB that a server
    process serving pages, which all import this module, need not hold.
    """
    from lxml import etree

    return etree.XPath(
        ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
        " or ancestor::w:drawing or ancestor::w:pict or ancestor::mc:Fallback)]"
        "/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]",
        namespaces=_NAMESPACES,
    )


def _from_docx(data: bytes, filename: str) -> ExtractedText:
    """Paragraphs and tables of a .docx, in order, separated by blank lines.

    A table becomes one line per row, its cells separated by tabs. Headers,
    footers, footnotes, comments and text boxes are not included.
    """
    _refuse_hostile_zip(data, filename)
    import docx

    try:
        # python-docx parses the package's XML with lxml and its own parser, set
        # with resolve_entities=False: external entities are not fetched and
        # entities are not expanded, so XXE and "billion laughs" files do not
        # apply. The ZIP checks above have bounded what it can unpack.
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception:  # a third-party parser on untrusted input: any failure means "unreadable"
        raise _not_docx(filename) from None
    blocks = [block for block in _blocks(body) if block.strip()]
    text, removed = normalise("\n\n".join(blocks))
    warnings: list[str] = []
    _with_control_warning(filename, removed, warnings)
    return ExtractedText(text=text, format="docx", warnings=tuple(warnings))


def _not_docx(filename: str, old_format: bool = False) -> ExtractionError:
    if old_format:
        message = gettext(
            "“%(filename)s” is not a Word .docx file: it looks like an old .doc file or a document "
            "protected by a password. Save it as .docx, without a password, and upload it again."
        )
    else:
        message = gettext("“%(filename)s” is not a Word .docx file.")
    return ExtractionError(filename, message % {"filename": filename})


def _refuse_hostile_zip(data: bytes, filename: str) -> None:
    """Refuse a .docx whose ZIP structure or XML could exhaust memory or time, before python-docx opens it.

    The guard the importers share (:mod:`mutuality.formats.guard`) reads the central directory
    first: the sizes it declares are upper bounds, as Python's zipfile never returns more bytes for
    an entry than its declared size. Then every XML part is decoded in its own encoding and refused
    if it declares a document type or entities.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _not_docx(filename, old_format=True)
    limits = guard.ZipLimits(MAX_ZIP_ENTRIES, MAX_UNZIPPED_BYTES, MAX_COMPRESSION_RATIO, RATIO_MIN_BYTES)
    try:
        with guard.open_zip(data, limits) as archive:
            for _part in guard.xml_parts(archive):
                pass
    except guard.Refused as error:
        raise _zip_refusal(error, filename) from None


def _zip_refusal(error: guard.Refused, filename: str) -> ExtractionError:
    if error.reason == guard.ENTRIES:
        message = gettext(
            "“%(filename)s” was not opened: it holds more than %(limit)s parts, far more than a "
            "Word document has."
        )
    elif error.reason == guard.UNPACKED:
        message = gettext(
            "“%(filename)s” was not opened: it would unpack to %(size)s; the limit is %(limit)s."
        )
    elif error.reason == guard.RATIO:
        message = gettext(
            "“%(filename)s” was not opened: it is compressed far more than a Word document "
            "can be (it may be a ZIP bomb)."
        )
    elif error.reason == guard.DTD:
        message = gettext(
            "“%(filename)s” was not opened: its part %(part)s declares a document type (DTD) or "
            "entities, which Word documents do not have."
        )
    else:  # damaged, encrypted, an unsafe name or XML that cannot be decoded: not what Word writes
        return _not_docx(filename)
    limit = f"{error.limit:,}" if error.reason == guard.ENTRIES else _size(error.limit)
    details = {"filename": filename, "size": _size(error.size), "limit": limit, "part": error.entry}
    return ExtractionError(filename, message % details)


def _blocks(container) -> Iterator[str]:
    """The text of each paragraph and table directly in ``container`` (body, cell, content control)."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield "".join(_run_text(element) for element in _run_content()(child))
        elif child.tag == f"{_W}tbl":
            yield _table_text(child)
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _blocks(content)
        elif child.tag == f"{_W}customXml":
            yield from _blocks(child)


def _run_text(element) -> str:
    tag = element.tag
    if tag == f"{_W}t":
        return element.text or ""
    if tag == f"{_W}tab":
        return "\t"
    if tag == f"{_W}noBreakHyphen":
        return "-"
    return "\n"  # w:br, w:cr


def _table_text(table) -> str:
    """One line per row, cells separated by tabs; line breaks and tabs inside a cell become spaces."""
    rows = []
    for row in _wrapped(table, "tr"):
        cells = []
        for cell in _wrapped(row, "tc"):
            text = " ".join(block for block in _blocks(cell) if block.strip())
            cells.append(text.replace("\t", " ").replace("\n", " "))
        if any(cell.strip() for cell in cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _wrapped(parent, name: str) -> Iterator:
    """Children ``w:name`` of ``parent``, also those wrapped in content controls or custom XML."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}{name}":
            yield child
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _wrapped(content, name)
        elif child.tag == f"{_W}customXml":
            yield from _wrapped(child, name)


# -- PDF ----------------------------------------------------------------------------------------------


def _from_pdf(data: bytes, filename: str, max_pages: int) -> ExtractedText:
    """The text layer of each page, pages separated by blank lines.

    pypdf bounds the decompression of streams itself; the page count is
    checked here before any page's text is extracted.
    """
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    unreadable = ExtractionError(
        filename, gettext("“%(filename)s” cannot be read as PDF.") % {"filename": filename}
    )
    if b"%PDF-" not in data[:1024]:
        raise unreadable
    # pypdf on untrusted input may fail in many ways besides PdfReadError
    # (KeyError, TypeError, RecursionError... on damaged structures): each
    # `except Exception` below means "this file cannot be read".
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        raise unreadable from None
    if encrypted:
        try:
            # Many PDFs are encrypted with an empty user password (only to
            # restrict printing or copying); those open without one.
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except DependencyError:
            raise ExtractionError(
                filename,
                gettext(
                    "“%(filename)s” is encrypted in a way that cannot be opened here; save a copy "
                    "without encryption and upload it again."
                )
                % {"filename": filename},
            ) from None
        except Exception:
            raise unreadable from None
        if not opened:
            raise ExtractionError(
                filename,
                gettext(
                    "“%(filename)s” is protected by a password; save a copy without the password and "
                    "upload it again."
                )
                % {"filename": filename},
            )
    try:
        page_count = len(reader.pages)
    except Exception:
        raise unreadable from None
    if page_count > max_pages:
        raise ExtractionError(
            filename,
            gettext("“%(filename)s” has %(pages)s pages; the limit is %(limit)s.")
            % {"filename": filename, "pages": page_count, "limit": max_pages},
        )
    if page_count == 0:
        raise _empty(filename)
    texts: list[str] = []
    blank: list[int] = []
    failed: list[int] = []
    for number in range(1, page_count + 1):
        try:
            page_text, _ = normalise(reader.pages[number - 1].extract_text() or "")
        except Exception:
            failed.append(number)
            continue
        page_text = page_text.strip()
        if page_text:
            texts.append(page_text)
        else:
            blank.append(number)
    if not texts:
        if len(failed) == page_count:
            raise unreadable
        raise ExtractionError(
            filename,
            gettext("“%(filename)s” has no text layer: it is probably a scan; run OCR first.")
            % {"filename": filename},
        )
    warnings = []
    if failed:
        warnings.append(
            ngettext(
                "Page %(pages)s of “%(filename)s” could not be read; its text is missing.",
                "Pages %(pages)s of “%(filename)s” could not be read; their text is missing.",
                len(failed),
            )
            % {"pages": _page_list(failed), "filename": filename}
        )
    if blank:
        warnings.append(
            ngettext(
                "Page %(pages)s of “%(filename)s” has no text layer (a scanned page?); its content is missing.",
                "Pages %(pages)s of “%(filename)s” have no text layer (scanned pages?); their content is missing.",
                len(blank),
            )
            % {"pages": _page_list(blank), "filename": filename}
        )
    # Control characters were removed page by page above, without a warning: in a
    # PDF's text layer they are artefacts of the fonts, not something the author wrote.
    return ExtractedText(text="\n\n".join(texts), format="pdf", pages=page_count, warnings=tuple(warnings))


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:10])
    return shown + ", …" if len(numbers) > 10 else shown
