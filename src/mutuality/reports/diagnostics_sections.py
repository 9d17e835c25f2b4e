"""The diagnostics of both reports: findings, the rules checked, what to record next, data completeness.

A finding is only as good as the records under it, so the section shows four things that a reader
needs together (:mod:`mutuality.analysis.diagnostics` computes them): the rules that fired, each with
its facts, the chapter passages it rests on and the records behind it; the rules that did not fire,
said as checks ("Checked: no sign of …"), never as statements about the partnership; what is not
recorded and which rules it keeps from being checked (*What to record next*, with a link to the form
on the web page); and how complete the partnership's records are, per side and part of the framework.
The programme report shows the same across partnerships.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.analysis import diagnostics
from mutuality.analysis.completeness import Completeness, Part, part
from mutuality.analysis.dataset import Dataset, Partnership
from mutuality.framework import vocabulary
from mutuality.reports.blocks import Cell, Entry, EntryList, Heading, Only, Paragraph, Section, Table, row
from mutuality.reports.labels import (
    dimension_label,
    fact_text,
    finding_facts,
    number,
    recommendation_number,
    side_name,
    term,
)

__all__ = [
    "check_result",
    "completeness_table",
    "form_link",
    "partnership_section",
    "programme_section",
    "record_text",
    "record_next_table",
]

# Records behind a finding shown in full; the rest are counted.
SHOWN_RECORDS = 12


# --- one partnership -----------------------------------------------------------------------------


def partnership_section(dataset: Dataset, partnership: Partnership) -> Section:
    """The diagnostics of one partnership: findings, checks, what to record next, completeness."""
    [found] = diagnostics.diagnosis(dataset, partnership.key)
    section = Section("diagnostics", _("Diagnostics and recommendations"))
    section.add(
        Paragraph(
            _(
                "Rules read the partnership's records; each rule that fires points to the recommendation of "
                "chapter 10 it calls for, with the facts that made it fire and the records behind them. A rule "
                "says nothing where the data it needs is not recorded: that data is listed under What to "
                "record next."
            )
        )
    )
    entries = tuple(_finding_entry(dataset, partnership, finding) for finding in found.findings)
    section.add(EntryList(entries, empty=_("No rule fired on what is recorded.")))
    section.add(Heading(_("Rules that did not fire")), _checks_table(dataset, partnership, found))
    section.add(
        Heading(_("What to record next"), "record-next"),
        record_next_table(dataset, partnership, found.gaps),
    )
    return section.add(
        Heading(_("Data completeness"), "completeness"),
        completeness_table(dataset, partnership, found.completeness),
    )


def _finding_entry(dataset: Dataset, partnership: Partnership, finding: diagnostics.Finding) -> Entry:
    """A rule that fired: the recommendation, the facts, the passages it rests on and the records behind it."""
    details = [record_text(dataset, partnership, reference) for reference in finding.evidence]
    shown = tuple(details[:SHOWN_RECORDS])
    if len(details) > SHOWN_RECORDS:
        more = len(details) - SHOWN_RECORDS
        shown += (ngettext("… and %(count)d more", "… and %(count)d more", more) % {"count": more},)
    rule = diagnostics.RULES.get(finding.rule)
    why = _(rule.fires_when) if rule is not None else finding.rule
    return Entry(
        title=term("recommendation", finding.recommendation),
        tag=finding.recommendation_source,
        lines=finding_facts(finding),
        detail_label=_("Records behind it"),
        details=shown,
        explanation=_("Why: %(rule)s See %(passages)s.") % {"rule": why, "passages": finding.rests_on},
    )


def record_text(dataset: Dataset, partnership: Partnership, reference: str) -> str:
    """A record behind a finding, e.g. "Exchange: Fire brigade visit" for the reference "exchange:<key>"."""
    kind, _sep, key = reference.partition(":")
    kinds: dict[str, tuple[str, Callable[[Any], str], str]] = {
        "learning": ("learning_outcomes", lambda record: record.description, _("Learning")),
        "exchange": ("exchanges", lambda record: record.title or record.key, _("Exchange")),
        "objective": (
            "objectives",
            lambda record: f"{term('objective_type', record.type)}: {record.wording}".rstrip(": "),
            _("Objective"),
        ),
        "actor": (
            "actors",
            lambda record: f"{record.name or record.key} ({term('actor_type', record.type)})",
            _("Actor"),
        ),
        "project": ("projects", lambda record: record.name or record.key, _("Project")),
    }
    if kind not in kinds:
        return reference
    table, show, label = kinds[kind]
    record = dataset.get(table, partnership.key, key)
    return f"{label}: {show(record) if record is not None else key}"


def check_result(dataset: Dataset, check: diagnostics.RuleCheck) -> str:
    """What a rule's check came to, said as a check and never as a fact about the partnership."""
    rule = diagnostics.RULES[check.rule]
    if check.status == "fired":
        return _("Fired: see the findings above.")
    if check.status == "checked":
        return _("Checked: no sign of %(what)s.") % {"what": _(rule.no_sign)}
    if check.status == "partly_checked" and check.sides:
        partnership = dataset.partnership(check.partnership)
        sides = ", ".join(side_name(dataset, partnership, side) for side in check.sides)
        return _("Checked for %(sides)s only: no sign of %(what)s.") % {
            "sides": sides,
            "what": _(rule.no_sign),
        }
    if check.status == "partly_checked":
        return _("Checked where recorded: no sign of %(what)s; part of what it needs is not recorded.") % {
            "what": _(rule.no_sign)
        }
    return _("Not checked: the data it needs is not recorded (see What to record next).")


