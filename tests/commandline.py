"""Running `mutuality` as a user runs it: a separate process with its own data folder.

These always use SQLite in the data folder: ``DATABASE_URL`` is removed from the command's
environment, so they never touch a server's database.

A new data folder costs its first command about four seconds of migrations, and loading the
case studies five more. Tests about something else start from copies of folders made once per
run by the same commands (:func:`made_once`, :func:`copy_of`); the tests of a brand-new folder
(tests/test_cli.py) still start from an empty one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # Windows: each process makes its own folders
    fcntl = None  # type: ignore[assignment]

SCRIPT = Path(sys.executable).with_name("mutuality")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "mutuality.cli"]


def command_env(data_dir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env["MUTUALITY_DATA_DIR"] = str(data_dir)
    env.pop("MUTUALITY_SECRET_KEY", None)
    return env


def mutuality(
    data_dir: Path, *args: str, cwd: Path | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """``mutuality ARGS`` on the data folder ``data_dir``, as a user runs it."""
    return subprocess.run(
        [*COMMAND, *args],
        env=command_env(data_dir),
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def python_in(data_dir: Path, script: str, *args: str, timeout: int = 120) -> str:
    """What ``script`` printed, run by a fresh Python with ``args`` on the data folder ``data_dir``
    (for what a separate process sets up: settings read once, the server's own set-up);
    fails with its errors."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=command_env(data_dir),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_in(folder: Path, *args: str) -> str:
    """What ``mutuality ARGS`` printed, run in a data folder; fails with the command's errors."""
    result = mutuality(folder, *args, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def copy_of(folder: Path, to: Path) -> Path:
    """A copy of a data folder (database, secret key, demo login) for one test to change."""
    shutil.copytree(folder, to)
    return to


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], str]) -> tuple[Path, str]:
    """A folder made and filled by ``make(folder)`` once for the whole run, and what ``make`` returned.

    pytest-xdist's processes share it: the first to need it makes it while holding a lock on a
    file beside it, the others wait for it or find it made. (Where files cannot be locked, each
    process makes its own.)
    """
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None:
        root = root.parent  # the run's folder, above each process's own
    folder, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a process stopped half-way left
            done.write_text(make(folder), encoding="utf-8")
    return folder, done.read_text(encoding="utf-8")
