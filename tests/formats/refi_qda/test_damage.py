"""Damaged files: the importer either imports or raises its own error, and never leaves part of a file.

Hypothesis flips bytes, cuts archives short and mutates the XML of a small
valid project (and of our own export). Whatever it makes, ``import_file``
returns a report or raises :class:`QdaImportError` — never another exception —
and when it raises, the database is exactly as before.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutuality.evidence.models import Code, Coding, Memo, Respondent, Source
from mutuality.formats.refi_qda.importing import import_file
from mutuality.formats.refi_qda.package import Limits, QdaImportError
from mutuality.partnerships.models import Partnership
from mutuality.qdaexchange.models import Attachment, ExchangeGuid, ImportedCase, ImportedNote, QdaImport
from tests.formats.refi_qda.conftest import make_qdpx

TEXT = "Wir lernen voneinander. 🤝 Das Vertrauen wuchs.\r\nنحن نتعلم معًا"
QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="damaged">
  <Users><User guid="10000000-0000-0000-0000-000000000001" name="Ann"/></Users>
  <CodeBook><Codes>
    <Code guid="20000000-0000-0000-0000-000000000001" name="Lernen" isCodable="true" color="#112233">
      <Description>Wer lernt was</Description>
      <Code guid="20000000-0000-0000-0000-000000000002" name="Vertrauen" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables><Variable guid="30000000-0000-0000-0000-000000000001" name="Alter" typeOfVariable="Integer"/></Variables>
  <Cases><Case guid="40000000-0000-0000-0000-000000000001" name="Person 1">
    <VariableValue><VariableRef targetGUID="30000000-0000-0000-0000-000000000001"/><IntegerValue>34</IntegerValue></VariableValue>
    <SourceRef targetGUID="50000000-0000-0000-0000-000000000001"/>
  </Case></Cases>
  <Sources>
    <TextSource guid="50000000-0000-0000-0000-000000000001" name="Interview" plainTextPath="internal://t.txt">
      <PlainTextSelection guid="60000000-0000-0000-0000-000000000001" startPosition="4" endPosition="10">
        <Coding guid="70000000-0000-0000-0000-000000000001" creatingUser="10000000-0000-0000-0000-000000000001">
          <CodeRef targetGUID="20000000-0000-0000-0000-000000000001"/><NoteRef targetGUID="80000000-0000-0000-0000-000000000001"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="60000000-0000-0000-0000-000000000002" startPosition="30" endPosition="39">
        <Coding guid="70000000-0000-0000-0000-000000000002"><CodeRef targetGUID="20000000-0000-0000-0000-000000000002"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="50000000-0000-0000-0000-000000000002" name="doc.pdf" path="internal://d.pdf"/>
  </Sources>
  <Notes><Note guid="80000000-0000-0000-0000-000000000001" name="Memo"><PlainTextContent>Wichtig</PlainTextContent></Note></Notes>
</Project>
"""
VALID = make_qdpx({"project.qde": QDE, "sources/t.txt": TEXT, "sources/d.pdf": b"%PDF-1.4 tiny"})
LIMITS = Limits(max_file_bytes=200_000, max_unpacked_bytes=2_000_000, ratio_min_bytes=100_000)


def snapshot() -> tuple[int, ...]:
    models = (
        Source,
        Coding,
        Code,
        Memo,
        Respondent,
        QdaImport,
        Attachment,
        ImportedCase,
        ImportedNote,
        ExchangeGuid,
    )
    return (*(model.objects.count() for model in models), get_user_model().objects.count())


def attempt(data: bytes, partnership: Partnership) -> None:
    before = snapshot()
    try:
        import_file(data, "damaged.qdpx", partnership=partnership, limits=LIMITS)
    except QdaImportError as error:
        assert str(error)
        assert snapshot() == before


@pytest.fixture
def zeist(partnerships) -> Partnership:
    return Partnership.objects.get(key="zeist-berkane")


def test_the_undamaged_project_imports(zeist):
    """The import is small; the time is the set-up's: the first test of a process to ask for
    `partnerships` loads the case-study partnerships for real to take their rows."""
    report = import_file(VALID, "valid.qdpx", partnership=zeist)
    assert report.schema_valid
    assert report.imported["codings"] == 2
    assert Coding.objects.get(code__name="Vertrauen").quote == "Vertrauen"


DAMAGE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@DAMAGE_SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_flipped_bytes_in_the_archive(zeist, flips):
    data = bytearray(VALID)
    for position, value in flips:
        data[position] = value
    attempt(bytes(data), zeist)


@DAMAGE_SETTINGS
@given(st.integers(0, len(VALID)))
def test_archives_cut_short(zeist, length):
    attempt(VALID[:length], zeist)


XML_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        '"',
        "<Code guid='x' name='y' isCodable='true'/>",
        'startPosition="-5"',
        'endPosition="999"',
        "\x00",
        "\ufeff",
        "<!DOCTYPE x>",
        "]]>",
        "</Sources>",
        "<Coding>",
        "{",
        "}",
        "20000000-0000-0000-0000-000000000001",
        "\r\n",
        "é",
        "🤝",
        "<![CDATA[",
        "<?pi?>",
        "<!-- c -->",
    ]
)


@DAMAGE_SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(QDE)), st.integers(0, 40), XML_PIECES), min_size=1, max_size=5))
def test_mutated_project_xml(zeist, edits):
    xml = QDE
    for position, removed, inserted in edits:
        position = min(position, len(xml))
        xml = xml[:position] + inserted + xml[position + removed :]
    attempt(make_qdpx({"project.qde": xml, "sources/t.txt": TEXT}), zeist)


@DAMAGE_SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["project.qde", "sources/t.txt", "sources/d.pdf"]))
def test_random_bytes_for_one_entry(zeist, junk, entry):
    files = {"project.qde": QDE, "sources/t.txt": TEXT, "sources/d.pdf": b"%PDF"}
    files[entry] = junk
    attempt(make_qdpx(files), zeist)


@DAMAGE_SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_a_whole_file(zeist, junk):
    attempt(junk, zeist)
    attempt(b"PK\x03\x04" + junk, zeist)
    attempt(b"<?xml version='1.0'?><CodeBook>" + junk, zeist)


def test_entries_with_unsupported_compression_or_encryption_are_refused(zeist):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", QDE)
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # the encryption flag in the central directory
    before = snapshot()
    with pytest.raises(QdaImportError, match="encrypted"):
        import_file(bytes(data), "enc.qdpx", partnership=zeist)
    data[central + 8] &= 0xFE
    data[central + 10] = 99  # an unknown compression method
    with pytest.raises(QdaImportError):
        import_file(bytes(data), "method.qdpx", partnership=zeist)
    assert snapshot() == before
