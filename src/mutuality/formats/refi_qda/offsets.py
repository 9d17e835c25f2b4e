"""Which unit a REFI-QDA file counts its selections in, decided per project and checked on the words.

The standard (1.5, section 10.2) counts ``startPosition``/``endPosition`` in Unicode code points.
NVivo (for Windows and for Mac) counts them in UTF-16 code units, as .NET and Cocoa strings do:
a character outside the Basic Multilingual Plane (most emoji, some CJK and historic scripts)
counts two. Read as code points, every selection after such a character lands that many
characters later — on other words, and without an error until one falls beyond the text.

So the unit is first expected from the file's ``origin`` and then checked against the texts:
coders select words, so the reading that puts selections on word boundaries is the one the coder
saw. Only selections whose two readings differ say anything; a project whose texts have no such
character reads the same either way. Pure functions over plain data: the reader passes in texts
and offsets, and puts the decision in the import report.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.evidence.offsets import astral, utf16_to_codepoint_map
from mutuality.partnerships.naming import shortened

CODE_POINTS = "code-points"
UTF16 = "utf-16"
UNITS = (CODE_POINTS, UTF16)

# Programs known to count in UTF-16 code units; matched case-insensitively in ``origin``.
UTF16_PRODUCERS = ("nvivo",)
# How many codings whose words look cut the report lists, at most.
LISTED = 20


def expected_unit(origin: str) -> str:
    """The unit the program named in ``origin`` writes: UTF-16 units for NVivo, code points otherwise."""
    lowered = origin.lower()
    return UTF16 if any(name in lowered for name in UTF16_PRODUCERS) else CODE_POINTS


def unit_name(unit: str) -> str:
    """The unit in plain words, for the import report."""
    return _("UTF-16 code units") if unit == UTF16 else _("Unicode code points")


def _in_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char)[0] == "M"


def on_boundary(text: str, position: int) -> bool:
    """Whether ``position`` falls between words (or at an end), not inside one."""
    if position <= 0 or position >= len(text):
        return True
    return not (_in_word(text[position - 1]) and _in_word(text[position]))


def whole_words(text: str, start: int, end: int) -> bool:
    """Whether the selection ``start``–``end`` begins and ends between words."""
    return on_boundary(text, start) and on_boundary(text, end)


@dataclass
class Selection:
    """One selection's offsets as the file gives them."""

    start: int
    end: int


@dataclass
class Text:
    """One source's text and its selections, as read."""

    name: str
    text: str
    selections: list[Selection]


@dataclass
class Decision:
    """The unit chosen for a project, why, and the codings a person should look at."""

    unit: str
    reason: str
    cut: list[str] = field(default_factory=list)  # "source: «words»" of codings that look cut

    def convert(self, text: str) -> Callable[[int], int]:
        """The map from the file's offsets in ``text`` to code-point offsets."""
        if self.unit == UTF16:
            return utf16_to_codepoint_map(text)
        return lambda offset: offset


@dataclass
class _Tally:
    outside: int = 0
    whole: int = 0
    cut: list[str] = field(default_factory=list)


def decide(origin: str, texts: Sequence[Text]) -> Decision:
    """The unit to read a project's selections in (see the module's description)."""
    expected = expected_unit(origin)
    producer = origin.strip() or _("an unnamed program")
    tallies = {unit: _Tally() for unit in UNITS}
    differing = 0
    for item in texts:
        if not astral(item.text):
            continue
        maps = {CODE_POINTS: (lambda offset: offset), UTF16: utf16_to_codepoint_map(item.text)}
        for selection in item.selections:
            read = {unit: (maps[unit](selection.start), maps[unit](selection.end)) for unit in UNITS}
            if read[CODE_POINTS] == read[UTF16]:
                continue
            differing += 1
            for unit, (start, end) in read.items():
                tally = tallies[unit]
                if start < 0 or end > len(item.text):
                    tally.outside += 1
                elif whole_words(item.text, start, end):
                    tally.whole += 1
                else:
                    tally.cut.append(f"{item.name}: «{shortened(item.text[start:end], 60)}»")
    said = {"program": producer, "unit": unit_name(expected)}
    if not differing:
        return Decision(
            expected,
            _(
                "Offsets read in %(unit)s, as %(program)s writes them; no coded text holds a character "
                "that the two ways of counting count differently, so the reading is the same either way."
            )
            % said,
        )
    other = UTF16 if expected == CODE_POINTS else CODE_POINTS
    fits = {unit: tallies[unit].whole == differing for unit in UNITS}
    counts = {"count": differing}
    if fits[expected]:
        return Decision(
            expected,
            ngettext(
                "Offsets read in %(unit)s, as %(program)s writes them: the %(count)s selection that the "
                "two ways of counting place differently lands on whole words this way.",
                "Offsets read in %(unit)s, as %(program)s writes them: all %(count)s selections that the "
                "two ways of counting place differently land on whole words this way.",
                differing,
            )
            % {**said, **counts},
        )
    if fits[other]:
        return Decision(
            other,
            _(
                "Offsets read in %(other)s, although %(program)s is expected to write %(unit)s: read that "
                "way %(wrong)s of the %(count)s selections that the two ways of counting place "
                "differently cut words or end beyond the text; read in %(other)s all land on whole words."
            )
            % {
                **said,
                **counts,
                "other": unit_name(other),
                "wrong": differing - tallies[expected].whole,
            },
        )
    # Neither fits: take the reading with fewer selections outside the text and more on whole words.
    best = min(UNITS, key=lambda unit: (tallies[unit].outside, -tallies[unit].whole, unit != expected))
    tally = tallies[best]
    return Decision(
        best,
        _(
            "Offsets read in %(chosen)s (%(program)s is expected to write %(unit)s), but neither way of "
            "counting puts every selection on whole words: of %(count)s selections that the two place "
            "differently, %(whole)s land on whole words this way and %(other_whole)s the other way. "
            "Check the codings listed below."
        )
        % {
            **said,
            **counts,
            "chosen": unit_name(best),
            "whole": tally.whole,
            "other_whole": tallies[UTF16 if best == CODE_POINTS else CODE_POINTS].whole,
        },
        cut=_listed(tally.cut),
    )


def _listed(cut: list[str]) -> list[str]:
    if len(cut) <= LISTED:
        return cut
    more = len(cut) - LISTED
    return [*cut[:LISTED], ngettext("… and %(count)s more.", "… and %(count)s more.", more) % {"count": more}]
