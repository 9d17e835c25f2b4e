"""The words page: how often each word occurs in a selection of sources, and a word in its context.

The counting and the lines are pure functions (:mod:`mutuality.analysis.words`); this view chooses
the sources the reader may read, gives their current texts as the reader may read them (names
replaced, the replaced stretches marked so they are not counted) and pages the results. Plain
links and a form: no script needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, overload
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from mutuality.accounts.access import Access, require
from mutuality.analysis.words import Frequencies, Line, Text, keyword_in_context, word_frequencies
from mutuality.evidence.models import Respondent, Source
from mutuality.languages import LANGUAGES, text_direction
from mutuality.partnerships.models import Municipality, Partnership
from mutuality.privacy.reader import reader_of
from mutuality.web.evidence.search import current_versions

WORDS_PER_PAGE = 100
LINES_PER_PAGE = 50
CONTEXT = 60


@dataclass(frozen=True)
class Selection:
    """Which sources to count: empty values mean "any"; ``keep`` keeps the stop words."""

    partnership: str = ""
    side: str = ""
    language: str = ""
    role: str = ""
    keep: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Selection:
        return cls(**{f.name: query.get(f.name, "").strip() for f in fields(cls)})

    def as_query(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def apply(self, sources: QuerySet[Source]) -> QuerySet[Source]:
        if self.partnership:
            sources = sources.filter(partnerships__key=self.partnership)
        if self.side:
            sources = sources.filter(side__municipality__key=self.side)
        if self.language:
            sources = sources.filter(language=self.language)
        if self.role:
            sources = sources.filter(respondent__role=self.role)
        return sources


class _Lines(Sequence[dict[str, Any]]):
    """A word's lines in context as the paginator takes them: their number is the word's count,
    and only the page asked for is made."""

    def __init__(self, texts: list[Text], sources: list[Source], frequencies: Frequencies, word: str) -> None:
        self.texts, self.sources, self.frequencies, self.word = texts, sources, frequencies, word
        counted = frequencies.get(word)
        self.total = counted.count if counted is not None else 0

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, int):
            if not 0 <= index < self.total:
                raise IndexError(index)
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.total)
        lines = keyword_in_context(
            self.texts, self.frequencies, self.word, skip=start, limit=stop - start, width=CONTEXT
        )
        return [self._shown(line) for line in lines]

    def _shown(self, line: Line) -> dict[str, Any]:
        return {
            "before": line.before,
            "word": line.word,
            "after": line.after,
            "source": self.sources[line.text],
            "dir": text_direction(line.word) or "ltr",
        }


def _choices(readable: QuerySet[Source]) -> dict[str, Any]:
    """What the form offers: only what the readable sources have."""
    names = dict(LANGUAGES)
    languages = readable.exclude(language="").values_list("language", flat=True).distinct()
    return {
        "partnerships": Partnership.objects.filter(sources__in=readable).distinct().order_by("name"),
        "sides": Municipality.objects.filter(sides__sources__in=readable).distinct().order_by("name"),
        "source_languages": sorted(
            (code, gettext(names[code]) if code in names else code) for code in set(languages)
        ),
        "roles": sorted(
            set(Respondent.objects.filter(sources__in=readable).values_list("role", flat=True)) - {""}
        ),
    }


@login_required
def words_view(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    require(access.can_read_evidence())
    selection = Selection.from_query(request.GET)
    readable = access.sources(Source.objects.all())
    versions = (
        current_versions()
        .filter(source__in=selection.apply(readable).values("pk"))
        .select_related("source")
        .prefetch_related("source__partnerships")
        .defer("folded_text")
        .order_by("source__title", "source__pk")
    )
    reader = reader_of(request)
    texts, sources = [], []
    for version in versions:
        shown = reader.replaced(version.text, version.source)
        replaced = tuple((start, end) for _old_start, _old_end, start, end in shown.spans)
        texts.append(Text(shown.text, version.source.language, replaced))
        sources.append(version.source)
    frequencies = word_frequencies(texts, keep_stop_words=bool(selection.keep))
    query = selection.as_query()
    context: dict[str, Any] = {
        "selection": selection,
        "frequencies": frequencies,
        "words": Paginator(frequencies.words, WORDS_PER_PAGE).get_page(request.GET.get("page")),
        "query": urlencode(query),
        **_choices(readable),
    }
    chosen = frequencies.get(request.GET.get("word", "")) if request.GET.get("word") else None
    if chosen is not None:
        lines = _Lines(texts, sources, frequencies, chosen.word)
        context["chosen"] = chosen
        context["lines"] = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("lines"))
        context["word_query"] = urlencode({**query, "word": chosen.word})
    return render(request, "evidence/words.html", context)
