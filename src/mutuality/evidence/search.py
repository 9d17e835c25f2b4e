"""Full-text search across the current text of sources, and across memos.

Plain substring search, case-insensitive, on the database the app runs on:
enough to find a respondent's words in a few thousand transcripts; ranked
full-text search can replace it behind the same function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from mutuality.evidence.models import Coding, Memo, Source, SourceVersion

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


def search_sources(query: str, limit: int = 100) -> list[SourceHits]:
    query = query.strip()
    if not query:
        return []
    versions = (
        current_versions().filter(text__icontains=query).select_related("source").order_by("source__title")
    )
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


def search_memos(query: str, limit: int = 100) -> tuple[list[Memo], list[Coding]]:
    query = query.strip()
    if not query:
        return [], []
    memos = Memo.objects.filter(text__icontains=query).select_related("source", "code", "author")[:limit]
    codings = (
        Coding.objects.filter(memo__icontains=query).select_related("version__source", "code", "coder")[:limit]
    )
    return list(memos), list(codings)
