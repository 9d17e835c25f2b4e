"""Inter-coder agreement for qualitative coding, at character and segment level.

When two or more people code the same documents with the same codebook, their
agreement says how far the codebook is applied consistently, and their
disagreements show where codes need sharper definitions. This module computes
both from plain records (:class:`Span`) and the length of every source, with
the standard library only.

Which sources are compared
    Only sources that *every* compared coder coded, where "coded by" a coder
    means the source has at least one coding by that coder (of any code). A
    source that one coder has not looked at yet would otherwise count as
    massive disagreement (or, for codes nobody applied there, as agreement),
    which measures workload rather than the codebook.

Why two levels
    *Character level* treats each character of a shared source as a unit: for
    each code, a coder's value is 1 when the character lies inside any of that
    coder's codings of the code. It rewards coders who mark the same extent of
    text, and penalises one coder marking a sentence where the other marks the
    paragraph. Because most characters are coded by nobody, it is dominated by
    agreement on uncoded text.

    *Segment level* forgives differing boundaries: the units are the segments
    made by merging every compared coder's codings (any code) of a source
    where they overlap or touch, and a coder's value for a segment and a code
    is 1 when the coder applied that code to any text in the segment. It asks
    "did both coders see this passage as an instance of the code?". Reporting
    both shows whether disagreement is about *what* a passage is or only about
    *where* it starts and ends.

Statistics, per code and overall
    Each unit carries one binary value per coder. With ``N`` units:

    * percent agreement: the share of units on which all coders give the same
      value;
    * Cohen's kappa (exactly two coders): ``kappa = (po - pe) / (1 - pe)``,
      with ``po`` the observed share of agreeing units and
      ``pe = pA * pB + (1 - pA) * (1 - pB)`` the agreement expected from each
      coder's own rate ``pA``, ``pB`` of applying the code;
    * Krippendorff's alpha for nominal data (any number of coders, here with no
      missing values): ``alpha = 1 - Do / De``. From the coincidence matrix
      ``o[c][k] = sum over units of (pairs of values c, k in the unit) / (m - 1)``
      with ``m`` coders and ``n = m * N`` pairable values, of which ``n0`` are 0
      and ``n1`` are 1: ``Do = (o[0][1] + o[1][0]) / n`` and
      ``De = 2 * n0 * n1 / (n * (n - 1))``, so
      ``alpha = 1 - (n - 1) * o[0][1] / (n0 * n1)``.

    *Overall* pools the codes: every (unit, code) pair is one unit, so the
    statistics are computed from the per-code counts added together.

    Kappa is ``None`` when ``pe == 1`` (both coders gave one and the same value
    to every unit, so chance alone explains the agreement and the ratio is
    0/0). Alpha is ``None`` when ``De == 0`` (only one value occurs at all).
    Kappa is also ``None`` when more than two coders are compared: Cohen's
    kappa is defined for pairs; alpha covers larger groups.

Efficiency
    A corpus of 1,000 sources of 30,000 characters and 60 codes has 1.8 billion
    (character, code) units, so nothing here builds per-character arrays. The
    contingency counts come from interval arithmetic: one sweep over the sorted
    boundaries of the codings of each (source, code), which costs time in the
    number of codings, not characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "AgreementError",
    "AgreementReport",
    "AgreementResult",
    "Disagreement",
    "Level",
    "Span",
    "character_agreement",
    "cohen_kappa",
    "disagreements",
    "krippendorff_alpha",
    "percent_agreement",
    "segment_agreement",
]

Level = Literal["character", "segment"]
Pattern = tuple[bool, ...]


class AgreementError(ValueError):
    """The codings or the request cannot give a meaningful agreement; the message says why."""


@dataclass(frozen=True)
class Span:
    """One coding: ``coder`` applied ``code`` to ``source[start:end]``.

    Offsets count code points (Python string indices), ``end`` exclusive, so
    ``0 <= start < end <= length of the source``. The functions below check
    this and raise :class:`AgreementError` naming the offending coding.
    """

    source: Hashable
    start: int
    end: int
    code: Hashable
    coder: Hashable

    @classmethod
    def from_mapping(cls, record: Mapping[str, Any]) -> Span:
        """Build a span from a mapping with keys ``source, start, end, code, coder``.

        Extra keys are ignored, so rows from a database query or a data file
        can be passed as they are.
        """
        missing = [key for key in ("source", "start", "end", "code", "coder") if key not in record]
        if missing:
            raise AgreementError(f"a coding lacks {', '.join(missing)}: {dict(record)!r}")
        return cls(
            source=record["source"],
            start=record["start"],
            end=record["end"],
            code=record["code"],
            coder=record["coder"],
        )


@dataclass(frozen=True)
class AgreementResult:
    """Agreement on one code (``code``), or pooled over all codes (``code is None``).

    ``counts`` maps a pattern of values, one ``bool`` per coder in the order of
    the report's ``coders``, to the number of units with that pattern; patterns
    that never occur are left out (use :meth:`count`). For two coders A and B,
    ``count(True, True)`` is "both", ``count(True, False)`` "A only",
    ``count(False, True)`` "B only" and ``count(False, False)`` "neither".
    ``kappa`` and ``alpha`` are ``None`` where undefined (see the module
    docstring).
    """

    code: Hashable | None
    level: Level
    units: int
    percent: float
    kappa: float | None
    alpha: float | None
    counts: Mapping[Pattern, int]

    def count(self, *values: bool) -> int:
        """Units on which the coders gave exactly ``values`` (in the order of the coders)."""
        return self.counts.get(tuple(values), 0)


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of ``coders`` at one ``level`` over the ``sources`` they all coded.

    ``by_code`` holds one result per compared code, in the order of the
    ``codes`` asked for (by default sorted); ``overall`` pools them. A code's result does not depend on which other codes were
    asked for, only ``overall`` does.
    """

    level: Level
    coders: tuple[Hashable, ...]
    sources: tuple[Hashable, ...]
    by_code: Mapping[Hashable, AgreementResult]
    overall: AgreementResult


