"""The data folder and what the app creates in it are readable by their owner only."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from mutuality.env import private_file, private_folder
from tests.commandline import command_env, mutuality


def modes(folder: Path) -> dict[str, str]:
    """The permission bits of a folder and of everything in it, by path relative to it."""
    found = {".": oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def test_private_folders_and_files_are_made_for_the_owner_and_what_is_there_is_left_alone(tmp_path):
    old = os.umask(0o022)
    try:
        folder = private_folder(tmp_path / "a" / "b")
        file = private_file(folder / "f")
    finally:
        os.umask(old)
    assert (oct(stat.S_IMODE(folder.stat().st_mode)), oct(stat.S_IMODE(file.stat().st_mode))) == (
        "0o700",
        "0o600",
    )
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o750)
    shared.chmod(0o750)
    (shared / "kept").write_text("x")
    (shared / "kept").chmod(0o640)
    assert private_folder(shared) == shared and private_file(shared / "kept").read_text() == "x"
    assert modes(shared) == {".": "0o750", "kept": "0o640"}


def test_a_command_in_a_new_data_folder_creates_everything_for_its_owner_only(tmp_path):
    """A first command migrates a new database before the backup it was asked for: about 2 s."""
    folder = tmp_path / "new" / "data"
    done = mutuality(folder, "backup", str(tmp_path / "backup.zip"))
    assert done.returncode == 0, done.stderr
    found = modes(folder)
    assert {"mutuality.sqlite3", "secret_key"} <= set(found)
    assert {path: mode for path, mode in found.items() if mode not in ("0o700", "0o600")} == {}
    assert all(found[path] == "0o700" for path in found if (folder / path).is_dir())
    assert oct(stat.S_IMODE((tmp_path / "backup.zip").stat().st_mode)) == "0o600"


WRITE_AND_LIST = """
import json, os, stat, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE written (x integer)")
    cursor.execute("INSERT INTO written VALUES (1)")
folder = settings.DATA_DIR
print(json.dumps({p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in [folder, *folder.iterdir()]}))
"""


def test_the_database_and_its_write_ahead_log_are_the_owners_even_under_a_permissive_umask(tmp_path):
    """The app imported by another server (gunicorn started by hand, umask 022): its -wal and -shm
    files, there while a connection is open, take the database file's permissions."""
    folder = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", WRITE_AND_LIST],
        env={**command_env(folder), "DJANGO_SETTINGS_MODULE": "mutuality.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.umask(0o022),  # the child's umask, set before it runs
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["data"] == "0o700"
    for name in ("mutuality.sqlite3", "mutuality.sqlite3-wal", "mutuality.sqlite3-shm", "secret_key"):
        assert found[name] == "0o600", (name, found)
