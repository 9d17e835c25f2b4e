"""The link register in figures: cities, links, countries and the network's connected parts.

Counted over the cities that stand for themselves (a row merged into another city is that city),
so a city whose links were all removed counts as a component of its own. The full figures of a
scope (degree, communities, distances, hubs) are :func:`scope_figures`'s.
"""

from __future__ import annotations

import networkx as nx

from mutuality.analysis.network import NetworkFigures, Scope, figures
from mutuality.atlas.network import graph_data


def network_stats() -> dict[str, int]:
    """Cities, links, countries (ISO codes among the cities), components and the largest one's size."""
    data = graph_data(Scope("world"))
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(city.id for city in data.cities)
    graph.add_edges_from(data.links)
    sizes = [len(part) for part in nx.connected_components(graph)]
    return {
        "cities": graph.number_of_nodes(),
        "links": graph.number_of_edges(),
        "countries": len({city.country for city in data.cities if city.country}),
        "components": len(sizes),
        "largest_component": max(sizes, default=0),
    }


def scope_figures(scope: Scope, *, top: int = 10) -> NetworkFigures:
    """Every figure of the part of the network ``scope`` looks at."""
    return figures(graph_data(scope), top=top)