@dataclass(frozen=True)
class Disagreement:
    """A maximal range ``source[start:end]`` that only ``coded_by`` coded with ``code``."""

    source: Hashable
    start: int
    end: int
    code: Hashable
    coded_by: Hashable


# --- Statistics from pattern counts -----------------------------------------


def _tally(counts: Mapping[Pattern, int]) -> tuple[int, int]:
    """Number of coders and number of units behind ``counts``; rejects ragged or empty counts."""
    widths = {len(pattern) for pattern in counts}
    if len(widths) != 1:
        raise AgreementError(
            "counts must give one value per coder, the same number of coders for every pattern"
        )
    (coders,) = widths
    if coders < 2:
        raise AgreementError(f"agreement needs at least two coders, got {coders}")
    units = sum(counts.values())
    if units <= 0:
        raise AgreementError("agreement needs at least one unit")
    return coders, units


def percent_agreement(counts: Mapping[Pattern, int]) -> float:
    """Share of units on which all coders gave the same value."""
    coders, units = _tally(counts)
    agreeing = counts.get((True,) * coders, 0) + counts.get((False,) * coders, 0)
    return agreeing / units


def cohen_kappa(counts: Mapping[Pattern, int]) -> float | None:
    """Cohen's kappa for two coders: ``(po - pe) / (1 - pe)``; ``None`` when ``pe == 1``.

    Computed in integers (everything multiplied by ``N**2``) so that the only
    rounding is the final division, even for billions of units.
    """
    coders, units = _tally(counts)
    if coders != 2:
        raise AgreementError(f"Cohen's kappa compares two coders, got {coders}; use Krippendorff's alpha")
    first = sum(n for (a, _), n in counts.items() if a)
    second = sum(n for (_, b), n in counts.items() if b)
    agreeing = counts.get((True, True), 0) + counts.get((False, False), 0)
    expected = first * second + (units - first) * (units - second)  # pe * N**2
    denominator = units * units - expected  # (1 - pe) * N**2
    if denominator == 0:
        return None
    return (units * agreeing - expected) / denominator


