"""Shared test set-up.

The database is chosen by one variable, as in the app: without
``DATABASE_URL`` tests run on SQLite, with it (e.g.
``postgres://postgres@127.0.0.1:5432/postgres``) on that PostgreSQL server.
The data folder is a fresh temporary one, so tests never touch a user's data.
"""

from __future__ import annotations

import os
import shutil
import tempfile

if "MUTUALITY_DATA_DIR" not in os.environ:
    _data_dir = tempfile.TemporaryDirectory(prefix="mutuality-test-")
    os.environ["MUTUALITY_DATA_DIR"] = _data_dir.name

# Messages in English whatever the machine's LANG; tests of other languages choose theirs.
os.environ["MUTUALITY_LANGUAGE"] = "en"

import pytest  # noqa: E402

from mutuality.casestudies import load_case_studies  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run wherever Debian's chromium is installed.

    On a machine without it they are skipped with the reason shown, except
    where ``MUTUALITY_REQUIRE_BROWSER=1`` (CI), where a missing browser fails.
    """
    if os.path.exists(CHROMIUM) or os.environ.get("MUTUALITY_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason="needs chromium (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def case_studies(db: None) -> None:
    """The bundled case-study dataset, loaded into the test database."""
    load_case_studies()
