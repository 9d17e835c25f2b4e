"""Reading uploads into source text: real files, built in the test, read or refused with a reason."""

from __future__ import annotations

import codecs
import dataclasses
import io
import time
import unicodedata
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfReader, PdfWriter

from mutuality.formats.extract import (
    MAX_BYTES,
    ExtractedText,
    ExtractionError,
    extract_text,
)

MULTILINGUAL = (
    "Görüşme: Belediye başkanı ile ışık ve şehir planlaması.\n"
    "مقابلة مع رئيس البلدية حول التعاون بين المدن\n"
    "Réunion à l'hôtel de ville 😀 — fin.\n"
)


def refused(data: bytes, filename: str, **limits) -> str:
    """The message of the refusal, checked to name the file."""
    with pytest.raises(ExtractionError) as raised:
        extract_text(data, filename, **limits)
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.filename == filename
    assert str(error) == error.message
    assert filename in str(error)
    return str(error)


# -- Plain text ---------------------------------------------------------------------------------------


def test_utf8_turkish_arabic_and_emoji_round_trip():
    result = extract_text(MULTILINGUAL.encode("utf-8"), "interview.txt")
    assert result == ExtractedText(
        text=MULTILINGUAL, format="text", encoding="utf-8", pages=None, warnings=()
    )
    assert [char for char in result.text if ord(char) > 0xFFFF] == ["😀"]  # one code point, not two


