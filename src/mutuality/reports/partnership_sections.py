"""The report of one partnership: every analysis of :mod:`mutuality.analysis`, from both sides.

:func:`partnership_report` takes the :class:`~mutuality.datasets.ReportData` read from the
database and returns a :class:`~mutuality.reports.blocks.Report`; nothing here knows about HTML,
Markdown or PDF. Every number comes from an analysis function and every level of Table 8.1 from the
codings.

The programme report (:mod:`mutuality.reports.programme_sections`) shows the same analyses across
many partnerships, so the parts the two share are built here and it calls them: the case table's
columns, the learning tables, the opening of the mutuality, resources and continuity sections with
their charts, and the table of resources by side. A partnership then reads alike in both reports,
and a change to a section is made once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.analysis import continuity as continuity_analysis
from mutuality.analysis import (
    dimensions,
    governance,
    learning,
    mutuality,
    perspectives,
    resources,
)
from mutuality.analysis import self_assessment as self_scores
from mutuality.analysis.dataset import Coding, Dataset, Partnership
from mutuality.countries import country_name
from mutuality.datasets import PartnershipText, ReportData
from mutuality.framework import vocabulary
from mutuality.reports import charts, diagnostics_sections
from mutuality.reports.blocks import (
    Block,
    Cell,
    Chart,
    Facts,
    Heading,
    Paragraph,
    Report,
    Section,
    Table,
    row,
)
from mutuality.reports.labels import (
    actor_categories,
    agreement_text,
    amount,
    balance_basis,
    balance_warning,
    citation,
    counted,
    difference_text,
    dimension_label,
    disagreement_text,
    euros,
    few_outcomes_note,
    gaps_text,
    in_kind_count_text,
    in_kind_items,
    level_label,
    model_label,
    money_share_text,
    money_text,
    number,
    programme_money_text,
    programme_name,
    ratio,
    side_money_text,
    side_name,
    status_text,
    term,
    unknown_amounts,
    view_text,
)
from mutuality.reports.passages import PassageNumbers
from mutuality.reports.section_charts import (
    actor_network_chart,
    exchanges_chart,
    learning_flows_chart,
    resources_chart,
)
from mutuality.reports.table_8_1 import PARTNERSHIP_CONTEXTS, assessment_cells, dimensions_section

__all__ = [
    "age_of",
    "case_columns",
    "continuity_opening",
    "flag_share",
    "learning_section",
    "main_form_label",
    "mutuality_opening",
    "new_report",
    "overview_row",
    "partnership_report",
    "resource_table",
    "resources_opening",
]

DEPARTMENT_TYPES = frozenset({"international_desk", "line_department"})


def partnership_report(data: ReportData, key: str, *, passages_per_cell: int = 20) -> Report:
    """The report of one partnership (every section of the issue, from both sides)."""
    dataset = data.dataset
    partnership = dataset.partnership(key)
    passages = PassageNumbers(data, passages_per_cell)
    own = own_codings(dataset, partnership)
    table = dimensions.dimension_table(own, PARTNERSHIP_CONTEXTS, partnership=key)
    intro = _(
        "How much each dimension mattered for mutual learning in this partnership, from the coded "
        "passages of its sources, for all evidence and for the learning of each side. The subjects "
        "of the partnership (%(subjects)s) apply to all of them."
    ) % {"subjects": ", ".join(_subjects(dataset, key)) or "—"}
    sections = [
        overview_section(data, partnership),
        dimensions_section(
            data, table, [partnership], passages, intro=intro, heat_rows_per_family=50, programme=False
        ),
        learning_section(list(learning.learning_by_side(dataset, partnership=key)), specific=True),
        mutuality_section(dataset, partnership),
        resources_section(dataset, partnership),
        continuity_section(dataset, partnership, table, passages),
        governance_section(dataset, partnership),
        views_section(dataset, partnership, passages),
        self_assessment_section(data, partnership, own),
        diagnostics_section(dataset, partnership),
    ]
    subtitle = " · ".join(
        (
            " – ".join(side_name(dataset, partnership, side) for side in partnership.sides),
            counted(len(dataset.of("learning_outcomes", key)), "outcomes"),
            counted(len(dataset.of("exchanges", key)), "exchanges"),
            counted(len(own), "codings"),
        )
    )
    title = _("Mutual learning in %(partnership)s") % {"partnership": partnership.name}
    return new_report("partnership", title, subtitle, sections, key=key)


def new_report(kind: str, title: str, subtitle: str, sections: list[Section], *, key: str = "") -> Report:
    """A report in the language active now: the renderers set the page's language and direction from it."""
    return Report(
        kind=kind,
        title=title,
        subtitle=subtitle,
        sections=sections,
        key=key,
        language=translation.get_language() or "en",
        bidi=translation.get_language_bidi(),
    )


