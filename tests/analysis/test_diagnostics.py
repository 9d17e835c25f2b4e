"""Diagnostics: each rule fires with its facts when its condition holds, and stays silent otherwise."""

from __future__ import annotations

import copy

import pytest

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.diagnostics import RULES, Fact, diagnose
from mutuality.framework import vocabulary

HEALTHY = {
    "municipalities": [
        {"key": "zeist", "name": "Zeist", "country": "NL"},
        {"key": "berkane", "name": "Berkane", "country": "MA"},
    ],
    "partnerships": [
        {
            "key": "zb",
            "name": "Zeist–Berkane",
            "municipalities": ["zeist", "berkane"],
            "actors": [
                {"key": "desk", "side": "zeist", "name": "Desk", "type": "international_desk"},
                {"key": "town", "side": "berkane", "name": "Town", "type": "local_government"},
                {"key": "ssr", "side": "berkane", "name": "SSR", "type": "migrant_organisation"},
                {"key": "teacher", "side": "zeist", "name": "Teacher", "type": "ngo"},
            ],
            "projects": [{"key": "youth", "name": "Youth exchange", "types": ["transnational_linkages"]}],
            "objectives": [
                {"key": "z", "side": "zeist", "type": "diversity_integration", "clearly_formulated": True},
                {
                    "key": "b",
                    "side": "berkane",
                    "type": "strengthening_local_governance",
                    "clearly_formulated": True,
                },
            ],
            "exchanges": [
                {
                    "key": "explore",
                    "title": "First visit",
                    "start": "2007-03",
                    "method": "field_visit",
                    "stage": "exploratory",
                    "participants": [
                        {"side": "zeist", "actor": "desk"},
                        {"side": "berkane", "actor": "town"},
                    ],
                },
                {
                    "key": "peers",
                    "title": "Youth workers meet",
                    "project": "youth",
                    "start": "2008",
                    "method": "peer_to_peer",
                    "participants": [
                        {"side": "zeist", "actor": "teacher"},
                        {"side": "zeist", "actor": "desk"},
                        {"side": "berkane", "actor": "town"},
                    ],
                    "knowledge": [
                        {"from": "zeist", "to": "berkane", "type": "tacit", "domain": "management"},
                        {"from": "berkane", "to": "zeist", "type": "tacit", "domain": "cultural"},
                    ],
                },
            ],
            "learning_outcomes": [
                {
                    "key": "z-images",
                    "side": "zeist",
                    "description": "images",
                    "form": "transformative",
                    "recognised": True,
                    "disseminated_externally": True,
                },
                {
                    "key": "b-youth",
                    "side": "berkane",
                    "description": "youth council",
                    "form": "adaptation",
                    "recognised": True,
                },
            ],
        }
    ],
}


def _document(change):
    document = copy.deepcopy(HEALTHY)
    change(document["partnerships"][0])
    return document


def _findings(document, rule):
    return [f for f in diagnose(Dataset.from_document(document)) if f.rule == rule]


def _only(document, rule):
    found = _findings(document, rule)
    assert len(found) == 1, found
    return found[0]


def test_a_healthy_partnership_triggers_nothing():
    assert diagnose(Dataset.from_document(HEALTHY)) == []


def test_every_rule_points_to_a_recommendation_of_chapter_10():
    ds = Dataset.from_document(_document(lambda p: p.update(objectives=[], actors=[], exchanges=[])))
    for finding in diagnose(ds):
        assert finding.recommendation in vocabulary("recommendation")
        assert finding.recommendation_source.startswith("ch. 10, rec.")


def test_no_clear_objectives_fires_per_side_with_its_facts():
    def unclear(p):
        p["objectives"][0]["clearly_formulated"] = False
        p["objectives"].pop(1)

    finding = _only(_document(unclear), "no_clear_objectives")
    assert finding.recommendation == "invest_long_term"
    assert finding.fact_texts == [
        "Zeist: no clearly formulated objective among the 1 recorded.",
        "Berkane: no objective recorded.",
    ]
    assert finding.evidence == ("objective:z",)
    assert finding.facts[0] == Fact(
        "%(side)s: no clearly formulated objective among the %(count)d recorded.",
        {"side": "Zeist", "count": 1},
    )


def test_unrecognised_learning_of_one_side_fires():
    finding = _only(
        _document(lambda p: p["learning_outcomes"][0].update(recognised=False)), "learning_not_recognised"
    )
    assert finding.recommendation == "seek_mutual_learning"
    assert finding.fact_texts == ["Zeist: 1 of 1 learning outcomes not recognised."]
    assert finding.evidence == ("learning:z-images",)


def test_an_exploratory_visit_without_follow_up_fires():
    def later(p):
        p["exchanges"][0]["start"] = "2010"

    finding = _only(_document(later), "exploratory_without_follow_up")
    assert finding.recommendation == "invest_long_term"
    assert finding.fact_texts == ["Exploratory field_visit 'First visit' (2010) was not followed up."]
    assert finding.evidence == ("exchange:explore",)