def _checks_table(dataset: Dataset, partnership: Partnership, found: diagnostics.Diagnosis) -> Table:
    rows = []
    for check in found.checks:
        rule = diagnostics.RULES.get(check.rule)
        if check.status == "fired" or rule is None:
            continue
        rows.append(
            row(_(rule.title), recommendation_number(rule.recommendation), check_result(dataset, check))
        )
    return Table(
        (_("What the rule looks at"), _("Chapter 10"), _("Result")),
        tuple(rows),
        empty=_("Every rule fired."),
    )


def record_next_table(
    dataset: Dataset, partnership: Partnership, gaps: Sequence[diagnostics.DataGap], *, links: bool = True
) -> Table:
    """Per side (then the partnership as a whole), what is not recorded, what it would let the rules and
    the other analyses show, and where to record it (a link to the form on the web page). The coded
    passages missing for a side make one row, naming the dimensions."""
    rows = []
    for side, group in _by_side(gaps):
        where = side_name(dataset, partnership, side) if side else _("The partnership as a whole")
        evidence = [gap for gap in group if gap.part.startswith("evidence:")]
        for gap in group:
            uses: tuple[str, ...]
            if gap in evidence and gap is not evidence[0]:
                continue
            if gap in evidence:
                what = _evidence_text(dataset, partnership, side, evidence)
                uses = (_(part(gap.part).used_for),)
            else:
                what = fact_text(gap.what)
                uses = tuple(_rule_name(name) for name in gap.rules) + _used_for(gap)
            form = gap.form
            if gap.part in ("participants", "knowledge_flows"):
                form = "exchange-list"  # said of the exchanges recorded: edit them
            link = form_link(partnership.key, form, side) if links else ""
            rows.append(row(where, what, Cell(items=uses), Cell(_form_label(form, gap.part), link=link)))
    return Table(
        (_("Side"), _("Not recorded"), _("What it would let the report show"), _("Where to record it")),
        tuple(rows),
        empty=_("Nothing: every part of the framework has records."),
    )


def _by_side(gaps: Sequence[diagnostics.DataGap]) -> list[tuple[str | None, list[diagnostics.DataGap]]]:
    groups: dict[str | None, list[diagnostics.DataGap]] = {}
    for gap in gaps:
        groups.setdefault(gap.side, []).append(gap)
    return list(groups.items())


def _used_for(gap: diagnostics.DataGap) -> tuple[str, ...]:
    """What else the report shows of the part, besides the rules that wait for it."""
    used = part(gap.part).used_for
    return (_(used),) if used else ()