def own_codings(dataset: Dataset, partnership: Partnership) -> list[Coding]:
    """The partnership's codings, without passages about the learning of another partnership's side.

    A source may be linked to several partnerships (a general interview);
    its passages about no side in particular count for each of them, those
    about one municipality's learning only where that municipality is a side.
    """
    return [
        coding
        for coding in dataset.of("codings", partnership.key)
        if coding.side is None or coding.side in partnership.sides
    ]


def _subjects(dataset: Dataset, key: str) -> list[str]:
    return list(
        dict.fromkeys(subject for project in dataset.of("projects", key) for subject in project.subjects)
    )


def age_of(partnership: Partnership, year: int) -> int | None:
    """Years since the partnership began, to the year it ended (as ``Partnership.age_in_years``)."""
    if partnership.since is None:
        return None
    ended = partnership.status_year if partnership.status == "ended" and partnership.status_year else None
    return max(0, (ended or year) - partnership.since)


# --- case overview ---------------------------------------------------------------------------


def overview_section(data: ReportData, partnership: Partnership) -> Section:
    section = Section("overview", _("Case overview"))
    section.add(Facts(_overview_facts(data.dataset, partnership), kind="rows"))
    return section.add(*_description(data.texts.get(partnership.key)))


def _overview_facts(dataset: Dataset, partnership: Partnership) -> tuple[tuple[str, str], ...]:
    case = overview_row(dataset, partnership)
    age = age_of(partnership, dt.date.today().year)
    sides = dataset.of("sides", partnership.key)
    return (
        (_("Partnership"), partnership.name),
        (
            _("Sides"),
            "; ".join(
                f"{side.name} ({country_name(side.country)})" if side.country else side.name for side in sides
            ),
        ),
        (_("Form"), term("partnership_form", partnership.form)),
        (_("Since"), str(partnership.since) if partnership.since else "—"),
        (_("Status"), status_text(partnership)),
        (
            _("Age"),
            ngettext("%(years)d year", "%(years)d years", age) % {"years": age} if age is not None else "—",
        ),
        (_("Initiated by"), term("initiation", partnership.initiation) or "—"),
        *((label, case[column] or "—") for label, column in case_columns()),
    )


def _description(texts: PartnershipText | None) -> list[Paragraph]:
    if texts is None:
        return []
    paragraphs = []
    if texts.description:
        paragraphs.append(Paragraph(texts.description, "lead"))
    if texts.translocal_description:
        paragraphs.append(
            Paragraph(_("Migrant community link: %(text)s") % {"text": texts.translocal_description})
        )
    if texts.source:
        paragraphs.append(Paragraph(_("Source: %(source)s") % {"source": citation(texts.source)}, "note"))
    return paragraphs


def case_columns() -> tuple[tuple[str, str], ...]:
    """The columns of the study's case table (RC21 paper, 2011): label, and key in :func:`overview_row`."""
    return (
        (_("Main projects"), "projects"),
        (_("Support programme"), "programmes"),
        (_("Municipal departments involved"), "departments"),
        (_("NGOs and other actors involved"), "others"),
        (_("Translocal link"), "linkage"),
        (_("Budget"), "budget"),
    )


def overview_row(dataset: Dataset, partnership: Partnership) -> dict[str, str]:
    """One partnership's values for the columns of :func:`case_columns`."""
    projects = dataset.of("projects", partnership.key)
    return {
        "projects": "; ".join(
            project.name + (f" ({', '.join(project.subjects)})" if project.subjects else "")
            for project in projects
        ),
        "programmes": _programme_names(dataset, partnership, projects),
        "departments": _actors_by_side(dataset, partnership, lambda actor: actor.type in DEPARTMENT_TYPES),
        "others": _actors_by_side(
            dataset,
            partnership,
            lambda actor: governance.category_of(actor.type) in ("civil_society", "other_local"),
        ),
        "linkage": term("translocal_linkage", partnership.translocal_linkage) or _("not known"),
        "budget": _budget_text(dataset, partnership, projects),
    }


