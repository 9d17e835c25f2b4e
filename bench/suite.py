"""How long the README's test command takes on a fresh clone, as a new contributor (and CI) runs it.

Clones the repository (a commit of it) into a new folder, runs the README's test command there —
venv, install and the whole suite, exactly as written in the README's ``test-command`` block —
on SQLite, and then again on PostgreSQL in the same clone (as ``.ci/run`` does), and prints per
pass the wall time, the tests counted, the machine's load before and after, and the slowest
tests. Browser tests are required (``MUTUALITY_REQUIRE_BROWSER=1``), as in CI.

    python3 bench/suite.py                        # HEAD of this checkout
    python3 bench/suite.py --commit a57d67b       # an older commit, for the figures before
    python3 bench/suite.py --json /tmp/suite.json --passes sqlite

Standard library only, so it runs before anything is installed. Figures go in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def readme_command(readme: str, marker: str) -> str:
    """The shell command in the README block after ``<!-- marker-command -->`` (as .ci/run reads it)."""
    found = re.search(rf"<!-- {marker}-command -->\s*```\w*\n(.*?)```", readme, re.DOTALL)
    if found is None:
        raise SystemExit(f"bench: the README has no {marker}-command block")
    return found.group(1).strip()


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_pass(clone: Path, command: str, database_url: str | None, log: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_ADDOPTS")}
    env["MUTUALITY_REQUIRE_BROWSER"] = "1"
    env["PYTEST_ADDOPTS"] = "--durations=20"
    if database_url:
        env["DATABASE_URL"] = database_url
    before = load()
    started = time.monotonic()
    with log.open("w") as output:
        done = subprocess.run(
            ["bash", "-c", command], cwd=clone, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    wall = time.monotonic() - started
    text = log.read_text(errors="replace")
    summary = re.findall(r"^=+ (.*\d+ passed.*?) =+$", text, re.MULTILINE)
    slowest = re.findall(r"^(\d+\.\d+s (?:call|setup|teardown) .*)$", text, re.MULTILINE)[:20]
    return {
        "database": "postgresql" if database_url else "sqlite",
        "exit": done.returncode,
        "wall_s": round(wall, 1),
        "summary": summary[-1] if summary else None,
        "load_before": before,
        "load_after": load(),
        "slowest": slowest,
        "log": str(log),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default="HEAD", help="commit of this repository to clone (default HEAD)")
    parser.add_argument("--passes", default="sqlite,postgresql", help="sqlite, postgresql or both (default)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    options = parser.parse_args()

    commit = subprocess.run(
        ["git", "rev-parse", "--short", options.commit], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="mutuality-suite-"))
    clone = folder / "mutuality"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", commit], cwd=clone, check=True)
    command = readme_command((clone / "README.md").read_text(encoding="utf-8"), "test")
    print(f"commit {commit}; nproc {os.cpu_count()}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(f"command: {command}")
    results = []
    for name in options.passes.split(","):
        url = POSTGRES if name == "postgresql" else None
        result = run_pass(clone, command, url, folder / f"{name}.log")
        results.append(result)
        print(
            f"{name}: {result['wall_s']} s wall, exit {result['exit']}, {result['summary']}; "
            f"load {result['load_before']} -> {result['load_after']}"
        )
        for line in result["slowest"]:
            print(f"    {line}")
    if options.json:
        options.json.write_text(
            json.dumps({"commit": commit, "command": command, "passes": results}, indent=2)
        )
    if not options.keep:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"clone kept in {clone}")
    sys.exit(max(int(result["exit"]) for result in results))


if __name__ == "__main__":
    main()