def _evidence_text(
    dataset: Dataset, partnership: Partnership, side: str | None, gaps: Sequence[diagnostics.DataGap]
) -> str:
    names = ", ".join(dimension_label(part(gap.part).dimension) for gap in gaps)
    if side is None:
        return _("No passage is coded for: %(dimensions)s.") % {"dimensions": names}
    return _("No passage from %(side)s's sources is coded for: %(dimensions)s.") % {
        "side": side_name(dataset, partnership, side),
        "dimensions": names,
    }


def _rule_name(name: str) -> str:
    rule = diagnostics.RULES.get(name)
    if rule is None:
        return name
    return _("%(check)s (recommendation %(number)d)") % {
        "check": _(rule.title),
        "number": diagnostics.recommendation_number(rule.recommendation),
    }


def _form_label(form: str, part_key: str = "") -> str:
    """The words of the link to where a part is recorded; the partnership's form holds several parts."""
    if part_key == "translocal_linkage":
        return _("Edit the partnership: its translocal linkage")
    if part_key == "migrant_stock":
        return _("An administrator imports UN DESA's migrant stocks on the command line")
    labels = {
        "actors": _("Add an actor"),
        "objectives": _("Add an objective"),
        "projects": _("Add a project"),
        "exchanges": _("Add an exchange, with who took part and what knowledge went where"),
        "exchange-list": _("Edit the exchanges: who took part, what knowledge went where"),
        "learning-list": _("Edit the learning outcomes: what became of each"),
        "learning": _("Add a learning outcome"),
        "resources": _("Add a resource contribution"),
        "partnership": _("Edit the partnership: how it was initiated"),
        "evidence": _("Add a source and code its passages"),
    }
    return labels.get(form, form)


def form_link(partnership: str, form: str, side: str | None = None) -> str:
    """The address of the web form where a part is recorded; empty when the site's URLs do not have it.

    What one side has not recorded opens the form on that side (``?side=``, its municipality's key):
    the officer who follows the link records for the side the report named. A new source opens on
    the partnership too, as the source form serves every partnership."""
    on_side = {"side": side} if side else {}
    try:
        if form == "partnership":
            return reverse("partnership-edit", args=[partnership])
        if form == "evidence":
            return f"{reverse('source-new')}?{urlencode({'partnership': partnership, **on_side})}"
        if form == "exchange-list":
            return reverse("partnership", args=[partnership]) + "#exchanges"
        if form == "learning-list":
            return reverse("partnership", args=[partnership]) + "#sides"
        address = reverse("record-new", args=[partnership, form])
        return f"{address}?{urlencode(on_side)}" if on_side else address
    except NoReverseMatch:
        return ""


def completeness_table(dataset: Dataset, partnership: Partnership, record: Completeness) -> Table:
    """What is recorded, per part of the framework: a column per side and one for the whole partnership."""
    sides = record.sides
    rows = []
    for found, counts in record.rows():
        cells: list[Cell | str] = [_part_label(found)]
        for side in sides:
            cells.append(
                _count_cell(counts[side], record.count(found.of, side) if found.of else None)
                if side in counts
                else ""
            )
        cells.append(
            _whole_cell(partnership, found, counts[None], record.count(found.of) if found.of else None)
        )
        rows.append(row(*cells))
    headers = (
        _("Part of the framework"),
        *(side_name(dataset, partnership, side) for side in sides),
        _("Whole partnership"),
    )
    return Table(
        headers,
        tuple(rows),
        numeric=tuple(range(1, len(sides) + 2)),
        note=_(
            "Counts of the records of each part. A part kept per side is counted per side; coded passages by "
            "the side whose source or respondent they come from (passages from no side in particular count "
            "for the whole partnership only). What became of the learning (recognised, shared, …) is counted "
            "of the learning outcomes: those for which it is recorded, yes or no, of all of them. 'Not "
            "recorded' means nothing is on record, not that there is nothing."
        ),
        kind="completeness",
    )