def _programme_names(dataset: Dataset, partnership: Partnership, projects: Sequence[Any]) -> str:
    """The support programmes behind the projects and the resources, in the order first met."""
    keys = dict.fromkeys(
        [project.support_programme for project in projects if project.support_programme]
        + [resource.programme for resource in dataset.of("resources", partnership.key) if resource.programme]
    )
    return ", ".join(programme_name(dataset, key) for key in keys)


def _actors_by_side(dataset: Dataset, partnership: Partnership, chosen: Callable[[Any], bool]) -> str:
    """ "Zeist: fire brigade, …; Berkane: …", the chosen actors side by side."""
    actors = dataset.of("actors", partnership.key)
    parts = []
    for side in partnership.sides:
        names = [actor.name for actor in actors if actor.side == side and chosen(actor)]
        if names:
            parts.append(f"{side_name(dataset, partnership, side)}: {', '.join(names)}")
    return "; ".join(parts)


def _budget_text(dataset: Dataset, partnership: Partnership, projects: Sequence[Any]) -> str:
    """Money each side brought, then the projects' budgets together.

    A side that paid without an amount on record is named with its contributions of unknown amount
    ("Berkane: 3 financial contributions, amount not known"), not left out beside the other's euros.
    """
    budget = [
        f"{side_name(dataset, partnership, side.side)}: {side_money_text([side])}"
        for side in resources.resources_by_side(dataset, partnership.key)
        if side.financial_known or side.financial_unquantified or side.other_money
    ]
    project_budget = sum(project.budget_eur or 0 for project in projects)
    if project_budget:
        budget.append(_("projects: %(amount)s") % {"amount": euros(project_budget)})
    return "; ".join(budget)


# --- learning --------------------------------------------------------------------------------


def learning_section(
    groups: Sequence[learning.SideLearning], *, specific: bool, note: Paragraph | None = None
) -> Section:
    """What each group of sides learned: a group is one side, or (in a programme) a country's sides.

    ``specific`` adds what each group learned, outcome by outcome: a partnership's report lists it, a
    programme's would run to thousands of lines.
    """
    section = Section("learning", _("Learning by side"))
    intro = _(
        "What each side learned: the kinds of learning, the specific learning with and without NGOs "
        "involved, the dimensions its coded passages name as enabling or limiting its learning, and "
        "what became of the learning."
    )
    section.add(Paragraph(intro), note)
    section.add(_kinds_table(groups), _outcome_flags_table(groups), _learning_dimensions_table(groups))
    if specific:
        for group in groups:
            section.add(*_specific_learning(group))
    return section


def main_form_label(group: learning.SideLearning) -> str:
    """The kind of learning most of the group's outcomes are of."""
    main = max(group.forms.items(), key=lambda item: item[1])[0] if group.forms else None
    return term("learning_form", main) if main else "—"


def flag_share(group: learning.SideLearning, flag: str) -> str:
    """ "3 / 5": outcomes with the flag (recognised, implemented, …) of all the group's outcomes, and
    apart from them those whose flag is not recorded (not counted as "no"): "3 / 5, 1 not known"."""
    share = f"{group.flags.get(flag, 0)} / {group.count}"
    unknown = group.not_known.get(flag, 0)
    if not unknown:
        return share
    return _("%(share)s, %(count)d not known") % {"share": share, "count": unknown}


def _kinds_table(groups: Sequence[learning.SideLearning]) -> Table:
    forms = vocabulary("learning_form").keys()
    return Table(
        (
            _("Side"),
            _("Learning outcomes"),
            _("Main kind"),
            *(term("learning_form", form) for form in forms),
            _("With NGOs involved"),
            _("Without NGOs"),
        ),
        tuple(
            row(
                group.label,
                group.count,
                main_form_label(group),
                *(group.forms.get(form, 0) for form in forms),
                group.with_ngo,
                group.without_ngo,
            )
            for group in groups
        ),
        caption=_("Kinds of learning"),
        numeric=(1, 3, 4, 5, 6, 7, 8),
    )


