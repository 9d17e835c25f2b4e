"""Full-text search across the current text of sources, and across memos.

Plain substring search, case-insensitive, on the database the app runs on:
enough to find a respondent's words in a few thousand transcripts; ranked
full-text search can replace it behind the same function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, QuerySet, Subquery

from mutuality.evidence.models import Coding, Memo, Source, SourceVersion

if TYPE_CHECKING:
    from mutuality.accounts.access import Access

CONTEXT = 70
MAX_HITS_PER_SOURCE = 5


@dataclass(frozen=True)
class Hit:
    before: str
    match: str
    after: str
    start: int


@dataclass(frozen=True)
class SourceHits:
    source: Source
    hits: list[Hit]
    total: int


def current_versions() -> QuerySet[SourceVersion]:
    """The newest version of every source (one subquery, whatever the number of sources)."""
    newest = SourceVersion.objects.filter(source=OuterRef("source")).order_by("-number").values("number")[:1]
    return SourceVersion.objects.filter(number=Subquery(newest))


def search_sources(query: str, access: Access | None = None, limit: int = 100) -> list[SourceHits]:
    """Sources whose current text holds ``query`` (only those ``access`` may read, when given)."""
    query = query.strip()
    if not query:
        return []
    versions = current_versions().filter(text__icontains=query)
    if access is not None:
        versions = versions.filter(source__in=access.sources(Source.objects.all()).values("pk"))
    versions = versions.select_related("source").order_by("source__title")
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    results = []
    for version in versions[:limit]:
        matches = list(pattern.finditer(version.text))
        hits = [
            Hit(
                version.text[max(0, m.start() - CONTEXT) : m.start()],
                m.group(),
                version.text[m.end() : m.end() + CONTEXT],
                m.start(),
            )
            for m in matches[:MAX_HITS_PER_SOURCE]
        ]
        if hits:
            results.append(SourceHits(version.source, hits, len(matches)))
    return results


def search_memos(query: str, access: Access | None = None, limit: int = 100) -> tuple[list[Memo], list[Coding]]:
    """Memos and coding memos holding ``query``; with ``access``, only on sources (and codes) it may read."""
    query = query.strip()
    if not query:
        return [], []
    memos = Memo.objects.filter(text__icontains=query)
    codings = Coding.objects.filter(memo__icontains=query)
    if access is not None and not access.is_admin:
        readable = access.sources(Source.objects.all()).values("pk")
        memos = memos.filter(
            Q(source__in=readable) | Q(coding__version__source__in=readable) | Q(code__isnull=False)
        )
        codings = access.codings(codings)
    memos = memos.select_related("source", "code", "author")[:limit]
    codings = codings.select_related("version__source", "code", "coder")[:limit]
    return list(memos), list(codings)
