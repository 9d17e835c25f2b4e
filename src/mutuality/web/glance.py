"""The partnership page at a glance: how mutual the partnership is, and what to do, in one screen.

A municipal officer opens the partnership page with one question ("how mutual is this, and what
should we do?"), and the answer used to be deep in the report. This module gathers the report's own
figures for the top of the page — the six dimensions for each side's learning (Table 8.1, from the
coded passages), the balance of learning with what it rests on, the three findings that rest on
most with their recommendation, and how complete the records are — as plain data for the template.
Nothing is computed here that the analysis does not compute for the report (:mod:`mutuality.analysis`),
so the block and the report it links into never disagree.

The data is read once, for this partnership only, through the reader's rights as the report reads
it (:func:`mutuality.reports.tasks.readable_sources`): the block never counts a passage the reader
may not read. A reader who may read none of the partnership's evidence sees no evidence counts at
all (and no "not recorded" where evidence is only closed to them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.accounts.access import EVIDENCE_READERS, Access
from mutuality.analysis import diagnostics, dimensions, mutuality
from mutuality.analysis.completeness import Completeness
from mutuality.datasets import ReportData, load_report_data
from mutuality.evidence.models import Source
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Partnership
from mutuality.reports.labels import (
    balance_warning,
    counts_text,
    few_outcomes_note,
    finding_facts,
    level_label,
    number,
    ratio,
    recommendation_number,
    roles_text,
    side_name,
    term,
)
from mutuality.reports.partnership_sections import own_codings
from mutuality.reports.tasks import readable_codings, readable_sources

__all__ = ["Glance", "glance", "ranked", "reader_glance"]

#: Findings shown on the page; the rest are in the report.
SHOWN_FINDINGS = 3


@dataclass(frozen=True)
class Term:
    """A framework term as the block shows it: its label, and its definition for hover or tap."""

    key: str
    label: str
    definition: str
    anchor: str  # its entry on the framework page


@dataclass(frozen=True)
class LevelCell:
    """One dimension for one side's learning: its level (a CSS class), the words and the passages."""

    dimension: Term
    level: str  # strong, moderate, limited, mixed, unassessed or none (no passage)
    text: str
    count: int
    detail: str


@dataclass(frozen=True)
class SideRow:
    side: str
    name: str
    cells: tuple[LevelCell, ...]


@dataclass(frozen=True)
class Bar:
    """One bar of the learning chart: what a side received, as a share of the longest bar."""

    label: SafeString  # the side's name set apart in its own direction (``<bdi>``)
    value: int
    text: str
    width: int  # 0–100
    position: int  # the side's place on the page (its colour)


@dataclass(frozen=True)
class GlanceFinding:
    recommendation: Term
    number: str  # "ch. 10, rec. 5"
    fact: str


@dataclass(frozen=True)
class Recorded:
    """How much of the framework is recorded for a side (or the partnership as a whole)."""

    name: str
    recorded: int
    total: int

    @property
    def width(self) -> int:
        return round(100 * self.recorded / self.total) if self.total else 0

    @property
    def text(self) -> str:
        return _("%(recorded)d of %(total)d parts recorded") % {
            "recorded": self.recorded,
            "total": self.total,
        }


@dataclass(frozen=True)
class Glance:
    """Everything the block shows, in the page's order of sides, and where in the report each part is."""

    report: str
    dimensions: tuple[Term, ...]
    rows: tuple[SideRow, ...]
    evidence_shown: bool
    evidence_partial: bool
    learning: tuple[Bar, ...]
    knowledge: tuple[Bar, ...]
    balance: str  # "0.86"; "" without learning recorded
    balance_words: str
    few_outcomes: str
    few_outcomes_detail: str
    findings: tuple[GlanceFinding, ...]
    more_findings: str
    completeness: tuple[Recorded, ...] = field(default_factory=tuple)
    to_record: int = 0

    @property
    def columns(self) -> list[tuple[Term, list[tuple[SideRow, LevelCell]]]]:
        """Dimension by dimension, each side's cell: the order the page's grid places them in."""
        return [
            (dimension, [(row, row.cells[index]) for row in self.rows])
            for index, dimension in enumerate(self.dimensions)
        ]


def _term(vocab: str, key: str) -> Term:
    found = vocabulary(vocab)[key]
    return Term(key, term(vocab, key), _(found.definition), f"{reverse('framework')}#{vocab}-{key}")


