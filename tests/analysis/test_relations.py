"""Interval algebra and co-occurrence: hand-made cases and brute-force cross-checks per character."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutuality.analysis.agreement import Span
from mutuality.analysis.relations import (
    Interval,
    combine,
    cooccurrence,
    intersect,
    normalise,
    subtract,
    union,
)

# --- A brute-force model: sets of (source, character position) ---------------------------


def characters(intervals: Iterable[Interval]) -> set[tuple[str, int]]:
    return {(source, position) for source, start, end in intervals for position in range(start, end)}


def runs(chars: set[tuple[str, int]]) -> list[Interval]:
    """Maximal runs of consecutive characters: the canonical form, built the slow way."""
    found: list[list] = []
    for source, position in sorted(chars):
        if found and found[-1][0] == source and found[-1][2] == position:
            found[-1][2] = position + 1
        else:
            found.append([source, position, position + 1])
    return [tuple(run) for run in found]


intervals_strategy = st.lists(
    st.builds(
        lambda source, start, length: (source, start, start + length),
        st.sampled_from(["s1", "s2", "s3"]),
        st.integers(0, 40),
        st.integers(0, 12),
    ),
    max_size=12,
)


# --- Interval algebra by hand ---------------------------------------------------------------


def test_normalise_sorts_drops_empty_and_merges_overlapping_and_touching_ranges():
    ranges = [("b", 5, 9), ("a", 10, 12), ("a", 0, 4), ("a", 3, 6), ("a", 6, 8), ("a", 20, 20)]
    assert normalise(ranges) == [("a", 0, 8), ("a", 10, 12), ("b", 5, 9)]


def test_and_keeps_only_the_overlapping_part_within_one_source():
    a = [("s", 0, 10), ("s", 20, 30), ("t", 0, 10)]
    b = [("s", 5, 25), ("u", 0, 10)]
    assert intersect(a, b) == [("s", 5, 10), ("s", 20, 25)]


def test_or_merges_both_codes_ranges():
    assert union([("s", 0, 5), ("s", 10, 12)], [("s", 4, 8), ("t", 1, 2)]) == [
        ("s", 0, 8),
        ("s", 10, 12),
        ("t", 1, 2),
    ]


def test_not_cuts_the_covered_parts_out_and_keeps_the_rest():
    a = [("s", 0, 20), ("t", 0, 5)]
    b = [("s", 3, 5), ("s", 8, 10), ("s", 18, 30)]
    assert subtract(a, b) == [("s", 0, 3), ("s", 5, 8), ("s", 10, 18), ("t", 0, 5)]
    assert subtract(a, a) == []


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        normalise([("s", 5, 4)])


def test_combine_reads_left_to_right():
    a, b, c = [("s", 0, 10)], [("s", 20, 30)], [("s", 5, 25)]
    # (A OR B) AND C, not A OR (B AND C).
    assert combine(a, [("or", b), ("and", c)]) == [("s", 5, 10), ("s", 20, 25)]
    assert combine(a, [("not", c)]) == [("s", 0, 5)]
    assert combine([("s", 3, 4), ("s", 0, 3)], []) == [("s", 0, 4)]
    with pytest.raises(ValueError):
        combine(a, [("xor", b)])  # type: ignore[list-item]


# --- Interval algebra against the per-character model ---------------------------------------


@settings(max_examples=300)
@given(intervals_strategy)
def test_normalise_is_the_set_of_characters_in_maximal_runs(a):
    assert normalise(a) == runs(characters(a))


@settings(max_examples=300)
@given(intervals_strategy, intervals_strategy)
def test_the_operations_are_those_on_sets_of_characters(a, b):
    assert union(a, b) == runs(characters(a) | characters(b))
    assert intersect(a, b) == runs(characters(a) & characters(b))
    assert subtract(a, b) == runs(characters(a) - characters(b))


@settings(max_examples=200)
@given(
    intervals_strategy,
    st.lists(st.tuples(st.sampled_from(["and", "or", "not"]), intervals_strategy), max_size=3),
)
def test_combine_matches_the_character_model_step_by_step(first, steps):
    expected = characters(first)
    for operator, ranges in steps:
        chars = characters(ranges)
        expected = {"and": expected & chars, "or": expected | chars, "not": expected - chars}[operator]
    assert combine(first, steps) == runs(expected)


@settings(max_examples=200)
@given(intervals_strategy, intervals_strategy)
def test_results_feed_back_in_unchanged(a, b):
    for result in (union(a, b), intersect(a, b), subtract(a, b)):
        assert normalise(result) == result


# --- Co-occurrence ------------------------------------------------------------------------------


def pairs_of(result):
    return {codes: [(x.start, x.end, y.start, y.end) for x, y in found] for codes, found in result.items()}


def test_overlapping_codings_of_different_codes_co_occur():
    spans = [
        Span("s", 0, 10, 1, "ann"),
        Span("s", 5, 15, 2, "bob"),
        Span("s", 12, 20, 1, "ann"),  # overlaps the code-2 coding too
        Span("s", 30, 40, 3, "ann"),  # alone
        Span("t", 0, 10, 2, "ann"),  # another source: never pairs with s
    ]
    assert pairs_of(cooccurrence(spans)) == {(1, 2): [(0, 10, 5, 15), (12, 20, 5, 15)]}


def test_distance_counts_how_far_apart_the_nearest_characters_are():
    # [0, 10) and [20, 30): ten characters (10..19) lie between; nearest characters 9 and 20 are 11 apart.
    apart = [Span("s", 0, 10, 1, "ann"), Span("s", 20, 30, 2, "ann")]
    assert cooccurrence(apart, 0) == {}
    assert cooccurrence(apart, 10) == {}
    assert pairs_of(cooccurrence(apart, 11)) == {(1, 2): [(0, 10, 20, 30)]}
    touching = [Span("s", 0, 10, 2, "ann"), Span("s", 10, 12, 1, "ann")]
    assert cooccurrence(touching) == {}
    # The pair is ordered by code: (span of code 1, span of code 2).
    assert pairs_of(cooccurrence(touching, 1)) == {(1, 2): [(10, 12, 0, 10)]}


def test_same_code_never_pairs_and_coders_can_be_chosen():
    spans = [
        Span("s", 0, 10, 1, "ann"),
        Span("s", 0, 10, 1, "bob"),
        Span("s", 2, 4, 2, "bob"),
    ]
    assert pairs_of(cooccurrence(spans)) == {(1, 2): [(0, 10, 2, 4), (0, 10, 2, 4)]}
    assert len(cooccurrence(spans, coders=["ann"])) == 0
    assert len(cooccurrence(spans, same_coder=True)[1, 2]) == 1
    assert cooccurrence(spans, same_coder=True)[1, 2][0][0].coder == "bob"


@pytest.mark.parametrize("distance", [-1, 1.5, True])
def test_a_bad_distance_is_refused(distance):
    with pytest.raises(ValueError):
        cooccurrence([], distance)


span_strategy = st.builds(
    lambda source, start, length, code, coder: Span(source, start, start + length, code, coder),
    st.sampled_from(["s1", "s2"]),
    st.integers(0, 40),
    st.integers(1, 10),
    st.integers(1, 4),
    st.sampled_from(["ann", "bob"]),
)


def brute_cooccurrence(spans, distance, same_coder=False):
    found: dict = {}
    for x, y in combinations(spans, 2):
        if x.source != y.source or x.code == y.code or (same_coder and x.coder != y.coder):
            continue
        shared = min(x.end, y.end) - max(x.start, y.start)  # > 0: characters in common
        nearest = 0 if shared > 0 else max(x.start, y.start) - (min(x.end, y.end) - 1)
        if nearest <= distance:
            first, second = (x, y) if x.code < y.code else (y, x)
            found.setdefault((first.code, second.code), []).append((first, second))
    return found


def canonical(result):
    return {codes: sorted(found, key=repr) for codes, found in result.items()}


@settings(max_examples=300)
@given(st.lists(span_strategy, max_size=15), st.integers(0, 15), st.booleans())
def test_cooccurrence_matches_checking_every_pair(spans, distance, same_coder):
    result = cooccurrence(spans, distance, same_coder=same_coder)
    assert canonical(result) == canonical(brute_cooccurrence(spans, distance, same_coder))
    assert list(result) == sorted(result)
    for found in result.values():
        keys = [(x.source, x.start, x.end, y.start, y.end) for x, y in found]
        assert keys == sorted(keys)
