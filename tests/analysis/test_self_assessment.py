"""The self-assessment's scores: per side, hidden below three respondents, "don't know" apart, the gap
between the sides with a Mann–Whitney test that is exact with ties, and Cronbach's alpha."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from mutuality.analysis.self_assessment import (
    Answer,
    cronbach_alpha,
    item_scores,
    mann_whitney,
    perspective_gaps,
    scale_alphas,
    scale_scores,
    together,
)


def answers(
    side: str, scale: str, table: list[list[int | None]], *, reverse: set[int] = frozenset()
) -> list[Answer]:
    """A side's answers: one row per respondent, one column per item of ``scale``."""
    return [
        Answer(f"{side}-{row}", side, f"{scale}-item{column}", scale, value, 5, column in reverse)
        for row, values in enumerate(table)
        for column, value in enumerate(values)
    ]


def test_a_side_scores_the_mean_of_its_respondents_means_with_their_spread():
    given = answers("zeist", "trust", [[4, 5], [3, 3], [5, 5]])
    summary = scale_scores(given)["zeist"]["trust"]
    assert summary.n == 3
    assert summary.mean == pytest.approx((4.5 + 3 + 5) / 3)
    assert summary.spread == pytest.approx(np.std([4.5, 3, 5], ddof=1))


def test_below_three_respondents_a_side_shows_its_n_and_no_score():
    given = answers("berkane", "trust", [[1, 1], [5, 5]])
    summary = scale_scores(given)["berkane"]["trust"]
    assert (summary.n, summary.mean, summary.spread, summary.shown) == (2, None, None, False)
    assert item_scores(given)["berkane"]["trust-item0"].mean is None


def test_dont_know_is_counted_apart_and_never_as_a_middle_value():
    given = answers("zeist", "trust", [[None, None], [1, None], [1, 1], [2, 2]])
    summary = scale_scores(given)["zeist"]["trust"]
    assert (summary.n, summary.dont_know) == (3, 1)
    assert summary.mean == pytest.approx((1 + 1 + 2) / 3)
    item = item_scores(given)["zeist"]["trust-item1"]
    assert (item.n, item.dont_know, item.mean) == (2, 2, None)


def test_an_item_scored_in_reverse_counts_from_the_other_end():
    given = answers("zeist", "power", [[1, 5], [2, 4], [1, 5]], reverse={1})
    assert scale_scores(given)["zeist"]["power"].mean == pytest.approx((1 + 1 + 2 + 2 + 1 + 1) / 6)


def test_both_sides_together_pool_their_respondents():
    given = answers("zeist", "trust", [[5], [5], [5]]) + answers("berkane", "trust", [[1], [1], [1]])
    assert together(given)["trust"].mean == 3
    assert together(given)["trust"].n == 6


def test_the_widest_gap_comes_first_and_a_side_below_the_threshold_has_none():
    given = (
        answers("zeist", "trust", [[5], [5], [4]])
        + answers("berkane", "trust", [[1], [2], [1]])
        + answers("zeist", "power", [[3], [3], [4]])
        + answers("berkane", "power", [[3], [4], [3]])
        + answers("zeist", "similarity", [[3], [3], [3]])
        + answers("berkane", "similarity", [[3], [3]])
    )
    gaps = perspective_gaps(given, "zeist", "berkane")
    assert [gap.scale for gap in gaps] == ["trust", "power", "similarity"]
    assert gaps[0].difference == pytest.approx(14 / 3 - 4 / 3)
    assert gaps[1].difference == pytest.approx(0)
    assert (gaps[2].difference, gaps[2].test, gaps[2].second.n) == (None, None, 2)


