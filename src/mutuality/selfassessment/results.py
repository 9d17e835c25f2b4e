"""A round's results: its submitted answers read into the analysis's plain records
(:mod:`mutuality.analysis.self_assessment`), scored per side and together, with the perspective gap,
each scale's alpha and the change since the partnership's previous round with the same instrument.

The pages, the report, the exports and the API all read a round through :func:`round_results`, so
the threshold below which a side's scores are not shown holds in every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from mutuality.analysis import self_assessment as scores
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Side
from mutuality.selfassessment.models import Answer, Item, Round, in_language

EMPTY = scores.Summary(0, 0, None, None)


@dataclass(frozen=True)
class ScaleResult:
    """One scale of the round (a dimension of mutual learning, say), per side and together."""

    key: str  # "dimension/process_trust", or the instrument's own key
    vocabulary: str  # "dimension", or "" for a scale of the instrument's own
    term: str
    name: str  # in the reader's language
    per_side: dict[str, scores.Summary]  # by the side's key (its municipality's)
    together: scores.Summary
    gap: scores.Gap | None  # None with other than two sides
    alpha: scores.Alpha
    change: dict[str, float | None]  # by side: how far its mean moved since the previous round
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class RoundResults:
    round: Round
    sides: list[Side]
    respondents: dict[str, int]  # by side: responses submitted
    scales: list[ScaleResult]
    item_scores: dict[str, dict[str, scores.Summary]]  # by side, by item key
    previous: Round | None
    threshold: int = scores.THRESHOLD

    def scale(self, key: str) -> ScaleResult | None:
        return next((scale for scale in self.scales if scale.key == key), None)

    @property
    def gaps(self) -> list[ScaleResult]:
        """The scales where both sides have scores, the widest gap first."""
        shown = [scale for scale in self.scales if scale.gap is not None and scale.gap.difference is not None]
        return sorted(shown, key=lambda scale: -abs(scale.gap.difference or 0))  # type: ignore[union-attr]


def round_answers(round: Round) -> list[scores.Answer]:
    """The latest answers of the round's submitted responses, as the analysis reads them."""
    points = round.instrument.scale_points
    rows = (
        Answer.objects.filter(response__round=round, response__submitted_at__isnull=False)
        .select_related("item", "response__side__municipality")
        .order_by("response_id", "item__position")
    )
    return [
        scores.Answer(
            respondent=str(row.response_id),
            side=row.response.side.key,
            item=row.item.key,
            scale=row.item.scale_key,
            value=row.value,
            points=points,
            reverse=row.item.reverse,
        )
        for row in rows
    ]


def previous_round(round: Round) -> Round | None:
    """The partnership's last round with the same instrument that opened before this one."""
    earlier = Round.objects.filter(
        partnership=round.partnership_id, instrument=round.instrument_id, opens_on__lt=round.opens_on
    )
    return earlier.order_by("-opens_on", "-id").first()


def scale_name(item: Item, language: str) -> str:
    if item.vocabulary:
        return gettext(vocabulary(item.vocabulary)[item.term].label)
    names: Any = item.instrument.scales.get(item.scale, {})
    return in_language(names, language) if isinstance(names, dict) else str(names) or item.scale


def round_results(round: Round, language: str, threshold: int = scores.THRESHOLD) -> RoundResults:
    """Everything a page, report, export or the API shows of a round's scores."""
    sides = list(round.partnership.sides.select_related("municipality").order_by("position", "id"))
    keys = [side.key for side in sides]
    answers = round_answers(round)
    per_scale = scores.scale_scores(answers, threshold)
    together = scores.together(answers, threshold)
    alphas = scores.scale_alphas(answers, threshold)
    gaps: dict[str, scores.Gap] = {}
    if len(keys) == 2:  # a partnership of two municipalities, as every one in the study
        gaps = {gap.scale: gap for gap in scores.perspective_gaps(answers, keys[0], keys[1], threshold)}
    earlier = previous_round(round)
    moved = (
        scores.change(scores.scale_scores(round_answers(earlier), threshold), per_scale) if earlier else {}
    )
    items = list(round.instrument.items.order_by("position", "id"))
    scales: list[ScaleResult] = []
    for item in items:
        if any(scale.key == item.scale_key for scale in scales):
            next(scale for scale in scales if scale.key == item.scale_key).items.append(item)
            continue
        key = item.scale_key
        scales.append(
            ScaleResult(
                key=key,
                vocabulary=item.vocabulary,
                term=item.term,
                name=scale_name(item, language),
                per_side={side: per_scale.get(side, {}).get(key, EMPTY) for side in keys},
                together=together.get(key, EMPTY),
                gap=gaps.get(key),
                alpha=alphas.get(key, scores.Alpha(key, None, 0, 0)),
                change={side: moved.get(side, {}).get(key) for side in keys},
                items=[item],
            )
        )
    submitted = round.responses.filter(submitted_at__isnull=False)
    respondents = {side.key: submitted.filter(side=side).count() for side in sides}
    return RoundResults(
        round=round,
        sides=sides,
        respondents=respondents,
        scales=scales,
        item_scores=scores.item_scores(answers, threshold),
        previous=earlier,
        threshold=threshold,
    )
