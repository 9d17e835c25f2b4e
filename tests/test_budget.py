"""A test over the time budget without a docstring saying why is listed at the end of the run."""

from __future__ import annotations

from tests import budget

SESSION = '''
import time

import pytest


@pytest.fixture(scope="session")
def shared():
    time.sleep(0.2)


def test_slow_and_silent():
    time.sleep(0.2)


def test_slow_and_explained():
    """Sleeps, as a stand-in for a test that needs the time."""
    time.sleep(0.2)


def test_quick():
    pass


def test_quick_after_a_slow_shared_fixture(shared):
    pass
'''


def run(pytester, monkeypatch):
    """A pytest session of its own with no plugin but the budget (loading the installed ones took 3 s)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setattr(budget, "SLOW_TEST_SECONDS", 0.1)
    pytester.makeconftest('pytest_plugins = ["tests.budget"]')
    return pytester.runpytest("-p", "no:cacheprovider")


def test_slow_tests_that_do_not_say_why_are_listed_and_no_others(pytester, monkeypatch):
    pytester.makepyfile(test_session=SESSION)
    result = run(pytester, monkeypatch)
    result.assert_outcomes(passed=4)
    listed = result.stdout.str().split("that do not say why", 1)
    assert len(listed) == 2, result.stdout.str()
    assert "test_session.py::test_slow_and_silent" in listed[1]
    assert "test_slow_and_explained" not in listed[1] and "test_quick" not in listed[1]
    assert result.duration >= 0.6  # the shared fixture's 0.2 s was spent, and not counted


def test_nothing_is_listed_when_every_slow_test_says_why(pytester, monkeypatch):
    pytester.makepyfile(
        test_session=SESSION.replace(
            "def test_slow_and_silent():\n", 'def test_slow_and_silent():\n    """Slow too."""\n'
        )
    )
    result = run(pytester, monkeypatch)
    result.assert_outcomes(passed=4)
    assert "do not say why" not in result.stdout.str()
