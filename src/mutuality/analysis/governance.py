"""The governance network of a partnership: its model, and its actors as a network.

Chapter 10 (rec. 2) names three governance network models; the partnership
record may carry one (``governance_model``), and here it is also *derived*
from the actors, so the two can be compared.

Actor categories (every ``actor_type`` is in exactly one):

* **local government** — ``local_government``, ``municipal_council``,
  ``mayor``, ``international_desk``, ``line_department``;
* **civil society** — ``ngo``, ``cbo``, ``migrant_organisation``,
  ``womens_organisation``, ``youth_organisation`` (the "NGOs" of the seed's
  learning tables, ch. 8.2.2);
* **other local actors** — ``private_company``, ``school``,
  ``knowledge_institution``, ``citizen``, ``migrant``;
* **higher levels and intermediaries** — ``national_ministry``,
  ``lg_association``, ``embassy``, ``support_programme_agency``.

Rules for the model (first that applies):

1. **broader governance arrangements** — an actor of the higher levels and
   intermediaries takes part (national ministries, local-government
   associations, embassies, support-programme agencies; ch. 8.5.3, ch. 10
   rec. 2);
2. **multi-actor network** — civil-society or other local actors take part
   (NGOs, CBOs, companies, schools, migrant organisations, citizens;
   ch. 8.2.2), usually beside local government;
3. **classic local-government network** — only local-government actors take
   part;
4. no actors recorded: no model (``None``).

"Take part" means: listed among the partnership's actors
(``involvement="listed"``, default), or, with ``involvement="exchanges"``,
named as a participant of at least one exchange.

The actor network (:func:`actor_network`): one node per actor (plus one per
side for exchange participants recorded without an actor), one edge between
every two nodes that took part in the same exchange, weighted by the number
of such exchanges; an edge between the two localities is *vertical*, within
one locality *horizontal* (ch. 1.2). :func:`to_networkx` turns it into a
``networkx.Graph`` when networkx is installed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mutuality.analysis.dataset import Actor, Dataset

__all__ = [
    "ACTOR_CATEGORIES",
    "BROADER_TYPES",
    "CIVIL_SOCIETY_TYPES",
    "LOCAL_GOVERNMENT_TYPES",
    "OTHER_LOCAL_TYPES",
    "ActorNetwork",
    "Edge",
    "Governance",
    "Node",
    "actor_network",
    "category_of",
    "governance",
    "governance_model",
    "to_networkx",
]

LOCAL_GOVERNMENT_TYPES = frozenset(
    {"local_government", "municipal_council", "mayor", "international_desk", "line_department"}
)
CIVIL_SOCIETY_TYPES = frozenset(
    {"ngo", "cbo", "migrant_organisation", "womens_organisation", "youth_organisation"}
)
OTHER_LOCAL_TYPES = frozenset({"private_company", "school", "knowledge_institution", "citizen", "migrant"})
BROADER_TYPES = frozenset({"national_ministry", "lg_association", "embassy", "support_programme_agency"})
ACTOR_CATEGORIES: dict[str, frozenset[str]] = {
    "local_government": LOCAL_GOVERNMENT_TYPES,
    "civil_society": CIVIL_SOCIETY_TYPES,
    "other_local": OTHER_LOCAL_TYPES,
    "broader": BROADER_TYPES,
}
_CATEGORY = {kind: category for category, kinds in ACTOR_CATEGORIES.items() for kind in kinds}


def category_of(actor_type: str) -> str:
    """The category of an actor type; ``unknown`` for an empty or unknown type."""
    return _CATEGORY.get(actor_type, "unknown")


def governance_model(actor_types: Iterable[str]) -> str | None:
    """The model the rules (module docstring) give for the types of the actors taking part."""
    categories = {category_of(t) for t in actor_types}
    if not categories:
        return None
    if "broader" in categories:
        return "broader_governance"
    if categories & {"civil_society", "other_local"}:
        return "multi_actor"
    if "local_government" in categories:
        return "classic_local_government"
    return None


@dataclass(frozen=True, slots=True)
class Governance:
    partnership: str
    model: str | None
    recorded: str
    actors: Mapping[str, tuple[str, ...]]  # category -> actor keys

    @property
    def agrees(self) -> bool | None:
        """Whether the derived model is the recorded one; ``None`` when none is recorded."""
        return None if not self.recorded else self.recorded == self.model

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "model": self.model,
            "recorded": self.recorded,
            "agrees": self.agrees,
            **{
                category: ", ".join(self.actors.get(category, ()))
                for category in (*ACTOR_CATEGORIES, "unknown")
            },
        }


def _taking_part(dataset: Dataset, partnership: str, involvement: str) -> list[Actor]:
    actors = list(dataset.of("actors", partnership))
    if involvement == "listed":
        return actors
    if involvement != "exchanges":
        raise ValueError("involvement must be 'listed' or 'exchanges'")
    named = {p.actor for e in dataset.of("exchanges", partnership) for p in e.participants if p.actor}
    return [a for a in actors if a.key in named]


def governance(
    dataset: Dataset, partnership: str | Iterable[str] | None = None, *, involvement: str = "listed"
) -> list[Governance]:
    """The derived governance model of each partnership, beside the recorded one."""
    results = []
    for p in dataset.select(partnership):
        actors = _taking_part(dataset, p.key, involvement)
        by_category: dict[str, list[str]] = defaultdict(list)
        for actor in actors:
            by_category[category_of(actor.type)].append(actor.key)
        results.append(
            Governance(
                p.key,
                governance_model(a.type for a in actors),
                p.governance_model,
                {category: tuple(keys) for category, keys in by_category.items()},
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    side: str
    label: str
    type: str
    category: str


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    weight: int
    direction: str  # vertical (between localities) or horizontal (within one)
    exchanges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActorNetwork:
    partnership: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """The edge list (source, target, weight, direction, exchanges)."""
        return [
            {
                "partnership": self.partnership,
                "source": e.source,
                "target": e.target,
                "weight": e.weight,
                "direction": e.direction,
                "exchanges": e.exchanges,
            }
            for e in self.edges
        ]

    def node_records(self) -> list[dict[str, Any]]:
        return [
            {
                "partnership": self.partnership,
                "id": n.id,
                "side": n.side,
                "label": n.label,
                "type": n.type,
                "category": n.category,
            }
            for n in self.nodes
        ]


def side_node(side: str) -> str:
    """The node id standing for a side's participants recorded without an actor."""
    return f"side:{side}"


