"""Inter-coder agreement: hand-computed cases, brute-force and `krippendorff` cross-checks, errors."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import permutations

import krippendorff
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutuality.analysis.agreement import (
    AgreementError,
    AgreementResult,
    Disagreement,
    Span,
    character_agreement,
    cohen_kappa,
    disagreements,
    krippendorff_alpha,
    percent_agreement,
    segment_agreement,
)

# --- Hand-computed examples -----------------------------------------------------


def test_half_overlap_gives_kappa_zero_and_a_small_alpha() -> None:
    # One source of 20 characters, one code. A codes [0, 10), B codes [5, 15).
    #
    #                  B: yes   B: no
    #     A: yes         5        5      (both [5,10); A only [0,5))
    #     A: no          5        5      (B only [10,15); neither [15,20))
    #
    # N = 20; po = (5 + 5) / 20 = 0.5
    # pA = 10/20 = 0.5, pB = 10/20 = 0.5
    # pe = 0.5 * 0.5 + 0.5 * 0.5 = 0.5
    # kappa = (0.5 - 0.5) / (1 - 0.5) = 0
    #
    # Alpha: n = 2 coders * 20 units = 40 values; n1 = 10 + 10 = 20 ones, n0 = 20.
    # The 10 units with one 1 and one 0 each put 1/(m-1) = 1 into o[0][1] and o[1][0]:
    # o[0][1] = o[1][0] = 10.
    # Do = (o01 + o10) / n = 20 / 40 = 0.5
    # De = 2 * n0 * n1 / (n (n - 1)) = 800 / 1560 = 20/39
    # alpha = 1 - Do/De = 1 - 0.5 * 39/20 = 1 - 39/40 = 1/40 = 0.025
    spans = [Span("s1", 0, 10, "x", "A"), Span("s1", 5, 15, "x", "B")]
    report = character_agreement(spans, {"s1": 20}, ["A", "B"])
    result = report.by_code["x"]

    assert result.units == 20
    assert dict(result.counts) == {(True, True): 5, (True, False): 5, (False, True): 5, (False, False): 5}
    assert result.percent == pytest.approx(0.5)
    assert result.kappa == pytest.approx(0.0)
    assert result.alpha == pytest.approx(1 / 40)
    # The `krippendorff` package agrees.
    a = [1] * 10 + [0] * 10
    b = [0] * 5 + [1] * 10 + [0] * 5
    assert result.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
    )
    # With a single code the pooled result is the same.
    assert report.overall.counts == result.counts
    assert report.overall.code is None


def test_mostly_shared_coding_gives_kappa_seven_twelfths() -> None:
    # One source of 20 characters, one code. A codes [0, 8), B codes [2, 10).
    #
    #                  B: yes   B: no
    #     A: yes         6        2      (both [2,8); A only [0,2))
    #     A: no          2       10      (B only [8,10); neither [10,20))
    #
    # po = (6 + 10) / 20 = 0.8
    # pA = 8/20 = 0.4, pB = 8/20 = 0.4
    # pe = 0.4 * 0.4 + 0.6 * 0.6 = 0.16 + 0.36 = 0.52
    # kappa = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 7/12 ≈ 0.5833
    #
    # Alpha: n = 40 values; n1 = 8 + 8 = 16, n0 = 24; 4 mixed units → o01 = o10 = 4.
    # Do = 8 / 40 = 0.2; De = 2 * 24 * 16 / (40 * 39) = 768 / 1560
    # alpha = 1 - 0.2 * 1560 / 768 = 1 - 312/768 = 456/768 = 19/32 = 0.59375
    spans = [Span("s1", 0, 8, "x", "A"), Span("s1", 2, 10, "x", "B")]
    result = character_agreement(spans, {"s1": 20}, ["A", "B"]).by_code["x"]

    assert (result.count(True, True), result.count(True, False)) == (6, 2)
    assert (result.count(False, True), result.count(False, False)) == (2, 10)
    assert result.percent == pytest.approx(0.8)
    assert result.kappa == pytest.approx(7 / 12)
    assert result.alpha == pytest.approx(19 / 32)


def test_segment_level_forgives_boundaries_but_not_missed_passages() -> None:
    # One source of 30 characters. A: x [0,5), x [10,15). B: x [3,8), y [20,25).
    # Segments (union of everybody's codings): [0,8), [10,15), [20,25) → 3 units per code.
    #
    # Code x:           B: yes  B: no        Code y:          B: yes  B: no
    #     A: yes          1       1              A: yes         0       0
    #     A: no           0       1              A: no          1       2
    #
    # x: po = 2/3; pA = 2/3, pB = 1/3; pe = 2/9 + 2/9 = 4/9
    #    kappa = (2/3 - 4/9) / (5/9) = 2/5
    #    alpha: n = 6, n1 = 3, n0 = 3, one mixed unit → o01 = 1
    #           alpha = 1 - (n - 1) o01 / (n0 n1) = 1 - 5/9 = 4/9
    # Pooled (6 units): both 1, A only 1, B only 1, neither 3
    #    po = 4/6; pA = pB = 2/6; pe = 1/9 + 4/9 = 5/9; kappa = (6/9 - 5/9) / (4/9) = 1/4
    #    alpha: n = 12, n1 = 4, n0 = 8, o01 = 2 → 1 - 11 * 2 / 32 = 5/16
    spans = [
        Span("s1", 0, 5, "x", "A"),
        Span("s1", 10, 15, "x", "A"),
        Span("s1", 3, 8, "x", "B"),
        Span("s1", 20, 25, "y", "B"),
    ]
    report = segment_agreement(spans, {"s1": 30}, ["A", "B"])

    x = report.by_code["x"]
    assert x.level == "segment"
    assert x.units == 3
    assert dict(x.counts) == {(True, True): 1, (True, False): 1, (False, False): 1}
    assert x.percent == pytest.approx(2 / 3)
    assert x.kappa == pytest.approx(2 / 5)
    assert x.alpha == pytest.approx(4 / 9)

    y = report.by_code["y"]
    assert dict(y.counts) == {(False, True): 1, (False, False): 2}
    assert y.kappa == pytest.approx(0.0)

    assert report.overall.units == 6
    assert report.overall.kappa == pytest.approx(1 / 4)
    assert report.overall.alpha == pytest.approx(5 / 16)


def test_touching_codings_make_one_segment() -> None:
    # A codes [0,5) and B codes [5,10): one segment, both applied x to it.
    spans = [Span("s1", 0, 5, "x", "A"), Span("s1", 5, 10, "x", "B")]
    segments = segment_agreement(spans, {"s1": 10}, ["A", "B"]).by_code["x"]
    characters = character_agreement(spans, {"s1": 10}, ["A", "B"]).by_code["x"]

    assert segments.units == 1
    assert segments.percent == 1
    # Both coders said "yes" to every unit: pe = 1 and De = 0, so neither statistic is defined.
    assert segments.kappa is None
    assert segments.alpha is None
    # Character by character the two never agree.
    assert characters.percent == 0
    assert characters.kappa == pytest.approx(-1.0)


# --- Perfect agreement, counting once, choice of codes and sources --------------


def _statistics(result: AgreementResult) -> tuple[float, float | None, float | None]:
    return result.percent, result.kappa, result.alpha


def test_perfect_agreement() -> None:
    # Two sources; both coders code identically.
    codings = [("s1", 0, 10, "x"), ("s1", 5, 15, "y"), ("s2", 20, 25, "y")]
    spans = [Span(source, start, end, code, coder) for source, start, end, code in codings for coder in "AB"]
    lengths = {"s1": 20, "s2": 40}

    characters = character_agreement(spans, lengths, ["A", "B"])
    for result in [*characters.by_code.values(), characters.overall]:
        assert _statistics(result) == (1, 1, 1)

    # Segments [0,15) in s1 and [20,25) in s2. Code x was applied to one, y to both:
    # for y every unit is "both yes", so pe == 1 and kappa and alpha are undefined.
    segments = segment_agreement(spans, lengths, ["A", "B"])
    assert _statistics(segments.by_code["x"]) == (1, 1, 1)
    assert _statistics(segments.by_code["y"]) == (1, None, None)
    assert _statistics(segments.overall) == (1, 1, 1)


def test_overlapping_codings_by_one_coder_of_one_code_count_once() -> None:
    # A codes x three times: [0,10), [5,15) overlapping and [15,18) touching; B once [0,18).
    spans = [
        Span("s1", 0, 10, "x", "A"),
        Span("s1", 5, 15, "x", "A"),
        Span("s1", 15, 18, "x", "A"),
        Span("s1", 0, 18, "x", "B"),
    ]
    characters = character_agreement(spans, {"s1": 20}, ["A", "B"]).by_code["x"]
    assert dict(characters.counts) == {(True, True): 18, (False, False): 2}
    assert characters.kappa == 1
    assert disagreements(spans, {"s1": 20}, ["A", "B"]) == []

    segments = segment_agreement(spans, {"s1": 20}, ["A", "B"]).by_code["x"]
    assert dict(segments.counts) == {(True, True): 1}


def test_only_sources_that_every_coder_coded_are_compared() -> None:
    # s2 is coded only by A and s3 only by C (not compared): both are left out.
    spans = [
        Span("s1", 0, 10, "x", "A"),
        Span("s1", 0, 10, "x", "B"),
        Span("s2", 0, 10, "x", "A"),
        Span("s3", 0, 10, "x", "C"),
    ]
    lengths = {"s1": 20, "s2": 20, "s3": 20}
    report = character_agreement(spans, lengths, ["A", "B"])
    assert report.sources == ("s1",)
    assert report.by_code["x"].units == 20
    assert report.by_code["x"].percent == 1


def test_a_source_counts_as_coded_whatever_the_code() -> None:
    # B coded s1 with y only; s1 is still shared, so A's x there is a disagreement.
    spans = [Span("s1", 0, 10, "x", "A"), Span("s1", 12, 14, "y", "A"), Span("s1", 12, 14, "y", "B")]
    report = character_agreement(spans, {"s1": 20}, ["A", "B"])
    assert report.by_code["x"].count(True, False) == 10


def test_codes_can_be_chosen_and_unused_codes_count_as_neither() -> None:
    spans = [Span("s1", 0, 8, "x", "A"), Span("s1", 2, 10, "x", "B"), Span("s1", 0, 5, "y", "B")]
    report = character_agreement(spans, {"s1": 20}, ["A", "B"], codes=["x", "z"])

    assert list(report.by_code) == ["x", "z"]
    # x is unaffected by the choice of other codes.
    assert report.by_code["x"].kappa == pytest.approx(7 / 12)
    z = report.by_code["z"]
    assert dict(z.counts) == {(False, False): 20}
    assert _statistics(z) == (1, None, None)
    # Overall pools x and z: 40 units, x's 2 + 2 mixed units.
    assert report.overall.units == 40
    assert report.overall.percent == pytest.approx(36 / 40)


def test_three_coders_give_alpha_but_no_kappa() -> None:
    spans = [Span("s1", 0, 10, "x", "A"), Span("s1", 0, 8, "x", "B"), Span("s1", 4, 12, "x", "C")]
    result = character_agreement(spans, {"s1": 20}, ["A", "B", "C"]).by_code["x"]
    a = [int(i < 10) for i in range(20)]
    b = [int(i < 8) for i in range(20)]
    c = [int(4 <= i < 12) for i in range(20)]

    assert result.kappa is None
    # All three agree on [4,8) and [12,20).
    assert result.percent == pytest.approx(12 / 20)
    assert result.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=[a, b, c], level_of_measurement="nominal")
    )


def test_span_from_mapping() -> None:
    record = {"source": 7, "start": 1, "end": 4, "code": "x", "coder": "A", "note": "ignored"}
    assert Span.from_mapping(record) == Span(7, 1, 4, "x", "A")
    with pytest.raises(AgreementError, match="lacks end"):
        Span.from_mapping({"source": 7, "start": 1, "code": "x", "coder": "A"})


# --- Disagreements ---------------------------------------------------------------


def test_disagreements_list_where_exactly_one_coder_applied_a_code() -> None:
    spans = [
        Span("s1", 0, 10, "x", "A"),
        Span("s1", 5, 15, "x", "B"),
        Span("s1", 12, 14, "y", "A"),
        Span("s0", 3, 6, "x", "A"),
        Span("s0", 3, 6, "x", "B"),
        Span("s0", 8, 9, "y", "B"),
        Span("s2", 0, 5, "x", "A"),  # s2 is not shared: left out
    ]
    lengths = {"s0": 10, "s1": 20, "s2": 5}
    assert disagreements(spans, lengths, ["A", "B"]) == [
        Disagreement("s0", 8, 9, "y", "B"),
        Disagreement("s1", 0, 5, "x", "A"),
        Disagreement("s1", 10, 15, "x", "B"),
        Disagreement("s1", 12, 14, "y", "A"),
    ]
    assert disagreements(spans, lengths, ["A", "B"], codes=["y"]) == [
        Disagreement("s0", 8, 9, "y", "B"),
        Disagreement("s1", 12, 14, "y", "A"),
    ]


def test_disagreements_compare_two_coders() -> None:
    spans = [Span("s1", 0, 5, "x", coder) for coder in "ABC"]
    with pytest.raises(AgreementError, match="two coders at a time, got 3"):
        disagreements(spans, {"s1": 5}, ["A", "B", "C"])


# --- Errors ----------------------------------------------------------------------


def test_fewer_than_two_coders_is_an_error() -> None:
    spans = [Span("s1", 0, 5, "x", "A")]
    with pytest.raises(AgreementError, match="at least two coders, got 1: A"):
        character_agreement(spans, {"s1": 5}, ["A"])
    with pytest.raises(AgreementError, match="at least two coders, got 0"):
        segment_agreement(spans, {"s1": 5}, [])


def test_coders_without_a_common_source_is_an_error() -> None:
    spans = [Span("s1", 0, 5, "x", "A"), Span("s2", 0, 5, "x", "B")]
    with pytest.raises(AgreementError, match="coders A and B have no source in common"):
        character_agreement(spans, {"s1": 5, "s2": 5}, ["A", "B"])
    with pytest.raises(AgreementError, match="coders A, B and C have no source in common"):
        segment_agreement(spans, {"s1": 5, "s2": 5}, ["A", "B", "C"])


def test_agreement_error_is_a_value_error() -> None:
    assert issubclass(AgreementError, ValueError)


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (
            Span("s1", 15, 25, "x", "A"),
            "coding of code x by coder A in source s1: [15, 25) falls outside the source's 20 characters",
        ),
        (
            Span("s1", -1, 5, "x", "A"),
            "coding of code x by coder A in source s1: [-1, 5) falls outside the source's 20 characters",
        ),
        (Span("s1", 7, 7, "x", "B"), "coding of code x by coder B in source s1: start 7 is not before end 7"),
        (Span("s1", 9, 3, "y", "B"), "coding of code y by coder B in source s1: start 9 is not before end 3"),
        (
            Span("s9", 0, 3, "x", "A"),
            "coding of code x by coder A in source s9 [0, 3): the source has no length given",
        ),
        (
            Span("s1", 0, 2.5, "x", "A"),
            "coding of code x by coder A in source s1: end must be an integer offset, got 2.5",
        ),
    ],
)
def test_bad_spans_are_named_in_the_error(span: Span, message: str) -> None:
    spans = [Span("s1", 0, 5, "x", "A"), Span("s1", 0, 5, "x", "B"), span]
    for compute in (character_agreement, segment_agreement, disagreements):
        with pytest.raises(AgreementError) as error:
            compute(spans, {"s1": 20}, ["A", "B"])
        assert str(error.value) == message


def test_coder_listed_twice_and_empty_codes_are_errors() -> None:
    spans = [Span("s1", 0, 5, "x", "A"), Span("s1", 0, 5, "x", "B")]
    with pytest.raises(AgreementError, match="coder A is listed twice"):
        character_agreement(spans, {"s1": 5}, ["A", "A"])
    with pytest.raises(AgreementError, match="no codes to compare"):
        character_agreement(spans, {"s1": 5}, ["A", "B"], codes=[])


def test_statistics_from_counts() -> None:
    counts = {(True, True): 6, (True, False): 2, (False, True): 2, (False, False): 10}
    assert percent_agreement(counts) == pytest.approx(0.8)
    assert cohen_kappa(counts) == pytest.approx(7 / 12)
    assert krippendorff_alpha(counts) == pytest.approx(19 / 32)
    with pytest.raises(AgreementError, match="Cohen's kappa compares two coders, got 3"):
        cohen_kappa({(True, True, False): 1})
    with pytest.raises(AgreementError, match="at least one unit"):
        percent_agreement({(True, True): 0})


# --- Brute force, per character, against the interval arithmetic ----------------

Values = tuple[bool, ...]


def _shared_sources(spans: Sequence[Span], coders: Sequence[Hashable]) -> list[Hashable]:
    coded = [{span.source for span in spans if span.coder == coder} for coder in coders]
    return sorted(set.intersection(*coded))


def _brute_units(
    spans: Sequence[Span], lengths: dict[str, int], coders: Sequence[Hashable], level: str
) -> dict[Hashable, list[Values]]:
    """For each code, the list of units, each the tuple of the coders' values, built naively."""
    shared = _shared_sources(spans, coders)
    used = [span for span in spans if span.source in shared and span.coder in coders]
    codes = sorted({span.code for span in used})
    units: dict[Hashable, list[Values]] = {code: [] for code in codes}
    for source in shared:
        mine = [span for span in used if span.source == source]

        def applied(coder: Hashable, code: Hashable, first: int, last: int, mine: list[Span] = mine) -> bool:
            # Does `coder` cover any character of [first, last) with `code`?
            return any(
                span.coder == coder and span.code == code and span.start < last and first < span.end
                for span in mine
            )

        if level == "character":
            ranges = [(i, i + 1) for i in range(lengths[source])]
        else:
            covered = [any(span.start <= i < span.end for span in mine) for i in range(lengths[source])]
            ranges = []
            for i, inside in enumerate(covered):
                if inside and (i == 0 or not covered[i - 1]):
                    ranges.append([i, i + 1])
                elif inside:
                    ranges[-1][1] = i + 1
        for code in codes:
            for first, last in ranges:
                units[code].append(tuple(applied(coder, code, first, last) for coder in coders))
    return units


