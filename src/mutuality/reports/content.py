"""What a report says: the analyses of :mod:`mutuality.analysis`, put in sections for people to read.

:func:`partnership_report` and :func:`programme_report` take the
:class:`~mutuality.reports.data.ReportData` read from the database and
return a :class:`~mutuality.reports.blocks.Report`; nothing here knows about
HTML, Markdown or PDF. Every word shown is translated here (``gettext``, and
vocabulary labels through their translations), every number comes from an
analysis function, and every level of Table 8.1 from the codings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mutuality import l10n
from mutuality.analysis import continuity as continuity_analysis
from mutuality.analysis import (
    diagnostics,
    dimensions,
    governance,
    learning,
    mutuality,
    perspectives,
    resources,
)
from mutuality.analysis.dataset import Coding, Dataset, Partnership
from mutuality.framework import vocabulary
from mutuality.reports import charts
from mutuality.reports.blocks import (
    Block,
    Cell,
    Chart,
    Entry,
    EntryList,
    Facts,
    Heading,
    Only,
    Paragraph,
    Passage,
    Passages,
    Report,
    Section,
    Table,
)
from mutuality.reports.data import AnalystCell, MatrixCode, ReportData

__all__ = [
    "PARTNERSHIP_CONTEXTS",
    "PROGRAMME_CONTEXTS",
    "partnership_report",
    "programme_report",
]

# The contexts of Table 8.1. In one partnership every coding has the
# partnership's subjects, so the contexts that tell codings apart are the
# side whose learning a passage concerns; across a programme they are the
# subjects, the project types on each country's side, the countries, and the
# support programmes behind the projects (Table 8.1: "support programmes
# provided funds").
PARTNERSHIP_CONTEXTS: tuple[Any, ...] = ("all", "side")
PROGRAMME_CONTEXTS: tuple[Any, ...] = ("subject", ("project_type", "country"), "country", "programme")
DEPARTMENT_TYPES = frozenset({"international_desk", "line_department"})
LEVELS = ("strong", "moderate", "limited", "mixed")


# --- small helpers --------------------------------------------------------------------


def term(vocab: str, key: str | None) -> str:
    """The translated label of a framework term; the key itself when it is not one."""
    if not key:
        return ""
    found = vocabulary(vocab)
    return _(found[key].label) if key in found else key


def number(value: float | int, decimals: int = 0) -> str:
    return l10n.number(value, translation.get_language(), decimals)


def euros(value: float) -> str:
    return l10n.money(value, translation.get_language())


def share(value: float | None) -> str:
    return "—" if value is None else l10n.percent(value, translation.get_language())


def ratio(value: float | None) -> str:
    return "—" if value is None else number(value, 2)


def level_label(level: str | None) -> str:
    if level is None:
        return _("not assessed")
    if level == "mixed":
        return _("Mixed")
    return term("assessment", level)


def _counted(count: int, what: str) -> str:
    if what == "partnerships":
        text = ngettext("%(count)d partnership", "%(count)d partnerships", count)
    elif what == "exchanges":
        text = ngettext("%(count)d exchange", "%(count)d exchanges", count)
    elif what == "outcomes":
        text = ngettext("%(count)d learning outcome", "%(count)d learning outcomes", count)
    else:
        text = ngettext("%(count)d coded passage", "%(count)d coded passages", count)
    return text % {"count": count}


def _cell(text: Any = "", **kw: Any) -> Cell:
    return Cell("" if text is None else str(text), **kw)


def _row(*values: Any) -> tuple[Cell, ...]:
    return tuple(v if isinstance(v, Cell) else _cell(v) for v in values)


def _join(values: Iterable[str], sep: str = "; ") -> str:
    return sep.join(v for v in values if v)


def side_name(ds: Dataset, p: Partnership, side: str | None) -> str:
    if side is None:
        return _("unknown side")
    return ds.side_label(p.key, side)


def age_of(p: Partnership, year: int) -> int | None:
    """Years since the partnership began, to the year it ended (as ``Partnership.age_in_years``)."""
    if p.since is None:
        return None
    end = p.status_year if p.status == "ended" and p.status_year else year
    return max(0, end - p.since)


class _Evidence:
    """Numbers the passages of a report: each is listed once, where first referred to, and cited by number.

    ``refs`` gives a cell the numbers of (at most ``limit`` of) its codings;
    ``listing`` then gives the passages numbered since the last listing, to
    place under the table that first cites them.
    """

    def __init__(self, data: ReportData, limit: int) -> None:
        self.data = data
        self.limit = limit
        self.ds = data.dataset
        self.numbers: dict[str, int] = {}
        self.pending: list[tuple[int, Coding]] = []

    def refs(self, codings: Sequence[Coding]) -> tuple[tuple[int, ...], int]:
        numbers = []
        for c in codings[: self.limit]:
            number = self.numbers.get(c.id)
            if number is None:
                number = self.numbers[c.id] = len(self.numbers) + 1
                self.pending.append((number, c))
            numbers.append(number)
        return tuple(numbers), max(0, len(codings) - self.limit)

    def cell(self, text: str, codings: Sequence[Coding], **kw: Any) -> Cell:
        refs, more = self.refs(codings)
        return Cell(text, refs=refs, more=more, **kw)

    def listing(self) -> Passages | None:
        if not self.pending:
            return None
        items = tuple((number, self.passage(c)) for number, c in self.pending)
        self.pending = []
        return Passages(items, _("Passages"))

    def passage(self, c: Coding) -> Passage:
        respondent = self.ds.respondents.get(c.respondent or "")
        who = ""
        if respondent is not None:
            who = f"{respondent.label} ({respondent.role})" if respondent.role else respondent.label
        coded = [_dimension_label(c.term) if c.dimension else ""]
        coded += [level_label(c.assessment) if c.assessment else "", term("factor_role", c.role)]
        if c.side:
            municipality = self.ds.municipalities.get(c.side)
            coded.append(_("learning of %(side)s") % {"side": municipality.name if municipality else c.side})
        return Passage(
            quote=c.quote,
            source=c.source,
            source_title=self.data.source_titles.get(c.source, c.source),
            who=who,
            coding=" · ".join(x for x in coded if x),
            memo=c.memo,
            confidential=c.source in self.data.confidential,
        )


# --- contexts of Table 8.1 -------------------------------------------------------------


def family_label(family: str) -> str:
    names = {
        "all": _("All evidence"),
        "subject": _("Subject"),
        "project_type": _("Project type"),
        "exchange_method": _("Kind of exchange"),
        "programme": _("Support programme"),
        "side": _("Whose learning"),
        "country": _("Learning by country"),
        "viewpoint": _("Whose view"),
        "source_kind": _("Kind of source"),
        "partnership": _("Partnership"),
        "coder": _("Coder"),
    }
    if family == "project_type+country":
        return _("Project type × country of the side that learned")
    return " · ".join(names.get(part, part) for part in family.split("+"))


def context_text(ds: Dataset, family: str, value: str) -> str:
    """ "Family: value", e.g. "Subject: fire safety"; just "All evidence" for the context of all codings."""
    if family == "all":
        return family_label(family)
    return f"{family_label(family)}: {context_label(ds, family, value)}"


def context_label(ds: Dataset, family: str, value: str) -> str:
    parts = family.split("+")
    values = value.split("+", len(parts) - 1) if len(parts) > 1 else [value]
    if len(values) != len(parts):
        return value
    return " · ".join(_value_label(ds, f, v) for f, v in zip(parts, values, strict=True))


def _value_label(ds: Dataset, family: str, value: str) -> str:
    if family == "all":
        return _("all evidence")
    if family in ("project_type", "exchange_method", "source_kind"):
        return term(family, value)
    if family in ("side", "viewpoint"):
        municipality = ds.municipalities.get(value)
        return municipality.name if municipality else value
    if family == "partnership":
        try:
            return ds.partnership(value).name
        except KeyError:
            return value
    if family == "programme":
        programme = ds.programmes.get(value)
        return programme.name if programme is not None and programme.name else value
    return value


def _dimension_label(key: str) -> str:
    return term("dimension", key)


# --- sections shared by both reports ------------------------------------------------------


def _dimension_section(
    data: ReportData,
    table: dimensions.DimensionTable,
    evidence: _Evidence,
    *,
    intro: str,
    heat_rows_per_family: int,
) -> Section:
    ds = data.dataset
    section = Section("dimensions", _("Dimensions of mutual learning (Table 8.1)"))
    section.add(Paragraph(intro))
    section.add(
        Paragraph(
            _(
                "Rule: in each context the level is the assessment given by most codings of the dimension; "
                "when two assessments are given equally often the level is “mixed”. Counts are always shown "
                "beside the level. Evidence that contradicts itself — both strong and limited, or both "
                "enabling and limiting — is marked, never averaged away. Codings without an assessment are "
                "counted but set no level."
            ),
            kind="note",
        )
    )
    if not table.cells:
        section.add(
            Paragraph(_("No passage has been coded with a dimension of mutual learning yet."), "empty")
        )
        return section
    section.add(Chart(_heat_map(ds, table, heat_rows_per_family), _("Dimensions by context"), "heat-map"))
    labels = {(c.family, c.context): context_text(ds, c.family, c.context) for c in table.cells}
    summary_rows = []
    by_dimension: dict[str, dict[str, list[dimensions.DimensionCell]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for cell in table.cells:
        if cell.level is not None:
            by_dimension[cell.dimension][cell.level].append(cell)
    for dimension in table.dimensions:
        row = [_cell(_dimension_label(dimension))]
        for level in LEVELS:
            cells = by_dimension.get(dimension, {}).get(level, [])
            families: dict[str, list[str]] = defaultdict(list)
            for c in cells:
                name = context_label(ds, c.family, c.context) if c.family != "all" else ""
                families[c.family].append(" ".join(x for x in (name, "▲" if c.contradictory else "") if x))
            items = tuple(
                (family_label(family) + (": " if family != "all" else " ") + ", ".join(names)).rstrip()
                for family, names in families.items()
            )
            row.append(Cell(items=items, level=level if items else None))
        summary_rows.append(tuple(row))
    section.add(
        Table(
            (
                _("Dimension"),
                level_label("strong"),
                level_label("moderate"),
                level_label("limited"),
                level_label("mixed"),
            ),
            tuple(summary_rows),
            caption=_("Importance of each dimension, by context"),
            kind="table-8-1",
            note=_(
                "▲ contradicting evidence: the passages of this context include both strong and limited, or both enabling and limiting, codings."
            ),
        )
    )
    contradicted = table.contradictions
    if contradicted:
        section.add(
            Paragraph(
                ngettext(
                    "%(count)d context has contradicting evidence; its passages are listed below, dimension by dimension.",
                    "%(count)d contexts have contradicting evidence; their passages are listed below, dimension by dimension.",
                    len(contradicted),
                )
                % {"count": len(contradicted)},
                kind="note",
            )
        )
    for dimension in table.dimensions:
        cells = [c for c in table.cells if c.dimension == dimension]
        if not cells:
            continue
        section.add(Heading(_dimension_label(dimension), id=f"dimension-{dimension}"))
        rows = []
        for c in cells:
            flag = _contradiction_text(c.contradictions)
            rows.append(
                _row(
                    labels[(c.family, c.context)],
                    Cell(level_label(c.level), level=c.level, flag=flag),
                    _counts_text(c.counts),
                    _roles_text(c.roles),
                    evidence.cell(
                        ngettext("%(count)d passage", "%(count)d passages", len(c.codings))
                        % {"count": len(c.codings)},
                        c.codings,
                    ),
                )
            )
        section.add(
            Table(
                (
                    _("Context"),
                    _("Level"),
                    _("Codings by assessment"),
                    _("Enabling / limiting"),
                    _("Passages"),
                ),
                tuple(rows),
                kind="dimension-cells",
            )
        )
        section.add(evidence.listing())
    return section


# --- the analysts' framework matrix --------------------------------------------------------


def _matrix_code_label(code: MatrixCode) -> str:
    """A column's heading: a framework code by its (translated) name, as on the framework-matrix page;
    a researcher's own code by its path (the names of framework codes on it translated)."""
    if code.framework:
        return _(code.names[-1])
    return " / ".join(_(name) for name in code.names)


