"""The REFI-QDA fixtures (the case-study partnerships, loaded once) for the import pages' tests."""

import pytest

from tests.formats.refi_qda.conftest import partnership_rows, partnerships  # noqa: F401

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def imported_at_once(settings, tmp_path):
    """An uploaded file is imported in the request (django-tasks' immediate backend, no worker),
    waiting in a data folder of the test's own; tests/web/test_views_imports.py lets it wait."""
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path