def actor_network(dataset: Dataset, partnership: str) -> ActorNetwork:
    """Actors as nodes; an edge between two that took part in the same exchange (module docstring)."""
    p = dataset.partnership(partnership)
    nodes: dict[str, Node] = {
        a.key: Node(a.key, a.side, a.name or a.key, a.type, category_of(a.type))
        for a in dataset.of("actors", p.key)
    }
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for exchange in dataset.of("exchanges", p.key):
        present: dict[str, None] = {}
        for participant in exchange.participants:
            node = participant.actor if participant.actor in nodes else side_node(participant.side)
            if node not in nodes:
                label = dataset.side_label(p.key, participant.side)
                nodes[node] = Node(node, participant.side, label, "side", "side")
            present[node] = None
        members = sorted(present)
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                pairs[(first, second)].append(exchange.key)
    edges = tuple(
        Edge(a, b, len(keys), "horizontal" if nodes[a].side == nodes[b].side else "vertical", tuple(keys))
        for (a, b), keys in sorted(pairs.items())
    )
    return ActorNetwork(p.key, tuple(nodes.values()), edges)


def to_networkx(network: ActorNetwork) -> Any:
    """The network as a ``networkx.Graph`` (node and edge attributes as in the records)."""
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph(partnership=network.partnership)
    for node in network.nodes:
        graph.add_node(node.id, side=node.side, label=node.label, type=node.type, category=node.category)
    for edge in network.edges:
        graph.add_edge(
            edge.source, edge.target, weight=edge.weight, direction=edge.direction, exchanges=edge.exchanges
        )
    return graph