def _part_label(found: Part) -> str:
    if found.dimension:
        return _("Coded passages: %(dimension)s") % {"dimension": dimension_label(found.dimension)}
    return _(found.label)


def _count_cell(count: int, of: int | None = None) -> Cell:
    """A count, or for a part counted of another (a learning outcome's flags) "3 of 5"."""
    if of:
        return Cell(_("%(count)s of %(total)s") % {"count": number(count), "total": number(of)})
    return Cell(number(count)) if count else Cell(_("not recorded"))


def _whole_cell(partnership: Partnership, found: Part, count: int, of: int | None = None) -> Cell:
    if found.key == "initiation" and count:
        return Cell(
            term("initiation", partnership.initiation) if partnership.initiation else _("initiator named")
        )
    return _count_cell(count, of)


# --- the programme -------------------------------------------------------------------------------


def programme_section(
    dataset: Dataset,
    partnerships: Sequence[Partnership],
    selection: list[str] | None,
    summary: Mapping[str, dict[str, str]],
) -> Section:
    """The diagnostics across partnerships; notes each partnership's recommendations in ``summary``."""
    found = diagnostics.diagnosis(dataset, selection)
    findings = [finding for diagnosis in found for finding in diagnosis.findings]
    section = Section("diagnostics", _("Diagnostics and recommendations"))
    section.add(
        Paragraph(
            _(
                "Rules read each partnership's records and point to a recommendation of chapter 10. A rule says "
                "nothing about a partnership where the data it needs is not recorded; the tables below show how "
                "often that is so, and what to record next."
            )
        )
    )
    section.add(_recommendations_table(partnerships, findings))
    section.add(_checks_summary(found))
    section.add(Only("screen", (_findings_table(partnerships, findings, summary),)))
    section.add(Only("screen", (_record_next_summary(dataset, partnerships, found),)))
    return section.add(_completeness_summary(found))


def _recommendations_table(
    partnerships: Sequence[Partnership], findings: Sequence[diagnostics.Finding]
) -> Table:
    """Each recommendation of chapter 10: how many partnerships it is for, and the rules that called for it."""
    partnerships_for: dict[str, set[str]] = defaultdict(set)
    times_fired: Counter[str] = Counter()
    for finding in findings:
        partnerships_for[finding.recommendation].add(finding.partnership)
        times_fired[finding.rule] += 1
    rows = []
    for key in vocabulary("recommendation").keys():
        rules = [
            rule
            for rule in diagnostics.RULES.values()
            if rule.recommendation == key and times_fired[rule.name]
        ]
        rows.append(
            row(
                recommendation_number(key),
                term("recommendation", key),
                f"{len(partnerships_for.get(key, ()))} / {len(partnerships)}",
                Cell(items=tuple(f"{_(rule.fires_when)} ({times_fired[rule.name]})" for rule in rules)),
            )
        )
    return Table(
        (_("Chapter 10"), _("Recommendation"), _("Partnerships"), _("Because (partnerships)")),
        tuple(rows),
        caption=_("Recommendations triggered across the programme"),
        numeric=(2,),
    )


def _checks_summary(found: Sequence[diagnostics.Diagnosis]) -> Table:
    """Each rule: for how many partnerships it fired, found no sign, could check only part, or could not check."""
    counts: Counter[tuple[str, str]] = Counter(
        (check.rule, check.status) for diagnosis in found for check in diagnosis.checks
    )
    rows = tuple(
        row(
            _(rule.title),
            recommendation_number(rule.recommendation),
            *(str(counts[(rule.name, status)]) for status in diagnostics.STATUSES),
        )
        for rule in diagnostics.RULES.values()
    )
    return Table(
        (
            _("What the rule looks at"),
            _("Chapter 10"),
            _("Fired"),
            _("Checked, no sign"),
            _("Partly checked"),
            _("Not checked: data not recorded"),
        ),
        rows,
        caption=_("How far each rule could be checked (partnerships)"),
        numeric=(2, 3, 4, 5),
    )