def test_no_migrants_fires_when_no_migrant_or_migrant_organisation_takes_part():
    def without(p):
        p["actors"] = [a for a in p["actors"] if a["key"] != "ssr"]
        p["translocal_linkage"] = "limited"

    finding = _only(_document(without), "no_migrants_involved")
    assert finding.recommendation == "include_migrants"
    assert finding.fact_texts == [
        "No actor (of 3) is a migrant, of migrant background or a migrant organisation.",
        "The translocal linkage is recorded as limited.",
    ]


def test_a_person_of_migrant_background_counts_as_migrant_involvement():
    def person(p):
        p["actors"] = [a for a in p["actors"] if a["key"] != "ssr"]
        p["actors"][0]["migrant_background"] = True

    assert _findings(_document(person), "no_migrants_involved") == []


def test_learning_never_disseminated_fires():
    finding = _only(
        _document(lambda p: p["learning_outcomes"][0].update(disseminated_externally=False)),
        "no_dissemination",
    )
    assert finding.recommendation == "use_governance_networks"
    assert finding.fact_texts == [
        "No learning outcome (of 2) was disseminated inside or outside the organisation."
    ]


def test_no_learning_recorded_is_not_a_dissemination_finding():
    assert _findings(_document(lambda p: p.update(learning_outcomes=[])), "no_dissemination") == []


def test_learning_by_one_side_only_fires_one_way_learning():
    finding = _only(_document(lambda p: p["learning_outcomes"].pop(0)), "one_way_learning")
    assert finding.recommendation == "seek_mutual_learning"
    assert finding.fact_texts == ["Learning outcomes: 1, all by Berkane; none by Zeist."]
    assert finding.evidence == ("learning:b-youth",)


def test_without_learning_outcomes_one_way_knowledge_flows_fire():
    def one_way(p):
        p["learning_outcomes"] = []
        p["exchanges"][1]["knowledge"].pop(1)

    finding = _only(_document(one_way), "one_way_learning")
    assert finding.fact_texts == [
        "No learning outcome recorded; all knowledge flows (1) went one way: Zeist → Berkane."
    ]


def test_a_peer_to_peer_exchange_with_knowledge_going_one_way_fires():
    finding = _only(_document(lambda p: p["exchanges"][1]["knowledge"].pop(1)), "one_way_peer_exchanges")
    assert finding.recommendation == "peer_to_peer"
    assert finding.fact_texts == [
        "Peer-to-peer exchange 'Youth workers meet': knowledge went only from Zeist to Berkane."
    ]


def test_missing_peer_to_peer_contact_fires():
    finding = _only(
        _document(lambda p: p["exchanges"][1].update(method="meeting_workshop")), "no_peer_to_peer"
    )
    assert finding.recommendation == "peer_to_peer"
    assert finding.fact_texts == [
        "No peer-to-peer exchange among the 2 recorded (methods: field_visit 1, meeting_workshop 1)."
    ]
    assert _findings(_document(lambda p: p.update(exchanges=[])), "no_peer_to_peer") == []


def test_a_civil_society_initiative_without_local_government_fires():
    def alone(p):
        p["exchanges"][1]["participants"] = [
            {"side": "zeist", "actor": "teacher"},
            {"side": "berkane", "actor": "ssr"},
        ]

    finding = _only(_document(alone), "civil_society_without_local_gov")
    assert finding.recommendation == "support_civil_society"
    assert finding.fact_texts == [
        "Project 'Youth exchange': migrant_organisation, ngo took part, no local government (exchanges: 1)."
    ]
    assert finding.evidence == ("project:youth", "exchange:peers")


def test_a_partnership_started_by_civil_society_without_any_local_government_fires():
    def grassroots(p):
        p.update(initiation="civil_society", exchanges=[])
        p["actors"] = [a for a in p["actors"] if a["type"] in ("ngo", "migrant_organisation")]

    finding = _only(_document(grassroots), "civil_society_without_local_gov")
    assert finding.fact_texts == ["Started by civil society; no local-government actor is recorded."]


def test_rules_can_be_chosen_by_name_and_unknown_names_are_refused():
    ds = Dataset.from_document(_document(lambda p: p.update(objectives=[])))
    assert [f.rule for f in diagnose(ds, rules=["no_clear_objectives"])] == ["no_clear_objectives"]
    assert diagnose(ds, rules=["no_peer_to_peer"]) == []
    with pytest.raises(ValueError, match="unknown rules nope"):
        diagnose(ds, rules=["nope"])
    assert len(RULES) == 9


def test_findings_are_records():
    ds = Dataset.from_document(_document(lambda p: p.update(objectives=[])))
    record = diagnose(ds)[0].to_record()
    assert record["rule"] == "no_clear_objectives" and record["recommendation_source"] == "ch. 10, rec. 5"
    assert record["facts"] == "Zeist: no objective recorded. Berkane: no objective recorded."