def _brute_statistics(units: list[Values]) -> tuple[float, float | None, float | None]:
    """Textbook percent, Cohen's kappa and nominal alpha via an explicit coincidence matrix."""
    n_units = len(units)
    m = len(units[0])
    percent = sum(len(set(unit)) == 1 for unit in units) / n_units

    kappa = None
    if m == 2:
        po = sum(a == b for a, b in units) / n_units
        pa = sum(a for a, _ in units) / n_units
        pb = sum(b for _, b in units) / n_units
        pe = pa * pb + (1 - pa) * (1 - pb)
        kappa = None if pe == 1 else (po - pe) / (1 - pe)

    o = {(c, k): 0.0 for c in (False, True) for k in (False, True)}
    for unit in units:
        for i, j in permutations(range(m), 2):
            o[unit[i], unit[j]] += 1 / (m - 1)
    n_c = {c: o[c, False] + o[c, True] for c in (False, True)}
    n = n_c[False] + n_c[True]
    observed = (o[False, True] + o[True, False]) / n
    expected = 2 * n_c[False] * n_c[True] / (n * (n - 1))
    alpha = None if expected == 0 else 1 - observed / expected
    return percent, kappa, alpha


@st.composite
def codings(draw: st.DrawFn, coders: Sequence[str]) -> tuple[list[Span], dict[str, int]]:
    lengths = {f"s{i}": draw(st.integers(1, 25)) for i in range(draw(st.integers(1, 3)))}
    extra = coders[-1] + "+"  # a coder who is never compared

    def span(source: str) -> st.SearchStrategy[Span]:
        length = lengths[source]
        return (
            st.tuples(st.integers(0, length - 1), st.integers(1, length))
            .filter(lambda t: t[0] < t[1])
            .flatmap(
                lambda t: st.builds(
                    Span,
                    st.just(source),
                    st.just(t[0]),
                    st.just(t[1]),
                    st.sampled_from(["x", "y", "z"]),
                    st.sampled_from([*coders, extra]),
                )
            )
        )

    spans = draw(st.lists(st.sampled_from(sorted(lengths)).flatmap(span), max_size=14))
    # Every compared coder codes s0, so there is always a shared source.
    for coder in coders:
        s0 = draw(span("s0"))
        spans.append(Span(s0.source, s0.start, s0.end, s0.code, coder))
    return spans, lengths


