from tests.accounts.conftest import world  # noqa: F401 - the shared cast: two partnerships, a user per role