def _analyst_cell(cell: AnalystCell | None) -> Cell:
    if cell is None:
        return Cell("—")
    count = ngettext("%(count)d coded passage", "%(count)d coded passages", cell.passages) % {
        "count": cell.passages
    }
    paragraphs = tuple(line.strip() for line in cell.summary.splitlines() if line.strip())
    return Cell(
        term("assessment", cell.assessment),
        level=cell.assessment or None,
        items=paragraphs,
        note=count,
    )


def _analyst_matrix(data: ReportData, chosen: Sequence[Partnership], *, programme: bool) -> list[Block]:
    """The analysts' framework matrix of these partnerships, as the closing part of the Table 8.1 section.

    Rows are the partnerships and sides with at least one cell an analyst wrote, columns the codes with
    one; each cell gives the analyst's assessment and summary and the coded passages behind it, counted
    as the framework-matrix page counts them. In a programme report the table is for the screen (the
    PDF says where to find it), like the other tables with a row per partnership or side.
    """
    ds = data.dataset
    keys = {p.key for p in chosen}
    cells = [c for c in data.framework_cells if c.partnership in keys]
    blocks: list[Block] = [Heading(_("Analysts' framework matrix"), id="analysts-framework-matrix")]
    if not cells:
        blocks.append(
            Paragraph(
                _("No analyst has written a cell of the framework matrix for these partnerships yet.")
                if programme
                else _("No analyst has written a cell of the framework matrix for this partnership yet."),
                "empty",
            )
        )
        return blocks
    blocks.append(
        Paragraph(
            _(
                "The analysts' own judgement, written on the framework-matrix page: for each case (the "
                "partnership, or one of its sides) and code, an assessment and a summary, with the number of "
                "coded passages behind the cell. The levels above are counted from the codings; these are "
                "written by the analysts and may differ from them."
            ),
            "note",
        )
    )
    used = {c.code for c in cells}
    columns = [code for code in data.framework_codes if code.key in used]
    written = {(c.partnership, c.side, c.code): c for c in cells}
    rows = []
    for p in chosen:
        for side in (None, *p.sides):
            if not any((p.key, side, code.key) in written for code in columns):
                continue
            values = [_analyst_cell(written.get((p.key, side, code.key))) for code in columns]
            if programme:
                where = side_name(ds, p, side) if side else _("whole partnership")
                rows.append((_cell(p.name), _cell(where), *values))
            else:
                rows.append((_cell(side_name(ds, p, side) if side else p.name), *values))
    headers = (_("Partnership"), _("Side")) if programme else (_("Case"),)
    table = Table(
        (*headers, *(_matrix_code_label(code) for code in columns)),
        tuple(rows),
        caption=_("Analysts' assessments and summaries by case and code"),
        kind="analyst-matrix",
    )
    if not programme:
        blocks.append(table)
        return blocks
    blocks.append(Only("screen", (table,)))
    blocks.append(
        Only(
            "print",
            (
                Paragraph(
                    ngettext(
                        "Analysts have written %(count)d cell of the framework matrix; the matrix is in the HTML "
                        "version of this report and in each partnership's own report.",
                        "Analysts have written %(count)d cells of the framework matrix; the matrix is in the "
                        "HTML version of this report and in each partnership's own report.",
                        len(cells),
                    )
                    % {"count": len(cells)},
                    "note",
                ),
            ),
        )
    )
    return blocks


def _contradiction_text(flags: Sequence[str]) -> str:
    words = {
        "strong_and_limited": _("strong and limited evidence"),
        "enabling_and_limiting": _("enabling and limiting evidence"),
    }
    if not flags:
        return ""
    return _("contradicting: %(what)s") % {"what": ", ".join(words.get(f, f) for f in flags)}


def _counts_text(counts: dict[str, int] | Any) -> str:
    return _("strong %(strong)d · moderate %(moderate)d · limited %(limited)d · not assessed %(none)d") % {
        "strong": counts.get("strong", 0),
        "moderate": counts.get("moderate", 0),
        "limited": counts.get("limited", 0),
        "none": counts.get("unassessed", 0),
    }


def _roles_text(roles: dict[str, int] | Any) -> str:
    return _("enabling %(enabling)d · limiting %(limiting)d") % {
        "enabling": roles.get("enabling", 0),
        "limiting": roles.get("limiting", 0),
    }


def _level_words() -> dict[str, str]:
    return {level: level_label(level) for level in LEVELS}


def _heat_map(ds: Dataset, table: dimensions.DimensionTable, per_family: int) -> str:
    by_context: dict[tuple[str, str], dict[str, dimensions.DimensionCell]] = defaultdict(dict)
    for cell in table.cells:
        by_context[(cell.family, cell.context)][cell.dimension] = cell
    rows = []
    for family in table.families:
        contexts = [key for key in by_context if key[0] == family]
        if len(contexts) > per_family:
            weight = {key: sum(len(c.codings) for c in by_context[key].values()) for key in contexts}
            keep = set(sorted(contexts, key=lambda k: -weight[k])[:per_family])
            contexts = [k for k in contexts if k in keep]
        for key in contexts:
            cells = by_context[key]
            rows.append(
                charts.HeatRow(
                    context_label(ds, *key),
                    [
                        charts.HeatCell(c.level, len(c.codings), c.contradictory) if c is not None else None
                        for c in (cells.get(d) for d in table.dimensions)
                    ],
                    group=family_label(family),
                )
            )
    return charts.heat_map(
        rows,
        [_dimension_label(d) for d in table.dimensions],
        title=_("Dimensions of mutual learning by context"),
        level_labels=_level_words(),
        contradiction_label=_("contradicting evidence"),
        unassessed_label=_("– n: n codings, none with an assessment; number after a level: codings"),
        row_heading=_("Context"),
        description=_(
            "Rows are contexts, columns the six dimensions; each cell gives the level and the number of codings."
        ),
        rtl=translation.get_language_bidi(),
    )


