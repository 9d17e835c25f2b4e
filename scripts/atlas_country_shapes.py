"""Write the country shapes the atlas map is drawn from: ``src/mutuality/reports/data/countries_110m.json``.

    python scripts/atlas_country_shapes.py            # fetches the source wheel with pip, once
    python scripts/atlas_country_shapes.py WHEEL      # or reads a wheel already downloaded

Source: Natural Earth's 1:110 million "Admin 0 – Countries" (naturalearthdata.com), in the public
domain ("No permission is needed to use Natural Earth. Crediting the authors is unnecessary."), as
GeoPandas 0.14.4 shipped it on the package index (``geopandas/datasets/naturalearth_lowres``; later
versions dropped the file). The wheel is only read here, once: the app ships the small JSON this
writes and never installs GeoPandas, downloads a shape or asks a tile server.

What it writes, and why:

* one entry per country with its ISO 3166-1 alpha-2 code (Natural Earth gives alpha-3, "-99" for a
  few, which are read by name: France, Norway; Kosovo, Northern Cyprus and Somaliland have no code
  and keep their name only), its English name and its rings;
* coordinates as whole hundredths of a degree (about 1 km, far finer than a 1:110 million drawing),
  consecutive repeats dropped and rings simplified (Douglas–Peucker, 0.05°) — the file stays near
  100 KB, and a map of the world is still recognisably the world;
* Antarctica left out: no town on it is twinned, and without it the map is a third less tall.

The shapefile and its table are read with the standard library (``struct``): polygons (shape type
5) and dBase III fields, all this file needs.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "mutuality" / "reports" / "data" / "countries_110m.json"
WHEEL = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
TOLERANCE = 0.05  # degrees
#: Natural Earth's "-99": countries whose alpha-3 it leaves out, read by their name.
BY_NAME = {"France": "FR", "Norway": "NO"}


def read_dbf(data: bytes, encoding: str) -> list[dict[str, str]]:
    """The rows of a dBase III table, every field as stripped text."""
    records, header_size, record_size = struct.unpack("<xxxxIHH", data[:12])
    fields = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for index in range(records):
        start = header_size + index * record_size + 1  # after the deletion flag
        row = {}
        for name, size in fields:
            row[name] = data[start : start + size].decode(encoding).strip()
            start += size
        rows.append(row)
    return rows


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings as lists of (longitude, latitude)."""
    shapes = []
    offset = 100
    while offset < len(data):
        _number, length = struct.unpack(">ii", data[offset : offset + 8])
        content = data[offset + 8 : offset + 8 + 2 * length]
        offset += 8 + 2 * length
        kind = struct.unpack("<i", content[:4])[0]
        if kind == 0:
            shapes.append([])
            continue
        if kind != 5:
            raise ValueError(f"shape type {kind} is not a polygon")
        parts, points = struct.unpack("<ii", content[36:44])
        starts = list(struct.unpack(f"<{parts}i", content[44 : 44 + 4 * parts])) + [points]
        base = 44 + 4 * parts
        xy = struct.unpack(f"<{2 * points}d", content[base : base + 16 * points])
        shapes.append(
            [[(xy[2 * i], xy[2 * i + 1]) for i in range(starts[p], starts[p + 1])] for p in range(parts)]
        )
    return shapes


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker: the fewest points that stay within ``tolerance`` of the line."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    far, index = -1.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        if norm == 0:
            distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        else:
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
        if distance > far:
            far, index = distance, i
    if far <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def ring(points: list[tuple[float, float]]) -> list[int]:
    """A ring simplified, as flat whole hundredths of a degree, repeats dropped; [] if too small."""
    # A closed ring has its first point last too: simplify its two halves so both ends stay.
    half = len(points) // 2
    kept = simplify(points[: half + 1], TOLERANCE)[:-1] + simplify(points[half:], TOLERANCE)
    flat: list[int] = []
    last = None
    for x, y in kept:
        here = (round(x * 100), round(y * 100))
        if here != last:
            flat.extend(here)
            last = here
    return flat if len(flat) >= 8 else []


def alpha2(row: dict[str, str]) -> str:
    """The ISO 3166-1 alpha-2 code of a Natural Earth row ("" for a country without one)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
        django.setup()
    from django_countries import countries

    if row["name"] in BY_NAME:
        return BY_NAME[row["name"]]
    return countries.alpha2(row["iso_a3"]) or "" if row["iso_a3"] != "-99" else ""


def wheel_path(argument: list[str], folder: Path) -> Path:
    if argument:
        return Path(argument[0])
    subprocess.run(
        [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "--dest", str(folder)], check=True
    )
    return next(folder.glob("geopandas-*.whl"))


def main(argument: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(wheel_path(argument, Path(folder))) as wheel:
            # The table's encoding is named in its .cpg file ("ISO-8859-1": "Côte d'Ivoire").
            encoding = wheel.read(MEMBER + ".cpg").decode("ascii").strip()
            table = read_dbf(wheel.read(MEMBER + ".dbf"), encoding)
            shapes = read_shp(wheel.read(MEMBER + ".shp"))
    countries = []
    for row, rings in zip(table, shapes, strict=True):
        if row["name"] == "Antarctica":
            continue
        kept = [flat for flat in (ring(points) for points in rings) if flat]
        if kept:
            countries.append({"iso": alpha2(row), "name": row["name"], "rings": kept})
    countries.sort(key=lambda country: (country["iso"] or "~", country["name"]))
    data = {
        "source": "Natural Earth, 1:110m Admin 0 – Countries (public domain), as shipped in GeoPandas 0.14.4",
        "licence": "public domain (naturalearthdata.com/about/terms-of-use)",
        "generated_by": "scripts/atlas_country_shapes.py",
        "unit": "hundredths of a degree: rings are flat lists longitude, latitude, longitude, …",
        "countries": countries,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for country in countries for r in country["rings"])
    print(f"{OUT.relative_to(ROOT)}: {len(countries)} countries, {points} points, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
