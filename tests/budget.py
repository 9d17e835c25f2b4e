"""The time budget of a test (docs/testing.md): one that takes longer says why in its docstring.

At the end of a run, the tests over the budget whose docstrings are empty are listed. A list,
never a failure: the same test is slower on a loaded machine, and timing assertions fail at
random. Reports carry whether a test has a docstring, so this works across pytest-xdist's
processes.
"""

from __future__ import annotations

from typing import Any

import pytest

SLOW_TEST_SECONDS = 2.0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Mark each test's report with whether its docstring says anything (reports cross processes)."""
    outcome = yield
    report = outcome.get_result()
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