def _outcome_flags_table(groups: Sequence[learning.SideLearning]) -> Table:
    flag_names = (
        ("intended", _("Intended")),
        ("recognised", _("Recognised")),
        ("implemented", _("Implemented")),
        ("disseminated_internally", _("Disseminated internally")),
        ("disseminated_externally", _("Disseminated externally")),
        ("institutionalised", _("Institutionalised")),
    )
    return Table(
        (_("Side"), *(name for _flag, name in flag_names)),
        tuple(row(group.label, *(flag_share(group, flag) for flag, _name in flag_names)) for group in groups),
        caption=_("What became of the learning (outcomes with the flag / all outcomes)"),
        numeric=tuple(range(1, len(flag_names) + 1)),
        note=_(
            "Not known: outcomes for which nobody recorded whether it is so. They are counted apart, "
            "not as no."
        ),
    )


def _learning_dimensions_table(groups: Sequence[learning.SideLearning]) -> Table:
    return Table(
        (_("Side"), _("Enabled by"), _("Limited by")),
        tuple(
            row(group.label, _dimensions_with_counts(group.enabling), _dimensions_with_counts(group.limiting))
            for group in groups
        ),
        caption=_("Dimensions that enabled and limited the learning (number of coded passages)"),
    )


def _dimensions_with_counts(found: Mapping[str, Sequence[str]]) -> Cell:
    return Cell(items=tuple(f"{dimension_label(dimension)} ({len(ids)})" for dimension, ids in found.items()))


def _specific_learning(group: learning.SideLearning) -> list[Block]:
    heading = Heading(_("Specific learning: %(side)s") % {"side": group.label})
    if not group.rows:
        return [heading, Paragraph(_("No learning outcome recorded for this side."), "empty")]
    rows = tuple(
        row(
            term("learning_form", outcome.form) or _("form not recorded"),
            _("yes") if outcome.ngo_involved else _("no"),
            Cell(items=outcome.descriptions),
        )
        for outcome in group.rows
    )
    return [heading, Table((_("Kind of learning"), _("NGOs involved"), _("What was learned")), rows)]


# --- mutuality -------------------------------------------------------------------------------


def mutuality_opening(flows: Chart) -> Section:
    """The start of the mutuality section of either report: how balance is measured, then the flows."""
    section = Section("mutuality", _("Mutuality: who learned what from whom"))
    formula = _(
        "Balance = n × min(r) ÷ Σr, where r is the number of learning outcomes of each of the n sides. "
        "It is 1 when every side learned as much as the others, 0.5 when one of two sides learned three "
        "times as much as the other, and 0 when only one side learned (one-way). Evenness = H(r) ÷ ln n "
        "(normalised Shannon entropy) is 1 for equal and 0 for one-way learning too, but stays above 0 "
        "when one of three or more sides learned nothing. Knowledge balance applies the balance formula "
        "to the knowledge each side received in exchanges. An outcome counts for its project and always "
        "for the partnership."
    )
    return section.add(Paragraph(formula, kind="formula"), flows)


def mutuality_section(dataset: Dataset, partnership: Partnership) -> Section:
    names = {side: side_name(dataset, partnership, side) for side in partnership.sides}
    flows = mutuality.learning_flows(dataset, partnership=partnership.key)
    unknown = _("unknown side")
    chart_flows = [
        charts.FlowDatum(
            names.get(flow.from_side, unknown) if flow.from_side else unknown,
            names.get(flow.to_side, flow.to_side),
            flow.form or "",
            flow.count,
        )
        for flow in flows
    ]
    section = mutuality_opening(learning_flows_chart(chart_flows, list(names.values()), _("Learning flows")))
    [result] = mutuality.mutuality(dataset, partnership.key)
    section.add(*_balance_basis(result.overall, names))
    section.add(_balance_table(dataset, partnership, result, names))
    if result.mutual_beyond_projects:
        section.add(
            Paragraph(
                _(
                    "Learning is mutual at partnership level although every project with learning is one-way: "
                    "mutual learning happens at the level of the partnership rather than of its projects (ch. 8.2)."
                )
            )
        )
    section.add(Heading(_("Who learned what from whom")), _learning_flows_table(flows, names))
    section.add(Heading(_("Knowledge recorded in exchanges")), _knowledge_table(dataset, partnership, names))
    return section


def _balance_basis(found: mutuality.Balance, names: dict[str, str]) -> list[Block | None]:
    """The partnership's balance with what it rests on, and a warning when a side has few outcomes.

    A balance of 0.86 or 0 reads as a finding; next to it the reader sees the outcomes of each side it
    is computed from, and is told when they are too few to bear it (fewer than three on a side).
    """
    facts = Facts(((_("Balance of learning"), ratio(found.balance)), *balance_basis(found, names)))
    warning = balance_warning(found, names)
    return [facts, Paragraph(warning, "warning") if warning else None]