def _flow_categories() -> list[tuple[str, str]]:
    return [(key, term("learning_form", key)) for key in vocabulary("learning_form").keys()]


def _flows_chart(flows: Sequence[charts.FlowDatum], sources: Sequence[str], targets: Sequence[str]) -> str:
    return charts.flow_chart(
        flows,
        title=_("Learning flows: who learned from whom"),
        categories=[*_flow_categories(), ("", _("form not recorded"))],
        source_heading=_("Learned from"),
        target_heading=_("Learned by"),
        empty_label=_("No learning outcome recorded."),
        sources=sources,
        targets=targets,
        description=_(
            "Bands run from the side learned from to the side that learned; their width is the number of learning outcomes, their colour the form of learning."
        ),
        rtl=translation.get_language_bidi(),
    )


def _timeline(exchanges: Iterable[Any]) -> str:
    stages = ("exploratory", "follow_up")
    counts: dict[str, Counter[int]] = {stage: Counter() for stage in stages}
    other: Counter[int] = Counter()
    for e in exchanges:
        year = e.start_year
        if year is None:
            continue
        (counts[e.stage] if e.stage in counts else other)[year] += 1
    years_seen = [y for c in (*counts.values(), other) for y in c]
    years = list(range(min(years_seen), max(years_seen) + 1)) if years_seen else []
    series = [(term("exchange_stage", stage), [counts[stage][y] for y in years]) for stage in stages]
    if other:
        series.append((_("stage not recorded"), [other[y] for y in years]))
    return charts.timeline_chart(
        years,
        series,
        title=_("Exchanges per year: exploratory visits and follow-up"),
        x_label=_("Year the exchange started"),
        y_label=_("Exchanges"),
        empty_label=_("No dated exchange recorded."),
        description=_("Bars count the exchanges that started in each year, split by stage."),
        rtl=translation.get_language_bidi(),
    )


def _resource_bars(rows: Sequence[tuple[str, Sequence[resources.SideResources]]]) -> str:
    bars = []
    for label, items in rows:
        eur = sum(r.financial_eur for r in items)
        unknown_money = sum(r.unquantified.get("financial", 0) for r in items)
        in_kind = sum(1 for r in items for c in r.contributions if c.kind != "financial")
        in_kind_unknown = sum(n for r in items for kind, n in r.unquantified.items() if kind != "financial")
        euros_text = euros(eur)
        if unknown_money:
            euros_text += " " + (
                ngettext("(+%(count)d without amount)", "(+%(count)d without amount)", unknown_money)
                % {"count": unknown_money}
            )
        kind_text = str(in_kind)
        if in_kind_unknown:
            kind_text += " " + (
                ngettext("(%(count)d without amount)", "(%(count)d without amount)", in_kind_unknown)
                % {"count": in_kind_unknown}
            )
        bars.append(charts.Bar(label, eur, euros_text, in_kind, in_kind_unknown, kind_text))
    return charts.resources_chart(
        bars,
        title=_("Resources by side"),
        euros_heading=_("Money (EUR)"),
        in_kind_heading=_("In-kind contributions (number)"),
        quantified_label=_("in kind, amount known"),
        unquantified_label=_("in kind, amount not known"),
        description=_("Money each side brought in euro, and how many contributions in kind it made."),
        rtl=translation.get_language_bidi(),
    )


def _category_labels() -> list[tuple[str, str]]:
    return [
        ("local_government", _("Local government")),
        ("civil_society", _("Civil society (NGOs, CBOs, migrant, women's and youth organisations)")),
        ("other_local", _("Other local actors (companies, schools, citizens, migrants)")),
        ("broader", _("Higher levels and intermediaries")),
        ("side", _("Participants without a named actor")),
        ("unknown", _("Type not known")),
    ]


# --- one partnership ----------------------------------------------------------------------


def partnership_report(data: ReportData, key: str, *, passages_per_cell: int = 20) -> Report:
    """The report of one partnership (every section of the issue, from both sides)."""
    ds = data.dataset
    p = ds.partnership(key)
    evidence = _Evidence(data, passages_per_cell)
    own = _own_codings(ds, p)
    table = dimensions.dimension_table(own, PARTNERSHIP_CONTEXTS, partnership=key)
    sections = [
        _overview_section(data, p),
        _dimension_section(
            data,
            table,
            evidence,
            intro=_(
                "How much each dimension mattered for mutual learning in this partnership, from the coded "
                "passages of its sources, for all evidence and for the learning of each side. The subjects "
                "of the partnership (%(subjects)s) apply to all of them."
            )
            % {"subjects": ", ".join(_subjects(ds, key)) or "—"},
            heat_rows_per_family=50,
        ).add(*_analyst_matrix(data, [p], programme=False)),
        _learning_section(ds, [s for s in learning.learning_by_side(ds, partnership=key)], p),
        _mutuality_section(ds, p),
        _resources_section(ds, p),
        _continuity_section(ds, p, table, evidence),
        _governance_section(ds, p),
        _views_section(ds, p, evidence),
        _diagnostics_section(ds, p),
    ]
    subtitle = " · ".join(
        (
            " – ".join(side_name(ds, p, s) for s in p.sides),
            _counted(len(ds.of("learning_outcomes", key)), "outcomes"),
            _counted(len(ds.of("exchanges", key)), "exchanges"),
            _counted(len(own), "codings"),
        )
    )
    return Report(
        kind="partnership",
        title=_("Mutual learning in %(partnership)s") % {"partnership": p.name},
        subtitle=subtitle,
        sections=sections,
        key=key,
        language=translation.get_language() or "en",
        bidi=translation.get_language_bidi(),
    )


def _own_codings(ds: Dataset, p: Partnership) -> list[Coding]:
    """The partnership's codings, without passages about the learning of another partnership's side.

    A source may be linked to several partnerships (a general interview);
    its passages about no side in particular count for each of them, those
    about one municipality's learning only where that municipality is a side.
    """
    return [c for c in ds.of("codings", p.key) if c.side is None or c.side in p.sides]


def _subjects(ds: Dataset, key: str) -> list[str]:
    return list(dict.fromkeys(s for project in ds.of("projects", key) for s in project.subjects))


def _overview_section(data: ReportData, p: Partnership) -> Section:
    ds = data.dataset
    texts = data.texts.get(p.key)
    section = Section("overview", _("Case overview"))
    row = _overview_row(ds, p)
    year = dt.date.today().year
    age = age_of(p, year)
    status = term("partnership_status", p.status)
    if p.status_year:
        status = f"{status} ({p.status_year})"
    items = [
        (_("Partnership"), p.name),
        (
            _("Sides"),
            "; ".join(f"{s.name} ({s.country})" if s.country else s.name for s in ds.of("sides", p.key)),
        ),
        (_("Form"), term("partnership_form", p.form)),
        (_("Since"), str(p.since) if p.since else "—"),
        (_("Status"), status),
        (
            _("Age"),
            ngettext("%(years)d year", "%(years)d years", age) % {"years": age} if age is not None else "—",
        ),
        (_("Initiated by"), term("initiation", p.initiation) or "—"),
        (_("Main projects"), row["projects"] or "—"),
        (_("Support programme"), row["programmes"] or "—"),
        (_("Municipal departments involved"), row["departments"] or "—"),
        (_("NGOs and other actors involved"), row["others"] or "—"),
        (_("Translocal link"), row["linkage"] or _("not known")),
        (_("Budget"), row["budget"] or "—"),
    ]
    section.add(Facts(tuple(items), kind="rows"))
    if texts and texts.description:
        section.add(Paragraph(texts.description, "lead"))
    if texts and texts.translocal_description:
        section.add(Paragraph(_("Migrant community link: %(text)s") % {"text": texts.translocal_description}))
    if texts and texts.source:
        section.add(Paragraph(_("Source: %(source)s") % {"source": texts.source}, "note"))
    return section


def _overview_row(ds: Dataset, p: Partnership) -> dict[str, str]:
    """The columns of the seed's case table (cases_table1.csv) for one partnership."""
    projects = ds.of("projects", p.key)
    actors = ds.of("actors", p.key)
    programmes = list(
        dict.fromkeys(
            [pr.support_programme for pr in projects if pr.support_programme]
            + [r.programme for r in ds.of("resources", p.key) if r.programme]
        )
    )

    def by_side(chosen: Callable[[Any], bool]) -> str:
        parts = []
        for side in p.sides:
            names = [a.name for a in actors if a.side == side and chosen(a)]
            if names:
                parts.append(f"{side_name(ds, p, side)}: {', '.join(names)}")
        return "; ".join(parts)

    budget = []
    for r in resources.resources_by_side(ds, p.key):
        if r.financial_eur:
            budget.append(f"{side_name(ds, p, r.side)}: {euros(r.financial_eur)}")
    project_budget = sum(pr.budget_eur or 0 for pr in projects)
    if project_budget:
        budget.append(_("projects: %(amount)s") % {"amount": euros(project_budget)})
    return {
        "projects": "; ".join(
            pr.name + (f" ({', '.join(pr.subjects)})" if pr.subjects else "") for pr in projects
        ),
        "programmes": ", ".join(
            ds.programmes[key].name if key in ds.programmes else key for key in programmes
        ),
        "departments": by_side(lambda a: a.type in DEPARTMENT_TYPES),
        "others": by_side(lambda a: governance.category_of(a.type) in ("civil_society", "other_local")),
        "linkage": term("translocal_linkage", p.translocal_linkage),
        "budget": "; ".join(budget),
    }