def krippendorff_alpha(counts: Mapping[Pattern, int]) -> float | None:
    """Krippendorff's alpha for nominal (here binary) values and no missing data.

    With ``m`` coders, a unit where ``k`` coders gave 1 contributes
    ``k * (m - k) / (m - 1)`` to the off-diagonal coincidence ``o[0][1]``, so
    ``alpha = 1 - (n - 1) * o[0][1] / (n0 * n1)``; ``None`` when only one value
    occurs (``n0 * n1 == 0``, expected disagreement 0).
    """
    coders, units = _tally(counts)
    pairable = coders * units
    ones = sum(n * sum(pattern) for pattern, n in counts.items())
    zeros = pairable - ones
    # sum over units of k * (m - k): that is (m - 1) * o[0][1].
    mismatched = sum(n * sum(pattern) * (coders - sum(pattern)) for pattern, n in counts.items())
    expected = (coders - 1) * zeros * ones
    if expected == 0:
        return None
    return (expected - (pairable - 1) * mismatched) / expected


def _result(code: Hashable | None, level: Level, counts: Mapping[Pattern, int]) -> AgreementResult:
    coders = len(next(iter(counts)))
    return AgreementResult(
        code=code,
        level=level,
        units=sum(counts.values()),
        percent=percent_agreement(counts),
        kappa=cohen_kappa(counts) if coders == 2 else None,
        alpha=krippendorff_alpha(counts),
        counts=counts,
    )


# --- Preparing the codings -----------------------------------------------------


def _ordered(values: Iterable[Hashable]) -> list[Hashable]:
    """Values in their natural order, or by type and repr where they do not compare."""
    values = list(values)
    try:
        return sorted(values)  # type: ignore[type-var]
    except TypeError:
        return sorted(values, key=lambda value: (type(value).__name__, repr(value)))


def _check_span(span: Span, source_lengths: Mapping[Hashable, int]) -> None:
    where = f"coding of code {span.code} by coder {span.coder} in source {span.source}"
    for name, offset in (("start", span.start), ("end", span.end)):
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise AgreementError(f"{where}: {name} must be an integer offset, got {offset!r}")
    if span.source not in source_lengths:
        raise AgreementError(f"{where} [{span.start}, {span.end}): the source has no length given")
    length = source_lengths[span.source]
    if span.start >= span.end:
        raise AgreementError(f"{where}: start {span.start} is not before end {span.end}")
    if span.start < 0 or span.end > length:
        raise AgreementError(
            f"{where}: [{span.start}, {span.end}) falls outside the source's {length} characters"
        )


