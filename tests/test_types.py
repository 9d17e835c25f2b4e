"""The code type-checks: mypy, with django-stubs and djangorestframework-stubs, finds nothing in src/ (issue 16).

The settings are `[tool.mypy]` in pyproject.toml: the analysis and the vocabulary strictly, the rest
with mypy's defaults plus the bodies of functions without annotations. mypy, the stubs and their
releases are pinned in the test extras, since a new release finds new errors.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_type_error(tmp_path: Path):
    """mypy over src/mutuality. The first run on a clone takes 20 to 40 s: mypy reads the stubs of
    Django, DRF, pandas and numpy before our code. Later runs take about 2 s, from its cache.

    The cache is mypy's own, `.mypy_cache/` in the checkout (git-ignored), not a temporary folder:
    on a clean clone in CI both are cold, but only the checkout's is still there for CI's second
    pass (PostgreSQL) and for every later run on a developer's machine; a temporary folder would
    cost the cold run every time. The django-stubs plugin loads the settings, which make the data
    folder: a temporary one here.
    """
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT,
        env={**os.environ, "MUTUALITY_DATA_DIR": str(tmp_path / "data")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, "mypy (settings: [tool.mypy] in pyproject.toml):\n" + (
        result.stdout + result.stderr
    )
