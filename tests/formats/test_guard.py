"""The guard the importers share: archives opened only within limits, XML read in its own encoding and
refused when it declares a document type or entities — in UTF-16 and UTF-32 as in UTF-8.

The files are real: a workbook written by openpyxl, a Word document by python-docx, a REFI-QDA project
as other tools write it; a part of each is re-encoded and given a "billion laughs" DTD.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from unittest import mock

import docx
import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mutuality.formats import guard, spreadsheets
from mutuality.formats.data_export import export_document
from mutuality.formats.data_load import load_documents
from mutuality.formats.extract import ExtractionError, extract_text
from mutuality.formats.refi_qda.package import QdaImportError, open_package, parse_xml
from mutuality.formats.sheetfiles import SpreadsheetError
from tests.web.conftest import SMALL_DATASET

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol%s;" % ("" if n == 1 else n - 1)) * 10}">' for n in range(1, 10))
    + "]>"
)
#: (name, codec, byte-order mark): the encodings a parser finds by itself.
ENCODINGS = [
    ("UTF-16 LE", "utf-16-le", codecs.BOM_UTF16_LE),
    ("UTF-16 BE", "utf-16-be", codecs.BOM_UTF16_BE),
    ("UTF-32 LE", "utf-32-le", codecs.BOM_UTF32_LE),
    ("UTF-32 BE", "utf-32-be", codecs.BOM_UTF32_BE),
    ("UTF-16 LE, no mark", "utf-16-le", b""),
    ("UTF-32 BE, no mark", "utf-32-be", b""),
]
IDS = [name for name, _codec, _bom in ENCODINGS]


def encoded(xml: bytes, codec: str, bom: bytes, *, dtd: str = "") -> bytes:
    """A UTF-8 XML document re-encoded, its declaration saying so, with ``dtd`` after it."""
    text = xml.decode("utf-8")
    declaration, _sep, body = text.partition("?>") if text.startswith("<?xml") else ("", "", text)
    name = codec.split("-")[0].upper() + "-" + codec.split("-")[1]
    head = f'<?xml version="1.0" encoding="{name}" standalone="yes"?>' if declaration else ""
    return bom + (head + dtd + body).encode(codec)


def with_part(archive_bytes: bytes, part: str, change) -> bytes:
    """A copy of a zip archive with one part changed by ``change(bytes) -> bytes``."""
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source, zipfile.ZipFile(stream, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, change(content) if item.filename == part else content)
    return stream.getvalue()


# --- XML -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "codec", "bom"), ENCODINGS, ids=IDS)
def test_xml_is_read_in_its_own_encoding_and_a_dtd_in_it_is_refused(name, codec, bom):
    xml = '<?xml version="1.0" encoding="UTF-8"?><root a="ğ">قال</root>'.encode()
    assert guard.check_xml(encoded(xml, codec, bom)).endswith('<root a="ğ">قال</root>')
    with pytest.raises(guard.Refused) as refused:
        guard.check_xml(encoded(xml, codec, bom, dtd=LAUGHS))
    assert refused.value.reason == guard.DTD


def test_xml_in_an_encoding_it_declares_or_that_does_not_decode():
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>'.encode("latin-1")
    assert guard.check_xml(latin).endswith("<r>é</r>")
    seven = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE r+AD4-<r/>'
    assert guard.xml_encoding(seven) == ("UTF-7", 0)
    with pytest.raises(guard.Refused, match="document type"):
        guard.check_xml(seven)
    # Declared UTF-16 but written in single bytes: a parser reads the bytes as they are.
    with pytest.raises(guard.Refused, match="document type"):
        guard.check_xml(b'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>')
    assert guard.check_xml("<r/>".encode("utf-16-be")) == "<r/>"  # as expat reads it: a NUL first
    unreadable = (
        b"<r>\xff\xfe</r>",  # not UTF-8
        b'<?xml version="1.0" encoding="no-such"?><r/>',
        codecs.BOM_UTF16_LE + b"<\x00r",  # cut inside a character
        " <r/>".encode("utf-32-le"),  # UTF-32 that does not start with "<": read as UTF-16, NULs remain
    )
    for broken in unreadable:
        with pytest.raises(guard.Refused) as refused:
            guard.check_xml(broken)
        assert refused.value.reason == guard.ENCODING


# --- archives --------------------------------------------------------------------------------------

LIMITS = guard.ZipLimits(max_entries=10, max_unpacked_bytes=10 * 1024 * 1024)


def archive(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression) as made:
        for name, data in entries.items():
            made.writestr(name, data)
    return stream.getvalue()


def reason(data: bytes) -> str:
    with pytest.raises(guard.Refused) as refused:
        guard.open_zip(data, LIMITS)
    return refused.value.reason


def test_archives_are_refused_from_their_directory_before_anything_is_unpacked():
    assert guard.open_zip(archive({"a.xml": b"<a/>"}), LIMITS).namelist() == ["a.xml"]
    assert reason(b"PK\x03\x04 not a zip") == guard.DAMAGED
    assert reason(archive({f"{n}.txt": b"" for n in range(11)})) == guard.ENTRIES
    for name in ("../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:/evil.txt", "\\\\server\\share.txt"):
        assert reason(archive({name: b"x"})) == guard.UNSAFE_PATH, name
    assert reason(archive({"big.bin": b"\0" * (5 * 1024 * 1024)})) == guard.RATIO
    noise = {f"{n}.bin": bytes(range(256)) * 4096 * 6 for n in range(2)}  # 12 MB stored
    assert reason(archive(noise, zipfile.ZIP_STORED)) == guard.UNPACKED
    locked = bytearray(archive({"secret.txt": b"x"}))
    locked[locked.rindex(b"PK\x01\x02") + 8] |= 0x1  # "encrypted", in the central directory's flags
    assert reason(bytes(locked)) == guard.ENCRYPTED


def test_an_archive_opened_by_path_is_closed_when_refused_and_a_damaged_one_says_why(tmp_path):
    path = tmp_path / "evil.zip"
    path.write_bytes(archive({"../evil.txt": b"x"}))
    with mock.patch.object(
        zipfile.ZipFile, "close", autospec=True, side_effect=zipfile.ZipFile.close
    ) as close:
        with pytest.raises(guard.Refused):
            guard.open_zip(path, LIMITS)
    close.assert_called_once()
    with pytest.raises(guard.Refused) as refused:
        guard.open_zip(tmp_path / "missing.zip", LIMITS)
    assert refused.value.reason == guard.DAMAGED
    assert "No such file" in refused.value.detail


# --- the importers ---------------------------------------------------------------------------------


@pytest.fixture
def workbook(db: None) -> bytes:
    """A workbook exported by the app (openpyxl writes it) from a small partnership."""
    load_documents([("small dataset", SMALL_DATASET)])
    return spreadsheets.xlsx_bytes(spreadsheets.export_rows())


def first_sheet(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as opened:
        return next(name for name in opened.namelist() if name.startswith("xl/worksheets/sheet"))


@pytest.mark.parametrize(("name", "codec", "bom"), ENCODINGS, ids=IDS)
def test_a_workbook_part_with_a_dtd_in_utf16_or_utf32_is_refused_naming_file_and_part(
    workbook, name, codec, bom
):
    part = first_sheet(workbook)
    hostile = with_part(workbook, part, lambda xml: encoded(xml, codec, bom, dtd=LAUGHS))
    before = export_document()
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.import_spreadsheet(hostile, "laughs.xlsx")
    assert str(refused.value.problems[0]) == (
        f"laughs.xlsx: the workbook part {part} contains a document type declaration (DTD) or entities, "
        "which are not allowed"
    )
    assert export_document() == before


def test_a_hostile_workbook_uploaded_on_the_page_is_refused_and_nothing_saved(workbook, settings, tmp_path):
    """Imported in the request (no worker), the job's page lists the problem."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path
    part = first_sheet(workbook)
    hostile = with_part(
        workbook, part, lambda xml: encoded(xml, "utf-32-le", codecs.BOM_UTF32_LE, dtd=LAUGHS)
    )
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("admin", password="a-long-test-password"))
    before = export_document()
    response = client.post(
        "/spreadsheets/import/", {"file": SimpleUploadedFile("laughs.xlsx", hostile)}, follow=True
    )
    assert response.redirect_chain[0][0].startswith("/imports/")
    assert response.context["job"].status == "failed"
    page = response.content.decode()
    assert "laughs.xlsx" in page and part in page and "document type declaration" in page
    assert export_document() == before


