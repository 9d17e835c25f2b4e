"""The self-assessment across a programme: the partnerships a reader may read side by side, one row
each, a column per dimension of mutual learning, each cell the two sides' means — as the overview of
the OECD's pilot with the Partnerships for Sustainable Cities put its 27 partnerships side by side.

A row shows the partnership's latest round (in the year chosen, if one is), read through
:func:`round_results`, so a side with fewer respondents than the threshold shows "n < 3", never a
mean. Filters: a country (of either side), a support programme (of one of its projects) and the year
a round opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from mutuality.accounts.access import Access
from mutuality.analysis.self_assessment import THRESHOLD, Summary
from mutuality.countries import country_name
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Municipality, Partnership, SupportProgramme
from mutuality.selfassessment.models import Round
from mutuality.selfassessment.results import EMPTY, round_results


@dataclass(frozen=True)
class Mean:
    """One side's score in a cell: its mean, or why there is none."""

    side: str  # the municipality's name
    text: str  # "3.50", or "n < 3"
    shown: bool
    n: int


@dataclass(frozen=True)
class Row:
    partnership: Partnership
    round: Round | None
    cells: list[list[Mean]]  # per dimension, per side


def mean_of(side: str, summary: Summary) -> Mean:
    if summary.mean is None:
        return Mean(side, f"n < {THRESHOLD}", False, summary.n)
    return Mean(side, formats.number_format(summary.mean, 2, use_l10n=True), True, summary.n)


def _year(value: str | None) -> int | None:
    """A year from the query string; anything else is no filter (a page, not a form to refuse)."""
    if value and value.isdigit() and 1900 <= int(value) <= 2999:
        return int(value)
    return None


def filtered(readable: QuerySet[Partnership], country: str, programme: str) -> QuerySet[Partnership]:
    found = readable
    if country:
        found = found.filter(sides__municipality__country__iexact=country)
    if programme:
        found = found.filter(projects__support_programme__key=programme)
    return found.distinct().order_by("name", "key")


def latest_round(partnership: Partnership, year: int | None) -> Round | None:
    rounds = Round.objects.filter(partnership=partnership).select_related("instrument", "partnership")
    if year is not None:
        rounds = rounds.filter(opens_on__year=year)
    return rounds.order_by("-opens_on", "-id").first()


@login_required
@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    """Every partnership the reader may read (narrowed by the filters), a dimension per column."""
    access = Access.of(request.user)
    readable = access.partnerships(Partnership.objects.all())
    country = request.GET.get("country", "").strip().upper()[:2]
    programme_key = request.GET.get("programme", "").strip()[:80]
    year = _year(request.GET.get("year"))
    dimensions = list(vocabulary("dimension"))
    language = translation.get_language() or "en"
    rows: list[Row] = []
    for partnership in filtered(readable, country, programme_key):
        found = latest_round(partnership, year)
        if found is None:
            if year is None:  # a partnership without rounds is listed, so the reader sees it has none
                rows.append(Row(partnership, None, []))
            continue
        results = round_results(found, language)
        cells = []
        for term in dimensions:
            scale = results.scale(f"dimension/{term.key}")
            cells.append(
                [
                    mean_of(side.municipality.name, scale.per_side.get(side.key, EMPTY) if scale else EMPTY)
                    for side in results.sides
                ]
                if scale is not None
                else []
            )
        rows.append(Row(partnership, found, cells))
    context: dict[str, Any] = {
        "dimensions": [(term.key, gettext(term.label)) for term in dimensions],
        "rows": rows,
        "threshold": THRESHOLD,
        "filters": {"country": country, "programme": programme_key, "year": year},
        "countries": sorted(
            (
                (code, country_name(code))
                for code in Municipality.objects.filter(sides__partnership__in=readable)
                .values_list("country", flat=True)
                .distinct()
                if code
            ),
            key=lambda pair: pair[1],
        ),
        "programmes": SupportProgramme.objects.filter(projects__partnership__in=readable)
        .distinct()
        .order_by("name"),
        "years": sorted(
            {
                day.year
                for day in Round.objects.filter(partnership__in=readable).values_list("opens_on", flat=True)
            },
            reverse=True,
        ),
    }
    return render(request, "selfassessment/programme.html", context)
