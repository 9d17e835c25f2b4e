"""Time the reports on a generated programme: the programme report and single partnership reports.

    . .venv/bin/activate
    MUTUALITY_DATA_DIR=/tmp/mutuality-prog-1 python bench/gen_programme.py
    MUTUALITY_DATA_DIR=/tmp/mutuality-prog-1 python bench/run_reports.py --json /tmp/reports-1.json

Every operation runs in a fresh Python process, started by this script, so
its peak memory is its own: ``ru_maxrss`` of that child, read with
``os.wait4`` (Linux gives KiB). Operations:

``programme_cli_html``
    ``mutuality report --all --format html -o FILE``, the command a user runs:
    wall time of the whole process (Python start, Django set-up, migration
    check, reading, analysing, writing) and its peak RSS. Run ``--repeat``
    times, each a new process (the operating system's file cache is warm
    after the first).
``programme_api_html``
    The Python API that command calls — ``load_report_data()``,
    ``programme_sections.programme_report()``, ``render.render(report, "html")`` — in
    one process: the first call is **cold** (nothing cached in Django or in
    the database connection), then ``--repeat`` **warm** calls; each stage
    timed apart.
``partnership_html`` / ``partnership_pdf``
    The same for one partnership (``load_report_data([key])``,
    ``partnership_sections.partnership_report``, render), for the partnership with the
    most codings and for the median one (``--partnership KEY`` for another).
``programme_pdf``
    The programme report as PDF through the API, once (it takes a while);
    pages counted with pypdf.

``--profile DIR`` writes a cProfile of one warm call per operation
(``DIR/<operation>.txt``, sorted by cumulative time, and ``.pstats``); for
``programme_pdf`` of its only call.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_choice, database_version, machine, peak_rss_mib, setup_django  # noqa: E402

OPERATIONS = (
    "programme_cli_html",
    "programme_api_html",
    "partnership_html",
    "partnership_pdf",
    "programme_pdf",
)
DEFAULT_OPS = OPERATIONS
TARGETS = {
    "programme_cli_html": "< 10 s, < 1 GB",
    "programme_api_html": "< 10 s, < 1 GB",
    "partnership_html": "< 1 s",
    "partnership_pdf": "≤ 1.5 s",
    "programme_pdf": "–",
}


# --- in the child process --------------------------------------------------------------


def _programme(fmt: str) -> dict[str, float]:
    from mutuality.datasets import load_report_data
    from mutuality.reports.programme_sections import programme_report
    from mutuality.reports.render import render

    stages: dict[str, float] = {}
    t = time.perf_counter()
    data = load_report_data(None)
    stages["read"] = time.perf_counter() - t
    t = time.perf_counter()
    report = programme_report(data)
    stages["analyse"] = time.perf_counter() - t
    t = time.perf_counter()
    payload = render(report, fmt)
    stages["render"] = time.perf_counter() - t
    stages["bytes"] = len(payload)
    if fmt == "pdf":
        from pypdf import PdfReader

        stages["pages"] = len(PdfReader(io.BytesIO(payload)).pages)
    return stages


def _partnership(key: str, fmt: str) -> dict[str, float]:
    from mutuality.datasets import load_report_data
    from mutuality.reports.partnership_sections import partnership_report
    from mutuality.reports.render import render

    stages: dict[str, float] = {}
    t = time.perf_counter()
    data = load_report_data([key])
    stages["read"] = time.perf_counter() - t
    t = time.perf_counter()
    report = partnership_report(data, key)
    stages["analyse"] = time.perf_counter() - t
    t = time.perf_counter()
    payload = render(report, fmt)
    stages["render"] = time.perf_counter() - t
    stages["bytes"] = len(payload)
    return stages


def chosen_partnerships() -> dict[str, str]:
    """The partnership with the most codings and the median one (by codings), as label -> key."""
    from django.db.models import Count

    from mutuality.evidence.models import Coding

    counts = dict(
        Coding.objects.values_list("version__source__partnerships__key")
        .annotate(n=Count("id"))
        .values_list("version__source__partnerships__key", "n")
    )
    if not counts:
        from mutuality.partnerships.models import Partnership

        key = Partnership.objects.order_by("key").values_list("key", flat=True).first()
        return {"first": key} if key else {}
    ranked = sorted(counts, key=lambda k: (counts[k], k))
    return {
        f"largest ({counts[ranked[-1]]:,} codings)": ranked[-1],
        f"median ({counts[ranked[len(ranked) // 2]]:,} codings)": ranked[len(ranked) // 2],
    }


def child(op: str, repeat: int, partnership: str | None, profile: str | None) -> dict[str, Any]:
    started = time.perf_counter()
    setup_django()
    from django.db import connection

    connection.ensure_connection()
    result: dict[str, Any] = {"startup": time.perf_counter() - started}
    fmt = "pdf" if op.endswith("_pdf") else "html"
    if op.startswith("programme"):
        targets = {"programme": ""}
        call = lambda _key: _programme(fmt)  # noqa: E731
        runs = 1 if op == "programme_pdf" else repeat
    else:
        targets = {"chosen": partnership} if partnership else chosen_partnerships()
        call = lambda key: _partnership(key, fmt)  # noqa: E731
        runs = repeat
    result["runs"] = {}
    for label, key in targets.items():
        calls = []
        for _ in range(runs + (0 if op == "programme_pdf" else 1)):
            t, cpu = time.perf_counter(), time.process_time()
            stages = call(key)
            stages["total"] = time.perf_counter() - t
            stages["cpu"] = (
                time.process_time() - cpu
            )  # this process's CPU: less moved by other work on the machine
            calls.append(stages)
        result["runs"][label] = {"key": key, "cold": calls[0], "warm": calls[1:] or calls[:1]}
        if profile:
            profiler = cProfile.Profile()
            if op == "programme_pdf":
                # Profiling the PDF again would double a long run: profile the render of the report only.
                from mutuality.datasets import load_report_data
                from mutuality.reports.programme_sections import programme_report
                from mutuality.reports.render import render

                report = programme_report(load_report_data(None))
                profiler.runcall(render, report, "pdf")
            else:
                profiler.runcall(call, key)
            folder = Path(profile)
            folder.mkdir(parents=True, exist_ok=True)
            name = op if len(targets) == 1 else f"{op}-{label.split()[0]}"
            profiler.dump_stats(folder / f"{name}.pstats")
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(60)
            (folder / f"{name}.txt").write_text(text.getvalue(), encoding="utf-8")
    result["peak_rss_mib"] = peak_rss_mib()
    return result


# --- in the parent ---------------------------------------------------------------------


def run_process(command: list[str], timeout: float) -> tuple[float, float, str, int, float]:
    """Wall seconds, peak RSS (MiB) of the child, its standard output, exit status and CPU seconds."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        process.stderr and process.stderr.close()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if process.returncode:
        sys.stderr.write(errors[-3000:])
    return wall, usage.ru_maxrss / 1024, text, process.returncode, usage.ru_utime + usage.ru_stime


