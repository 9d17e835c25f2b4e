"""The atlas map and the corridor's trend, drawn as inline SVG in Python: offline, and the same on
screen, on paper and in a PDF.

The map needs no tile server, no web font and no script: the countries are Natural Earth's
1:110 million shapes (public domain), shipped with the package as a small JSON file written once by
``scripts/atlas_country_shapes.py`` (its source and licence are in the file and the script). They
are drawn in the Equal Earth projection (Šavrič, Patterson & Jenny, 2018), an equal-area projection
of a few lines: a country's drawn size is its real size, so Europe's dense twinning is not made to
look larger than it is, as on Mercator's map, and the world still looks like the world.

Like :mod:`mutuality.reports.charts` this module has no Django in it: it takes plain values and the
words to show (translated by the caller) and returns one ``<svg>`` element. Text is escaped.

Many links stay fast and small (the world has about 28,000, a country several hundred):

* every place is projected once, then every coordinate is put on a grid of the drawing (one unit in
  a drawing 1,000 units wide, so about 0.4° on a world map and finer when zoomed in), and links
  whose ends fall on the same grid points are drawn once;
* all links of one kind are one ``<path>`` (one arc a link: a quadratic curve bowed towards the
  pole, which is how great circles bend on this map), all dots one ``<path>`` of round-capped
  zero-length strokes, all countries one or two ``<path>``\\ s;
* countries wholly outside the frame are left out, and the projected shapes are kept per process.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from mutuality.reports.charts import BLUE, INK, LINE, MUTED, PAPER, VERMILLION, _text, esc, short

__all__ = [
    "Frame",
    "MapLink",
    "MapWords",
    "Place",
    "TrendWords",
    "atlas_map",
    "country_shapes",
    "equal_earth",
    "trend_chart",
]

WIDTH = 1000.0
# Equal Earth's constants (Šavrič, Patterson & Jenny 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
#: Half the projected width of the world (longitude 180° on the equator).
_HALF = math.pi / (_M * _A1)
SCALE = WIDTH / (2 * _HALF)
#: The world as drawn: 84° north (Svalbard, northern Greenland) to 56° south (Cape Horn).
NORTH, SOUTH = 84.0, -56.0

LINK_COLOUR = BLUE
HIGHLIGHT_COLOUR = VERMILLION
LAND, FOCUS_LAND, BORDER, SEA = "#eef1f4", "#d9e2ec", "#9aa5b1", PAPER


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """A place's point on the world drawing (x to the east, y down, the world 1,000 units wide)."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return (x + _HALF) * SCALE, (_TOP - y) * SCALE


_TOP = math.asin(_M * math.sin(math.radians(NORTH)))
_TOP = _TOP * (_A1 + _A2 * _TOP**2 + _TOP**6 * (_A3 + _A4 * _TOP**2))
WORLD_HEIGHT = equal_earth(0, SOUTH)[1]


@dataclass(frozen=True, slots=True)
class Country:
    iso: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # projected
    box: tuple[float, float, float, float]  # x0, y0, x1, y1


@lru_cache(maxsize=1)
def country_shapes() -> tuple[Country, ...]:
    """The shipped countries, projected once per process."""
    raw = json.loads(
        resources.files("mutuality.reports").joinpath("data/countries_110m.json").read_text("utf-8")
    )
    countries = []
    for entry in raw["countries"]:
        rings = []
        for flat in entry["rings"]:
            rings.append(tuple(equal_earth(flat[i] / 100, flat[i + 1] / 100) for i in range(0, len(flat), 2)))
        xs = [x for ring in rings for x, _y in ring]
        ys = [y for ring in rings for _x, y in ring]
        countries.append(
            Country(entry["iso"], entry["name"], tuple(rings), (min(xs), min(ys), max(xs), max(ys)))
        )
    return tuple(countries)


@dataclass(frozen=True, slots=True)
class Place:
    """A city to draw: where it is, and its name when it is to be labelled (``None``: a dot only)."""

    longitude: float
    latitude: float
    label: str | None = None


@dataclass(frozen=True, slots=True)
class MapLink:
    """A link between two places (indexes into the places), ``highlighted`` for a partnership of ours."""

    one: int
    other: int
    highlighted: bool = False
    weight: int = 1  # how many links it stands for (links between two countries, on the world map)


@dataclass(frozen=True, slots=True)
class MapWords:
    """What the map says, translated by the caller."""

    title: str
    description: str
    link: str  # legend: a twinning link
    highlighted: str  # legend: a partnership recorded here
    city: str  # legend: a city


