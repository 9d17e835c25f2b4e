"""Habits a machine checks: the code is ruff-clean and ruff-formatted, and spelled right (issue 16).

Run as tests so the README's test command, and so CI, fail on them; the version of ruff is pinned
in the test extras, since its formatting changes between releases.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["src", "tests", "bench", "scripts"]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *CHECKED], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_ruff_finds_nothing_to_fix():
    result = ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_file_is_formatted_as_ruff_formats_it():
    result = ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, "run `ruff format src tests bench scripts`:\n" + result.stdout


def test_codespell_finds_no_misspelling():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "codespell_lib",
            *CHECKED,
            "docs",
            "README.md",
            "ARCHITECTURE.md",
            "CHANGELOG.md",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
