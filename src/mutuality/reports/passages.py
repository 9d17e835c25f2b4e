"""The coded passages behind a report's cells, numbered once and listed where first cited.

A passage may stand behind many cells — a context of Table 8.1, one side's view of a dimension, the
evidence on trust — and quoting it in each would repeat long quotes page after page. So a cell cites
numbers, and the passages are listed, each once, under the table that first cites them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from mutuality.analysis.dataset import Coding
from mutuality.datasets import ReportData
from mutuality.reports.blocks import Cell, Passage, Passages
from mutuality.reports.labels import dimension_label, level_label, term

__all__ = ["PassageNumbers"]


class PassageNumbers:
    """Numbers the passages of one report as its cells cite them.

    :meth:`cell` gives a cell the numbers of (at most ``limit`` of) its codings; :meth:`listing` then
    gives the passages numbered since the last listing, to place under the table that first cites them.
    """

    def __init__(self, data: ReportData, limit: int) -> None:
        self.data = data
        self.limit = limit
        self.numbers: dict[str, int] = {}
        self.pending: list[tuple[int, Coding]] = []

    def refs(self, codings: Sequence[Coding]) -> tuple[tuple[int, ...], int]:
        """The numbers of the first ``limit`` codings (numbering new ones), and how many are left out."""
        cited = []
        for coding in codings[: self.limit]:
            found = self.numbers.get(coding.id)
            if found is None:
                found = self.numbers[coding.id] = len(self.numbers) + 1
                self.pending.append((found, coding))
            cited.append(found)
        return tuple(cited), max(0, len(codings) - self.limit)

    def cell(self, text: str, codings: Sequence[Coding], **options: Any) -> Cell:
        refs, more = self.refs(codings)
        return Cell(text, refs=refs, more=more, **options)

    def listing(self) -> Passages | None:
        if not self.pending:
            return None
        items = tuple((cited, self.passage(coding)) for cited, coding in self.pending)
        self.pending = []
        return Passages(items, _("Passages"))

    def passage(self, coding: Coding) -> Passage:
        return Passage(
            quote=coding.quote,
            source=coding.source,
            source_title=self.data.source_titles.get(coding.source, coding.source),
            who=self._who(coding),
            coding=" · ".join(part for part in self._coded_as(coding) if part),
            memo=coding.memo,
            confidential=coding.source in self.data.confidential,
        )

    def _who(self, coding: Coding) -> str:
        """The respondent, by label and role."""
        respondent = self.data.dataset.respondents.get(coding.respondent or "")
        if respondent is None:
            return ""
        return f"{respondent.label} ({respondent.role})" if respondent.role else respondent.label

    def _coded_as(self, coding: Coding) -> list[str]:
        parts = [dimension_label(coding.term) if coding.dimension else ""]
        parts += [
            level_label(coding.assessment) if coding.assessment else "",
            term("factor_role", coding.role),
        ]
        if coding.side:
            municipality = self.data.dataset.municipalities.get(coding.side)
            name = municipality.name if municipality else coding.side
            parts.append(_("learning of %(side)s") % {"side": name})
        return parts
