"""Offsets in a text as another tool counted them, moved to the text as Mutuality stores it.

REFI-QDA counts selections in Unicode code points of the plain-text file
(standard 1.5, section 10.2: the first code point is number 0), as Python's
``str`` indices do, so an offset needs no conversion as such. But Mutuality
stores every text in one form (:func:`mutuality.evidence.versions.normalise`:
plain newlines, NFC) and without NUL characters, which a PostgreSQL text
cannot hold. A file written with ``\\r\\n`` line ends or in decomposed Unicode
therefore has offsets that must be moved: :func:`normalise_with_offsets`
returns the stored text and a function from the file's offsets to offsets in
it. A byte-order mark is not part of the text and is not counted.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable

# Hangul vowel and trailing-consonant jamo compose with the letters before them.
_HANGUL_JOINERS = ((0x1161, 0x1175), (0x11A8, 0x11C2))


def _starts_segment(previous: str, char: str) -> bool:
    """Whether NFC keeps ``char`` apart from the character before it (a combining mark never is)."""
    if unicodedata.combining(char) or any(low <= ord(char) <= high for low, high in _HANGUL_JOINERS):
        return False
    nfc = unicodedata.normalize
    return nfc("NFC", previous + char) == nfc("NFC", previous) + nfc("NFC", char)


def normalise_with_offsets(raw: str) -> tuple[str, Callable[[int], int]]:
    """The stored form of ``raw`` and a map from offsets in ``raw`` to offsets in it.

    An offset inside a ``\\r\\n`` pair or inside a sequence that NFC composes
    into one character moves to the start of that character.
    """
    # 1. Line ends and NUL characters, with the position of every original character.
    plain: list[str] = []
    before: list[int] = []  # before[i]: length of ``plain`` before raw[i]
    index, length = 0, len(raw)
    while index < length:
        char = raw[index]
        before.append(len(plain))
        if char == "\r":
            plain.append("\n")
            if index + 1 < length and raw[index + 1] == "\n":
                before.append(len(plain) - 1)
                index += 1
        elif char != "\x00":
            plain.append(char)
        index += 1
    before.append(len(plain))
    text = "".join(plain)
    if unicodedata.is_normalized("NFC", text):
        return text, lambda offset: before[offset]
    # 2. NFC, one segment (a character and what composes with it) at a time.
    starts: list[int] = []  # segment starts in ``text``
    moved: list[int] = []  # where each segment starts in the NFC text
    parts: list[str] = []
    done = 0
    for position, char in enumerate(text):
        if position == 0 or _starts_segment(text[position - 1], char):
            if starts:
                parts.append(unicodedata.normalize("NFC", text[starts[-1] : position]))
                done += len(parts[-1])
            starts.append(position)
            moved.append(done)
    if starts:
        parts.append(unicodedata.normalize("NFC", text[starts[-1] :]))
    composed = "".join(parts)
    total = len(composed)

    def offset(original: int) -> int:
        position = before[original]
        if position >= len(text):
            return total
        segment = bisect_right(starts, position) - 1
        return moved[segment]

    return composed, offset
