"""Finding passages: the filters shared by the passages page, the matrix and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from mutuality.analysis.folding import fold_text
from mutuality.evidence.codebook import descendants
from mutuality.evidence.models import Code, Coding, Source
from mutuality.partnerships.models import Project

#: Passages a page shows.
PASSAGES_PER_PAGE = 50


@dataclass(frozen=True)
class PassageFilter:
    """What a researcher narrows passages down by; empty values mean "any"."""

    partnership: str = ""
    side: str = ""
    actor_type: str = ""
    project_type: str = ""
    source_kind: str = ""
    coder: str = ""
    respondent_role: str = ""
    assessment: str = ""
    factor_role: str = ""
    date_from: str = ""
    date_to: str = ""
    text: str = ""

    @classmethod
    def from_query(cls, query: Any) -> PassageFilter:
        return cls(**{f.name: query.get(f.name, "").strip() for f in fields(cls)})

    def as_query(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def apply(self, codings: QuerySet[Coding]) -> QuerySet[Coding]:
        if self.partnership:
            codings = codings.filter(version__source__partnerships__key=self.partnership)
        if self.side:
            # The side a coding concerns; else the side its source speaks for (as the matrix counts).
            codings = codings.filter(
                Q(concerns_side__municipality__key=self.side)
                | Q(concerns_side=None, version__source__side__municipality__key=self.side)
            )
        if self.actor_type:
            codings = codings.filter(version__source__respondent__organisation_type=self.actor_type)
        if self.project_type:
            codings = codings.filter(_of_project_type(self.project_type))
        if self.source_kind:
            codings = codings.filter(version__source__kind=self.source_kind)
        if self.coder:
            codings = codings.filter(coder__username=self.coder)
        if self.respondent_role:
            codings = codings.filter(version__source__respondent__role=self.respondent_role)
        if self.assessment:
            codings = codings.filter(assessment=self.assessment)
        if self.factor_role:
            codings = codings.filter(factor_role=self.factor_role)
        if _date(self.date_from):
            codings = codings.filter(version__source__date__gte=_date(self.date_from))
        if _date(self.date_to):
            codings = codings.filter(version__source__date__lte=_date(self.date_to))
        if self.text:
            # Case and accents forgiven, as in search (mutuality.analysis.folding); words that fold
            # to nothing (vowel marks alone) are in no passage.
            words = fold_text(self.text)
            codings = codings.filter(folded_quote__contains=words) if words else codings.none()
        # Only the many-to-many joins (a source in several partnerships) can repeat a coding.
        return codings.distinct() if (self.partnership or self.project_type) else codings


def _of_project_type(project_type: str) -> Q:
    """Codings naming a project of this type; codings naming none, by their partnerships' projects."""
    links = Coding.projects.through.objects
    naming = links.filter(project__in=projects_with_type(project_type)).values("coding_id")
    return Q(pk__in=naming) | (
        ~Q(pk__in=links.values("coding_id"))
        & Q(version__source__partnerships__in=partnerships_with_project_type(project_type))
    )


def projects_with_type(project_type: str) -> set[int]:
    return {pk for pk, types in Project.objects.values_list("pk", "types") if project_type in (types or [])}


def partnerships_with_project_type(project_type: str) -> set[int]:
    """Partnerships with a project of this type (types are a JSON list, filtered here portably)."""
    return {
        partnership_id
        for partnership_id, types in Project.objects.values_list("partnership_id", "types")
        if project_type in (types or [])
    }


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def passages(
    code: Code | None, passage_filter: PassageFilter, *, include_subcodes: bool = True
) -> QuerySet[Coding]:
    codings = Coding.objects.all()
    if code is not None:
        ids = {code.pk} | (descendants(code) if include_subcodes else set())
        codings = codings.filter(code_id__in=ids)
    return _shown(passage_filter.apply(codings)).order_by("version__source__title", "start", "id")


