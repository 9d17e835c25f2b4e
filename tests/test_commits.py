"""Commit subjects stay short (issue 16: ≤ 72 characters from its first commit on).

Read from the repository's own history when the checkout has it; a copy without history (an
unpacked release) skips with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULE_SINCE = "a50c5308f45158a0f2bcd5692d0abccb8c94b94c"  # "Format every file with ruff, once, …"
LONGEST = 72


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_every_commit_subject_since_the_rule_is_short():
    if shutil.which("git") is None or git("cat-file", "-e", f"{RULE_SINCE}^{{commit}}").returncode != 0:
        pytest.skip("this copy has no git history to read")
    subjects = git("log", "--format=%s", f"{RULE_SINCE}^..HEAD").stdout.splitlines()
    assert subjects, "no commits read"
    long = [subject for subject in subjects if len(subject) > LONGEST]
    assert not long, f"commit subjects over {LONGEST} characters:\n" + "\n".join(long)
