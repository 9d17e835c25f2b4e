"""Scores of a two-sided self-assessment: per side and together, where the sides differ, and how far
each scale holds together — from plain answers, with the standard library only.

What is counted
    Each answer is a point of the instrument's scale (1 … ``points``), or none ("don't know"), which
    is counted apart and never as a middle value. An item scored in reverse counts ``points + 1 -
    value``. A respondent's score on a scale (a dimension of mutual learning, say) is the mean of
    their answers to its items; a side's score on a scale is the mean of its respondents' scores,
    with their standard deviation as the spread and their number as ``n``. Items are summarised the
    same way from the answers themselves.

Privacy
    A side with fewer than ``threshold`` respondents (3 unless told) on a scale or item gets no mean,
    no spread and no test: with two respondents, a colleague could work out the other's answer from
    the mean and their own. Its ``n`` is always given, so a reader sees why a score is missing.

The perspective gap
    The gap on a scale is the difference between the two sides' means. Whether it is more than
    noise for the numbers at hand is asked with the Mann–Whitney U test (Wilcoxon rank-sum) on the
    respondents' scale scores: ordinal answers, small groups, no assumption of normal scores. Its
    two-sided p-value (twice the smaller tail, at most 1) is exact — the distribution of U over
    every way of splitting the pooled scores into the two groups, ties given their mid-ranks — when
    there are at most ``EXACT_LIMIT`` such splits, and otherwise from the normal approximation with
    the tie correction and a continuity correction (as SciPy's ``mannwhitneyu`` and
    ``permutation_test`` compute them, against which the tests check it). A gap is called beyond noise when p < 0.05; with three respondents a side, even
    complete disagreement gives p = 0.1, which the result says rather than hides.

Cronbach's alpha
    How consistently a scale's items are answered, over all respondents of the round who answered
    every item of the scale: ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the
    sums)``, for ``k`` ≥ 2 items and at least ``threshold`` complete respondents. Values below about
    0.7 say the items of a scale do not measure one thing for these respondents.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

THRESHOLD = 3  # the fewest respondents whose scores are shown for a side
EXACT_LIMIT = 200_000  # the most splits for which the exact p-value is counted
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Answer:
    """One respondent's answer to one item, as the analysis needs it."""

    respondent: str
    side: str
    item: str
    scale: str
    value: int | None  # None: "don't know"
    points: int = 5
    reverse: bool = False

    @property
    def score(self) -> int | None:
        if self.value is None:
            return None
        return self.points + 1 - self.value if self.reverse else self.value


@dataclass(frozen=True)
class Summary:
    """A side's (or everyone's) score on one scale or item."""

    n: int  # respondents with a score
    dont_know: int  # respondents who answered "don't know" throughout
    mean: float | None  # None below the threshold
    spread: float | None  # sample standard deviation; None below the threshold or for one value

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class Test:
    """A Mann–Whitney U test of two groups' scores."""

    u: float
    p: float
    method: str  # "exact" or "normal"

    @property
    def beyond_noise(self) -> bool:
        return self.p < SIGNIFICANCE


@dataclass(frozen=True)
class Gap:
    """Where the two sides stand apart on one scale."""

    scale: str
    first: Summary
    second: Summary
    difference: float | None  # first's mean minus second's; None where either is not shown
    test: Test | None


@dataclass(frozen=True)
class Alpha:
    scale: str
    alpha: float | None
    items: int
    respondents: int  # those who answered every item of the scale


def summarise(scores: Sequence[float], dont_know: int = 0, threshold: int = THRESHOLD) -> Summary:
    if len(scores) < threshold or not scores:
        return Summary(len(scores), dont_know, None, None)
    spread = statistics.stdev(scores) if len(scores) > 1 else None
    return Summary(len(scores), dont_know, statistics.fmean(scores), spread)


def respondent_scores(answers: Iterable[Answer]) -> dict[tuple[str, str], dict[str, float]]:
    """Each respondent's score per scale: ``{(side, scale): {respondent: mean of their answers}}``;
    a respondent who answered none of a scale's items has no score on it."""
    values: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for answer in answers:
        key = (answer.side, answer.scale, answer.respondent)
        values.setdefault(key, [])
        if answer.score is not None:
            values[key].append(answer.score)
    scores: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for (side, scale, respondent), given in values.items():
        if given:
            scores[(side, scale)][respondent] = statistics.fmean(given)
    return scores


