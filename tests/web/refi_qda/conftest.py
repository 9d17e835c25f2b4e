"""The REFI-QDA fixtures (the case-study partnerships, loaded once) for the import pages' tests."""

from tests.formats.refi_qda.conftest import partnership_rows, partnerships  # noqa: F401