def _assert_matches_brute_force(spans: list[Span], lengths: dict[str, int], coders: Sequence[str]) -> None:
    for level, compute in (("character", character_agreement), ("segment", segment_agreement)):
        report = compute(spans, lengths, coders)
        units = _brute_units(spans, lengths, coders, level)
        assert list(report.by_code) == list(units)
        assert report.sources == tuple(_shared_sources(spans, coders))
        pooled = [unit for code_units in units.values() for unit in code_units]
        results = [(report.by_code[code], code_units) for code, code_units in units.items()]
        for result, expected_units in [*results, (report.overall, pooled)]:
            assert result.units == len(expected_units)
            assert {pattern: expected_units.count(pattern) for pattern in set(expected_units)} == dict(
                result.counts
            )
            percent, kappa, alpha = _brute_statistics(expected_units)
            assert result.percent == pytest.approx(percent)
            assert result.kappa == (None if kappa is None else pytest.approx(kappa))
            assert result.alpha == (None if alpha is None else pytest.approx(alpha))
            if alpha is not None:
                data = [[int(unit[i]) for unit in expected_units] for i in range(len(coders))]
                reference = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
                assert result.alpha == pytest.approx(reference)


@settings(max_examples=150, deadline=None)
@given(codings(["A", "B"]))
def test_two_coders_match_brute_force_and_krippendorff(example: tuple[list[Span], dict[str, int]]) -> None:
    """Hypothesis: 150 generated codings, each worked out at two levels naively and with `krippendorff`."""
    spans, lengths = example
    _assert_matches_brute_force(spans, lengths, ["A", "B"])


