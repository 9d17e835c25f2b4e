"""Search across the current text of sources, and across memos, forgiving case and accents.

The words and the texts are compared folded (:mod:`mutuality.analysis.folding`): "insallah" finds
"inşallah", "istanbul" finds "İstanbul", "مدرسة" finds "مَدْرَسَة". Each version keeps its text
folded (``SourceVersion.folded_text``), so the database picks the versions holding the words with
a plain ``contains``, alike on SQLite and PostgreSQL; the places and the words quoted around them
then come from the text as the reader may read it, folded here with its map back, so a hit is
highlighted on the words as written. Enough to find a respondent's words in a few thousand
transcripts; ranked full-text search can replace it behind the same functions.

Memos are folded as they are searched rather than stored folded: they are short, far fewer than
the transcripts, and changed in many places; reading them all costs milliseconds, where a folded
copy would have to follow every change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import OuterRef, Q, QuerySet, Subquery

from mutuality.analysis.folding import Folded, fold, fold_text
from mutuality.evidence.models import Coding, Memo, Source, SourceVersion

if TYPE_CHECKING:
    from mutuality.accounts.access import Access
    from mutuality.privacy.reader import ReaderNames

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
    """Sources whose current text holds ``query``, case and accents forgiven (only those ``access``
    may read, when given).

    ``shown`` gives a text as the reader may read it (names replaced): the words are found, and
    quoted around, in that text, so a name the reader may not see is neither found nor shown.
    """
    needle = fold_text(query.strip())
    if not needle:
        return []
    versions = current_versions().filter(folded_text__contains=needle)
    if access is not None:
        versions = versions.filter(source__in=access.sources(Source.objects.all()).values("pk"))
    versions = (
        versions.select_related("source").prefetch_related("source__partnerships").order_by("source__title")
    )
    results = []
    for version in versions[:limit]:
        text = shown(version.source, version.text) if shown is not None else version.text
        # The text as stored (the reader sees its names) is folded already.
        folded = Folded(text, version.folded_text) if text is version.text else fold(text)
        found = folded.find(needle)
        hits = [
            Hit(text[max(0, start - CONTEXT) : start], text[start:end], text[end : end + CONTEXT], start)
            for start, end in found[:MAX_HITS_PER_SOURCE]
        ]
        if hits:
            results.append(SourceHits(version.source, hits, len(found)))
    return results


Row = TypeVar("Row")


def _holding(rows: Iterable[Row], needle: str, text: Callable[[Row], str], limit: int) -> list[Row]:
    """The first ``limit`` rows whose text, folded, holds ``needle``."""
    matching: Iterator[Row] = (row for row in rows if needle in fold_text(text(row)))
    return list(islice(matching, limit))


def search_memos(
    query: str,
    access: Access | None = None,
    limit: int = 100,
    shown: Callable[[str, Any], str] | None = None,
) -> tuple[list[Memo], list[Coding]]:
    """Memos and coding memos holding ``query``, case and accents forgiven; with ``access``, only
    on sources (and codes) it may read.

    ``shown`` gives a memo as the reader may read it, from its text and what decides its names
    (``Memo.names_scope``, a coding's source): the words are found in that, as for the sources.
    """
    needle = fold_text(query.strip())
    if not needle:
        return [], []
    memos = Memo.objects.all()
    codings = Coding.objects.exclude(memo="")
    if access is not None and not access.is_admin:
        readable = access.sources(Source.objects.all()).values("pk")
        code_memos = access.code_memos(Memo.objects.filter(code__isnull=False)).values("pk")
        memos = memos.filter(
            Q(source__in=readable)
            | Q(coding__in=access.codings(Coding.objects.all()).values("pk"))
            | Q(pk__in=code_memos)
        )
        codings = access.codings(codings)
    texts = ("coding__version__text", "coding__version__folded_text", "coding__folded_quote")
    memos = memos.select_related("source", "code", "author", "partnership", "coding__version__source")
    codings = codings.select_related("version__source", "code", "coder").defer(
        "version__text", "version__folded_text", "folded_quote"
    )

    def memo_text(memo: Memo) -> str:
        return shown(memo.text, memo.names_scope) if shown is not None else memo.text

    def coding_text(coding: Coding) -> str:
        return shown(coding.memo, coding.version.source) if shown is not None else coding.memo

    return (
        _holding(memos.defer(*texts).iterator(), needle, memo_text, limit),
        _holding(codings.iterator(), needle, coding_text, limit),
    )


def without_hidden_names(codings: QuerySet[Coding], words: str, reader: ReaderNames) -> QuerySet[Coding]:
    """``codings`` less those whose words hold ``words`` (the passages' word filter) only inside a
    name this reader may not see: the filter finds the stored words, the reader reads them with the
    names replaced, and a name they may not see must not be found, as in :func:`search_sources`.

    Only the codings holding the words are read, and only those on sources whose names this reader
    may not see are looked at again; what is left out is a few passages, excluded by id.
    """
    needle = fold_text(words.strip())
    if not needle or (reader.access is not None and reader.access.is_admin):
        return codings
    rows = list(
        codings.filter(folded_quote__contains=needle)
        .order_by()
        .values_list("pk", "quote", "version__source_id")
    )
    sources = Source.objects.filter(pk__in={source for _pk, _quote, source in rows}).prefetch_related(
        "partnerships"
    )
    hidden_in = {source.pk for source in sources if not reader.shows_names(source)}
    hidden = [
        pk
        for pk, quote, source in rows
        if source in hidden_in and needle not in fold_text(reader.text(quote, source))
    ]
    return codings.exclude(pk__in=hidden) if hidden else codings