def _learning_section(ds: Dataset, groups: Sequence[learning.SideLearning], p: Partnership | None) -> Section:
    section = Section("learning", _("Learning by side"))
    section.add(
        Paragraph(
            _(
                "What each side learned: the kinds of learning, the specific learning with and without NGOs "
                "involved, the dimensions its coded passages name as enabling or limiting its learning, and "
                "what became of the learning."
            )
        )
    )
    forms = vocabulary("learning_form").keys()
    rows = []
    for g in groups:
        main = max(g.forms.items(), key=lambda kv: kv[1])[0] if g.forms else None
        rows.append(
            _row(
                g.label,
                g.count,
                term("learning_form", main) if main else "—",
                *(g.forms.get(form, 0) for form in forms),
                g.with_ngo,
                g.without_ngo,
            )
        )
    section.add(
        Table(
            (
                _("Side"),
                _("Learning outcomes"),
                _("Main kind"),
                *(term("learning_form", f) for f in forms),
                _("With NGOs involved"),
                _("Without NGOs"),
            ),
            tuple(rows),
            caption=_("Kinds of learning"),
            numeric=(1, 3, 4, 5, 6, 7, 8),
        )
    )
    flag_names = (
        ("intended", _("Intended")),
        ("recognised", _("Recognised")),
        ("implemented", _("Implemented")),
        ("disseminated_internally", _("Disseminated internally")),
        ("disseminated_externally", _("Disseminated externally")),
        ("institutionalised", _("Institutionalised")),
    )
    section.add(
        Table(
            (_("Side"), *(name for _flag, name in flag_names)),
            tuple(
                _row(g.label, *(f"{g.flags.get(flag, 0)} / {g.count}" for flag, _name in flag_names))
                for g in groups
            ),
            caption=_("What became of the learning (outcomes with the flag / all outcomes)"),
            numeric=tuple(range(1, len(flag_names) + 1)),
        )
    )
    section.add(
        Table(
            (_("Side"), _("Enabled by"), _("Limited by")),
            tuple(
                _row(
                    g.label,
                    Cell(items=tuple(f"{_dimension_label(d)} ({len(ids)})" for d, ids in g.enabling.items())),
                    Cell(items=tuple(f"{_dimension_label(d)} ({len(ids)})" for d, ids in g.limiting.items())),
                )
                for g in groups
            ),
            caption=_("Dimensions that enabled and limited the learning (number of coded passages)"),
        )
    )
    if p is not None:
        for g in groups:
            section.add(Heading(_("Specific learning: %(side)s") % {"side": g.label}))
            if not g.rows:
                section.add(Paragraph(_("No learning outcome recorded for this side."), "empty"))
                continue
            section.add(
                Table(
                    (_("Kind of learning"), _("NGOs involved"), _("What was learned")),
                    tuple(
                        _row(
                            term("learning_form", r.form) or _("form not recorded"),
                            _("yes") if r.ngo_involved else _("no"),
                            Cell(items=r.descriptions),
                        )
                        for r in g.rows
                    ),
                )
            )
    return section


def _mutuality_formula() -> Paragraph:
    return Paragraph(
        _(
            "Balance = n × min(r) ÷ Σr, where r is the number of learning outcomes of each of the n sides. "
            "It is 1 when every side learned as much as the others, 0.5 when one of two sides learned three "
            "times as much as the other, and 0 when only one side learned (one-way). Evenness = H(r) ÷ ln n "
            "(normalised Shannon entropy) is 1 for equal and 0 for one-way learning too, but stays above 0 "
            "when one of three or more sides learned nothing. Knowledge balance applies the balance formula "
            "to the knowledge each side received in exchanges. An outcome counts for its project and always "
            "for the partnership."
        ),
        kind="formula",
    )


def _mutuality_section(ds: Dataset, p: Partnership) -> Section:
    section = Section("mutuality", _("Mutuality: who learned what from whom"))
    [result] = mutuality.mutuality(ds, p.key)
    section.add(_mutuality_formula())
    edges = mutuality.learning_flows(ds, partnership=p.key)
    names = {s: side_name(ds, p, s) for s in p.sides}
    unknown = _("unknown side")
    section.add(
        Chart(
            _flows_chart(
                [
                    charts.FlowDatum(
                        names.get(e.from_side, unknown) if e.from_side else unknown,
                        names.get(e.to_side, e.to_side),
                        e.form or "",
                        e.count,
                    )
                    for e in edges
                ],
                list(names.values()),
                list(names.values()),
            ),
            _("Learning flows"),
            "flows",
        )
    )
    projects = {pr.key: pr.name for pr in ds.of("projects", p.key)}
    rows = []
    for level, b in [(_("Partnership"), result.overall), *((_("Project"), b) for b in result.projects)]:
        rows.append(
            _row(
                level,
                p.name if b.project is None else projects.get(b.project, b.project),
                *(b.received.get(s, 0) for s in p.sides),
                Cell(ratio(b.balance), note=_("one-way") if b.one_way else ""),
                ratio(b.evenness),
                *(b.knowledge_received.get(s, 0) for s in p.sides),
                ratio(b.knowledge_balance),
            )
        )
    n = len(p.sides)
    section.add(
        Table(
            (
                _("Level"),
                _("Unit"),
                *(_("Learned by %(side)s") % {"side": names[s]} for s in p.sides),
                _("Balance"),
                _("Evenness"),
                *(_("Knowledge to %(side)s") % {"side": names[s]} for s in p.sides),
                _("Knowledge balance"),
            ),
            tuple(rows),
            caption=_("Balance of learning at partnership and project level"),
            numeric=tuple(range(2, 2 + n + 2 + n + 1)),
        )
    )
    if result.mutual_beyond_projects:
        section.add(
            Paragraph(
                _(
                    "Learning is mutual at partnership level although every project with learning is one-way: "
                    "mutual learning happens at the level of the partnership rather than of its projects (ch. 8.2)."
                )
            )
        )
    section.add(Heading(_("Who learned what from whom")))
    section.add(
        Table(
            (_("From"), _("To"), _("Kind of learning"), _("Outcomes"), _("What was learned")),
            tuple(
                _row(
                    names.get(e.from_side, e.from_side) if e.from_side else unknown,
                    names.get(e.to_side, e.to_side),
                    term("learning_form", e.form) or _("form not recorded"),
                    Cell(
                        str(e.count),
                        note=(
                            ngettext(
                                "%(count)d with the side learned from not recorded (the other side assumed)",
                                "%(count)d with the side learned from not recorded (the other side assumed)",
                                e.inferred,
                            )
                            % {"count": e.inferred}
                            if e.inferred
                            else ""
                        ),
                    ),
                    Cell(items=tuple(o.description for o in e.outcomes)),
                )
                for e in edges
            ),
            numeric=(3,),
            empty=_("No learning outcome recorded."),
        )
    )
    knowledge = mutuality.knowledge_flows(ds, partnership=p.key, by="type")
    titles = {e.key: e.title or e.key for e in ds.of("exchanges", p.key)}
    section.add(Heading(_("Knowledge recorded in exchanges")))
    section.add(
        Table(
            (_("From"), _("To"), _("Kind of knowledge"), _("Flows"), _("Exchanges")),
            tuple(
                _row(
                    names.get(k.from_side, k.from_side),
                    names.get(k.to_side, k.to_side),
                    term("knowledge_type", k.kind) or "—",
                    k.count,
                    Cell(items=tuple(titles.get(x, x) for x in k.exchanges)),
                )
                for k in knowledge
            ),
            numeric=(3,),
            empty=_("No knowledge flow recorded in the exchanges."),
        )
    )
    return section


def _resources_section(ds: Dataset, p: Partnership) -> Section:
    section = Section("resources", _("Resources each side brings"))
    by_side = resources.resources_by_side(ds, p.key)
    section.add(
        Chart(_resource_bars([(side_name(ds, p, r.side), [r]) for r in by_side]), _("Resources"), "resources")
    )
    section.add(Table(*_resource_table(ds, [(p, r) for r in by_side], with_partnership=False)))
    yearly = resources.resources_by_year(ds, p.key)
    if yearly:
        section.add(Heading(_("Over time")))
        section.add(
            Paragraph(
                _(
                    "Contributions spread over the years they run; an amount given for several years is divided "
                    "evenly over them."
                ),
                "note",
            )
        )
        section.add(
            Table(
                (
                    _("Year"),
                    _("Side"),
                    _("Kind"),
                    _("Amount"),
                    _("From support programmes"),
                    _("Contributions"),
                ),
                tuple(
                    _row(
                        y.year if y.year is not None else _("undated"),
                        side_name(ds, p, y.side),
                        term("resource_kind", y.kind),
                        _amount(y.amount, y.unit) if y.contributions > y.unquantified else "—",
                        _amount(y.programme_amount, y.unit) if y.programme_amount else "—",
                        Cell(
                            str(y.contributions),
                            note=(
                                ngettext(
                                    "%(count)d without amount", "%(count)d without amount", y.unquantified
                                )
                                % {"count": y.unquantified}
                                if y.unquantified
                                else ""
                            ),
                        ),
                    )
                    for y in yearly
                ),
                numeric=(3, 4, 5),
            )
        )
    return section


