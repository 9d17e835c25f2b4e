"""Relations between codes: co-occurrence, and set algebra over coded ranges.

Pure Python over plain records, like the rest of :mod:`mutuality.analysis`:
codings come in as :class:`~mutuality.analysis.agreement.Span` (or anything
with the same attributes), ranges as ``(source, start, end)`` tuples.
Offsets count code points, ``end`` exclusive, within one source (in the
application: one source version).

Co-occurrence
    :func:`cooccurrence` finds the pairs of codings of two different codes
    that lie on overlapping or nearby text of the same source. The *distance*
    between two codings is how far apart their nearest characters are: 0 when
    they share a character (overlap), 1 when they touch (one ends where the
    other starts), 11 when ten characters lie between them. Two codings
    co-occur when their distance is at most the ``distance`` asked for, so the
    default ``distance=0`` counts overlapping codings only.

Interval algebra: queries such as "A AND B", "A OR B", "A AND NOT B"
    A set of passages is a set of characters, written as ranges
    ``(source, start, end)``. :func:`normalise` brings any list of ranges into
    canonical form: sorted by source and start, empty ranges dropped, and
    ranges that overlap or touch merged, so every character is in at most one
    range and the ranges are maximal. On canonical forms the operations are
    those on sets of characters, per source:

    * :func:`union` — ``A OR B``: characters in A's ranges or B's;
    * :func:`intersect` — ``A AND B``: characters in both, i.e. where an A
      range and a B range overlap (the overlapping part only);
    * :func:`subtract` — ``A AND NOT B``: characters of A's ranges that no B
      range covers.

    Every function accepts ranges in any order, overlapping or not, and
    returns the canonical form, so results can be fed into the next operation
    (:func:`combine` does that left to right). Each costs
    ``O(n log n)`` for sorting plus a linear sweep, never per character.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Literal

from mutuality.analysis.agreement import Span

__all__ = [
    "OPERATORS",
    "Interval",
    "Operator",
    "combine",
    "cooccurrence",
    "intersect",
    "normalise",
    "subtract",
    "union",
]

Interval = tuple[Hashable, int, int]
Operator = Literal["and", "or", "not"]
Pair = tuple[Span, Span]


def _precedes(first: Hashable, second: Hashable) -> bool:
    """Whether code ``first`` sorts before ``second`` (codes are ids or names, of one kind in a run)."""
    return bool(first < second)  # type: ignore[operator]


def _ordered(values: Iterable[Hashable]) -> list[Hashable]:
    """Values in their natural order, or by type and repr where they do not compare."""
    values = list(values)
    try:
        return sorted(values)  # type: ignore[type-var]
    except TypeError:
        return sorted(values, key=lambda value: (type(value).__name__, repr(value)))


# --- Co-occurrence -------------------------------------------------------------------


def cooccurrence(
    spans: Iterable[Span],
    distance: int = 0,
    *,
    coders: Iterable[Hashable] | None = None,
    same_coder: bool = False,
) -> dict[tuple[Hashable, Hashable], list[Pair]]:
    """Pairs of codings of two different codes on overlapping or nearby text of one source.

    Returns, for every pair of codes ``(code_a, code_b)`` with ``code_a <
    code_b`` that co-occur at least once, the list of coding pairs
    ``(span of code_a, span of code_b)``, sorted by source, then by the
    starts and ends of the two spans. Codes must be orderable (ids, names).
    Codings of the same code never pair with each other. The keys come in
    sorted order.

    ``distance`` (characters, ``>= 0``) is the largest distance between the
    nearest characters of two codings that still counts: 0 for overlapping
    codings only, 1 also for touching ones (see the module docstring).
    ``coders`` keeps only the codings of these coders (default: every
    coder, so one coder's code can pair with another coder's);
    ``same_coder=True`` pairs only codings made by the same coder.

    Every pair of codings is counted: if two coders both applied code A to a
    passage that carries code B, that is two pairs. Per source the spans are
    sorted by start and swept once, keeping the spans that can still reach
    the next start in a heap by end, so the cost is ``O(n log n)`` plus the
    number of pairs found.
    """
    if isinstance(distance, bool) or not isinstance(distance, int) or distance < 0:
        raise ValueError(f"distance must be a whole number of characters, 0 or more, got {distance!r}")
    wanted = None if coders is None else set(coders)
    by_source: dict[Hashable, list[Span]] = defaultdict(list)
    for span in spans:
        if span.start >= span.end:
            raise ValueError(f"a coding must cover at least one character, got {span!r}")
        if wanted is None or span.coder in wanted:
            by_source[span.source].append(span)

    found: dict[tuple[Hashable, Hashable], list[tuple[tuple[int, ...], Pair]]] = defaultdict(list)
    for rank, source in enumerate(_ordered(by_source)):
        ordered = sorted(by_source[source], key=lambda span: (span.start, span.end))
        # Spans seen so far whose reach (end + distance) may still cover a later start,
        # as (end + distance, position in `ordered`) so the heap pops the first to fall behind.
        active: list[tuple[int, int]] = []
        for index, span in enumerate(ordered):
            while active and active[0][0] <= span.start:
                heapq.heappop(active)
            # Every remaining earlier span starts at or before span.start and reaches past it:
            # their distance is at most `distance`.
            for _reach, earlier_index in active:
                earlier = ordered[earlier_index]
                if earlier.code == span.code or (same_coder and earlier.coder != span.coder):
                    continue
                first, second = (earlier, span) if _precedes(earlier.code, span.code) else (span, earlier)
                key = (rank, first.start, first.end, second.start, second.end)
                found[first.code, second.code].append((key, (first, second)))
            heapq.heappush(active, (span.end + distance, index))

    return {
        codes: [pair for _key, pair in sorted(found[codes], key=lambda item: item[0])]
        for codes in sorted(found)
    }


# --- Interval algebra ------------------------------------------------------------------


def _by_source(intervals: Iterable[Interval]) -> dict[Hashable, list[tuple[int, int]]]:
    """Ranges grouped by source, each group merged: sorted, disjoint, not touching."""
    grouped: dict[Hashable, list[tuple[int, int]]] = defaultdict(list)
    for source, start, end in intervals:
        if start > end:
            raise ValueError(f"a range cannot end before it starts: {(source, start, end)!r}")
        if start < end:
            grouped[source].append((start, end))
    merged: dict[Hashable, list[tuple[int, int]]] = {}
    for source, ranges in grouped.items():
        ranges.sort()
        runs: list[list[int]] = []
        for start, end in ranges:
            if runs and start <= runs[-1][1]:  # overlapping or touching: one range
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        merged[source] = [(start, end) for start, end in runs]
    return merged


def _flatten(grouped: dict[Hashable, list[tuple[int, int]]]) -> list[Interval]:
    return [(source, start, end) for source in _ordered(grouped) for start, end in grouped[source]]


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    """The canonical form of ``intervals``: sorted, non-empty, overlapping or touching ranges merged."""
    return _flatten(_by_source(intervals))


def union(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """``A OR B``: the characters in any range of ``a`` or of ``b``, merged."""
    return normalise([*a, *b])


def _pairwise(
    a: Iterable[Interval],
    b: Iterable[Interval],
    sweep: Callable[[list[tuple[int, int]], list[tuple[int, int]]], list[tuple[int, int]]],
    keep_a_only: bool,
) -> list[Interval]:
    left, right = _by_source(a), _by_source(b)
    result: dict[Hashable, list[tuple[int, int]]] = {}
    for source, ranges in left.items():
        if source in right:
            found = sweep(ranges, right[source])
        else:
            found = ranges if keep_a_only else []
        if found:
            result[source] = found
    return _flatten(result)


def _intersect_sorted(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            found.append((start, end))
        # Move past whichever range ends first; the other may overlap the next one.
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return found  # disjoint and not touching: parts of disjoint, non-touching ranges of `a`


def _subtract_sorted(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    j = 0
    for start, end in a:
        # Ranges of b that end before this range starts cannot touch it or any later one.
        while j < len(b) and b[j][1] <= start:
            j += 1
        position = start
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > position:
                found.append((position, b[k][0]))
            position = max(position, b[k][1])
            k += 1
        if position < end:
            found.append((position, end))
    return found


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """``A AND B``: the characters in both a range of ``a`` and a range of ``b`` (the overlaps), merged."""
    return _pairwise(a, b, _intersect_sorted, keep_a_only=False)


def subtract(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """``A AND NOT B``: the characters of ``a``'s ranges that no range of ``b`` covers, merged."""
    return _pairwise(a, b, _subtract_sorted, keep_a_only=True)


OPERATORS: dict[str, Callable[[Iterable[Interval], Iterable[Interval]], list[Interval]]] = {
    "and": intersect,
    "or": union,
    "not": subtract,
}


def combine(
    first: Iterable[Interval], steps: Sequence[tuple[Operator, Iterable[Interval]]]
) -> list[Interval]:
    """Evaluate ``first op1 second op2 third …`` strictly left to right.

    ``steps`` are ``(operator, ranges)`` with operator ``"and"``
    (:func:`intersect`), ``"or"`` (:func:`union`) or ``"not"`` (meaning
    "and not": :func:`subtract`). So ``A or B and C`` is ``(A or B) and C``.
    The result is in canonical form, also without any step.
    """
    result = normalise(first)
    for operator, ranges in steps:
        if operator not in OPERATORS:
            raise ValueError(f"unknown operator {operator!r}; use one of {', '.join(OPERATORS)}")
        result = OPERATORS[operator](result, ranges)
    return result
