"""Splitting a text into segments by the codings that cover them, for showing overlaps.

Pure: takes the text length and (id, start, end) triples, returns segments,
so it is tested without a database and used by the coding page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    codings: tuple[int, ...]


def segments(length: int, spans: Iterable[tuple[int, int, int]]) -> list[Segment]:
    """Consecutive segments covering ``[0, length)``, each with the ids of the codings over it."""
    spans = [(ident, max(0, start), min(length, end)) for ident, start, end in spans if start < end]
    cuts = sorted({0, length, *(s for _i, s, _e in spans), *(e for _i, _s, e in spans)})
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for ident, start, end in spans:
        starting.setdefault(start, []).append(ident)
        ending.setdefault(end, []).append(ident)
    active: set[int] = set()
    result = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        active.difference_update(ending.get(left, ()))
        active.update(starting.get(left, ()))
        if right > left:
            result.append(Segment(left, right, tuple(sorted(active))))
    return result
