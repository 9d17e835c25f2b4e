"""Real REFI-QDA files from other tools (read from shared/, never committed) and helpers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from mutuality.formats.data_load import load_files
from tests.snapshots import Snapshot

ROOT = Path(__file__).resolve().parents[3]
# Beside the checkout (../shared), or where this workplace keeps it (a clean clone may sit elsewhere).
_SHARED = [ROOT.parent / "shared" / "data", Path("/work/shared/data")]
REFI = next((place for place in _SHARED if (place / "refi-qda").is_dir()), _SHARED[0]) / "refi-qda"
SAMPLES = REFI / "samples"


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"the REFI-QDA samples are not at {SAMPLES}")
    return path.read_bytes()


def zip_folder(folder: Path) -> bytes:
    """The folder's files in a .qdpx archive, as a tool would write it."""
    if not folder.exists():
        pytest.skip(f"the REFI-QDA samples are not at {SAMPLES}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def make_qdpx(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def qde_of(qdpx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
        return etree.fromstring(archive.read(name))


def _load_partnerships() -> None:
    from mutuality.casestudies import case_study_files

    load_files(case_study_files())


@pytest.fixture(scope="session")
def partnership_rows(django_db_setup: None, django_db_blocker: Any) -> Snapshot:
    """The rows the case-study partnerships add, taken once per test process (tests/snapshots.py)."""
    return Snapshot.taken_now(_load_partnerships, django_db_blocker)


@pytest.fixture
def partnerships(db: None, partnership_rows: Snapshot) -> None:
    """The case-study partnerships without their evidence: an empty evidence database."""
    partnership_rows.restore()
