"""The workbench's server work counted in instructions, a figure the host's noise does not move.

    . .venv/bin/activate
    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-large python bench/instructions.py coding passages

On a shared 2-core host the time of the same request moved by a third from one run to the next
(bench/RESULTS.md, "A slower machine, and codings that wait"), too much to see a change of a tenth.
Valgrind's callgrind counts the instructions the processor carries out, whatever else runs beside it:
the same code, data and Python give the same count. Each kind of request is made in process
(Django's test client, signed in as ``coder_a``, as bench/workbench.py's pages are) ``--few`` times
and then ``--many`` times, each run under callgrind after the same start; the difference divided by
the difference in number is the count per request, the start (Python, Django, the first requests)
left out. Kinds:

* ``coding``: a coding POSTed as the workbench's script sends it (two words, the code trust), the
  answer its changed parts — on the source nearest 5,000 words, as bench/workbench.py;
* ``passages``: the first page of ``dimension/trust``'s passages;
* ``source``: that source's page; ``sources``: the sources list; ``codebook``: the codebook.

The codings it adds are removed again. Instructions are not time (a query that waits on the disk
costs few), so a change is timed in Chromium as well (bench/workbench.py); this tells whether the
server does less. About a minute and a half per kind.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import setup_django  # noqa: E402

KINDS = ("coding", "passages", "source", "sources", "codebook")
COLLECTED = re.compile(r"Collected : (\d+)")


def facts() -> dict[str, Any]:
    """bench/workbench.py's source (the nearest 5,000 words), trust's id, the newest coding's id."""
    from workbench import nearest_source

    from mutuality.evidence.models import Code, Coding

    return {
        "source": nearest_source()[0].key,
        "trust": Code.objects.get(name="trust", parent__name="dimension").pk,
        "newest": Coding.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }


def requests(kind: str, count: int, found: dict[str, Any]) -> None:
    """``count`` requests of ``kind`` after two alike, in this process (run under callgrind)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from mutuality.evidence.models import Coding, Source

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="coder_a"))
    pages = {
        "passages": f"/codes/{found['trust']}/passages/",
        "source": f"/sources/{found['source']}/",
        "sources": "/sources/",
        "codebook": "/codes/",
    }
    try:
        if kind == "coding":
            source = Source.objects.get(key=found["source"])
            assert source.current is not None
            words = [match.span() for match in re.finditer(r"\w+", source.current.text)]
            for index in range(2 + count):
                start, end = words[5 + 4 * index][0], words[6 + 4 * index][1]
                answer = client.post(
                    f"/sources/{source.key}/codings/",
                    {"start": start, "end": end, "codes": found["trust"]},
                    HTTP_HX_REQUEST="true",
                )
                assert answer.status_code == 200 and b'class="errors"' not in answer.content, answer.content[
                    :300
                ]
        else:
            for _ in range(2 + count):
                assert client.get(pages[kind]).status_code == 200
    finally:
        Coding.objects.filter(pk__gt=found["newest"]).delete()


def counted(kind: str, count: int, found: dict[str, Any]) -> int:
    """The instructions of a whole run of this script doing ``count`` requests of ``kind``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--run",
        kind,
        str(count),
        found["source"],
        str(found["trust"]),
        str(found["newest"]),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    match = COLLECTED.search(done.stderr)
    if done.returncode or match is None:
        raise SystemExit(f"bench: the run under callgrind failed:\n{done.stderr[-2000:]}")
    return int(match.group(1))


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--run"]:  # one run, under callgrind
        kind, count, source, trust, newest = arguments[1:6]
        setup_django()
        requests(kind, int(count), {"source": source, "trust": int(trust), "newest": int(newest)})
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kinds", nargs="+", choices=KINDS)
    parser.add_argument("--few", type=int, default=2, help="requests in the first run (default 2)")
    parser.add_argument("--many", type=int, default=7, help="requests in the second run (default 7)")
    args = parser.parse_args(arguments)
    if "MUTUALITY_DATA_DIR" not in os.environ and "DATABASE_URL" not in os.environ:
        parser.error("set MUTUALITY_DATA_DIR (or DATABASE_URL) to a database the corpus was loaded into")
    setup_django()
    found = facts()
    print(f"source {found['source']}; {args.few} and {args.many} requests of each kind under callgrind")
    for kind in args.kinds:
        per_request = (counted(kind, args.many, found) - counted(kind, args.few, found)) / (
            args.many - args.few
        )
        print(f"{kind:10} {per_request / 1e6:8.1f} million instructions per request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
