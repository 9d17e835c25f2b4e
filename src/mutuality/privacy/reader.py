"""What the person reading a page may see of real names: one place decides, every page asks it.

Interview texts, titles, quotes and memos may hold respondents' real names and the names a source
lists to hide. Researchers of a source's partnership and administrators read them as written;
everyone else (viewers, partner editors, contributors, coders) reads them as the exports do, with
the names replaced by :class:`~mutuality.privacy.pseudonymise.Pseudonymiser`. A text that belongs to
no source (a code's memo) shows names to administrators only.

The request being answered (``history.context``, whose middleware remembers it) makes the reader
known to the ``hidden`` template filter (``{{ c.quote|hidden:c.version.source }}``), which every
page uses for evidence text; the coding
page also maps offsets between the text shown and the text stored (:meth:`ReaderNames.replaced`).
Outside a request (reports, commands) nothing is known of the reader, so names are replaced.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mutuality.accounts.access import Access
from mutuality.evidence.models import Source
from mutuality.history.context import current_request
from mutuality.privacy.pseudonymise import Pseudonymiser, Replaced


class ReaderNames:
    """One reader's view of names, for all the texts of one request."""

    def __init__(self, access: Access | None) -> None:
        self.access = access
        self._pseudonymiser: Pseudonymiser | None = None
        self._shown: dict[int | None, bool] = {}

    def shows_names(self, source: Any = None) -> bool:
        """Whether this reader reads real names in the texts of ``source`` (a Source, its id, or None)."""
        key = _source_id(source)
        if key not in self._shown:
            if isinstance(source, int):
                source = Source.objects.filter(pk=source).prefetch_related("partnerships").first()
            self._shown[key] = self.access is not None and self.access.may_see_names(source)
        return self._shown[key]

    @property
    def pseudonymiser(self) -> Pseudonymiser:
        if self._pseudonymiser is None:
            self._pseudonymiser = Pseudonymiser()
        return self._pseudonymiser

    def text(self, text: Any, source: Any = None) -> str:
        """``text`` as this reader may read it."""
        if text is None:
            return ""
        text = str(text)
        if not text or self.shows_names(source):
            return text
        return self.pseudonymiser.text(text, _source_id(source))

    def passage(self, text: str, start: int, end: int, source: Any) -> str:
        """The words ``start``–``end`` of a source's ``text`` as this reader may read them; a passage
        that begins or ends inside a name takes its whole replacement, never part of the name."""
        if self.shows_names(source):
            return text[start:end]
        shown = self.replaced(text, source)
        return shown.text[shown.start(start) : shown.end(end)]

    def replaced(self, text: str, source: Any) -> Replaced:
        """A source's text as this reader may read it, with the map of offsets between the two."""
        if self.shows_names(source):
            return Replaced(text)
        return self.pseudonymiser.replace(text, _source_id(source))


def _source_id(source: Any) -> int | None:
    return source if isinstance(source, int) else getattr(source, "pk", None)


def current_reader() -> ReaderNames:
    """The reader of the request being answered; outside a request, one who sees no names."""
    request = current_request()
    return reader_of(request) if request is not None else ReaderNames(None)


def reader_of(request: HttpRequest) -> ReaderNames:
    """The reader of ``request``, made when a page first asks (most requests show no evidence)."""
    found = getattr(request, "_reader_names", None)
    if found is None:
        user = getattr(request, "user", None)
        found = ReaderNames(Access.of(user) if user is not None else None)
        request._reader_names = found  # type: ignore[attr-defined]
    return found