def _balance_note(found: mutuality.Balance) -> str:
    """ "one-way", "fewer than 3 outcomes on a side", or both, beside a unit's balance."""
    notes = (_("one-way") if found.one_way else "", few_outcomes_note() if found.few_outcomes else "")
    return "; ".join(note for note in notes if note)


def _balance_table(
    dataset: Dataset, partnership: Partnership, result: mutuality.Mutuality, names: dict[str, str]
) -> Table:
    """The balance of the partnership, then of each of its projects, with what each side learned."""
    sides = partnership.sides
    projects = {project.key: project.name for project in dataset.of("projects", partnership.key)}
    units = [(_("Partnership"), result.overall), *((_("Project"), balance) for balance in result.projects)]
    rows = tuple(
        row(
            level,
            partnership.name if balance.project is None else projects.get(balance.project, balance.project),
            *(balance.received.get(side, 0) for side in sides),
            Cell(ratio(balance.balance), note=_balance_note(balance)),
            ratio(balance.evenness),
            *(balance.knowledge_received.get(side, 0) for side in sides),
            ratio(balance.knowledge_balance),
        )
        for level, balance in units
    )
    return Table(
        (
            _("Level"),
            _("Unit"),
            *(_("Learned by %(side)s") % {"side": names[side]} for side in sides),
            _("Balance"),
            _("Evenness"),
            *(_("Knowledge to %(side)s") % {"side": names[side]} for side in sides),
            _("Knowledge balance"),
        ),
        rows,
        caption=_("Balance of learning at partnership and project level"),
        numeric=tuple(range(2, 2 + len(sides) + 2 + len(sides) + 1)),
    )


def _learning_flows_table(flows: Sequence[mutuality.Flow], names: dict[str, str]) -> Table:
    unknown = _("unknown side")
    rows = tuple(
        row(
            names.get(flow.from_side, flow.from_side) if flow.from_side else unknown,
            names.get(flow.to_side, flow.to_side),
            term("learning_form", flow.form) or _("form not recorded"),
            Cell(str(flow.count), note=_inferred_note(flow.inferred)),
            Cell(items=tuple(outcome.description for outcome in flow.outcomes)),
        )
        for flow in flows
    )
    return Table(
        (_("From"), _("To"), _("Kind of learning"), _("Outcomes"), _("What was learned")),
        rows,
        numeric=(3,),
        empty=_("No learning outcome recorded."),
    )


def _inferred_note(inferred: int) -> str:
    if not inferred:
        return ""
    return ngettext(
        "%(count)d with the side learned from not recorded (the other side assumed)",
        "%(count)d with the side learned from not recorded (the other side assumed)",
        inferred,
    ) % {"count": inferred}


def _knowledge_table(dataset: Dataset, partnership: Partnership, names: dict[str, str]) -> Table:
    knowledge = mutuality.knowledge_flows(dataset, partnership=partnership.key, by="type")
    titles = {
        exchange.key: exchange.title or exchange.key for exchange in dataset.of("exchanges", partnership.key)
    }
    rows = tuple(
        row(
            names.get(flow.from_side, flow.from_side),
            names.get(flow.to_side, flow.to_side),
            term("knowledge_type", flow.kind) or "—",
            flow.count,
            Cell(items=tuple(titles.get(key, key) for key in flow.exchanges)),
        )
        for flow in knowledge
    )
    return Table(
        (_("From"), _("To"), _("Kind of knowledge"), _("Flows"), _("Exchanges")),
        rows,
        numeric=(3,),
        empty=_("No knowledge flow recorded in the exchanges."),
    )


# --- resources -------------------------------------------------------------------------------


def resources_opening(
    groups: Sequence[tuple[str, Sequence[resources.SideResources]]], chart_title: str
) -> Section:
    """The start of the resources section of either report: the chart of what each group of sides brought."""
    return Section("resources", _("Resources each side brings")).add(resources_chart(groups, chart_title))


def resources_section(dataset: Dataset, partnership: Partnership) -> Section:
    by_side = resources.resources_by_side(dataset, partnership.key)
    section = resources_opening(
        [(side_name(dataset, partnership, side.side), [side]) for side in by_side], _("Resources")
    )
    section.add(resource_table(dataset, [(partnership, side) for side in by_side], with_partnership=False))
    by_year = resources.resources_by_year(dataset, partnership.key)
    if by_year:
        note = _(
            "Contributions spread over the years they run; an amount given for several years is divided "
            "evenly over them, and a contribution is counted in each of its years."
        )
        section.add(
            Heading(_("Over time")), Paragraph(note, "note"), _yearly_table(dataset, partnership, by_year)
        )
    return section


