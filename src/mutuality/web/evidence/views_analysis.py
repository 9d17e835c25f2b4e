"""Analysis pages over the coding: inter-coder agreement, co-occurrence and boolean code queries.

The statistics and the set algebra live in :mod:`mutuality.analysis`
(pure Python); these views turn codings into the plain records those
functions take and show the results. Only codings on the *current* version
of each source take part: a coding left on an older version (its words
changed) is waiting for review and no longer points into the text shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from mutuality.accounts.access import Access, require
from mutuality.analysis.agreement import (
    AgreementError,
    AgreementReport,
    AgreementResult,
    Span,
    character_agreement,
    disagreements,
    segment_agreement,
)
from mutuality.analysis.crosstab import heat_step
from mutuality.analysis.relations import Interval, combine, cooccurrence
from mutuality.evidence.codebook import code_tree, descendants
from mutuality.evidence.models import Code, Coding, SourceVersion
from mutuality.evidence.queries import PassageFilter
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Partnership
from mutuality.privacy.reader import current_reader
from mutuality.web.evidence.forms import (
    QUERY_OPERATORS,
    AgreementForm,
    CodeQueryForm,
    CooccurrenceForm,
    problems,
)
from mutuality.web.evidence.search import without_hidden_names

# Disagreements and co-occurring pairs listed on one page at most; the counts cover all.
LISTED = 500


# --- Shared helpers ----------------------------------------------------------------


def current_codings() -> QuerySet[Coding]:
    """Codings on the newest version of their source."""
    newest = SourceVersion.objects.filter(source=OuterRef("source")).order_by("-number").values("number")[:1]
    current = SourceVersion.objects.filter(number=Subquery(newest)).values("pk")
    return Coding.objects.filter(version__in=current)


def code_paths() -> dict[Hashable, str]:
    """Every code's place in the codebook ("Group / Code"), names in the user's language.

    By code id; typed as the analysis types the codes it gives back, which are looked up here.
    """
    rows = {pk: (name, parent) for pk, name, parent in Code.objects.values_list("pk", "name", "parent_id")}
    paths: dict[Hashable, str] = {}

    def path_of(pk: int) -> str:
        if pk not in paths:
            name, parent = rows[pk]
            own = gettext(name) if name else name
            paths[pk] = own if parent is None or parent not in rows else f"{path_of(parent)} / {own}"
        return paths[pk]

    for pk in rows:
        path_of(pk)
    return paths


def _versions(ids: Iterable[Hashable]) -> dict[Hashable, SourceVersion]:
    """Versions by id, with their text and source (for quotes and links); typed as the analysis
    types the sources it gives back, which are looked up here."""
    return {
        version.pk: version
        for version in SourceVersion.objects.filter(pk__in=set(ids)).select_related("source")
    }


def _quote(version: SourceVersion, start: int, end: int) -> dict[str, Any]:
    """A passage for a page: its words as the reader may read them (mutuality.privacy.reader)."""
    return {
        "text": current_reader().passage(version.text, start, end, version.source),
        "source": version.source,
        "version": version.number,
        "start": start,
        "end": end,
    }


def _filter_context(passage_filter: PassageFilter, access: Access) -> dict[str, Any]:
    return {
        "filter": passage_filter,
        "partnerships": access.partnerships(Partnership.objects.all()),
        "actor_types": vocabulary("actor_type"),
        "project_types": vocabulary("project_type"),
        "source_kinds": vocabulary("source_kind"),
    }


def _spans(codings: QuerySet[Coding]) -> list[Span]:
    """Codings as spans: source = version id, code = code id, coder = username."""
    rows = codings.order_by().values_list("pk", "version_id", "start", "end", "code_id", "coder__username")
    return [Span(version, start, end, code, coder) for _pk, version, start, end, code, coder in rows]


# --- Inter-coder agreement ------------------------------------------------------------


def _agreement_rows(report: AgreementReport, paths: dict[Hashable, str]) -> list[dict[str, Any]]:
    def row(label: str, result: AgreementResult, overall: bool) -> dict[str, Any]:
        pair = len(report.coders) == 2
        return {
            "label": label,
            "overall": overall,
            "units": result.units,
            "percent": result.percent,
            "kappa": result.kappa,
            "alpha": result.alpha,
            "counts": (
                [
                    result.count(True, True),
                    result.count(True, False),
                    result.count(False, True),
                    result.count(False, False),
                ]
                if pair
                else None
            ),
        }

    rows = [row(paths.get(code, str(code)), result, False) for code, result in report.by_code.items()]
    rows.append(row(gettext("All codes together"), report.overall, True))
    return rows


@login_required
def agreement_view(request: HttpRequest) -> HttpResponse:
    """How consistently two or more coders applied the codes, on the sources they all coded.

    Query: ``coder`` (two or more usernames), optional ``partnership`` (key)
    and ``code`` (ids; default every code the coders applied there).
    """
    access = Access.of(request.user)
    require(access.can_read_evidence())
    readable = access.codings(current_codings())
    form = AgreementForm(request.GET)
    valid = form.is_valid()
    chosen_coders = form.cleaned_data.get("coder", [])
    partnership = form.cleaned_data.get("partnership", "")
    chosen_codes = form.cleaned_data.get("code", [])
    context: dict[str, Any] = {
        "coders": sorted(set(readable.values_list("coder__username", flat=True))),
        "chosen_coders": chosen_coders,
        "partnerships": access.partnerships(Partnership.objects.all()),
        "partnership": partnership,
        "all_codes": code_tree(),
        "chosen_codes": chosen_codes,
        "error": "",
    }
    template = "evidence/agreement.html"
    if not form.asked:
        return render(request, template, context)

    def refuse(message: str) -> HttpResponse:
        context["error"] = message
        return render(request, template, context, status=400)

    if not valid:
        return refuse(problems(form))
    codings = readable.filter(coder__username__in=chosen_coders)
    if partnership:
        codings = codings.filter(version__source__partnerships__key=partnership)
    spans = _spans(codings)
    coded_by: dict[Hashable, set[Hashable]] = defaultdict(set)
    for span in spans:
        coded_by[span.source].add(span.coder)
    shared = {source for source, who in coded_by.items() if len(who) == len(chosen_coders)}
    if not shared:
        names = ", ".join(chosen_coders)
        if partnership:
            return refuse(
                gettext(
                    "The coders %(coders)s have no source in common in this partnership. Agreement is "
                    "measured only on sources that every compared coder has coded."
                )
                % {"coders": names}
            )
        return refuse(
            gettext(
                "The coders %(coders)s have no source in common. Agreement is measured only on sources "
                "that every compared coder has coded."
            )
            % {"coders": names}
        )
    spans = [span for span in spans if span.source in shared]
    versions = _versions(shared)
    lengths: dict[Hashable, int] = {pk: len(version.text) for pk, version in versions.items()}
    # By default every code the coders applied on the shared sources, in codebook order.
    applied = {span.code for span in spans}
    codes = chosen_codes or [code.pk for code, _depth in context["all_codes"] if code.pk in applied]
    try:
        character = character_agreement(spans, lengths, chosen_coders, codes=codes)
        segment = segment_agreement(spans, lengths, chosen_coders, codes=codes)
        differences = (
            disagreements(spans, lengths, chosen_coders, codes=codes) if len(chosen_coders) == 2 else None
        )
    except AgreementError as error:
        return refuse(gettext("The agreement cannot be computed: %(reason)s") % {"reason": error})

    paths = code_paths()
    listed = []
    for found in (differences or [])[:LISTED]:
        listed.append(
            {
                **_quote(versions[found.source], found.start, found.end),
                "code": paths.get(found.code, str(found.code)),
                "coded_by": found.coded_by,
            }
        )
    context.update(
        {
            "compared": True,
            "pair": len(chosen_coders) == 2,
            "shared_sources": sorted(
                {current_reader().text(versions[pk].source.title, versions[pk].source) for pk in shared}
            ),
            "levels": [
                {
                    "name": gettext("Character level"),
                    "key": "character",
                    "rows": _agreement_rows(character, paths),
                },
                {"name": gettext("Segment level"), "key": "segment", "rows": _agreement_rows(segment, paths)},
            ],
            "disagreements": listed,
            "disagreement_count": len(differences) if differences is not None else None,
            "kappa_undefined": (
                gettext(
                    "Undefined: both coders gave one and the same value to every unit, so chance alone "
                    "explains their agreement."
                )
                if len(chosen_coders) == 2
                else gettext("Undefined: Cohen's kappa compares two coders; see Krippendorff's alpha.")
            ),
            "alpha_undefined": gettext(
                "Undefined: only one value occurs (the code was applied everywhere or nowhere), so there "
                "is no disagreement to expect."
            ),
        }
    )
    return render(request, template, context)


# --- Co-occurrence -----------------------------------------------------------------------


@login_required
def cooccurrence_view(request: HttpRequest) -> HttpResponse:
    """Which codes are applied to overlapping or nearby text; with ``a`` and ``b``, their passage pairs.

    Query: ``distance`` (characters, default 0 = overlapping codings only),
    the filters of :class:`~mutuality.evidence.queries.PassageFilter` (which
    codings take part, e.g. ``coder``), and ``a``/``b`` (code ids) to list
    the pairs behind one cell.
    """
    access = Access.of(request.user)
    require(access.can_read_evidence())
    passage_filter = PassageFilter.from_query(request.GET)
    form = CooccurrenceForm(request.GET)
    valid = form.is_valid()
    context: dict[str, Any] = {
        **_filter_context(passage_filter, access),
        "distance": form.cleaned_data.get("distance", form["distance"].value()),
    }
    template = "evidence/cooccurrence.html"
    if not valid:
        context["error"] = problems(form)
        return render(request, template, context, status=400)
    distance = form.cleaned_data["distance"]
    readable = without_hidden_names(access.codings(current_codings()), passage_filter.text, current_reader())
    pairs = cooccurrence(_spans(passage_filter.apply(readable)), distance)
    paths = code_paths()
    query = {**passage_filter.as_query(), "distance": distance}
    context["query"] = query

    if form.cleaned_data["pair"]:
        first, second = form.cleaned_data["pair"]
        found = pairs.get((first, second), [])
        versions = _versions(span.source for pair in found[:LISTED] for span in pair)
        context.update(
            {
                "listing": True,
                "code_a": paths.get(first, str(first)),
                "code_b": paths.get(second, str(second)),
                "pair_count": len(found),
                "pairs": [
                    {
                        "a": {**_quote(versions[x.source], x.start, x.end), "coder": x.coder},
                        "b": {**_quote(versions[y.source], y.start, y.end), "coder": y.coder},
                    }
                    for x, y in found[:LISTED]
                ],
                "table_url": "?" + urlencode(query),
            }
        )
        return render(request, template, context)

    present = {code for key in pairs for code in key}
    order = [code.pk for code, _depth in code_tree() if code.pk in present]
    largest = max(map(len, pairs.values()), default=0)
    rows = []
    for row in order:
        cells = []
        for column in order:
            key = (min(row, column), max(row, column))
            count = len(pairs.get(key, ())) if row != column else 0
            url = "?" + urlencode({**query, "a": key[0], "b": key[1]}) if count else ""
            cells.append({"count": count, "url": url, "heat": heat_step(count, largest)})
        rows.append({"code": paths[row], "cells": cells})
    context.update(
        {"columns": [paths[pk] for pk in order], "rows": rows, "pair_total": sum(map(len, pairs.values()))}
    )
    return render(request, template, context)


# --- Boolean code queries ------------------------------------------------------------------


def _code_intervals(
    code: Code, passage_filter: PassageFilter, include_subcodes: bool, readable: QuerySet[Coding]
) -> list[Interval]:
    ids = {code.pk} | (descendants(code) if include_subcodes else set())
    codings = passage_filter.apply(readable.filter(code_id__in=ids))
    return [
        (version, start, end)
        for _pk, version, start, end in codings.order_by().values_list("pk", "version_id", "start", "end")
    ]


@login_required
def code_query_view(request: HttpRequest) -> HttpResponse:
    """Passages found by combining codes with AND, OR and AND NOT, evaluated left to right.

    The result is a set of passages, i.e. coded ranges of text, each within
    one source version: ``A AND B`` gives the ranges where a coding of A and
    a coding of B overlap (only the overlapping part); ``A OR B`` the ranges
    coded A or B, merged where they overlap or touch; ``A AND NOT B`` the
    parts of A's ranges that no coding of B covers. The filters of
    :class:`~mutuality.evidence.queries.PassageFilter` choose which codings
    of every code take part (so "A AND B from the partner side" intersects
    the partner side's codings of A and of B). Sub-codes count as their code
    unless ``subcodes=0``.

    Query: ``code`` (id of the first code), then ``op1``…``op3`` (``and``,
    ``or``, ``not``) with ``code1``…``code3``; empty rows are skipped.
    """
    access = Access.of(request.user)
    require(access.can_read_evidence())
    passage_filter = PassageFilter.from_query(request.GET)
    readable = without_hidden_names(access.codings(current_codings()), passage_filter.text, current_reader())
    form = CodeQueryForm(request.GET)
    valid = form.is_valid()
    rows = form.rows()
    include_subcodes = form.cleaned_data.get("subcodes", True)
    context: dict[str, Any] = {
        **_filter_context(passage_filter, access),
        "all_codes": code_tree(),
        "operators": QUERY_OPERATORS.items(),
        "first": rows[0][1],
        "steps": [
            {"index": index, "op": op, "code": code} for index, (op, code) in enumerate(rows[1:], start=1)
        ],
        "include_subcodes": include_subcodes,
        "error": "",
    }
    template = "evidence/query.html"
    if not valid:
        context["error"] = problems(form)
        return render(request, template, context, status=400)
    if form.cleaned_data["query"] is None:
        return render(request, template, context)
    first, steps = form.cleaned_data["query"]

    paths = code_paths()
    intervals = {
        code.pk: _code_intervals(code, passage_filter, include_subcodes, readable)
        for code in {first, *(code for _op, code in steps)}
    }
    found = combine(intervals[first.pk], [(op, intervals[code.pk]) for op, code in steps])
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    versions = _versions(source for source, _start, _end in page)
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    context.update(
        {
            "asked": True,
            "description": [(None, paths[first.pk])]
            + [(QUERY_OPERATORS[op], paths[code.pk]) for op, code in steps],
            "page": page,
            "results": [_quote(versions[source], start, end) for source, start, end in page],
            "result_count": len(found),
            "query_string": urlencode(query),
        }
    )
    return render(request, template, context)
