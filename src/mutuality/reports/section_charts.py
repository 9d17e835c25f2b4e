"""The charts of a report's sections: the data of an analysis, with every title and legend translated.

:mod:`mutuality.reports.charts` draws SVG and knows no words of its own; this module hands it the
words in the reader's language and the direction of writing (charts mirror for right-to-left
languages). Both reports draw the same charts — a partnership's sides or a programme's countries — so
each chart is put together here once and the sections only choose what goes in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.analysis import dimensions, governance, resources
from mutuality.analysis.dataset import Dataset, Partnership
from mutuality.framework import vocabulary
from mutuality.reports import charts
from mutuality.reports.blocks import Chart
from mutuality.reports.labels import (
    category_labels,
    context_label,
    dimension_label,
    family_label,
    in_kind_count_text,
    level_labels,
    side_money_text,
    side_name,
    term,
)

__all__ = [
    "actor_network_chart",
    "exchanges_chart",
    "heat_map",
    "learning_flows_chart",
    "municipality_network_chart",
    "resources_chart",
]


def _rtl() -> bool:
    return translation.get_language_bidi()


# --- Table 8.1 -----------------------------------------------------------------------------------


def heat_map(dataset: Dataset, table: dimensions.DimensionTable, rows_per_family: int) -> str:
    """The levels of Table 8.1, a row per context; a family with more contexts keeps its best evidenced."""
    by_context: dict[tuple[str, str], dict[str, dimensions.DimensionCell]] = defaultdict(dict)
    for cell in table.cells:
        by_context[(cell.family, cell.context)][cell.dimension] = cell
    rows = []
    for family in table.families:
        contexts = _best_evidenced(
            [key for key in by_context if key[0] == family], by_context, rows_per_family
        )
        for context in contexts:
            cells = by_context[context]
            rows.append(
                charts.HeatRow(
                    context_label(dataset, *context),
                    [
                        charts.HeatCell(cell.level, len(cell.codings), cell.contradictory)
                        if cell is not None
                        else None
                        for cell in (cells.get(dimension) for dimension in table.dimensions)
                    ],
                    group=family_label(family),
                )
            )
    return charts.heat_map(
        rows,
        [dimension_label(dimension) for dimension in table.dimensions],
        title=_("Dimensions of mutual learning by context"),
        level_labels=level_labels(),
        contradiction_label=_("contradicting evidence"),
        unassessed_label=_("– n: n codings, none with an assessment; number after a level: codings"),
        row_heading=_("Context"),
        description=_(
            "Rows are contexts, columns the six dimensions; each cell gives the level and the number of codings."
        ),
        rtl=_rtl(),
    )


def _best_evidenced(
    contexts: list[tuple[str, str]],
    by_context: dict[tuple[str, str], dict[str, dimensions.DimensionCell]],
    most: int,
) -> list[tuple[str, str]]:
    """The ``most`` contexts with the most codings, in their order; all of them when there are no more."""
    if len(contexts) <= most:
        return contexts
    weight = {key: sum(len(cell.codings) for cell in by_context[key].values()) for key in contexts}
    keep = set(sorted(contexts, key=lambda key: -weight[key])[:most])
    return [key for key in contexts if key in keep]


# --- who learned from whom -------------------------------------------------------------------------


def learning_flows_chart(flows: Sequence[charts.FlowDatum], ends: Sequence[str], title: str) -> Chart:
    """Learning outcomes as bands from the side (or country) learned from to the one that learned."""
    svg = charts.flow_chart(
        flows,
        title=_("Learning flows: who learned from whom"),
        categories=[
            *((key, term("learning_form", key)) for key in vocabulary("learning_form").keys()),
            ("", _("form not recorded")),
        ],
        source_heading=_("Learned from"),
        target_heading=_("Learned by"),
        empty_label=_("No learning outcome recorded."),
        sources=ends,
        targets=ends,
        description=_(
            "Bands run from the side learned from to the side that learned; their width is the number of learning outcomes, their colour the form of learning."
        ),
        rtl=_rtl(),
    )
    return Chart(svg, title, "flows")


# --- exchanges over time -----------------------------------------------------------------------------


def exchanges_chart(exchanges: Iterable[Any]) -> Chart:
    """Exchanges per year they started, exploratory visits and follow-up apart (trust grows with both)."""
    stages = ("exploratory", "follow_up")
    by_stage: dict[str, Counter[int]] = {stage: Counter() for stage in stages}
    other: Counter[int] = Counter()
    for exchange in exchanges:
        if exchange.start_year is None:
            continue
        (by_stage[exchange.stage] if exchange.stage in by_stage else other)[exchange.start_year] += 1
    seen = [year for counts in (*by_stage.values(), other) for year in counts]
    years = list(range(min(seen), max(seen) + 1)) if seen else []
    series = [(term("exchange_stage", stage), [by_stage[stage][year] for year in years]) for stage in stages]
    if other:
        series.append((_("stage not recorded"), [other[year] for year in years]))
    svg = charts.timeline_chart(
        years,
        series,
        title=_("Exchanges per year: exploratory visits and follow-up"),
        x_label=_("Year the exchange started"),
        y_label=_("Exchanges"),
        empty_label=_("No dated exchange recorded."),
        description=_("Bars count the exchanges that started in each year, split by stage."),
        rtl=_rtl(),
    )
    return Chart(svg, _("Exchanges per year"), "timeline")


# --- resources --------------------------------------------------------------------------------------


def resources_chart(groups: Sequence[tuple[str, Sequence[resources.SideResources]]], title: str) -> Chart:
    """Money and contributions in kind, a bar per group of sides (a side, or a country's sides).

    The words beside each bar are those of the report's table of resources (:func:`_resource_bar`), so
    the chart and the table count alike; money whose amount is not known is a dashed mark and its
    count, never a bar of 0.
    """
    svg = charts.resources_chart(
        [_resource_bar(label, sides) for label, sides in groups],
        title=_("Resources by side"),
        euros_heading=_("Money (EUR)"),
        in_kind_heading=_("Contributions in kind (number)"),
        quantified_label=_("in kind, amount known"),
        unquantified_label=_("amount not known"),
        description=_(
            "Money each side brought in euro, and how many contributions in kind it made; a dashed mark "
            "stands for contributions whose amount is not known."
        ),
        rtl=_rtl(),
    )
    return Chart(svg, title, "resources")


def _resource_bar(label: str, sides: Sequence[resources.SideResources]) -> charts.Bar:
    """One bar's numbers and words, written by the same labels as the table of resources by side."""
    in_kind = sum(side.in_kind_contributions for side in sides)
    in_kind_unknown = sum(side.in_kind_unquantified for side in sides)
    return charts.Bar(
        label,
        sum(side.financial_eur for side in sides),
        side_money_text(sides),
        in_kind,
        in_kind_unknown,
        in_kind_count_text(in_kind, in_kind_unknown),
        euros_unquantified=sum(side.financial_unquantified for side in sides),
    )


# --- networks ---------------------------------------------------------------------------------------


def actor_network_chart(dataset: Dataset, partnership: Partnership, network: governance.ActorNetwork) -> str:
    """A column of actors per side; a line joins two actors that took part in the same exchange."""
    return charts.network_chart(
        [_actor_column(dataset, partnership, network, side) for side in partnership.sides],
        [
            charts.NetEdge(
                edge.source,
                edge.target,
                edge.weight,
                ngettext("%(count)d shared exchange", "%(count)d shared exchanges", edge.weight)
                % {"count": edge.weight},
            )
            for edge in network.edges
        ],
        title=_("Actor network: who took part in exchanges together"),
        categories=category_labels(),
        between_label=_("exchange between the localities (vertical)"),
        within_label=_("within one locality (horizontal)"),
        empty_label=_("No actor recorded."),
        description=_(
            "One column per side; lines join actors that took part in the same exchange, thicker for more exchanges."
        ),
        rtl=_rtl(),
    )


def _actor_column(
    dataset: Dataset, partnership: Partnership, network: governance.ActorNetwork, side: str
) -> charts.NetColumn:
    rank = {key: position for position, (key, _label) in enumerate(category_labels())}
    nodes = sorted(
        (node for node in network.nodes if node.side == side),
        key=lambda node: (rank.get(node.category, 99), node.label.casefold()),
    )
    return charts.NetColumn(side_name(dataset, partnership, side), tuple(_actor_node(node) for node in nodes))


def _actor_node(node: governance.Node) -> charts.NetNode:
    """An actor, or (square) the participants of a side recorded without a named actor."""
    if node.category == "side":
        label = _("%(side)s (participants)") % {"side": node.label}
        return charts.NetNode(node.id, label, node.category, "", square=True)
    return charts.NetNode(node.id, node.label, node.category, term("actor_type", node.type), square=False)


def municipality_network_chart(dataset: Dataset, partnerships: Sequence[Partnership]) -> str:
    """Each partnership as a line from its first municipality to each partner, coloured by country."""
    first: dict[str, None] = {}
    partners: dict[str, None] = {}
    edges = []
    for partnership in partnerships:
        if not partnership.sides:
            continue
        first[partnership.sides[0]] = None
        for side in partnership.sides[1:]:
            partners[side] = None
            edges.append(charts.NetEdge(partnership.sides[0], side, 1, partnership.name))
    partners = {key: None for key in partners if key not in first}
    countries = sorted({dataset.country_of(key) for key in (*first, *partners)})
    return charts.network_chart(
        [
            charts.NetColumn(_("Municipality"), _municipality_nodes(dataset, first)),
            charts.NetColumn(_("Partner"), _municipality_nodes(dataset, partners)),
        ],
        edges,
        title=_("Who is linked to whom"),
        categories=[(country, country or _("country not known")) for country in countries],
        colours={
            country: charts.PALETTE[index % len(charts.PALETTE)] for index, country in enumerate(countries)
        },
        between_label=_("partnership"),
        within_label=_("partnership within one column"),
        empty_label=_("No partnership recorded."),
        description=_("Municipalities coloured by country; a line is a partnership."),
        rtl=_rtl(),
    )


def _municipality_nodes(dataset: Dataset, keys: Iterable[str]) -> tuple[charts.NetNode, ...]:
    found = [dataset.municipalities[key] for key in keys if key in dataset.municipalities]
    return tuple(
        charts.NetNode(municipality.key, municipality.name, municipality.country, municipality.country)
        for municipality in sorted(
            found, key=lambda municipality: (municipality.country, municipality.name.casefold())
        )
    )
