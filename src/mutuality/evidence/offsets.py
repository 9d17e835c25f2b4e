"""Converting between the browser's UTF-16 offsets and Python's code-point offsets.

A browser's ``Range`` counts UTF-16 code units: an emoji such as 😀 (outside
the Basic Multilingual Plane) is two units there but one character in
Python. Converting on the server, against the stored text, keeps the rule in
one place and lets the server refuse an offset that splits a character.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable


class OffsetError(ValueError):
    pass


def utf16_to_codepoint(text: str, offset: int) -> int:
    """The code-point index of a UTF-16 offset into ``text``."""
    if offset < 0:
        raise OffsetError(f"offset {offset} is negative")
    encoded = text.encode("utf-16-le", "surrogatepass")
    if 2 * offset > len(encoded):
        raise OffsetError(
            f"offset {offset} lies beyond the end of the text ({len(encoded) // 2} UTF-16 units)"
        )
    head = encoded[: 2 * offset]
    if offset and 0xD800 <= int.from_bytes(head[-2:], "little") <= 0xDBFF:
        raise OffsetError(
            f"offset {offset} falls inside the character at position {len(head.decode('utf-16-le', 'surrogatepass')) - 1}"
        )
    return len(head.decode("utf-16-le", "surrogatepass"))


def codepoint_to_utf16(text: str, index: int) -> int:
    if not 0 <= index <= len(text):
        raise OffsetError(f"position {index} lies outside the text ({len(text)} characters)")
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


def astral(text: str) -> list[int]:
    """The code-point positions of the characters that UTF-16 counts twice (emoji, flags, …), in order."""
    return [index for index, char in enumerate(text) if ord(char) > 0xFFFF]


def utf16_to_codepoint_map(text: str) -> Callable[[int], int]:
    """A map of many UTF-16 offsets into ``text`` to code points, leniently.

    For files from other programs (NVivo counts in UTF-16 units): an offset between the two halves
    of a character moves to the character's start, and one past the end stays past it, for the
    caller to report with the file's context. One pass over the text, then a binary search each.
    """
    units = [position + before for before, position in enumerate(astral(text))]

    def offset(unit: int) -> int:
        return unit - bisect_left(units, unit)

    return offset


def codepoint_to_utf16_map(text: str) -> Callable[[int], int]:
    """A map of many code-point offsets into ``text`` to UTF-16 offsets (for files NVivo reads)."""
    starts = astral(text)

    def offset(index: int) -> int:
        return index + bisect_left(starts, index)

    return offset
