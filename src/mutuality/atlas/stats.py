"""The link register in figures: cities, links, countries and the network's connected parts.

The components come from networkx (a dependency already, for the analysis) over every stored city,
so a city whose links were all removed counts as a component of its own.
"""

from __future__ import annotations

import networkx as nx

from mutuality.atlas.models import City, Link


def network_stats() -> dict[str, int]:
    """Cities, links, countries (ISO codes among the cities), components and the largest one's size."""
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(City.objects.values_list("pk", flat=True))
    graph.add_edges_from(Link.objects.values_list("city_a_id", "city_b_id"))
    sizes = [len(part) for part in nx.connected_components(graph)]
    countries = City.objects.exclude(country="").values("country").distinct().count()
    return {
        "cities": graph.number_of_nodes(),
        "links": graph.number_of_edges(),
        "countries": countries,
        "components": len(sizes),
        "largest_component": max(sizes, default=0),
    }
