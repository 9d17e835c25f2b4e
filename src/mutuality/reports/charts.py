"""Charts as self-contained SVG, drawn in Python: no JavaScript, no fonts or scripts fetched.

Each function takes plain values and the words to show (already translated
by the caller: this module has no Django in it, so a notebook can call it)
and returns one ``<svg>`` element as a string. Every chart has a title,
labelled axes or headings, and a legend, so it can be read on its own; every
colour is also told by a shape, a letter or a label, and the palette is
Okabe and Ito's, which stays distinguishable with the common forms of colour
blindness. All text is XML-escaped (characters XML cannot hold are dropped),
so user text — names in Arabic or Turkish, ``<script>`` — is shown as text.

The SVG has no ``xmlns`` attribute: inside HTML the parser gives it the SVG
namespace, and a file then holds no web address at all. Pass
``standalone=True`` for an ``.svg`` file of its own.

Presentation is in attributes, not CSS, so browsers and WeasyPrint (PDF)
draw the same picture. Text widths are estimated (0.6 × font size per
character); long labels are shortened with "…" and the full text is kept in
a ``<title>`` tooltip.

Pass ``rtl=True`` for a right-to-left language (Arabic): the chart is then its
mirror image, as right-to-left layouts are read — row labels, headings and
legends on the right, bars growing to the left, time running from right to
left, the first side on the right — but text is moved, never mirrored: its
anchor swaps start and end. Anchors stay physical ("end" is the right end):
the root carries ``direction="ltr"``, as otherwise a page with ``dir="rtl"``
around an inline chart would turn every anchor round in a browser, and the
PDF's label overlay (``render.py``) reads anchors physically too. Instead of
``direction="rtl"``, which would move the anchors, each label with
right-to-left letters is a Unicode right-to-left isolate (RLI … PDI), so it
is ordered as right-to-left text (a count in brackets after an Arabic name
goes to its left). Labels that would run past the edge are shortened to fit.
Left-to-right charts are drawn exactly as without the argument.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count
from xml.sax.saxutils import escape

__all__ = [
    "CATEGORY_COLOURS",
    "LEVEL_COLOURS",
    "PALETTE",
    "Bar",
    "FlowDatum",
    "HeatCell",
    "HeatRow",
    "NetEdge",
    "NetNode",
    "flow_chart",
    "heat_map",
    "network_chart",
    "resources_chart",
    "timeline_chart",
]

# Okabe & Ito (2008), "Color Universal Design".
ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY, BLACK = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
    "#000000",
)
PALETTE = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, GREY)
INK, MUTED, LINE, PAPER = "#1f2933", "#52606d", "#cbd2d9", "#ffffff"
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"

# Strong, moderate and limited as a sequential scale (dark to light), mixed in grey.
LEVEL_COLOURS: dict[str, tuple[str, str]] = {  # level -> (fill, text colour)
    "strong": ("#08519C", PAPER),
    "moderate": ("#6BAED6", BLACK),
    "limited": ("#DEEBF7", BLACK),
    "mixed": ("#BDBDBD", BLACK),
}
CATEGORY_COLOURS: dict[str, str] = {
    "local_government": BLUE,
    "civil_society": GREEN,
    "other_local": ORANGE,
    "broader": PURPLE,
    "side": GREY,
    "unknown": YELLOW,
}

_ids = count(1)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SWAP = {"start": "end", "end": "start"}
RLI, PDI = "\u2067", "\u2069"  # right-to-left isolate, pop directional isolate


def esc(text: object) -> str:
    """Text safe inside an SVG element or a double-quoted attribute."""
    return escape(_NOT_XML.sub("", str(text)), {'"': "&quot;"})


def short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def width_of(text: str, size: float) -> float:
    return len(text) * size * 0.6


def right_to_left(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (Arabic, Hebrew …) or mark."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def wrap(text: str, limit: int, lines: int = 3) -> list[str]:
    """Words in lines of at most ``limit`` characters (the last one shortened), at most ``lines`` lines."""
    words = str(text).split()
    out: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > limit:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return [short(item, limit) for item in out] or [""]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 12,
    anchor: str = "start",
    weight: str | None = None,
    fill: str = INK,
    limit: int | None = None,
    extra: str = "",
    rtl: bool = False,
) -> str:
    shown = short(text, limit) if limit else text
    tooltip = f"<title>{esc(text)}</title>" if shown != text else ""
    bold = f' font-weight="{weight}"' if weight else ""
    if rtl and right_to_left(shown):
        shown = RLI + shown + PDI
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="{FONT}" text-anchor="{anchor}"'
        f' fill="{fill}"{bold}{extra}>{tooltip}{esc(shown)}</text>'
    )


def _lines(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    size: float = 12,
    anchor: str = "start",
    weight: str | None = None,
    rtl: bool = False,
) -> str:
    return "".join(
        _text(x, y + i * size * 1.2, line, size=size, anchor=anchor, weight=weight, rtl=rtl)
        for i, line in enumerate(lines)
    )


@dataclass(frozen=True, slots=True)
class _Flip:
    """Horizontal places in a chart ``width`` wide, as laid out left to right or, with ``rtl``, mirrored.

    Every chart is laid out left to right and puts each x through this: with
    ``rtl`` a point goes to ``width - x``, a box from ``x`` to ``x + w`` to
    ``width - x - w`` (its left edge), and text keeps its letters but swaps
    its anchor (start and end), so it reads and sits as the mirror image.
    Without ``rtl`` everything is passed on unchanged, so the drawing is
    exactly the left-to-right one.
    """

    width: float
    rtl: bool = False

    def x(self, x: float) -> float:
        return self.width - x if self.rtl else x

    def box(self, x: float, w: float) -> float:
        return self.width - x - w if self.rtl else x

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 12,
        anchor: str = "start",
        weight: str | None = None,
        fill: str = INK,
        limit: int | None = None,
    ) -> str:
        """``_text`` at ``x`` as laid out left to right."""
        if self.rtl:
            x, anchor = self.width - x, _SWAP.get(anchor, anchor)
            limit = self.fitting(limit, x, anchor, size) if limit else None
        return _text(
            x, y, text, size=size, anchor=anchor, weight=weight, fill=fill, limit=limit, rtl=self.rtl
        )

    def lines(
        self,
        x: float,
        y: float,
        lines: Sequence[str],
        *,
        size: float = 12,
        anchor: str = "start",
        weight: str | None = None,
    ) -> str:
        """``_lines`` at ``x`` as laid out left to right."""
        if self.rtl:
            x, anchor = self.width - x, _SWAP.get(anchor, anchor)
        return _lines(x, y, lines, size=size, anchor=anchor, weight=weight, rtl=self.rtl)

    def fitting(self, limit: int, x: float, anchor: str, size: float) -> int:
        """``limit`` characters, or fewer where the estimated width would run past the edge."""
        room = {"start": self.width - x, "end": x}.get(anchor, 2 * min(x, self.width - x))
        return max(1, min(limit, int(room / (size * 0.6))))


def _svg(
    width: float,
    height: float,
    title: str,
    body: str,
    *,
    description: str = "",
    standalone: bool = False,
    rtl: bool = False,
) -> str:
    ident = f"chart-{next(_ids)}"
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    desc = f'<desc id="{ident}-desc">{esc(description)}</desc>' if description else ""
    described = f' aria-describedby="{ident}-desc"' if description else ""
    # Mirrored by coordinates: anchors are physical, whatever the direction of the page around the chart.
    physical = ' direction="ltr"' if rtl else ""
    return (
        f'<svg{namespace} class="chart" width="{width:.0f}" height="{height:.0f}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}"{physical} role="img" aria-labelledby="{ident}-title"{described}>'
        f'<title id="{ident}-title">{esc(title)}</title>{desc}'
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="{PAPER}"/>'
        + _Flip(width, rtl).text(12, 24, title, size=15, weight="bold", limit=int((width - 24) / 9))
        + body
        + "</svg>"
    )


def _legend(
    x: float,
    y: float,
    items: Sequence[tuple[str, str]],
    *,
    width: float,
    shape: str = "rect",
    flip: _Flip | None = None,
) -> tuple[str, float]:
    """Swatches with labels in rows that fit ``width``; returns the SVG and the height used.

    The rows start at ``x`` (laid out left to right); ``flip`` mirrors them, so
    they start at the right, where a right-to-left reader begins.
    """
    flip = flip or _Flip(0)
    parts, cx, cy = [], x, y
    for colour, label in items:
        label = short(label, 40)
        item_width = 18 + width_of(label, 11) + 16
        if cx > x and cx + item_width > x + width:
            cx, cy = x, cy + 18
        if shape == "circle":
            parts.append(
                f'<circle cx="{flip.x(cx + 6):.1f}" cy="{cy - 4:.1f}" r="6" fill="{colour}" stroke="#333333" stroke-width="1"/>'
            )
        else:
            parts.append(
                f'<rect x="{flip.box(cx, 12):.1f}" y="{cy - 10:.1f}" width="12" height="12" fill="{colour}" stroke="#333333" stroke-width="0.5"/>'
            )
        parts.append(flip.text(cx + 17, cy, label, size=11))
        cx += item_width
    return "".join(parts), cy - y + 18


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _ticks(maximum: float, integers: bool) -> list[float]:
    top = _nice_max(maximum)
    if integers and top < 5:
        return [float(i) for i in range(int(top) + 1)]
    return [top * i / 5 for i in range(6)]


# --- heat map ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeatCell:
    level: str | None  # strong, moderate, limited, mixed; None when nothing was assessed
    codings: int
    contradictory: bool = False


@dataclass(frozen=True, slots=True)
class HeatRow:
    label: str
    cells: Sequence[HeatCell | None]
    group: str = ""


def heat_map(
    rows: Sequence[HeatRow],
    columns: Sequence[str],
    *,
    title: str,
    level_labels: Mapping[str, str],
    contradiction_label: str,
    unassessed_label: str,
    row_heading: str = "",
    description: str = "",
    standalone: bool = False,
    rtl: bool = False,
) -> str:
    """Contexts (rows) × dimensions (columns): each cell coloured and labelled by its level and count.

    With ``rtl`` the row headings are on the right and the first column next to them.
    """
    label_width = min(300.0, max([width_of(short(r.label, 44), 11) for r in rows] + [120.0]) + 24)
    cell_w, cell_h = 104.0, 26.0
    header_lines = [wrap(c, 16, 5) for c in columns]
    header_h = 14 * max((len(lines) for lines in header_lines), default=1) + 10
    top = 44 + header_h
    width = label_width + cell_w * len(columns) + 16
    flip = _Flip(width, rtl)
    parts = []
    if row_heading:
        parts.append(flip.text(12, top - 8, row_heading, size=11, weight="bold", fill=MUTED))
    for i, lines in enumerate(header_lines):
        cx = label_width + cell_w * (i + 0.5)
        y0 = top - 8 - 13.2 * (len(lines) - 1)
        parts.append(flip.lines(cx, y0, lines, size=11, anchor="middle", weight="bold"))
    y: float = top
    group = None
    for row in rows:
        if row.group and row.group != group:
            group = row.group
            parts.append(
                f'<rect x="0" y="{y:.1f}" width="{width:.0f}" height="{cell_h - 6:.1f}" fill="#f5f7fa"/>'
                + flip.text(12, y + 14, row.group, size=11, weight="bold", fill=MUTED, limit=int(width / 7))
            )
            y += cell_h - 6
        parts.append(
            flip.text(label_width - 8, y + cell_h / 2 + 4, row.label, size=11, anchor="end", limit=44)
        )
        for i, cell in enumerate(row.cells):
            x = label_width + cell_w * i
            parts.append(
                _heat_cell(
                    x, y, cell_w, cell_h, cell, level_labels, unassessed_label, contradiction_label, flip
                )
            )
        y += cell_h
    legend_items = [(LEVEL_COLOURS[level][0], level_labels.get(level, level)) for level in LEVEL_COLOURS]
    legend, legend_h = _legend(12, y + 24, legend_items, width=width - 24, flip=flip)
    marker_y = y + 24 + legend_h
    parts.append(legend)
    parts.append(
        f'<polygon points="{flip.x(12):g},{marker_y + 2:.1f} {flip.x(24):g},{marker_y + 2:.1f}'
        f' {flip.x(18):g},{marker_y - 9:.1f}" fill="{VERMILLION}"/>'
        + flip.text(30, marker_y + 1, contradiction_label, size=11)
    )
    parts.append(flip.text(12, marker_y + 19, unassessed_label, size=11, fill=MUTED))
    height = marker_y + 32
    return _svg(width, height, title, "".join(parts), description=description, standalone=standalone, rtl=rtl)


def _heat_cell(
    x: float,
    y: float,
    w: float,
    h: float,
    cell: HeatCell | None,
    level_labels: Mapping[str, str],
    unassessed_label: str,
    contradiction_label: str,
    flip: _Flip,
) -> str:
    """One cell from ``x`` to ``x + w`` as laid out left to right (``flip`` mirrors it)."""
    frame = f'<rect x="{flip.box(x + 1, w - 2):.1f}" y="{y + 1:.1f}" width="{w - 2:.1f}" height="{h - 2:.1f}"'
    if cell is None:
        return frame + f' fill="{PAPER}" stroke="{LINE}" stroke-width="0.5"/>'
    if cell.level is None:
        label, fill, ink = f"– {cell.codings}", PAPER, MUTED
        tooltip = f"{unassessed_label} ({cell.codings})"
    else:
        fill, ink = LEVEL_COLOURS.get(cell.level, (PAPER, INK))
        label = f"{level_labels.get(cell.level, cell.level)} {cell.codings}"
        tooltip = label
    if cell.contradictory:
        tooltip += f" — {contradiction_label}"
    out = frame + f' fill="{fill}" stroke="{LINE}" stroke-width="0.5"><title>{esc(tooltip)}</title></rect>'
    out += flip.text(x + w / 2, y + h / 2 + 4, label, size=11, anchor="middle", fill=ink, limit=15)
    if cell.contradictory:  # in the corner where the reading ends: top right, or top left when mirrored
        out += (
            f'<polygon points="{flip.x(x + w - 15):.1f},{y + 2:.1f} {flip.x(x + w - 2):.1f},{y + 2:.1f}'
            f' {flip.x(x + w - 2):.1f},{y + 15:.1f}"'
            f' fill="{VERMILLION}"><title>{esc(contradiction_label)}</title></polygon>'
        )
    return out


# --- learning flows -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlowDatum:
    source: str  # label of the side learned from
    target: str  # label of the side that learned
    category: str  # e.g. the learning form
    count: int


def flow_chart(
    flows: Sequence[FlowDatum],
    *,
    title: str,
    categories: Sequence[tuple[str, str]],  # (key, label) in legend order
    source_heading: str,
    target_heading: str,
    empty_label: str,
    sources: Sequence[str] = (),
    targets: Sequence[str] = (),
    description: str = "",
    standalone: bool = False,
    rtl: bool = False,
) -> str:
    """Who learned from whom: sources on the left, learners on the right, one band per flow and category.

    With ``rtl`` the sides swap: sources on the right, learners on the left.
    """
    flows = [f for f in flows if f.count > 0]
    source_order = list(dict.fromkeys([*sources, *(f.source for f in flows)]))
    target_order = list(dict.fromkeys([*targets, *(f.target for f in flows)]))
    colours = {key: PALETTE[i % len(PALETTE)] for i, (key, _label) in enumerate(categories)}
    rank = {key: i for i, (key, _label) in enumerate(categories)}
    width = 760.0
    label_w = 200.0
    left_x, right_x, node_w = label_w, width - label_w - 14, 14.0
    total = sum(f.count for f in flows)
    top = 70.0
    gap = 18.0
    slots = max(len(source_order), len(target_order), 1)
    plot_h = max(140.0, 40.0 * slots + min(260.0, 12.0 * total))
    scale = (plot_h - gap * (slots - 1)) / total if total else 0
    flip = _Flip(width, rtl)
    parts = [
        flip.text(
            left_x + node_w / 2, top - 12, source_heading, size=12, anchor="middle", weight="bold", fill=MUTED
        ),
        flip.text(
            right_x + node_w / 2,
            top - 12,
            target_heading,
            size=12,
            anchor="middle",
            weight="bold",
            fill=MUTED,
        ),
    ]
    if not flows:
        parts.append(flip.text(width / 2, top + 50, empty_label, size=13, anchor="middle", fill=MUTED))
        height = top + 120
        return _svg(
            width, height, title, "".join(parts), description=description, standalone=standalone, rtl=rtl
        )

    def stack(order: list[str], key: str) -> dict[str, tuple[float, float]]:
        sums = {name: sum(f.count for f in flows if getattr(f, key) == name) for name in order}
        placed, y = {}, top
        for name in order:
            h = max(sums[name] * scale, 4.0)
            placed[name] = (y, h)
            y += h + gap
        return placed

    left, right = stack(source_order, "source"), stack(target_order, "target")
    for name, (y, h) in left.items():
        n = sum(f.count for f in flows if f.source == name)
        parts.append(
            f'<rect x="{flip.box(left_x, node_w):.1f}" y="{y:.1f}" width="{node_w:.0f}" height="{h:.1f}" fill="{INK}"/>'
        )
        parts.append(flip.text(left_x - 8, y + h / 2 + 4, f"{name} ({n})", size=12, anchor="end", limit=30))
    for name, (y, h) in right.items():
        n = sum(f.count for f in flows if f.target == name)
        parts.append(
            f'<rect x="{flip.box(right_x, node_w):.1f}" y="{y:.1f}" width="{node_w:.0f}" height="{h:.1f}" fill="{INK}"/>'
        )
        parts.append(flip.text(right_x + node_w + 8, y + h / 2 + 4, f"{name} ({n})", size=12, limit=30))
    out_y = {name: y for name, (y, _h) in left.items()}
    in_y = {name: y for name, (y, _h) in right.items()}
    ordered = sorted(
        flows,
        key=lambda f: (source_order.index(f.source), target_order.index(f.target), rank.get(f.category, 99)),
    )
    x0, x1 = left_x + node_w, right_x
    mid = (x0 + x1) / 2
    m0, m1, mm = flip.x(x0), flip.x(x1), flip.x(mid)
    labels = []
    for f in ordered:
        h = f.count * scale
        y0, y1 = out_y[f.source], in_y[f.target]
        out_y[f.source] += h
        in_y[f.target] += h
        colour = colours.get(f.category, GREY)
        path = (
            f"M{m0:.1f},{y0:.1f} C{mm:.1f},{y0:.1f} {mm:.1f},{y1:.1f} {m1:.1f},{y1:.1f} "
            f"L{m1:.1f},{y1 + h:.1f} C{mm:.1f},{y1 + h:.1f} {mm:.1f},{y0 + h:.1f} {m0:.1f},{y0 + h:.1f} Z"
        )
        category_label = dict(categories).get(f.category, f.category)
        parts.append(
            f'<path d="{path}" fill="{colour}" fill-opacity="0.75" stroke="{PAPER}" stroke-width="0.5">'
            f"<title>{esc(f.source)} → {esc(f.target)}: {esc(category_label)} ({f.count})</title></path>"
        )
        if h >= 11:
            labels.append(flip.text(x0 + 6, y0 + h / 2 + 4, str(f.count), size=11, weight="bold"))
            labels.append(
                flip.text(x1 - 6, y1 + h / 2 + 4, str(f.count), size=11, anchor="end", weight="bold")
            )
    parts.extend(labels)
    bottom = max(y + h for y, h in [*left.values(), *right.values()])
    used = [(colours[key], label) for key, label in categories if any(f.category == key for f in flows)]
    legend, legend_h = _legend(12, bottom + 34, used, width=width - 24, flip=flip)
    parts.append(legend)
    return _svg(
        width,
        bottom + 34 + legend_h,
        title,
        "".join(parts),
        description=description,
        standalone=standalone,
        rtl=rtl,
    )


# --- exchanges over time ------------------------------------------------------------


def timeline_chart(
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[int]]],  # (label, one value per year), stacked in this order
    *,
    title: str,
    x_label: str,
    y_label: str,
    empty_label: str,
    colours: Sequence[str] = (ORANGE, BLUE, GREY),
    description: str = "",
    standalone: bool = False,
    rtl: bool = False,
) -> str:
    """Stacked bars per year (e.g. exploratory and follow-up exchanges), with a year axis and a count axis.

    With ``rtl`` time runs from right to left (the first year on the right) and the count axis is on the right.
    """
    width, left, right, top = 760.0, 56.0, 16.0, 48.0
    plot_h = 220.0
    flip = _Flip(width, rtl)
    parts: list[str] = []
    if not years:
        parts.append(flip.text(width / 2, top + 80, empty_label, size=13, anchor="middle", fill=MUTED))
        return _svg(
            width, top + 160, title, "".join(parts), description=description, standalone=standalone, rtl=rtl
        )
    totals = [sum(values[i] for _label, values in series) for i in range(len(years))]
    ticks = _ticks(max(totals, default=0), integers=True)
    top_value = ticks[-1] or 1
    plot_w = width - left - right
    step = plot_w / len(years)
    bar_w = max(2.0, min(36.0, step * 0.7))
    base = top + plot_h
    for tick in ticks:
        y = base - plot_h * tick / top_value
        parts.append(
            f'<line x1="{flip.x(left):.1f}" y1="{y:.1f}" x2="{flip.x(width - right):.1f}" y2="{y:.1f}" stroke="{LINE}" stroke-width="0.5"/>'
        )
        parts.append(flip.text(left - 6, y + 4, f"{tick:g}", size=10, anchor="end", fill=MUTED))
    label_every = max(1, math.ceil(len(years) / (plot_w / 38)))
    for i, year in enumerate(years):
        x = left + step * i + (step - bar_w) / 2
        y = base
        for (label, values), colour in zip(series, colours, strict=False):
            value = values[i]
            if not value:
                continue
            h = plot_h * value / top_value
            y -= h
            parts.append(
                f'<rect x="{flip.box(x, bar_w):.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}" stroke="{PAPER}" stroke-width="0.5">'
                f"<title>{year}: {esc(label)} {value}</title></rect>"
            )
        if totals[i] and bar_w >= 14:
            parts.append(flip.text(x + bar_w / 2, y - 3, str(totals[i]), size=10, anchor="middle"))
        if i % label_every == 0:
            parts.append(flip.text(left + step * (i + 0.5), base + 15, str(year), size=10, anchor="middle"))
    parts.append(
        f'<line x1="{flip.x(left):.1f}" y1="{base:.1f}" x2="{flip.x(width - right):.1f}" y2="{base:.1f}" stroke="{INK}"/>'
    )
    parts.append(flip.text(left + plot_w / 2, base + 34, x_label, size=11, anchor="middle", fill=MUTED))
    # The count axis's title reads upwards on either side (text is never mirrored). On the right the
    # letters' tops face the plot, so the baseline is 8 from the edge: where the left one's mirror image is.
    turned_x = width - 8 if rtl else 16
    parts.append(
        _text(
            0,
            0,
            y_label,
            size=11,
            anchor="middle",
            fill=MUTED,
            extra=f' transform="translate({turned_x:g} {top + plot_h / 2:.1f}) rotate(-90)"',
            rtl=rtl,
        )
    )
    legend, legend_h = _legend(
        left,
        base + 58,
        [(c, label) for (label, _v), c in zip(series, colours, strict=False)],
        width=plot_w,
        flip=flip,
    )
    parts.append(legend)
    return _svg(
        width,
        base + 58 + legend_h,
        title,
        "".join(parts),
        description=description,
        standalone=standalone,
        rtl=rtl,
    )


# --- resources ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    """One side's resources: euros (and how they read), and in-kind contributions with and without an amount.

    ``euros_unquantified`` counts financial contributions whose amount is not known: they get a dashed
    mark after the bar, never a length, as an unknown amount is not 0.
    """

    label: str
    euros: float
    euros_text: str
    in_kind: int
    in_kind_unquantified: int
    in_kind_text: str
    euros_unquantified: int = 0


def resources_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    euros_heading: str,
    in_kind_heading: str,
    quantified_label: str,
    unquantified_label: str,
    description: str = "",
    standalone: bool = False,
    rtl: bool = False,
) -> str:
    """Two panels, one above the other: money in euro per side, and the number of in-kind contributions.

    Money whose amount is not known is a dashed mark of fixed width after the bar (the legend's
    ``unquantified_label``), as are contributions in kind without an amount after theirs. The bars
    make room for the longest words beside them (up to 360 of the 760 points), so "€4,000 + 3
    financial contributions, amount not known" is read whole. With ``rtl`` the sides' names are on
    the right and the bars grow to the left.
    """
    width, label_w, mark_w = 760.0, 170.0, 22.0
    longest = max((width_of(text, 11) for b in bars for text in (b.euros_text, b.in_kind_text)), default=0)
    text_w = min(max(230.0, longest + 12 + (mark_w if any(b.euros_unquantified for b in bars) else 0)), 360.0)
    limit = max(38, int(text_w / (11 * 0.6)))
    bar_space = width - label_w - text_w - 16
    row_h = 30.0
    top_eur = max((b.euros for b in bars), default=0) or 1
    top_kind = max((b.in_kind for b in bars), default=0) or 1
    rows = max(len(bars), 1)
    parts = []
    y_eur = 66.0
    y_kind = y_eur + row_h * rows + 44
    flip = _Flip(width, rtl)
    parts.append(flip.text(label_w, y_eur - 10, euros_heading, size=12, weight="bold", fill=MUTED))
    parts.append(flip.text(label_w, y_kind - 10, in_kind_heading, size=12, weight="bold", fill=MUTED))
    for i, bar in enumerate(bars):
        y = y_eur + row_h * i
        parts.append(flip.text(label_w - 10, y + 17, bar.label, size=12, anchor="end", limit=24))
        w = bar_space * bar.euros / top_eur
        parts.append(
            f'<rect x="{flip.box(label_w, w):.1f}" y="{y + 5:.1f}" width="{w:.1f}" height="18" fill="{BLUE}">'
            f"<title>{esc(bar.label)}: {esc(bar.euros_text)}</title></rect>"
        )
        if bar.euros_unquantified:
            parts.append(
                f'<rect x="{flip.box(label_w + w, mark_w):.1f}" y="{y + 5:.1f}" width="{mark_w:.1f}"'
                f' height="18" fill="{ORANGE}" stroke="{INK}" stroke-width="0.5" stroke-dasharray="3 2"/>'
            )
            w += mark_w
        parts.append(flip.text(label_w + w + 6, y + 18, bar.euros_text, size=11, limit=limit))
        y = y_kind + row_h * i
        parts.append(flip.text(label_w - 10, y + 17, bar.label, size=12, anchor="end", limit=24))
        known = bar.in_kind - bar.in_kind_unquantified
        w_known = bar_space * known / top_kind
        w_unknown = bar_space * bar.in_kind_unquantified / top_kind
        parts.append(
            f'<rect x="{flip.box(label_w, w_known):.1f}" y="{y + 5:.1f}" width="{w_known:.1f}" height="18" fill="{GREEN}"/>'
        )
        parts.append(
            f'<rect x="{flip.box(label_w + w_known, w_unknown):.1f}" y="{y + 5:.1f}" width="{w_unknown:.1f}" height="18" fill="{ORANGE}"'
            f' stroke="{INK}" stroke-width="0.5" stroke-dasharray="3 2"/>'
        )
        parts.append(
            flip.text(label_w + w_known + w_unknown + 6, y + 18, bar.in_kind_text, size=11, limit=limit)
        )
    for y in (y_eur, y_kind):
        bottom = y + row_h * rows
        parts.append(
            f'<line x1="{flip.x(label_w):.1f}" y1="{y - 2:.1f}" x2="{flip.x(label_w):.1f}" y2="{bottom:.1f}" stroke="{INK}"/>'
        )
    bottom = y_kind + row_h * rows
    legend, legend_h = _legend(
        12,
        bottom + 26,
        [(BLUE, euros_heading), (GREEN, quantified_label), (ORANGE, unquantified_label)],
        width=width - 24,
        flip=flip,
    )
    parts.append(legend)
    return _svg(
        width,
        bottom + 26 + legend_h,
        title,
        "".join(parts),
        description=description,
        standalone=standalone,
        rtl=rtl,
    )


# --- actor network ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NetNode:
    id: str
    label: str
    category: str
    detail: str = ""  # e.g. the actor type, shown in the tooltip
    square: bool = False


@dataclass(frozen=True, slots=True)
class NetEdge:
    source: str
    target: str
    weight: int
    detail: str = ""


@dataclass(frozen=True)
class NetColumn:
    label: str
    nodes: Sequence[NetNode] = field(default_factory=tuple)


def network_chart(
    columns: Sequence[NetColumn],
    edges: Sequence[NetEdge],
    *,
    title: str,
    categories: Sequence[tuple[str, str]],  # (key, label) for the legend
    between_label: str,
    within_label: str,
    empty_label: str,
    colours: Mapping[str, str] = CATEGORY_COLOURS,
    description: str = "",
    standalone: bool = False,
    rtl: bool = False,
) -> str:
    """Nodes in one column per side (a deterministic layout), edges between and within the columns.

    Within a column nodes are in the order given (callers sort them, e.g.
    by category and name). Lines between columns are solid (exchange
    between the localities, vertical); arcs within a column are dashed
    (within one locality, horizontal). Line width grows with the number of
    shared exchanges. Columns go from left to right, or with ``rtl`` from
    right to left.
    """
    n = max(len(columns), 1)
    width = 760.0 if n <= 2 else 260.0 * n
    top, row_h = 64.0, 30.0
    label_room = 250.0
    if n == 1:
        xs = [width / 2]
    elif n == 2:
        xs = [label_room, width - label_room]
    else:
        xs = [90 + (width - 340) * i / (n - 1) for i in range(n)]
    place: dict[str, tuple[float, float, int]] = {}
    rows = max((len(c.nodes) for c in columns), default=0)
    for i, column in enumerate(columns):
        offset = (rows - len(column.nodes)) * row_h / 2
        for j, node in enumerate(column.nodes):
            place[node.id] = (xs[i], top + 20 + offset + row_h * j, i)
    flip = _Flip(width, rtl)
    parts = []
    for i, column in enumerate(columns):
        parts.append(flip.text(xs[i], top, column.label, size=13, anchor="middle", weight="bold", limit=34))
    if not place:
        parts.append(flip.text(width / 2, top + 60, empty_label, size=13, anchor="middle", fill=MUTED))
        return _svg(
            width, top + 120, title, "".join(parts), description=description, standalone=standalone, rtl=rtl
        )
    for edge in edges:
        if edge.source not in place or edge.target not in place:
            continue
        x1, y1, c1 = place[edge.source]
        x2, y2, c2 = place[edge.target]
        stroke = 1 + 1.5 * math.log2(max(edge.weight, 1))
        tip = f"<title>{esc(edge.detail)}</title>" if edge.detail else ""
        if c1 == c2:
            bulge = 40 + abs(y2 - y1) * 0.25
            # Towards the middle, away from the labels (left of the first of two columns, else right).
            cx = x1 + (bulge if n == 2 and c1 == 0 else -bulge)
            parts.append(
                f'<path d="M{flip.x(x1):.1f},{y1:.1f} Q{flip.x(cx):.1f},{(y1 + y2) / 2:.1f} {flip.x(x2):.1f},{y2:.1f}" fill="none"'
                f' stroke="{MUTED}" stroke-opacity="0.7" stroke-width="{stroke:.1f}" stroke-dasharray="5 3">{tip}</path>'
            )
        else:
            parts.append(
                f'<line x1="{flip.x(x1):.1f}" y1="{y1:.1f}" x2="{flip.x(x2):.1f}" y2="{y2:.1f}" stroke="{MUTED}"'
                f' stroke-opacity="0.6" stroke-width="{stroke:.1f}">{tip}</line>'
            )
    for i, column in enumerate(columns):
        left = n == 2 and i == 0
        for node in column.nodes:
            x, y, _c = place[node.id]
            colour = colours.get(node.category, YELLOW)
            tip = f"<title>{esc(node.label)}{' — ' + esc(node.detail) if node.detail else ''}</title>"
            if node.square:
                parts.append(
                    f'<rect x="{flip.box(x - 7, 14):.1f}" y="{y - 7:.1f}" width="14" height="14" fill="{colour}" stroke="#333333">{tip}</rect>'
                )
            else:
                parts.append(
                    f'<circle cx="{flip.x(x):.1f}" cy="{y:.1f}" r="8" fill="{colour}" stroke="#333333">{tip}</circle>'
                )
            if left:
                parts.append(flip.text(x - 14, y + 4, node.label, size=11, anchor="end", limit=36))
            else:
                parts.append(flip.text(x + 14, y + 4, node.label, size=11, limit=36 if n <= 2 else 26))
    bottom = top + 20 + row_h * rows
    used = {node.category for column in columns for node in column.nodes}
    legend, legend_h = _legend(
        12,
        bottom + 20,
        [(colours.get(k, YELLOW), label) for k, label in categories if k in used],
        width=width - 24,
        shape="circle",
        flip=flip,
    )
    parts.append(legend)
    y = bottom + 20 + legend_h + 4
    parts.append(
        f'<line x1="{flip.x(12):g}" y1="{y - 4:.1f}" x2="{flip.x(40):g}" y2="{y - 4:.1f}" stroke="{MUTED}" stroke-width="2"/>'
    )
    parts.append(flip.text(46, y, between_label, size=11))
    x2 = 46 + width_of(between_label, 11) + 30
    parts.append(
        f'<line x1="{flip.x(x2):.1f}" y1="{y - 4:.1f}" x2="{flip.x(x2 + 28):.1f}" y2="{y - 4:.1f}" stroke="{MUTED}" stroke-width="2" stroke-dasharray="5 3"/>'
    )
    parts.append(flip.text(x2 + 34, y, within_label, size=11))
    return _svg(width, y + 16, title, "".join(parts), description=description, standalone=standalone, rtl=rtl)