def _join(values: Iterable[Hashable]) -> str:
    names = [str(value) for value in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class _Prepared:
    coders: tuple[Hashable, ...]
    sources: tuple[Hashable, ...]
    codes: tuple[Hashable, ...]
    # (start, end, coder bit) of the compared coders' codings in shared sources.
    by_source_code: Mapping[tuple[Hashable, Hashable], list[tuple[int, int, int]]]


def _prepare(
    spans: Iterable[Span],
    source_lengths: Mapping[Hashable, int],
    coders: Iterable[Hashable],
    codes: Iterable[Hashable] | None,
) -> _Prepared:
    coders = tuple(coders)
    if len(coders) < 2:
        raise AgreementError(
            f"agreement needs at least two coders, got {len(coders)}: {_join(coders) if coders else 'none'}"
        )
    bits: dict[Hashable, int] = {}
    for coder in coders:
        if coder in bits:
            raise AgreementError(f"coder {coder} is listed twice")
        bits[coder] = 1 << len(bits)

    spans = list(spans)
    coded_by: dict[Hashable, set[Hashable]] = defaultdict(set)
    for span in spans:
        _check_span(span, source_lengths)
        if span.coder in bits:
            coded_by[span.source].add(span.coder)
    shared = {source for source, who in coded_by.items() if len(who) == len(coders)}
    if not shared:
        raise AgreementError(f"coders {_join(coders)} have no source in common")

    by_source_code: dict[tuple[Hashable, Hashable], list[tuple[int, int, int]]] = defaultdict(list)
    for span in spans:
        if span.source in shared and span.coder in bits:
            by_source_code[span.source, span.code].append((span.start, span.end, bits[span.coder]))

    if codes is None:
        chosen = _ordered({code for _, code in by_source_code})
    else:
        chosen = list(dict.fromkeys(codes))
        if not chosen:
            raise AgreementError("no codes to compare")
    return _Prepared(coders, tuple(_ordered(shared)), tuple(chosen), by_source_code)


def _runs(intervals: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Sweep line: maximal ranges ``(start, end, mask)`` covered by the coders in ``mask``.

    ``intervals`` are ``(start, end, coder bit)``. A coder's overlapping or
    touching codings count once, because each coder's depth is tracked and the
    bit is set while the depth is positive. Uncovered ranges are left out.
    """
    events: list[tuple[int, int, int]] = []
    for start, end, bit in intervals:
        events.append((start, 1, bit))
        events.append((end, -1, bit))
    events.sort()
    runs: list[tuple[int, int, int]] = []
    depth: dict[int, int] = defaultdict(int)
    mask = 0
    previous = 0
    for position, delta, bit in events:
        if position > previous and mask:
            if runs and runs[-1][1] == previous and runs[-1][2] == mask:
                runs[-1] = (runs[-1][0], position, mask)
            else:
                runs.append((previous, position, mask))
        previous = position
        depth[bit] += delta
        if depth[bit]:
            mask |= bit
        else:
            mask &= ~bit
    return runs


def _patterns(mask_counts: Mapping[int, int], units: int, coders: int) -> dict[Pattern, int]:
    """Counts by coder mask, plus the uncovered rest, as counts by pattern of values."""
    counts: dict[Pattern, int] = {}
    rest = units - sum(mask_counts.values())
    if rest:
        counts[(False,) * coders] = rest
    for mask in sorted(mask_counts, reverse=True):
        if mask_counts[mask]:
            counts[tuple(bool(mask >> index & 1) for index in range(coders))] = mask_counts[mask]
    return counts


def _report(
    level: Level, prepared: _Prepared, by_code: Mapping[Hashable, Mapping[int, int]], units: int
) -> AgreementReport:
    coders = len(prepared.coders)
    results: dict[Hashable, AgreementResult] = {}
    pooled: dict[int, int] = defaultdict(int)
    for code in prepared.codes:
        mask_counts = by_code.get(code, {})
        for mask, n in mask_counts.items():
            pooled[mask] += n
        results[code] = _result(code, level, _patterns(mask_counts, units, coders))
    overall = _result(None, level, _patterns(pooled, units * len(prepared.codes), coders))
    return AgreementReport(level, prepared.coders, prepared.sources, results, overall)


# --- Public entry points ---------------------------------------------------------


def character_agreement(
    spans: Iterable[Span],
    source_lengths: Mapping[Hashable, int],
    coders: Iterable[Hashable],
    *,
    codes: Iterable[Hashable] | None = None,
) -> AgreementReport:
    """Agreement of ``coders`` with every character of every shared source as a unit.

    ``coders`` is a sequence (its order is the order of values in the result
    ``counts``) of at least two coders. ``codes`` defaults to every code the
    compared coders applied in the shared sources; a code nobody applied there
    gets a result too, with all units "neither". Spans of other coders are
    checked but otherwise ignored.
    """
    prepared = _prepare(spans, source_lengths, coders, codes)
    wanted = set(prepared.codes)
    by_code: dict[Hashable, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (_, code), intervals in prepared.by_source_code.items():
        if code not in wanted:
            continue
        counts = by_code[code]
        for start, end, mask in _runs(intervals):
            counts[mask] += end - start
    units = sum(source_lengths[source] for source in prepared.sources)
    return _report("character", prepared, by_code, units)


def segment_agreement(
    spans: Iterable[Span],
    source_lengths: Mapping[Hashable, int],
    coders: Iterable[Hashable],
    *,
    codes: Iterable[Hashable] | None = None,
) -> AgreementReport:
    """Agreement of ``coders`` with the coded segments of the shared sources as units.

    A source's segments are the union of all compared coders' codings of any
    code (also codes outside ``codes``, so a code's result does not depend on
    which other codes were asked for), merged where they overlap or touch.
    Every coding therefore lies in exactly one segment, and a coder's value
    for (segment, code) is 1 when the coder applied the code inside it.
    Arguments as for :func:`character_agreement`.
    """
    prepared = _prepare(spans, source_lengths, coders, codes)
    intervals_by_source: dict[Hashable, list[tuple[int, int]]] = defaultdict(list)
    for (source, _), intervals in prepared.by_source_code.items():
        intervals_by_source[source].extend((start, end) for start, end, _ in intervals)

    segment_starts: dict[Hashable, list[int]] = {}
    for source, ranges in intervals_by_source.items():
        ranges.sort()
        starts: list[int] = []
        reach = -1
        for start, end in ranges:
            if start > reach:  # a gap: a new segment; touching spans (start == reach) merge
                starts.append(start)
            reach = max(reach, end)
        segment_starts[source] = starts
    units = sum(len(starts) for starts in segment_starts.values())

    wanted = set(prepared.codes)
    by_code: dict[Hashable, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (source, code), intervals in prepared.by_source_code.items():
        if code not in wanted:
            continue
        starts = segment_starts[source]
        masks: dict[int, int] = defaultdict(int)
        for start, _, bit in intervals:
            masks[bisect_right(starts, start) - 1] |= bit
        counts = by_code[code]
        for mask in masks.values():
            counts[mask] += 1
    return _report("segment", prepared, by_code, units)


def disagreements(
    spans: Iterable[Span],
    source_lengths: Mapping[Hashable, int],
    coders: Iterable[Hashable],
    *,
    codes: Iterable[Hashable] | None = None,
) -> list[Disagreement]:
    """Where two coders disagree: maximal ranges that exactly one of them coded with a code.

    Only the shared sources count, as for the statistics. The list is sorted
    by source, start, end and code (natural order where the values compare,
    else by type name and repr), which is reading order within a source.
    """
    prepared = _prepare(spans, source_lengths, coders, codes)
    if len(prepared.coders) != 2:
        raise AgreementError(f"disagreements are listed for two coders at a time, got {len(prepared.coders)}")
    wanted = set(prepared.codes)
    source_rank = {source: rank for rank, source in enumerate(prepared.sources)}
    codes_in_order = _ordered(wanted)
    code_rank = {code: rank for rank, code in enumerate(codes_in_order)}
    found: list[tuple[int, int, int, int, int]] = []
    for (source, code), intervals in prepared.by_source_code.items():
        if code not in wanted:
            continue
        ranks = (source_rank[source], code_rank[code])
        # _runs merges touching runs with the same coders, so each range is maximal.
        for start, end, mask in _runs(intervals):
            if mask in (1, 2):
                found.append((ranks[0], start, end, ranks[1], mask))
    found.sort()
    return [
        Disagreement(prepared.sources[source], start, end, codes_in_order[code], prepared.coders[mask - 1])
        for source, start, end, code, mask in found
    ]
