"""Pausing Python's cyclic garbage collector while many acyclic objects are made.

This is the one speed trick the dataset build keeps (issue 16, item 7; the figures are in
bench/RESULTS.md, "Dataset build: speed tricks"). Every container Python allocates counts towards
the collector's next pass, and each pass of the oldest generation walks every container alive. Building
a programme's dataset makes about a million small objects (records, their tuples, the data
format's dicts and lists), so without a pause the collector walks the growing heap again and again,
and finds nothing: records hold only strings, numbers and tuples and cannot form cycles.

Measured on the 2-core development machine with the scale-1 programme of ``bench/gen_programme.py``
(500 partnerships, 50,000 exchanges, 20,000 learning outcomes, 200,000 codings), 2026-12-06, CPU
seconds, median of paired runs:

* ``Dataset.from_document`` alone (``bench/dataset_build.py``; the step ``notebook.load(file=…)``
  runs): 1.14 s with the pause, 2.02 s without (×1.77);
* the programme report, a whole ``mutuality report --all --format html`` process, where
  ``datasets.load_report_data`` also pauses the collector while it reads the database:
  6.3 s with the pauses, 8.2 s without (×1.27).

Nothing else changes: the objects made are the same, and the collector is switched back on (if it
was on) when the outermost pause ends, also on an exception. Cycles made meanwhile (Django's objects
make a few) are collected by the next pass after that.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]


@contextmanager
def paused_collector() -> Iterator[None]:
    """The cyclic garbage collector off for the ``with`` block; nested pauses end with the outermost."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
