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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if "MUTUALITY_DATA_DIR" not in os.environ:
    _data_dir = tempfile.TemporaryDirectory(prefix="mutuality-test-")
    os.environ["MUTUALITY_DATA_DIR"] = _data_dir.name

# Messages in English whatever the machine's LANG; tests of other languages choose theirs.
os.environ["MUTUALITY_LANGUAGE"] = "en"

import pytest  # noqa: E402
from pytest_django.plugin import blocking_manager_key  # noqa: E402

from mutuality.casestudies import load_case_studies  # noqa: E402
from tests.commandline import copy_of, made_once, run_in  # noqa: E402
from tests.snapshots import BaseRows, Snapshot  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# The time budget of a test (tests/budget.py); pytester to test it.
pytest_plugins = ["tests.budget", "pytester"]


# The hasher a test needs is one that works, not one that is slow to attack: the default PBKDF2
# takes ~70 ms a password, and the suite creates and checks a thousand of them. Django's testing
# documentation recommends a fast hasher for tests. The app keeps its own (a test checks that).
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


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


@pytest.fixture(scope="session")
def case_study_rows(django_db_setup: None, django_db_blocker: Any) -> Snapshot:
    """The rows loading the case studies adds, taken once per test process (see tests/snapshots.py)."""
    return Snapshot.taken_now(load_case_studies, django_db_blocker)


@pytest.fixture(scope="session")
def base_rows(django_db_setup: None, django_db_blocker: Any) -> BaseRows:
    """The rows the test database starts with, read before any test commits (tests/snapshots.py)."""
    with django_db_blocker.unblock():
        return BaseRows()


def _commits(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(request.fixturenames)
    )


PUT_BACK = pytest.StashKey[BaseRows]()


@pytest.fixture(autouse=True)
def _same_start_after_committed_tests(request: pytest.FixtureRequest) -> None:
    """A test on committed transactions ends by emptying the database, and Django makes its first
    rows again with new ids; they are put back as they were after it (see the hook below), so
    later tests and snapshots find what they would have found had it not run."""
    if _commits(request):
        request.node.stash[PUT_BACK] = request.getfixturevalue("base_rows")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    # After every fixture of the test is torn down, pytest-django's emptying of the database included;
    # after the last test the test database itself is gone, and nothing needs it.
    yield
    base = item.stash.get(PUT_BACK, None)
    if base is not None and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            base.put_back()


@pytest.fixture
def case_studies(db: None, case_study_rows: Snapshot) -> None:
    """The bundled case-study dataset, in the test database as the loader leaves it."""
    case_study_rows.restore()


@pytest.fixture(scope="session")
def migrated_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder after `mutuality migrate`, made once per run; tests take copies."""
    return made_once(tmp_path_factory, "migrated", lambda folder: run_in(folder, "migrate"))[0]


@pytest.fixture(scope="session")
def demo_load(migrated_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder after `mutuality load-demo`, made once per run, and what it printed."""

    return made_once(
        tmp_path_factory, "demo", lambda folder: run_in(copy_of(migrated_folder, folder), "load-demo")
    )


@pytest.fixture(scope="session")
def demo_folder(demo_load: tuple[Path, str]) -> Path:
    """The folder of :func:`demo_load`; tests take copies."""
    return demo_load[0]


@pytest.fixture
def data_folder(migrated_folder: Path, tmp_path: Path) -> Path:
    """A data folder of this test's own with the tables made, as after its first command."""
    return copy_of(migrated_folder, tmp_path / "data")


@pytest.fixture
def demo_data_folder(demo_folder: Path, tmp_path: Path) -> Path:
    """A data folder of this test's own holding the case studies, as after `mutuality load-demo`."""
    return copy_of(demo_folder, tmp_path / "demo")