@dataclass(frozen=True, slots=True)
class Frame:
    """The part of the world drawing shown: its corner, its size, and the drawing's scale."""

    x: float
    y: float
    width: float
    height: float

    @classmethod
    def world(cls) -> Frame:
        return cls(0.0, 0.0, WIDTH, WORLD_HEIGHT)

    @classmethod
    def around(cls, points: Sequence[tuple[float, float]], least: float = 60.0) -> Frame:
        """The frame showing ``points`` with a margin: at least ``least`` units wide, between 5:4 and
        7:3 in shape, within the world; the world when there is nothing to show."""
        if not points:
            return cls.world()
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        width, height = max(x1 - x0, least), max(y1 - y0, least * 0.6)
        width, height = width * 1.25, height * 1.3
        width = max(width, height * 1.25)
        height = max(height, width / (7 / 3))
        width, height = min(width, WIDTH), min(height, WORLD_HEIGHT)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        x = min(max(cx - width / 2, 0.0), WIDTH - width)
        y = min(max(cy - height / 2, 0.0), WORLD_HEIGHT - height)
        return cls(x, y, width, height)

    def intersects(self, box: tuple[float, float, float, float]) -> bool:
        return not (
            box[2] < self.x
            or box[0] > self.x + self.width
            or box[3] < self.y
            or box[1] > self.y + self.height
        )


