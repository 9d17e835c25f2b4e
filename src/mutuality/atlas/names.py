"""City names compared across lists, scripts and spellings.

The lists spell one city in several ways — "Adapazarı" and "Adapazari", "İstanbul" and
"Istanbul", "Tromsø" and "Tromso", "Москва" and "Moskva" — and our municipalities are typed in yet
another. Names are therefore compared *folded*: transliterated to ASCII by ``anyascii`` (which
knows the Turkish dotless ı and dotted İ, ø, æ, ß, ł, đ and the Arabic, Cyrillic, Greek and Chinese
scripts, unlike a plain removal of accents, which leaves ı, ø and ł as they are and drops a whole
script), lower-cased, and every run of what is not a letter or digit made one space, so
"'s-Hertogenbosch", "s Hertogenbosch" and "S-HERTOGENBOSCH" are one name.

Folded names decide merges only together with the country (see :mod:`mutuality.atlas.merging`);
:func:`similar` is a looser test used only with nearness on the map, never alone.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_ROMAN = re.compile(r"^[ivxlc]+$")
#: Abbreviations the lists write either way ("St. Pölten", "Sankt Pölten", "Saint Helier").
_SAME_WORD = {"st": "saint", "sankt": "saint", "san": "saint", "ste": "sainte"}
#: The shortest name one letter may tell apart from another: "Odesa" and "Odessa", not "Lens"
#: and "Lans".
SHORTEST_FOR_ONE_LETTER = 5


def fold_name(name: str) -> str:
    """``name`` transliterated, lower-cased, and reduced to words separated by single spaces."""
    return " ".join(_NOT_WORD.split(anyascii(name).lower())).strip()


def _one_letter_apart(one: str, two: str) -> bool:
    """Whether one letter added, dropped or changed makes ``one`` into ``two``."""
    if abs(len(one) - len(two)) > 1:
        return False
    if len(one) > len(two):
        one, two = two, one
    start = 0
    while start < len(one) and one[start] == two[start]:
        start += 1
    if len(one) == len(two):
        return one[start + 1 :] == two[start + 1 :]
    return one[start:] == two[start + 1 :]


def similar(one: str, two: str) -> bool:
    """Whether two folded names are written alike enough to be one place *if* they lie together:

    * the same words in another order, abbreviations written out ("Tokyo – Bunkyō" and "Bunkyō
      (Tokyo)", "St. Pölten" and "Sankt Pölten"), or
    * one letter apart, not the first, in names of five letters or more, with no number in them
      ("Odesa" and "Odessa", "Vagarshapat" and "Vagharshapat") — numbers (as in "Prague 1" and
      "Prague 10", "Budapest XI" and "Budapest XII") name districts side by side, and villages
      may differ by their first letter ("Olveston" and "Alveston", 4 km apart).

    Not a name inside another ("Ulm" and "Neu-Ulm", "Lübben" and "Lübbenau" lie side by side),
    nor names a few letters apart ("Ivry-sur-Seine" and "Vitry-sur-Seine", "East Hendred" and
    "West Hendred"): nearness does not make those one town, and a ratio of likeness that lets
    "Odessa" in lets them in too.
    """
    if one == two:
        return True
    words_one = sorted(_SAME_WORD.get(word, word) for word in one.split())
    words_two = sorted(_SAME_WORD.get(word, word) for word in two.split())
    if words_one == words_two:
        return True
    if min(len(one), len(two)) < SHORTEST_FOR_ONE_LETTER:
        return False
    if any(word.isdigit() or _ROMAN.match(word) for word in [*words_one, *words_two]):
        return False
    return one[0] == two[0] and _one_letter_apart(one, two)
