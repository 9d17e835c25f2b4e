"""The `mutuality` command, run as a user runs it (tests/commandline.py).

Most start from a new, empty data folder, as a new user does; the rest from copies of folders
made once by `mutuality migrate` and `mutuality load-demo` (the fixtures in tests/conftest.py).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command_name

from mutuality.cli import app
from tests.commandline import mutuality, python_in
from tests.formats.datasets import VALID_DATASET, line_of, variant

COMMAND_NAMES = [
    command.name or get_command_name(command.callback.__name__) for command in app.registered_commands
]


def test_the_command_lists_its_commands(tmp_path):
    result = mutuality(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    for name in COMMAND_NAMES:
        assert name in result.stdout


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_has_help(tmp_path, name):
    result = mutuality(tmp_path, name, "--help")
    assert result.returncode == 0, result.stderr
    assert f"mutuality {name}" in result.stdout
    assert "--help" in result.stdout


def test_a_bad_file_is_refused_with_file_line_and_field_and_nothing_is_loaded(tmp_path):
    """Runs the command line twice in a new, empty data folder; the first run also migrates it (about 4 s)."""
    text = variant("municipalities: [zeist, berkane]", "municipalities: [zeist]")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = mutuality(tmp_path, "load", str(bad))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    line = line_of(text, "municipalities: [zeist]")
    assert f"{bad}, line {line}" in output
    assert "field 'municipalities'" in output
    assert "nothing was loaded" in output

    exported = mutuality(tmp_path, "export")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["municipalities"] == []
    assert document["support_programmes"] == []
    assert document["partnerships"] == []


def test_a_file_that_does_not_exist_is_refused(data_folder, tmp_path):
    result = mutuality(data_folder, "load", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert "missing.yaml" in result.stderr and "cannot be read" in result.stderr


def test_a_good_file_loads_exports_and_checks(data_folder, tmp_path):
    """Runs the command line three times (about a second each: a new process sets Django up)."""
    good = tmp_path / "good.yaml"
    good.write_text(VALID_DATASET, encoding="utf-8")
    loaded = mutuality(data_folder, "load", str(good))
    assert loaded.returncode == 0, loaded.stderr
    assert "partnerships: 1 new" in loaded.stdout

    exported = mutuality(data_folder, "export")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert [m["key"] for m in document["municipalities"]] == ["berkane", "zeist"]
    assert [p["key"] for p in document["partnerships"]] == ["zeist-berkane"]

    checked = mutuality(data_folder, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "consistent" in checked.stdout


def test_an_export_written_to_a_file_loads_again(data_folder, tmp_path):
    """Runs the command line four times (about a second each: a new process sets Django up)."""
    good = tmp_path / "good.yaml"
    good.write_text(VALID_DATASET, encoding="utf-8")
    assert mutuality(data_folder, "load", str(good)).returncode == 0
    exported = tmp_path / "export.json"
    result = mutuality(data_folder, "export", "--output", str(exported))
    assert result.returncode == 0, result.stderr
    reloaded = mutuality(data_folder, "load", str(exported))
    assert reloaded.returncode == 0, reloaded.stderr
    assert "partnerships: 0 new, 1 updated" in reloaded.stdout
    assert mutuality(data_folder, "export").stdout == exported.read_text(encoding="utf-8")


def test_the_vocabulary_command_lists_the_six_dimensions(tmp_path):
    result = mutuality(tmp_path, "vocabulary", "dimension")
    assert result.returncode == 0, result.stderr
    # One line per term ("  key  label  [source]"), each followed by its indented definition.
    term_lines = [line for line in result.stdout.splitlines() if line.startswith("  ") and line[2] != " "]
    keys = [line.split()[0] for line in term_lines]
    dimensions = [
        "professional_similarity",
        "difference_recognition",
        "complementary_resources",
        "process_trust",
        "power_equality",
        "translocal_linkages",
    ]
    assert keys == dimensions


def test_an_unknown_vocabulary_is_refused_with_the_names_there_are(tmp_path):
    result = mutuality(tmp_path, "vocabulary", "dimensions")
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("There is no vocabulary called 'dimensions'. The vocabularies are: ")
    assert "actor_type, " in result.stderr and " dimension, " in result.stderr


def test_import_sources_and_export_codings_from_the_command_line(data_folder, tmp_path):
    """Runs the command line four times (about a second each: a new process sets Django up)."""
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "interview-1.txt").write_text("Wij leerden veel van Emirdağ.", encoding="utf-8")
    data = tmp_path / "data.yaml"
    data.write_text(
        "municipalities:\n"
        "  - {key: haarlem, name: Haarlem, country: NL}\n"
        "  - {key: emirdag, name: Emirdağ, country: TR}\n"
        "partnerships:\n"
        "  - {key: haarlem-emirdag, name: Haarlem–Emirdağ, municipalities: [haarlem, emirdag]}\n",
        encoding="utf-8",
    )
    assert mutuality(data_folder, "load", str(data)).returncode == 0
    bad = mutuality(data_folder, "import-sources", str(folder), "-p", "nowhere")
    assert bad.returncode == 1 and "nowhere" in bad.stderr
    good = mutuality(data_folder, "import-sources", str(folder), "-p", "haarlem-emirdag", "--language", "nl")
    assert good.returncode == 0, good.stderr
    assert "1 new sources" in good.stdout
    exported = mutuality(data_folder, "export-codings")
    assert exported.returncode == 0
    assert exported.stdout.splitlines()[0].startswith("source,title,version,start,end,code")


def test_evidence_exports_and_loads_back_through_the_command_line(demo_data_folder, data_folder, tmp_path):
    """Runs the command line four times (about a second each); one of them loads every case-study
    record and coding."""
    first = demo_data_folder
    for name, args in (("data.json", ()), ("evidence.json", ("--evidence",))):
        assert mutuality(first, "export", "-o", str(tmp_path / name), *args).returncode == 0
    second = data_folder
    loaded = mutuality(second, "load", str(tmp_path / "data.json"), str(tmp_path / "evidence.json"))
    assert loaded.returncode == 0, loaded.stderr
    again = mutuality(second, "export", "--evidence")
    assert again.stdout == (tmp_path / "evidence.json").read_text(encoding="utf-8")


HEAVY_LIBRARIES = ("pandas", "typst", "openpyxl", "networkx", "sklearn")
LIST_IMPORTED_AFTER_HELP = """
import sys
from mutuality.cli import app
for args in [["--help"], *([name, "--help"] for name in sys.argv[1:])]:
    try:
        app(args)
    except SystemExit:
        pass