def test_a_workbook_in_utf16_without_a_dtd_is_read(workbook):
    part = first_sheet(workbook)
    plain = with_part(workbook, part, lambda xml: encoded(xml, "utf-16-le", codecs.BOM_UTF16_LE))
    before = export_document()
    assert str(spreadsheets.import_spreadsheet(plain, "utf16.xlsx")) == "nothing to load"
    assert export_document() == before


def test_openpyxl_itself_never_expands_an_entity(workbook):
    """Behind the check, openpyxl parses with defusedxml, which refuses entity declarations outright."""
    assert openpyxl.DEFUSEDXML
    part = first_sheet(workbook)
    hostile = with_part(
        workbook, part, lambda xml: encoded(xml, "utf-16-le", codecs.BOM_UTF16_LE, dtd=LAUGHS)
    )
    with pytest.raises(Exception) as raised:  # openpyxl wraps the parser's error in its own
        book = openpyxl.load_workbook(io.BytesIO(hostile), read_only=True)
        [list(sheet.iter_rows()) for sheet in book.worksheets]
    causes = []
    error: BaseException | None = raised.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(cause, EntitiesForbidden) for cause in causes), causes


def test_a_word_document_part_with_a_dtd_in_utf16_is_refused_naming_it():
    document = docx.Document()
    document.add_paragraph("Trust grew over ten years.")
    stream = io.BytesIO()
    document.save(stream)
    hostile = with_part(
        stream.getvalue(),
        "word/document.xml",
        lambda xml: encoded(xml, "utf-16-be", codecs.BOM_UTF16_BE, dtd=LAUGHS),
    )
    with pytest.raises(ExtractionError) as refused:
        extract_text(hostile, "laughs.docx")
    assert str(refused.value) == (
        "“laughs.docx” was not opened: its part word/document.xml declares a document type (DTD) or "
        "entities, which Word documents do not have."
    )


@pytest.mark.parametrize(("name", "codec", "bom"), ENCODINGS[2:4], ids=IDS[2:4])
def test_a_refi_qda_project_with_a_dtd_in_utf32_is_refused(name, codec, bom):
    xml = b'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>'
    package = open_package(archive({"project.qde": encoded(xml, codec, bom, dtd=LAUGHS)}), "laughs.qdpx")
    with pytest.raises(QdaImportError, match=r"document type \(DTD\)"):
        parse_xml(package.xml, package.label)


def test_an_archive_entry_without_a_name_is_refused_as_damaged():
    """Found by the REFI-QDA damage fuzzing: a flipped byte gave an entry an empty name, on which
    zipfile's own ``is_dir()`` fails with IndexError."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"data")
    with pytest.raises(guard.Refused) as refused:
        guard.open_zip(buffer.getvalue(), guard.ZipLimits(max_entries=10, max_unpacked_bytes=1000))
    assert refused.value.reason == guard.DAMAGED and "has no name" in str(refused.value)
