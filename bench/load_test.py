"""Bounded load test of the production setup: gunicorn workers on PostgreSQL, many users at once.

1. Drops and creates the PostgreSQL database ``--database`` (its name must contain "load"),
   loads the case studies (as ``mutuality load-demo``) and adds ``--users`` researchers on
   every partnership.
2. Starts ``mutuality serve --workers W --threads T`` on a free loopback port.
3. Runs ``--users`` simulated users for ``--duration`` seconds, each a thread with its own
   cookies and a new connection per request: log in once (correct password only), then browse
   — partnership page, source list, a source page, passages of a code, matrix, a partnership
   report — and code: GET a source page, POST a coding with the CSRF token.
4. Halfway through, notes the ids of the codings committed so far and runs ``mutuality backup``;
   afterwards restores it into a fresh database (``<database>_restore``), checks that every coding
   committed before the backup started is in it (and none the live database never held), deletes
   from the live database the codings written after the snapshot, and compares ``mutuality export``
   and ``export --evidence --with-names`` of both.

Errors are 5xx answers and connection errors (there must be none); other unexpected answers are
counted separately. Prints p50/p95/p99 per kind of request and overall, and the throughput, as a
Markdown section for bench/RESULTS.md; ``--json FILE`` keeps every figure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mutuality_load python bench/load_test.py
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PASSWORD = "load-test-password-7Hq2"
KINDS = ("login", "partnership", "sources", "source", "passages", "matrix", "report", "code-get", "code-post")
# How often a user does each step after logging in (coding is GET source page + POST coding).
WEIGHTS = {"partnership": 3, "sources": 2, "source": 3, "passages": 2, "matrix": 1, "report": 1, "code": 2}


class BenchError(SystemExit):
    def __init__(self, message: str) -> None:
        print(f"load_test: {message}", file=sys.stderr)
        super().__init__(2)


# --- the database ------------------------------------------------------------------------------


def split_url(url: str) -> tuple[str, str]:
    """(server URL without a database, database name)."""
    parsed = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parsed._replace(path="/postgres")), parsed.path.lstrip("/")


def recreate(server_url: str, name: str) -> None:
    import psycopg

    if "load" not in name:
        raise BenchError(f"the database name must contain 'load' (it is dropped first), not {name!r}")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def prepare(users: int) -> dict[str, Any]:
    """Case studies, users, and what the simulated users will ask for (in this process, then closed)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.casestudies import load_case_studies
    from mutuality.evidence.codebook import framework_code
    from mutuality.evidence.models import Source
    from mutuality.evidence.offsets import codepoint_to_utf16
    from mutuality.partnerships.models import Partnership

    call_command("migrate", interactive=False, verbosity=0)
    load_case_studies()
    hashed = make_password(PASSWORD)
    user_model = get_user_model()
    partnerships = list(Partnership.objects.order_by("key"))
    for number in range(users):
        user = user_model.objects.create(username=f"load{number:03d}", password=hashed)
        Membership.objects.bulk_create(
            Membership(user=user, partnership=p, role=Role.RESEARCHER) for p in partnerships
        )
    selections = []
    # Sources of a partnership (programme-level sources with none are for administrators only).
    for source in Source.objects.filter(partnerships__isnull=False).distinct().order_by("key")[:40]:
        text = source.current.text if source.current else ""
        words = re.search(r"\w[\w ]{10,40}\w", text)
        if words:
            selections.append(
                {
                    "key": source.key,
                    "start": codepoint_to_utf16(text, words.start()),
                    "end": codepoint_to_utf16(text, words.end()),
                    "quote": words.group(),
                }
            )
    codes = [
        framework_code("dimension", t).pk for t in ("process_trust", "power_equality", "translocal_linkages")
    ]
    targets = {
        "partnerships": [p.key for p in partnerships],
        "sources": [s["key"] for s in selections],
        "selections": selections,
        "codes": codes,
    }
    connections.close_all()
    return targets


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "mutuality.cli",
        "serve",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise BenchError(f"the server did not answer within 2 minutes; see {log}")


# --- the users ---------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=dict)
    unexpected: dict[str, int] = field(default_factory=dict)
    codings_posted: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.samples[kind].append(seconds)

    def count(self, table: dict[str, int], what: str) -> None:
        with self.lock:
            table[what] = table.get(what, 0) + 1


