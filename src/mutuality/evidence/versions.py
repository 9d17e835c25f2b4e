"""New versions of a source's text, and what happens to the codings on the old one.

A coding whose words are unchanged in the new text moves with them (its
offsets shift); a coding whose words changed stays on the old version, where
it still points at exactly the words it was made on, and is flagged for
review. Either way a coding never points at the wrong words.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mutuality.evidence.models import Coding, Source, SourceVersion


@dataclass(frozen=True)
class VersionChange:
    version: SourceVersion
    moved: int
    flagged: int


def normalise(text: str) -> str:
    """NFC with plain newlines: the form every offset is counted in."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _offset_map(old: str, new: str) -> list[tuple[int, int, int]]:
    """Blocks (old start, new start, length) of text that is the same in both versions."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(a, b, size) for a, b, size in matcher.get_matching_blocks() if size]


def _moved(blocks: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int] | None:
    for old_start, new_start, size in blocks:
        if old_start <= start and end <= old_start + size:
            shift = new_start - old_start
            return start + shift, end + shift
    return None


@transaction.atomic
def add_version(
    source: Source, text: str, *, user: Any = None, filename: str = "", format: str = "text"
) -> VersionChange:
    text = normalise(text)
    current = source.current
    number = (current.number + 1) if current else 1
    version = SourceVersion.objects.create(
        source=source, number=number, text=text, filename=filename, format=format, created_by=user
    )
    moved = flagged = 0
    if current is not None:
        blocks = _offset_map(current.text, text)
        for coding in current.codings.filter(needs_review=False):
            place = _moved(blocks, coding.start, coding.end)
            if place is None:
                coding.needs_review = True
                coding.save(update_fields=["needs_review"])
                flagged += 1
            else:
                coding.version, (coding.start, coding.end) = version, place
                coding.save()
                moved += 1
    return VersionChange(version, moved, flagged)


def check_coding_quotes() -> list[Coding]:
    """Codings whose stored words differ from the words at their offsets (should never happen)."""
    return [
        coding
        for coding in Coding.objects.select_related("version").iterator()
        if coding.version.text[coding.start : coding.end] != coding.quote
    ]