def _amount(value: float, unit: str) -> str:
    if unit in ("eur", ""):
        return euros(value)
    return f"{number(value, 0 if float(value).is_integer() else 2)} {term('resource_unit', unit)}"


def _resource_table(
    ds: Dataset, rows: Sequence[tuple[Partnership, resources.SideResources]], *, with_partnership: bool
) -> tuple[Any, ...]:
    headers = (
        *((_("Partnership"),) if with_partnership else ()),
        _("Side"),
        _("Money"),
        _("Share of the partnership's money"),
        _("From support programmes"),
        _("In kind"),
        _("Without amount"),
    )
    body = []
    for p, r in rows:
        programme = euros(r.programme_eur)
        if r.by_programme:
            programme += (
                " ("
                + ", ".join(
                    f"{ds.programmes[k].name if k in ds.programmes else k}: {euros(v)}"
                    for k, v in r.by_programme.items()
                )
                + ")"
            )
        if r.programme_share is not None:
            programme += " · " + share(r.programme_share)
        body.append(
            _row(
                *((p.name,) if with_partnership else ()),
                side_name(ds, p, r.side),
                euros(r.financial_eur),
                share(r.share_of_partnership),
                programme,
                Cell(
                    items=tuple(
                        f"{term('resource_kind', kind)}: {_amount(amount, unit)}"
                        for kind, units in r.in_kind.items()
                        for unit, amount in units.items()
                    )
                ),
                Cell(
                    items=tuple(f"{term('resource_kind', kind)}: {n}" for kind, n in r.unquantified.items())
                ),
            )
        )
    offset = 1 if with_partnership else 0
    return headers, tuple(body), _("Money, in kind and support programmes by side"), (offset + 1, offset + 2)


def _continuity_section(
    ds: Dataset, p: Partnership, table: dimensions.DimensionTable, evidence: _Evidence
) -> Section:
    section = Section("continuity", _("Continuity and trust"))
    [c] = continuity_analysis.continuity(ds, p.key)
    section.add(
        Paragraph(
            _(
                "Process-based trust grows through continuous collaboration (ch. 8.3.4). An exchange is active "
                "from its start year to its end year; a gap is a run of years without an active exchange between "
                "the first and the last; an exploratory visit counts as followed up when a follow-up exchange of "
                "the same project (or of the partnership, outside projects) starts on or after it; a project "
                "runs long when it spans at least %(years)d years."
            )
            % {"years": c.min_years}
        )
    )
    section.add(Chart(_timeline(ds.of("exchanges", p.key)), _("Exchanges per year"), "timeline"))
    gaps = "; ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in c.gaps)
    section.add(
        Facts(
            (
                (_("First year with an exchange"), str(c.first_year or "—")),
                (_("Last year with an exchange"), str(c.last_year or "—")),
                (_("Years with an exchange"), str(len(c.active))),
                (_("Gaps"), gaps or _("none")),
                (
                    _("Longest gap"),
                    ngettext("%(years)d year", "%(years)d years", c.longest_gap) % {"years": c.longest_gap},
                ),
                (_("Undated exchanges"), str(len(c.undated))),
            )
        )
    )
    section.add(Heading(_("Exploratory visits never followed up")))
    section.add(
        Table(
            (_("Exchange"), _("When"), _("Kind of exchange")),
            tuple(
                _row(e.title or e.key, e.start or _("undated"), term("exchange_method", e.method))
                for e in c.unfollowed
            ),
            empty=_("None: every exploratory visit was followed up."),
        )
    )
    projects = {pr.key: pr.name for pr in ds.of("projects", p.key)}
    section.add(Heading(_("Long-running projects")))
    section.add(
        Table(
            (_("Project"), _("Years"), _("Period")),
            tuple(
                _row(projects.get(s.project, s.project), s.years, f"{s.start_year}–{s.end_year}")
                for s in c.long_running
            ),
            numeric=(1,),
            empty=_("None."),
        )
    )
    trust = [cell for cell in table.cells if cell.dimension == "process_trust" and cell.family == "all"]
    section.add(Heading(_("Evidence on process-based trust")))
    if trust:
        cell = trust[0]
        section.add(
            Table(
                (_("Level"), _("Codings by assessment"), _("Enabling / limiting"), _("Passages")),
                (
                    _row(
                        Cell(
                            level_label(cell.level),
                            level=cell.level,
                            flag=_contradiction_text(cell.contradictions),
                        ),
                        _counts_text(cell.counts),
                        _roles_text(cell.roles),
                        evidence.cell(
                            ngettext("%(count)d passage", "%(count)d passages", len(cell.codings))
                            % {"count": len(cell.codings)},
                            cell.codings,
                        ),
                    ),
                ),
            )
        )
        section.add(evidence.listing())
    else:
        section.add(Paragraph(_("No passage coded with process-based trust."), "empty"))
    return section


def _governance_section(ds: Dataset, p: Partnership) -> Section:
    section = Section("governance", _("Governance network"))
    [g] = governance.governance(ds, p.key)
    section.add(
        Paragraph(
            _(
                "The model is derived from the actors taking part: broader governance arrangements when "
                "higher levels of government or intermediaries take part (national ministries, "
                "local-government associations, embassies, support-programme agencies); a multi-actor network "
                "when civil-society or other local actors take part; a classic local-government network when "
                "only local governments do (ch. 10, rec. 2)."
            )
        )
    )
    agrees = {True: _("yes"), False: _("no"), None: _("no model recorded")}[g.agrees]
    section.add(
        Facts(
            (
                (
                    _("Derived model"),
                    term("governance_model", g.model) if g.model else _("no actors recorded"),
                ),
                (_("Recorded model"), term("governance_model", g.recorded) or "—"),
                (_("The two agree"), agrees),
            )
        )
    )
    actors = {a.key: a for a in ds.of("actors", p.key)}
    categories = _category_labels()
    rows = []
    for side in p.sides:
        row = [_cell(side_name(ds, p, side))]
        for category, _label in categories[:4]:
            keys = g.actors.get(category, ())
            row.append(
                Cell(
                    items=tuple(
                        f"{actors[k].name} ({term('actor_type', actors[k].type)})"
                        for k in keys
                        if k in actors and actors[k].side == side
                    )
                )
            )
        rows.append(tuple(row))
    section.add(
        Table(
            (_("Side"), *(label for _k, label in categories[:4])),
            tuple(rows),
            caption=_("Actors by side and category"),
        )
    )
    network = governance.actor_network(ds, p.key)
    section.add(Chart(_network_chart(ds, p, network), _("Actor network"), "network"))
    vertical = sum(1 for e in network.edges if e.direction == "vertical")
    horizontal = len(network.edges) - vertical
    section.add(
        Paragraph(
            _(
                "%(nodes)d actors; %(vertical)d links between the localities (vertical) and %(horizontal)d within "
                "one locality (horizontal). Two actors are linked when they took part in the same exchange."
            )
            % {"nodes": len(network.nodes), "vertical": vertical, "horizontal": horizontal},
            "note",
        )
    )
    return section


def _network_chart(ds: Dataset, p: Partnership, network: governance.ActorNetwork) -> str:
    rank = {key: i for i, (key, _label) in enumerate(_category_labels())}
    columns = []
    for side in p.sides:
        nodes = sorted(
            (n for n in network.nodes if n.side == side),
            key=lambda n: (rank.get(n.category, 99), n.label.casefold()),
        )
        columns.append(
            charts.NetColumn(
                side_name(ds, p, side),
                tuple(
                    charts.NetNode(
                        n.id,
                        n.label if n.category != "side" else _("%(side)s (participants)") % {"side": n.label},
                        n.category,
                        term("actor_type", n.type) if n.category != "side" else "",
                        square=n.category == "side",
                    )
                    for n in nodes
                ),
            )
        )
    edges = [
        charts.NetEdge(
            e.source,
            e.target,
            e.weight,
            ngettext("%(count)d shared exchange", "%(count)d shared exchanges", e.weight)
            % {"count": e.weight},
        )
        for e in network.edges
    ]
    return charts.network_chart(
        columns,
        edges,
        title=_("Actor network: who took part in exchanges together"),
        categories=_category_labels(),
        between_label=_("exchange between the localities (vertical)"),
        within_label=_("within one locality (horizontal)"),
        empty_label=_("No actor recorded."),
        description=_(
            "One column per side; lines join actors that took part in the same exchange, thicker for more exchanges."
        ),
        rtl=translation.get_language_bidi(),
    )