def _yearly_table(
    dataset: Dataset, partnership: Partnership, by_year: Sequence[resources.YearResources]
) -> Table:
    rows = tuple(
        row(
            year_total.year if year_total.year is not None else _("undated"),
            side_name(dataset, partnership, year_total.side),
            term("resource_kind", year_total.kind),
            _year_amount(year_total),
            money_text(year_total.programme_amount or None, year_total.programme_unquantified, none="—"),
            year_total.contributions,
        )
        for year_total in by_year
    )
    return Table(
        (_("Year"), _("Side"), _("Kind"), _("Amount"), _("From support programmes"), _("Contributions")),
        rows,
        numeric=(5,),
    )


def _year_amount(year_total: resources.YearResources) -> str:
    """What one side brought of one kind in a year: the amount known, and the contributions without one."""
    known = year_total.contributions > year_total.unquantified
    if year_total.kind == "financial":
        if year_total.unit in ("eur", ""):
            return money_text(year_total.amount if known else None, year_total.unquantified)
        return money_text(
            None, year_total.unquantified, {year_total.unit: year_total.amount} if known else {}
        )
    parts = [amount(year_total.amount, year_total.unit)] if known else []
    if year_total.unquantified:
        parts.append(unknown_amounts(year_total.unquantified, year_total.kind))
    return " + ".join(parts)


def resource_table(
    dataset: Dataset, sides: Sequence[tuple[Partnership, resources.SideResources]], *, with_partnership: bool
) -> Table:
    """What each side brought: money, its share, support programmes, and help in kind.

    Money and help in kind are apart, each with its contributions of unknown amount; the money and
    the count of contributions in kind read as in the chart above (the same labels make both).
    """
    headers = (
        *((_("Partnership"),) if with_partnership else ()),
        _("Side"),
        _("Money"),
        _("Share of the partnership's money"),
        _("From support programmes"),
        _("Contributions in kind"),
        _("In kind"),
    )
    rows = tuple(
        row(
            *((partnership.name,) if with_partnership else ()),
            side_name(dataset, partnership, side.side),
            side_money_text([side]),
            money_share_text(side.share_of_partnership, side.partnership_unknown),
            programme_money_text(dataset, side),
            in_kind_count_text(side.in_kind_contributions, side.in_kind_unquantified),
            Cell(items=in_kind_items(side)),
        )
        for partnership, side in sides
    )
    offset = 1 if with_partnership else 0
    return Table(headers, rows, _("Money, in kind and support programmes by side"), (offset + 2, offset + 4))


# --- continuity ------------------------------------------------------------------------------


def continuity_opening(exchanges: Iterable[Any], intro: Paragraph | None) -> Section:
    """The start of the continuity section of either report: the exchanges year by year."""
    return Section("continuity", _("Continuity and trust")).add(intro, exchanges_chart(exchanges))


def continuity_section(
    dataset: Dataset, partnership: Partnership, table: dimensions.DimensionTable, passages: PassageNumbers
) -> Section:
    [found] = continuity_analysis.continuity(dataset, partnership.key)
    intro = _(
        "Process-based trust grows through continuous collaboration (ch. 8.3.4). An exchange is active "
        "from its start year to its end year; a gap is a run of years without an active exchange between "
        "the first and the last; an exploratory visit counts as followed up when a follow-up exchange of "
        "the same project (or of the partnership, outside projects) starts on or after it; a project "
        "runs long when it spans at least %(years)d years."
    ) % {"years": found.min_years}
    section = continuity_opening(dataset.of("exchanges", partnership.key), Paragraph(intro))
    section.add(_continuity_facts(found))
    section.add(Heading(_("Exploratory visits never followed up")), _unfollowed_table(found))
    section.add(Heading(_("Long-running projects")), _long_running_table(dataset, partnership, found))
    section.add(Heading(_("Evidence on process-based trust")), *_trust_evidence(table, passages))
    return section


