"""Coding in Mutuality beside Taguette, its peer, on the same qda-bench corpus, both over real HTTP.

Taguette (https://www.taguette.org, PyPI ``taguette``) is installed in a virtual environment of its
own, outside this repository, and run as a real server (Tornado, single-user mode, SQLite):

    python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install taguette==1.5.2

Two steps, both run with Mutuality's Python (``.venv/bin/python``):

``setup``  puts the corpus into a fresh Taguette database in ``--taguette-dir``:
    * through Taguette's HTTP API, as its web page does: one project (``POST /project/new``), the
      60 codebook paths as tags (``POST /api/project/<p>/tag/new``) and every document
      (``POST /api/project/<p>/document/new``, uploaded as an ``.html`` file: one ``<p>`` per
      paragraph, paragraphs separated by the corpus's own "\\n\\n", so that the text content of the
      stored HTML is exactly the corpus text; checked for every document);
    * then, with the server stopped, the corpus's highlights in bulk straight into Taguette's
      database (``--taguette-python`` runs this file's helper with Taguette's own SQLAlchemy
      models): one ``highlights`` row per corpus highlight with its tags in ``highlight_tags`` and
      a ``highlight_add`` row in ``commands``, as ``HighlightAdd`` writes them. Taguette's endpoint
      parses the whole document with html5lib for every highlight (to cut out the snippet), which
      would make the load of the medium corpus take about an hour; the helper cuts each snippet with
      Taguette's own ``extract.extract`` from the paragraphs the highlight touches only, and
      checks against ``extract.extract`` on the whole document for a sample.

``run``    times both tools, ``--rounds`` times; in each round both servers are started afresh and
    every request goes to the two alternately (Mutuality first for even-numbered requests, Taguette
    first for odd ones), so both see the same load from the rest of the machine:
    * ``coding``: ``--posts`` (200) selections of coder_a, 1–3 codes each, created one after the
      other through each tool's own endpoint. Mutuality: ``POST /sources/<key>/codings/`` (form,
      UTF-16 offsets, quote, code ids, CSRF token; answered 302), the same payloads and the same
      seeded choice as ``bench/run.py``'s ``coding``. Taguette: ``POST /api/project/<p>/document/
      <d>/highlight/new?_xsrf=…`` with JSON ``start_offset``/``end_offset`` in UTF-8 bytes of the
      document's text content (what Taguette's ``extract`` and its page's ``lengthUTF8`` count)
      and the tag ids (answered 200). The first request after the server starts (and the login) is
      "cold", the other 199 give p50/p95.
    * ``codebook``: Mutuality ``GET /codes/`` (codebook with counts); Taguette ``GET /project/<p>``
      (the project page, which carries every tag with its highlight count and the document list).
    * ``passages``: the first page of ``dimension/trust``'s passages. Mutuality
      ``GET /codes/<id>/passages/`` (HTML, 50 a page); Taguette ``GET /api/project/<p>/highlights/
      dimension/trust?page=1`` (the JSON its highlights view fetches, 50 a page).
    * ``export``: every coding as CSV over HTTP. Mutuality ``GET /codings.csv``; Taguette
      ``GET /project/<p>/export/highlights/.csv`` (all highlights, one row per highlight and tag).
    Afterwards each tool's result is checked: the number of codings/highlights created, and for
    every one of them its offsets, its codes and that its text is the corpus's words (Mutuality:
    the stored quote; Taguette: the text of the stored HTML snippet, and the exported row). The
    created codings/highlights are then deleted again (Mutuality: bench_coder's codings in the
    database, as bench/run.py does; Taguette: ``DELETE`` through its API, untimed), so rounds
    start from the same data.

Mutuality's database must have been loaded with ``bench/load_corpus.py`` from the same corpus.
The client is this process (``requests``, one keep-alive session per tool), on the same machine.

    MUTUALITY_DATA_DIR=/tmp/mut-bench-small python bench/load_corpus.py /tmp/corpus-small.json
    python bench/peer_taguette.py setup --corpus /tmp/corpus-small.json --taguette-dir /tmp/taguette-bench-small
    python bench/peer_taguette.py run --corpus /tmp/corpus-small.json --taguette-dir /tmp/taguette-bench-small \\
        --mutuality-data-dir /tmp/mut-bench-small --rounds 3 --json /tmp/peer-small.json

Taguette's server asks taguette.org for news once at start; this machine has no internet, so the
launcher below replaces that one call with a no-op (it is on no measured path).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from _common import summary  # the script's folder is first on sys.path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_TAGUETTE_PYTHON = "/tmp/taguette-venv/bin/python"
BENCH_USER = "bench_coder"
BENCH_PASSWORD = "peer-bench-password-4Kx9"
CODER = "coder_a"
PASSAGE_CODE = "dimension/trust"  # the code whose passages are listed, as in bench/run.py
PARAGRAPH_SEPARATOR = "\n\n"

# Runs Taguette's own command line, without the one start-up request to taguette.org for news.
TAGUETTE_LAUNCHER = """\
import sys
import taguette.web.base as base
base.Application.check_messages = lambda self: self.messages_event.set()
import taguette.main
sys.argv = ["taguette", *sys.argv[1:]]
taguette.main.main()
"""


class BenchError(SystemExit):
    def __init__(self, message: str) -> None:
        print(f"peer_taguette: {message}", file=sys.stderr)
        super().__init__(2)


# --- small helpers ----------------------------------------------------------------------------------


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proc_memory_mib(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak resident set so far) of a process, in MiB."""
    facts = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                facts[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return facts


class TextContent(HTMLParser):
    """The text content of an HTML fragment (what a browser's DOM text nodes hold)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @classmethod
    def of(cls, fragment: str) -> str:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return "".join(parser.parts)


def document_html(name: str, text: str) -> str:
    """The file uploaded to Taguette: one <p> per paragraph, the separators kept as text."""
    body = PARAGRAPH_SEPARATOR.join(
        f"<p>{html.escape(p, quote=False)}</p>" for p in text.split(PARAGRAPH_SEPARATOR)
    )
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(name)}</title></head>'
        f"<body>{body}</body></html>"
    )


def utf8_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def read_corpus(path: str) -> tuple[dict[str, Any], str]:
    sys.path.insert(0, str(HERE))
    from _common import read_corpus as common_read

    data = Path(path).read_bytes()
    return common_read(path), hashlib.sha256(data).hexdigest()


def corpus_selections(corpus: dict[str, Any], posts: int, seed: int) -> list[tuple[int, int, int, list[str]]]:
    """coder_a's selections (document, start, end, code paths), chosen as bench/run.py chooses them."""
    paths_of: dict[tuple[int, int, int], list[str]] = defaultdict(list)
    for doc, start, end, paths, coder in corpus["highlights"]:
        if coder == CODER:
            for code_path in paths:
                if code_path not in paths_of[doc, start, end]:
                    paths_of[doc, start, end].append(code_path)
    chosen = random.Random(seed).sample(sorted(paths_of), posts)
    return [(doc, start, end, paths_of[doc, start, end]) for doc, start, end in chosen]


# --- servers ----------------------------------------------------------------------------------------


#: Address-space limit of each server (GiB), so that a runaway export fails instead of waking the OOM killer.
MEMORY_LIMIT_GIB = 8.0


def _limit_memory() -> None:
    import resource

    limit = int(MEMORY_LIMIT_GIB * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class Server:
    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.log = log
        started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_limit_memory,
        )
        self.started = started
        self.ready_seconds = 0.0

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self, probe: Any, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"{self.name} stopped at start (exit {self.process.returncode}); see {self.log}"
                )
            try:
                if probe():
                    self.ready_seconds = time.perf_counter() - self.started
                    return
            except Exception:  # noqa: BLE001 - not listening yet
                pass
            time.sleep(0.1)
        self.stop()
        raise BenchError(f"{self.name} did not answer within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_taguette(python: str, database: Path, port: int, log: Path) -> tuple[Server, str]:
    server = Server(
        "Taguette",
        [python, "-c", TAGUETTE_LAUNCHER, "--no-browser", "--port", str(port), "--database", str(database)],
        {**os.environ, "PYTHONUNBUFFERED": "1"},
        log,
    )
    token: list[str] = []

    def probe() -> bool:
        import requests

        if not token:
            found = re.search(r"\?token=([0-9a-f]+)", log.read_text(errors="replace"))
            if not found:
                return False
            token.append(found.group(1))
        return requests.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200

    server.wait_ready(probe)
    return server, token[0]


def taguette_session(base: str, token: str) -> tuple[Any, str]:
    """Single-user login (the link with the token the server prints), then the XSRF cookie."""
    import requests

    session = requests.Session()
    answer = session.get(f"{base}/?token={token}", allow_redirects=False, timeout=60)
    if answer.status_code != 302 or "user" not in session.cookies:
        raise BenchError(f"Taguette login answered {answer.status_code}")
    session.get(f"{base}/project/new", timeout=60).raise_for_status()  # sets _xsrf, as every page does
    return session, session.cookies["_xsrf"]


def start_mutuality(data_dir: str, port: int, log: Path) -> Server:
    import requests

    mutuality = str(Path(sys.executable).parent / "mutuality")
    server = Server(
        "Mutuality",
        [mutuality, "serve", "--port", str(port)],
        {**os.environ, "MUTUALITY_DATA_DIR": data_dir, "PYTHONUNBUFFERED": "1"},
        log,
    )
    server.wait_ready(
        lambda: requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).status_code == 200
    )
    return server


