"""`mutuality report` shows its progress as a bar on a terminal and as lines elsewhere."""

from __future__ import annotations

import io
import sys
import time

from mutuality import cli


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_ends_full(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    bar = cli._ProgressBar(time.monotonic())
    bar.show("Table 8.1", 0.5)
    bar.close()
    written = sys.stderr.getvalue()
    assert written.startswith("\r" + "█" * 12 + "░" * 12 + " [") and "] Table 8.1" in written
    assert "\r" + "█" * 24 + " [" in written and written.rstrip().endswith("] Done")
    assert written.count("\n") == 1  # one line, drawn over and over


def test_elsewhere_each_stage_is_a_line_of_its_own(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    bar = cli._ProgressBar(time.monotonic())
    bar.show("Reading the database", 0.0)
    bar.show("Table 8.1", 0.5)
    bar.close()
    lines = sys.stderr.getvalue().splitlines()
    assert [line.split("] ", 1)[1] for line in lines] == ["Reading the database", "Table 8.1"]
    assert "█" not in sys.stderr.getvalue()
