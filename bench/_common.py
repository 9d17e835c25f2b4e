"""What the bench scripts share: choosing the database, setting Django up, reading a corpus.

The database is chosen exactly as the app chooses it: ``DATABASE_URL`` for
PostgreSQL, otherwise SQLite in ``MUTUALITY_DATA_DIR``. The bench refuses to
fall back to a user's own data folder, so it never touches real data.
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

GENERATOR = Path("/work/shared/bench/make_corpus.py")
CORPUS_FORMAT = "qda-bench-corpus/1"
SOURCE_KEY = "bench-doc-{:05d}"  # source key of corpus document i (0-based) is SOURCE_KEY.format(i + 1)


class BenchError(SystemExit):
    """Stops a bench script with a message (exit status 2)."""

    def __init__(self, message: str) -> None:
        print(f"bench: {message}", file=sys.stderr)
        super().__init__(2)


def database_choice() -> str:
    """'postgresql' or 'sqlite'; refuses to run without an explicit, separate database."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            raise BenchError(f"DATABASE_URL must be a postgres:// URL for the bench, not {url!r}")
        return "postgresql"
    if not os.environ.get("MUTUALITY_DATA_DIR"):
        raise BenchError(
            "set MUTUALITY_DATA_DIR to a fresh folder (SQLite) or DATABASE_URL to a dedicated "
            "PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/mutuality_bench); "
            "the bench never uses your own data folder"
        )
    return "sqlite"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
    # The test client sends Host: localhost, which the default ALLOWED_HOSTS accepts.
    import django

    django.setup()


def read_corpus(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.exists():
        if GENERATOR.exists():
            hint = (
                f"generate it with: python3 {GENERATOR} --docs 50 --highlights 5000 --out {path} "
                "(see /work/shared/bench/README.md for the standard sizes)"
            )
        else:
            hint = (
                f"the standard generator {GENERATOR} is not on this machine either (/work/shared is absent); "
                "copy make_corpus.py from wherever the qda-bench corpus generator is kept and run it "
                "to write the corpus file"
            )
        raise BenchError(f"corpus file {path} does not exist; {hint}")
    with path.open(encoding="utf-8") as stream:
        corpus = json.load(stream)
    if corpus.get("format") != CORPUS_FORMAT:
        raise BenchError(f"{path} is not a {CORPUS_FORMAT} file (format {corpus.get('format')!r})")
    return corpus


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    """The facts a result needs beside it: CPUs, memory, Python, database version, date."""
    import sqlite3

    facts: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            total_kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        facts["memory_gib"] = round(total_kib / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    try:
        facts["cpu"] = next(
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo", encoding="utf-8", errors="replace")
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    facts["date_utc"] = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    repo = Path(__file__).resolve().parent.parent
    git = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--", "src"], capture_output=True, text=True
    ).stdout.splitlines()
    facts["git"] = f"{git} (+{len(changed)} uncommitted changes under src/)" if changed else git
    return facts


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
        cursor.execute("select sqlite_version()")
        return "SQLite " + cursor.fetchone()[0]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    """The figures every bench reports of a series of timings, so two tools' figures compare."""
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "max": max(values),
        "mean": statistics.fmean(values),
        "total": sum(values),
    }


CHROMIUM = "/usr/bin/chromium"  # Debian's (Playwright cannot download its own here)


def laptop_page(playwright: Any) -> tuple[Any, Any]:
    """Debian's Chromium with a page in a window of a laptop's screen, 1366 × 768 (the page 1366 wide).

    The window is the size, rather than Playwright's ``viewport``: a viewport is set by emulating the
    device's metrics, which a person's browser never does and which delayed the first paint of the
    same static page by 25-40 ms (bench/RESULTS.md, "The first paint, and timing without a driver")."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--window-size=1366,768"]
    )
    return browser, browser.new_page(no_viewport=True)