class User(threading.Thread):
    def __init__(
        self, number: int, base: str, targets: dict[str, Any], deadline: float, results: Results
    ) -> None:
        super().__init__(daemon=True)
        self.username = f"load{number:03d}"
        self.base = base
        self.targets = targets
        self.deadline = deadline
        self.results = results
        self.random = random.Random(number)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def request(self, kind: str, path: str, data: dict[str, Any] | None = None, expect: int = 200) -> str:
        body = None if data is None else urllib.parse.urlencode(data, doseq=True).encode()
        started = time.perf_counter()
        status, text = 0, ""
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as answer:  # 3xx (redirects are not followed), 4xx, 5xx
            status = answer.code
            answer.read()
        except OSError as error:
            self.results.count(self.results.errors, f"{kind}: {type(error).__name__}")
            return ""
        self.results.add(kind, time.perf_counter() - started)
        if status >= 500:
            self.results.count(self.results.errors, f"{kind}: HTTP {status}")
        elif status != expect:
            self.results.count(self.results.unexpected, f"{kind}: HTTP {status}")
        return text

    def run(self) -> None:
        self.request("login", "/accounts/login/")
        self.request(
            "login",
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            expect=302,
        )
        steps = [step for step, weight in WEIGHTS.items() for _ in range(weight)]
        while time.monotonic() < self.deadline:
            getattr(self, "step_" + self.random.choice(steps))()

    def step_partnership(self) -> None:
        self.request("partnership", f"/partnerships/{self.random.choice(self.targets['partnerships'])}/")

    def step_sources(self) -> None:
        self.request("sources", "/sources/")

    def step_source(self) -> None:
        self.request("source", f"/sources/{self.random.choice(self.targets['sources'])}/")

    def step_passages(self) -> None:
        self.request("passages", f"/codes/{self.random.choice(self.targets['codes'])}/passages/")

    def step_matrix(self) -> None:
        self.request("matrix", "/matrix/")

    def step_report(self) -> None:
        self.request("report", f"/partnerships/{self.random.choice(self.targets['partnerships'])}/report/")

    def step_code(self) -> None:
        chosen = self.random.choice(self.targets["selections"])
        self.request("code-get", f"/sources/{chosen['key']}/")
        sent = {
            "start": chosen["start"],
            "end": chosen["end"],
            "quote": chosen["quote"],
            "codes": [self.random.choice(self.targets["codes"])],
            "assessment": "strong",
            "factor_role": "enabling",
            "memo": f"load test {self.username}",
            "csrfmiddlewaretoken": self.csrf(),
        }
        self.request("code-post", f"/sources/{chosen['key']}/codings/", sent, expect=302)
        with self.results.lock:
            self.results.codings_posted += 1


# --- backup during the run, restore and compare ------------------------------------------------


def mutuality(*args: str, database_url: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-m", "mutuality.cli", *args], env=env, capture_output=True, text=True
    )
    if check and done.returncode != 0:
        raise BenchError(f"mutuality {' '.join(args)} failed:\n{done.stderr}")
    return done


def committed_coding_ids(url: str) -> set[int]:
    """The ids of the codings committed in the live database now."""
    import psycopg

    with psycopg.connect(url) as live:
        return {row[0] for row in live.execute("SELECT id FROM evidence_coding")}


def backup_during(
    url: str, path: Path, at: float, out: dict[str, Any], committed: set[int]
) -> threading.Thread:
    """Back up at ``at``; ``committed`` receives the codings committed just before the backup starts."""

    def run() -> None:
        time.sleep(max(0.0, at - time.monotonic()))
        committed.update(committed_coding_ids(url))
        started = time.perf_counter()
        done = mutuality("backup", str(path), database_url=url)
        out.update(seconds=time.perf_counter() - started, summary=done.stdout.strip())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def compare_restore(
    live_url: str, server_url: str, name: str, backup: Path, committed: set[int]
) -> dict[str, Any]:
    """Restore the backup and compare it with the live database less what came after the snapshot.

    Every coding in ``committed`` (committed before the backup started) must be in the restore:
    deleting the live rows the restore lacks would otherwise hide a row the backup dropped.
    """
    import psycopg

    restored_name = f"{name}_restore"
    recreate(server_url, restored_name)
    restored_url = live_url.rsplit("/", 1)[0] + "/" + restored_name
    started = time.perf_counter()
    restore = mutuality("restore", str(backup), database_url=restored_url)
    restore_seconds = time.perf_counter() - started
    with psycopg.connect(restored_url) as restored:
        kept = [r[0] for r in restored.execute("SELECT id FROM evidence_coding")]
    missing = sorted(committed - set(kept))
    live_ids = committed_coding_ids(live_url)
    unknown = sorted(set(kept) - live_ids)
    live_codings = len(live_ids)
    after = len(live_ids - set(kept))
    # Delete through the app (memos and project links go with them, history records it).
    script = (
        "import django, os, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE','mutuality.settings'); "
        "django.setup(); from mutuality.evidence.models import Coding; "
        f"print(Coding.objects.exclude(pk__in=json.loads({json.dumps(json.dumps(kept))})).delete()[0])"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "DATABASE_URL": live_url},
        check=True,
        capture_output=True,
    )
    same = {}
    for flags in ([], ["--evidence", "--with-names"]):
        a = mutuality("export", *flags, database_url=live_url).stdout
        b = mutuality("export", *flags, database_url=restored_url).stdout
        same["export " + " ".join(flags)] = a == b
    with zipfile_open(backup) as manifest:
        counted = manifest["counts"]["evidence.coding"]
    return {
        "restore_seconds": restore_seconds,
        "restore_summary": restore.stdout.strip(),
        "live_codings_at_end": live_codings,
        "codings_in_backup": len(kept),
        "manifest_codings": counted,
        "codings_after_snapshot": after,
        "codings_committed_before_backup": len(committed),
        "committed_codings_missing_from_restore": len(missing),
        "missing_ids": missing[:20],
        "restored_codings_unknown_to_live": len(unknown),
        "exports_identical": same,
    }


