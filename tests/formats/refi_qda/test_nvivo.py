"""Projects written as NVivo writes them import with every coding on the words its coder chose.

NVivo counts selections in UTF-16 code units (an emoji counts 2, a byte-order mark nothing, CR LF
2), although the standard says code points. Each file here is built the way NVivo builds it — for
Windows a ``Sources/`` folder of UTF-8 texts with a byte-order mark and CR LF line ends, for Mac a
lowercase ``sources/`` folder with a ``.root`` entry, LF and no mark — and each coding is placed
on chosen words by counting as that program counts. The test then reads back the words each
coding covers: they must be the chosen words, not merely the right number of codings.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

import pytest
from lxml import etree

from mutuality.evidence.models import Coding, Source
from mutuality.formats.refi_qda import offsets
from mutuality.formats.refi_qda.exporting import qdpx_bytes
from mutuality.formats.refi_qda.importing import ImportReport, import_file
from mutuality.formats.refi_qda.package import QdaImportError
from mutuality.partnerships.models import Partnership
from tests.formats.refi_qda.conftest import make_qdpx, qde_of

NS = "urn:QDA-XML:project:1.0"

# Interview-like lines: emoji (outside the BMP, two UTF-16 units each, one a two-character flag),
# Arabic, Hungarian and Turkish letters before and between the coded words.
BERKANE = (
    "Interviewer: How did the first visit go? 🙂\n"
    "Respondent: Very well 👍👍. We met the waste team in Zeist 🇳🇱 and the hospital gardeners.\n"
    "The word for it in Arabic is تبادل الخبرات, and we used it every day 😀.\n"
    "Hungarian colleagues said: együttműködés és bizalom 🤝; the Turkish team: güven ve işbirliği.\n"
    "In the end the hospital garden was the project everyone remembered 🌱🌱🌱"
)
# (words, which occurrence): what each coder chose to code.
CHOSEN = [
    ("first visit", 0),
    ("waste team", 0),
    ("hospital gardeners", 0),  # after 4 emoji, one a flag of two characters
    ("تبادل الخبرات", 0),
    ("együttműködés és bizalom", 0),
    ("güven ve işbirliği", 0),
    ("hospital garden was the project everyone remembered 🌱🌱🌱", 0),  # to the very end of the text
]


@dataclass
class Producer:
    origin: str
    folder: str  # how the program names the folder of texts
    bom: bool
    newline: str
    extra: tuple[str, ...] = ()  # other entries the program writes


NVIVO_WINDOWS = Producer("NVivo for Windows 14.24.0", "Sources", bom=True, newline="\r\n")
NVIVO_MAC = Producer("NVivo 14 for Mac", "sources", bom=False, newline="\n", extra=("sources/.root",))
MAXQDA = Producer("MAXQDA 2022", "Sources", bom=False, newline="\r\n")
QUALCODER = Producer("QualCoder 3.6", "sources", bom=False, newline="\n")


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def place(text: str, words: str, occurrence: int, unit: str) -> tuple[int, int]:
    """Where ``words`` lie in ``text`` (as written, line ends included), counted in ``unit``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    end = start + len(words)
    if unit == offsets.UTF16:
        return utf16_units(text[:start]), utf16_units(text[:end])
    return start, end


def project(
    producer: Producer,
    texts: dict[str, tuple[str, list[tuple[str, int]]]],
    unit: str | None = None,
) -> bytes:
    """A .qdpx as ``producer`` writes it: for each source name its text and its coded words."""
    unit = unit or offsets.expected_unit(producer.origin)
    code = str(uuid.uuid4())
    sources, files = [], {}
    for name, (text, chosen) in texts.items():
        guid = str(uuid.uuid4()).upper()
        written = text.replace("\n", producer.newline)
        files[f"{producer.folder}/{guid}.txt"] = ("\ufeff" if producer.bom else "") + written
        selections = "".join(
            f'<PlainTextSelection guid="{uuid.uuid4()}" name="" startPosition="{start}" endPosition="{end}">'
            f'<Coding guid="{uuid.uuid4()}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
            for words, occurrence in chosen
            for start, end in [place(written, words.replace("\n", producer.newline), occurrence, unit)]
        )
        sources.append(
            f'<TextSource guid="{guid}" name={quoteattr(name)} plainTextPath="internal://{guid}.txt">{selections}</TextSource>'
        )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Project name="Berkane interviews" origin="{producer.origin}" xmlns="{NS}">'
        f'<CodeBook><Codes><Code guid="{code}" name="Exchange of experience" isCodable="true"/></Codes></CodeBook>'
        f"<Sources>{''.join(sources)}</Sources></Project>"
    )
    return make_qdpx({"project.qde": qde, **{entry: "" for entry in producer.extra}, **files})


def coded_words(source: Source) -> list[str]:
    text = source.current.text
    return [text[c.start : c.end] for c in Coding.objects.filter(version__source=source).order_by("start")]


@pytest.fixture
def zeist(partnerships) -> Partnership:
    return Partnership.objects.get(key="zeist-berkane")


