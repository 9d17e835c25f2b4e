"""Splitting a text into segments by the codings that cover them, for showing overlaps.

Pure: takes the text length and (id, start, end) triples, returns segments,
so it is tested without a database and used by the coding page.
"""

from __future__ import annotations

import re
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


def lanes(spans: Iterable[tuple[int, int, int]]) -> dict[int, int]:
    """A lane for each coding's stripe in the margin: codings that overlap get different lanes, side
    by side, and as few lanes as the most codings over one place (each takes the lowest free lane,
    in the order they start)."""
    ends: list[int] = []  # per lane, where its last coding ends
    placed: dict[int, int] = {}
    for ident, start, end in sorted(spans, key=lambda span: (span[1], -span[2], span[0])):
        lane = next((index for index, last in enumerate(ends) if last <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        placed[ident] = lane
    return placed


_WORD = re.compile(r"\S+")


def moved_by_word(text: str, start: int, end: int, edge: str, step: int) -> tuple[int, int]:
    """The passage ``[start, end)`` of ``text`` with one edge moved by a word (words are what stands
    between spaces, so punctuation and emoji go with their word): ``edge`` is ``"start"`` or
    ``"end"``, ``step`` -1 (towards the beginning) or +1. A move that would leave no word, or has no
    word to go to, leaves the passage as it is."""
    words = [(match.start(), match.end()) for match in _WORD.finditer(text)]
    if edge == "start":
        starts = [left for left, _right in words]
        if step < 0:
            earlier = [left for left in starts if left < start]
            return (earlier[-1], end) if earlier else (start, end)
        later = [left for left in starts if start < left < end]
        return (later[0], end) if later else (start, end)
    ends = [right for _left, right in words]
    if step > 0:
        later = [right for right in ends if right > end]
        return (start, later[0]) if later else (start, end)
    earlier = [right for right in ends if start < right < end]
    return (start, earlier[-1]) if earlier else (start, end)