def _continuity_facts(found: continuity_analysis.Continuity) -> Facts:
    return Facts(
        (
            (_("First year with an exchange"), str(found.first_year or "—")),
            (_("Last year with an exchange"), str(found.last_year or "—")),
            (_("Years with an exchange"), str(len(found.active))),
            (_("Gaps"), gaps_text(found.gaps) or _("none")),
            (
                _("Longest gap"),
                ngettext("%(years)d year", "%(years)d years", found.longest_gap)
                % {"years": found.longest_gap},
            ),
            (_("Undated exchanges"), str(len(found.undated))),
        )
    )


def _unfollowed_table(found: continuity_analysis.Continuity) -> Table:
    return Table(
        (_("Exchange"), _("When"), _("Kind of exchange")),
        tuple(
            row(
                exchange.title or exchange.key,
                exchange.start or _("undated"),
                term("exchange_method", exchange.method),
            )
            for exchange in found.unfollowed
        ),
        empty=_("None: every exploratory visit was followed up."),
    )


def _long_running_table(
    dataset: Dataset, partnership: Partnership, found: continuity_analysis.Continuity
) -> Table:
    projects = {project.key: project.name for project in dataset.of("projects", partnership.key)}
    return Table(
        (_("Project"), _("Years"), _("Period")),
        tuple(
            row(projects.get(span.project, span.project), span.years, f"{span.start_year}–{span.end_year}")
            for span in found.long_running
        ),
        numeric=(1,),
        empty=_("None."),
    )


def _trust_evidence(table: dimensions.DimensionTable, passages: PassageNumbers) -> list[Block | None]:
    """Table 8.1's evidence on process-based trust, over all the partnership's passages."""
    trust = [cell for cell in table.cells if cell.dimension == "process_trust" and cell.family == "all"]
    if not trust:
        return [Paragraph(_("No passage coded with process-based trust."), "empty")]
    headers = (_("Level"), _("Codings by assessment"), _("Enabling / limiting"), _("Passages"))
    return [Table(headers, (row(*assessment_cells(trust[0], passages)),)), passages.listing()]


# --- governance ------------------------------------------------------------------------------


def governance_section(dataset: Dataset, partnership: Partnership) -> Section:
    section = Section("governance", _("Governance network"))
    [found] = governance.governance(dataset, partnership.key)
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
    section.add(
        Facts(
            (
                (_("Derived model"), model_label(found.model, _("no actors recorded"))),
                (_("Recorded model"), term("governance_model", found.recorded) or "—"),
                (_("The two agree"), agreement_text(found.agrees, _("no model recorded"))),
            )
        )
    )
    section.add(_actors_table(dataset, partnership, found))
    network = governance.actor_network(dataset, partnership.key)
    section.add(Chart(actor_network_chart(dataset, partnership, network), _("Actor network"), "network"))
    return section.add(_network_note(network))


def _actors_table(dataset: Dataset, partnership: Partnership, found: governance.Governance) -> Table:
    """The actors taking part, a row per side and a column per kind of actor."""
    actors = {actor.key: actor for actor in dataset.of("actors", partnership.key)}
    categories = actor_categories()

    def named(keys: Iterable[str], side: str) -> Cell:
        return Cell(
            items=tuple(
                f"{actors[key].name} ({term('actor_type', actors[key].type)})"
                for key in keys
                if key in actors and actors[key].side == side
            )
        )

    return Table(
        (_("Side"), *(label for _key, label in categories)),
        tuple(
            row(
                side_name(dataset, partnership, side),
                *(named(found.actors.get(category, ()), side) for category, _label in categories),
            )
            for side in partnership.sides
        ),
        caption=_("Actors by side and category"),
    )


def _network_note(network: governance.ActorNetwork) -> Paragraph:
    vertical = sum(1 for edge in network.edges if edge.direction == "vertical")
    return Paragraph(
        _(
            "%(nodes)d actors; %(vertical)d links between the localities (vertical) and %(horizontal)d within "
            "one locality (horizontal). Two actors are linked when they took part in the same exchange."
        )
        % {"nodes": len(network.nodes), "vertical": vertical, "horizontal": len(network.edges) - vertical},
        "note",
    )


# --- both sides' views -------------------------------------------------------------------------


