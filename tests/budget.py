"""The time budget of a test (docs/testing.md): one that takes longer says why in its docstring.

At the end of a run, the tests over the budget whose docstrings are empty are listed. A list,
never a failure: the same test is slower on a loaded machine, and timing assertions fail at
random. Reports carry whether a test has a docstring, so this works across pytest-xdist's
processes. What a test's set-up spends on fixtures shared by the whole process (the test
database, the case-study rows) is not counted against the first test that happens to need them.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

SLOW_TEST_SECONDS = 2.0
SHARED = pytest.StashKey[float]()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any) -> Any:
    """Time the making of fixtures wider than one test, to leave it out of the test's time."""
    if fixturedef.scope == "function":
        return (yield)
    started = time.perf_counter()
    try:
        return (yield)
    finally:
        item = getattr(request, "_pyfuncitem", None)
        if item is not None:
            item.stash[SHARED] = item.stash.get(SHARED, 0.0) + time.perf_counter() - started


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Mark each test's report with whether its docstring says anything (reports cross processes)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "setup":
        report.user_properties.append(("shared_setup", item.stash.get(SHARED, 0.0)))
    if report.when == "call":
        function = getattr(item, "function", None)
        report.user_properties.append(("has_docstring", bool(getattr(function, "__doc__", None))))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List the tests over the budget whose docstrings do not say why they need the time."""
    seconds: dict[str, float] = {}
    explained: dict[str, bool] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) not in ("setup", "call", "teardown"):
                continue
            seconds[report.nodeid] = seconds.get(report.nodeid, 0.0) + report.duration
            for name, value in getattr(report, "user_properties", ()):
                if name == "has_docstring":
                    explained[report.nodeid] = value
                elif name == "shared_setup":
                    seconds[report.nodeid] -= value
    unexplained = sorted(
        (duration, nodeid)
        for nodeid, duration in seconds.items()
        if duration > SLOW_TEST_SECONDS and not explained.get(nodeid, False)
    )
    if unexplained:
        terminalreporter.section(
            f"tests over {SLOW_TEST_SECONDS:.0f} s that do not say why (docs/testing.md)"
        )
        for duration, nodeid in reversed(unexplained):
            terminalreporter.write_line(f"{duration:6.2f} s  {nodeid}")