def glance(
    data: ReportData,
    key: str,
    sides: Sequence[str],
    *,
    evidence_shown: bool = True,
    evidence_partial: bool = False,
) -> Glance:
    """The block's data for partnership ``key``, its sides in ``sides``' order (the page's: the
    reader's own side first). ``evidence_shown`` false: the reader may read none of the partnership's
    evidence, so nothing derived from it is shown (its parts leave the completeness too)."""
    dataset = data.dataset
    partnership = dataset.partnership(key)
    order = [side for side in sides if side in partnership.sides] + [
        side for side in partnership.sides if side not in sides
    ]
    names = {side: side_name(dataset, partnership, side) for side in order}
    terms = tuple(_term("dimension", dimension) for dimension in dimensions.DIMENSIONS)
    table = dimensions.dimension_table(own_codings(dataset, partnership), ("side",), partnership=key)
    rows = tuple(
        SideRow(side, names[side], tuple(_level_cell(table, dimension, side) for dimension in terms))
        for side in order
    )
    [found] = mutuality.mutuality(dataset, key)
    overall = found.overall
    [diagnosis] = diagnostics.diagnosis(dataset, key)
    findings = ranked(diagnosis.findings)
    more = len(findings) - SHOWN_FINDINGS
    completeness = _completeness(diagnosis.completeness, order, names, evidence_shown)
    gaps = [gap for gap in diagnosis.gaps if evidence_shown or not gap.part.startswith("evidence:")]
    return Glance(
        report=reverse("partnership-report", args=[key]),
        dimensions=terms,
        rows=rows if evidence_shown else (),
        evidence_shown=evidence_shown,
        evidence_partial=evidence_partial,
        learning=_bars(overall.received, order, names, _("Learned by %(side)s")),
        knowledge=_bars(overall.knowledge_received, order, names, _("Knowledge to %(side)s")),
        balance=ratio(overall.balance) if overall.balance is not None else "",
        balance_words=_balance_words(overall.balance),
        few_outcomes=few_outcomes_note() if overall.few_outcomes else "",
        few_outcomes_detail=balance_warning(overall, names),
        findings=tuple(_finding(finding) for finding in findings[:SHOWN_FINDINGS]),
        more_findings=(
            ngettext("%(count)d more finding in the report", "%(count)d more findings in the report", more)
            % {"count": more}
            if more > 0
            else ""
        ),
        completeness=completeness,
        to_record=len(gaps),
    )


def _level_cell(table: dimensions.DimensionTable, dimension: Term, side: str) -> LevelCell:
    cell = table.cell(dimension.key, side, "side")
    if cell is None:
        return LevelCell(dimension, "none", _("not recorded"), 0, "")
    level = cell.level or "unassessed"
    detail = f"{counts_text(cell.counts)}; {roles_text(cell.roles)}"
    return LevelCell(dimension, level, level_label(cell.level), len(cell.codings), detail)


def _bars(
    received: Mapping[str, int], order: Sequence[str], names: dict[str, str], label: str
) -> tuple[Bar, ...]:
    """A bar per side; none at all when nothing is recorded (a chart of zeros would read as a finding)."""
    counts = {side: received.get(side, 0) for side in order}
    longest = max(counts.values(), default=0)
    if not longest:
        return ()
    return tuple(
        Bar(
            mark_safe(conditional_escape(label) % {"side": format_html("<bdi>{}</bdi>", names[side])}),  # noqa: S308 - both parts escaped
            counts[side],
            number(counts[side]) if counts[side] else _("none recorded"),
            round(100 * counts[side] / longest),
            position,
        )
        for position, side in enumerate(order)
    )


def _balance_words(value: float | None) -> str:
    """The balance in plain words; the report gives the formula (its "how this is computed")."""
    if value is None:
        return _("no learning recorded yet")
    if value >= 1:
        return _("even: each side learned as much as the other")
    if value >= 2 / 3:
        return _("fairly even")
    if value > 0:
        return _("uneven: one side learned much more")
    return _("one-way: only one side learned")


def ranked(findings: Sequence[diagnostics.Finding]) -> list[diagnostics.Finding]:
    """The findings in the order a reader should take them: those resting on more (facts that made
    the rule fire, and records behind them) first, as more of the partnership shows the problem;
    among equals, by the recommendation's number, then in the rules' order."""
    return sorted(
        findings,
        key=lambda finding: (-(len(finding.facts) + len(finding.evidence)), finding.recommendation_number),
    )


def _finding(finding: diagnostics.Finding) -> GlanceFinding:
    facts = finding_facts(finding)
    fact = facts[0] if facts else ""
    if len(facts) > 1:
        more = len(facts) - 1
        fact += " " + ngettext("(+%(count)d more)", "(+%(count)d more)", more) % {"count": more}
    return GlanceFinding(
        _term("recommendation", finding.recommendation), recommendation_number(finding.recommendation), fact
    )


def _completeness(
    record: Completeness, order: Sequence[str], names: dict[str, str], evidence: bool
) -> tuple[Recorded, ...]:
    """Per side, the parts kept per side that it records; then the parts of the partnership as a whole."""
    parts = [found for found in record.parts if evidence or not found.dimension]
    per_side = [found for found in parts if found.per_side]
    whole = [found for found in parts if not found.per_side]
    rows = [
        Recorded(names[side], sum(record.recorded(found.key, side) for found in per_side), len(per_side))
        for side in order
    ]
    rows.append(
        Recorded(
            _("The partnership as a whole"), sum(record.recorded(found.key) for found in whole), len(whole)
        )
    )
    return tuple(rows)


def reader_glance(partnership: Partnership, access: Access, sides: Sequence[str]) -> Glance:
    """The block for this reader: the partnership read once, with the evidence they may read only."""
    sources = readable_sources(access)
    data = load_report_data(
        [partnership.key],
        readable_sources=sources,
        readable_codings=readable_codings(access),
        self_assessment=False,  # the page's own block reads the round
    )
    shown = (
        sources is None
        or partnership.pk in access.partnership_ids(EVIDENCE_READERS)
        or Source.objects.filter(pk__in=sources, partnerships=partnership).exists()
    )
    partial = sources is not None and not access.is_researcher(partnership)
    return glance(data, partnership.key, sides, evidence_shown=shown, evidence_partial=partial)
