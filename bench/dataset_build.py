"""Time building the analysis' :class:`~mutuality.analysis.dataset.Dataset` from the data format alone.

    . .venv/bin/activate
    MUTUALITY_DATA_DIR=/tmp/mutuality-prog-1 python bench/gen_programme.py
    MUTUALITY_DATA_DIR=/tmp/mutuality-prog-1 python bench/dataset_build.py --cache /tmp/prog-1.pickle
    python bench/dataset_build.py --cache /tmp/prog-1.pickle --repeat 5

The programme benchmark (``run_reports.py``) times the whole report; this one
times only ``Dataset.from_document(document, evidence)``, the step a notebook
or a script runs after loading an export, with the garbage collector as the
caller left it (enabled). The first call reads the partnership data and the
evidence from the database (``datasets.load_document`` and
``load_evidence``) and keeps them in ``--cache`` (a pickle: bench-only, never
read by the app); later calls need neither Django nor a database. Each timed
call starts after a full collection, so the calls start alike. Prints one
JSON line: wall and CPU seconds of every call, their medians, the counts and
the file of the dataset module used (to tell ``PYTHONPATH`` variants apart).
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def read(cache: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    if cache.exists():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    from _common import database_choice, setup_django

    database_choice()
    setup_django()
    from mutuality.datasets import load_document, load_evidence

    pair = (load_document(), load_evidence())
    with cache.open("wb") as handle:
        pickle.dump(pair, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return pair


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", required=True, help="pickle of (document, evidence); written when absent")
    parser.add_argument("--repeat", type=int, default=5, help="timed builds in this process")
    args = parser.parse_args(argv)
    document, evidence = read(Path(args.cache))

    from mutuality.analysis import dataset as module

    walls, cpus = [], []
    built = None
    for _ in range(args.repeat):
        built = None
        gc.collect()
        t, cpu = time.perf_counter(), time.process_time()
        built = module.Dataset.from_document(document, evidence)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - cpu)
    assert built is not None
    print(
        json.dumps(
            {
                "module": module.__file__,
                "gc_enabled_after": gc.isenabled(),
                "exchanges": len(built.exchanges),
                "learning_outcomes": len(built.learning_outcomes),
                "codings": len(built.codings),
                "wall": walls,
                "cpu": cpus,
                "wall_median": statistics.median(walls),
                "cpu_median": statistics.median(cpus),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
