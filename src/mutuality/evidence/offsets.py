"""Converting between the browser's UTF-16 offsets and Python's code-point offsets.

A browser's ``Range`` counts UTF-16 code units: an emoji such as 😀 (outside
the Basic Multilingual Plane) is two units there but one character in
Python. Converting on the server, against the stored text, keeps the rule in
one place and lets the server refuse an offset that splits a character.
"""

from __future__ import annotations


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
