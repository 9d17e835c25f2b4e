"""``partnerships/{partnership}/self-assessment/``: a partnership's self-assessment rounds and their
scores, read-only, for whoever may read the partnership (:meth:`Access.can_view_partnership`).

Respondents' comments and names never leave through here: they are personal data, for those who run
a round, in its exports.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mutuality.accounts.access import Access
from mutuality.analysis.self_assessment import THRESHOLD
from mutuality.api.serializers_selfassessment import SelfAssessmentSerializer, round_data
from mutuality.api.views import PARTNERSHIP_PARAMETER
from mutuality.partnerships.models import Partnership
from mutuality.selfassessment.models import Round
from mutuality.selfassessment.results import round_results


class SelfAssessmentView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="partnerships_self_assessment_retrieve",
        parameters=[PARTNERSHIP_PARAMETER],
        responses=SelfAssessmentSerializer,
        description=(
            "The partnership's self-assessment rounds, the earliest first: each with its instrument, "
            "per side (municipality key) and per scale (a dimension by its vocabulary key, e.g. "
            "`process_trust`; another scale by its key) the mean, spread and n — mean and spread null "
            "for a side with fewer respondents than `threshold` — and per scale the `gap` between the "
            "sides (a number where both have scores, else null) with its Mann–Whitney `p_value`."
        ),
    )
    def get(self, request: Request, partnership: str) -> Response:
        if "\x00" in partnership:  # no key holds one, and PostgreSQL refuses to compare with it
            raise Http404
        found = Partnership.objects.filter(key=partnership).first()
        if found is None or not Access.of(request.user).can_view_partnership(found):
            raise Http404
        language = translation.get_language() or "en"
        rounds = Round.objects.filter(partnership=found).select_related("instrument", "partnership")
        data: dict[str, Any] = {
            "partnership": found.key,
            "threshold": THRESHOLD,
            "sides": list(found.sides.order_by("position", "id").values_list("municipality__key", flat=True)),
            "rounds": [],
        }
        for each in rounds.order_by("opens_on", "id"):
            data["rounds"].append(round_data(round_results(each, language), language))
        return Response(SelfAssessmentSerializer(data).data)
