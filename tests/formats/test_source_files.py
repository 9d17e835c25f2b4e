"""Importing a folder of transcripts and exporting codings, through the library and the CLI."""

from __future__ import annotations

import csv
import io

import pytest

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Source
from mutuality.formats.codings_csv import write_codings_csv
from mutuality.formats.source_files import ImportProblem, import_folder


def test_a_folder_of_transcripts_becomes_sources_of_the_partnership(partnership, tmp_path):
    (tmp_path / "interview-haarlem.txt").write_text("Afval scheiden ging goed.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Visit\nWe saw the depot.", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("a,b", encoding="utf-8")
    result = import_folder(tmp_path, partnerships=["haarlem-emirdag"], language="nl")
    assert (result.created, result.new_versions, result.unchanged) == (2, 0, 0)
    source = Source.objects.get(key="interview-haarlem")
    assert source.current.text == "Afval scheiden ging goed."
    assert list(source.partnerships.values_list("key", flat=True)) == ["haarlem-emirdag"]


def test_importing_again_skips_unchanged_files_and_versions_changed_ones(partnership, tmp_path):
    path = tmp_path / "interview.txt"
    path.write_text("First words.", encoding="utf-8")
    import_folder(tmp_path, partnerships=["haarlem-emirdag"])
    assert import_folder(tmp_path, partnerships=["haarlem-emirdag"]).unchanged == 1
    path.write_text("First words, corrected.", encoding="utf-8")
    assert import_folder(tmp_path, partnerships=["haarlem-emirdag"]).new_versions == 1
    assert Source.objects.get(key="interview").current.number == 2


def test_one_unreadable_file_imports_none(partnership, tmp_path):
    (tmp_path / "good.txt").write_text("Fine text.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(ImportProblem) as raised:
        import_folder(tmp_path, partnerships=["haarlem-emirdag"])
    message = str(raised.value)
    assert "2 problems found, nothing was imported" in message
    assert "empty.txt" in message and "binary.txt" in message
    assert not Source.objects.exists()


def test_an_unknown_partnership_or_kind_is_refused(partnership, tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    with pytest.raises(ImportProblem, match="nowhere"):
        import_folder(tmp_path, partnerships=["nowhere"])
    with pytest.raises(ImportProblem, match="gossip"):
        import_folder(tmp_path, partnerships=["haarlem-emirdag"], kind="gossip")


def test_codings_export_as_csv_with_their_words(source, coder):
    version = source.current
    start = version.text.index("Trust")
    Coding.objects.create(
        version=version,
        start=start,
        end=start + 5,
        code=framework_code("dimension", "process_trust"),
        coder=coder,
        assessment="strong",
        factor_role="enabling",
        memo="=SUM(A1)",
    )
    stream = io.StringIO()
    assert write_codings_csv(stream) == 1
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert rows[0]["quote"] == "Trust"
    assert rows[0]["code"] == "Dimension of mutual learning / Process-based trust"
    assert rows[0]["assessment"] == "strong" and rows[0]["partnerships"] == "haarlem-emirdag"
    assert rows[0]["memo"] == "'=SUM(A1)"
