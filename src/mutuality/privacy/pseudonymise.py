"""Real names out of exported texts: a respondent's name becomes their label, other names ``[name]``.

Every respondent's real name is replaced in every text (a name may be spoken
in someone else's interview) by that respondent's label; the names listed on a
source (``names_to_hide``) by ``[name]``. Matching ignores case and takes whole
words only, longest names first.
"""

from __future__ import annotations

import re
from functools import cached_property

from mutuality.evidence.models import RespondentIdentity, Source

PLACEHOLDER = "[name]"


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

    def text(self, text: str, source_id: int | None = None) -> str:
        """``text`` with the real names (all respondents', and the source's own list) replaced."""
        if not text:
            return text
        pattern, replacements = self._pattern(source_id)
        if pattern is None:
            return text
        return pattern.sub(lambda m: replacements.get(m.group(0).casefold(), PLACEHOLDER), text)


def pseudonymise(text: str, source: Source | None = None) -> str:
    """One text (for a report or a page): reads the names each call, so prefer :class:`Pseudonymiser`."""
    return Pseudonymiser().text(text, source.pk if source is not None else None)
