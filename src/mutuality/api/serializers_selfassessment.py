"""The self-assessment as the API shows it: a partnership's rounds, each with its instrument, each
side's scores per scale and the gap between the sides.

Sides are named by their municipality's key (``zeist``), dimensions of mutual learning by their
vocabulary key (``process_trust``), any other scale by its key (``learning_form/adaptation``, or an
instrument's own). The values come from :func:`mutuality.selfassessment.results.round_results`, so a
side with fewer respondents than the threshold gets ``null`` for its mean and spread there as on
every page; its ``n`` is always given.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from mutuality.selfassessment.results import RoundResults, ScaleResult


def scale_name(scale: ScaleResult) -> str:
    """The key a scale is named by in the API: a dimension by its term, any other by its key."""
    return scale.term if scale.vocabulary == "dimension" else scale.key


class SelfAssessmentScoreSerializer(serializers.Serializer):
    mean = serializers.FloatField(
        allow_null=True, help_text="Mean on the answer scale; null below the threshold."
    )
    spread = serializers.FloatField(
        allow_null=True, help_text="Standard deviation of the respondents' scores; null below the threshold."
    )
    n = serializers.IntegerField(help_text="Respondents with a score on this scale (always given).")


class SelfAssessmentInstrumentSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(help_text="In the language asked for (Accept-Language).")


class SelfAssessmentScaleSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The name the scale goes by in `sides`, `gap`, `p_value`, `alpha`.")
    vocabulary = serializers.CharField(
        help_text="`dimension`, another vocabulary, or empty for the instrument's own."
    )
    name = serializers.CharField()


class SelfAssessmentRoundSerializer(serializers.Serializer):
    name = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    anonymous = serializers.BooleanField()
    illustrative = serializers.BooleanField(help_text="Made-up answers for a demonstration, not data.")
    instrument = SelfAssessmentInstrumentSerializer()
    scales = SelfAssessmentScaleSerializer(many=True)
    respondents = serializers.DictField(
        child=serializers.IntegerField(), help_text="Per side (municipality key): responses submitted."
    )
    sides = serializers.DictField(
        child=serializers.DictField(child=SelfAssessmentScoreSerializer()),
        help_text="Per side (municipality key), per scale: mean, spread and n.",
    )
    gap = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Per scale: the first side's mean minus the second's; null unless both sides have scores.",
    )
    p_value = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Per scale: the two-sided Mann–Whitney U test of the gap; null where there is no gap.",
    )
    alpha = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Per scale: Cronbach's alpha over the respondents who answered every item; null where not computed.",
    )


class SelfAssessmentSerializer(serializers.Serializer):
    partnership = serializers.CharField()
    threshold = serializers.IntegerField(help_text="The fewest respondents of a side whose scores are shown.")
    sides = serializers.ListField(
        child=serializers.CharField(), help_text="The sides' municipality keys, in the partnership's order."
    )
    rounds = SelfAssessmentRoundSerializer(
        many=True, help_text="The partnership's rounds, the earliest first."
    )


def round_data(found: RoundResults, language: str) -> dict[str, Any]:
    """One round as :class:`SelfAssessmentRoundSerializer` writes it."""
    round = found.round
    gaps = {scale_name(s): s.gap.difference if s.gap else None for s in found.scales}
    return {
        "name": round.name,
        "opens_on": round.opens_on,
        "closes_on": round.closes_on,
        "anonymous": round.anonymous,
        "illustrative": round.illustrative,
        "instrument": {"key": round.instrument.key, "name": round.instrument.name_in(language)},
        "scales": [{"key": scale_name(s), "vocabulary": s.vocabulary, "name": s.name} for s in found.scales],
        "respondents": dict(found.respondents),
        "sides": {
            side.key: {
                scale_name(s): {
                    "mean": s.per_side[side.key].mean,
                    "spread": s.per_side[side.key].spread,
                    "n": s.per_side[side.key].n,
                }
                for s in found.scales
            }
            for side in found.sides
        },
        "gap": gaps,
        "p_value": {
            scale_name(s): s.gap.test.p if s.gap and s.gap.test and s.gap.difference is not None else None
            for s in found.scales
        },
        "alpha": {scale_name(s): s.alpha.alpha for s in found.scales},
    }
