"""Time ``mutuality load`` of the standard corpus written as evidence files (issue 18).

    . .venv/bin/activate
    python3 /work/shared/bench/make_corpus.py --out /tmp/corpus-large.json
    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-evidence python bench/load_evidence.py /tmp/corpus-large.json \\
        --files /tmp/evidence-large --json /tmp/load-evidence-sqlite.json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mutuality_bench_evidence python bench/load_evidence.py \\
        /tmp/corpus-large.json --files /tmp/evidence-large --json /tmp/load-evidence-pg.json

Unlike ``bench/load_corpus.py`` (rows written with ``bulk_create``, to have a
database to time other operations on), this times the app's own path: the
corpus becomes files in the Mutuality data format, and ``mutuality load``
reads, checks and writes them as it would a researcher's.

The files (``--files DIR``, written again each run; the same corpus gives
the same bytes) are what ``mutuality export`` and ``mutuality export
--evidence --with-names`` would write of that corpus loaded with
``load_corpus.py``: JSON, indented by two, non-ASCII characters as they are.

* ``partnerships.json``: per corpus ``partnership`` ("Zeist–Berkane") one
  partnership ``zeist-berkane`` of the municipalities ``zeist`` and
  ``berkane`` (the ``side`` "dutch" is the first name, "partner" the second);
* ``evidence-01.json`` …: the codebook paths as researchers' codes
  (``dimension/trust`` becomes ``dimension / trust``, under a code
  ``dimension``) and one respondent per ``respondent_role`` in the first
  file; the sources, ``--sources-per-file`` to a file, each with its text and
  its codings: one per highlight and code path, named by ``quote`` (the
  words at the corpus's offsets) and ``occurrence``, sorted as the export
  sorts them. A highlight the corpus repeats (same document, words, code and
  coder: 45 in the large corpus) is written once, since the loader refuses a
  passage coded twice with one code by one coder.

Then, on a fresh database (the SQLite file in ``MUTUALITY_DATA_DIR`` deleted,
or the PostgreSQL database in ``DATABASE_URL`` dropped and created; only
when its name contains "bench"):

1. ``mutuality migrate`` in its own process (not part of the figure);
2. ``mutuality load partnerships.json evidence-*.json``, timed as a whole
   process: wall time, CPU time and peak RSS (``ru_maxrss`` of the child, by
   ``os.wait4``), with the 1-minute load average before and after;
3. checks, in this process: the codings in the database are those of the
   files (count, and every quote equal to its version's text at its
   offsets), the folded copies are filled, and the history holds an entry
   for each coding, version and source created.

``--sources N`` takes only the corpus's first N documents (and their
highlights), for a smaller load. ``--profile FILE`` runs the load under cProfile instead (slower; the figures
are then not the ones to report) and writes FILE (``.pstats``) and FILE.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    SOURCE_KEY,
    BenchError,
    database_choice,
    database_version,
    machine,
    read_corpus,
    setup_django,
)
from load_corpus import PARTNER_COUNTRY, recreate_database, slug  # noqa: E402


def _towns(partnership: str) -> tuple[str, str]:
    dutch, partner = (partnership.split("–") + [partnership])[:2]
    return dutch, partner


def _occurrence(text: str, start: int, end: int) -> int:
    """Which occurrence of its words a passage at ``start`` is (as the loader counts them)."""
    quote = text[start:end]
    count, index = 0, text.find(quote)
    while index != -1 and index <= start:
        count += 1
        index = text.find(quote, index + 1)
    return count


def partnership_document(corpus: dict[str, Any]) -> dict[str, Any]:
    names = sorted({doc["partnership"] for doc in corpus["documents"]})
    municipalities: dict[str, dict[str, Any]] = {}
    for name in names:
        for index, town in enumerate(_towns(name)):
            municipalities.setdefault(
                slug(town),
                {
                    "key": slug(town),
                    "name": town,
                    "country": "NL" if index == 0 else PARTNER_COUNTRY.get(town, "XX"),
                },
            )
    return {
        "format": "mutuality/1",
        "municipalities": list(municipalities.values()),
        "partnerships": [
            {"key": slug(name), "name": name, "municipalities": [slug(town) for town in _towns(name)]}
            for name in names
        ],
    }


def code_records(corpus: dict[str, Any]) -> list[dict[str, Any]]:
    """The codebook as researchers' codes, each parent before its children."""
    descriptions = {entry["path"]: entry.get("description", "") for entry in corpus["codebook"]}
    paths: set[str] = set()
    for path in descriptions:
        parts = path.split("/")
        paths.update("/".join(parts[: depth + 1]) for depth in range(len(parts)))
    ordered = sorted(paths, key=lambda p: (p.count("/"), p))
    return [
        {"path": " / ".join(p.split("/")), "description": descriptions.get(p, ""), "colour": "#8fbfa8"}
        for p in ordered
    ]


