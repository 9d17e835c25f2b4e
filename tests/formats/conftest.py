"""The evidence fixtures (a partnership, a coder and a source) for the tests of files in and out."""

from tests.evidence.conftest import coder, coder_client, partnership, source  # noqa: F401
