"""Word frequencies and keyword in context over a selection of texts.

A word is a run of letters and digits, with the combining marks and joiners inside it (so a
vocalised Arabic word stays one word); apostrophes and hyphens part words, which splits Turkish
suffixes from names ("İstanbul'da": İstanbul, da) and French elisions ("l'école": l, école).
Words are counted folded (:mod:`mutuality.analysis.folding`), so "İstanbul", "ISTANBUL" and
"istanbul" are one word, shown as it is most often written. Words of one character and numbers
are not counted.

Stop words (``stopwords/<language>.txt``, lists written for Mutuality: articles, pronouns,
prepositions, conjunctions, auxiliaries and the small words of speech) are left out unless asked
to keep them, each text by the list of its language: "door" is a Dutch stop word but an English
word, "car" a French one. A text of another language, or of none given, leaves out the words of
all five lists.

The texts given are the texts as the reader may read them, with the stretches where names were
replaced marked (:attr:`Text.hidden`): what stands there (a placeholder, a respondent's label)
is no word of the speaker's and is not counted.

Counting splits each text at white space and counts the pieces in C (``Counter``); only the
distinct pieces are then cut into words and folded in Python, so the time grows with the length
of the texts in C and with the size of their vocabulary in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from itertools import chain

from mutuality.analysis.folding import fold_text

STOP_WORD_LANGUAGES = ("en", "nl", "fr", "tr", "ar")
#: Invisible characters that sit inside words: soft hyphen, zero-width non-joiner and joiner, word joiner.
JOINERS = "\u00ad\u200c\u200d\u2060"


@cache
def word_characters() -> str:
    """The inside of a regular expression's character class matching a word's characters."""
    marks = [
        code
        for code in chain(range(0x30000), range(0xE0000, 0xE1000))  # no marks elsewhere in Unicode
        if unicodedata.category(chr(code)) in ("Mn", "Me")
    ]
    ranges: list[list[int]] = []
    for code in marks:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges]
    return r"\w" + "".join(parts) + JOINERS


@cache
def _word_pattern() -> re.Pattern[str]:
    return re.compile(f"[{word_characters()}]+")


def _language(language: str) -> str:
    """A language code as the stop-word lists name them ("nl-BE" → "nl"); "" for any other."""
    code = language.strip().casefold().replace("_", "-").split("-")[0]
    return code if code in STOP_WORD_LANGUAGES else ""


@cache
def _list(code: str) -> frozenset[str]:
    text = files("mutuality.analysis").joinpath("stopwords", f"{code}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(fold_text(line) for line in lines if line and not line.startswith("#"))


@cache
def stop_words(language: str = "") -> frozenset[str]:
    """The stop words (folded) of ``language``; of all five languages for another or none."""
    code = _language(language)
    if code:
        return _list(code)
    return frozenset().union(*(_list(code) for code in STOP_WORD_LANGUAGES))


@dataclass(frozen=True)
class Text:
    """One text to count: its words, its language, and the stretches (start, end) not to count."""

    text: str
    language: str = ""
    hidden: tuple[tuple[int, int], ...] = ()

    def counted(self) -> str:
        """The text with the hidden stretches blanked out, offsets unchanged."""
        if not self.hidden:
            return self.text
        parts, done = [], 0
        for start, end in sorted(self.hidden):
            start = max(start, done)
            if end > start:
                parts += [self.text[done:start], " " * (end - start)]
                done = end
        parts.append(self.text[done:])
        return "".join(parts)


@dataclass(frozen=True)
class WordCount:
    """A word (folded), as it is most often written, and how often it occurs."""

    word: str
    spelling: str
    count: int


@dataclass(frozen=True)
class Frequencies:
    """Every word counted in some texts, the most frequent first (then by the folded word)."""

    words: tuple[WordCount, ...]
    spellings: Mapping[str, tuple[str, ...]]  # folded word → every way it is written
    keep_stop_words: bool
    texts: int

    @property
    def total(self) -> int:
        return sum(word.count for word in self.words)

    @cached_property
    def _by_word(self) -> dict[str, WordCount]:
        return {word.word: word for word in self.words}

    def get(self, word: str) -> WordCount | None:
        """The count of ``word`` (folded here), if it was counted."""
        return self._by_word.get(fold_text(word))


def _as_word(token: str) -> str | None:
    """The folded word a run of word characters counts as, or None (a letter alone, a number)."""
    folded = fold_text(token)
    if len(folded) < 2 or not any(c.isalpha() for c in folded):
        return None
    return folded


def _spelling(spellings: Counter[str]) -> str:
    """The most frequent spelling; among equals the one with the fewest capitals ("Istanbul" before
    "ISTANBUL"), then the first in code-point order."""
    return min(spellings.items(), key=lambda item: (-item[1], sum(c.isupper() for c in item[0]), item[0]))[0]


def word_frequencies(texts: Iterable[Text], *, keep_stop_words: bool = False) -> Frequencies:
    """How often each word occurs in ``texts`` (see the module's description for what counts)."""
    pieces: dict[str, Counter[str]] = {}
    count = 0
    for text in texts:
        count += 1
        pieces.setdefault(_language(text.language), Counter()).update(text.counted().split())
    pattern = _word_pattern()
    words_of: dict[str, str | None] = {}
    totals: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for language, counter in pieces.items():
        stop = frozenset() if keep_stop_words else stop_words(language)
        tokens: Counter[str] = Counter()
        for piece, times in counter.items():
            for token in pattern.findall(piece):
                tokens[token] += times
        for token, times in tokens.items():
            if token not in words_of:
                words_of[token] = _as_word(token)
            word = words_of[token]
            if word is None or word in stop:
                continue
            totals[word] += times
            spellings.setdefault(word, Counter())[token] += times
    counted = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return Frequencies(
        words=tuple(WordCount(word, _spelling(spellings[word]), times) for word, times in counted),
        spellings={word: tuple(sorted(spellings[word])) for word, _times in counted},
        keep_stop_words=keep_stop_words,
        texts=count,
    )


@dataclass(frozen=True)
class Line:
    """One occurrence of a word in context: which text (its place among those given), the words
    before and after it (``width`` characters at most) and where it stands in that text."""

    text: int
    before: str
    word: str
    after: str
    start: int
    end: int


def keyword_in_context(
    texts: Sequence[Text],
    frequencies: Frequencies,
    word: str,
    *,
    skip: int = 0,
    limit: int = 50,
    width: int = 60,
) -> list[Line]:
    """The occurrences ``skip`` to ``skip + limit`` of ``word`` in ``texts``, in the order of the
    texts and within each in the order of the text: exactly the occurrences ``frequencies`` (of
    the same texts) counted, so the lines of a word number its count."""
    folded = fold_text(word)
    spellings = frequencies.spellings.get(folded)
    lines: list[Line] = []
    if not spellings or limit <= 0:
        return lines
    inside = re.compile(f"[{word_characters()}]")
    seen = 0
    for index, text in enumerate(texts):
        if not frequencies.keep_stop_words and folded in stop_words(text.language):
            continue
        counted = text.counted()
        found = _whole_words(counted, spellings, inside)
        if seen + len(found) <= skip:
            seen += len(found)
            continue
        for start, end in found[max(0, skip - seen) :]:
            lines.append(
                Line(
                    index,
                    text.text[max(0, start - width) : start],
                    text.text[start:end],
                    text.text[end : end + width],
                    start,
                    end,
                )
            )
            if len(lines) >= limit:
                return lines
        seen += len(found)
    return lines


def _whole_words(text: str, spellings: Iterable[str], inside: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where the spellings stand in ``text`` as whole words, in order. ``str.find`` and a look at
    the characters either side: many times faster than one regular expression with lookarounds,
    which cannot skip ahead to the words it looks for."""
    found = []
    for spelling in spellings:
        start = text.find(spelling)
        while start >= 0:
            end = start + len(spelling)
            if (start == 0 or not inside.match(text, start - 1)) and (
                end == len(text) or not inside.match(text, end)
            ):
                found.append((start, end))
            start = text.find(spelling, start + 1)
    found.sort()
    return found