def _shown(codings: QuerySet[Coding]) -> QuerySet[Coding]:
    """``codings`` with what a passage shows: its source, code, coder and side. Neither the
    transcript nor its folded copy is needed (each passage keeps its own words), nor the folded
    words, which only the word filter reads, in the database."""
    return codings.select_related(
        "version__source", "code__parent__parent", "coder", "concerns_side__municipality"
    ).defer("version__text", "version__folded_text", "folded_quote")


@dataclass(frozen=True, slots=True)
class Passage:
    """What a page of passages shows of one coding (web/evidence/passages.py), read as values.

    Read as objects, each passage was ten: the coding, its version and source, its code and the
    code's parents, its coder, side and municipality, a tenth of the page's time to make for fifty
    passages. Only the sources (a page's passages are of a few) are objects here, with the ids of
    their partnerships, which decide whether the reader sees the names in them."""

    pk: int
    quote: str
    assessment: str
    factor_role: str
    code_id: int
    code_names: tuple[str, ...]  # the code's name and its parents', from the root down
    coder: str  # the coder's user name
    side: str | None  # the municipality of the side the coding concerns
    source: Source


#: The values of each :class:`Passage`, in its order from ``pk`` to ``side``, then its source's id,
#: then the names of the code's parents from the nearest up and the id of the one above those.
PASSAGE_VALUES = (
    "pk",
    "quote",
    "assessment",
    "factor_role",
    "code_id",
    "code__name",
    "coder__username",
    "concerns_side__municipality__name",
    "version__source_id",
    "code__parent__name",
    "code__parent__parent__name",
    "code__parent__parent__parent_id",
)


def note_partnerships(sources: list[Source]) -> None:
    """Sets on each of ``sources`` the ids of its partnerships (``partnership_ids``), which decide
    whether a reader sees the names in it (``Access.may_see_names``), read in one query: Django's
    prefetch made a query set for each source, a tenth of the time of reading a page of passages."""
    found: dict[int, set[int]] = {source.pk: set() for source in sources}
    links = Source.partnerships.through.objects.filter(source_id__in=list(found))
    for source_id, partnership_id in links.values_list("source_id", "partnership_id"):
        found[source_id].add(partnership_id)
    for source in sources:
        source.partnership_ids = found[source.pk]  # type: ignore[attr-defined]


def passage_page(codings: QuerySet[Coding], number: Any, per_page: int = PASSAGES_PER_PAGE) -> Page[Passage]:
    """Page ``number`` of ``codings`` (a paginator's page: its count, its neighbours), in their order,
    each passage with what it shows (:class:`Passage`).

    The page is found among the codings' ids alone, which the database puts in order from the
    codings' index by code (code, version, start); only the rows shown are then read. Reading the
    rows to order them read every passage of the code, 13,000 for a dimension on the bench corpus,
    to show 50.
    """
    of_ids: Paginator[Any] = Paginator(codings.values_list("pk", flat=True), per_page)
    found = of_ids.get_page(number)
    ids = list(found.object_list)
    rows = {row[0]: row for row in Coding.objects.filter(pk__in=ids).values_list(*PASSAGE_VALUES)}
    source_at = PASSAGE_VALUES.index("version__source_id")
    source_ids = {row[source_at] for row in rows.values()}
    sources = list(Source.objects.filter(pk__in=source_ids).only("key", "title"))
    note_partnerships(sources)
    by_id = {source.pk: source for source in sources}
    above: dict[int, tuple[str, ...]] = {}  # the paths above codes deeper than three, read once a page
    # A coding removed in between is left out, not shown as an error.
    return Page([_passage(rows[pk], by_id, above) for pk in ids if pk in rows], found.number, found.paginator)


def _passage(row: tuple[Any, ...], sources: dict[int, Source], above: dict[int, tuple[str, ...]]) -> Passage:
    pk, quote, assessment, factor_role, code_id, name, coder, side, source_id, parent, grandparent, top = row
    code_names = (*(above_it for above_it in (grandparent, parent) if above_it is not None), name)
    if top is not None:  # a code deeper than three (a project's own under its own): the rest
        if top not in above:
            above[top] = Code.objects.get(pk=top).path_names()
        code_names = above[top] + code_names
    return Passage(pk, quote, assessment, factor_role, code_id, code_names, coder, side, sources[source_id])