def test_result_is_frozen():
    result = extract_text(b"notes", "notes.txt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "changed"


def test_utf8_byte_order_mark_is_stripped():
    result = extract_text(codecs.BOM_UTF8 + "Şehir eşleştirme".encode(), "bom.txt")
    assert result.text == "Şehir eşleştirme"
    assert result.encoding == "utf-8"


@pytest.mark.parametrize(
    "data",
    [
        MULTILINGUAL.encode("utf-16"),  # with the BOM, in this machine's byte order
        codecs.BOM_UTF16_LE + MULTILINGUAL.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + MULTILINGUAL.encode("utf-16-be"),
    ],
    ids=["native", "little-endian", "big-endian"],
)
def test_utf16_with_byte_order_mark(data):
    result = extract_text(data, "notepad.txt")
    assert result.text == MULTILINGUAL
    assert result.encoding == "utf-16"


def test_cp1252_is_detected():
    original = "Réunion avec le maire: café offert, budget de 5 000 € pour l'échange. C'était très réussi.\n"
    result = extract_text(original.encode("cp1252"), "compte-rendu.txt")
    assert result.text == original
    assert result.encoding == "cp1252"
    assert len(result.warnings) == 1
    assert "compte-rendu.txt" in result.warnings[0] and "cp1252" in result.warnings[0]


def test_cp1252_smart_quotes_are_detected():
    original = "It’s the mayor’s “plan” – agreed.\n"
    assert extract_text(original.encode("cp1252"), "quotes.txt").text == original


@pytest.mark.parametrize("encoding", ["cp1254", "iso8859-9"])
def test_turkish_legacy_encoding_is_detected(encoding):
    # charset-normalizer alone ranks cp1252 first for this text ("baþkaný");
    # extract.py re-ranks its candidates by how well the letters fit one alphabet.
    # The two Turkish encodings agree on every byte used here, so either name is right.
    original = (
        "Belediye başkanı ile görüşme. Işık ve şehir planlaması hakkında konuştuk. "
        "Öğrenciler, çalışanlar ve yöneticiler toplantıya katıldı. İşbirliği anlaşması imzalandı.\n"
    )
    result = extract_text(original.encode(encoding), "görüşme.txt")
    assert result.text == original
    assert result.encoding in {"cp1254", "iso8859-9"}


def test_arabic_windows_1256_is_detected():
    original = "اجتماع مع رئيس البلدية حول التخطيط الحضري والتعاون بين المدن. ناقشنا المشاريع المشتركة.\n"
    result = extract_text(original.encode("cp1256"), "محضر.txt")
    assert result.text == original
    assert result.encoding == "cp1256"


def test_nfd_input_is_normalised_to_nfc():
    nfc = "Café, İzmir, Ñandú, đường"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    result = extract_text(nfd.encode(), "mac.txt")
    assert result.text == nfc
    assert unicodedata.is_normalized("NFC", result.text)


def test_newlines_are_normalised():
    result = extract_text(b"one\r\ntwo\rthree\nfour", "lines.txt")
    assert result.text == "one\ntwo\nthree\nfour"


def test_control_characters_are_removed_with_a_warning():
    data = b"bell\x07 escape\x1b[0m tab\tkept\nvertical\x0btab" + b" " * 9000 + b"late NUL\x00."
    result = extract_text(data, "log.txt")
    assert result.text == "bell escape[0m tab\tkept\nverticaltab" + " " * 9000 + "late NUL."
    assert len(result.warnings) == 1 and result.warnings[0].startswith("4 ")


def test_markdown_is_kept_as_source():
    source = "# Interview\n\n**Mayor:** we _learned_ a lot.\n\n- item\n"
    for name in ("notes.md", "notes.markdown", "NOTES.MD"):
        result = extract_text(source.encode(), name)
        assert result.text == source
        assert result.format == "markdown"


def test_utf8_with_a_few_broken_bytes_is_read_as_utf8():
    data = ("Görüşme notları, " * 50).encode() + b"\x92 end"
    result = extract_text(data, "mostly.txt")
    assert result.encoding == "utf-8"
    assert result.text.endswith("\ufffd end")
    assert len(result.warnings) == 1


def test_mixed_utf8_and_latin1_is_refused():
    data = "Été à Ankara: début des échanges. Öğrenciler geldi.\n".encode().replace(b"\xc3\xa9", b"\xe9") * 5
    assert "unknown encoding" in refused(data, "mixed.txt")


def test_text_in_an_unknown_encoding_is_refused():
    # Printable ASCII interleaved with arbitrary high bytes: no encoding makes words of it.
    data = bytes(b if i % 3 else 0x80 + (i * 37) % 128 for i, b in enumerate(b"The meeting went well. " * 40))
    assert "unknown encoding" in refused(data, "garbled.txt")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # NUL bytes
        bytes(range(1, 32)) * 40 + b"some text",  # no NUL, but mostly control bytes
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 40,
        b"PK\x03\x04" + b"\x14\x00" * 20,
    ],
    ids=["nul", "controls", "png", "zip"],
)
def test_binary_named_txt_is_refused(data):
    assert "is not a text file" in refused(data, "photo.txt")


def test_pdf_named_txt_says_what_it_is():
    assert "PDF" in refused(minimal_pdf(["Hello"]), "report.txt")


@pytest.mark.parametrize("filename", ["empty.txt", "empty.md", "empty.docx", "empty.pdf"])
def test_empty_file_is_refused(filename):
    assert "is empty" in refused(b"", filename)


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", "\u00a0\u3000\n".encode(), codecs.BOM_UTF8 + b"\n"])
def test_whitespace_only_is_refused(data):
    assert "is empty" in refused(data, "blank.txt")


def test_too_large_is_refused_before_reading():
    assert "too large" in refused(b"x" * (MAX_BYTES + 1), "huge.txt")
    message = refused(b"0123456789A", "small.txt", max_bytes=10)
    assert "too large" in message and "10 B" in message
    assert extract_text(b"0123456789", "small.txt", max_bytes=10).text == "0123456789"


@pytest.mark.parametrize("filename", ["notes.rtf", "notes.doc", "README", "archive.txt.zip", "notes."])
def test_unknown_extension_is_refused(filename):
    message = refused(b"some text", filename)
    for extension in (".txt", ".md", ".markdown", ".docx", ".pdf"):
        assert extension in message