print("\\n".join(sorted(sys.modules)))
"""


def test_help_imports_no_heavy_library():
    """`--help` stays quick as commands grow: the libraries of reports, sheets and analysis are
    imported by the commands that use them, not when the command line is read."""
    result = subprocess.run(
        [sys.executable, "-c", LIST_IMPORTED_AFTER_HELP, *COMMAND_NAMES],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    imported = {name.partition(".")[0] for name in result.stdout.split()}
    assert "mutuality" in imported and "typer" in imported  # the listing works
    assert imported.isdisjoint(HEAVY_LIBRARIES), sorted(imported & set(HEAVY_LIBRARIES))


def _pending(data_dir: Path, undo: str = "") -> list[str]:
    """The migrations pending in a data folder's database, after unapplying back to ``undo`` (app name)."""
    script = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'mutuality.settings'; django.setup()\n"
        "from django.core.management import call_command\n"
        "if sys.argv[1]: call_command('migrate', *sys.argv[1].split(), verbosity=0)\n"
        "from mutuality.cli import pending_migrations; print(*pending_migrations())"
    )
    return python_in(data_dir, script, undo).split()


def test_a_command_migrates_when_a_migration_is_pending_and_only_then(tmp_path):
    """Commands skip `migrate` when nothing is pending; a new or older database is still brought up to date."""
    first = mutuality(tmp_path, "check")
    assert first.returncode == 0, first.stderr
    assert _pending(tmp_path) == []
    with sqlite3.connect(tmp_path / "mutuality.sqlite3") as connection:
        assert connection.execute("select count(*) from auth_permission").fetchone()[0] > 0

    assert _pending(tmp_path, undo="history zero") == ["history.0001_change_log"]
    again = mutuality(tmp_path, "export")
    assert again.returncode == 0, again.stderr
    assert _pending(tmp_path) == []
