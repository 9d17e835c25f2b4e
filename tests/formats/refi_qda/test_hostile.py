"""Hostile and broken files are refused with a clear message, in bounded time and memory, writing nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model

from mutuality.evidence.models import Code, Coding, Memo, Source
from mutuality.formats.refi_qda.importing import import_file
from mutuality.formats.refi_qda.package import Limits, QdaImportError
from mutuality.partnerships.models import Partnership
from mutuality.qdaexchange.models import Attachment, QdaImport
from tests.formats.refi_qda.conftest import make_qdpx

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
CODEBOOK = (
    '<CodeBook><Codes><Code guid="00000000-0000-0000-0000-0000000000c1" name="Trust" isCodable="true"/>'
    "</Codes></CodeBook>"
)


def project(sources: str = "", codebook: str = CODEBOOK) -> str:
    return f'{HEAD}<Project xmlns="urn:QDA-XML:project:1.0" name="p">\n{codebook}\n<Sources>{sources}</Sources>\n</Project>\n'


def text_source(start: int = 0, end: int = 5, path: str = "internal://a.txt") -> str:
    return (
        f'<TextSource guid="00000000-0000-0000-0000-0000000000a1" name="A" plainTextPath="{path}">'
        f'<PlainTextSelection guid="00000000-0000-0000-0000-0000000000b1" startPosition="{start}" endPosition="{end}">'
        '<Coding guid="00000000-0000-0000-0000-0000000000d1"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000c1"/></Coding>'
        "</PlainTextSelection></TextSource>"
    )


def snapshot() -> tuple[int, ...]:
    return (
        Source.objects.count(),
        Coding.objects.count(),
        Code.objects.count(),
        Memo.objects.count(),
        QdaImport.objects.count(),
        Attachment.objects.count(),
        get_user_model().objects.count(),
    )


@pytest.fixture
def zeist(partnerships) -> Partnership:
    return Partnership.objects.get(key="zeist-berkane")


def refused(data: bytes, zeist: Partnership, *, limits: Limits | None = None, name: str = "bad.qdpx") -> str:
    before = snapshot()
    with pytest.raises(QdaImportError) as error:
        import_file(data, name, partnership=zeist, **({"limits": limits} if limits else {}))
    assert snapshot() == before, "something was written"
    message = str(error.value)
    assert (
        message.startswith("1 problem found, nothing was loaded:")
        or "problems found, nothing was loaded" in message
    )
    return message


def test_a_file_that_is_neither_a_zip_nor_xml_is_refused(zeist):
    assert "neither a REFI-QDA project" in refused(b"%PDF-1.7 not a project", zeist)


def test_a_broken_zip_is_refused(zeist):
    good = make_qdpx({"project.qde": project()})
    assert "not a readable ZIP archive" in refused(good[: len(good) // 2], zeist)


def test_a_zip_without_a_project_is_refused(zeist):
    assert "no project.qde" in refused(make_qdpx({"readme.txt": "hello"}), zeist)


def test_a_zip_bomb_is_refused_by_its_compression_ratio(zeist):
    bomb = make_qdpx({"project.qde": project(), "sources/a.txt": b"0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert "may be a ZIP bomb" in refused(bomb, zeist)


def test_a_zip_that_unpacks_to_too_much_is_refused(zeist):
    data = make_qdpx({"project.qde": project(), "sources/a.txt": "x" * 5000})
    assert "would unpack to" in refused(data, zeist, limits=Limits(max_unpacked_bytes=4000))


def test_too_many_entries_are_refused(zeist):
    files = {f"sources/{n}.txt": "x" for n in range(30)}
    assert "31 entries" in refused(
        make_qdpx({"project.qde": project(), **files}), zeist, limits=Limits(max_entries=20)
    )


def test_an_oversized_file_is_refused_before_it_is_opened(zeist):
    data = make_qdpx({"project.qde": project()})
    assert "The file is too large" in refused(data, zeist, limits=Limits(max_file_bytes=100))


def test_an_oversized_text_source_is_refused(zeist):
    data = make_qdpx({"project.qde": project(text_source()), "sources/a.txt": "Trust grew." * 100})
    assert "too large" in refused(data, zeist, limits=Limits(max_text_bytes=500))


@pytest.mark.parametrize(
    "name", ["../evil.txt", "sources/../../evil.txt", "/etc/passwd", "C:/evil.txt", "\\\\server\\share.txt"]
)
def test_entries_that_could_escape_a_folder_are_refused(zeist, name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", project())
        archive.writestr(zipfile.ZipInfo(name), b"x")
    assert "unsafe path" in refused(buffer.getvalue(), zeist)


def test_external_entities_are_refused(zeist, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    xml = (
        f'{HEAD}<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>'
    )
    message = refused(make_qdpx({"project.qde": xml}), zeist)
    assert "document type (DTD)" in message and "top secret" not in message


def test_billion_laughs_is_refused(zeist):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{"&lol%s;" % ("" if n == 1 else n - 1) * 10}">' for n in range(1, 10)
    )
    xml = f'{HEAD}<!DOCTYPE Project [{entities}]><Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>'
    assert "document type (DTD)" in refused(xml.encode(), zeist, name="laughs.qde")


def test_a_dtd_hidden_in_utf16_is_refused(zeist):
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Project [<!ENTITY a "b">]><Project name="&a;"/>'
    assert "document type (DTD)" in refused(xml.encode("utf-16"), zeist, name="utf16.qde")


def test_xml_that_is_not_well_formed_is_refused_with_its_line(zeist):
    message = refused(make_qdpx({"project.qde": project().replace("</Sources>", "</Source>")}), zeist)
    assert "bad.qdpx › project.qde, line 4" in message and "not well-formed" in message


def test_a_codebook_with_a_cycle_is_refused(zeist):
    codebook = (
        '<CodeBook><Codes><Code guid="00000000-0000-0000-0000-0000000000c1" name="A" isCodable="true">'
        '<Code guid="00000000-0000-0000-0000-0000000000c2" name="B" isCodable="true">'
        '<Code guid="{00000000-0000-0000-0000-0000000000C1}" name="A again" isCodable="true"/>'
        "</Code></Code></Codes></CodeBook>"
    )
    message = refused(make_qdpx({"project.qde": project(codebook=codebook)}), zeist)
    assert "placed inside itself: the codebook has a cycle" in message and "line 3" in message


def test_a_guid_used_by_two_codes_is_refused(zeist):
    codebook = CODEBOOK.replace(
        "</Codes>",
        '<Code guid="00000000-0000-0000-0000-0000000000C1" name="Again" isCodable="true"/></Codes>',
    )
    assert "used by two codes" in refused(make_qdpx({"project.qde": project(codebook=codebook)}), zeist)


@pytest.mark.parametrize("start,end", [(0, 99), (-1, 3), (4, 2)])
def test_codings_outside_their_text_are_refused(zeist, start, end):
    data = make_qdpx({"project.qde": project(text_source(start, end)), "sources/a.txt": "Trust grew."})
    message = refused(data, zeist)
    assert "lies outside the text, which has 11 characters" in message
    assert "TextSource 'A'" not in message and "source 'A' › PlainTextSelection" in message


def test_a_coding_of_a_code_that_is_not_in_the_codebook_is_refused(zeist):
    data = make_qdpx(
        {
            "project.qde": project(text_source(), codebook=CODEBOOK.replace("c1", "c9")),
            "sources/a.txt": "Trust grew.",
        }
    )
    assert "not in the codebook" in refused(data, zeist)


def test_text_that_is_not_utf8_is_refused(zeist):
    data = make_qdpx(
        {"project.qde": project(text_source()), "sources/a.txt": "Vertrauen wächst".encode("latin-1")}
    )
    assert "is not UTF-8 text" in refused(data, zeist)


def test_a_source_without_a_partnership_is_refused_when_none_is_chosen(partnerships):
    data = make_qdpx({"project.qde": project(text_source()), "sources/a.txt": "Trust grew."})
    before = snapshot()
    with pytest.raises(QdaImportError) as error:
        import_file(data, "x.qdpx")
    assert "choose the partnership to import into" in str(error.value)
    assert snapshot() == before


def test_a_late_problem_rolls_back_everything_written_before_it(zeist):
    """Two sources: the first is fine, the second has no partnership; the first is not kept either."""
    second = text_source().replace("a1", "a2").replace("b1", "b2").replace("d1", "d2")
    case = (
        '<Cases><Case guid="00000000-0000-0000-0000-0000000000e1" name="Zeist–Berkane">'
        '<SourceRef targetGUID="00000000-0000-0000-0000-0000000000a1"/></Case></Cases>'
    )
    xml = project(text_source() + second).replace("<Sources>", case + "<Sources>")
    data = make_qdpx({"project.qde": xml, "sources/a.txt": "Trust grew."})
    before = snapshot()
    with pytest.raises(QdaImportError):
        import_file(data, "x.qdpx")
    assert snapshot() == before


def test_codes_nested_beyond_the_parsers_depth_limit_are_refused(zeist):
    depth = 400
    codes = "".join(
        f'<Code guid="00000000-0000-0000-0000-{n:012d}" name="c{n}" isCodable="true">' for n in range(depth)
    )
    xml = f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}{"</Code>" * depth}</Codes></CodeBook>'
    assert "Excessive depth" in refused(xml.encode(), zeist, name="deep.qdc")
