"""Time Mutuality's coding operations on a database filled by ``bench/load_corpus.py``.

    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-small python bench/run.py --corpus /tmp/corpus-small.json \
        --json /tmp/run-small.json

Every operation runs in its own fresh Python process (Django set up, nothing
else touched), so "cold" is the first call after a restart of the app: empty
Django caches, a new database connection, templates not yet compiled. The
operating system's file cache is *not* dropped, so the database file or
PostgreSQL's shared buffers may already hold the pages from the load or an
earlier operation. "warm" is the median (p50) of the repeated calls after it,
in the same process. Pages are fetched with Django's test ``Client`` in
process (full middleware, session and template rendering, no network, CSRF
checks off as in the test client), logged in as a user. Peak memory is the
process's peak RSS (``ru_maxrss``) after the timed calls, and, separately,
the peak of Python allocations (``tracemalloc``) during one more call; that
call is not timed because tracing slows Python code down several times.

Operations (``--ops``, comma-separated; default all):

    matrix         build_matrix(Coding.objects.all(), "partnership") and its rows()
    matrix_page    GET /matrix/?by=partnership
    passages       GET /codes/<dimension/trust>/passages/: first page cold and warm, then every page
    codebook       GET /codes/ (the codebook with counts)
    coding         POST /sources/<key>/codings/ N times in a row (UTF-16 offsets, quote, codes)
    agreement      spans from the database, then character_agreement and segment_agreement
    agreement_page GET /agreement/?coder=coder_a&coder=coder_b (both levels, disagreements, 500 listed)
    export_simple  all codings as CSV: one values_list query into csv.writer (bench-only code)
    export_app     all codings as CSV with the app's exporter, evidence.exports.write_codings_csv

The coding operation posts as a user ``bench_coder`` (created if missing) and
deletes that user's codings before and after, so the corpus stays as loaded.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BenchError,
    database_choice,
    database_version,
    machine,
    peak_rss_mib,
    read_corpus,
    setup_django,
    summary,
)

OPS = (
    "matrix",
    "matrix_page",
    "passages",
    "codebook",
    "coding",
    "agreement",
    "agreement_page",
    "export_simple",
    "export_app",
)
PASSAGE_CODE = "dimension/trust"
BENCH_USER = "bench_coder"
CODERS = ("coder_a", "coder_b")

# Targets from the issue, in seconds.
TARGETS = {
    "matrix": 1.0,
    "matrix_page": 1.0,
    "passages": 0.3,
    "coding": 0.05,
    "agreement": 10.0,
    "agreement_page": 10.0,
}


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def traced_peak_mib(function: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def count_queries(function: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def profile(function: Callable[[], Any], directory: str | None, name: str) -> None:
    if not directory:
        return
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    profiler = cProfile.Profile()
    profiler.runcall(function)
    profiler.dump_stats(folder / f"{name}.pstats")
    with (folder / f"{name}.txt").open("w", encoding="utf-8") as out:
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)


# --- the operations, each run in a child process ---------------------------------


def logged_in_client(username: str = "coder_a") -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.partnerships.models import Partnership

    user, _ = get_user_model().objects.get_or_create(username=username)
    # A researcher of every partnership, like the corpus's coders: pages answer through the access rules.
    for partnership in Partnership.objects.exclude(memberships__user=user):
        Membership.objects.create(user=user, partnership=partnership, role=Role.RESEARCHER)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def code_by_path(path: str) -> Any:
    from mutuality.evidence.models import Code

    parent_name, _, name = path.rpartition("/")
    return Code.objects.get(name=name, parent__name=parent_name, parent__parent=None)


def get_ok(client: Any, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def op_matrix(args: argparse.Namespace) -> dict[str, Any]:
    from mutuality.evidence.matrix import build_matrix
    from mutuality.evidence.models import Coding

    def run() -> Any:
        matrix = build_matrix(Coding.objects.all(), "partnership")
        matrix.rows()
        return matrix

    cold, matrix = timed(run)
    warm = [timed(run)[0] for _ in range(args.repeat)]
    rows, columns = len(matrix.table.rows), len(matrix.table.columns)
    counted = sum(matrix.table.cells.values())
    profile(run, args.profile, "matrix")
    return {
        "cold": cold,
        "warm": summary(warm),
        "queries": count_queries(run),
        "note": f"{rows} codes × {columns} partnerships, {counted:,} codings counted",
        "memory": lambda: run(),
        "checks": {"codings_counted": counted, "codings_in_db": Coding.objects.count()},
    }


def op_matrix_page(args: argparse.Namespace) -> dict[str, Any]:
    from mutuality.evidence.models import Coding

    client = logged_in_client()
    url = "/matrix/?by=partnership"
    cold, response = timed(lambda: get_ok(client, url))
    warm = [timed(lambda: get_ok(client, url))[0] for _ in range(args.repeat)]
    profile(lambda: get_ok(client, url), args.profile, "matrix_page")
    from mutuality.evidence.matrix import build_matrix
    from mutuality.evidence.queries import PassageFilter, passages

    shown = sum(build_matrix(passages(None, PassageFilter()), "partnership").table.cells.values())
    in_db = Coding.objects.count()
    return {
        "cold": cold,
        "warm": summary(warm),
        "queries": count_queries(lambda: get_ok(client, url)),
        "note": f"{len(response.content):,} bytes; cells add up to {shown:,} of {in_db:,} codings",
        "memory": lambda: get_ok(client, url),
        "checks": {"codings_counted_by_page": shown, "codings_in_db": in_db},
    }


def op_passages(args: argparse.Namespace) -> dict[str, Any]:
    client = logged_in_client()
    code = code_by_path(PASSAGE_CODE)
    url = f"/codes/{code.pk}/passages/"
    cold, first = timed(lambda: get_ok(client, url))
    warm = [timed(lambda: get_ok(client, url))[0] for _ in range(args.repeat)]
    paginator = first.context["page"].paginator if first.context else None
    if paginator is None:  # the test client only keeps contexts under the test runner
        from django.core.paginator import Paginator

        from mutuality.evidence.queries import PassageFilter, passages

        paginator = Paginator(passages(code, PassageFilter()), 50)
    pages = paginator.num_pages
    numbers = list(range(1, pages + 1))
    if 0 < args.max_pages < pages:  # an even sample, first and last page included
        sample = max(2, args.max_pages)
        numbers = sorted({round(1 + i * (pages - 1) / (sample - 1)) for i in range(sample)})
    every = [timed(lambda number=number: get_ok(client, f"{url}?page={number}"))[0] for number in numbers]
    last = [timed(lambda: get_ok(client, f"{url}?page={pages}"))[0] for _ in range(3)]
    profile(lambda: get_ok(client, url), args.profile, "passages")
    return {
        "cold": cold,
        "warm": summary(warm),
        "queries": count_queries(lambda: get_ok(client, url)),
        "all_pages": summary(every),
        "last_page_warm": statistics.median(last),
        "note": f"{paginator.count:,} passages of {PASSAGE_CODE} (with sub-codes) on {pages} pages of 50"
        + (f"; every-page figures from {len(numbers)} pages spread evenly" if len(numbers) < pages else ""),
        "memory": lambda: get_ok(client, url),
    }


def op_codebook(args: argparse.Namespace) -> dict[str, Any]:
    client = logged_in_client()
    cold, _ = timed(lambda: get_ok(client, "/codes/"))
    warm = [timed(lambda: get_ok(client, "/codes/"))[0] for _ in range(args.repeat)]
    return {
        "cold": cold,
        "warm": summary(warm),
        "queries": count_queries(lambda: get_ok(client, "/codes/")),
        "memory": lambda: get_ok(client, "/codes/"),
    }


def op_coding(args: argparse.Namespace) -> dict[str, Any]:
    from mutuality.evidence.models import Coding, SourceVersion
    from mutuality.evidence.offsets import codepoint_to_utf16

    Coding.objects.filter(coder__username=BENCH_USER).delete()
    client = logged_in_client(BENCH_USER)
    # Replay coder_a's selections (all codes coder_a gave each one), picked with a fixed seed.
    codes_of: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for version_id, start, end, code_id in Coding.objects.filter(coder__username=CODERS[0]).values_list(
        "version_id", "start", "end", "code_id"
    ):
        codes_of[version_id, start, end].append(code_id)
    chosen = random.Random(args.seed).sample(sorted(codes_of), args.posts)
    versions = {
        v.pk: v for v in SourceVersion.objects.filter(pk__in={c[0] for c in chosen}).select_related("source")
    }
    requests = []
    for version_id, start, end in chosen:
        version = versions[version_id]
        requests.append(
            (
                f"/sources/{version.source.key}/codings/",
                {
                    "start": codepoint_to_utf16(version.text, start),
                    "end": codepoint_to_utf16(version.text, end),
                    "quote": version.text[start:end],
                    "codes": codes_of[version_id, start, end],
                    "assessment": "",
                    "factor_role": "",
                    "concerns_side": "",
                    "memo": "",
                },
            )
        )

    def post(url: str, data: dict[str, Any]) -> None:
        response = client.post(url, data)
        if response.status_code != 302:
            raise RuntimeError(f"POST {url} answered {response.status_code}: {response.content[:200]!r}")

    def post_timed(url: str, data: dict[str, Any]) -> float:
        seconds = timed(lambda: post(url, data))[0]
        # A browser follows the redirect, whose page shows and so clears the "Coded …" message;
        # without this the test client's messages cookie would grow with every POST.
        client.cookies.pop("messages", None)
        return seconds

    times = [post_timed(url, data) for url, data in requests]
    created = Coding.objects.filter(coder__username=BENCH_USER).count()
    expected = sum(len(data["codes"]) for _, data in requests)
    queries = count_queries(lambda: post_timed(*requests[0]))
    profile(lambda: [post_timed(*request) for request in requests[:50]], args.profile, "coding")
    probe = requests[1]
    result = {
        "cold": times[0],
        "warm": summary(times[1:]),
        "all": summary(times),
        "warm_over_target": sum(seconds >= TARGETS["coding"] for seconds in times[1:]),
        "queries": queries,
        "note": f"{len(times)} POSTs, {expected} codings ({created} found), 1–3 codes each; "
        f"{sum(seconds >= TARGETS['coding'] for seconds in times[1:])} warm POSTs took 50 ms or more",
        "memory": lambda: post_timed(*probe),
        "cleanup": lambda: Coding.objects.filter(coder__username=BENCH_USER).delete(),
        "checks": {"codings_created": created, "codings_expected": expected},
    }
    return result


def agreement_spans() -> tuple[dict[str, float], list[Any], dict[int, int]]:
    from django.db.models.functions import Length

    from mutuality.analysis.agreement import Span
    from mutuality.evidence.models import Coding, SourceVersion

    times: dict[str, float] = {}
    started = time.perf_counter()
    rows = list(
        Coding.objects.values_list("version_id", "start", "end", "code_id", "coder__username").order_by()
    )
    lengths = dict(
        SourceVersion.objects.annotate(length=Length("text")).values_list("pk", "length").order_by()
    )
    times["fetch_db"] = time.perf_counter() - started
    started = time.perf_counter()
    spans = [Span(source, start, end, code, coder) for source, start, end, code, coder in rows]
    times["build_spans"] = time.perf_counter() - started
    return times, spans, lengths


def op_agreement(args: argparse.Namespace) -> dict[str, Any]:
    from mutuality.analysis.agreement import character_agreement, segment_agreement

    runs = []
    reports: dict[str, Any] = {}
    for _ in range(1 + max(1, args.repeat // 3)):
        times, spans, lengths = agreement_spans()
        for name, function in (("character", character_agreement), ("segment", segment_agreement)):
            seconds, reports[name] = timed(
                lambda function=function, spans=spans, lengths=lengths: function(spans, lengths, CODERS)
            )
            times[name] = seconds
        runs.append(times)
    profile(lambda: character_agreement(spans, lengths, CODERS), args.profile, "agreement_character")
    profile(lambda: segment_agreement(spans, lengths, CODERS), args.profile, "agreement_segment")
    profile(agreement_spans, args.profile, "agreement_fetch")

    def whole(times: dict[str, float]) -> float:
        return sum(times.values())

    overall = {
        level: {
            "units": report.overall.units,
            "percent": round(report.overall.percent, 4),
            "kappa": None if report.overall.kappa is None else round(report.overall.kappa, 4),
            "alpha": None if report.overall.alpha is None else round(report.overall.alpha, 4),
            "codes": len(report.by_code),
            "sources": len(report.sources),
        }
        for level, report in reports.items()
    }

    def memory() -> None:
        _, spans, lengths = agreement_spans()
        character_agreement(spans, lengths, CODERS)
        segment_agreement(spans, lengths, CODERS)

    return {
        "cold": whole(runs[0]),
        "warm": summary([whole(t) for t in runs[1:]]),
        "phases_cold": runs[0],
        "phases_warm": {key: statistics.median(t[key] for t in runs[1:]) for key in runs[0]},
        "note": f"{len(spans):,} spans; fetch + build + character + segment",
        "results": overall,
        "memory": memory,
    }


def op_agreement_page(args: argparse.Namespace) -> dict[str, Any]:
    client = logged_in_client()
    url = f"/agreement/?coder={CODERS[0]}&coder={CODERS[1]}"
    cold, response = timed(lambda: get_ok(client, url))
    warm = [timed(lambda: get_ok(client, url))[0] for _ in range(max(1, args.repeat // 3))]
    profile(lambda: get_ok(client, url), args.profile, "agreement_page")
    return {
        "cold": cold,
        "warm": summary(warm),
        "queries": count_queries(lambda: get_ok(client, url)),
        "note": f"{len(response.content):,} bytes",
        "memory": lambda: get_ok(client, url),
    }


def export_simple(stream: io.TextIOBase) -> int:
    """Bench-only: one flat query straight into csv.writer (no formula escaping, no partnerships column)."""
    from mutuality.evidence.models import Coding

    writer = csv.writer(stream)
    writer.writerow(
        [
            "source",
            "title",
            "version",
            "start",
            "end",
            "parent",
            "code",
            "coder",
            "assessment",
            "role",
            "needs_review",
            "memo",
            "quote",
        ]
    )
    rows = Coding.objects.values_list(
        "version__source__key",
        "version__source__title",
        "version__number",
        "start",
        "end",
        "code__parent__name",
        "code__name",
        "coder__username",
        "assessment",
        "factor_role",
        "needs_review",
        "memo",
        "quote",
    ).order_by("version__source__key", "start", "id")
    count = 0
    for row in rows.iterator(chunk_size=5000):
        writer.writerow(row)
        count += 1
    return count


def export_app(stream: io.TextIOBase) -> int:
    from mutuality.formats.codings_csv import write_codings_csv

    return write_codings_csv(stream)


def op_export(args: argparse.Namespace, writer: Callable[[io.TextIOBase], int], name: str) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="mutuality-bench-export-"))
    target = folder / "codings.csv"

    def run() -> int:
        with target.open("w", encoding="utf-8", newline="") as stream:
            return writer(stream)

    def cleanup() -> None:
        target.unlink(missing_ok=True)
        folder.rmdir()

    try:
        cold, rows = timed(run)
        warm = [timed(run)[0] for _ in range(max(1, args.repeat // 3))]
        size = target.stat().st_size
        queries = count_queries(run)
        profile(run, args.profile, name)
    except BaseException:  # e.g. MemoryError: leave no half-written file behind
        cleanup()
        raise

    return {
        "cold": cold,
        "warm": summary(warm),
        "queries": queries,
        "note": f"{rows:,} rows, {size / 1024 / 1024:.1f} MiB",
        "memory": run,
        "cleanup": cleanup,
    }


def child(op: str, args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    functions: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
        "matrix": op_matrix,
        "matrix_page": op_matrix_page,
        "passages": op_passages,
        "codebook": op_codebook,
        "coding": op_coding,
        "agreement": op_agreement,
        "agreement_page": op_agreement_page,
        "export_simple": lambda a: op_export(a, export_simple, "export_simple"),
        "export_app": lambda a: op_export(a, export_app, "export_app"),
    }
    result = functions[op](args)
    result["peak_rss_mib"] = peak_rss_mib()
    memory = result.pop("memory", None)
    if memory is not None and not args.no_tracemalloc:
        result["traced_peak_mib"] = traced_peak_mib(memory)
    cleanup = result.pop("cleanup", None)
    if cleanup is not None:
        cleanup()
    return result


# --- the parent: one child per operation, then a table ---------------------------------


def run_child(op: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        op,
        "--repeat",
        str(args.repeat),
        "--posts",
        str(args.posts),
        "--seed",
        str(args.seed),
        "--max-pages",
        str(args.max_pages),
    ]
    if args.profile:
        command += ["--profile", args.profile]
    if args.no_tracemalloc:
        command.append("--no-tracemalloc")
    limit = int(args.memory_limit_gib * 1024**3)

    def cap_memory() -> None:  # a runaway operation gets MemoryError instead of waking the OOM killer
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=args.timeout,
            env=os.environ.copy(),
            preexec_fn=cap_memory,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {args.timeout} s (--timeout)"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1], "stderr": done.stderr[-4000:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def verdict(op: str, result: dict[str, Any]) -> str:
    target = TARGETS.get(op)
    if target is None or "error" in result:
        return ""
    # A page or a query must meet the target warm and cold; a coding by its p95.
    worst = result["warm"]["p95"] if op == "coding" else max(result["cold"], result["warm"]["p50"])
    return f"{'met' if worst < target else 'MISSED'} (< {ms(target)})"


def table(results: dict[str, dict[str, Any]]) -> str:
    head = ["operation", "cold", "warm p50", "warm p95", "queries", "peak RSS", "traced", "target"]
    lines = [head]
    for op, result in results.items():
        if "error" in result:
            lines.append([op, "ERROR", result["error"][:80], "", "", "", "", ""])
            continue
        lines.append(
            [
                op,
                ms(result["cold"]),
                ms(result["warm"]["p50"]),
                ms(result["warm"]["p95"]),
                str(result.get("queries", "")),
                f"{result['peak_rss_mib']:,.0f} MiB",
                f"{result['traced_peak_mib']:,.0f} MiB" if "traced_peak_mib" in result else "",
                verdict(op, result),
            ]
        )
        if op == "passages":
            pages = result["all_pages"]
            lines.append(
                [
                    "  every page",
                    f"{pages['n']} pages",
                    ms(pages["p50"]),
                    ms(pages["p95"]),
                    f"max {ms(pages['max'])}",
                    f"total {ms(pages['total'])}",
                    "",
                    f"last page {ms(result['last_page_warm'])}",
                ]
            )
        if op == "agreement":
            for phase in ("fetch_db", "build_spans", "character", "segment"):
                lines.append(
                    [
                        f"  {phase}",
                        ms(result["phases_cold"][phase]),
                        ms(result["phases_warm"][phase]),
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    out = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in lines
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", help="the corpus file that was loaded (recorded with the results)")
    parser.add_argument("--ops", default=",".join(OPS), help=f"comma-separated, from {', '.join(OPS)}")
    parser.add_argument("--repeat", type=int, default=6, help="warm repetitions per operation (default 6)")
    parser.add_argument("--posts", type=int, default=200, help="codings to apply one by one (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed for choosing the selections to post")
    parser.add_argument(
        "--max-pages",
        type=int,
        default=0,
        help="passages: time at most this many pages, spread evenly (0: all)",
    )
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--profile", help="folder for cProfile output of one warm call per operation")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced-memory call")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds before an operation is stopped")
    parser.add_argument(
        "--memory-limit-gib",
        type=float,
        default=12.0,
        help="address-space limit of each operation's process (default 12 GiB); beyond it the operation fails",
    )
    parser.add_argument("--child", choices=OPS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    kind = database_choice()
    if args.child:
        print(json.dumps(child(args.child, args), default=str))
        return 0

    ops = [op.strip() for op in args.ops.split(",") if op.strip()]
    unknown = sorted(set(ops) - set(OPS))
    if unknown:
        raise BenchError(f"unknown operations {', '.join(unknown)}; choose from {', '.join(OPS)}")
    setup_django()
    from mutuality.evidence.models import Code, Coding, Source

    if not Coding.objects.exists():
        raise BenchError("the database has no codings; load a corpus first with bench/load_corpus.py")
    header: dict[str, Any] = {
        "database": database_version(),
        "database_kind": kind,
        "machine": machine(),
        "counts": {
            "sources": Source.objects.count(),
            "codes": Code.objects.count(),
            "codings": Coding.objects.count(),
        },
    }
    if args.corpus:
        corpus = read_corpus(args.corpus)
        header["corpus"] = {"path": args.corpus, "params": corpus["params"]}
        del corpus
    print(json.dumps(header, ensure_ascii=False), flush=True)
    results: dict[str, dict[str, Any]] = {}
    for op in ops:
        print(f"... {op}", file=sys.stderr, flush=True)
        load = os.getloadavg()[0]  # others' work on the machine shows here (1-minute average)
        results[op] = run_child(op, args)
        results[op]["load_average_before"] = load
        if "error" in results[op]:
            print(results[op].get("stderr", results[op]["error"]), file=sys.stderr)
    print(table(results))
    print(
        "1-minute load average before each operation: "
        + ", ".join(f"{op} {result['load_average_before']:.2f}" for op, result in results.items())
    )
    for op, result in results.items():
        if result.get("note"):
            print(f"{op}: {result['note']}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({**header, "results": results, "args": vars(args)}, indent=2, ensure_ascii=False),
            encoding="utf-8",
        )
    return 1 if any("error" in result for result in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
