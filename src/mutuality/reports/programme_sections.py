"""The programme report: many partnerships side by side, each analysis across all of them.

:func:`programme_report` has the sections of a partnership's report, built from the same pieces
(:mod:`mutuality.reports.partnership_sections`, :mod:`mutuality.reports.table_8_1`): what differs is
that a programme compares partnerships — a row per partnership where a partnership report has a row
per side, countries where it has sides — and that its PDF must stay readable at 500 partnerships, so
the tables with a row per partnership are for the screen and the PDF gets one summary row each.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mutuality.analysis import continuity as continuity_analysis
from mutuality.analysis import (
    dimensions,
    governance,
    learning,
    mutuality,
    perspectives,
    resources,
    sdgs,
)
from mutuality.analysis.dataset import Dataset, Partnership
from mutuality.countries import country_name
from mutuality.datasets import ReportData
from mutuality.reports import atlas, charts, diagnostics_sections
from mutuality.reports.blocks import Cell, Chart, Facts, Heading, Only, Paragraph, Report, Section, Table, row
from mutuality.reports.labels import (
    actor_categories,
    agreement_text,
    balance_basis,
    counted,
    difference_text,
    dimension_label,
    few_outcomes_note,
    gaps_text,
    in_kind_count_text,
    model_label,
    money_text,
    number,
    ratio,
    side_name,
    status_text,
    term,
    view_text,
)
from mutuality.reports.partnership_sections import (
    age_of,
    case_columns,
    continuity_opening,
    flag_share,
    learning_section,
    main_form_label,
    mutuality_opening,
    new_report,
    overview_row,
    resource_table,
    resources_opening,
)
from mutuality.reports.passages import PassageNumbers
from mutuality.reports.section_charts import learning_flows_chart, municipality_network_chart
from mutuality.reports.table_8_1 import PROGRAMME_CONTEXTS, dimensions_section

__all__ = ["ProgrammeScope", "programme_report"]


@dataclass
class ProgrammeScope:
    """The partnerships a programme report covers, as every one of its sections reads them.

    ``selection`` is what the analyses are asked for: ``None`` when the report covers every
    partnership (an analysis then reads them all without filtering), else the chosen keys.
    ``summary`` is the PDF's one row per partnership, filled in by the sections as they compute
    their analyses, so that no analysis runs twice.
    """

    dataset: Dataset
    partnerships: Sequence[Partnership]
    selection: list[str] | None
    summary: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    #: Each partnership's balance of learning, for the summary to show with what it rests on.
    balances: dict[str, mutuality.Balance] = field(default_factory=dict)

    @classmethod
    def of(cls, dataset: Dataset, keys: Sequence[str] | None) -> ProgrammeScope:
        partnerships = dataset.select(None if keys is None else list(keys))
        selection = None if keys is None else [partnership.key for partnership in partnerships]
        return cls(dataset, partnerships, selection)

    @property
    def keys(self) -> list[str]:
        return [partnership.key for partnership in self.partnerships]


def programme_report(
    data: ReportData,
    keys: Sequence[str] | None = None,
    *,
    passages_per_cell: int = 5,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Many partnerships side by side: lists, Table 8.1 across them, and each analysis per partnership."""
    scope = ProgrammeScope.of(data.dataset, keys)
    passages = PassageNumbers(data, passages_per_cell)
    step = progress or (lambda _stage: None)
    sections: list[Section] = []
    for stage, build in _stages(data, scope, passages):
        step(stage)
        sections.extend(build())
    sections[0].add(Only("print", _summary(scope)))
    return new_report("programme", _("Mutual learning across the programme"), _subtitle(scope), sections)


