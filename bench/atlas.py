"""The atlas of twinning networks (issue 20) measured: import, network figures, discovery, map.

    . .venv/bin/activate
    python bench/atlas.py real --json /tmp/atlas-real.json
    python bench/atlas.py synthetic --links 100000 250000 1000000 --json /tmp/atlas-synthetic.json

``real`` works on the files in /work/shared/data/twinning (README there). For each of three
registers — Wikidata's list alone (8,182 rows), Wikipedia's list alone (25,917 rows), and both
lists with UN DESA's migrant stocks — it makes a new SQLite data folder, creates its tables, then
times ``mutuality atlas import`` as a new process (wall seconds and the process's peak resident
memory, from ``wait4``). In the register of both lists it then times, in this process: reading the
world's network (``atlas.network.graph_data``) and its figures (``analysis.network.figures``), a
country's and a pair's; the discovery list for Zeist and Nijmegen; and the atlas page of the
Netherlands and of the world as the web serves them (Django's test client, an administrator, the
page's whole HTML with its map; the first request of each, which works out the figures the
process then keeps until the register changes, is reported apart). Each is repeated (``--repeat``, after one warm-up) and the median
reported. KONECT's "twin" network (20,573 links, integer ids only) is read as edges for the
figures alone, as a fourth size.

``synthetic`` estimates the million links of every municipality of the world: it writes a
twin-town list of N links between made-up cities placed at jittered positions of the real cities
(same countries, so the country reading and the map do the same work) and joined by preferential
attachment (a few hubs with many partners, half the cities with one or two, as the real lists),
imports it into a new data folder, and times the world's figures and one discovery on it.

Nothing here asserts a time: the figures go to bench/RESULTS.md with the machine's load.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, summary  # noqa: E402

DATA = Path("/work/shared/data/twinning")
WIKIPEDIA = DATA / "hekman_twin_cities_geocoded.csv"
WIKIDATA = DATA / "wikidata_p190_sister_cities_2022_edges.csv"
STOCKS = DATA / "undesa_2019_migrant_stock_origin_destination_long.csv"
KONECT = DATA / "konect_twin_out.twin"
MUTUALITY = Path(sys.executable).with_name("mutuality")


def run_measured(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall seconds and peak resident MiB of one command run as its own process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    return {"seconds": round(wall, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1)}


def new_register(
    files: list[Path], root: Path, name: str, demo: bool = False
) -> tuple[Path, dict[str, float]]:
    """A new data folder with its tables (and the case studies, if ``demo``), then the timed import."""
    folder = root / name
    folder.mkdir()
    env = {**os.environ, "MUTUALITY_DATA_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    first = "load-demo" if demo else "migrate"
    subprocess.run([str(MUTUALITY), first], env=env, check=True, capture_output=True)
    measured = run_measured([str(MUTUALITY), "atlas", "import", *map(str, files)], env)
    return folder, measured


def timed(action: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Median and spread of ``repeat`` runs of ``action`` after one warm-up, in milliseconds."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return {key: round(value, 1) for key, value in summary(times).items()}


def in_register(folder: Path) -> None:
    """Set Django up on the register in ``folder`` (once per process)."""
    os.environ["MUTUALITY_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
    import django

    django.setup()


def network_timings(repeat: int) -> dict[str, Any]:
    from mutuality.analysis.network import Scope, figures
    from mutuality.atlas.network import graph_data

    found: dict[str, Any] = {}
    for text in ("world", "NL", "NL-MA", "TR"):
        scope = Scope.parse(text)
        data = graph_data(scope)
        found[text] = {
            "cities": len(data.cities),
            "links": len(data.links),
            "read_ms": timed(lambda scope=scope: graph_data(scope), repeat),
            "figures_ms": timed(lambda data=data: figures(data), repeat),
        }
    return found


def konect_figures(repeat: int) -> dict[str, Any]:
    """KONECT's 20,573 links as bare edges: the figures alone, no coordinates, no countries."""
    from mutuality.analysis.network import NetworkCity, NetworkData, figures

    links = []
    for line in KONECT.read_text(encoding="utf-8").splitlines():
        if line.startswith("%") or not line.strip():
            continue
        one, two = (int(value) for value in line.split()[:2])
        if one != two:
            links.append((min(one, two), max(one, two)))
    unique = sorted(set(links))
    ids = sorted({city for link in unique for city in link})
    data = NetworkData(tuple(NetworkCity(i, str(i)) for i in ids), tuple(unique))
    return {"cities": len(ids), "links": len(unique), "figures_ms": timed(lambda: figures(data), repeat)}


def discovery_timings(repeat: int, keys: tuple[str, ...] = ("zeist", "nijmegen")) -> dict[str, Any]:
    from mutuality.atlas.discovery import discover_partners
    from mutuality.partnerships.models import Municipality

    found: dict[str, Any] = {}
    for key in keys:
        municipality = Municipality.objects.filter(key=key).first()
        if municipality is None:
            continue
        result = discover_partners(municipality)
        found[key] = {
            "candidates": len(result.candidates),
            "first": [f"{c.place.name} ({c.place.country})" for c in result.candidates[:5]],
            "ms": timed(lambda municipality=municipality: discover_partners(municipality), repeat),
        }
    return found


