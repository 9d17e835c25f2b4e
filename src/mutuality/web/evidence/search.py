"""Full-text search across the current text of sources, and across memos.

Plain substring search, case-insensitive, on the database the app runs on:
enough to find a respondent's words in a few thousand transcripts; ranked
full-text search can replace it behind the same function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def search_sources(
    query: str,
    access: Access | None = None,
    limit: int = 100,
    shown: Callable[[Source, str], str] | None = None,
) -> list[SourceHits]:
    """Sources whose current text holds ``query`` (only those ``access`` may read, when given).

    ``shown`` gives a text as the reader may read it (names replaced): the words are found, and
    quoted around, in that text, so a name the reader may not see is neither found nor shown.
    """
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
        text = shown(version.source, version.text) if shown is not None else version.text
        matches = list(pattern.finditer(text))
        hits = [
            Hit(
                text[max(0, m.start() - CONTEXT) : m.start()],
                m.group(),
                text[m.end() : m.end() + CONTEXT],
                m.start(),
            )
            for m in matches[:MAX_HITS_PER_SOURCE]
        ]
        if hits:
            results.append(SourceHits(version.source, hits, len(matches)))
    return results


def search_memos(
    query: str, access: Access | None = None, limit: int = 100
) -> tuple[list[Memo], list[Coding]]:
    """Memos and coding memos holding ``query``; with ``access``, only on sources (and codes) it may read."""
    query = query.strip()
    if not query:
        return [], []
    memos = Memo.objects.filter(text__icontains=query)
    codings = Coding.objects.filter(memo__icontains=query)
    if access is not None and not access.is_admin:
        readable = access.sources(Source.objects.all()).values("pk")
        code_memos = access.code_memos(Memo.objects.filter(code__isnull=False)).values("pk")
        memos = memos.filter(
            Q(source__in=readable)
            | Q(coding__in=access.codings(Coding.objects.all()).values("pk"))
            | Q(pk__in=code_memos)
        )
        codings = access.codings(codings)
    memos = memos.select_related("source", "code", "author")[:limit]
    codings = codings.select_related("version__source", "code", "coder")[:limit]
    return list(memos), list(codings)