def test_with_three_respondents_a_side_even_complete_disagreement_is_not_beyond_noise():
    test = mann_whitney([5, 5, 4], [1, 2, 2])
    assert (test.u, test.method) == (9, "exact")
    assert test.p == pytest.approx(0.1)  # 2 of the 20 ways to split six scores
    assert not test.beyond_noise
    assert mann_whitney([5, 5, 4, 5, 4], [1, 2, 2, 1, 1]).beyond_noise


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ([4, 4, 3, 5, 2], [2, 3, 3, 1]),
        ([3.5, 4, 4, 5], [4, 4, 2.5, 3, 3]),
        ([1, 1, 1], [1, 1, 2]),
    ],
)
def test_the_exact_p_value_with_ties_is_that_of_every_permutation(first, second):
    ours = mann_whitney(first, second)
    reference = stats.permutation_test(
        (first, second),
        lambda x, y: stats.mannwhitneyu(x, y, method="asymptotic").statistic,
        permutation_type="independent",
        n_resamples=np.inf,
        alternative="two-sided",
    )
    assert ours.method == "exact"
    assert ours.u == stats.mannwhitneyu(first, second).statistic
    assert ours.p == pytest.approx(min(1.0, reference.pvalue))


def test_large_groups_use_the_normal_approximation_with_ties_as_scipy_does():
    rng = np.random.default_rng(19)
    first = list(rng.integers(1, 6, 40))
    second = list(rng.integers(2, 6, 35))
    ours = mann_whitney(first, second)
    theirs = stats.mannwhitneyu(first, second, method="asymptotic", use_continuity=True)
    assert ours.method == "normal"
    assert (ours.u, ours.p) == (pytest.approx(theirs.statistic), pytest.approx(theirs.pvalue))


def test_cronbach_alpha_as_the_textbook_computes_it():
    rows = [[4, 5, 4], [2, 3, 3], [5, 5, 4], [3, 2, 2], [4, 4, 5]]
    k = 3
    item_variances = sum(np.var([row[i] for row in rows], ddof=1) for i in range(k))
    total_variance = np.var([sum(row) for row in rows], ddof=1)
    assert cronbach_alpha(rows) == pytest.approx(k / (k - 1) * (1 - item_variances / total_variance))
    assert cronbach_alpha([[1, 2], [2, 3], [3, 4]]) == pytest.approx(1.0)
    assert cronbach_alpha([[1, 2]]) is None and cronbach_alpha([[1], [2]]) is None
    assert cronbach_alpha([[3, 3], [3, 3], [3, 3]]) is None


def test_a_scale_alpha_counts_the_respondents_who_answered_every_item():
    given = answers("zeist", "trust", [[4, 5, 4], [2, 3, 3], [5, None, 4]]) + answers(
        "berkane", "trust", [[3, 2, 2], [4, 4, 5]]
    )
    alpha = scale_alphas(given)["trust"]
    assert (alpha.items, alpha.respondents) == (3, 4)
    assert alpha.alpha == pytest.approx(cronbach_alpha([[4, 5, 4], [2, 3, 3], [3, 2, 2], [4, 4, 5]]))
    assert scale_alphas(given[:6])["trust"].alpha is None  # two complete respondents
    assert not math.isnan(alpha.alpha)


def test_a_high_rating_over_limited_evidence_and_a_low_one_over_strong_evidence_disagree():
    from mutuality.analysis.self_assessment import disagreements

    means = {
        ("zeist", "process_trust"): 4.5,  # rated high, evidence limited: disagree
        ("berkane", "power_equality"): 1.5,  # rated low, evidence strong: disagree
        ("zeist", "power_equality"): 3.0,  # a middle rating: no verdict
        ("berkane", "process_trust"): 4.8,  # evidence moderate: no verdict
        ("zeist", "similarity"): 4.9,  # no graded passages: not compared
        ("berkane", "similarity"): None,  # below the threshold: not compared
    }
    levels = {
        ("zeist", "process_trust"): "limited",
        ("berkane", "power_equality"): "strong",
        ("zeist", "power_equality"): "limited",
        ("berkane", "process_trust"): "moderate",
        ("zeist", "similarity"): "none",
        ("berkane", "similarity"): "strong",
    }
    found = disagreements(means, levels)
    assert [(d.side, d.dimension, d.rated) for d in found] == [
        ("berkane", "power_equality", "lower"),
        ("zeist", "process_trust", "higher"),
    ]