def run_cli(repeat: int, timeout: float) -> dict[str, Any]:
    tool = Path(sys.executable).with_name("mutuality")
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            target = Path(folder) / "programme-report.html"
            wall, rss, _out, status, cpu = run_process(
                [str(tool), "report", "--all", "--format", "html", "-o", str(target)], timeout
            )
            runs.append(
                {
                    "wall": wall,
                    "cpu": cpu,
                    "peak_rss_mib": rss,
                    "status": status,
                    "bytes": target.stat().st_size,
                }
            )
    return {"runs": runs}


def run_child(op: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", op, "--repeat", str(args.repeat)]
    if args.partnership:
        command += ["--partnership", args.partnership]
    if args.profile:
        command += ["--profile", args.profile]
    wall, rss, out, status, _cpu = run_process(command, args.timeout)
    if status:
        return {"error": f"exit status {status}", "wall": wall, "peak_rss_mib": rss}
    result = json.loads(out.strip().splitlines()[-1])
    result.update(wall=wall, process_peak_rss_mib=rss)
    return result


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def summary(op: str, result: dict[str, Any]) -> list[str]:
    """Markdown rows: operation, what, cold, warm median, stages (warm), peak RSS."""
    if "error" in result:
        return [f"| {op} | | **{result['error']}** after {seconds(result['wall'])} | | | |"]
    if op == "programme_cli_html":
        walls = [r["wall"] for r in result["runs"]]
        cpus = [r.get("cpu", 0) for r in result["runs"]]
        rss = max(r["peak_rss_mib"] for r in result["runs"])
        return [
            f"| {op} | whole process × {len(walls)} | {seconds(walls[0])} | "
            f"{seconds(statistics.median(walls[1:] or walls))} | {result['runs'][0]['bytes'] / 1e6:.1f} MB file, "
            f"CPU {seconds(statistics.median(cpus))} | {rss:,.0f} MiB |"
        ]
    rows = []
    for label, run in result["runs"].items():
        warm = run["warm"]
        middle = {
            k: statistics.median(w.get(k, 0) for w in warm)
            for k in ("read", "analyse", "render", "total", "cpu")
        }
        extra = f", {run['cold']['pages']:.0f} pages" if "pages" in run["cold"] else ""
        rows.append(
            f"| {op} | {label} | {seconds(run['cold']['total'])} | {seconds(middle['total'])} | "
            f"read {seconds(middle['read'])} · analyse {seconds(middle['analyse'])} · "
            f"render {seconds(middle['render'])}{extra}, CPU {seconds(middle['cpu'])} | "
            f"{result['process_peak_rss_mib']:,.0f} MiB |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--ops", default=",".join(DEFAULT_OPS), help=f"comma-separated, of {', '.join(OPERATIONS)}"
    )
    parser.add_argument("--repeat", type=int, default=3, help="warm calls (and CLI processes) per operation")
    parser.add_argument(
        "--partnership", help="key of the partnership for the single reports (default: largest and median)"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per operation's process")
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--profile", help="write a cProfile per operation into this folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    database_choice()

    if args.child:
        print(json.dumps(child(args.child, args.repeat, args.partnership, args.profile)))
        return 0

    ops = [op.strip() for op in args.ops.split(",") if op.strip()]
    unknown = sorted(set(ops) - set(OPERATIONS))
    if unknown:
        parser.error(f"unknown operations {unknown}; known: {', '.join(OPERATIONS)}")
    setup_django()
    from mutuality.evidence.models import Coding
    from mutuality.partnerships.models import Exchange, LearningOutcome, Partnership

    facts = {
        "database": database_version(),
        "machine": machine(),
        "counts": {
            "partnerships": Partnership.objects.count(),
            "exchanges": Exchange.objects.count(),
            "learning_outcomes": LearningOutcome.objects.count(),
            "codings": Coding.objects.count(),
        },
        "load_average": os.getloadavg(),
    }
    from django.db import connection

    connection.close()
    print(f"{facts['database']} · {json.dumps(facts['counts'])} · {facts['machine']['date_utc']}", flush=True)
    results: dict[str, Any] = {}
    rows = []
    for op in ops:
        print(f"{op} …", flush=True)
        results[op] = (
            run_cli(args.repeat, args.timeout) if op == "programme_cli_html" else run_child(op, args)
        )
        for row in summary(op, results[op]):
            rows.append(row)
            print("  " + row, flush=True)
    print()
    print("| operation | what | cold | warm (median) | warm stages (median) | peak RSS |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        Path(args.json).write_text(
            json.dumps({**facts, "results": results}, indent=2, ensure_ascii=False), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