# -- Word .docx ---------------------------------------------------------------------------------------


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    document = docx.Document()
    document.add_heading("Interview İzmir–Lyon", level=1)
    document.add_paragraph("First answer: we learned about şehir planning.")
    document.add_paragraph("")  # empty paragraphs add no blank lines
    table = document.add_table(rows=3, cols=2)
    for row, (speaker, words) in enumerate(
        [("Speaker", "Utterance"), ("Mayor", "We visited the tram depot."), ("Planner", "")]
    ):
        table.cell(row, 0).text = speaker
        table.cell(row, 1).text = words
    table.cell(2, 1).paragraphs[0].add_run("Two lines")
    table.cell(2, 1).add_paragraph("in one cell.")
    last = document.add_paragraph("Tab")
    run = last.add_run()
    run.add_tab()
    run.add_text("and break")
    run.add_break()
    run.add_text("next line 😀")
    path = tmp_path / "interview.docx"
    document.save(path)

    result = extract_text(path.read_bytes(), "interview.docx")

    assert result.text == (
        "Interview İzmir–Lyon\n\n"
        "First answer: we learned about şehir planning.\n\n"
        "Speaker\tUtterance\nMayor\tWe visited the tram depot.\nPlanner\tTwo lines in one cell.\n\n"
        "Tab\tand break\nnext line 😀"
    )
    assert result.format == "docx"
    assert result.encoding is None and result.pages is None


def test_docx_tracked_changes_keep_insertions_and_drop_deletions():
    document = docx.Document()
    paragraph = document.add_paragraph("The plan was ")
    revision = 'w:id="%d" w:author="Editor" w:date="2024-05-01T10:00:00Z"'
    paragraph._p.append(
        parse_xml(f"<w:del {nsdecls('w')} {revision % 1}><w:r><w:delText>rejected</w:delText></w:r></w:del>")
    )
    paragraph._p.append(
        parse_xml(f"<w:ins {nsdecls('w')} {revision % 2}><w:r><w:t>approved</w:t></w:r></w:ins>")
    )
    # python-docx's own Paragraph.text skips runs inside w:ins; the extracted text must not.
    assert extract_text(docx_bytes(document), "tracked.docx").text == "The plan was approved"


def test_docx_without_text_is_empty():
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    assert "is empty" in refused(docx_bytes(document), "blank.docx")


@pytest.mark.parametrize(
    "data",
    [
        bytes((i * 7919 + 13) % 256 for i in range(4096)),  # arbitrary bytes
        b"PK\x03\x04 truncated zip",
        b"just some text",
    ],
    ids=["random", "truncated-zip", "text"],
)
def test_corrupt_docx_is_refused(data):
    assert "is not a Word .docx file" in refused(data, "broken.docx")


def test_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "is not a Word .docx file" in refused(buffer.getvalue(), "other.docx")


def test_old_doc_renamed_docx_is_refused_with_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    message = refused(ole, "old.docx")
    assert "is not a Word .docx file" in message and ".doc" in message


@pytest.fixture
def docx_never_opened(monkeypatch):
    """Fail the test if python-docx is asked to open the file."""

    def refuse_to_open(*args, **kwargs):
        raise AssertionError("python-docx must not open this file")

    monkeypatch.setattr(docx, "Document", refuse_to_open)


def test_zip_bomb_docx_is_refused_without_extracting(docx_never_opened):
    # One entry of 300 MB of zeros, written in 1 MB chunks: the archive itself is ~300 KB.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    started = time.monotonic()
    message = refused(data, "bomb.docx")
    assert time.monotonic() - started < 5
    assert "was not opened" in message and "300 MB" in message


def test_highly_compressed_entry_is_refused(docx_never_opened):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"A" * (5 * 1024 * 1024))  # ratio ~1000:1
    assert "ZIP bomb" in refused(buffer.getvalue(), "dense.docx")


