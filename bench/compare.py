"""Put several ``bench/run.py --json`` results side by side, with how each figure grows.

    python bench/compare.py small=/tmp/run-small.json medium=/tmp/run-medium.json large=/tmp/run-large.json

Prints a Markdown table: for every operation the cold and warm (p50) time on
each run, and the ratio of each run's warm time to the previous run's, next
to the ratio of their coding counts (medium → large is about ×2 codings).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:,.1f} ms" if value < 10 else f"{value:,.1f} s"


def figure(result: dict[str, Any] | None, key: str) -> float | None:
    if not result or "error" in result:
        return None
    if key == "cold":
        return result["cold"]
    if key == "every page":
        return result["all_pages"]["p50"] if "all_pages" in result else None
    return result["warm"][key]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    runs: list[tuple[str, dict[str, Any]]] = []
    for item in argv:
        label, _, path = item.rpartition("=")
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        runs.append((label or Path(path).stem, data))
    ops: list[str] = []
    for _, data in runs:
        ops += [op for op in data["results"] if op not in ops]

    head = ["operation", "figure"] + [
        f"{label} ({data['counts']['codings']:,} codings)" for label, data in runs
    ]
    head += [f"{b} / {a}" for (a, _), (b, _) in zip(runs, runs[1:], strict=False)]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for op in ops:
        keys = ["cold", "p50", "p95"] + (["every page"] if op == "passages" else [])
        for key in keys:
            values = [figure(data["results"].get(op), key) for _, data in runs]
            row = [op if key == "cold" else "", key] + [seconds(v) for v in values]
            for (a_value, (_, a)), (b_value, (_, b)) in zip(
                zip(values, runs, strict=True), zip(values[1:], runs[1:], strict=False), strict=False
            ):
                codings = b["counts"]["codings"] / a["counts"]["codings"]
                row.append(
                    f"×{b_value / a_value:.2f} (codings ×{codings:.2f})" if a_value and b_value else "–"
                )
            print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