def _views_section(ds: Dataset, p: Partnership, evidence: _Evidence) -> Section:
    section = Section("views", _("Both sides' views"))
    section.add(
        Paragraph(
            _(
                "For each dimension, the passages are split by the side they come from (the side of the source, "
                "else of the respondent) and combined by the rule of Table 8.1. Shown here are the dimensions "
                "where the sides' levels differ, or where one side mostly sees an enabling factor and the other "
                "a limiting one."
            )
        )
    )
    found = perspectives.perspectives(ds, p.key)
    differing = [x for x in found if x.differs or x.opposed]
    names = {s: side_name(ds, p, s) for s in p.sides}
    rows = []
    for x in differing:
        cells = []
        for view in x.views:
            leaning = term("factor_role", view.leaning) if view.leaning else _("no clear leaning")
            text = f"{level_label(view.level)} · {leaning}" if view.codings else _("silent")
            cells.append(evidence.cell(text, view.codings, level=view.level))
        verdict = _("opposed") if x.opposed else _("different levels")
        rows.append(_row(_dimension_label(x.dimension), *cells, verdict))
    section.add(
        Table(
            (_("Dimension"), *(names[s] for s in p.sides), _("Difference")),
            tuple(rows),
            empty=_("The sides' passages do not differ on any dimension."),
        )
    )
    section.add(evidence.listing())
    one_sided = [x for x in found if x.one_sided]
    if one_sided:
        section.add(
            Paragraph(
                _("Only one side's sources speak about: %(list)s.")
                % {
                    "list": "; ".join(
                        f"{_dimension_label(x.dimension)} ({names.get(next(v.side for v in x.views if v.codings), '')})"
                        for x in one_sided
                    )
                },
                "note",
            )
        )
    return section


def _rule_explanations() -> dict[str, str]:
    return {
        "no_clear_objectives": _("A side has no clearly formulated objective."),
        "learning_not_recognised": _("A side's learning outcomes include ones that side does not recognise."),
        "exploratory_without_follow_up": _("An exploratory visit was never followed up."),
        "no_migrants_involved": _(
            "No migrant, actor of migrant background or migrant organisation takes part."
        ),
        "no_dissemination": _("Learning was recorded, but none of it was disseminated inside or outside."),
        "one_way_learning": _(
            "Only one side learned (or, without learning outcomes, knowledge went one way)."
        ),
        "one_way_peer_exchanges": _("Peer-to-peer exchanges whose knowledge went one way only."),
        "no_peer_to_peer": _("Exchanges were recorded, but none of them peer-to-peer."),
        "civil_society_without_local_gov": _(
            "Civil-society actors took part in a project without any local-government participant."
        ),
    }


def _fact_text(fact: diagnostics.Fact) -> str:
    try:
        return _(fact.message) % dict(fact.params)
    except (KeyError, TypeError, ValueError):
        return fact.text


def _evidence_text(ds: Dataset, p: Partnership, reference: str) -> str:
    kind, _sep, key = reference.partition(":")
    names = {
        "learning": ("learning_outcomes", lambda r: r.description, _("Learning")),
        "exchange": ("exchanges", lambda r: r.title or r.key, _("Exchange")),
        "objective": (
            "objectives",
            lambda r: f"{term('objective_type', r.type)}: {r.wording}".rstrip(": "),
            _("Objective"),
        ),
        "actor": ("actors", lambda r: r.name, _("Actor")),
        "project": ("projects", lambda r: r.name, _("Project")),
    }
    if kind in names:
        table, show, label = names[kind]
        record = ds.get(table, p.key, key)
        return f"{label}: {show(record) if record is not None else key}"
    return reference


def recommendation_number(key: str) -> str:
    return vocabulary("recommendation")[key].source


def _diagnostics_section(ds: Dataset, p: Partnership) -> Section:
    section = Section("diagnostics", _("Diagnostics and recommendations"))
    section.add(
        Paragraph(
            _(
                "Rules read the partnership's records; each rule that fires points to the recommendation of "
                "chapter 10 it calls for, with the facts that made it fire and the records behind them."
            )
        )
    )
    findings = diagnostics.diagnose(ds, p.key)
    explanations = _rule_explanations()
    entries = []
    for f in findings:
        details = [_evidence_text(ds, p, ref) for ref in f.evidence]
        entries.append(
            Entry(
                title=term("recommendation", f.recommendation),
                tag=f.recommendation_source,
                lines=tuple(_fact_text(fact) for fact in f.facts),
                detail_label=_("Records behind it"),
                details=tuple(details[:12])
                + (
                    (
                        ngettext("… and %(count)d more", "… and %(count)d more", len(details) - 12)
                        % {"count": len(details) - 12},
                    )
                    if len(details) > 12
                    else ()
                ),
                explanation=_("Why: %(rule)s") % {"rule": explanations.get(f.rule, f.rule)},
            )
        )
    section.add(
        EntryList(tuple(entries), empty=_("No rule fired: the records show none of the patterns checked."))
    )
    quiet = [explanations.get(r, r) for r in diagnostics.RULES if r not in {f.rule for f in findings}]
    if quiet:
        section.add(Heading(_("Checked, and not found")))
        section.add(Paragraph(" ".join(quiet), "note"))
    section.add(
        Paragraph(
            _(
                "Recommendation 6 (shape international relations as actors, not re-actors) concerns how a "
                "municipality shapes its international policy; no rule derives it from partnership records."
            ),
            "note",
        )
    )
    return section


# --- a programme -------------------------------------------------------------------------


