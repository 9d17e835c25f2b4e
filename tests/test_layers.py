"""The layers of ARCHITECTURE.md hold: import-linter checks the contracts in pyproject.toml.

An import from a lower layer into a higher one (models importing pages, the analysis importing
Django) fails here, whether at the top of a module or inside a function.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.test_architecture import LAYERS, package_table

ROOT = Path(__file__).resolve().parents[1]
# The project's wiring: entry points that no module imports, so no contract needs to place them.
WIRING = {"mutuality.settings", "mutuality.wsgi", "mutuality.serving"}


def test_every_import_keeps_to_the_layers():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-logo", "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "0 broken" in result.stdout


def contract_layers() -> list[list[str]]:
    """The layers of the import-linter contract, from the top, each a list of its packages."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [[name.strip() for name in layer.split("|")] for layer in contract["layers"]]


def test_the_contract_stacks_the_packages_as_architecture_md_does():
    ranks = {name: rank for rank, name in enumerate(LAYERS)}
    placed = {
        "mutuality." + name.removesuffix("/").removesuffix(".py"): ranks[layer]
        for name, layer in package_table().items()
    }
    height = {name: -depth for depth, layer in enumerate(contract_layers()) for name in layer}
    unlisted = [name for name, rank in placed.items() if rank > 0 and name not in height]
    assert not unlisted or set(unlisted) <= WIRING, (
        f"packages above the core missing from the contract: {unlisted}"
    )
    disagree = [
        (low, high)
        for low in height
        for high in height
        if placed[low] < placed[high] and height[low] >= height[high]
    ]
    assert not disagree, (
        f"ARCHITECTURE.md puts the first of each pair below the second, the contract not: {disagree}"
    )


def test_an_import_against_the_layers_makes_the_check_fail(tmp_path: Path):
    """The contract is not vacuous: a model importing a page is caught."""
    shutil.copytree(
        ROOT / "src" / "mutuality", tmp_path / "src" / "mutuality", ignore=shutil.ignore_patterns("locale")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    models = tmp_path / "src" / "mutuality" / "evidence" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "\nfrom mutuality.web import conflicts  # noqa\n")
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-logo", "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "mutuality.evidence.models -> mutuality.web.conflicts" in result.stdout
