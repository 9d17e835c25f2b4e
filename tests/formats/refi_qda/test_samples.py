"""Real files written by other QDA tools (and by hand) import, and the report says what they hold.

The expected counts are computed here, independently of the importer, by
parsing each file's XML with the standard library.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from mutuality.evidence.models import Code, Coding, Memo, Source
from mutuality.formats.refi_qda.importing import import_file
from mutuality.partnerships.models import Partnership
from mutuality.qdaexchange.models import Attachment, ImportedCase, ImportedNote, QdaImport
from tests.formats.refi_qda.conftest import SAMPLES, sample, zip_folder


def qde(data: bytes) -> ET.Element:
    if data[:2] != b"PK":
        return ET.fromstring(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [name] = [n for n in archive.namelist() if n.lower().endswith(".qde")]
        return ET.fromstring(archive.read(name))


def named(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == name]


def text_codings(root: ET.Element) -> int:
    return sum(len(named(source, "Coding")) for source in named(root, "TextSource"))


@pytest.fixture
def zeist(partnerships) -> Partnership:
    return Partnership.objects.get(key="zeist-berkane")


def test_qc_demo_imports_both_transcripts_every_code_and_every_coding(zeist):
    data = sample("qc-demo.qdpx")
    root = qde(data)
    codes, codings, sources = len(named(root, "Code")), text_codings(root), len(named(root, "TextSource"))
    assert (sources, codes, codings) == (2, 262, 205)  # what the README says the file holds
    own_codes = Code.objects.filter(vocabulary="").count()
    report = import_file(data, "qc-demo.qdpx", partnership=zeist)
    assert report.schema_valid
    assert (
        report.read["sources"] == sources
        and report.read["codes"] == codes
        and report.read["codings"] == codings
    )
    assert (
        report.imported["sources"] == 2
        and report.imported["codes"] == 262
        and report.imported["codings"] == 205
    )
    assert Code.objects.filter(vocabulary="").count() == own_codes + 262
    assert Coding.objects.count() == 205
    assert set(Source.objects.values_list("partnerships__key", flat=True)) == {"zeist-berkane"}
    assert set(Coding.objects.values_list("coder__username", flat=True)) == {"cp"}


def test_qc_demo_offsets_point_at_the_words_of_each_selection(zeist):
    data = sample("qc-demo.qdpx")
    import_file(data, "qc-demo.qdpx", partnership=zeist)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("sources/board_2017.txt").decode("utf-8")
    root = qde(data)
    for selection in named(root, "PlainTextSelection")[:20]:
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert Coding.objects.filter(start=start, end=end, quote=text[start:end]).exists()


def test_qc_demo_keeps_the_hierarchy_of_codes(zeist):
    import_file(sample("qc-demo.qdpx"), "qc-demo.qdpx", partnership=zeist)
    code = Code.objects.get(name="restructure_curriculum")
    assert (
        code.path
        == "rq1_definition / defining_education / restructuring_high_school / restructure_curriculum"
    )


def test_the_atlas_ti_example_lists_what_it_could_not_import(zeist):
    data = sample("atlasti-8.4-spec-example.qdpx")
    root = qde(data)
    report = import_file(data, "atlasti.qdpx", partnership=zeist)
    assert report.read["codes"] == len(named(root, "Code")) == 14
    all_sources = sum(
        len(named(root, kind))
        for kind in ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource")
    )
    # PDF representations and notes are TextSourceType too; sources are the direct children of <Sources>.
    [holder] = named(root, "Sources")
    assert report.read["sources"] == len(list(holder)) and all_sources >= len(list(holder))
    assert report.read["notes"] == len(named(root, "Note")) == 2
    # Every coding of the file is read: 7 on text sources, 9 on the PDFs, the picture and the video.
    assert report.read["codings"] == len(named(root, "Coding")) == 16
    assert sum(item["codings"] for item in report.attachments) == 9
    # The archive holds no source files: the text sources are skipped, with the reason.
    assert report.imported["sources"] == 0 and Source.objects.count() == 0
    assert any("is not in the project file" in line for line in report.skipped)
    kinds = sorted(Attachment.objects.values_list("kind", flat=True))
    assert kinds == ["audio", "pdf", "pdf", "picture", "video", "video"]
    assert ImportedNote.objects.count() == 2  # notes on a link and on nothing
    assert Code.objects.filter(name="Coke::diet Coke", colour="#966450").exists()
    assert any("Set" in line for line in report.skipped)


def test_the_hand_authored_project_imports_every_element_it_can(zeist):
    data = zip_folder(SAMPLES / "hand-authored")
    root = qde(data)
    report = import_file(data, "hand-authored.qdpx", partnership=zeist)
    assert report.schema_valid
    assert report.read == {
        "users": len(named(root, "User")),
        "codes": len(named(root, "Code")),
        "variables": len(named(root, "Variable")),
        "cases": len(named(root, "Case")),
        "sources": 5,
        "codings": len(named(root, "Coding")),
        "notes": len(named(root, "Note")),
    }
    source = Source.objects.get()
    assert source.title == "Interview 1.txt"
    [diet, health] = sorted(Coding.objects.all(), key=lambda c: c.code.name)
    assert (health.start, health.end, health.quote) == (0, 15, "Diet and health")
    assert (diet.start, diet.end) == (9, 23)  # the overlapping selection
    assert Code.objects.get(name="Diet").path == "Topics / Health / Diet"
    assert Code.objects.get(name="Diet").colour == "#dc0000"
    case = ImportedCase.objects.get()
    assert case.name == "Participant 1" and case.values == {"Age": "34", "Consented": "true"}
    assert list(case.sources.all()) == [source]
    assert Attachment.objects.count() == 4
    assert ImportedNote.objects.get().text == "Remember to follow up on diet-related comments."


def test_two_coders_are_read_leniently_and_the_report_says_why_the_file_is_invalid(zeist):
    data = sample("two-coders-schema-invalid.qdpx")
    root = qde(data)
    report = import_file(data, "two-coders.qdpx", partnership=zeist)
    assert not report.schema_valid
    assert "Cases" in report.schema_problems[0] and "not expected" in report.schema_problems[0]
    assert report.imported["codings"] == text_codings(root) == 6
    assert set(Coding.objects.values_list("coder__username", flat=True)) == {"Ann", "Bob"}
    inline = Source.objects.get(title="Interview 02")
    assert inline.current.text.startswith("Am Anfang habe ich die Doppelbelastung unterschätzt.")
    coding = Coding.objects.filter(version__source__title="Interview 01").order_by("start").first()
    assert coding.quote == "Die Arbeit war fordernd, aber das Team hat getr"[: coding.end - coding.start]
    assert Memo.objects.filter(text="Traegt das Team wirklich?").exists()
    assert Code.objects.get(name="Belastung").colour == "#CC3311"
    assert ImportedNote.objects.get().text == "Erste Durchsicht, nichts Auffaelliges.\n"
    assert ImportedCase.objects.get().name == "Station A"
    assert QdaImport.objects.get().report["schema_problems"] == report.schema_problems


def test_a_codebook_in_the_old_namespace_imports(db):
    data = sample("atlasti-9-codebook-old-namespace.qdc")
    root = qde(data)
    report = import_file(data, "old.qdc")
    assert report.read["codes"] == len(named(root, "Code")) == 5
    assert not report.schema_valid and "urn:QDA-XML:codebook:0:4" in report.schema_problems[0]
    assert Code.objects.get(name="code1.1").parent.name == "code1"
    assert Code.objects.get(name="code:3.1").path == "code3 / code:3.1"


def test_the_spec_codebook_with_braced_guids_imports_and_is_reported_invalid(db):
    data = sample("spec-example-codebook.qdc")
    root = qde(data)
    report = import_file(data, "spec.qdc")
    assert report.read["codes"] == len(named(root, "Code")) == 6
    assert not report.schema_valid and "Sets" in report.schema_problems[0]
    economy = Code.objects.get(name="Economy")
    assert (economy.colour, economy.description) == ("#ffff00", "Anything about jobs or taxes or business")
    from mutuality.qdaexchange.models import ExchangeGuid

    assert ExchangeGuid.objects.filter(kind="code", guid="d7aa29da-519b-4946-9b90-253b6db8fd0a").exists()


def test_importing_the_same_project_twice_adds_no_second_copy(zeist):
    data = sample("qc-demo.qdpx")
    import_file(data, "qc-demo.qdpx", partnership=zeist)
    report = import_file(data, "qc-demo.qdpx", partnership=zeist)
    assert Source.objects.count() == 2 and Coding.objects.count() == 205
    assert report.imported["sources"] == 0 and report.imported["codes"] == 0
    assert report.imported["codings"] == 0 and report.imported["codings_already_there"] == 205
    assert len(report.existing) == 2 and all("0 codings added" in line for line in report.existing)
