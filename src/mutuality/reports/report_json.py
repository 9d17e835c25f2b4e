"""The report as data: what a partnership report shows, as JSON, for notebooks and other tools.

A notebook that wants the findings should not scrape HTML. :func:`report_document` gives, for each
partnership, what its report shows — the figures of each section (the same tables and facts the
sections compute, so the numbers agree with the HTML and the PDF), and the diagnostics as data: the
findings with their recommendation (1–7), facts (the sentence in the report's language and the raw
values) and the records behind them; the data gaps (what is missing, for which side, and which rules
it keeps from being checked); how far each rule could be checked; and the data completeness.

The data is read as for every other format: passages come from :class:`ReportData`, whose quotes
have real names replaced and whose respondents are their labels, so the JSON names no respondent the
HTML would not. docs/analysis.md ("The report as data") describes every field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from mutuality.analysis import diagnostics
from mutuality.analysis.dataset import Partnership
from mutuality.datasets import ReportData
from mutuality.reports.blocks import Block, Cell, Facts, Heading, Only, Passage, Passages, Section, Table
from mutuality.reports.diagnostics_sections import check_result, record_text
from mutuality.reports.labels import fact_text, side_name, term
from mutuality.reports.partnership_sections import partnership_report

__all__ = ["VERSION", "render_json", "report_document"]

# The shape of the document; raised when a field changes meaning or goes away, not when one is added.
VERSION = 1


def report_document(
    data: ReportData, keys: Sequence[str] | None = None, *, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """``{"partnerships": [...]}``: each partnership's report (all, or those with these keys) as data."""
    dataset = data.dataset
    step = progress or (lambda _stage: None)
    found = {d.partnership: d for d in diagnostics.diagnosis(dataset, None if keys is None else list(keys))}
    partnerships = []
    for partnership in dataset.select(None if keys is None else list(keys)):
        step(partnership.name)
        report = partnership_report(data, partnership.key)
        partnerships.append(_partnership(data, partnership, report.sections, found[partnership.key]))
    return {
        "version": VERSION,
        "language": translation.get_language() or "en",
        "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "partnerships": partnerships,
    }


def render_json(
    data: ReportData, keys: Sequence[str] | None = None, *, progress: Callable[[str], None] | None = None
) -> bytes:
    """:func:`report_document` as UTF-8 JSON (indented, so that a diff of two runs reads well)."""
    document = report_document(data, keys, progress=progress)
    return (json.dumps(document, ensure_ascii=False, indent=2, default=_plain) + "\n").encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, frozenset, set)):
        return list(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


# --- one partnership ---------------------------------------------------------------------------


def _partnership(
    data: ReportData, partnership: Partnership, sections: Iterable[Section], found: diagnostics.Diagnosis
) -> dict[str, Any]:
    dataset = data.dataset
    return {
        "key": partnership.key,
        "name": partnership.name,
        "sides": [
            {
                "key": side,
                "name": side_name(dataset, partnership, side),
                "country": dataset.country_of(side) or None,
            }
            for side in partnership.sides
        ],
        "sections": [_section(section) for section in sections if section.id != "diagnostics"],
        "findings": [_finding(data, partnership, finding) for finding in found.findings],
        "data_gaps": [_gap(gap) for gap in found.gaps],
        "checks": [
            {
                "rule": check.rule,
                "recommendation": _number(check.rule),
                "status": check.status,
                "sides": list(check.sides),
                "result": check_result(dataset, check),
            }
            for check in found.checks
        ],
        "completeness": [
            {key: value for key, value in record.items() if key != "partnership"}
            for record in found.completeness.to_records()
        ],
    }


def _number(rule: str) -> int | None:
    found = diagnostics.RULES.get(rule)
    return diagnostics.recommendation_number(found.recommendation) if found is not None else None


def _finding(data: ReportData, partnership: Partnership, finding: diagnostics.Finding) -> dict[str, Any]:
    rule = diagnostics.RULES.get(finding.rule)
    return {
        "rule": finding.rule,
        "recommendation": finding.recommendation_number,
        "recommendation_key": finding.recommendation,
        "recommendation_label": term("recommendation", finding.recommendation),
        "rests_on": finding.rests_on,
        "why": _(rule.fires_when) if rule is not None else "",
        "facts": [_fact(fact) for fact in finding.facts],
        "evidence": [
            {
                "reference": reference,
                "kind": reference.partition(":")[0],
                "key": reference.partition(":")[2],
                "text": record_text(data.dataset, partnership, reference),
            }
            for reference in finding.evidence
        ],
    }


def _fact(fact: diagnostics.Fact) -> dict[str, Any]:
    """The sentence in the report's language, the English message and its raw values (terms as keys)."""
    return {
        "text": fact_text(fact),
        "message": fact.message,
        "values": {key: _raw(value) for key, value in fact.params.items()},
        "terms": dict(fact.terms),
    }


def _raw(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, list)) else value


def _gap(gap: diagnostics.DataGap) -> dict[str, Any]:
    return {
        "what": fact_text(gap.what),
        "part": gap.part,
        "side": gap.side,
        "rules": list(gap.rules),
        "message": gap.what.message,
        "values": {key: _raw(value) for key, value in gap.what.params.items()},
    }


# --- the figures of a section -------------------------------------------------------------------


def _section(section: Section) -> dict[str, Any]:
    """A section's facts, tables and passages as the screen shows them (charts are drawn from the tables)."""
    facts: list[dict[str, str]] = []
    tables: list[dict[str, Any]] = []
    passages: list[dict[str, Any]] = []
    heading = ""
    for block in _screen(section.blocks):
        if isinstance(block, Heading):
            heading = block.text
        elif isinstance(block, Facts):
            facts.extend({"label": label, "value": value} for label, value in block.items)
        elif isinstance(block, Table):
            tables.append(_table(block, heading))
        elif isinstance(block, Passages):
            passages.extend(_passage(number, passage) for number, passage in block.items)
    return {"id": section.id, "title": section.title, "facts": facts, "tables": tables, "passages": passages}


def _screen(blocks: Iterable[Block]) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, Only):
            if block.media == "screen":
                yield from _screen(block.blocks)
        else:
            yield block


def _table(table: Table, heading: str) -> dict[str, Any]:
    return {
        "caption": table.caption or heading,
        "columns": list(table.headers),
        "rows": [[_cell(cell) for cell in cells] for cells in table.rows],
        "note": table.note,
    }


def _cell(cell: Cell) -> str | dict[str, Any]:
    """A cell's text; with a list, a level, a note or passages, a dict of those that it has."""
    extra = {
        "items": list(cell.items),
        "level": cell.level,
        "note": cell.note,
        "flag": cell.flag,
        "passages": list(cell.refs),
        "passages_left_out": cell.more,
    }
    kept = {key: value for key, value in extra.items() if value}
    return {"text": cell.text, **kept} if kept else cell.text


def _passage(number: int, passage: Passage) -> dict[str, Any]:
    return {
        "number": number,
        "quote": passage.quote,
        "source": passage.source,
        "source_title": passage.source_title,
        "who": passage.who,
        "coding": passage.coding,
        "memo": passage.memo,
        "confidential": passage.confidential,
    }