def page_timings(repeat: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-atlas", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    found: dict[str, Any] = {}
    for label, url in (
        ("Netherlands", "/atlas/?country=NL"),
        ("Germany (the most links)", "/atlas/?country=DE"),
        ("world", "/atlas/"),
    ):
        started = time.perf_counter()
        response = client.get(url)
        first = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
        found[label] = {
            "bytes": len(response.content),
            "first_ms": round(first, 1),
            "ms": timed(lambda url=url: client.get(url).content, repeat),
        }
    return found


def real(arguments: argparse.Namespace) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    imports = {}
    for name, files in (
        ("wikidata", [WIKIDATA]),
        ("wikipedia", [WIKIPEDIA]),
        ("both_and_stocks", [WIKIPEDIA, WIKIDATA, STOCKS]),
    ):
        folder, measured = new_register(files, root, name, demo=name == "both_and_stocks")
        imports[name] = measured
        print(name, measured, file=sys.stderr)
    # Figures per size: each register in a process of its own (Django is set up once a process).
    sizes = {}
    for name in ("wikidata", "wikipedia"):
        script = (
            "import json, sys; sys.path.insert(0, 'bench'); import atlas; "
            f"atlas.in_register(atlas.Path({str(root / name)!r})); "
            f"print(json.dumps(atlas.network_timings({arguments.repeat})['world']))"
        )
        out = subprocess.run(
            [sys.executable, "-c", script],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
        sizes[name] = json.loads(out.stdout.strip().splitlines()[-1])
    in_register(root / "both_and_stocks")
    return {
        "machine": machine(),
        "load_before": os.getloadavg(),
        "import": imports,
        "figures_by_size": {**sizes, "konect": konect_figures(arguments.repeat)},
        "network": network_timings(arguments.repeat),
        "discovery": discovery_timings(arguments.repeat),
        "pages": page_timings(arguments.repeat),
        "load_after": os.getloadavg(),
    }


def write_synthetic(path: Path, links: int, seed: int = 20) -> None:
    """A twin-town list of ``links`` rows between made-up cities near real ones, preferentially attached."""
    rng = random.Random(seed)
    with WIKIPEDIA.open(encoding="utf-8") as stream:
        real_cities = [
            (row["city1"], row["country1"], float(row["lat1"]), float(row["lng1"]))
            for row in csv.DictReader(stream)
            if row["lat1"] and row["lng1"] and row["country1"]
        ]
    cities = max(3, links // 2)
    made = []
    for number in range(cities):
        name, country, lat, lon = rng.choice(real_cities)
        made.append(
            (
                f"{name} {number}",
                country,
                max(-90.0, min(90.0, lat + rng.uniform(-1, 1))),
                max(-180.0, min(180.0, lon + rng.uniform(-1, 1))),
            )
        )
    # Preferential attachment: a new city links to ends of earlier links (so to hubs more often).
    ends = [0, 1]
    pairs = {(0, 1)}
    city = 2
    while len(pairs) < links:
        if city < cities:
            new, other = city, rng.choice(ends)
            city += 1
        else:
            new, other = rng.choice(ends), rng.choice(ends)
        if new == other:
            continue
        pair = (min(new, other), max(new, other))
        if pair in pairs:
            continue
        pairs.add(pair)
        ends.extend(pair)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"])
        for one, two in pairs:
            a, b = made[one], made[two]
            writer.writerow(
                [a[0], a[1], f"{a[2]:.4f}", f"{a[3]:.4f}", b[0], b[1], f"{b[2]:.4f}", f"{b[3]:.4f}"]
            )


def synthetic(arguments: argparse.Namespace) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="atlas-synthetic-"))
    found: dict[str, Any] = {"machine": machine(), "load_before": os.getloadavg(), "sizes": {}}
    for links in arguments.links:
        path = root / f"synthetic-{links}.csv"
        write_synthetic(path, links)
        folder, measured = new_register([path], root, f"register-{links}")
        script = (
            "import json, sys, time; sys.path.insert(0, 'bench'); import atlas; "
            f"atlas.in_register(atlas.Path({str(folder)!r})); "
            "from mutuality.analysis.network import Scope, figures; "
            "from mutuality.atlas.network import graph_data; "
            "t = time.perf_counter(); data = graph_data(Scope('world')); r = time.perf_counter() - t; "
            "t = time.perf_counter(); f = figures(data); s = time.perf_counter() - t; "
            "print(json.dumps({'read_s': round(r, 2), 'figures_s': round(s, 2), "
            "'cities': f.cities, 'links': f.links}))"
        )
        out = subprocess.run(
            [sys.executable, "-c", script],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
        found["sizes"][links] = {"import": measured, "world": json.loads(out.stdout.strip().splitlines()[-1])}
        print(links, found["sizes"][links], file=sys.stderr)
    found["load_after"] = os.getloadavg()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("real", help="the real lists: import, figures, discovery, pages")
    one.add_argument("--repeat", type=int, default=5)
    one.add_argument("--json", type=Path)
    two = commands.add_parser("synthetic", help="made-up lists of N links: import and world figures")
    two.add_argument("--links", type=int, nargs="+", default=[100_000, 250_000])
    two.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    result = real(arguments) if arguments.command == "real" else synthetic(arguments)
    text = json.dumps(result, indent=2, default=str)
    if arguments.json:
        arguments.json.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