def _stages(
    data: ReportData, scope: ProgrammeScope, passages: PassageNumbers
) -> list[tuple[str, Callable[[], list[Section]]]]:
    """The sections in the order of the report, each with the stage the command line shows while it is built."""
    return [
        (_("Partnership list and case overview"), lambda: [_list_section(scope), _overview_section(scope)]),
        (_("Sustainable Development Goals"), lambda: [_sdg_section(scope)]),
        (_("Table 8.1"), lambda: [_dimensions_section(data, scope, passages)]),
        (_("Learning by side"), lambda: [_learning_section(scope)]),
        (pgettext("the concept, not the application", "Mutuality"), lambda: [_mutuality_section(scope)]),
        (_("Resources"), lambda: [_resources_section(scope)]),
        (_("Continuity and trust"), lambda: [_continuity_section(scope)]),
        (_("Governance networks"), lambda: [_governance_section(scope)]),
        (_("The twinning network"), lambda: [_network_section(scope)]),
        (_("Both sides' views"), lambda: [_views_section(scope)]),
        (_("Diagnostics and recommendations"), lambda: [_diagnostics_section(scope)]),
    ]


def _subtitle(scope: ProgrammeScope) -> str:
    dataset, keys = scope.dataset, scope.keys
    codings = len({coding.id for key in keys for coding in dataset.of("codings", key)})
    return " · ".join(
        (
            counted(len(scope.partnerships), "partnerships"),
            counted(sum(len(dataset.of("exchanges", key)) for key in keys), "exchanges"),
            counted(sum(len(dataset.of("learning_outcomes", key)) for key in keys), "outcomes"),
            counted(codings, "codings"),
        )
    )


# --- the partnerships ------------------------------------------------------------------------


def _municipality_and_partners(dataset: Dataset, partnership: Partnership) -> tuple[str, str, str]:
    """The first side's municipality, its partners, and the partners' countries."""
    sides = dataset.of("sides", partnership.key)
    partners = sides[1:]
    return (
        sides[0].name if sides else "",
        ", ".join(side.name for side in partners),
        ", ".join(dict.fromkeys(country_name(side.country) for side in partners if side.country)),
    )


def _list_section(scope: ProgrammeScope) -> Section:
    section = Section("partnerships", _("Partnerships"))
    statuses = Counter(term("partnership_status", partnership.status) for partnership in scope.partnerships)
    section.add(
        Paragraph(
            "; ".join(f"{status}: {count}" for status, count in statuses.most_common())
            or _("No partnership recorded."),
        )
    )
    year = dt.date.today().year
    table = Table(
        (
            _("Partnership"),
            _("Municipality"),
            _("Partner"),
            _("Partner country"),
            _("Since"),
            _("Status"),
            _("Age (years)"),
        ),
        tuple(_list_row(scope.dataset, partnership, year) for partnership in scope.partnerships),
        caption=_("Partnerships with their status and age"),
        numeric=(4, 6),
        empty=_("No partnership recorded."),
    )
    return section.add(Only("screen", (table,)))


def _list_row(dataset: Dataset, partnership: Partnership, year: int) -> tuple[Cell, ...]:
    first, partners, countries = _municipality_and_partners(dataset, partnership)
    age = age_of(partnership, year)
    return row(
        partnership.name,
        first,
        partners,
        countries,
        partnership.since or "—",
        Cell(status_text(partnership), level=partnership.status),
        "—" if age is None else age,
    )