def respondent_key(corpus: dict[str, Any]) -> dict[str, str]:
    roles = sorted({doc["respondent_role"] for doc in corpus["documents"]})
    return {role: f"bench-r{number:02d}" for number, role in enumerate(roles, 1)}


def source_records(corpus: dict[str, Any], counts: dict[str, int]) -> Iterator[dict[str, Any]]:
    by_document: dict[int, list[tuple[int, int, str, str]]] = {}
    for doc_index, start, end, tags, coder in corpus["highlights"]:
        for tag in tags:
            by_document.setdefault(doc_index, []).append((start, end, " / ".join(tag.split("/")), coder))
    respondents = respondent_key(corpus)
    for index, doc in enumerate(corpus["documents"]):
        text = doc["text"]
        dutch, partner = _towns(doc["partnership"])
        side = slug(dutch if doc["side"] == "dutch" else partner)
        rows = sorted(set(by_document.get(index, [])))
        counts["repeated highlights left out"] += len(by_document.get(index, [])) - len(rows)
        counts["codings"] += len(rows)
        yield {
            "key": SOURCE_KEY.format(index + 1),
            "title": doc["name"],
            "kind": "interview",
            "partnerships": [slug(doc["partnership"])],
            "side": side,
            "date": None,
            "language": doc.get("language", ""),
            "respondent": respondents[doc["respondent_role"]],
            "confidential": True,
            "text": text,
            "source": "",
            "codings": [
                {
                    "quote": text[start:end],
                    "occurrence": _occurrence(text, start, end),
                    "code": code,
                    "assessment": "",
                    "role": "",
                    "side": None,
                    "country": "",
                    "projects": [],
                    "memo": "",
                    "coder": coder,
                }
                for start, end, code, coder in rows
            ],
        }


def write_files(corpus: dict[str, Any], folder: Path, per_file: int) -> tuple[list[Path], dict[str, int]]:
    """Write the partnership file and the evidence files; their paths in load order, and counts."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("evidence-*.json"):
        old.unlink()
    counts = {"codings": 0, "repeated highlights left out": 0, "sources": 0, "bytes": 0}

    def dump(path: Path, document: dict[str, Any]) -> Path:
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        counts["bytes"] += path.stat().st_size
        return path

    files = [dump(folder / "partnerships.json", partnership_document(corpus))]
    respondents = [
        {
            "key": key,
            "label": key.removeprefix("bench-").upper(),
            "role": role,
            "organisation_type": "",
            "partnership": None,
            "side": None,
            "country": "",
            "source": "",
        }
        for role, key in respondent_key(corpus).items()
    ]
    batch: list[dict[str, Any]] = []
    number = 0
    for source in source_records(corpus, counts):
        batch.append(source)
        counts["sources"] += 1
        if len(batch) == per_file:
            number += 1
            first = number == 1
            files.append(
                dump(
                    folder / f"evidence-{number:02d}.json",
                    {
                        "format": "mutuality/1",
                        "codes": code_records(corpus) if first else [],
                        "respondents": respondents if first else [],
                        "sources": batch,
                    },
                )
            )
            batch = []
    if batch or number == 0:
        number += 1
        files.append(
            dump(
                folder / f"evidence-{number:02d}.json",
                {
                    "format": "mutuality/1",
                    "codes": code_records(corpus) if number == 1 else [],
                    "respondents": respondents if number == 1 else [],
                    "sources": batch,
                },
            )
        )
    counts["files"] = len(files)
    return files, counts


def run_process(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall and CPU seconds, peak RSS (MiB), exit status and output of a child process."""
    with tempfile.TemporaryFile() as out:
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "status": os.waitstatus_to_exitcode(status),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "output": text.strip()[-3000:],
    }


