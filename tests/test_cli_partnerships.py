"""Every command that takes ``-p PARTNERSHIP`` finds it by its name or by its key.

The commands run in this process (typer's test runner) on the test database: a dozen runs of
separate processes would take a dozen seconds, and tests/test_cli.py and tests/reports/test_cli.py
already run these commands as a user does.
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from typer.testing import CliRunner

from mutuality.cli import app
from mutuality.evidence.models import Source
from mutuality.evidence.versions import add_version
from mutuality.formats.data_load import load_files
from mutuality.partnerships.models import Partnership
from tests.formats.datasets import VALID_DATASET, write

pytestmark = pytest.mark.django_db

NAMES = ["Zeist–Berkane", "zeist - berkane", "ZEIST-BERKANE", "Zeist—Berkane"]  # any case, any dash


@pytest.fixture
def zeist_berkane(tmp_path, monkeypatch):
    """The Zeist–Berkane dataset loaded, and a folder to work in (commands write files there)."""
    load_files([write(tmp_path, VALID_DATASET)])
    monkeypatch.chdir(tmp_path)
    return Partnership.objects.get(key="zeist-berkane")


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_import_sources_takes_a_name_or_a_key(zeist_berkane, tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "officer.txt").write_text("Wij leerden veel van Berkane.", encoding="utf-8")
    assert "1 new sources" in run("import-sources", str(folder), "-p", "zeist - berkane").output
    assert "1 unchanged" in run("import-sources", str(folder), "-p", "zeist-berkane").output
    assert list(Source.objects.get().partnerships.all()) == [zeist_berkane]


@pytest.mark.parametrize("partnership", ["zeist-berkane", *NAMES])
def test_export_sheet_takes_a_name_or_a_key(zeist_berkane, tmp_path, partnership):
    run("export-sheet", "out.xlsx", "-p", partnership)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["partnerships"]
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]] == ["zeist-berkane"]


def test_qdpx_export_and_import_take_a_name_or_a_key(zeist_berkane, tmp_path):
    source = Source.objects.create(key="interview", title="Interview in Berkane")
    source.partnerships.add(zeist_berkane)
    add_version(source, "We learned from each other.")
    run("export-qdpx", "-p", "Zeist–Berkane")  # named after the key, whatever the spelling
    with zipfile.ZipFile(tmp_path / "zeist-berkane.qdpx") as archive:
        assert [name for name in archive.namelist() if name.startswith("sources/")]
    run("export-qdpx", "-o", "by-key.qdpx", "-p", "zeist-berkane")
    assert (tmp_path / "by-key.qdpx").exists()
    run("import-qdpx", "by-key.qdpx", "-p", "zeist - berkane")
    run("import-qdpx", "zeist-berkane.qdpx", "-p", "zeist-berkane")


def test_report_takes_a_name_or_a_key(zeist_berkane, tmp_path):
    for partnership in ("ZEIST-BERKANE", "zeist-berkane"):
        run("report", "-p", partnership, "-f", "md", "-o", "report.md")
        assert (
            (tmp_path / "report.md")
            .read_text(encoding="utf-8")
            .startswith("# Mutual learning in Zeist–Berkane\n")
        )


@pytest.mark.parametrize(
    "command", [["export-sheet", "out.xlsx"], ["export-qdpx"], ["import-qdpx", "none.qdpx"], ["report"]]
)
def test_an_unknown_partnership_is_refused_naming_those_there_are(zeist_berkane, command):
    result = CliRunner().invoke(app, [*command, "-p", "Utrecht–Berkane"])
    assert result.exit_code == 1
    assert result.stderr == (
        "No partnership is called 'Utrecht–Berkane' (give its name or key).\n"
        "Partnerships here: Zeist–Berkane (zeist-berkane).\n"
    )


def test_a_name_two_partnerships_share_asks_for_the_key(zeist_berkane, tmp_path):
    Partnership.objects.create(name="Zeist–Berkane", key="zeist-berkane-2")
    result = CliRunner().invoke(app, ["export-sheet", "out.xlsx", "-p", "Zeist–Berkane"])
    assert result.exit_code == 1
    assert "Several partnerships are called 'Zeist–Berkane'; give the key of one." in result.stderr
    assert "Zeist–Berkane (zeist-berkane), Zeist–Berkane (zeist-berkane-2)" in result.stderr
    run("export-sheet", "out.xlsx", "-p", "zeist-berkane-2")


def test_a_long_list_of_partnerships_names_five_those_like_the_name_first(zeist_berkane):
    for town in ("Amersfoort", "Breda", "Delft", "Ede", "Gouda", "Hoorn"):
        Partnership.objects.create(name=f"{town}–Nador", key=f"{town.lower()}-nador")
    result = CliRunner().invoke(app, ["export-sheet", "out.xlsx", "-p", "Utrecht–Berkane"])
    assert result.exit_code == 1
    assert (
        "Partnerships here: Zeist–Berkane (zeist-berkane), Amersfoort–Nador (amersfoort-nador), "
        "Breda–Nador (breda-nador), Delft–Nador (delft-nador), Ede–Nador (ede-nador) and 2 more.\n"
    ) in result.stderr