def programme_report(
    data: ReportData,
    keys: Sequence[str] | None = None,
    *,
    passages_per_cell: int = 5,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Many partnerships side by side: lists, Table 8.1 across them, and each analysis per partnership."""
    ds = data.dataset
    chosen = ds.select(None if keys is None else list(keys))
    chosen_keys = [p.key for p in chosen]
    selection = None if keys is None else chosen_keys
    step = progress or (lambda _stage: None)
    evidence = _Evidence(data, passages_per_cell)
    # One row per partnership for the PDF, filled in by the sections as they compute their analyses.
    summary: dict[str, dict[str, str]] = defaultdict(dict)
    step(_("Partnership list and case overview"))
    sections = [_programme_list_section(ds, chosen), _programme_overview_section(ds, chosen)]
    step(_("Table 8.1"))
    table = dimensions.dimension_table(ds, PROGRAMME_CONTEXTS, partnership=selection)
    sections.append(
        _dimension_section(
            data,
            table,
            evidence,
            intro=_(
                "How much each dimension mattered for mutual learning across the programme, from the coded "
                "passages: by the subjects of the partnerships' projects, by project type on each country's "
                "side (whose learning the passage concerns), and by country."
            ),
            heat_rows_per_family=25,
        ).add(*_analyst_matrix(data, chosen, programme=True))
    )
    step(_("Learning by side"))
    sections.append(_programme_learning_section(ds, chosen, selection))
    step(pgettext("the concept, not the application", "Mutuality"))
    sections.append(_programme_mutuality_section(ds, chosen, selection, summary))
    step(_("Resources"))
    sections.append(_programme_resources_section(ds, chosen, selection))
    step(_("Continuity and trust"))
    sections.append(_programme_continuity_section(ds, chosen, selection, summary))
    step(_("Governance networks"))
    sections.append(_programme_governance_section(ds, chosen, selection, summary))
    step(_("Both sides' views"))
    sections.append(_programme_views_section(ds, chosen, selection))
    step(_("Diagnostics and recommendations"))
    sections.append(_programme_diagnostics_section(ds, chosen, selection, summary))
    sections[0].add(Only("print", _programme_summary(ds, chosen, summary)))
    codings = len({c.id for key in chosen_keys for c in ds.of("codings", key)})
    subtitle = " · ".join(
        (
            _counted(len(chosen), "partnerships"),
            _counted(sum(len(ds.of("exchanges", k)) for k in chosen_keys), "exchanges"),
            _counted(sum(len(ds.of("learning_outcomes", k)) for k in chosen_keys), "outcomes"),
            _counted(codings, "codings"),
        )
    )
    return Report(
        kind="programme",
        title=_("Mutual learning across the programme"),
        subtitle=subtitle,
        sections=sections,
        language=translation.get_language() or "en",
        bidi=translation.get_language_bidi(),
    )


def _first_and_partners(ds: Dataset, p: Partnership) -> tuple[str, str, str]:
    sides = ds.of("sides", p.key)
    first = sides[0] if sides else None
    partners = sides[1:]
    return (
        first.name if first else "",
        ", ".join(s.name for s in partners),
        ", ".join(dict.fromkeys(s.country for s in partners if s.country)),
    )


def _programme_list_section(ds: Dataset, chosen: Sequence[Partnership]) -> Section:
    section = Section("partnerships", _("Partnerships"))
    year = dt.date.today().year
    rows = []
    statuses: Counter[str] = Counter()
    for p in chosen:
        first, partners, countries = _first_and_partners(ds, p)
        status = term("partnership_status", p.status)
        statuses[status] += 1
        if p.status_year:
            status = f"{status} ({p.status_year})"
        age = age_of(p, year)
        rows.append(
            _row(
                p.name,
                first,
                partners,
                countries,
                p.since or "—",
                Cell(status, level=p.status),
                "—" if age is None else age,
            )
        )
    section.add(
        Paragraph(
            "; ".join(f"{status}: {n}" for status, n in statuses.most_common())
            or _("No partnership recorded."),
        )
    )
    section.add(
        Only(
            "screen",
            (
                Table(
                    (
                        _("Partnership"),
                        _("Municipality"),
                        _("Partner"),
                        _("Partner country"),
                        _("Since"),
                        _("Status"),
                        _("Age (years)"),
                    ),
                    tuple(rows),
                    caption=_("Partnerships with their status and age"),
                    numeric=(4, 6),
                    empty=_("No partnership recorded."),
                ),
            ),
        )
    )
    return section


def _programme_summary(
    ds: Dataset, chosen: Sequence[Partnership], summary: dict[str, dict[str, str]]
) -> tuple[Paragraph, Table]:
    """The PDF's one row per partnership, in place of a table per analysis with a row for each."""
    rows = []
    for p in chosen:
        facts = summary.get(p.key, {})
        _first, partners, countries = _first_and_partners(ds, p)
        status = term("partnership_status", p.status)
        if p.status_year:
            status = f"{status} ({p.status_year})"
        rows.append(
            _row(
                p.name,
                countries or "—",
                p.since or "—",
                Cell(status, level=p.status),
                facts.get("exchanges", str(len(ds.of("exchanges", p.key)))),
                facts.get("learning", "—"),
                facts.get("balance", "—"),
                facts.get("model", "—"),
                facts.get("recommendations", "") or "—",
            )
        )
    note = Paragraph(
        _(
            "This PDF gives each partnership one row below. The tables of every analysis with a row per "
            "partnership or side are in the HTML version of this report (mutuality report --all --format "
            "html) and in each partnership's own report."
        ),
        "note",
    )
    return note, Table(
        (
            _("Partnership"),
            _("Partner country"),
            _("Since"),
            _("Status"),
            _("Exchanges (years)"),
            _("Learning outcomes by side"),
            _("Balance"),
            _("Governance model"),
            _("Recommendations (ch. 10)"),
        ),
        tuple(rows),
        caption=_("Every partnership in one line"),
        numeric=(2, 6),
        kind="programme-summary",
        empty=_("No partnership recorded."),
    )


def _programme_overview_section(ds: Dataset, chosen: Sequence[Partnership]) -> Section:
    section = Section("overview", _("Case overview"), media="screen")
    rows = []
    for p in chosen:
        r = _overview_row(ds, p)
        rows.append(
            _row(
                p.name,
                r["projects"],
                r["programmes"],
                r["departments"],
                r["others"],
                r["linkage"] or _("not known"),
                r["budget"],
            )
        )
    section.add(
        Table(
            (
                _("Partnership"),
                _("Main projects"),
                _("Support programme"),
                _("Municipal departments involved"),
                _("NGOs and other actors involved"),
                _("Translocal link"),
                _("Budget"),
            ),
            tuple(rows),
            caption=_("The cases side by side"),
            kind="overview",
        )
    )
    return section


def _programme_learning_section(
    ds: Dataset, chosen: Sequence[Partnership], selection: Sequence[str] | None
) -> Section:
    by_country = learning.learning_by_side(ds, by="country", partnership=selection)
    section = _learning_section(ds, by_country, None)
    section.blocks.insert(
        1,
        Paragraph(
            _("The first tables group the sides by country; the last lists every side of every partnership."),
            "note",
        ),
    )
    rows = []
    by_partnership = {p.key: p for p in chosen}
    for g in learning.learning_by_side(ds, partnership=selection):
        p = by_partnership[g.partnership or ""]
        main = max(g.forms.items(), key=lambda kv: kv[1])[0] if g.forms else None
        rows.append(
            _row(
                p.name,
                g.label,
                g.count,
                term("learning_form", main) if main else "—",
                g.with_ngo,
                f"{g.flags.get('recognised', 0)} / {g.count}",
                f"{g.flags.get('implemented', 0)} / {g.count}",
                f"{g.flags.get('disseminated', 0)} / {g.count}",
                f"{g.flags.get('institutionalised', 0)} / {g.count}",
            )
        )
    table = Table(
        (
            _("Partnership"),
            _("Side"),
            _("Learning outcomes"),
            _("Main kind"),
            _("With NGOs involved"),
            _("Recognised"),
            _("Implemented"),
            _("Disseminated"),
            _("Institutionalised"),
        ),
        tuple(rows),
        numeric=(2, 4, 5, 6, 7, 8),
    )
    section.add(Only("screen", (Heading(_("Every side of every partnership")), table)))
    return section


def _programme_mutuality_section(
    ds: Dataset,
    chosen: Sequence[Partnership],
    selection: Sequence[str] | None,
    summary: dict[str, dict[str, str]],
) -> Section:
    section = Section("mutuality", _("Mutuality: who learned what from whom"))
    section.add(_mutuality_formula())
    countries: Counter[tuple[str, str, str]] = Counter()
    unknown = _("unknown side")
    for e in mutuality.learning_flows(ds, partnership=selection):
        source = ds.country_of(e.from_side) or unknown if e.from_side else unknown
        countries[(source, ds.country_of(e.to_side) or unknown, e.form or "")] += e.count
    order = sorted({c for key in countries for c in key[:2]})
    section.add(
        Chart(
            _flows_chart(
                [charts.FlowDatum(a, b, form, n) for (a, b, form), n in countries.items()], order, order
            ),
            _("Learning flows between countries"),
            "flows",
        )
    )
    rows = []
    buckets: Counter[str] = Counter()
    for m in mutuality.mutuality(ds, selection):
        p = ds.partnership(m.partnership)
        with_learning = [b for b in m.projects if b.learning]
        one_way = [b for b in with_learning if b.one_way]
        value = m.balance
        buckets[
            _("no learning recorded")
            if value is None
            else _("one-way (0)")
            if value == 0
            else _("balanced (1)")
            if value == 1
            else _("between 0.5 and 1")
            if value >= 0.5
            else _("between 0 and 0.5")
        ] += 1
        by_side = "; ".join(f"{side_name(ds, p, s)} {m.overall.received.get(s, 0)}" for s in p.sides)
        summary[p.key].update(learning=by_side, balance=ratio(m.balance))
        rows.append(
            _row(
                p.name,
                by_side,
                ratio(m.balance),
                ratio(m.overall.evenness),
                ratio(m.overall.knowledge_balance),
                f"{len(one_way)} / {len(with_learning)}",
                _("yes") if m.mutual_beyond_projects else "",
            )
        )
    section.add(
        Facts(tuple((label, str(n)) for label, n in buckets.most_common())),
    )
    section.add(
        Only(
            "screen",
            (
                Table(
                    (
                        _("Partnership"),
                        _("Learning outcomes by side"),
                        _("Balance"),
                        _("Evenness"),
                        _("Knowledge balance"),
                        _("One-way projects / projects with learning"),
                        _("Mutual only beyond projects"),
                    ),
                    tuple(rows),
                    numeric=(2, 3, 4, 5),
                ),
            ),
        )
    )
    return section


def _programme_resources_section(
    ds: Dataset, chosen: Sequence[Partnership], selection: Sequence[str] | None
) -> Section:
    section = Section("resources", _("Resources each side brings"))
    by_side = resources.resources_by_side(ds, selection)
    by_country: dict[str, list[resources.SideResources]] = defaultdict(list)
    for r in by_side:
        by_country[ds.country_of(r.side) or _("country not known")].append(r)
    section.add(Chart(_resource_bars(sorted(by_country.items())), _("Resources by country"), "resources"))
    section.add(_programme_resources_by_year(ds, selection))
    partnerships = {p.key: p for p in chosen}
    section.add(
        Only(
            "screen",
            (
                Table(
                    *_resource_table(
                        ds, [(partnerships[r.partnership], r) for r in by_side], with_partnership=True
                    )
                ),
            ),
        )
    )
    return section


def _programme_resources_by_year(ds: Dataset, selection: Sequence[str] | None) -> Table:
    """Money per year and country, with the part from support programmes, and the contributions in kind."""
    cells: dict[tuple[int | None, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for y in resources.resources_by_year(ds, selection):
        cell = cells[(y.year, ds.country_of(y.side) or _("country not known"))]
        if y.kind == "financial" and y.unit in ("eur", ""):
            cell[0] += y.amount
            cell[1] += y.programme_amount
        else:
            cell[2] += y.contributions
        cell[3] += y.unquantified
    return Table(
        (
            _("Year"),
            _("Country"),
            _("Money"),
            _("From support programmes"),
            _("Contributions in kind"),
            _("Without amount"),
        ),
        tuple(
            _row(
                year if year is not None else _("undated"),
                country,
                euros(money),
                euros(programme),
                int(in_kind),
                int(unknown),
            )
            for (year, country), (money, programme, in_kind, unknown) in sorted(
                cells.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or 0, kv[0][1])
            )
        ),
        caption=_("Over time (an amount given for several years divided evenly over them)"),
        numeric=(2, 3, 4, 5),
        empty=_("No resource contribution recorded."),
    )


def _programme_continuity_section(
    ds: Dataset,
    chosen: Sequence[Partnership],
    selection: Sequence[str] | None,
    summary: dict[str, dict[str, str]],
) -> Section:
    section = Section("continuity", _("Continuity and trust"))
    keys = [p.key for p in chosen]
    section.add(
        Chart(_timeline(e for k in keys for e in ds.of("exchanges", k)), _("Exchanges per year"), "timeline")
    )
    rows = []
    unfollowed = long_running = 0
    for c in continuity_analysis.continuity(ds, selection):
        p = ds.partnership(c.partnership)
        unfollowed += bool(c.unfollowed)
        long_running += bool(c.long_running)
        exchanges = len(ds.of("exchanges", c.partnership))
        summary[c.partnership]["exchanges"] = (
            f"{exchanges} ({c.first_year}–{c.last_year})" if c.first_year else str(exchanges)
        )
        rows.append(
            _row(
                p.name,
                f"{c.first_year}–{c.last_year}" if c.first_year else "—",
                len(c.active),
                "; ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in c.gaps) or "—",
                c.longest_gap,
                len(c.unfollowed),
                len(c.long_running),
            )
        )
    section.add(
        Facts(
            (
                (_("Partnerships with exploratory visits never followed up"), f"{unfollowed} / {len(keys)}"),
                (_("Partnerships with a long-running project"), f"{long_running} / {len(keys)}"),
            )
        )
    )
    section.add(
        Only(
            "screen",
            (
                Table(
                    (
                        _("Partnership"),
                        _("Years with exchanges"),
                        _("Active years"),
                        _("Gaps"),
                        _("Longest gap (years)"),
                        _("Exploratory visits not followed up"),
                        _("Long-running projects"),
                    ),
                    tuple(rows),
                    numeric=(2, 4, 5, 6),
                ),
            ),
        )
    )
    return section


def _programme_governance_section(
    ds: Dataset,
    chosen: Sequence[Partnership],
    selection: Sequence[str] | None,
    summary: dict[str, dict[str, str]],
) -> Section:
    section = Section("governance", _("Governance networks"))
    results = governance.governance(ds, selection)
    models = Counter(
        term("governance_model", g.model) if g.model else _("no actors recorded") for g in results
    )
    section.add(Facts(tuple((label, str(n)) for label, n in models.most_common())))
    categories = _category_labels()[:4]
    rows = []
    for g in results:
        p = ds.partnership(g.partnership)
        agrees = {True: _("yes"), False: _("no"), None: "—"}[g.agrees]
        summary[g.partnership]["model"] = term("governance_model", g.model) if g.model else "—"
        rows.append(
            _row(
                p.name,
                term("governance_model", g.model) if g.model else "—",
                term("governance_model", g.recorded) or "—",
                agrees,
                *(len(g.actors.get(category, ())) for category, _label in categories),
            )
        )
    section.add(
        Only(
            "screen",
            (
                Table(
                    (
                        _("Partnership"),
                        _("Derived model"),
                        _("Recorded model"),
                        _("Agree"),
                        *(label for _k, label in categories),
                    ),
                    tuple(rows),
                    caption=_("Governance network model and number of actors by category"),
                    numeric=(4, 5, 6, 7),
                ),
            ),
        )
    )
    if len(chosen) <= 60:
        section.add(Chart(_municipality_network(ds, chosen), _("Who is linked to whom"), "network"))
    return section


def _municipality_network(ds: Dataset, chosen: Sequence[Partnership]) -> str:
    first: dict[str, None] = {}
    partners: dict[str, None] = {}
    edges = []
    for p in chosen:
        if not p.sides:
            continue
        first[p.sides[0]] = None
        for side in p.sides[1:]:
            partners[side] = None
            edges.append(charts.NetEdge(p.sides[0], side, 1, p.name))
    partners = {k: None for k in partners if k not in first}
    countries = sorted({ds.country_of(k) for k in (*first, *partners)})
    colours = {c: charts.PALETTE[i % len(charts.PALETTE)] for i, c in enumerate(countries)}

    def nodes(keys: Iterable[str]) -> tuple[charts.NetNode, ...]:
        found = [ds.municipalities[k] for k in keys if k in ds.municipalities]
        return tuple(
            charts.NetNode(m.key, m.name, m.country, m.country)
            for m in sorted(found, key=lambda m: (m.country, m.name.casefold()))
        )

    return charts.network_chart(
        [charts.NetColumn(_("Municipality"), nodes(first)), charts.NetColumn(_("Partner"), nodes(partners))],
        edges,
        title=_("Who is linked to whom"),
        categories=[(c, c or _("country not known")) for c in countries],
        colours=colours,
        between_label=_("partnership"),
        within_label=_("partnership within one column"),
        empty_label=_("No partnership recorded."),
        description=_("Municipalities coloured by country; a line is a partnership."),
        rtl=translation.get_language_bidi(),
    )


def _programme_views_section(
    ds: Dataset,
    chosen: Sequence[Partnership],
    selection: Sequence[str] | None,
    limit: int = 300,
    print_limit: int = 30,
) -> Section:
    section = Section("views", _("Both sides' views"))
    section.add(
        Paragraph(
            _(
                "Partnerships and dimensions where the sides' passages give different levels, or where one side "
                "mostly sees an enabling factor and the other a limiting one (opposed first)."
            )
        )
    )
    found = [x for x in perspectives.perspectives(ds, selection) if x.differs or x.opposed]
    found.sort(key=lambda x: (not x.opposed,))
    rows = []
    for x in found[:limit]:
        p = ds.partnership(x.partnership)
        views = []
        for v in x.views:
            leaning = term("factor_role", v.leaning) if v.leaning else _("no clear leaning")
            views.append(
                f"{side_name(ds, p, v.side)}: {level_label(v.level)} · {leaning} ({len(v.codings)})"
                if v.codings
                else f"{side_name(ds, p, v.side)}: {_('silent')}"
            )
        rows.append(
            _row(
                p.name,
                _dimension_label(x.dimension),
                Cell(items=tuple(views)),
                _("opposed") if x.opposed else _("different levels"),
            )
        )
    for media, shown in (("screen", limit), ("print", print_limit)):
        table = Table(
            (_("Partnership"), _("Dimension"), _("Views (number of passages)"), _("Difference")),
            tuple(rows[:shown]),
            note=(
                _("%(shown)d of %(total)d shown; the partnership reports show all, with their passages.")
                % {"shown": shown, "total": len(found)}
                if len(found) > shown
                else ""
            ),
            empty=_("The sides' passages do not differ on any dimension."),
        )
        section.add(Only(media, (table,)))
    return section


def _programme_diagnostics_section(
    ds: Dataset,
    chosen: Sequence[Partnership],
    selection: Sequence[str] | None,
    summary: dict[str, dict[str, str]],
) -> Section:
    section = Section("diagnostics", _("Diagnostics and recommendations"))
    findings = diagnostics.diagnose(ds, selection)
    explanations = _rule_explanations()
    by_recommendation: dict[str, set[str]] = defaultdict(set)
    by_rule: Counter[str] = Counter()
    by_partnership: dict[str, list[diagnostics.Finding]] = defaultdict(list)
    for f in findings:
        by_recommendation[f.recommendation].add(f.partnership)
        by_rule[f.rule] += 1
        by_partnership[f.partnership].append(f)
    order = {key: i for i, key in enumerate(vocabulary("recommendation").keys(), 1)}
    rows = []
    for key in vocabulary("recommendation").keys():
        rules = sorted({f.rule for f in findings if f.recommendation == key})
        rows.append(
            _row(
                recommendation_number(key),
                term("recommendation", key),
                f"{len(by_recommendation.get(key, ()))} / {len(chosen)}",
                Cell(items=tuple(f"{explanations.get(r, r)} ({by_rule[r]})" for r in rules)),
            )
        )
    section.add(
        Table(
            (_("Chapter 10"), _("Recommendation"), _("Partnerships"), _("Because (partnerships)")),
            tuple(rows),
            caption=_("Recommendations triggered across the programme"),
            numeric=(2,),
        )
    )
    detail = []
    for p in chosen:
        mine = by_partnership.get(p.key, [])
        summary[p.key]["recommendations"] = ", ".join(
            str(n) for n in sorted({order[f.recommendation] for f in mine if f.recommendation in order})
        )
        if not mine:
            continue
        lines = []
        for f in mine:
            facts = [_fact_text(fact) for fact in f.facts]
            text = f"{recommendation_number(f.recommendation)} — {term('recommendation', f.recommendation)}: {facts[0] if facts else ''}"
            if len(facts) > 1:
                text += " " + ngettext("(+%(count)d more)", "(+%(count)d more)", len(facts) - 1) % {
                    "count": len(facts) - 1
                }
            lines.append(text)
        detail.append(_row(p.name, Cell(items=tuple(lines))))
    section.add(
        Only(
            "screen",
            (
                Table(
                    (_("Partnership"), _("Recommendations and the facts that triggered them")),
                    tuple(detail),
                    empty=_("No rule fired for any partnership."),
                ),
            ),
        )
    )
    return section
