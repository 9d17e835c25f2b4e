"""The bundled case studies: Dutch–Moroccan and Dutch–Turkish partnerships from the seeds.

The same dataset serves the demo, the tests and the docs (as Datasette's
fixtures do), so what a newcomer sees is what the tests check.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
EVIDENCE_DIR = Path(__file__).resolve().parent / "evidence"


def case_study_files() -> list[Path]:
    """The data files, places and programmes first (any order would load, this reads best)."""
    files = sorted(DATA_DIR.glob("*.yaml"))
    return sorted(files, key=lambda path: (path.stem not in {"municipalities", "programmes"}, path.name))


def evidence_files() -> list[Path]:
    """The evidence behind the case studies: respondents, quoted statements and their codings."""
    return sorted(EVIDENCE_DIR.glob("*.yaml"))


def load_case_studies() -> object:
    """Load (or refresh) the case studies and their evidence, all in one transaction, with the
    built-in self-assessment instrument and the demo's illustrative round (made-up answers of two
    case partnerships, docs/self-assessment.md).

    Loading twice updates instead of duplicating. If anything in any file is
    wrong, nothing is written (a :class:`~mutuality.formats.problems.DataFileError`).
    """
    from django.db import transaction

    from mutuality.formats.data_load import load_files
    from mutuality.formats.evidence_data import load_evidence_files
    from mutuality.formats.instruments import load_builtin_instruments, load_demo_rounds

    with transaction.atomic():
        summary = load_files(case_study_files())
        for more in (load_evidence_files(evidence_files()), load_builtin_instruments(), load_demo_rounds()):
            summary.created.update(more.created)
            summary.updated.update(more.updated)
            summary.already_there.update(more.already_there)
    return summary