@settings(max_examples=60, deadline=None)
@given(codings(["A", "B", "C"]))
def test_three_coders_match_brute_force_and_krippendorff(example: tuple[list[Span], dict[str, int]]) -> None:
    spans, lengths = example
    _assert_matches_brute_force(spans, lengths, ["A", "B", "C"])


@settings(max_examples=150, deadline=None)
@given(codings(["A", "B"]))
def test_disagreements_match_brute_force(example: tuple[list[Span], dict[str, int]]) -> None:
    """Hypothesis: 150 generated codings, each checked character by character against a naive search."""
    spans, lengths = example
    found = disagreements(spans, lengths, ["A", "B"])
    assert found == sorted(found, key=lambda d: (d.source, d.start, d.end, d.code))

    shared = _shared_sources(spans, ["A", "B"])
    expected: set[tuple[str, int, str, str]] = set()
    for span in spans:
        if span.source not in shared or span.coder not in ("A", "B"):
            continue
        other = "B" if span.coder == "A" else "A"
        for i in range(span.start, span.end):
            if not any(
                s.source == span.source and s.code == span.code and s.coder == other and s.start <= i < s.end
                for s in spans
            ):
                expected.add((span.source, i, span.code, span.coder))
    listed = {(d.source, i, d.code, d.coded_by) for d in found for i in range(d.start, d.end)}
    assert listed == expected
    # Ranges are maximal: no two of one source, code and coder touch or overlap.
    for d in found:
        for e in found:
            if d is not e and (d.source, d.code, d.coded_by) == (e.source, e.code, e.coded_by):
                assert d.end < e.start or e.end < d.start