def _number(value: float) -> str:
    """A coordinate with one decimal at most, without a trailing ".0" (shorter SVG)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=64)
def _countries_path(frame: Frame, scale: float, focus: frozenset[str]) -> tuple[str, str]:
    """The outlines of the countries in ``frame`` (other countries, ``focus`` countries), as two
    path data strings; kept, as a few frames (the world, the countries looked at) come back often."""
    paths: dict[bool, list[str]] = {False: [], True: []}
    for country in country_shapes():
        if not frame.intersects(country.box):
            continue
        out = paths[bool(country.iso) and country.iso in focus]
        for ring in country.rings:
            points = []
            last = None
            for x, y in ring:
                here = (_number((x - frame.x) * scale), _number((y - frame.y) * scale))
                if here != last:
                    points.append(f"{here[0]} {here[1]}")
                    last = here
            if len(points) > 2:
                out.append("M" + "L".join(points) + "Z")
    return "".join(paths[False]), "".join(paths[True])


#: The stroke width of a link standing for at least so many links (a class each, one path each).
WIDTHS = ((1, 0.8), (5, 1.6), (25, 2.8), (100, 4.2))


def _width_class(weight: int) -> int:
    return max(least for least, _stroke in WIDTHS if weight >= least)


def _arc(x1: float, y1: float, x2: float, y2: float) -> str:
    """A quadratic curve from one end to the other, bowed to the north by a fifth of its length."""
    dx, dy = x2 - x1, y2 - y1
    nx, ny = -dy * 0.2, dx * 0.2  # the chord turned a quarter, a fifth as long
    if ny > 0 or (ny == 0 and nx > 0):  # bow upwards (towards the north) on the drawing
        nx, ny = -nx, -ny
    cx, cy = (x1 + x2) / 2 + nx, (y1 + y2) / 2 + ny
    return f"M{x1:g} {y1:g}Q{cx:.0f} {cy:.0f} {x2:g} {y2:g}"


Segment = tuple[tuple[int, int], tuple[int, int]]


def atlas_map(
    places: Sequence[Place],
    links: Iterable[MapLink],
    words: MapWords,
    *,
    frame: Frame | None = None,
    focus: Iterable[str] = (),
    width: float = WIDTH,
    standalone: bool = False,
) -> str:
    """The map: countries (``focus`` ones shaded), the links as arcs, the places as dots, labels.

    ``frame`` is the part of the world shown (by default the one around every place); ``focus``
    are ISO codes of the countries looked at; ``width`` is the drawing's width in its units, text
    13 units high (a map shown small is drawn narrower, so its names stay readable).
    """
    projected = [equal_earth(p.longitude, p.latitude) for p in places]
    frame = frame or Frame.around(projected)
    scale = width / frame.width
    height = round(frame.height * scale)
    grid = [(round((x - frame.x) * scale), round((y - frame.y) * scale)) for x, y in projected]
    # Each segment once, with the most links any of its copies stands for; a partnership's copy wins.
    weights: dict[Segment, int] = {}
    highlighted: set[Segment] = set()
    dots: set[tuple[int, int]] = set()
    for link in links:
        one, other = grid[link.one], grid[link.other]
        if one == other:
            continue
        segment = (one, other) if one < other else (other, one)
        if link.highlighted:
            highlighted.add(segment)
        else:
            weights[segment] = max(weights.get(segment, 0), link.weight)
        dots.add(one)
        dots.add(other)
    land, focus_land = _countries_path(frame, scale, frozenset(focus))
    parts = [
        f'<rect x="0" y="0" width="{width:.0f}" height="{height}" fill="{SEA}" stroke="{LINE}"/>',
        f'<path d="{land}" fill="{LAND}" stroke="{BORDER}" stroke-width="0.5" stroke-linejoin="round"/>',
    ]
    if focus_land:
        parts.append(
            f'<path d="{focus_land}" fill="{FOCUS_LAND}" stroke="{MUTED}" stroke-width="0.8"'
            ' stroke-linejoin="round"/>'
        )
    parts.extend(_links({s: w for s, w in weights.items() if s not in highlighted}))
    if dots:
        points = "".join(f"M{x} {y}h0" for x, y in sorted(dots))
        parts.append(
            f'<path d="{points}" stroke="{INK}" stroke-width="2.6" stroke-linecap="round" data-kind="cities"/>'
        )
    if highlighted:
        arcs = "".join(_arc(*a, *b) for a, b in sorted(highlighted))
        parts.append(
            f'<path d="{arcs}" fill="none" stroke="{HIGHLIGHT_COLOUR}" stroke-width="2.6"'
            ' stroke-linecap="round" data-kind="partnerships"/>'
        )
    parts.extend(_labels(places, grid, width, height))
    legend, band = _map_legend(words, width, height)
    parts.append(legend)
    total = height + band
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    return (
        f'<svg{namespace} class="atlas-map" width="{width:.0f}" height="{total:.0f}"'
        f' viewBox="0 0 {width:.0f} {total:.0f}" direction="ltr" role="img"'
        f' aria-label="{esc(words.title)}"><title>{esc(words.title)}</title>'
        f"<desc>{esc(words.description)}</desc>" + "".join(parts) + "</svg>"
    )


def _links(weights: dict[Segment, int]) -> list[str]:
    """The links, one path per width class: thin and half-transparent, more transparent the more
    there are (where many run together the colour deepens), a class of more links more opaque."""
    base = min(0.6, max(0.1, 8 / math.sqrt(len(weights) or 1)))
    classes: dict[int, list[str]] = {}
    for (a, b), weight in sorted(weights.items()):
        classes.setdefault(_width_class(weight), []).append(_arc(*a, *b))
    out = []
    for rank, (least, stroke) in enumerate(WIDTHS):
        if least in classes:
            opacity = min(0.85, base * (1 + 1.5 * rank))
            out.append(
                f'<path d="{"".join(classes[least])}" fill="none" stroke="{LINK_COLOUR}"'
                f' stroke-width="{stroke}" stroke-opacity="{opacity:.2f}" data-kind="links"/>'
            )
    return out


def _labels(
    places: Sequence[Place], grid: Sequence[tuple[int, int]], width: float, height: float
) -> list[str]:
    """Names beside their marked dots, in the order given: right of the dot, else left of it, else
    none where either would cover a name already placed (the dot stays marked). Each name on a
    white halo drawn first (a stroke under the letters, which browsers and PDF renderers draw alike)."""
    marks, texts = [], []
    taken: list[tuple[float, float, float, float]] = []
    for place, (x, y) in zip(places, grid, strict=True):
        if not place.label or not (0 <= x <= width and 0 <= y <= height):
            continue
        marks.append(
            f'<circle cx="{x}" cy="{y}" r="4" fill="{HIGHLIGHT_COLOUR}" stroke="{INK}" stroke-width="1"/>'
        )
        label = short(place.label, 30)
        long = len(label) * 13 * 0.62
        for anchor, left in (("start", x + 7), ("end", x - 7 - long)):
            box = (left, y - 10, left + long, y + 5)
            if box[0] < 0 or box[2] > width or any(_overlap(box, other) for other in taken):
                continue
            taken.append(box)
            at = x + 7 if anchor == "start" else x - 7
            halo = f' stroke="{PAPER}" stroke-width="3.5" stroke-linejoin="round"'
            texts.append(_text(at, y + 4, label, size=13, anchor=anchor, fill=PAPER, extra=halo, rtl=True))
            texts.append(_text(at, y + 4, label, size=13, anchor=anchor, weight="bold", rtl=True))
            break
    return marks + texts


def _overlap(one: tuple[float, float, float, float], two: tuple[float, float, float, float]) -> bool:
    return one[0] < two[2] and two[0] < one[2] and one[1] < two[3] and two[1] < one[3]


def _map_legend(words: MapWords, width: float, top: float) -> tuple[str, float]:
    """Rows under the map: a link, a partnership recorded here, a city; the SVG and its height."""
    swatches = (
        f'<path d="M{{x}} {{y}}q14 -10 28 0" fill="none" stroke="{LINK_COLOUR}" stroke-width="1.5"/>',
        f'<path d="M{{x}} {{y}}q14 -10 28 0" fill="none" stroke="{HIGHLIGHT_COLOUR}" stroke-width="3"/>',
        f'<path d="M{{x}} {{y}}m14 -2h0" stroke="{INK}" stroke-width="5" stroke-linecap="round"/>',
    )
    parts = []
    x, row = 12.0, 0
    for swatch, label in zip(swatches, (words.link, words.highlighted, words.city), strict=True):
        label = short(label, 60)
        room = 36 + len(label) * 13 * 0.6 + 24
        if x > 12 and x + room > width:
            x, row = 12.0, row + 1
        y = top + 22 + row * 22
        parts.append(swatch.replace("{x}", f"{x:.0f}").replace("{y}", f"{y - 4:.0f}"))
        parts.append(_text(x + 36, y, label, size=13, rtl=True))
        x += room
    band = 34.0 + row * 22
    background = f'<rect x="0" y="{top:.0f}" width="{width:.0f}" height="{band:.0f}" fill="{PAPER}"/>'
    return background + "".join(parts), band


# --- the corridor's trend ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrendWords:
    title: str
    description: str
    empty: str


#: Each series its colour and its marker shape (a colour is never the only thing told).
_SERIES_STYLES = ((BLUE, "circle"), (VERMILLION, "square"))


def trend_chart(
    series: Sequence[tuple[str, Sequence[tuple[int, int]]]],
    words: TrendWords,
    number: Callable[[int], str],
) -> str:
    """Lines of (year, count) for at most two series (the corridor both ways), with a count axis
    from 0 and each series named at its line's end. ``number`` writes a count in the reader's way."""
    width, height, left, right, top, bottom = 520.0, 240.0, 72.0, 16.0, 16.0, 74.0
    years = sorted({year for _label, points in series for year, _n in points})
    parts = [f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="{PAPER}"/>']
    if not years:
        parts.append(_text(width / 2, height / 2, words.empty, size=13, anchor="middle", fill=MUTED))
    else:
        most = max(n for _label, points in series for _y, n in points) or 1
        step = 10 ** max(0, len(str(int(most))) - 1)
        top_value = math.ceil(most / step) * step
        plot_w, plot_h = width - left - right, height - top - bottom
        first, last = years[0], years[-1]

        def at(year: int, value: int) -> tuple[float, float]:
            x = left + (plot_w * (year - first) / (last - first) if last > first else plot_w / 2)
            return x, top + plot_h * (1 - value / top_value)

        for i in range(5):
            value = round(top_value * i / 4)
            y = top + plot_h * (1 - i / 4)
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{LINE}" stroke-width="0.7"/>'
            )
            parts.append(_text(left - 6, y + 4, number(value), size=11, anchor="end", fill=MUTED))
        for year in years:
            x, _y = at(year, 0)
            parts.append(_text(x, top + plot_h + 16, str(year), size=11, anchor="middle", fill=MUTED))
        for (_label, points), (colour, shape) in zip(series, _SERIES_STYLES, strict=False):
            if not points:
                continue
            xy = [at(year, value) for year, value in sorted(points)]
            line = "L".join(f"{x:.1f} {y:.1f}" for x, y in xy)
            parts.append(f'<path d="M{line}" fill="none" stroke="{colour}" stroke-width="2.2"/>')
            for x, y in xy:
                if shape == "circle":
                    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
                else:
                    parts.append(
                        f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
                    )
        # The legend under the axis: a marker and the series' name, one row each.
        for row, ((label, _points), (colour, shape)) in enumerate(zip(series, _SERIES_STYLES, strict=False)):
            y = top + plot_h + 36 + row * 18
            marker = (
                f'<circle cx="{left + 4}" cy="{y - 4}" r="4" fill="{colour}"/>'
                if shape == "circle"
                else f'<rect x="{left}" y="{y - 8}" width="8" height="8" fill="{colour}"/>'
            )
            parts.append(marker + _text(left + 14, y, label, size=12, limit=70))
    return (
        f'<svg class="chart trend" width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}"'
        f' direction="ltr" role="img" aria-label="{esc(words.title)}"><title>{esc(words.title)}</title>'
        f"<desc>{esc(words.description)}</desc>" + "".join(parts) + "</svg>"
    )
