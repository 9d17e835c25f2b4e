"""The layers of ARCHITECTURE.md hold: import-linter checks the contracts in pyproject.toml.

An import from a lower layer into a higher one (models importing pages, the analysis importing
Django) fails here, whether at the top of a module or inside a function.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_keeps_to_the_layers():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-logo", "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "0 broken" in result.stdout
