"""How a message names a record: in its own words, shortened at the end of a word.

"Saved …" and "Coded …" messages quote what the user typed or selected. Cut at a fixed
number of characters, "Waste sorting at the source" became "Waste sorting at the so"; here
a long text loses whole words and ends with "…" instead.
"""

from __future__ import annotations

from mutuality.partnerships.models import LearningOutcome

#: Characters a message gives to the words of a record, the "…" included.
LENGTH = 80


def shortened(text: object, length: int = LENGTH) -> str:
    """``text`` on one line, at most ``length`` characters, cut at the end of a word with "…" when longer.

    A single word longer than ``length`` (a URL, a word in a script without spaces) is cut inside.
    """
    words = " ".join(str(text).split())
    if len(words) <= length:
        return words
    kept = words[: length - 1]
    if words[length - 1] != " " and " " in kept:  # the cut falls inside a word: leave all of it out
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ,;:.–—-") + "…"


def named(record: object) -> str:
    """The words a message names ``record`` by: its name or title, or a learning outcome's description
    (whose own ``str()`` is cut at 80 characters, inside a word), shortened by :func:`shortened`."""
    text = record.description if isinstance(record, LearningOutcome) else record
    return shortened(text)