def zipfile_open(path: Path) -> Any:
    import contextlib
    import zipfile

    @contextlib.contextmanager
    def opened() -> Any:
        with zipfile.ZipFile(path) as archive:
            yield json.loads(archive.read("manifest.json"))

    return opened()


# --- report ------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"p50": values[0] * 1000 if values else 0.0, "p95": 0.0, "p99": 0.0}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} CPUs (nproc), {cpu}, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}"


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| request | count | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in report["kinds"].items():
        lines.append(
            f"| {kind} | {row['count']:,} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} |"
        )
    overall = report["overall"]
    lines.append(
        f"| **all** | **{overall['count']:,}** | **{overall['p50']:.0f}** | **{overall['p95']:.0f}** "
        f"| **{overall['p99']:.0f}** |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-backup", action="store_true", help="skip the backup during the run")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise BenchError(
            "set DATABASE_URL to a PostgreSQL database whose name contains 'load', "
            "e.g. postgres://postgres@127.0.0.1:5432/mutuality_load"
        )
    server_url, name = split_url(url)
    recreate(server_url, name)
    os.environ.setdefault("MUTUALITY_DATA_DIR", tempfile.mkdtemp(prefix="mutuality-load-"))
    work = Path(os.environ["MUTUALITY_DATA_DIR"])
    print(f"preparing {name}: case studies and {args.users} researchers …", file=sys.stderr)
    targets = prepare(args.users)

    port = free_port()
    server = start_server(port, args.workers, args.threads, work / "server.log")
    results = Results()
    backup: dict[str, Any] = {}
    committed: set[int] = set()
    try:
        started = time.monotonic()
        deadline = started + args.duration
        users = [User(i, f"http://127.0.0.1:{port}", targets, deadline, results) for i in range(args.users)]
        backup_thread = None
        if not args.no_backup:
            backup_thread = backup_during(
                url, work / "during-load.zip", started + args.duration / 2, backup, committed
            )
        print(f"{args.users} users for {args.duration:.0f} s on port {port} …", file=sys.stderr)
        for user in users:
            user.start()
        for user in users:
            user.join(timeout=args.duration + 120)
        elapsed = time.monotonic() - started
        if backup_thread:
            backup_thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)

    everything = [v for values in results.samples.values() for v in values]
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": f"DATABASE_URL={url} python bench/load_test.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "workers": args.workers,
        "threads": args.threads,
        "requests": len(everything),
        "throughput_rps": round(len(everything) / elapsed, 1),
        "errors": results.errors,
        "unexpected": results.unexpected,
        "codings_posted": results.codings_posted,
        "kinds": {k: {"count": len(v), **percentiles(v)} for k, v in results.samples.items() if v},
        "overall": {"count": len(everything), **percentiles(everything)},
        "backup": backup,
    }
    restore_failed = False
    if backup:
        report["restore"] = restored = compare_restore(
            url, server_url, name, work / "during-load.zip", committed
        )
        restore_failed = bool(
            restored["committed_codings_missing_from_restore"]
            or restored["restored_codings_unknown_to_live"]
            or not all(restored["exports_identical"].values())
        )
    print(markdown(report))
    print(json.dumps({k: v for k, v in report.items() if k not in ("kinds", "overall")}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if results.errors or restore_failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