def _summary(scope: ProgrammeScope) -> tuple[Paragraph, Table]:
    """The PDF's one row per partnership, in place of a table per analysis with a row for each."""
    rows = []
    for partnership in scope.partnerships:
        facts = scope.summary.get(partnership.key, {})
        countries = _municipality_and_partners(scope.dataset, partnership)[2]
        rows.append(
            row(
                partnership.name,
                countries or "—",
                partnership.since or "—",
                Cell(status_text(partnership), level=partnership.status),
                facts.get("exchanges", str(len(scope.dataset.of("exchanges", partnership.key)))),
                facts.get("learning", "—"),
                _summary_balance(scope, partnership),
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


def _overview_section(scope: ProgrammeScope) -> Section:
    """The seed's case table, a row per partnership, with the columns of a partnership's own overview."""
    columns = case_columns()
    rows = []
    for partnership in scope.partnerships:
        case = overview_row(scope.dataset, partnership)
        rows.append(row(partnership.name, *(case[key] for _label, key in columns)))
    table = Table(
        (_("Partnership"), *(label for label, _key in columns)),
        tuple(rows),
        caption=_("The cases side by side"),
        kind="overview",
    )
    return Section("overview", _("Case overview"), media="screen").add(table)


# --- the Sustainable Development Goals --------------------------------------------------------


def _sdg_section(scope: ProgrammeScope) -> Section:
    """Per goal of the 2030 Agenda its projects serve, their exchanges and learning, as the OECD's
    framework for city-to-city partnerships reports them; goals no project serves are left out, and
    projects whose goals are not recorded are counted as such (mutuality.analysis.sdgs)."""
    found = sdgs.sdg_counts(scope.dataset, scope.selection)
    section = Section("sdgs", _("Sustainable Development Goals"))
    section.add(
        Paragraph(
            _(
                "The goals of the UN's 2030 Agenda the projects serve, as the OECD's monitoring framework "
                "for city-to-city partnerships reports them: per goal, its projects, their exchanges and "
                "their learning outcomes. A project serving several goals counts under each."
            )
        )
    )
    section.add(
        Facts(
            (
                (_("Projects with their goals recorded"), f"{found.recorded} / {found.projects}"),
                (_("Goals served"), str(len(found.goals))),
            )
        )
    )
    rows = [_sdg_row(count, _sdg_name(count.goal or "")) for count in found.goals]
    if found.not_recorded.projects:
        rows.append(_sdg_row(found.not_recorded, _("Not recorded")))
    notes = [
        _("Not recorded: projects whose goals nobody has recorded yet; that is not a project serving none.")
    ]
    if found.exchanges_without_project or found.outcomes_without_project:
        notes.append(
            _("%(exchanges)s and %(outcomes)s name no project, so no goal, and are not counted here.")
            % {
                "exchanges": counted(found.exchanges_without_project, "exchanges"),
                "outcomes": counted(found.outcomes_without_project, "outcomes"),
            }
        )
    table = Table(
        (_("Goal"), _("Projects"), _("Exchanges"), _("Learning outcomes"), _("Partnerships")),
        tuple(rows),
        caption=_("Projects, exchanges and learning per Sustainable Development Goal"),
        numeric=(1, 2, 3, 4),
        note=" ".join(notes),
        empty=_("No project recorded."),
    )
    return section.add(table)


def _sdg_name(goal: str) -> str:
    """A goal with its number, as the Agenda names it: "11. Sustainable cities and communities"."""
    return _("%(number)s. %(name)s") % {"number": goal.removeprefix("sdg_"), "name": term("sdg", goal)}


def _sdg_row(count: sdgs.GoalCount, label: str) -> tuple[Cell, ...]:
    return row(label, count.projects, count.exchanges, count.learning_outcomes, count.partnerships)


# --- Table 8.1 and learning ------------------------------------------------------------------


def _dimensions_section(data: ReportData, scope: ProgrammeScope, passages: PassageNumbers) -> Section:
    table = dimensions.dimension_table(scope.dataset, PROGRAMME_CONTEXTS, partnership=scope.selection)
    intro = _(
        "How much each dimension mattered for mutual learning across the programme, from the coded "
        "passages: by the subjects of the partnerships' projects, by project type on each country's "
        "side (whose learning the passage concerns), and by country."
    )
    return dimensions_section(
        data, table, scope.partnerships, passages, intro=intro, heat_rows_per_family=25, programme=True
    )


def _learning_section(scope: ProgrammeScope) -> Section:
    """A partnership's learning tables with a row per country, then (on screen) every side."""
    by_country = learning.learning_by_side(scope.dataset, by="country", partnership=scope.selection)
    note = Paragraph(
        _("The first tables group the sides by country; the last lists every side of every partnership."),
        "note",
    )
    section = learning_section(by_country, specific=False, note=note)
    return section.add(
        Only("screen", (Heading(_("Every side of every partnership")), _every_side_table(scope)))
    )


def _every_side_table(scope: ProgrammeScope) -> Table:
    partnerships = {partnership.key: partnership for partnership in scope.partnerships}
    flags = ("recognised", "implemented", "disseminated", "institutionalised")
    rows = tuple(
        row(
            partnerships[group.partnership or ""].name,
            group.label,
            group.count,
            main_form_label(group),
            group.with_ngo,
            *(flag_share(group, flag) for flag in flags),
        )
        for group in learning.learning_by_side(scope.dataset, partnership=scope.selection)
    )
    return Table(
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
        rows,
        numeric=(2, 4, 5, 6, 7, 8),
    )


def _summary_balance(scope: ProgrammeScope, partnership: Partnership) -> Cell:
    """The balance as a partnership's report gives it: with the outcomes of each side it rests on and
    how many are recognised, or, when a side has fewer than three, the number marked as resting on
    too few (a balance of 0 on one outcome reads as a finding it is not)."""
    found = scope.balances.get(partnership.key)
    if found is None or found.balance is None:
        return Cell("—")
    if found.few_outcomes:
        return Cell(ratio(found.balance), note=few_outcomes_note())
    names = {side: side_name(scope.dataset, partnership, side) for side in found.sides}
    return Cell(
        ratio(found.balance), items=tuple(f"{name}: {text}" for name, text in balance_basis(found, names))
    )


# --- mutuality -------------------------------------------------------------------------------


def _mutuality_section(scope: ProgrammeScope) -> Section:
    """Learning flows between countries, how balanced the partnerships are, and each one's balance."""
    flows, countries = _flows_between_countries(scope)
    section = mutuality_opening(learning_flows_chart(flows, countries, _("Learning flows between countries")))
    buckets: Counter[str] = Counter()
    rows = []
    results = mutuality.mutuality(scope.dataset, scope.selection)
    for result in results:
        partnership = scope.dataset.partnership(result.partnership)
        buckets[_balance_bucket(result.balance)] += 1
        by_side = "; ".join(
            f"{side_name(scope.dataset, partnership, side)} {result.overall.received.get(side, 0)}"
            for side in partnership.sides
        )
        scope.summary[partnership.key]["learning"] = by_side
        scope.balances[partnership.key] = result.overall
        rows.append(_balance_row(partnership, result, by_side))
    facts = [(label, str(count)) for label, count in buckets.most_common()]
    few = sum(1 for result in results if result.overall.few_outcomes)
    if few:  # a balance on one or two outcomes a side says more about the records than about the learning
        facts.append((_("Balance resting on fewer than three outcomes on a side"), str(few)))
    section.add(Facts(tuple(facts)))
    table = Table(
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
    )
    return section.add(Only("screen", (table,)))


def _flows_between_countries(scope: ProgrammeScope) -> tuple[list[charts.FlowDatum], list[str]]:
    """The learning flows added up by the countries of the sides, and the countries in order."""
    dataset = scope.dataset
    unknown = _("unknown side")
    totals: Counter[tuple[str, str, str]] = Counter()
    for flow in mutuality.learning_flows(dataset, partnership=scope.selection):
        source = dataset.country_of(flow.from_side) or unknown if flow.from_side else unknown
        totals[(source, dataset.country_of(flow.to_side) or unknown, flow.form or "")] += flow.count
    countries = sorted({country for key in totals for country in key[:2]})
    flows = [
        charts.FlowDatum(source, target, form, count) for (source, target, form), count in totals.items()
    ]
    return flows, countries


def _balance_bucket(balance: float | None) -> str:
    if balance is None:
        return _("no learning recorded")
    if balance == 0:
        return _("one-way (0)")
    if balance == 1:
        return _("balanced (1)")
    if balance >= 0.5:
        return _("between 0.5 and 1")
    return _("between 0 and 0.5")


def _balance_row(partnership: Partnership, result: mutuality.Mutuality, by_side: str) -> tuple[Cell, ...]:
    with_learning = [project for project in result.projects if project.learning]
    one_way = [project for project in with_learning if project.one_way]
    return row(
        partnership.name,
        by_side,
        Cell(ratio(result.balance), note=few_outcomes_note() if result.overall.few_outcomes else ""),
        ratio(result.overall.evenness),
        ratio(result.overall.knowledge_balance),
        f"{len(one_way)} / {len(with_learning)}",
        _("yes") if result.mutual_beyond_projects else "",
    )


# --- resources -------------------------------------------------------------------------------


def _resources_section(scope: ProgrammeScope) -> Section:
    dataset = scope.dataset
    by_side = resources.resources_by_side(dataset, scope.selection)
    by_country: dict[str, list[resources.SideResources]] = defaultdict(list)
    for side in by_side:
        by_country[dataset.country_of(side.side) or _("country not known")].append(side)
    section = resources_opening(sorted(by_country.items()), _("Resources by country"))
    section.add(_resources_by_year(scope))
    partnerships = {partnership.key: partnership for partnership in scope.partnerships}
    table = resource_table(
        dataset, [(partnerships[side.partnership], side) for side in by_side], with_partnership=True
    )
    return section.add(Only("screen", (table,)))


def _resources_by_year(scope: ProgrammeScope) -> Table:
    """Money per year and country, with the part from support programmes, and the contributions in kind.

    Money and help in kind stay apart, and a contribution without an amount is counted as one, never
    added as 0: a year of a country whose money is all of unknown amount reads so, not "€0".
    """
    totals: dict[tuple[int | None, str], _YearTotal] = defaultdict(_YearTotal)
    for year_total in resources.resources_by_year(scope.dataset, scope.selection):
        country = scope.dataset.country_of(year_total.side) or _("country not known")
        totals[(year_total.year, country)].add(year_total)
    ordered = sorted(totals.items(), key=lambda item: (item[0][0] is None, item[0][0] or 0, item[0][1]))
    return Table(
        (_("Year"), _("Country"), _("Money"), _("From support programmes"), _("Contributions in kind")),
        tuple(
            row(
                year if year is not None else _("undated"),
                country,
                money_text(total.euros, total.unknown, total.other),
                money_text(total.programme, total.programme_unknown, none="—"),
                in_kind_count_text(total.in_kind, total.in_kind_unknown),
            )
            for (year, country), total in ordered
        ),
        caption=_("Over time (an amount given for several years divided evenly over them)"),
        numeric=(4,),
        empty=_("No resource contribution recorded."),
    )


class _YearTotal:
    """What a country's sides brought in one year: euros (``None`` until one is known), other money, in kind."""

    def __init__(self) -> None:
        self.euros: float | None = None
        self.programme: float | None = None
        self.unknown = self.programme_unknown = self.in_kind = self.in_kind_unknown = 0
        self.other: dict[str, float] = {}

    def add(self, year_total: resources.YearResources) -> None:
        known = year_total.contributions > year_total.unquantified
        if year_total.kind != "financial":
            self.in_kind += year_total.contributions
            self.in_kind_unknown += year_total.unquantified
            return
        self.unknown += year_total.unquantified
        self.programme_unknown += year_total.programme_unquantified
        if not known:
            return
        if year_total.unit not in ("eur", ""):
            self.other[year_total.unit] = self.other.get(year_total.unit, 0.0) + year_total.amount
            return
        self.euros = (self.euros or 0.0) + year_total.amount
        if year_total.programme_amount:
            self.programme = (self.programme or 0.0) + year_total.programme_amount


# --- continuity ------------------------------------------------------------------------------


def _continuity_section(scope: ProgrammeScope) -> Section:
    dataset, keys = scope.dataset, scope.keys
    section = continuity_opening(
        (exchange for key in keys for exchange in dataset.of("exchanges", key)), None
    )
    found = continuity_analysis.continuity(dataset, scope.selection)
    unfollowed = sum(bool(result.unfollowed) for result in found)
    long_running = sum(bool(result.long_running) for result in found)
    section.add(
        Facts(
            (
                (_("Partnerships with exploratory visits never followed up"), f"{unfollowed} / {len(keys)}"),
                (_("Partnerships with a long-running project"), f"{long_running} / {len(keys)}"),
            )
        )
    )
    table = Table(
        (
            _("Partnership"),
            _("Years with exchanges"),
            _("Active years"),
            _("Gaps"),
            _("Longest gap (years)"),
            _("Exploratory visits not followed up"),
            _("Long-running projects"),
        ),
        tuple(_continuity_row(scope, result) for result in found),
        numeric=(2, 4, 5, 6),
    )
    return section.add(Only("screen", (table,)))


def _continuity_row(scope: ProgrammeScope, found: continuity_analysis.Continuity) -> tuple[Cell, ...]:
    """One partnership's continuity; its exchanges and their years also go into the summary."""
    years = f"{found.first_year}–{found.last_year}" if found.first_year else ""
    exchanges = len(scope.dataset.of("exchanges", found.partnership))
    scope.summary[found.partnership]["exchanges"] = f"{exchanges} ({years})" if years else str(exchanges)
    return row(
        scope.dataset.partnership(found.partnership).name,
        years or "—",
        len(found.active),
        gaps_text(found.gaps) or "—",
        found.longest_gap,
        len(found.unfollowed),
        len(found.long_running),
    )


# --- governance ------------------------------------------------------------------------------


def _governance_section(scope: ProgrammeScope) -> Section:
    dataset = scope.dataset
    section = Section("governance", _("Governance networks"))
    results = governance.governance(dataset, scope.selection)
    models = Counter(model_label(found.model, _("no actors recorded")) for found in results)
    section.add(Facts(tuple((label, str(count)) for label, count in models.most_common())))
    categories = actor_categories()
    rows = []
    for found in results:
        scope.summary[found.partnership]["model"] = model_label(found.model, "—")
        rows.append(
            row(
                dataset.partnership(found.partnership).name,
                model_label(found.model, "—"),
                term("governance_model", found.recorded) or "—",
                agreement_text(found.agrees, "—"),
                *(len(found.actors.get(category, ())) for category, _label in categories),
            )
        )
    table = Table(
        (
            _("Partnership"),
            _("Derived model"),
            _("Recorded model"),
            _("Agree"),
            *(label for _key, label in categories),
        ),
        tuple(rows),
        caption=_("Governance network model and number of actors by category"),
        numeric=(4, 5, 6, 7),
    )
    section.add(Only("screen", (table,)))
    if len(scope.partnerships) <= 60:
        chart = municipality_network_chart(dataset, scope.partnerships)
        section.add(Chart(chart, _("Who is linked to whom"), "network"))
    return section


# --- the twinning network ---------------------------------------------------------------------


def _network_section(scope: ProgrammeScope) -> Section:
    """The partnerships in the atlas of twinning links (issue 20): whether the public lists know each
    link, how connected each side's city is, the migration corridor between the countries beside the
    translocal linkage recorded, and the cities' other partners. What the atlas has not got (nothing
    imported, a municipality no list names, a corridor with no figure) is said, never read as none."""
    section = Section("network", _("The twinning network"))
    found = atlas.programme_network(scope.keys)
    if found is None:
        return section.add(
            Paragraph(
                _(
                    "The atlas of twinning links is empty: an administrator imports the twin-town lists and "
                    "UN DESA's migrant stocks (mutuality atlas import) to place the partnerships in it."
                ),
                "empty",
            )
        )
    in_atlas = [place for place in found.places if place.listed is not None]
    listed = [place for place in in_atlas if place.listed]
    section.add(
        Paragraph(
            _(
                "Of %(partnerships)s, %(in_atlas)s have every side among the cities of the atlas; the public "
                "lists name the link of %(listed)s of them."
            )
            % {
                "partnerships": counted(len(found.places), "partnerships"),
                "in_atlas": number(len(in_atlas)),
                "listed": number(len(listed)),
            },
            "lead",
        )
    )
    figures = found.figures
    countries = ", ".join(
        f"{country_name(code) or code} ({number(count)})" for code, count in found.partner_countries[:8]
    )
    section.add(
        Facts(
            (
                (_("Cities of the partnerships and their partners"), number(figures.cities)),
                (_("Their twinning links"), number(figures.links)),
                (_("Countries reached"), number(figures.countries)),
                (_("Most partners are in"), countries or "—"),
            )
        )
    )
    if found.map:
        section.add(Chart(found.map, _("The network around the partnerships"), "atlas"))
    rows = [_network_row(scope.dataset, place) for place in found.places]
    table = Table(
        (
            _("Partnership"),
            _("Cities in the atlas (their links)"),
            _("Named by the lists"),
            _("Migration corridor, latest year"),
            _("Translocal linkage recorded"),
        ),
        tuple(rows),
        caption=_("Each partnership in the atlas of twinning links, first side first"),
    )
    return section.add(Only("screen", (table,)))


def _network_row(dataset: Dataset, place: atlas.PartnershipPlace) -> tuple[Cell, ...]:
    cities = tuple(
        _("%(city)s (%(links)s)") % {"city": side.city.name, "links": number(side.links)}
        if side.city is not None
        else _("%(municipality)s: not in the lists") % {"municipality": side.name}
        for side in place.sides
    )
    if place.listed is None:
        listed = _("cannot be said: a side is not in the atlas")
    else:
        listed = place.listed or _("not named by the lists")
    corridors = tuple(
        f"{direction.text}: {direction.latest} ({direction.latest_year}, {direction.size})"
        for view in place.corridors
        for direction in view.directions
        if direction.latest
    ) + tuple(
        _("%(one)s–%(other)s: no figure recorded") % {"one": one, "other": other}
        for one, other in place.missing_corridors
    )
    recorded = dataset.partnership(place.partnership.key).translocal_linkage
    linkage = term("translocal_linkage", recorded) if recorded else _("not recorded")
    return (
        Cell(place.partnership.name),
        Cell(items=cities),
        Cell(listed),
        Cell(items=corridors or (_("none: the sides are in one country"),)),
        Cell(linkage),
    )


# --- both sides' views -------------------------------------------------------------------------


def _views_section(scope: ProgrammeScope, limit: int = 300, print_limit: int = 30) -> Section:
    """The partnerships and dimensions where the sides' views differ, opposed ones first."""
    section = Section("views", _("Both sides' views"))
    section.add(
        Paragraph(
            _(
                "Partnerships and dimensions where the sides' passages give different levels, or where one side "
                "mostly sees an enabling factor and the other a limiting one (opposed first)."
            )
        )
    )
    found = [
        perspective
        for perspective in perspectives.perspectives(scope.dataset, scope.selection)
        if perspective.differs or perspective.opposed
    ]
    found.sort(key=lambda perspective: (not perspective.opposed,))
    rows = [_view_row(scope.dataset, perspective) for perspective in found[:limit]]
    for media, shown in (("screen", limit), ("print", print_limit)):
        note = ""
        if len(found) > shown:
            note = _(
                "%(shown)d of %(total)d shown; the partnership reports show all, with their passages."
            ) % {
                "shown": shown,
                "total": len(found),
            }
        table = Table(
            (_("Partnership"), _("Dimension"), _("Views (number of passages)"), _("Difference")),
            tuple(rows[:shown]),
            note=note,
            empty=_("The sides' passages do not differ on any dimension."),
        )
        section.add(Only(media, (table,)))
    return section


def _view_row(dataset: Dataset, perspective: perspectives.Perspective) -> tuple[Cell, ...]:
    """A partnership's differing dimension: each side's view, with its number of passages."""
    partnership = dataset.partnership(perspective.partnership)
    views = tuple(
        f"{side_name(dataset, partnership, view.side)}: {view_text(view)}"
        + (f" ({len(view.codings)})" if view.codings else "")
        for view in perspective.views
    )
    return row(
        partnership.name,
        dimension_label(perspective.dimension),
        Cell(items=views),
        difference_text(perspective),
    )


# --- diagnostics -------------------------------------------------------------------------------


def _diagnostics_section(scope: ProgrammeScope) -> Section:
    """Findings, how far each rule could be checked, what to record next, completeness (diagnostics_sections)."""
    return diagnostics_sections.programme_section(
        scope.dataset, scope.partnerships, scope.selection, scope.summary
    )
