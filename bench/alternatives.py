"""Measure the app's current query beside a candidate fix, for each slow spot that bench/run.py found.

    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-large python bench/alternatives.py

Nothing in src/ is changed: each candidate is written here, against the same
database, so the gain of a fix can be judged before anyone makes it. Every
figure is the best of ``--repeat`` warm calls in one process (both sides get
the same warm caches), and each pair is checked to give the same answer.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_choice, database_version, setup_django  # noqa: E402


def best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def show(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<64} {seconds * 1000:10.1f} ms  {extra}")


def passages_page(repeat: int) -> None:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutuality.evidence.models import Code
    from mutuality.evidence.queries import PassageFilter, passages

    code = Code.objects.get(name="trust", parent__name="dimension", parent__parent=None)
    print("passages of dimension/trust, first page of 50 and the count (the queries of the page)")

    def page(queryset: Any) -> Callable[[], list[tuple[int, str]]]:
        def run() -> list[tuple[int, str]]:
            current = Paginator(queryset, 50).get_page(1)
            return [(c.pk, c.code.path) for c in current]  # the template shows each code's path

        return run

    current = passages(code, PassageFilter())
    without_text = current.defer("version__text")
    no_distinct = current.all()
    no_distinct.query.distinct = False
    candidates = {
        "as is: passages() (DISTINCT, select_related loads version text)": current,
        "+ .defer('version__text')": without_text,
        "+ .defer('version__text') + select_related('code__parent')": without_text.select_related(
            "code__parent"
        ),
        "no DISTINCT (when no filter joins a to-many relation)": no_distinct,
        "no DISTINCT + defer text + select_related('code__parent')": no_distinct.defer(
            "version__text"
        ).select_related("code__parent"),
    }
    reference = None
    for label, queryset in candidates.items():
        seconds, result = best(page(queryset), repeat)
        with CaptureQueriesContext(connection) as queries:
            page(queryset)()
        if reference is None:
            reference = result
        show(label, seconds, f"{len(queries.captured_queries)} queries, same rows: {result == reference}")


def matrix(repeat: int) -> None:
    from django.db.models import Count

    from mutuality.evidence.matrix import build_matrix
    from mutuality.evidence.models import Coding, SourceVersion

    print("matrix codes × partnerships over all codings")

    def current() -> dict[tuple[int, Any], int]:
        return build_matrix(Coding.objects.all(), "partnership").table.cells

    def grouped_in_sql() -> dict[tuple[int, Any], int]:
        rows = (
            Coding.objects.order_by()
            .values_list("code_id", "version__source__partnerships__key")
            .annotate(n=Count("id"))
        )
        return {(code, key): n for code, key, n in rows}

    def grouped_by_version() -> dict[tuple[int, Any], int]:
        partnerships: dict[int, list[Any]] = {}
        for version, key in SourceVersion.objects.values_list("pk", "source__partnerships__key").order_by():
            partnerships.setdefault(version, []).append(key)
        cells: Counter[tuple[int, Any]] = Counter()
        rows = Coding.objects.order_by().values_list("code_id", "version_id").annotate(n=Count("id"))
        for code, version, n in rows:
            for key in partnerships[version]:
                cells[code, key] += n
        return dict(cells)

    reference = None
    for label, function in (
        ("as is: build_matrix (every coding's row to Python, Counter)", current),
        ("GROUP BY code, partnership key in SQL", grouped_in_sql),
        ("GROUP BY code, version in SQL; versions → partnerships in Python", grouped_by_version),
    ):
        seconds, result = best(function, repeat)
        reference = reference or result
        show(label, seconds, f"same counts: {result == reference}")


def offsets(repeat: int) -> None:
    from mutuality.evidence.models import SourceVersion
    from mutuality.evidence.offsets import OffsetError, utf16_to_codepoint

    print("utf16_to_codepoint for an offset at the end of each of the first 50 sources (twice per POST)")
    texts = list(SourceVersion.objects.order_by("pk").values_list("text", flat=True)[:50])
    ends = [len(text.encode("utf-16-le")) // 2 for text in texts]

    def candidate(text: str, offset: int) -> int:
        if offset < 0:
            raise OffsetError(f"offset {offset} is negative")
        head = text.encode("utf-16-le")[: 2 * offset]
        if len(head) < 2 * offset:
            raise OffsetError(f"offset {offset} lies beyond the end of the text")
        if head and 0xD800 <= int.from_bytes(head[-2:], "little") <= 0xDBFF:
            raise OffsetError(f"offset {offset} falls inside a character")
        return len(head.decode("utf-16-le"))

    seconds, result = best(
        lambda: [utf16_to_codepoint(t, o) for t, o in zip(texts, ends, strict=True)], repeat
    )
    show("as is: a Python loop over every character", seconds / len(texts), "per call")
    fast, other = best(lambda: [candidate(t, o) for t, o in zip(texts, ends, strict=True)], repeat)
    show("encode to UTF-16, cut, decode", fast / len(texts), f"per call, same: {other == result}")


def export(repeat: int) -> None:
    from mutuality.evidence.models import Coding
    from mutuality.formats.codings_csv import write_codings_csv

    print("export of all codings as CSV with the app's write_codings_csv, into memory")

    def run(codings: Callable[[], Any] = lambda: None) -> Callable[[], str]:
        def go() -> str:
            stream = io.StringIO()
            write_codings_csv(stream, codings())
            return stream.getvalue()

        return go

    candidate = (
        Coding.objects.select_related(
            "version__source", "code__parent__parent", "coder", "concerns_side__municipality"
        )
        .defer("version__text")
        .prefetch_related("version__source__partnerships")
        .order_by("version__source__key", "start", "id")
    )
    count = Coding.objects.count()
    if count <= 20_000:
        seconds, reference = best(run(), min(repeat, 2))
        show("as is: select_related('version__source') loads each coding's whole text", seconds)
    else:
        reference = None
        show("as is: not run (needs ~150 KB of memory per coding; MemoryError on 135,000)", 0.0)
    seconds, result = best(run(lambda: candidate.all()), min(repeat, 2))
    same = "" if reference is None else f"same CSV: {result == reference}"
    show("+ .defer('version__text') (passed as codings=)", seconds, same)
    seconds, result = best(run(lambda: candidate.iterator(chunk_size=2000)), min(repeat, 2))
    same = "" if reference is None else f"same CSV: {result == reference}"
    show("+ .defer('version__text') + .iterator(chunk_size=2000)", seconds, same)
    rows = sum(1 for _ in csv.reader(io.StringIO(result))) - 1
    print(f"  ({rows:,} rows)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="passages,matrix,offsets,export")
    args = parser.parse_args(argv)
    database_choice()
    setup_django()
    from mutuality.evidence.models import Coding

    print(f"{database_version()}, {Coding.objects.count():,} codings")
    sections = {"passages": passages_page, "matrix": matrix, "offsets": offsets, "export": export}
    for name in args.only.split(","):
        sections[name.strip()](args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
