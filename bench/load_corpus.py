"""Load a qda-bench-corpus/1 file into a fresh Mutuality database and time the load.

    . .venv/bin/activate
    python3 /work/shared/bench/make_corpus.py --docs 50 --highlights 5000 --out /tmp/corpus-small.json
    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-small python bench/load_corpus.py /tmp/corpus-small.json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mutuality_bench python bench/load_corpus.py /tmp/corpus-large.json

The database is always started afresh: the SQLite file in MUTUALITY_DATA_DIR
is deleted, or the PostgreSQL database named in DATABASE_URL is dropped and
created again (only when its name contains "bench", so a real database is
never dropped by mistake). Then:

* migrate (which also creates the framework codebook, as in every install);
* per corpus ``partnership`` ("Zeist–Berkane") one Partnership with two
  Municipality/Side rows, the ``side`` "dutch" being the first name and
  "partner" the second;
* one Respondent per ``respondent_role``;
* one Source per document (key ``bench-doc-00001`` for document 0, title
  the document's name, its side, respondent and language) with one
  SourceVersion holding ``versions.normalise(text)`` (the loader stops if
  normalising changes a text, since the corpus offsets would then be off);
* the codebook paths as researchers' codes, ``dimension/trust`` becoming the
  code "trust" under a top-level code "dimension";
* users ``coder_a`` and ``coder_b``, researchers of every partnership, and one Coding per highlight and code
  path, with ``quote = text[start:end]``.

Rows are written with ``bulk_create`` (the app's own one-by-one paths would
time the ORM's per-row overhead, not the data). On PostgreSQL the loader then
runs ANALYZE, as autovacuum would within a minute of such a load; on SQLite
nothing runs ANALYZE, as in the app.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
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
    peak_rss_mib,
    read_corpus,
    setup_django,
)

BATCH = 5000

# Country of the partner municipality (the Dutch side is NL); unknown names get "XX".
PARTNER_COUNTRY = {
    "Berkane": "MA",
    "Nador": "MA",
    "Meknès": "MA",
    "Oujda": "MA",
    "İzmir": "TR",
    "Eskişehir": "TR",
    "Kadıköy": "TR",
    "Şanlıurfa": "TR",
}


def recreate_database(kind: str) -> str:
    """Delete the SQLite file or drop and create the PostgreSQL database; say which."""
    if kind == "sqlite":
        folder = Path(os.environ["MUTUALITY_DATA_DIR"]).expanduser().resolve()
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            (folder / f"mutuality.sqlite3{suffix}").unlink(missing_ok=True)
        return f"SQLite file {folder / 'mutuality.sqlite3'} (created afresh)"

    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = config["NAME"]
    if "bench" not in name:
        raise BenchError(
            f"refusing to drop PostgreSQL database {name!r}: the bench only recreates a database "
            "whose name contains 'bench' (e.g. createdb -h 127.0.0.1 -U postgres mutuality_bench)"
        )
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"PostgreSQL database {name} on {config.get('HOST') or 'localhost'} (dropped and created)"


def slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text.replace("–", " ")) or "x"


def load(corpus: dict[str, Any]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.analysis.folding import fold_text
    from mutuality.evidence.models import PALETTE, Code, Coding, Respondent, Source, SourceVersion
    from mutuality.evidence.versions import normalise
    from mutuality.partnerships.models import Municipality, Partnership, Side

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    documents = corpus["documents"]

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate (with framework codebook)"] = time.perf_counter() - started

    load_started = time.perf_counter()
    with transaction.atomic():
        # Partnerships, municipalities, sides, respondents, users.
        step = time.perf_counter()
        names = sorted({doc["partnership"] for doc in documents})
        municipalities: dict[str, Municipality] = {}
        for name in names:
            for index, town in enumerate(name.split("–")):
                if town not in municipalities:
                    municipalities[town] = Municipality(
                        key=slug(town),
                        name=town,
                        country="NL" if index == 0 else PARTNER_COUNTRY.get(town, "XX"),
                    )
        Municipality.objects.bulk_create(municipalities.values())
        partnerships = {name: Partnership(key=slug(name), name=name) for name in names}
        Partnership.objects.bulk_create(partnerships.values())
        sides: dict[tuple[str, str], Side] = {}
        for name, partnership in partnerships.items():
            dutch, partner = (name.split("–") + [name])[:2]
            sides[name, "dutch"] = Side(
                partnership=partnership, municipality=municipalities[dutch], position=0
            )
            sides[name, "partner"] = Side(
                partnership=partnership, municipality=municipalities[partner], position=1
            )
        Side.objects.bulk_create(sides.values())
        roles = sorted({doc["respondent_role"] for doc in documents})
        respondents = {
            role: Respondent(key=f"bench-r{number:02d}", label=f"R{number:02d}", role=role)
            for number, role in enumerate(roles, 1)
        }
        Respondent.objects.bulk_create(respondents.values())
        users = {}
        for username in corpus.get("coders", ["coder_a", "coder_b"]):
            user = get_user_model()(username=username)
            user.set_unusable_password()
            users[username] = user
        get_user_model().objects.bulk_create(users.values())
        users = {u.username: u for u in get_user_model().objects.filter(username__in=list(users))}
        # Both coders research every partnership, so the pages answer through the access rules
        # (mutuality.accounts.access) as a researcher's would, not through the administrator's shortcut.
        Membership.objects.bulk_create(
            Membership(user=user, partnership=partnership, role=Role.RESEARCHER)
            for user in users.values()
            for partnership in Partnership.objects.all()
        )
        timings["partnerships, sides, respondents, users"] = time.perf_counter() - step
        counts.update(partnerships=len(partnerships), sides=len(sides), respondents=len(respondents))

        # Sources and their one version each.
        step = time.perf_counter()
        texts: list[str] = []
        for index, doc in enumerate(documents):
            text = normalise(doc["text"])
            if text != doc["text"]:
                raise BenchError(
                    f"document {index} ({doc['name']}) changes under versions.normalise (NFC, newlines); "
                    "its code-point offsets would no longer fit the stored text"
                )
            texts.append(text)
        sources = [
            Source(
                key=SOURCE_KEY.format(index + 1),
                title=doc["name"],
                kind="interview",
                side=sides[doc["partnership"], doc["side"]],
                language=doc.get("language", ""),
                respondent=respondents[doc["respondent_role"]],
            )
            for index, doc in enumerate(documents)
        ]
        Source.objects.bulk_create(sources, batch_size=BATCH)
        Source.partnerships.through.objects.bulk_create(
            [
                Source.partnerships.through(
                    source_id=source.pk, partnership_id=partnerships[doc["partnership"]].pk
                )
                for source, doc in zip(sources, documents, strict=True)
            ],
            batch_size=BATCH,
        )
        versions = []
        for source, text, doc in zip(sources, texts, documents, strict=True):
            sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if doc.get("sha256") and doc["sha256"] != sha256:
                raise BenchError(f"document {doc['name']}: text does not match its sha256 in the corpus")
            versions.append(
                SourceVersion(
                    source=source,
                    number=1,
                    text=text,
                    sha256=sha256,
                    folded_text=fold_text(text),  # as the app folds it on save (bulk_create sends no signal)
                    format="text",
                )
            )
        SourceVersion.objects.bulk_create(versions, batch_size=200)
        timings["sources + versions"] = time.perf_counter() - step
        counts.update(sources=len(sources), characters=sum(len(text) for text in texts))

        # The codebook as researchers' codes.
        step = time.perf_counter()
        codes: dict[str, Code] = {}
        paths = [entry["path"] for entry in corpus["codebook"]]
        descriptions = {entry["path"]: entry.get("description", "") for entry in corpus["codebook"]}
        depth = 0
        while True:
            level = sorted({"/".join(p.split("/")[: depth + 1]) for p in paths if p.count("/") >= depth})
            level = [p for p in level if p not in codes]
            if not level:
                break
            # Each code its colour, as saving one gives it (bulk_create runs no save): the
            # palette in turn among siblings, so the workbench draws what a real project shows.
            created = [
                Code(
                    name=p.rsplit("/", 1)[-1],
                    parent=codes[p.rsplit("/", 1)[0]] if "/" in p else None,
                    description=descriptions.get(p, ""),
                    colour=PALETTE[index % len(PALETTE)],
                )
                for index, p in enumerate(level)
            ]
            Code.objects.bulk_create(created)
            codes.update(zip(level, created, strict=True))
            depth += 1
        timings["codes"] = time.perf_counter() - step
        counts["codes (researcher)"] = len(codes)

        # Codings, one per highlight and code path.
        step = time.perf_counter()

        def codings() -> Iterator[Coding]:
            for doc_index, start, end, tags, coder in corpus["highlights"]:
                text = texts[doc_index]
                for tag in tags:
                    yield Coding(
                        version=versions[doc_index],
                        start=start,
                        end=end,
                        quote=text[start:end],
                        folded_quote=fold_text(text[start:end]),
                        code=codes[tag],
                        coder=users[coder],
                    )

        total = 0
        batch: list[Coding] = []
        for coding in codings():
            batch.append(coding)
            if len(batch) >= 20_000:
                Coding.objects.bulk_create(batch, batch_size=BATCH)
                total += len(batch)
                batch = []
        Coding.objects.bulk_create(batch, batch_size=BATCH)
        total += len(batch)
        timings["codings"] = time.perf_counter() - step
        counts["codings"] = total
        counts["highlights"] = len(corpus["highlights"])
        step = time.perf_counter()
    timings["commit"] = time.perf_counter() - step
    timings["load total (without migrate)"] = time.perf_counter() - load_started

    # The planner's statistics, as `mutuality load` leaves them (SQLite has none until analysed).
    from mutuality.evidence.bulk import refresh_statistics

    step = time.perf_counter()
    refresh_statistics()
    timings["statistics (ANALYZE)"] = time.perf_counter() - step
    return {"timings": timings, "counts": counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="a qda-bench-corpus/1 JSON file (from make_corpus.py)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    kind = database_choice()
    started = time.perf_counter()
    corpus = read_corpus(args.corpus)
    read_seconds = time.perf_counter() - started
    target = recreate_database(kind)
    setup_django()
    print(f"loading {args.corpus} ({corpus['params']}) into {target}", flush=True)
    result = load(corpus)
    result["timings"] = {"read corpus JSON": read_seconds, **result["timings"]}
    result.update(
        corpus={"path": args.corpus, "params": corpus["params"]},
        database=database_version(),
        machine=machine(),
        peak_rss_mib=round(peak_rss_mib(), 1),
    )
    width = max(len(name) for name in [*result["timings"], *result["counts"]])
    for name, seconds in result["timings"].items():
        print(f"  {name:<{width}}  {seconds:9.2f} s")
    for name, count in result["counts"].items():
        print(f"  {name:<{width}}  {count:>11,}")
    print(f"  {'peak RSS':<{width}}  {result['peak_rss_mib']:9.0f} MiB   ({result['database']})")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
