"""The rules for changing evidence that every entry point keeps: the web's forms and the API call these.

What a selection of words is placed on, which sides, countries and projects a coding may concern,
and what an editor of a source may change of it are decided here once, so the coding page and a
script sending JSON are refused for the same reasons. Each caller counts offsets in its own unit
(the browser in UTF-16 units, the API in code points) and converts them before it asks
:func:`place`; the messages a caller shows for a refusal it words itself where its reader needs
other words (a page says "reload the page", the API names the field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mutuality.countries import country_name
from mutuality.evidence.models import Source
from mutuality.evidence.offsets import OffsetError
from mutuality.partnerships.models import Partnership, Project, Side

SIDE_ELSEWHERE = _("That side is not a side of this source's partnerships.")
COUNTRY_ELSEWHERE = _("That country is not the country of a side of this source's partnerships.")
PROJECT_ELSEWHERE = _("A chosen project is not a project of this source's partnerships.")
SOURCE_SIDE_ELSEWHERE = _("The side must belong to one of the source's partnerships.")


# --- where a selection's words are ------------------------------------------------------------------


class ShownText(Protocol):
    """A source's text as one reader reads it (names replaced or not), with the way back to the
    stored text's offsets: :class:`mutuality.privacy.pseudonymise.Replaced`."""

    @property
    def text(self) -> str: ...

    def original_start(self, offset: int) -> int: ...

    def original_end(self, offset: int) -> int: ...


class OutsideText(OffsetError):
    """An offset before the start or past the end of the text; ``field`` names it (start or end)."""

    def __init__(self, field: str, offset: int, length: int) -> None:
        super().__init__(f"position {offset} lies outside the text ({length} characters)")
        self.field = field


class WordsMismatch(ValueError):
    """The words sent with a selection are not the words at its offsets; ``words`` are those."""

    def __init__(self, words: str) -> None:
        super().__init__("the words at the offsets differ from the quote")
        self.words = words


@dataclass(frozen=True)
class Placed:
    """A selection placed on the stored text: ``start``–``end`` there; ``words`` as the reader read them."""

    start: int
    end: int
    words: str


def same_words(words: str, quote: str) -> bool:
    """Whether ``quote`` is ``words``. A form sends the newlines of its values as CR LF (HTML's form
    encoding), so a selection that spans paragraphs arrives with them; the stored text has plain ones."""
    return words == quote.replace("\r\n", "\n").replace("\r", "\n")


def place(shown: ShownText, start: int, end: int, quote: str | None = None) -> Placed:
    """The selection ``start``–``end`` (code points in the text as the reader read it) on the stored
    text's words, a replacement standing for its name; ``quote``, when sent, must be its words.

    Raises :class:`OutsideText` for an offset outside the text and :class:`WordsMismatch` for other words.
    """
    length = len(shown.text)
    for name, offset in (("start", start), ("end", end)):
        if not 0 <= offset <= length:
            raise OutsideText(name, offset, length)
    words = shown.text[start:end]
    if quote is not None and not same_words(words, quote):
        raise WordsMismatch(words)
    return Placed(shown.original_start(start), shown.original_end(end), words)


# --- what a coding may concern ----------------------------------------------------------------------


def source_sides(source: Source) -> list[Side]:
    """The sides of a source's partnerships: whose learning a coding of it may concern."""
    return [
        side
        for partnership in source.partnerships.all()
        for side in partnership.sides.select_related("municipality")
    ]


def check_concerns_side(source: Source, side: Side | None) -> None:
    if side is not None and side.pk not in {found.pk for found in source_sides(source)}:
        raise ValidationError(SIDE_ELSEWHERE)


def side_countries(source: Source) -> list[tuple[str, str]]:
    """The countries of the sides of a source's partnerships, as (code, name in the reader's
    language): whose learning a coding may concern."""
    codes = set(
        Side.objects.filter(partnership__sources=source).values_list("municipality__country", flat=True)
    )
    return sorted(((code, country_name(code)) for code in codes), key=lambda pair: pair[1])


def check_concerns_country(source: Source, country: str) -> str:
    """``country`` (a two-letter code, any case) in capitals, if a side of the source's partnerships is there."""
    country = country.upper()
    if country and country not in dict(side_countries(source)):
        raise ValidationError(COUNTRY_ELSEWHERE)
    return country


def source_projects(source: Source) -> QuerySet[Project]:
    """The projects a coding of the source may be about: those of its partnerships."""
    return Project.objects.filter(partnership__in=source.partnerships.all())


# --- what an editor may change of a source ----------------------------------------------------------


@dataclass(frozen=True)
class SourceLimits:
    """What one editor may change of a source's links, given the partnerships they may edit.

    A source shared with other partnerships keeps its links to them (``kept``), and its side when
    that is another partnership's (``side_fixed``); whether it is confidential decides what those
    partnerships' members may read, so only someone who may edit every linked partnership changes
    it (``confidential_fixed``)."""

    editable: set[int] | None  # partnership ids; None: every partnership (an administrator)
    kept: list[Partnership] = field(default_factory=list)
    side_fixed: bool = False

    @property
    def confidential_fixed(self) -> bool:
        return bool(self.kept)

    def may_link(self, partnership: Any) -> bool:
        return self.editable is None or partnership.pk in self.editable


def source_limits(source: Source | None, editable: set[int] | None) -> SourceLimits:
    """The limits of an editor who may edit the partnerships ``editable`` (None: all) on ``source``
    (None: a new source, on which every link is theirs to make)."""
    if editable is None or source is None or source.pk is None:
        return SourceLimits(editable)
    kept = [p for p in source.partnerships.all() if p.pk not in editable]
    side = source.side
    side_fixed = bool(kept) and side is not None and side.partnership_id not in editable
    return SourceLimits(editable, kept, side_fixed)


def check_source_side(side: Side | None, partnerships: Any) -> None:
    """A source's side is a side of one of its partnerships (``partnerships``: records or a queryset)."""
    if side is not None and partnerships is not None and side.partnership not in partnerships:
        raise ValidationError(SOURCE_SIDE_ELSEWHERE)


def dimension_only(code: Any, assessment: str, factor_role: str) -> tuple[str, str]:
    """A coding's assessment and role: only a coding of a dimension of mutual learning keeps them, so
    a code that is not one drops them (a page applies several codes with one assessment at once)."""
    return (assessment, factor_role) if code.is_dimension else ("", "")