def check_database(expected_codings: int, sources: int) -> dict[str, Any]:
    """What the load wrote: codings, folded copies, quotes at their offsets, history entries."""
    from django.db.models import F
    from django.db.models.functions import Length

    from mutuality.evidence.models import Coding, Source, SourceVersion
    from mutuality.history.models import Change

    found: dict[str, Any] = {
        "codings": Coding.objects.count(),
        "sources": Source.objects.count(),
        "versions": SourceVersion.objects.count(),
        "codings without folded_quote": Coding.objects.filter(folded_quote="").count(),
        "versions without folded_text": SourceVersion.objects.filter(folded_text="").count(),
        "codings with quote length != end - start": Coding.objects.annotate(n=Length("quote"))
        .exclude(n=F("end") - F("start"))
        .count(),
        "history: codings created": Change.objects.filter(model="evidence.coding", action="created").count(),
        "history: versions created": Change.objects.filter(
            model="evidence.sourceversion", action="created"
        ).count(),
        "history: sources created": Change.objects.filter(model="evidence.source", action="created").count(),
    }
    wrong = 0
    for version in SourceVersion.objects.only("text").iterator(chunk_size=50):
        text = version.text
        for start, end, quote in Coding.objects.filter(version=version).values_list("start", "end", "quote"):
            wrong += text[start:end] != quote
    found["codings whose quote is not the text at their offsets"] = wrong
    problems = [
        name
        for name, ok in (
            ("codings", found["codings"] == expected_codings),
            ("sources", found["sources"] == sources),
            ("folded quotes", found["codings without folded_quote"] == 0),
            ("folded texts", found["versions without folded_text"] == 0),
            ("quotes", wrong == 0 and found["codings with quote length != end - start"] == 0),
            ("history of codings", found["history: codings created"] == expected_codings),
            ("history of versions", found["history: versions created"] == sources),
            ("history of sources", found["history: sources created"] == sources),
        )
        if not ok
    ]
    found["problems"] = problems
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="a qda-bench-corpus/1 JSON file (from make_corpus.py)")
    parser.add_argument("--files", required=True, help="folder to write the data files to")
    parser.add_argument(
        "--sources-per-file",
        type=int,
        default=250,
        help="sources in each evidence file (default 250: four files of about 37 MB for the large corpus, "
        "under the loader's limit of 50 MB a file)",
    )
    parser.add_argument(
        "--sources",
        type=int,
        help="only the corpus's first N documents and their highlights (a smaller load)",
    )
    parser.add_argument("--write-only", action="store_true", help="write the files, load nothing")
    parser.add_argument("--no-check", action="store_true", help="skip the checks of the loaded database")
    parser.add_argument("--profile", help="run the load under cProfile and write the profile here")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    kind = None if args.write_only else database_choice()
    started = time.perf_counter()
    corpus = read_corpus(args.corpus)
    if args.sources:
        corpus["documents"] = corpus["documents"][: args.sources]
        corpus["highlights"] = [h for h in corpus["highlights"] if h[0] < args.sources]
    files, counts = write_files(corpus, Path(args.files), args.sources_per_file)
    del corpus
    print(
        f"wrote {counts['files']} files ({counts['bytes'] / 1e6:.1f} MB: {counts['sources']:,} sources, "
        f"{counts['codings']:,} codings; {counts['repeated highlights left out']} repeated highlights "
        f"left out) to {args.files} in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    if args.write_only:
        return 0
    assert kind is not None
    target = recreate_database(kind)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mutuality.settings"}
    tool = [sys.executable, "-m", "mutuality.cli"]
    migrate = run_process([*tool, "migrate"], env)
    if migrate["status"]:
        raise BenchError(f"mutuality migrate failed:\n{migrate['output']}")
    command = [*tool, "load", *map(str, files)]
    if args.profile:
        command = [sys.executable, "-m", "cProfile", "-o", args.profile, "-m", "mutuality.cli", "load"]
        command += list(map(str, files))
    print(f"loading into {target}: {' '.join(command[1:])}", flush=True)
    load = run_process(command, env)
    print(
        f"  mutuality load: {load['seconds']:.1f} s wall, {load['cpu_seconds']:.1f} s CPU, "
        f"peak RSS {load['peak_rss_mib']:.0f} MiB, exit status {load['status']}; load average "
        f"{load['load_average_before']:.2f} before, {load['load_average_after']:.2f} after",
        flush=True,
    )
    print("  " + load["output"].replace("\n", "\n  "), flush=True)
    result: dict[str, Any] = {
        "corpus": args.corpus,
        "files": counts,
        "migrate": {k: v for k, v in migrate.items() if k != "output"},
        "load": load,
        "machine": machine(),
    }
    setup_django()
    result["database"] = database_version()
    if args.profile:
        import pstats

        with open(args.profile + ".txt", "w", encoding="utf-8") as stream:
            pstats.Stats(args.profile, stream=stream).sort_stats("cumulative").print_stats(80)
    if not args.no_check and load["status"] == 0:
        result["check"] = check_database(counts["codings"], counts["sources"])
        for name, value in result["check"].items():
            print(f"  {name}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    failed = load["status"] != 0 or bool(result.get("check", {}).get("problems"))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
