"""What other producers write differently is read: names, paths, GUIDs, byte-order marks, line ends, Unicode forms."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutuality.evidence.models import Code, Coding, Source
from mutuality.formats.refi_qda.importing import import_file
from mutuality.formats.refi_qda.textmap import normalise_with_offsets
from mutuality.partnerships.models import Partnership
from tests.formats.refi_qda.conftest import make_qdpx

TEXT = "Wir lernen voneinander.\r\nDas Vertrauen wuchs über zehn Jahre."


def project(path: str, start: int, end: int, *, guid: str = "{0F8A1907-7E42-4739-8610-A676B4D1B69F}") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="lenient">'
        f'<CodeBook><Codes><Code guid="{guid}" name="Vertrauen" isCodable="true" color="#0a0"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="11111111-2222-3333-4444-555555555555" plainTextPath="{path}">'
        f'<PlainTextSelection guid="{{AAAAAAAA-2222-3333-4444-555555555555}}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="BBBBBBBB-2222-3333-4444-555555555555"><CodeRef targetGUID="{guid.strip("{}").lower()}"/></Coding>'
        "</PlainTextSelection></TextSource></Sources></Project>"
    )


@pytest.fixture
def zeist(partnerships) -> Partnership:
    return Partnership.objects.get(key="zeist-berkane")


def the_coding() -> Coding:
    return Coding.objects.select_related("version", "code").get()


@pytest.mark.parametrize(
    "qde,folder,path",
    [
        ("project.qde", "sources", "internal://t.txt"),
        ("Project.qde", "Sources", "internal://t.txt"),
        ("project.qde", "sources", "t.txt"),
        ("PROJECT.QDE", "Sources", "INTERNAL://T.TXT"),
        ("export/project.qde", "export/sources", "internal://t.txt"),
    ],
)
def test_names_and_paths_are_found_however_they_are_spelled(zeist, qde, folder, path):
    start = TEXT.index("Vertrauen")
    data = make_qdpx({qde: project(path, start, start + 9), f"{folder}/t.txt": TEXT})
    import_file(data, "x.qdpx", partnership=zeist)
    assert the_coding().quote == "Vertrauen"


def test_a_byte_order_mark_is_not_counted_and_crlf_offsets_move_with_the_text(zeist):
    start = TEXT.index("Vertrauen")  # counted in the file's text, with \r\n
    data = make_qdpx(
        {"project.qde": "\ufeff" + project("t.txt", start, start + 9), "sources/t.txt": "\ufeff" + TEXT}
    )
    import_file(data, "x.qdpx", partnership=zeist)
    coding = the_coding()
    assert coding.version.text == TEXT.replace("\r\n", "\n")
    assert (coding.start, coding.quote) == (start - 1, "Vertrauen")


@pytest.mark.parametrize(
    "blank", ["\x00" * 40, " \r\n\t ", "\u200b\u200b\ufeff\u2060\u00ad", "\x00 \u200b\n"], ids=repr
)
def test_a_text_of_nul_bytes_spaces_or_invisible_characters_is_skipped_with_its_codings(zeist, blank):
    data = make_qdpx({"project.qde": project("t.txt", 0, 2), "sources/t.txt": blank})
    report = import_file(data, "x.qdpx", partnership=zeist)
    assert not Source.objects.exists() and not Coding.objects.exists()
    assert any("its text is empty" in item and "1 coding" in item for item in report.skipped)


def test_decomposed_unicode_is_stored_composed_and_offsets_follow(zeist):
    text = unicodedata.normalize("NFD", "Le café à Berkane: confiance réciproque.")
    start = text.index("confiance")
    data = make_qdpx({"project.qde": project("t.txt", start, len(text) - 1), "sources/t.txt": text})
    import_file(data, "x.qdpx", partnership=zeist)
    coding = the_coding()
    assert coding.quote == "confiance réciproque"
    assert unicodedata.is_normalized("NFC", coding.version.text)


def test_braced_upper_case_guids_and_short_colours_are_read(zeist):
    start = TEXT.index("Vertrauen")
    import_file(
        make_qdpx({"project.qde": project("t.txt", start, start + 9), "sources/t.txt": TEXT}),
        "x.qdpx",
        partnership=zeist,
    )
    assert the_coding().code.name == "Vertrauen"
    assert Code.objects.get(name="Vertrauen").colour == "#00aa00"


def test_text_inside_the_project_and_utf16_files_are_read(zeist):
    xml = project("t.txt", 0, 3).replace(
        ' plainTextPath="t.txt">', "><PlainTextContent>Wir lernen.</PlainTextContent>"
    )
    import_file(make_qdpx({"project.qde": xml}), "x.qdpx", partnership=zeist)
    assert the_coding().quote == "Wir"
    Coding.objects.all().delete()
    Source.objects.all().delete()
    data = make_qdpx(
        {"project.qde": project("t.txt", 4, 10), "sources/t.txt": "Wir lernen.".encode("utf-16")}
    )
    import_file(data, "y.qdpx", partnership=zeist)
    assert the_coding().quote == "lernen"


def test_a_bare_project_document_is_read_too(zeist):
    xml = project("t.txt", 0, 3).replace(
        ' plainTextPath="t.txt">', "><PlainTextContent>Wir lernen.</PlainTextContent>"
    )
    report = import_file(xml.encode(), "project.qde", partnership=zeist)
    assert report.imported["codings"] == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "é", "e\u0301", "\r\n", "\r", "\n", "\x00", "🤝", "ب", "\u1100\u1161", "x\u0323\u0301"]
        ),
        max_size=30,
    )
)
def test_offsets_map_onto_the_stored_text(pieces):
    raw = "".join(pieces)
    text, moved = normalise_with_offsets(raw)
    assert text == unicodedata.normalize(
        "NFC", raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    )
    boundaries = [0]
    for piece in pieces:
        boundaries.append(boundaries[-1] + len(piece))
    for index, piece in enumerate(pieces):
        following = pieces[index + 1] if index + 1 < len(pieces) else "a"
        if piece in ("a", "🤝", "ب") and not following.startswith(("\u0301", "\u0323", "x\u0323")):
            # A character nothing composes with keeps its place: the offsets around it still frame it.
            assert text[moved(boundaries[index]) : moved(boundaries[index + 1])] == piece
    assert moved(0) == 0 and moved(len(raw)) == len(text)
    assert all(moved(a) <= moved(b) for a, b in zip(range(len(raw)), range(1, len(raw) + 1), strict=False))
