"""Real names out of exported texts: a respondent's name becomes their label, other names ``[name]``.

Every respondent's real name is replaced in every text (a name may be spoken
in someone else's interview) by that respondent's label; the names listed on a
source (``names_to_hide``) by ``[name]``. Matching ignores case and takes whole
words only, longest names first.

A replacement changes the text's length, so offsets into the original text do
not fit the new one: :meth:`Pseudonymiser.replace` returns the new text with a
map of the offsets (:class:`Replaced`), for exports that point into the texts
they write (REFI-QDA, the evidence export) or quote them (the codings CSV): a
coding that cuts a name takes the whole replacement.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from mutuality.evidence.models import RespondentIdentity, Source

PLACEHOLDER = "[name]"


@dataclass(frozen=True)
class Replaced:
    """A text with the names replaced, and where offsets into the original text are in it.

    ``spans`` lists every replaced name: its start and end in the original
    text and in the new one. A range that cuts a name takes the whole
    replacement, so no part of a name is left in it.
    """

    text: str
    spans: tuple[tuple[int, int, int, int], ...] = ()

    @cached_property
    def _ends(self) -> list[int]:
        return [old_end for _old_start, old_end, _new_start, _new_end in self.spans]

    def _moved(self, offset: int, inside_to_end: bool) -> int:
        before = bisect_right(self._ends, offset)  # the names that end at or before ``offset``
        if before < len(self.spans) and self.spans[before][0] < offset:  # inside a name
            return self.spans[before][3] if inside_to_end else self.spans[before][2]
        if before == 0:
            return offset
        _old_start, old_end, _new_start, new_end = self.spans[before - 1]
        return offset + new_end - old_end

    def start(self, offset: int) -> int:
        """Where a range that starts at ``offset`` of the original text starts in the new one."""
        # (most texts have no name replaced: the workbench asks this of each of hundreds of codings)
        return self._moved(offset, inside_to_end=False) if self.spans else offset

    def end(self, offset: int) -> int:
        """Where a range that ends at ``offset`` of the original text ends in the new one."""
        return self._moved(offset, inside_to_end=True) if self.spans else offset

    @cached_property
    def _new_ends(self) -> list[int]:
        return [new_end for _old_start, _old_end, _new_start, new_end in self.spans]

    def _back(self, offset: int, inside_to_end: bool) -> int:
        before = bisect_right(self._new_ends, offset)  # the replacements that end at or before ``offset``
        if before < len(self.spans) and self.spans[before][2] < offset:  # inside a replacement
            return self.spans[before][1] if inside_to_end else self.spans[before][0]
        if before == 0:
            return offset
        _old_start, old_end, _new_start, new_end = self.spans[before - 1]
        return offset + old_end - new_end

    def original_start(self, offset: int) -> int:
        """Where a range that starts at ``offset`` of the new text starts in the original: a range
        chosen in the text as shown lands on the stored words, a replacement standing for its name."""
        return self._back(offset, inside_to_end=False)

    def original_end(self, offset: int) -> int:
        """Where a range that ends at ``offset`` of the new text ends in the original."""
        return self._back(offset, inside_to_end=True)


class Pseudonymiser:
    """Read the names once; then replace them in any number of texts, source by source."""

    def __init__(self) -> None:
        self._patterns: dict[int | None, tuple[re.Pattern[str] | None, dict[str, str]]] = {}

    @cached_property
    def respondent_names(self) -> dict[str, str]:
        """Real name (folded) → the respondent's label."""
        rows = RespondentIdentity.objects.exclude(real_name="").values_list("real_name", "respondent__label")
        return {name.strip().casefold(): label for name, label in rows if name.strip()}

    @cached_property
    def source_names(self) -> dict[int, list[str]]:
        rows = Source.objects.exclude(names_to_hide="").values_list("pk", "names_to_hide")
        return {pk: [n.strip() for n in text.splitlines() if n.strip()] for pk, text in rows}

    def _pattern(self, source_id: int | None) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        if source_id not in self._patterns:
            replacements = {
                name.casefold(): PLACEHOLDER for name in self.source_names.get(source_id or 0, ())
            }
            replacements.update(self.respondent_names)
            names = sorted(replacements, key=lambda n: (-len(n), n))
            pattern = (
                re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
                if names
                else None
            )
            self._patterns[source_id] = (pattern, replacements)
        return self._patterns[source_id]

    def has_names(self, source_id: int | None = None) -> bool:
        """Whether there is any name to replace in the texts of source ``source_id``."""
        return self._pattern(source_id)[0] is not None

    def text(self, text: str, source_id: int | None = None) -> str:
        """``text`` with the real names (all respondents', and the source's own list) replaced."""
        if not text:
            return text
        pattern, replacements = self._pattern(source_id)
        if pattern is None:
            return text
        return pattern.sub(lambda m: replacements.get(m.group(0).casefold(), PLACEHOLDER), text)

    def replace(self, text: str, source_id: int | None = None) -> Replaced:
        """Like :meth:`text`, with the map from offsets in ``text`` to offsets in the result."""
        pattern, replacements = self._pattern(source_id) if text else (None, {})
        if pattern is None:
            return Replaced(text)
        parts: list[str] = []
        spans: list[tuple[int, int, int, int]] = []
        done = length = 0
        for match in pattern.finditer(text):
            parts.append(text[done : match.start()])
            length += match.start() - done
            name = replacements.get(match.group(0).casefold(), PLACEHOLDER)
            parts.append(name)
            spans.append((match.start(), match.end(), length, length + len(name)))
            length += len(name)
            done = match.end()
        parts.append(text[done:])
        return Replaced("".join(parts), tuple(spans))


def pseudonymise(text: str, source: Source | None = None) -> str:
    """One text (for a report or a page): reads the names each call, so prefer :class:`Pseudonymiser`."""
    return Pseudonymiser().text(text, source.pk if source is not None else None)