def _findings_table(
    partnerships: Sequence[Partnership],
    findings: Sequence[diagnostics.Finding],
    summary: Mapping[str, dict[str, str]],
) -> Table:
    """A row per partnership with a rule that fired; notes each one's recommendations for the summary."""
    by_partnership: dict[str, list[diagnostics.Finding]] = defaultdict(list)
    for finding in findings:
        by_partnership[finding.partnership].append(finding)
    rows = []
    for partnership in partnerships:
        mine = by_partnership.get(partnership.key, [])
        summary[partnership.key]["recommendations"] = ", ".join(
            str(n) for n in sorted({finding.recommendation_number for finding in mine})
        )
        if mine:
            rows.append(row(partnership.name, Cell(items=tuple(_finding_line(finding) for finding in mine))))
    return Table(
        (_("Partnership"), _("Recommendations and the facts that triggered them")),
        tuple(rows),
        empty=_("No rule fired for any partnership."),
    )


def _finding_line(finding: diagnostics.Finding) -> str:
    """ "ch. 10, rec. 5 — Invest time and resources…: <the first fact> (+2 more)"."""
    facts = finding_facts(finding)
    recommendation = finding.recommendation
    text = f"{recommendation_number(recommendation)} — {term('recommendation', recommendation)}: {facts[0] if facts else ''}"
    if len(facts) > 1:
        more = len(facts) - 1
        text += " " + ngettext("(+%(count)d more)", "(+%(count)d more)", more) % {"count": more}
    return text


def _record_next_summary(
    dataset: Dataset, partnerships: Sequence[Partnership], found: Sequence[diagnostics.Diagnosis]
) -> Table:
    """A row per partnership with data a rule waits for: what is not recorded, and how many rules wait
    for it (the rest of what is missing is in each partnership's report and the completeness below)."""
    by_key = {diagnosis.partnership: diagnosis for diagnosis in found}
    rows = []
    for partnership in partnerships:
        diagnosis = by_key.get(partnership.key)
        gaps = [gap for gap in diagnosis.gaps if gap.rules] if diagnosis is not None else []
        if not gaps:
            continue
        items = tuple(
            ngettext(
                "%(what)s (%(count)d rule waits for it)",
                "%(what)s (%(count)d rules wait for it)",
                len(gap.rules),
            )
            % {"what": fact_text(gap.what), "count": len(gap.rules)}
            for gap in gaps
        )
        link = _partnership_link(partnership.key)
        rows.append(row(Cell(partnership.name, link=link), Cell(items=items)))
    return Table(
        (_("Partnership"), _("Not recorded")),
        tuple(rows),
        caption=_("What to record next"),
        empty=_("Nothing: every rule found the data it needs in every partnership."),
        note=_("What the rules wait for; each partnership's report lists all that is not recorded."),
    )


def _partnership_link(key: str) -> str:
    try:
        return reverse("partnership", args=[key])
    except NoReverseMatch:
        return ""


def _completeness_summary(found: Sequence[diagnostics.Diagnosis]) -> Table:
    """Each part of the framework: in how many partnerships it is recorded for every side, some, or none."""
    if not found:
        return Table((), (), caption=_("Data completeness across the programme"))
    parts = found[0].completeness.parts
    rows = []
    for found_part in parts:
        every = some = none = 0
        for diagnosis in found:
            record = diagnosis.completeness
            if found_part.per_side and record.sides:
                recorded = len(record.sides_with(found_part.key))
                if recorded == len(record.sides):
                    every += 1
                elif recorded:
                    some += 1
                else:
                    none += 1
            elif record.recorded(found_part.key):
                every += 1
            else:
                none += 1
        rows.append(
            row(_part_label(found_part), str(every), str(some) if found_part.per_side else "", str(none))
        )
    return Table(
        (
            _("Part of the framework"),
            _("Recorded (for every side)"),
            _("For some sides only"),
            _("Not recorded"),
        ),
        tuple(rows),
        caption=_("Data completeness across the programme (partnerships)"),
        numeric=(1, 2, 3),
        note=_(
            "A part kept per side counts as recorded when every side has it; a part of the partnership as a "
            "whole (its projects, exchanges, knowledge flows, how it was initiated) when it has any."
        ),
    )
