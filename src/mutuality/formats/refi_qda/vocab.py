"""The names Mutuality gives its own things inside a REFI-QDA file.

REFI-QDA has no place for a partnership, a side, a respondent or the
assessment of a coding, so they travel as standard elements with fixed names:
cases with variables, and notes. The names are data, not messages: they are
the same in every language, so a file reads back the same wherever it was
written (docs/refi-qda.md lists them).
"""

from __future__ import annotations

import re

ORIGIN = "Mutuality"
# Written when selections are counted in UTF-16 code units, as NVivo counts them; naming NVivo
# makes our own importer expect that unit too.
ORIGIN_UTF16 = "Mutuality (offsets in UTF-16 code units, for NVivo)"

#: Variables of a partnership's case: name, REFI-QDA type.
PARTNERSHIP_VARIABLES = (
    ("partnership.key", "Text"),
    ("partnership.form", "Text"),
    ("partnership.since", "Integer"),
    ("partnership.status", "Text"),
    ("partnership.status_year", "Integer"),
    ("partnership.initiation", "Text"),
    ("partnership.translocal_linkage", "Text"),
    ("partnership.governance_model", "Text"),
)
#: Variables of the case of one side of a partnership.
SIDE_VARIABLES = (
    ("side.partnership", "Text"),
    ("side.municipality", "Text"),
    ("side.country", "Text"),
)
#: Variables of a respondent's case.
RESPONDENT_VARIABLES = (
    ("respondent.key", "Text"),
    ("respondent.role", "Text"),
    ("respondent.organisation_type", "Text"),
    ("respondent.partnership", "Text"),
    ("respondent.side", "Text"),
    ("respondent.country", "Text"),
    ("respondent.citation", "Text"),
)
#: Variables of a text source.
SOURCE_VARIABLES = (
    ("source.key", "Text"),
    ("source.kind", "Text"),
    ("source.date", "Date"),
    ("source.language", "Text"),
    ("source.confidential", "Boolean"),
    ("source.citation", "Text"),
)
VARIABLE_TYPES = dict(PARTNERSHIP_VARIABLES + SIDE_VARIABLES + RESPONDENT_VARIABLES + SOURCE_VARIABLES)

#: The note on a coding that holds its assessment, role, whose learning it is about (a side or a
#: country) and the projects it is about.
ATTRIBUTES_NOTE = "Mutuality coding attributes"
#: The note on a coding that holds the coding's own memo.
CODING_MEMO_NOTE = "Coding memo"
#: A memo (on a source, a code or a coding).
MEMO_NOTE = "Memo"
#: The lines of that note: name → what it holds.
ATTRIBUTE_NAMES = {
    "assessment": "assessment",
    "role": "factor_role",
    "whose learning": "side",
    "whose learning (country)": "country",
    "projects": "projects",
}

#: The last line of a framework code's description names its vocabulary (and term).
FRAMEWORK_LINE = re.compile(r"(?:\n\n|^)Framework (?:term|vocabulary): ([a-z_]+)(?:/([a-z0-9_]+))?\s*$")


def framework_line(vocabulary: str, term: str) -> str:
    if term:
        return f"Framework term: {vocabulary}/{term}"
    return f"Framework vocabulary: {vocabulary}"