def test_zip_with_too_many_entries_is_refused(docx_never_opened):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"p/{number}", b"")
    assert "10,000" in refused(buffer.getvalue(), "many.docx")


# -- PDF ----------------------------------------------------------------------------------------------


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding, non-ASCII bytes as octal escapes."""
    escaped = bytearray()
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            escaped += b"\\" + bytes([byte])
        elif byte < 0x20 or byte > 0x7E:
            escaped += b"\\%03o" % byte
        else:
            escaped.append(byte)
    return b"(" + bytes(escaped) + b")"


def minimal_pdf(pages: list[list[str] | str | None]) -> bytes:
    """A small valid PDF written by hand: one page per item, Helvetica text lines, or no content.

    Objects are numbered in order and the cross-reference table carries their
    real byte offsets, so pypdf reads it without repairing anything.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    tree = add(b"")
    kids = []
    for page in pages:
        attributes = b"/Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]" % tree
        if page is not None:
            lines = [page] if isinstance(page, str) else page
            stream = b"BT /F1 12 Tf 14 TL 72 720 Td " + b" ".join(
                pdf_string(line) + b" Tj T*" for line in lines
            )
            stream += b" ET"
            content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
            attributes += b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R" % (font, content)
        kids.append(add(b"<< " + attributes + b" >>"))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    references = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (references, len(kids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def test_minimal_pdf_is_well_formed():
    data = minimal_pdf(["Hello"])
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 1


def test_pdf_text_per_page_joined_by_blank_lines():
    data = minimal_pdf([["Interview with the mayor", "Café: 5 € – déjà vu"], "Second page (end)"])
    result = extract_text(data, "report.pdf")
    assert result.text == "Interview with the mayor\nCafé: 5 € – déjà vu\n\nSecond page (end)"
    assert result.format == "pdf"
    assert result.pages == 2
    assert result.encoding is None
    assert result.warnings == ()


def test_pdf_pages_without_text_are_reported():
    result = extract_text(minimal_pdf(["Typed page", None, None]), "mixed.pdf")
    assert result.text == "Typed page"
    assert result.pages == 3
    assert len(result.warnings) == 1 and "2, 3" in result.warnings[0]


def test_pdf_without_text_layer_is_refused():
    message = refused(minimal_pdf([None]), "scan.pdf")
    assert "has no text layer" in message and "OCR" in message


def test_pdf_with_only_blank_text_is_refused():
    assert "has no text layer" in refused(minimal_pdf(["   "]), "blank.pdf")


@pytest.mark.parametrize(
    "data",
    [
        bytes((i * 7919 + 13) % 256 for i in range(4096)),
        b"%PDF-1.4\n" + bytes((i * 31 + 7) % 256 for i in range(2000)),
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
        minimal_pdf(["Cut short"])[:-80],
    ],
    ids=["garbage", "header-then-garbage", "unfinished", "truncated"],
)
def test_damaged_pdf_is_refused(data):
    assert "cannot be read as PDF" in refused(data, "damaged.pdf")


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    # RC4 needs no extra package; AES would need pypdf's optional cryptography dependency.
    writer.encrypt(user_password=user_password, owner_password="owner secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_with_a_password_is_refused():
    data = encrypted(minimal_pdf(["Confidential"]), user_password="secret")
    assert "password" in refused(data, "locked.pdf")


def test_pdf_encrypted_without_a_user_password_is_read():
    data = encrypted(minimal_pdf(["Printing restricted"]), user_password="")
    assert PdfReader(io.BytesIO(data)).is_encrypted
    assert extract_text(data, "restricted.pdf").text == "Printing restricted"


def test_pdf_with_too_many_pages_is_refused():
    data = minimal_pdf(["one", "two", "three"])
    assert "3 pages" in refused(data, "long.pdf", max_pages=2)
    assert extract_text(data, "long.pdf", max_pages=3).pages == 3
