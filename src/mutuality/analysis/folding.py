"""Text folded for searching: case, accents, Turkish i's and Arabic vowel marks forgiven.

The sources are Dutch, French, Turkish, Arabic and English, and a researcher types a word the way
their keyboard lets them: "insallah" for "inşallah", "istanbul" for "İstanbul", "مدرسة" for a
vocalised "مَدْرَسَة". Search and word counts therefore compare *folded* texts, in which every
character is replaced by its folded form:

* case folded (``str.casefold``: "Straße" → "strasse"), and the Turkish dotless ı folded to i, so
  İ, I, ı and i are all i (casefolding alone keeps ı apart, and makes İ an i with a dot above);
* compatibility decomposition (NFKD) and every combining mark removed (categories Mn and Me):
  ş → s, é → e, ğ → g, ﬁ → fi, and the Arabic presentation forms that text copied from PDFs holds
  become the letters a keyboard types; NFKD rather than NFD for that last reason;
* Arabic: the harakat and the superscript alef (U+064B–U+065F, U+0670, marks too) and tatweel
  (U+0640) removed; alef with hamza or madda (أ إ آ, by the decomposition) and alef wasla ٱ
  become ا; alef maqsura ى becomes ي and ta marbuta ة becomes ه, and Arabic-Indic digits become
  0–9. The last two are the usual normalisation of Arabic search engines (Lucene's among them):
  writers use both spellings of a word's end, and a search that forgives a missed hit is worth
  the rare false one (على "on" is found by علي "Ali") which the reader sees and skips;
* invisible format characters (category Cf: soft hyphens, zero-width joiners, direction marks)
  removed.

Folding works character by character: the folded text is the folded characters one after the
other, so a word found in a folded text is the folded form of some words of the original.
:class:`Folded` keeps the way back: which characters of the original made a stretch of the
folded text, so a hit is shown and highlighted on exactly the words as written.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

TATWEEL = "\u0640"
#: What case folding and decomposition leave as they are but a search should not tell apart.
LETTERS = {
    "ı": "i",
    "\u0671": "\u0627",  # alef wasla → alef
    "\u0649": "\u064a",  # alef maqsura → ya
    "\u0629": "\u0647",  # ta marbuta → ha
    **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + n): str(n) for n in range(10)},  # extended Arabic-Indic digits
}
REMOVED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def _step(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(
        LETTERS.get(c, c)
        for c in decomposed
        if c != TATWEEL and unicodedata.category(c) not in REMOVED_CATEGORIES
    )


def _settled(text: str) -> str:
    """``_step`` until nothing changes (a decomposition may bring a capital, a capital a mark)."""
    while (next_text := _step(text)) != text:
        text = next_text
    return text


class _AfterCasefold(dict[int, str]):
    """``str.translate`` table for a case-folded text, filled as characters are first met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _settled(chr(code))
        return folded


_AFTER_CASEFOLD = _AfterCasefold()
_CHARACTERS: dict[str, str] = {}


def fold_character(character: str) -> str:
    """One character folded: none, one, or (ß, ﬁ, ligatures) several."""
    folded = _CHARACTERS.get(character)
    if folded is None:
        folded = _CHARACTERS[character] = "".join(_AFTER_CASEFOLD[ord(c)] for c in character.casefold())
    return folded


def fold_text(text: str) -> str:
    """``text`` folded, without the map back (``fold(text).text``, for storing and comparing).

    ``str.casefold`` runs in C and case-folds character by character, so the slower table lookup
    runs only on texts that are not plain ASCII (which are folded once case-folded).
    """
    folded = text.casefold()
    return folded if folded.isascii() else folded.translate(_AFTER_CASEFOLD)


@dataclass(frozen=True)
class Folded:
    """A text (``original``) and its folded form (``text``), with the way back between the two.

    Offsets count code points, as the evidence's offsets do. A character of the original folds to
    none (a mark), one or several (ß → ss) characters of the folded text; :meth:`start` and
    :meth:`end` give, for a stretch of the folded text, the stretch of the original that made it:
    the whole of a character whose folded form is cut, and the marks that follow its last
    character (so a highlighted Arabic word keeps its vowel marks).
    """

    original: str
    text: str

    @cached_property
    def _map(self) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
        """Where folded and original offsets part: checkpoints (folded offset, original minus folded
        offset from there on) and the expansions (folded start, end, original offset)."""
        at, shift = [0], [0]
        expanded_start: list[int] = []
        expanded_end: list[int] = []
        expanded_from: list[int] = []
        if self.original.isascii():
            return at, shift, expanded_start, expanded_end, expanded_from
        uneven = [c for c in set(self.original) if len(fold_character(c)) != 1]
        if not uneven:
            return at, shift, expanded_start, expanded_end, expanded_from
        delta = 0
        pattern = re.compile("[" + "".join(re.escape(c) for c in uneven) + "]")
        for match in pattern.finditer(self.original):
            index = match.start()
            length = len(fold_character(match.group()))
            position = index - delta
            if length:
                expanded_start.append(position)
                expanded_end.append(position + length)
                expanded_from.append(index)
                position += length
            delta += 1 - length
            at.append(position)
            shift.append(delta)
        return at, shift, expanded_start, expanded_end, expanded_from

    def source(self, offset: int) -> int:
        """The original character that made the folded character at ``offset``."""
        at, shift, expanded_start, expanded_end, expanded_from = self._map
        expansion = bisect_right(expanded_start, offset) - 1
        if expansion >= 0 and offset < expanded_end[expansion]:
            return expanded_from[expansion]
        return offset + shift[bisect_right(at, offset) - 1]

    def start(self, offset: int) -> int:
        """Where a stretch of the folded text that starts at ``offset`` starts in the original."""
        return self.source(offset) if offset < len(self.text) else len(self.original)

    def end(self, offset: int) -> int:
        """Where a stretch of the folded text that ends at ``offset`` ends in the original."""
        if offset <= 0:
            return self.start(0)
        last = self.source(offset - 1)
        following = self.source(offset) if offset < len(self.text) else len(self.original)
        return max(following, last + 1)

    def find(self, words: str) -> list[tuple[int, int]]:
        """Every place ``words`` (folded here) occurs, as (start, end) in the original, in order
        and without overlap."""
        needle = fold_text(words)
        found: list[tuple[int, int]] = []
        if not needle:
            return found
        position = self.text.find(needle)
        while position >= 0:
            start, end = self.start(position), self.end(position + len(needle))
            if not found or start >= found[-1][1]:
                found.append((start, end))
            position = self.text.find(needle, position + len(needle))
        return found


def fold(text: str) -> Folded:
    """``text`` folded (see the module's description), with the map back to ``text``'s offsets.

    The map is worked out only when asked for: storing and comparing need only ``.text``.
    """
    return Folded(text, fold_text(text))