def mutuality_session(base: str) -> Any:
    import requests

    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=60).raise_for_status()
    answer = session.post(
        f"{base}/accounts/login/",
        data={
            "username": BENCH_USER,
            "password": BENCH_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302:
        raise BenchError(f"Mutuality login answered {answer.status_code}")
    return session


# --- setup of Taguette ------------------------------------------------------------------------------


def cmd_setup(args: argparse.Namespace) -> int:
    corpus, sha = read_corpus(args.corpus)
    folder = Path(args.taguette_dir).resolve()
    if folder.exists():
        if not (folder / "state.json").exists() and any(folder.iterdir()):
            raise BenchError(f"{folder} exists and is not a bench folder of this script; choose another")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    database = folder / "taguette.sqlite3"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"load average at start: {loadavg()}", flush=True)
    timings: dict[str, Any] = {}
    started = time.perf_counter()
    server, token = start_taguette(args.taguette_python, database, port, folder / "setup-server.log")
    timings["server start (new database)"] = server.ready_seconds
    try:
        session, xsrf = taguette_session(base, token)
        step = time.perf_counter()
        answer = session.post(
            f"{base}/project/new",
            data={"name": f"qda-bench {corpus['params']['docs']} docs", "description": "", "_xsrf": xsrf},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code not in (302, 303):
            raise BenchError(f"creating the project answered {answer.status_code}")
        project = int(answer.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        timings["project"] = time.perf_counter() - step

        tag_ids: dict[str, int] = {}
        tag_times = []
        for entry in corpus["codebook"]:
            step = time.perf_counter()
            answer = session.post(
                f"{base}/api/project/{project}/tag/new",
                params={"_xsrf": xsrf},
                json={"path": entry["path"], "description": entry.get("description", "")},
                timeout=60,
            )
            tag_times.append(time.perf_counter() - step)
            answer.raise_for_status()
            tag_ids[entry["path"]] = answer.json()["id"]
        timings["tags (HTTP)"] = summary(tag_times)

        doc_ids: list[int] = []
        doc_times = []
        for index, doc in enumerate(corpus["documents"]):
            body = document_html(doc["name"], doc["text"]).encode("utf-8")
            step = time.perf_counter()
            answer = session.post(
                f"{base}/api/project/{project}/document/new",
                params={"_xsrf": xsrf},
                data={
                    "name": doc["name"],
                    "description": doc.get("partnership", ""),
                    "text_direction": "LEFT_TO_RIGHT",
                },
                files={"file": (f"doc-{index + 1:05d}.html", body, "text/html")},
                timeout=300,
            )
            doc_times.append(time.perf_counter() - step)
            if answer.status_code != 200:
                raise BenchError(f"document {index} answered {answer.status_code}: {answer.text[:200]}")
            doc_ids.append(answer.json()["created"])
        timings["documents (HTTP upload)"] = summary(doc_times)

        # Every document's text content must be the corpus text, or the offsets would not fit.
        step = time.perf_counter()
        for index, (doc, doc_id) in enumerate(zip(corpus["documents"], doc_ids, strict=True)):
            answer = session.get(f"{base}/api/project/{project}/document/{doc_id}/contents", timeout=60)
            answer.raise_for_status()
            contents = "".join(part["contents"] for part in answer.json()["contents"])
            if TextContent.of(contents) != doc["text"]:
                raise BenchError(
                    f"document {index}: the text content of Taguette's HTML is not the corpus text"
                )
        timings["check documents' text (untimed in totals)"] = time.perf_counter() - step
    finally:
        server.stop()

    # The corpus's highlights, in bulk, by Taguette's own models (helper in Taguette's Python).
    plan = folder / "bulk-plan.json"
    texts = [doc["text"] for doc in corpus["documents"]]
    step = time.perf_counter()
    rows = []
    for doc, start, end, paths, _coder in corpus["highlights"]:
        rows.append(
            [
                doc_ids[doc],
                utf8_offset(texts[doc], start),
                utf8_offset(texts[doc], end),
                sorted({tag_ids[p] for p in paths}),
            ]
        )
    timings["offsets to UTF-8 bytes (client)"] = time.perf_counter() - step
    plan.write_text(
        json.dumps({"project": project, "highlights": rows, "sample": args.check_sample}), encoding="utf-8"
    )
    done = subprocess.run(
        [
            args.taguette_python,
            str(Path(__file__).resolve()),
            "helper-bulk",
            "--database",
            str(database),
            "--plan",
            str(plan),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BenchError(f"the bulk helper failed:\n{done.stderr[-3000:]}")
    helper = json.loads(done.stdout.strip().splitlines()[-1])
    plan.unlink()
    timings.update({f"highlights bulk: {k}": v for k, v in helper["timings"].items()})
    timings["setup total (wall)"] = time.perf_counter() - started
    state = {
        "corpus": {"path": args.corpus, "sha256": sha, "params": corpus["params"]},
        "project": project,
        "doc_ids": doc_ids,
        "tag_ids": tag_ids,
        "highlights": helper["highlights"],
        "highlight_tags": helper["highlight_tags"],
        "snippet_check": helper["snippet_check"],
        "database_bytes": database.stat().st_size,
        "timings": timings,
        "load_average_end": loadavg(),
    }
    (folder / "state.json").write_text(json.dumps(state, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(state["timings"], indent=2))
    print(
        f"Taguette project {project}: {len(doc_ids)} documents, {len(tag_ids)} tags, {helper['highlights']:,} "
        f"highlights ({helper['highlight_tags']:,} highlight-tag rows); snippets checked against "
        f"extract() on the whole document: {helper['snippet_check']}; database {state['database_bytes'] / 1e6:.1f} MB"
    )
    print(f"load average at end: {state['load_average_end']}")
    return 0


def cmd_helper_bulk(args: argparse.Namespace) -> int:
    """In Taguette's Python: insert the planned highlights with Taguette's models (server stopped)."""
    from taguette import database, extract

    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    timings: dict[str, float] = {}
    started = time.perf_counter()
    session = database.connect(f"sqlite:///{args.database}")()
    contents = dict(session.query(database.Document.id, database.Document.contents).all())

    # Top-level pieces of each stored document: <p>…</p>, "\n\n", <p>…</p>, … with their UTF-8 byte spans.
    pieces: dict[int, list[tuple[int, int, str, bool]]] = {}
    sep = "</p>" + PARAGRAPH_SEPARATOR + "<p>"
    for doc_id, text in contents.items():
        if not (text.startswith("<p>") and text.endswith("</p>")):
            raise SystemExit(f"document {doc_id}: stored HTML is not a list of paragraphs")
        paragraphs = text[3:-4].split(sep)
        spans, position = [], 0
        for number, inner in enumerate(paragraphs):
            if number:
                spans.append((position, position + len(PARAGRAPH_SEPARATOR), PARAGRAPH_SEPARATOR, False))
                position += len(PARAGRAPH_SEPARATOR)
            length = len(html.unescape(inner).encode("utf-8"))
            spans.append((position, position + length, f"<p>{inner}</p>", True))
            position += length
        pieces[doc_id] = spans

    def snippet(doc_id: int, start: int, end: int) -> str:
        """extract.extract on the paragraphs the highlight touches (find_pos's rules for both ends)."""
        spans = pieces[doc_id]
        first = next(i for i, (_a, b, _h, _p) in enumerate(spans) if b > start)
        last = next((i for i, (_a, b, _h, _p) in enumerate(spans) if b >= end), len(spans) - 1)
        if not spans[first][3]:
            first -= 1
        if not spans[last][3]:
            last += 1
        shift = spans[first][0]
        fragment = "".join(piece for _a, _b, piece, _p in spans[first : last + 1])
        return extract.extract(fragment, start - shift, end - shift)

    rows = plan["highlights"]
    snippets = [snippet(doc_id, start, end) for doc_id, start, end, _tags in rows]
    timings["snippets (extract on the touched paragraphs)"] = time.perf_counter() - started

    step = time.perf_counter()
    sample = random.Random(7).sample(range(len(rows)), min(plan["sample"], len(rows)))
    mismatches = sum(
        extract.extract(contents[rows[i][0]], rows[i][1], rows[i][2]) != snippets[i] for i in sample
    )
    if mismatches:
        raise SystemExit(
            f"{mismatches} of {len(sample)} snippets differ from extract() on the whole document"
        )
    timings["check sample against extract() on the whole document"] = time.perf_counter() - step

    step = time.perf_counter()
    connection = session.connection()
    from sqlalchemy import func

    first_id = (session.query(func.max(database.Highlight.id)).scalar() or 0) + 1
    highlights, links, commands = [], [], []
    for number, ((doc_id, start, end, tags), text) in enumerate(zip(rows, snippets, strict=True)):
        ident = first_id + number
        highlights.append(
            {"id": ident, "document_id": doc_id, "start_offset": start, "end_offset": end, "snippet": text}
        )
        links.extend({"highlight_id": ident, "tag_id": tag} for tag in tags)
        commands.append(
            {
                "user_login": "admin",
                "project_id": plan["project"],
                "document_id": doc_id,
                "payload": {
                    "type": "highlight_add",
                    "highlight_id": ident,
                    "start_offset": start,
                    "end_offset": end,
                    "tags": tags,
                },
            }
        )
    for table, values in (
        (database.Highlight.__table__, highlights),
        (database.highlight_tags, links),
        (database.Command.__table__, commands),
    ):
        for begin in range(0, len(values), 5000):
            connection.execute(table.insert(), values[begin : begin + 5000])
    session.commit()
    timings["insert highlights, tags, commands + commit"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    print(
        json.dumps(
            {
                "timings": timings,
                "highlights": len(highlights),
                "highlight_tags": len(links),
                "snippet_check": f"{len(sample)} of {len(rows)} identical",
            }
        )
    )
    return 0


# --- the timed rounds -------------------------------------------------------------------------------


def mutuality_prepare(args: argparse.Namespace, corpus: dict[str, Any], chosen: list[Any]) -> dict[str, Any]:
    """Django in this process: bench_coder (with a password), and the payloads bench/run.py posts."""
    os.environ["MUTUALITY_DATA_DIR"] = args.mutuality_data_dir
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(HERE))
    from _common import SOURCE_KEY, setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connections

    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.evidence.models import Code, Coding, SourceVersion
    from mutuality.evidence.offsets import codepoint_to_utf16
    from mutuality.partnerships.models import Partnership

    if not Coding.objects.filter(coder__username=CODER).exists():
        raise BenchError(
            f"{args.mutuality_data_dir} has no codings of {CODER}; load the corpus with bench/load_corpus.py"
        )
    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
    user.set_password(BENCH_PASSWORD)
    user.save()
    for partnership in Partnership.objects.exclude(memberships__user=user):
        Membership.objects.create(user=user, partnership=partnership, role=Role.RESEARCHER)
    Coding.objects.filter(coder__username=BENCH_USER).delete()

    # bench/run.py's choice: coder_a's (version, start, end) with all its codes, sorted, seeded sample.
    codes_of: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for version_id, start, end, code_id in Coding.objects.filter(coder__username=CODER).values_list(
        "version_id", "start", "end", "code_id"
    ):
        codes_of[version_id, start, end].append(code_id)
    run_chosen = random.Random(args.seed).sample(sorted(codes_of), args.posts)
    parents = dict(Code.objects.values_list("pk", "parent_id"))
    names = dict(Code.objects.values_list("pk", "name"))

    def path(pk: int) -> str:
        parts = []
        while pk is not None:
            parts.append(names[pk])
            pk = parents[pk]
        return "/".join(reversed(parts))

    versions = {
        v.pk: v
        for v in SourceVersion.objects.filter(pk__in={c[0] for c in run_chosen}).select_related("source")
    }
    key_index = {SOURCE_KEY.format(i + 1): i for i in range(len(corpus["documents"]))}
    same = []
    payloads = []
    for (version_id, start, end), (doc, c_start, c_end, c_paths) in zip(run_chosen, chosen, strict=True):
        version = versions[version_id]
        same.append(
            (
                key_index[version.source.key],
                start,
                end,
                sorted(path(pk) for pk in codes_of[version_id, start, end]),
            )
            == (doc, c_start, c_end, sorted(c_paths))
        )
        payloads.append(
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
                (version.source.key, start, end, sorted(path(pk) for pk in codes_of[version_id, start, end])),
            )
        )
    if not all(same):
        raise BenchError(
            f"{same.count(False)} of {len(same)} selections differ between bench/run.py's choice in the database "
            "and the corpus file; load the same corpus into both tools"
        )
    trust = [pk for pk in names if path(pk) == PASSAGE_CODE]
    if len(trust) != 1:
        raise BenchError(f"found {len(trust)} codes with the path {PASSAGE_CODE}")
    import django

    facts = {"django": django.get_version()}
    try:
        import waitress

        facts["waitress"] = getattr(waitress, "__version__", "")
    except ImportError:
        pass
    try:
        from importlib.metadata import version as dist_version

        facts["mutuality"] = dist_version("mutuality")
        facts["waitress"] = dist_version("waitress")
    except Exception:  # noqa: BLE001
        pass
    connections.close_all()
    return {"payloads": payloads, "facts": facts, "passage_code_id": trust[0]}


def mutuality_check_and_clean(payloads: list[Any], corpus: dict[str, Any]) -> dict[str, Any]:
    from django.db import connections

    from mutuality.evidence.models import Code, Coding

    sys.path.insert(0, str(HERE))
    from _common import SOURCE_KEY

    parents = dict(Code.objects.values_list("pk", "parent_id"))
    names = dict(Code.objects.values_list("pk", "name"))

    def path(pk: int) -> str:
        parts = []
        while pk is not None:
            parts.append(names[pk])
            pk = parents[pk]
        return "/".join(reversed(parts))

    found = defaultdict(list)
    quotes_ok = True
    texts = {SOURCE_KEY.format(i + 1): doc["text"] for i, doc in enumerate(corpus["documents"])}
    rows = Coding.objects.filter(coder__username=BENCH_USER).values_list(
        "version__source__key", "start", "end", "code_id", "quote"
    )
    for key, start, end, code_id, quote in rows:
        found[key, start, end].append(path(code_id))
        quotes_ok &= quote == texts[key][start:end]
    expected = {p[2][:3]: p[2][3] for p in payloads}
    created = sum(len(v) for v in found.values())
    result = {
        "codings_expected": sum(len(v) for v in expected.values()),
        "codings_created": created,
        "selections_match": all(sorted(found.get(k, [])) == v for k, v in expected.items())
        and len(found) == len(expected),
        "quotes_are_corpus_words": quotes_ok,
        "sample": [
            {"source": k[0], "start": k[1], "end": k[2], "codes": v, "words": texts[k[0]][k[1] : k[2]][:80]}
            for k, v in list(found.items())[:2]
        ],
    }
    Coding.objects.filter(coder__username=BENCH_USER).delete()
    connections.close_all()
    return result


def taguette_prepare(state: dict[str, Any], corpus: dict[str, Any], chosen: list[Any]) -> list[Any]:
    texts = [doc["text"] for doc in corpus["documents"]]
    payloads = []
    for doc, start, end, paths in chosen:
        payloads.append(
            (
                state["doc_ids"][doc],
                {
                    "start_offset": utf8_offset(texts[doc], start),
                    "end_offset": utf8_offset(texts[doc], end),
                    "tags": [state["tag_ids"][p] for p in paths],
                },
                (doc, start, end, sorted(paths)),
            )
        )
    return payloads


def get_ok(session: Any, url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    answer = session.get(url, timeout=600)
    body = answer.content
    seconds = time.perf_counter() - started
    if answer.status_code != 200:
        raise BenchError(f"GET {url} answered {answer.status_code}: {body[:200]!r}")
    return seconds, body


def csv_rows(body: bytes) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


class MutualityRun:
    """One fresh ``mutuality serve`` (Waitress), logged in as bench_coder."""

    name = "mutuality"

    def __init__(
        self, args: argparse.Namespace, prepared: dict[str, Any], corpus: dict[str, Any], log: Path
    ) -> None:
        self.args, self.prepared, self.corpus = args, prepared, corpus
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.server = start_mutuality(args.mutuality_data_dir, port, log)
        self.memory_after_start = proc_memory_mib(self.server.pid)
        self.session = mutuality_session(self.base)
        self.csrf = self.session.cookies["csrftoken"]

    def post(self, index: int) -> float:
        url, data, _expect = self.prepared["payloads"][index]
        started = time.perf_counter()
        answer = self.session.post(
            self.base + url,
            data={**data, "csrfmiddlewaretoken": self.csrf},
            allow_redirects=False,
            timeout=120,
        )
        answer.content  # noqa: B018 - read the whole answer
        seconds = time.perf_counter() - started
        if answer.status_code != 302:
            raise BenchError(f"Mutuality POST {url} answered {answer.status_code}: {answer.text[:300]}")
        # A browser follows the redirect, whose page shows and so clears the "Coded …" message.
        self.session.cookies.pop("messages", None)
        return seconds

    def codebook(self) -> tuple[float, bytes]:
        return get_ok(self.session, f"{self.base}/codes/")

    def export(self) -> tuple[float, bytes]:
        return get_ok(self.session, f"{self.base}/codings.csv")

    def passages(self) -> tuple[float, bytes]:
        return get_ok(self.session, f"{self.base}/codes/{self.prepared['passage_code_id']}/passages/")

    def check_and_clean(self, export_body: bytes) -> dict[str, Any]:
        self.server.stop()  # the check and the clean-up write to the database: no server then
        return mutuality_check_and_clean(self.prepared["payloads"], self.corpus)

    def stop(self) -> None:
        self.server.stop()


class TaguetteRun:
    """One fresh Taguette server (Tornado, single-user mode) on the database set up by ``setup``."""

    name = "taguette"

    def __init__(
        self,
        args: argparse.Namespace,
        state: dict[str, Any],
        payloads: list[Any],
        corpus: dict[str, Any],
        log: Path,
    ) -> None:
        self.args, self.state, self.payloads, self.corpus = args, state, payloads, corpus
        self.database = Path(args.taguette_dir).resolve() / "taguette.sqlite3"
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.project = state["project"]
        self.server, token = start_taguette(args.taguette_python, self.database, port, log)
        self.memory_after_start = proc_memory_mib(self.server.pid)
        self.session, self.xsrf = taguette_session(self.base, token)
        self.created: list[tuple[int, int]] = []

    def post(self, index: int) -> float:
        doc_id, data, _expect = self.payloads[index]
        url = f"{self.base}/api/project/{self.project}/document/{doc_id}/highlight/new"
        started = time.perf_counter()
        answer = self.session.post(url, params={"_xsrf": self.xsrf}, json=data, timeout=120)
        answer.content  # noqa: B018
        seconds = time.perf_counter() - started
        if answer.status_code != 200:
            raise BenchError(f"Taguette POST {url} answered {answer.status_code}: {answer.text[:300]}")
        self.created.append((doc_id, answer.json()["id"]))
        return seconds

    def codebook(self) -> tuple[float, bytes]:
        return get_ok(self.session, f"{self.base}/project/{self.project}")

    def export(self) -> tuple[float, bytes]:
        return get_ok(self.session, f"{self.base}/project/{self.project}/export/highlights/.csv")

    def passages(self) -> tuple[float, bytes]:
        # The JSON its highlights view fetches (50 a page; the page's script then draws them).
        return get_ok(
            self.session, f"{self.base}/api/project/{self.project}/highlights/{PASSAGE_CODE}?page=1"
        )

    def check_and_clean(self, export_body: bytes) -> dict[str, Any]:
        """What Taguette stored for each created highlight (database read-only) and exported; then delete them."""
        import sqlite3

        created, payloads = self.created, self.payloads
        texts = [doc["text"] for doc in self.corpus["documents"]]
        paths = {v: k for k, v in self.state["tag_ids"].items()}
        ids = [hl for _doc, hl in created]
        marks = ",".join("?" * len(ids))
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            stored = {
                row[0]: row[1:]
                for row in db.execute(
                    f"SELECT id, document_id, start_offset, end_offset, snippet FROM highlights WHERE id IN ({marks})",
                    ids,
                )
            }
            tags = defaultdict(list)
            for hl, tag in db.execute(
                f"SELECT highlight_id, tag_id FROM highlight_tags WHERE highlight_id IN ({marks})", ids
            ):
                tags[hl].append(paths[tag])
        offsets_ok = words_ok = tags_ok = True
        for (doc_id, hl), (_d, data, (doc, start, end, want_paths)) in zip(created, payloads, strict=True):
            got = stored.get(hl)
            if got is None:
                offsets_ok = False
                continue
            offsets_ok &= got[:3] == (doc_id, data["start_offset"], data["end_offset"])
            words_ok &= TextContent.of(got[3]) == texts[doc][start:end]
            tags_ok &= sorted(tags[hl]) == want_paths
        exported = defaultdict(list)
        for row in csv_rows(export_body)[1:]:
            exported[row[0]].append(row)
        export_ok = all(
            {r[2] for r in exported[str(hl)]} == set(want)
            and all(" ".join(r[3].split()) == " ".join(texts[doc][s:e].split()) for r in exported[str(hl)])
            for (_doc_id, hl), (_d, _data, (doc, s, e, want)) in zip(created, payloads, strict=True)
        )
        result = {
            "highlights_expected": len(payloads),
            "highlights_created": len(stored),
            "highlight_tags_created": sum(len(v) for v in tags.values()),
            "offsets_match": offsets_ok,
            "tags_match": tags_ok,
            "snippet_text_is_corpus_words": words_ok,
            "export_rows_match (whitespace folded, as Taguette's CSV folds it)": export_ok,
            "sample": [
                {
                    "highlight": hl,
                    "document": doc,
                    "start": s,
                    "end": e,
                    "tags": sorted(tags[hl]),
                    "snippet_text": TextContent.of(stored[hl][3])[:80],
                }
                for (_doc_id, hl), (_d, _data, (doc, s, e, _w)) in list(zip(created, payloads, strict=True))[
                    :2
                ]
            ],
        }
        # Delete them through the API (untimed), so the next round starts from the same data.
        for doc_id, hl in created:
            answer = self.session.delete(
                f"{self.base}/api/project/{self.project}/document/{doc_id}/highlight/{hl}",
                params={"_xsrf": self.xsrf},
                timeout=120,
            )
            if answer.status_code != 204:
                raise BenchError(f"deleting Taguette highlight {hl} answered {answer.status_code}")
        self.server.stop()
        return result

    def stop(self) -> None:
        self.server.stop()


def run_round(
    args: argparse.Namespace,
    prepared: dict[str, Any],
    state: dict[str, Any],
    t_payloads: list[Any],
    corpus: dict[str, Any],
    out: Path,
    number: int,
) -> dict[str, Any]:
    """Both servers started afresh, then every request alternately: Mutuality, Taguette, Taguette, Mutuality, …

    Request i goes to Mutuality first when i is even and to Taguette first when i is odd, so neither
    tool is always the one that runs right after the other; the other server idles meanwhile (the
    client waits for each answer).
    """
    result: dict[str, Any] = {"load_before": loadavg()}
    tools: list[Any] = []
    try:
        tools.append(MutualityRun(args, prepared, corpus, out / f"mutuality-{number}.log"))
        tools.append(TaguetteRun(args, state, t_payloads, corpus, out / f"taguette-{number}.log"))
        figures: dict[str, dict[str, Any]] = {
            tool.name: {
                "server_ready_seconds": tool.server.ready_seconds,
                "memory_after_start": tool.memory_after_start,
            }
            for tool in tools
        }

        def alternately(count: int, call: Any) -> dict[str, list[Any]]:
            answers: dict[str, list[Any]] = {tool.name: [] for tool in tools}
            for index in range(count):
                for tool in tools if index % 2 == 0 else tools[::-1]:
                    answers[tool.name].append(call(tool, index))
            return answers

        posts = alternately(len(t_payloads), lambda tool, index: tool.post(index))
        codebook = alternately(1 + args.repeat, lambda tool, index: tool.codebook())
        passages = alternately(1 + args.repeat, lambda tool, index: tool.passages())
        export = alternately(1 + args.export_repeat, lambda tool, index: tool.export())
        for tool in tools:
            times = posts[tool.name]
            pages = [seconds for seconds, _body in codebook[tool.name]]
            exports = [seconds for seconds, _body in export[tool.name]]
            body = export[tool.name][-1][1]
            figures[tool.name].update(
                coding={"cold": times[0], "warm": summary(times[1:]), "all": times},
                codebook={
                    "cold": pages[0],
                    "warm": summary(pages[1:]),
                    "bytes": len(codebook[tool.name][-1][1]),
                },
                passages={
                    "cold": passages[tool.name][0][0],
                    "warm": summary([seconds for seconds, _body in passages[tool.name][1:]]),
                    "bytes": len(passages[tool.name][-1][1]),
                },
                export={
                    "cold": exports[0],
                    "warm": summary(exports[1:]),
                    "bytes": len(body),
                    "rows": len(csv_rows(body)) - 1,
                },
                memory_end=proc_memory_mib(tool.server.pid),
            )
            figures[tool.name]["check"] = tool.check_and_clean(body)
        result.update(figures)
        result["paired_coding_ratio_median"] = statistics.median(
            m / t for m, t in zip(posts["mutuality"][1:], posts["taguette"][1:], strict=True)
        )
    finally:
        for tool in tools:
            tool.stop()
    result["load_after"] = loadavg()
    return result


def versions_of_taguette(python: str) -> dict[str, str]:
    code = (
        "import json, sqlite3, sys\n"
        "from importlib.metadata import version\n"
        "print(json.dumps({'taguette': version('taguette'), 'tornado': version('tornado'), "
        "'sqlalchemy': version('sqlalchemy'), 'html5lib': version('html5lib'), "
        "'python': sys.version.split()[0], 'sqlite': sqlite3.sqlite_version}))"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def sqlite_settings(path: Path) -> dict[str, Any]:
    """journal_mode, auto_vacuum and size of a SQLite file (read-only)."""
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {
            "journal_mode": db.execute("PRAGMA journal_mode").fetchone()[0],
            "auto_vacuum": db.execute("PRAGMA auto_vacuum").fetchone()[0],
            "synchronous (per connection; the app may set its own)": db.execute(
                "PRAGMA synchronous"
            ).fetchone()[0],
            "bytes": path.stat().st_size,
        }


def machine_facts() -> dict[str, Any]:
    import platform
    import sqlite3

    facts: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        facts["cpu"] = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if line.startswith("Model name")),
            "",
        )
    except OSError:
        pass
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            facts["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    facts["date_utc"] = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    return facts


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def report(results: dict[str, Any]) -> str:
    """The rounds as Markdown: per tool and round, then Mutuality / Taguette per pair and the median."""
    lines = []
    head = "| round | tool | server ready | coding cold | coding p50 | coding p95 | codebook cold / warm p50 | passages cold / warm p50 | export cold / warm p50 (rows) | RSS start → peak |"
    lines += [head, "|---" * (head.count("|") - 1) + "|"]
    for number, pair in enumerate(results["rounds"], 1):
        for tool in ("mutuality", "taguette"):
            r = pair[tool]
            lines.append(
                f"| {number} | {tool} | {ms(r['server_ready_seconds'])} | {ms(r['coding']['cold'])} | "
                f"{ms(r['coding']['warm']['p50'])} | {ms(r['coding']['warm']['p95'])} | "
                f"{ms(r['codebook']['cold'])} / {ms(r['codebook']['warm']['p50'])} | "
                f"{ms(r['passages']['cold'])} / {ms(r['passages']['warm']['p50'])} | "
                f"{ms(r['export']['cold'])} / {ms(r['export']['warm']['p50'])} ({r['export']['rows']:,}) | "
                f"{r['memory_after_start'].get('VmRSS', 0):.0f} → {r['memory_end'].get('VmHWM', 0):.0f} MiB |"
            )
    lines.append("")
    lines.append(
        "Load (1-minute average) before → after each round: "
        + "; ".join(
            f"{n}: {p['load_before'].split()[0]} → {p['load_after'].split()[0]}"
            for n, p in enumerate(results["rounds"], 1)
        )
    )
    lines.append("")
    figures = {
        "coding p50": lambda r: r["coding"]["warm"]["p50"],
        "coding p95": lambda r: r["coding"]["warm"]["p95"],
        "coding cold": lambda r: r["coding"]["cold"],
        "codebook warm p50": lambda r: r["codebook"]["warm"]["p50"],
        "passages warm p50": lambda r: r["passages"]["warm"]["p50"],
        "export warm p50": lambda r: r["export"]["warm"]["p50"],
        "peak RSS": lambda r: r["memory_end"].get("VmHWM", float("nan")),
    }
    lines.append(
        "| Mutuality / Taguette | "
        + " | ".join(f"round {n}" for n in range(1, len(results["rounds"]) + 1))
        + " | median |"
    )
    lines.append("|---|" + "---|" * (len(results["rounds"]) + 1))
    for name, get in figures.items():
        ratios = [get(p["mutuality"]) / get(p["taguette"]) for p in results["rounds"]]
        lines.append(
            f"| {name} | "
            + " | ".join(f"{x:.2f}" for x in ratios)
            + f" | **{statistics.median(ratios):.2f}** |"
        )
    paired = [p["paired_coding_ratio_median"] for p in results["rounds"]]
    lines.append(
        "| coding, median of the 199 per-request ratios | "
        + " | ".join(f"{x:.2f}" for x in paired)
        + f" | **{statistics.median(paired):.2f}** |"
    )
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    corpus, sha = read_corpus(args.corpus)
    folder = Path(args.taguette_dir).resolve()
    state_file = folder / "state.json"
    if not state_file.exists():
        raise BenchError(
            f"{folder} has no Taguette set up; run: {sys.argv[0]} setup --corpus {args.corpus} --taguette-dir {folder}"
        )
    state = json.loads(state_file.read_text(encoding="utf-8"))
    if state["corpus"]["sha256"] != sha:
        raise BenchError(
            f"{folder} was set up from another corpus (sha256 {state['corpus']['sha256'][:12]}…)"
        )
    out = Path(args.logs).resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {loadavg()}", flush=True)
    results: dict[str, Any] = {
        "machine": machine_facts(),
        "load_average_start": loadavg(),
        "corpus": {"path": args.corpus, "sha256": sha, "params": corpus["params"]},
        "args": {k: v for k, v in vars(args).items() if k != "func"},
        "taguette_setup": {
            k: state[k]
            for k in ("highlights", "highlight_tags", "snippet_check", "database_bytes", "timings")
        },
    }
    results["sqlite_files"] = {
        "mutuality": sqlite_settings(Path(args.mutuality_data_dir) / "mutuality.sqlite3"),
        "taguette": sqlite_settings(folder / "taguette.sqlite3"),
    }
    chosen = corpus_selections(corpus, args.posts, args.seed)
    prepared = mutuality_prepare(args, corpus, chosen)
    results["versions"] = {
        "mutuality_side": prepared["facts"],
        "taguette_side": versions_of_taguette(args.taguette_python),
    }
    results["same_selections_as_bench_run_py"] = True
    t_payloads = taguette_prepare(state, corpus, chosen)
    results["codings_per_round"] = sum(len(p[3]) for p in chosen)
    rounds = []
    for number in range(1, args.rounds + 1):
        print(f"... round {number} (load {loadavg()})", file=sys.stderr, flush=True)
        pair = run_round(args, prepared, state, t_payloads, corpus, out, number)
        for tool in ("mutuality", "taguette"):
            r = pair[tool]
            checks = {k: v for k, v in r["check"].items() if k != "sample"}
            print(
                f"    {tool:9}  coding cold {ms(r['coding']['cold'])}, p50 {ms(r['coding']['warm']['p50'])}, "
                f"p95 {ms(r['coding']['warm']['p95'])}; codebook {ms(r['codebook']['warm']['p50'])}; "
                f"passages {ms(r['passages']['warm']['p50'])}; "
                f"export {ms(r['export']['warm']['p50'])} ({r['export']['rows']:,} rows); check {json.dumps(checks)}",
                file=sys.stderr,
                flush=True,
            )
        rounds.append(pair)
    results["rounds"] = rounds
    results["load_average_end"] = loadavg()
    results["date_utc_end"] = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    print(report(results))
    print(f"load average at start: {results['load_average_start']}; at end: {results['load_average_end']}")
    checks = [pair[tool]["check"] for pair in rounds for tool in ("mutuality", "taguette")]
    bad = [c for c in checks if not all(v for k, v in c.items() if isinstance(v, bool))]
    bad += [
        c
        for c in checks
        if c.get("codings_created", c.get("highlight_tags_created")) != results["codings_per_round"]
    ]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    if bad:
        print(
            f"CHECK FAILED in {len(bad)} tool runs: {json.dumps(bad, ensure_ascii=False)[:2000]}",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    global MEMORY_LIMIT_GIB
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    setup = sub.add_parser("setup", help="load the corpus into a fresh Taguette database")
    setup.add_argument("--corpus", required=True)
    setup.add_argument("--taguette-dir", required=True, help="folder for Taguette's database (made afresh)")
    setup.add_argument("--taguette-python", default=DEFAULT_TAGUETTE_PYTHON)
    setup.add_argument(
        "--check-sample",
        type=int,
        default=200,
        help="snippets checked against extract() on the whole document",
    )
    setup.set_defaults(func=cmd_setup)

    run = sub.add_parser("run", help="time both tools, alternately")
    run.add_argument("--corpus", required=True)
    run.add_argument("--taguette-dir", required=True)
    run.add_argument(
        "--mutuality-data-dir", required=True, help="MUTUALITY_DATA_DIR loaded by bench/load_corpus.py"
    )
    run.add_argument("--taguette-python", default=DEFAULT_TAGUETTE_PYTHON)
    run.add_argument("--rounds", type=int, default=3, help="pairs Mutuality, Taguette (default 3)")
    run.add_argument("--posts", type=int, default=200)
    run.add_argument("--seed", type=int, default=1, help="as bench/run.py's --seed")
    run.add_argument("--repeat", type=int, default=6, help="warm GETs of the codebook page")
    run.add_argument("--export-repeat", type=int, default=2, help="warm GETs of the CSV export")
    run.add_argument(
        "--memory-limit-gib", type=float, default=MEMORY_LIMIT_GIB, help="address-space limit of each server"
    )
    run.add_argument("--logs", default="/tmp/peer-taguette-logs", help="folder for the servers' logs")
    run.add_argument("--json", help="write every figure to this JSON file")
    run.set_defaults(func=cmd_run)

    helper = sub.add_parser("helper-bulk", help=argparse.SUPPRESS)
    helper.add_argument("--database", required=True)
    helper.add_argument("--plan", required=True)
    helper.set_defaults(func=cmd_helper_bulk)

    args = parser.parse_args(argv)
    MEMORY_LIMIT_GIB = getattr(args, "memory_limit_gib", MEMORY_LIMIT_GIB)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
