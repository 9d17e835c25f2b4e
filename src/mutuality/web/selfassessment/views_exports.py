"""A round's answers (CSV, XLSX) and scores (CSV) as downloads, for those who run its rounds.

The answers carry respondents' comments, and in a named round their names: personal data, so these
files are for :meth:`Access.can_run_assessment` only. The scores alone could go to every reader of
the partnership, as its pages and the API show them; they sit with the answers here because a
round's runners are the ones who take its figures elsewhere.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_GET

from mutuality.accounts.access import Access, require
from mutuality.formats import self_assessment_export as export
from mutuality.partnerships.models import Partnership
from mutuality.selfassessment.models import Round

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _runs(request: HttpRequest, key: str, round: int) -> Round:
    """The round, if this user may run its partnership's rounds (403), else not found (404)."""
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership) and access.can_run_assessment(partnership))
    return get_object_or_404(
        Round.objects.select_related("instrument", "partnership"), pk=round, partnership=partnership
    )


def _download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # comments are personal data
    return response


@login_required
@require_GET
def answers(request: HttpRequest, key: str, round: int, fmt: str) -> HttpResponse:
    """Every submitted answer, one row per respondent and item, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    found = _runs(request, key, round)
    language = translation.get_language() or "en"
    name = f"{export.file_stem(found)}-answers.{fmt}"
    if fmt == "xlsx":
        return _download(export.answers_xlsx(found, language), XLSX, name)
    return _download(export.answers_csv(found, language), CSV, name)


@login_required
@require_GET
def scores(request: HttpRequest, key: str, round: int) -> HttpResponse:
    """Per scale and side: n, mean, spread, the gap, its p-value, alpha and change, as CSV."""
    found = _runs(request, key, round)
    language = translation.get_language() or "en"
    return _download(export.scores_csv(found, language), CSV, f"{export.file_stem(found)}-scores.csv")