def views_section(dataset: Dataset, partnership: Partnership, passages: PassageNumbers) -> Section:
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
    found = perspectives.perspectives(dataset, partnership.key)
    names = {side: side_name(dataset, partnership, side) for side in partnership.sides}
    rows = tuple(
        row(
            dimension_label(perspective.dimension),
            *(passages.cell(view_text(view), view.codings, level=view.level) for view in perspective.views),
            difference_text(perspective),
        )
        for perspective in found
        if perspective.differs or perspective.opposed
    )
    section.add(
        Table(
            (_("Dimension"), *(names[side] for side in partnership.sides), _("Difference")),
            rows,
            empty=_("The sides' passages do not differ on any dimension."),
        )
    )
    return section.add(passages.listing(), _one_sided_note(found, names))


def _one_sided_note(found: Sequence[perspectives.Perspective], names: dict[str, str]) -> Paragraph | None:
    """The dimensions only one side's sources speak about, with that side."""
    one_sided = [perspective for perspective in found if perspective.one_sided]
    if not one_sided:
        return None
    speaking = [
        f"{dimension_label(perspective.dimension)} "
        f"({names.get(next(view.side for view in perspective.views if view.codings), '')})"
        for perspective in one_sided
    ]
    return Paragraph(
        _("Only one side's sources speak about: %(list)s.") % {"list": "; ".join(speaking)}, "note"
    )


# --- the self-assessment beside the evidence ------------------------------------------------


def self_assessment_section(data: ReportData, partnership: Partnership, own: Sequence[Coding]) -> Section:
    """Each side's own rating of each dimension in the latest self-assessment round, beside the level
    its coded passages give that side's learning (Table 8.1), and where the two point different ways.
    Without a round, the section says what a round would add, rather than staying silent."""
    section = Section("self-assessment", _("The sides' own view: self-assessment"))
    rated = [entry for entry in data.self_rated if entry.partnership == partnership.key]
    if not rated:
        return section.add(
            Paragraph(
                _(
                    "No self-assessment round yet. A round lets each side rate the six dimensions in its "
                    "own language (the partnership's Self-assessment page); the ratings then sit here "
                    "beside the coded evidence."
                ),
                "note",
            )
        )
    first = rated[0]
    names = {side: side_name(data.dataset, partnership, side) for side in partnership.sides}
    table = dimensions.dimension_table(list(own), ("side",), partnership=partnership.key)
    means = {(entry.side, entry.dimension): entry for entry in rated}
    levels: dict[tuple[str, str], str] = {}
    for entry in rated:
        cell = table.cell(entry.dimension, entry.side, "side")
        levels[(entry.side, entry.dimension)] = "none" if cell is None else (cell.level or "unassessed")
    lead = _(
        "Round %(round)s: each side's mean rating (1 to 5, n respondents) beside the level of its coded passages."
    ) % {"round": first.round}
    section.add(
        Paragraph(
            lead + (" " + _("Made-up answers for a demonstration, not data.") if first.illustrative else ""),
            "lead",
        )
    )
    dimensions_rated = list(dict.fromkeys(entry.dimension for entry in rated))
    headers = [_("Dimension")]
    for side in partnership.sides:
        headers += [
            _("%(side)s: own rating") % {"side": names[side]},
            _("%(side)s: evidence") % {"side": names[side]},
        ]
    rows = []
    for dimension in dimensions_rated:
        cells: list[str] = [dimension_label(dimension)]
        for side in partnership.sides:
            rating = means.get((side, dimension))
            if rating is None or rating.mean is None:
                shown = _("not shown (n = %(n)s, fewer than three)") % {"n": rating.n if rating else 0}
            else:
                shown = _("%(mean)s (n = %(n)s)") % {"mean": number(rating.mean, 2), "n": rating.n}
            level = levels.get((side, dimension), "none")
            cells += [
                shown,
                _("not recorded")
                if level == "none"
                else level_label(None if level == "unassessed" else level),
            ]
        rows.append(row(*cells))
    section.add(Table(tuple(headers), tuple(rows)))
    found = self_scores.disagreements({key: entry.mean for key, entry in means.items()}, levels)
    for item in found:
        section.add(
            Paragraph(
                disagreement_text(
                    names.get(item.side, item.side), dimension_label(item.dimension), item.mean, item.rated
                )
            )
        )
    if not found:
        section.add(
            Paragraph(
                _("Where both are recorded, no side's rating points the other way from its coded passages."),
                "note",
            )
        )
    return section


# --- diagnostics -------------------------------------------------------------------------------


def diagnostics_section(dataset: Dataset, partnership: Partnership) -> Section:
    """Findings, the rules checked, what to record next and data completeness (reports.diagnostics_sections)."""
    return diagnostics_sections.partnership_section(dataset, partnership)