@pytest.mark.parametrize("producer", [NVIVO_WINDOWS, NVIVO_MAC], ids=["windows", "mac"])
def test_an_nvivo_project_lands_every_coding_on_the_words_its_coder_chose(zeist, producer):
    report = import_file(
        project(producer, {"Berkane 2019": (BERKANE, CHOSEN)}), "nvivo.qdpx", partnership=zeist
    )
    source = Source.objects.get()
    assert source.title == "Berkane 2019"
    assert coded_words(source) == [words for words, _ in CHOSEN]
    assert f"Offsets read in UTF-16 code units, as {producer.origin} writes them" in report.offsets
    assert not report.check


@pytest.mark.parametrize("producer", [MAXQDA, QUALCODER], ids=["maxqda", "qualcoder"])
def test_a_project_counted_in_code_points_stays_right(zeist, producer):
    report = import_file(
        project(producer, {"Berkane 2019": (BERKANE, CHOSEN)}), "other.qdpx", partnership=zeist
    )
    assert coded_words(Source.objects.get()) == [words for words, _ in CHOSEN]
    assert f"Offsets read in Unicode code points, as {producer.origin} writes them" in report.offsets


def test_the_report_shows_coded_passages_as_they_landed(zeist):
    report = import_file(
        project(NVIVO_WINDOWS, {"Berkane 2019": (BERKANE, CHOSEN)}), "nvivo.qdpx", partnership=zeist
    )
    assert [item["words"] for item in report.passages] == ["first visit", "waste team", "hospital gardeners"]
    assert {item["source"] for item in report.passages} == {"Berkane 2019"}
    lines = str(ImportReport.from_json(report.as_json()))
    assert "«hospital gardeners»" in lines and "UTF-16 code units" in lines


def test_a_program_that_counts_utf16_without_saying_so_is_read_by_the_words(zeist):
    unnamed = Producer("Some QDA tool 2.0", "Sources", bom=False, newline="\n")
    data = project(unnamed, {"Berkane 2019": (BERKANE, CHOSEN)}, unit=offsets.UTF16)
    report = import_file(data, "unnamed.qdpx", partnership=zeist)
    assert coded_words(Source.objects.get()) == [words for words, _ in CHOSEN]
    assert "although Some QDA tool 2.0 is expected to write Unicode code points" in report.offsets


def test_when_neither_reading_fits_the_codings_whose_words_look_cut_are_listed(zeist):
    # A coder who selected half a word by hand: NVivo's reading still places it, but it cuts a word,
    # and so does the other reading; the report says so and names the passage.
    chosen = [*CHOSEN, ("ospital garden", 1)]
    report = import_file(
        project(NVIVO_MAC, {"Berkane 2019": (BERKANE, chosen)}), "nvivo.qdpx", partnership=zeist
    )
    assert "ospital garden" in coded_words(Source.objects.get())  # NVivo's reading: the others fit it
    assert "neither way of counting" in report.offsets
    assert any("«ospital garden»" in item for item in report.check)


def test_a_long_nvivo_transcript_with_hundreds_of_emoji_lands_right_to_its_end(zeist):
    """Imports a source of about 600,000 characters with 400 emoji, as large as real NVivo ones (about 1 s)."""
    paragraph = "Ahmed 😀 said the exchange with Zeist helped the ħospital garden grow; süreç iyi gitti. "
    text = paragraph * 7000 + "Last words of the interview 🙏"
    chosen = [("exchange with Zeist", n) for n in range(0, 7000, 17)] + [
        ("Last words of the interview 🙏", 0)
    ]
    import_file(project(NVIVO_WINDOWS, {"Long interview": (text, chosen)}), "long.qdpx", partnership=zeist)
    words = coded_words(Source.objects.get())
    assert len(words) == len(chosen)
    assert set(words[:-1]) == {"exchange with Zeist"} and words[-1] == "Last words of the interview 🙏"


def test_a_selection_beyond_the_text_in_every_reading_is_refused_with_the_unit(zeist):
    data = project(NVIVO_MAC, {"Short": ("Only a few words 🙂", [("few words", 0)])})
    root = qde_of(data)
    selection = root.find(f".//{{{NS}}}PlainTextSelection")
    selection.set("endPosition", "400")
    with pytest.raises(QdaImportError) as refused:
        import_file(rebuilt(data, root), "nvivo.qdpx", partnership=zeist)
    assert "lies outside the text" in str(refused.value) and "UTF-16 code units" in str(refused.value)
    assert not Source.objects.exists()


def rebuilt(data: bytes, root: etree._Element) -> bytes:
    """The archive ``data`` with ``root`` as its project document."""
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            files[name] = archive.read(name)
    files["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return make_qdpx(files)


def test_export_for_nvivo_counts_utf16_units_and_reads_back_onto_the_same_words(zeist):
    import_file(project(NVIVO_WINDOWS, {"Berkane 2019": (BERKANE, CHOSEN)}), "nvivo.qdpx", partnership=zeist)
    standard, for_nvivo = (
        qdpx_bytes(zeist, with_names=True),
        qdpx_bytes(zeist, with_names=True, units=offsets.UTF16),
    )
    text = Source.objects.get().current.text
    for data, unit in ((standard, offsets.CODE_POINTS), (for_nvivo, offsets.UTF16)):
        positions = sorted(
            (int(s.get("startPosition")), int(s.get("endPosition")))
            for s in qde_of(data).iter(f"{{{NS}}}PlainTextSelection")
        )
        assert positions == [place(text, words, occurrence, unit) for words, occurrence in CHOSEN]
    assert "NVivo" in qde_of(for_nvivo).get("origin")