def _unscored(answers: Iterable[Answer], key: str) -> dict[tuple[str, str], int]:
    """Per (side, scale or item): the respondents whose every answer there was "don't know"."""
    seen: dict[tuple[str, str, str], bool] = {}
    for answer in answers:
        group = answer.scale if key == "scale" else answer.item
        at = (answer.side, group, answer.respondent)
        seen[at] = seen.get(at, False) or answer.score is not None
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for (side, group, _respondent), scored in seen.items():
        if not scored:
            counted[(side, group)] += 1
    return counted


def scale_scores(answers: Sequence[Answer], threshold: int = THRESHOLD) -> dict[str, dict[str, Summary]]:
    """Per side, per scale: its respondents' scores summarised (``{side: {scale: Summary}}``)."""
    scores = respondent_scores(answers)
    unscored = _unscored(answers, "scale")
    result: dict[str, dict[str, Summary]] = defaultdict(dict)
    for side, scale in sorted({(a.side, a.scale) for a in answers}):
        given = list(scores.get((side, scale), {}).values())
        result[side][scale] = summarise(given, unscored.get((side, scale), 0), threshold)
    return dict(result)


def item_scores(answers: Sequence[Answer], threshold: int = THRESHOLD) -> dict[str, dict[str, Summary]]:
    """Per side, per item: the answers summarised (``{side: {item: Summary}}``)."""
    given: dict[tuple[str, str], list[float]] = defaultdict(list)
    for answer in answers:
        if answer.score is not None:
            given[(answer.side, answer.item)].append(answer.score)
    unscored = _unscored(answers, "item")
    result: dict[str, dict[str, Summary]] = defaultdict(dict)
    for side, item in sorted({(a.side, a.item) for a in answers}):
        result[side][item] = summarise(given.get((side, item), []), unscored.get((side, item), 0), threshold)
    return dict(result)


def together(answers: Sequence[Answer], threshold: int = THRESHOLD) -> dict[str, Summary]:
    """Per scale, both sides' respondents as one group."""
    merged = [
        Answer(a.respondent + "@" + a.side, "", a.item, a.scale, a.value, a.points, a.reverse)
        for a in answers
    ]
    return scale_scores(merged, threshold).get("", {})


def _midranks(values: Sequence[float]) -> list[float]:
    """The rank of each value among ``values`` (1-based), tied values sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda index: values[index])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def mann_whitney(first: Sequence[float], second: Sequence[float]) -> Test | None:
    """The Mann–Whitney U test of two groups (two-sided); None when a group is empty."""
    n1, n2 = len(first), len(second)
    if not n1 or not n2:
        return None
    ranks = _midranks([*first, *second])
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    centre = n1 * n2 / 2
    if math.comb(n1 + n2, n1) <= EXACT_LIMIT:
        # The U of every split of the pooled scores, as many times as it comes.
        low = high = total = 0
        for chosen in combinations(ranks, n1):
            split = sum(chosen) - n1 * (n1 + 1) / 2
            total += 1
            low += split <= u + 1e-9
            high += split >= u - 1e-9
        p = min(1.0, 2 * min(low, high) / total)
        return Test(u, p, "exact")
    n = n1 + n2
    ties = _tie_sizes([*first, *second])
    variance = n1 * n2 / 12 * ((n + 1) - sum(t**3 - t for t in ties) / (n * (n - 1)))
    if variance <= 0:
        return Test(u, 1.0, "normal")
    z = (abs(u - centre) - 0.5) / math.sqrt(variance)
    return Test(u, min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2))), "normal")


def _tie_sizes(values: Sequence[float]) -> list[int]:
    counts: dict[float, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return [count for count in counts.values() if count > 1]


def perspective_gaps(
    answers: Sequence[Answer], first: str, second: str, threshold: int = THRESHOLD
) -> list[Gap]:
    """The gap between two sides on every scale, the widest first (scales without a gap last)."""
    summaries = scale_scores(answers, threshold)
    scores = respondent_scores(answers)
    gaps = []
    for scale in sorted({answer.scale for answer in answers}):
        one = summaries.get(first, {}).get(scale, Summary(0, 0, None, None))
        other = summaries.get(second, {}).get(scale, Summary(0, 0, None, None))
        if one.mean is None or other.mean is None:
            gaps.append(Gap(scale, one, other, None, None))
            continue
        test = mann_whitney(list(scores[(first, scale)].values()), list(scores[(second, scale)].values()))
        gaps.append(Gap(scale, one, other, one.mean - other.mean, test))
    return sorted(gaps, key=lambda gap: (gap.difference is None, -abs(gap.difference or 0), gap.scale))


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a respondents × items table without gaps; None where it is undefined
    (fewer than two items or respondents, or every sum alike)."""
    if len(rows) < 2 or not rows[0] or len(rows[0]) < 2:
        return None
    items = len(rows[0])
    item_variance = sum(statistics.variance([row[index] for row in rows]) for index in range(items))
    total_variance = statistics.variance([sum(row) for row in rows])
    if total_variance == 0:
        return None
    return items / (items - 1) * (1 - item_variance / total_variance)


