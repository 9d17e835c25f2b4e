"""The bundled case studies: Dutch–Moroccan and Dutch–Turkish partnerships from the seeds.

The same dataset serves the demo, the tests and the docs (as Datasette's
fixtures do), so what a newcomer sees is what the tests check.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def case_study_files() -> list[Path]:
    """The data files, places and programmes first (any order would load, this reads best)."""
    files = sorted(DATA_DIR.glob("*.yaml"))
    return sorted(files, key=lambda path: (path.stem not in {"municipalities", "programmes"}, path.name))


def load_case_studies() -> object:
    """Load (or refresh) the case studies; loading twice updates instead of duplicating."""
    from mutuality.interop.loader import load_files

    return load_files(case_study_files())
