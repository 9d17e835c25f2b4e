"""The evidence fixtures (a partnership, a coder and a source) for the evidence pages' tests."""

from tests.evidence.conftest import coder, coder_client, partnership, source  # noqa: F401