def scale_alphas(answers: Sequence[Answer], threshold: int = THRESHOLD) -> dict[str, Alpha]:
    """Cronbach's alpha of every scale, over the respondents who answered all its items."""
    table: dict[str, dict[tuple[str, str], dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    items: dict[str, set[str]] = defaultdict(set)
    for answer in answers:
        items[answer.scale].add(answer.item)
        if answer.score is not None:
            table[answer.scale][(answer.side, answer.respondent)][answer.item] = answer.score
    result = {}
    for scale, names in sorted(items.items()):
        ordered = sorted(names)
        complete = [
            [given[name] for name in ordered]
            for given in table[scale].values()
            if all(name in given for name in ordered)
        ]
        alpha = cronbach_alpha(complete) if len(complete) >= threshold else None
        result[scale] = Alpha(scale, alpha, len(ordered), len(complete))
    return result


def change(
    before: dict[str, dict[str, Summary]], now: dict[str, dict[str, Summary]]
) -> dict[str, dict[str, float | None]]:
    """Per side and scale, how far the mean moved since the round ``before`` (None where either
    round shows no mean)."""
    moved: dict[str, dict[str, float | None]] = {}
    for side, scales in now.items():
        moved[side] = {}
        for scale, summary in scales.items():
            earlier = before.get(side, {}).get(scale)
            both = summary.mean is not None and earlier is not None and earlier.mean is not None
            moved[side][scale] = summary.mean - earlier.mean if both else None  # type: ignore[operator, union-attr]
    return moved


# --- the self-assessment beside the coded evidence -------------------------------------------

#: A side's mean at or above this says it agrees; at or below ``LOW``, that it disagrees (5 points).
HIGH = 4.0
LOW = 2.0


@dataclass(frozen=True)
class Disagreement:
    """Where a side's own rating of a dimension and the coded evidence on it point different ways."""

    side: str
    dimension: str  # the vocabulary key, e.g. "process_trust"
    mean: float
    level: str  # the evidence's level (Table 8.1): "strong" or "limited"
    rated: str  # "higher" (the side rates it above what the evidence shows) or "lower"


def disagreements(
    means: dict[tuple[str, str], float | None], levels: dict[tuple[str, str], str]
) -> list[Disagreement]:
    """Each (side, dimension) where the side rates the dimension high (mean ≥ ``HIGH``) and the
    coded evidence on that side's learning finds it limited, or rates it low (≤ ``LOW``) where the
    evidence finds it strong. A middle rating, moderate or mixed evidence, a side whose scores are
    not shown (below the threshold) and a dimension without graded passages are not compared:
    what is not recorded is not a disagreement (the page says what to record instead)."""
    found = []
    for (side, dimension), mean in sorted(means.items()):
        level = levels.get((side, dimension), "")
        if mean is None:
            continue
        if mean >= HIGH and level == "limited":
            found.append(Disagreement(side, dimension, mean, level, "higher"))
        elif mean <= LOW and level == "strong":
            found.append(Disagreement(side, dimension, mean, level, "lower"))
    return found
