"""Governance network model derived from the actors, and the actor network."""

from __future__ import annotations

import networkx as nx

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.governance import (
    ACTOR_CATEGORIES,
    actor_network,
    category_of,
    governance,
    governance_model,
    to_networkx,
)
from mutuality.framework import vocabulary


def _actor(key, side, type):
    return {"key": key, "side": side, "name": key.title(), "type": type}


def _dataset(actors, exchanges=(), recorded=""):
    return Dataset.from_document(
        {
            "partnerships": [
                {
                    "key": "p",
                    "name": "P",
                    "municipalities": ["zeist", "berkane"],
                    "governance_model": recorded,
                    "actors": list(actors),
                    "exchanges": list(exchanges),
                }
            ]
        }
    )


def test_every_actor_type_has_exactly_one_category():
    keys = vocabulary("actor_type").keys()
    for key in keys:
        assert sum(key in kinds for kinds in ACTOR_CATEGORIES.values()) == 1, key
    assert category_of("") == "unknown"


def test_only_local_government_actors_make_a_classic_network():
    ds = _dataset(
        [_actor("desk", "zeist", "international_desk"), _actor("town", "berkane", "local_government")]
    )
    result = governance(ds)[0]
    assert result.model == "classic_local_government"
    assert result.actors == {"local_government": ("desk", "town")}


def test_ngos_schools_or_companies_make_a_multi_actor_network():
    for kind in ("ngo", "school", "private_company", "migrant_organisation"):
        ds = _dataset([_actor("desk", "zeist", "international_desk"), _actor("other", "berkane", kind)])
        assert governance(ds)[0].model == "multi_actor", kind


def test_higher_levels_of_government_make_broader_governance_arrangements():
    for kind in ("national_ministry", "lg_association", "embassy", "support_programme_agency"):
        ds = _dataset(
            [
                _actor("desk", "zeist", "international_desk"),
                _actor("ngo", "zeist", "ngo"),
                _actor("higher", "berkane", kind),
            ]
        )
        assert governance(ds)[0].model == "broader_governance", kind


def test_no_actors_no_model():
    assert governance_model([]) is None
    assert governance(_dataset([]))[0].model is None


def test_the_derived_model_is_compared_with_the_recorded_one():
    ds = _dataset([_actor("desk", "zeist", "international_desk")], recorded="multi_actor")
    result = governance(ds)[0]
    assert result.recorded == "multi_actor" and result.agrees is False
    assert governance(_dataset([_actor("d", "zeist", "mayor")]))[0].agrees is None


def test_involvement_through_exchanges_leaves_out_actors_who_never_took_part():
    actors = [_actor("desk", "zeist", "international_desk"), _actor("embassy", "berkane", "embassy")]
    exchanges = [
        {
            "key": "e",
            "title": "E",
            "start": "2009",
            "method": "field_visit",
            "participants": [{"side": "zeist", "actor": "desk"}],
        }
    ]
    ds = _dataset(actors, exchanges)
    assert governance(ds)[0].model == "broader_governance"
    assert governance(ds, involvement="exchanges")[0].model == "classic_local_government"


def test_the_actor_network_links_actors_who_met_in_exchanges():
    actors = [
        _actor("desk", "zeist", "international_desk"),
        _actor("teacher", "zeist", "ngo"),
        _actor("town", "berkane", "local_government"),
    ]
    exchanges = [
        {
            "key": "e1",
            "title": "E1",
            "start": "2008",
            "method": "field_visit",
            "participants": [{"side": "zeist", "actor": "desk"}, {"side": "berkane", "actor": "town"}],
        },
        {
            "key": "e2",
            "title": "E2",
            "start": "2009",
            "method": "peer_to_peer",
            "participants": [
                {"side": "zeist", "actor": "desk"},
                {"side": "berkane", "actor": "town"},
                {"side": "zeist", "actor": "teacher"},
                {"side": "berkane"},
            ],
        },
    ]
    network = actor_network(_dataset(actors, exchanges), "p")
    assert {n.id for n in network.nodes} == {"desk", "teacher", "town", "side:berkane"}
    edges = {(e.source, e.target): e for e in network.edges}
    assert edges[("desk", "town")].weight == 2 and edges[("desk", "town")].direction == "vertical"
    assert edges[("desk", "teacher")].direction == "horizontal"
    assert edges[("desk", "teacher")].exchanges == ("e2",)
    assert len(network.to_records()) == len(network.edges)


def test_the_actor_network_converts_to_networkx():
    actors = [_actor("desk", "zeist", "international_desk"), _actor("teacher", "zeist", "ngo")]
    exchanges = [
        {
            "key": "e1",
            "title": "E1",
            "start": "2008",
            "method": "meeting_workshop",
            "participants": [{"side": "zeist", "actor": "desk"}, {"side": "zeist", "actor": "teacher"}],
        }
    ]
    graph = to_networkx(actor_network(_dataset(actors, exchanges), "p"))
    assert isinstance(graph, nx.Graph) and graph.number_of_nodes() == 2
    assert graph["desk"]["teacher"]["weight"] == 1 and graph["desk"]["teacher"]["direction"] == "horizontal"
    assert graph.nodes["teacher"]["category"] == "civil_society"
