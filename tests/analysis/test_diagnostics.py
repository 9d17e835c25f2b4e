"""Diagnostics: each rule fires with its facts when its condition holds in what is recorded, stays
silent otherwise, and where the data it needs is not recorded says so as a data gap, never as a
finding."""

from __future__ import annotations

import copy
import re

import pytest

from mutuality.analysis.completeness import part
from mutuality.analysis.dataset import Dataset
from mutuality.analysis.diagnostics import RULES, STATUSES, Fact, data_gaps, diagnose, diagnosis
from mutuality.framework import vocabulary

HEALTHY = {
    "municipalities": [
        {"key": "zeist", "name": "Zeist", "country": "NL"},
        {"key": "berkane", "name": "Berkane", "country": "MA"},
    ],
    # UN DESA's Moroccan-born residents of the Netherlands, as the atlas gives them to the dataset
    "migrant_stocks": [
        {"origin": "MA", "destination": "NL", "year": 1990, "migrants": 114_850},
        {"origin": "MA", "destination": "NL", "year": 2019, "migrants": 180_879},
    ],
    "country_names": {"MA": "Morocco", "NL": "the Netherlands"},
    "partnerships": [
        {
            "key": "zb",
            "name": "Zeist–Berkane",
            "municipalities": ["zeist", "berkane"],
            "initiation": "municipal_initiative",
            "translocal_linkage": "direct",
            "actors": [
                {"key": "desk", "side": "zeist", "name": "Desk", "type": "international_desk"},
                {"key": "town", "side": "berkane", "name": "Town", "type": "local_government"},
                {"key": "ssr", "side": "berkane", "name": "SSR", "type": "migrant_organisation"},
                {"key": "teacher", "side": "zeist", "name": "Teacher", "type": "ngo"},
                {"key": "college", "side": "zeist", "name": "College", "type": "knowledge_institution"},
                {"key": "school", "side": "berkane", "name": "School", "type": "school"},
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
                    "intended": True,
                    "recognised": True,
                    "implemented": False,
                    "disseminated_internally": False,
                    "disseminated_externally": True,
                    "institutionalised": False,
                },
                {
                    "key": "b-youth",
                    "side": "berkane",
                    "description": "youth council",
                    "form": "adaptation",
                    "intended": False,
                    "recognised": True,
                    "implemented": True,
                    "disseminated_internally": False,
                    "disseminated_externally": False,
                    "institutionalised": False,
                },
            ],
        }
    ],
}

RAW_KEYS = re.compile(r"\b[a-z]+_[a-z_]+\b|\bngo\b|\bcbo\b")


def _document(change=None):
    document = copy.deepcopy(HEALTHY)
    if change is not None:
        change(document["partnerships"][0])
    return document


def _diagnosis(document):
    [found] = diagnosis(Dataset.from_document(document))
    return found


def _findings(document, rule):
    return [f for f in diagnose(Dataset.from_document(document)) if f.rule == rule]


def _only(document, rule):
    found = _findings(document, rule)
    assert len(found) == 1, found
    return found[0]


def _gap(found, part_key, side):
    [gap] = [g for g in found.gaps if g.part == part_key and g.side == side]
    return gap


def _drop(key):
    def change(p):
        p["actors"] = [a for a in p["actors"] if a["key"] != key]

    return change


# --- a complete record -----------------------------------------------------------------------


def test_a_healthy_partnership_triggers_nothing_and_every_rule_was_checked():
    found = _diagnosis(HEALTHY)
    assert found.findings == ()
    assert {check.rule: check.status for check in found.checks} == dict.fromkeys(RULES, "checked")
    assert [gap for gap in found.gaps if gap.rules] == []


def test_every_rule_points_to_a_recommendation_of_chapter_10_and_rests_on_a_passage():
    assert len(RULES) == 12
    for rule in RULES.values():
        assert rule.recommendation in vocabulary("recommendation")
        assert rule.rests_on.startswith(vocabulary("recommendation")[rule.recommendation].source)
        assert rule.needs and all(need.scope in ("any", "side", "every") for need in rule.needs)
        for need in rule.needs:
            part(need.part)  # a part of the completeness
    covered = {vocabulary("recommendation")[rule.recommendation].source for rule in RULES.values()}
    assert covered == {f"ch. 10, rec. {n}" for n in range(1, 8)}


# --- each rule: a change that fires it, and the complete record that does not --------------


def _unclear(p):
    p["objectives"][0]["clearly_formulated"] = False


def _unrecognised(p):
    p["learning_outcomes"][0]["recognised"] = False


def _not_followed(p):
    p["exchanges"][0]["start"] = "2010"


def _no_migrants(p):
    _drop("ssr")(p)
    p["translocal_linkage"] = "limited"


def _not_passed_on(p):
    p["learning_outcomes"][0]["disseminated_externally"] = False


def _one_side_learns(p):
    p["learning_outcomes"].pop(0)


def _one_way_peers(p):
    p["exchanges"][1]["knowledge"].pop(1)


def _no_peers(p):
    p["exchanges"][1]["method"] = "meeting_workshop"


def _civil_society_alone(p):
    p["exchanges"][1]["participants"] = [
        {"side": "zeist", "actor": "teacher"},
        {"side": "berkane", "actor": "ssr"},
    ]


def _municipal_network(p):
    p["actors"] = [a for a in p["actors"] if a["key"] not in ("college", "teacher")]


def _reacting(p):
    p["initiation"] = "municipal_platform"
    p["objectives"][0]["actor"] = "teacher"


def _little_linkage(p):
    p["translocal_linkage"] = "limited"


FIRING = {
    "no_clear_objectives": (_unclear, ["Zeist — objectives recorded: 1, none marked as clearly formulated."]),
    "learning_not_recognised": (
        _unrecognised,
        [
            "Zeist — learning outcomes recorded: 1, of which 1 recorded as not recognised by those who learned."
        ],
    ),
    "exploratory_without_follow_up": (
        _not_followed,
        ["'First visit' (2010), an exploratory exchange (Field visit), was not followed up."],
    ),
    "no_migrants_involved": (
        _no_migrants,
        [
            "Zeist — actors recorded: 3, none of them a migrant, of migrant background or a migrant "
            "organisation.",
            "Berkane — actors recorded: 2, none of them a migrant, of migrant background or a migrant "
            "organisation.",
            "The translocal linkage is recorded as “Limited”.",
        ],
    ),
    "no_dissemination": (
        _not_passed_on,
        [
            "Learning outcomes recorded: 2, each recorded as disseminated neither inside nor outside the "
            "organisation."
        ],
    ),
    "one_way_learning": (_one_side_learns, ["Learning outcomes recorded: 1, all by Berkane; none by Zeist."]),
    "one_way_peer_exchanges": (
        _one_way_peers,
        ["Peer-to-peer exchange 'Youth workers meet': knowledge went only from Zeist to Berkane."],
    ),
    "no_peer_to_peer": (
        _no_peers,
        ["Exchanges recorded: 2, none peer-to-peer (kinds: Field visit, Meetings and workshops)."],
    ),
    "civil_society_without_local_gov": (
        _civil_society_alone,
        [
            "Project 'Youth exchange': Migrant organisation, Non-governmental organisation took part, no "
            "local government (exchanges: 1)."
        ],
    ),
    "narrow_governance_network": (
        _municipal_network,
        [
            "Zeist — actors recorded: 1, all part of the municipality; no higher level of government or "
            "knowledge institution is among them."
        ],
    ),
    "municipality_as_reactor": (
        _reacting,
        [
            "Zeist: the partnership is recorded as initiated by “Municipal platform”.",
            "Zeist — objectives recorded: 1, none the municipality's own (held by: Teacher).",
        ],
    ),
    "corridor_without_linkage": (
        _little_linkage,
        [
            "180\u202f879 people born in Morocco lived in the Netherlands in 2019, against 114\u202f850 in 1990 "
            "(UN DESA).",
            "The partnership records its translocal linkage as “Limited”.",
        ],
    ),
}


def test_every_rule_has_a_change_that_fires_it():
    assert set(FIRING) == set(RULES)


@pytest.mark.parametrize("rule", sorted(FIRING))
def test_a_rule_fires_on_what_is_recorded_and_not_on_the_complete_record(rule):
    change, facts = FIRING[rule]
    assert _findings(HEALTHY, rule) == []
    finding = _only(_document(change), rule)
    assert finding.recommendation == RULES[rule].recommendation
    assert finding.fact_texts == facts
    assert _diagnosis(_document(change)).check(rule).status == "fired"


@pytest.mark.parametrize("rule", sorted(FIRING))
def test_facts_name_terms_by_their_labels_never_by_their_keys(rule):
    change, _facts = FIRING[rule]
    for fact in _only(_document(change), rule).facts:
        assert not RAW_KEYS.search(fact.text), fact.text
        assert "-0" not in fact.text


def test_facts_are_messages_with_values_and_terms():
    finding = _only(_document(_unclear), "no_clear_objectives")
    assert finding.facts[0] == Fact(
        "%(side)s — objectives recorded: %(count)d, none marked as clearly formulated.",
        {"side": "Zeist", "count": 1},
    )
    assert finding.evidence == ("objective:z",)
    [fact] = _only(_document(_no_peers), "no_peer_to_peer").facts
    assert fact.params["methods"] == ("field_visit", "meeting_workshop")
    assert fact.terms == {"methods": "exchange_method"}
    assert fact.values(lambda vocab, key: key.upper())["methods"] == "FIELD_VISIT, MEETING_WORKSHOP"


# --- missing data is not a finding --------------------------------------------------------------


def test_without_actors_rule_7_leaves_a_data_gap_and_adding_them_changes_the_finding():
    nobody = _document(lambda p: p.update(actors=[]))
    found = _diagnosis(nobody)
    assert not [f for f in found.findings if f.recommendation == "include_migrants"]
    assert found.check("no_migrants_involved").status == "not_checked"
    for side, name in (("zeist", "Zeist"), ("berkane", "Berkane")):
        gap = _gap(found, "actors", side)
        assert gap.what.text == f"No actors are recorded for {name}."
        assert "no_migrants_involved" in gap.rules and gap.form == "actors"

    # the same partnership with its actors recorded, none a migrant: now it is a finding
    assert _only(_document(_no_migrants), "no_migrants_involved").recommendation == "include_migrants"
    # and with a migrant organisation among them, the rule is answered
    assert _findings(HEALTHY, "no_migrants_involved") == []


def test_a_migrant_key_person_on_one_side_answers_rule_7_while_the_other_side_is_not_recorded():
    def key_person(p):
        p["actors"] = [
            {"key": "desk", "side": "zeist", "type": "international_desk"},
            {
                "key": "kp",
                "side": "zeist",
                "type": "citizen",
                "roles": ["key_person"],
                "migrant_background": True,
            },
        ]

    found = _diagnosis(_document(key_person))
    assert found.check("no_migrants_involved").status == "checked"
    assert "no_migrants_involved" not in _gap(found, "actors", "berkane").rules


def test_no_migrant_on_the_recorded_side_is_no_finding_while_the_other_side_is_not_recorded():
    found = _diagnosis(_document(lambda p: p.update(actors=[{"key": "d", "side": "zeist", "type": "mayor"}])))
    assert found.check("no_migrants_involved").status == "not_checked"
    assert all(f.rule != "no_migrants_involved" for f in found.findings)
    assert "no_migrants_involved" in _gap(found, "actors", "berkane").rules


def test_a_side_without_objectives_is_a_gap_not_an_unclear_objective():
    found = _diagnosis(_document(lambda p: p["objectives"].pop(1)))
    assert found.check("no_clear_objectives").status == "partly_checked"
    assert found.check("no_clear_objectives").sides == ("zeist",)
    assert "no_clear_objectives" in _gap(found, "objectives", "berkane").rules
    assert _findings(_document(lambda p: p.update(objectives=[])), "no_clear_objectives") == []


def test_without_learning_recorded_neither_dissemination_nor_balance_is_a_finding():
    found = _diagnosis(_document(lambda p: p.update(learning_outcomes=[])))
    assert {f.rule for f in found.findings} == set()
    assert found.check("no_dissemination").status == "not_checked"
    for side in ("zeist", "berkane"):
        assert {"learning_not_recognised", "no_dissemination"} <= set(
            _gap(found, "learning_outcomes", side).rules
        )


# --- a flag nobody recorded is not a "no" -------------------------------------------------------


def _flag(key, **flags):
    """A change that sets the flags of learning outcome ``key`` (None: the flag left out, not known)."""

    def change(p):
        [outcome] = [o for o in p["learning_outcomes"] if o["key"] == key]
        for name, value in flags.items():
            if value is None:
                outcome.pop(name, None)
            else:
                outcome[name] = value

    return change


def test_learning_whose_recognition_is_not_recorded_is_a_gap_never_a_rec_1_finding():
    found = _diagnosis(_document(_flag("z-images", recognised=None)))
    assert all(f.rule != "learning_not_recognised" for f in found.findings)
    check = found.check("learning_not_recognised")
    assert (check.status, check.sides) == ("partly_checked", ("berkane",))
    gap = _gap(found, "recognition", "zeist")
    assert gap.what.text == (
        "Whether those who learned in Zeist see it as learning from the partnership is not recorded "
        "(learning outcomes without it: 1 of 1): record yes or no for each."
    )
    assert gap.rules == ("learning_not_recognised",) and gap.form == "learning-list"
    assert [g for g in found.gaps if g.part == "recognition" and g.side == "berkane"] == []


def test_learning_recorded_as_not_recognised_fires_rec_1_beside_a_gap_for_what_is_not_known():
    def mixed(p):
        _flag("z-images", recognised=None)(p)
        _flag("b-youth", recognised=False)(p)

    found = _diagnosis(_document(mixed))
    [finding] = [f for f in found.findings if f.rule == "learning_not_recognised"]
    assert finding.recommendation_number == 1
    assert finding.fact_texts == [
        "Berkane — learning outcomes recorded: 1, of which 1 recorded as not recognised by those who learned."
    ]
    assert finding.evidence == ("learning:b-youth",)
    assert _gap(found, "recognition", "zeist").rules == ("learning_not_recognised",)


def test_a_side_with_some_recognition_recorded_counts_only_what_is_recorded_as_not_recognised():
    def more(p):
        p["learning_outcomes"].append(
            {"key": "z-more", "side": "zeist", "description": "more", "form": "transfer", "recognised": False}
        )
        p["learning_outcomes"].append(
            {"key": "z-open", "side": "zeist", "description": "open", "form": "transfer"}
        )

    found = _diagnosis(_document(more))
    [finding] = [f for f in found.findings if f.rule == "learning_not_recognised"]
    assert finding.fact_texts == [
        "Zeist — learning outcomes recorded: 3, of which 1 recorded as not recognised by those who learned."
    ]
    assert finding.evidence == ("learning:z-more",)
    gap = _gap(found, "recognition", "zeist")
    assert (gap.what.params["count"], gap.what.params["total"]) == (1, 3)
    assert found.completeness.count("recognition", "zeist") == 2
    assert not found.completeness.recorded("recognition", "zeist")
    assert found.completeness.recorded("recognition", "berkane")


def test_dissemination_not_recorded_is_a_gap_not_a_finding_and_one_outcome_shared_answers_the_rule():
    unknown = _flag("z-images", disseminated_internally=None, disseminated_externally=False)
    found = _diagnosis(_document(unknown))
    assert all(f.rule != "no_dissemination" for f in found.findings)
    assert found.check("no_dissemination").status == "not_checked"
    gap = _gap(found, "dissemination", "zeist")
    assert gap.rules == ("no_dissemination",)
    assert gap.what.text.startswith("Whether the learning of Zeist was shared inside and outside")

    # shared outside, not known inside: the rule is answered, and the flag is still asked for
    shared = _diagnosis(_document(_flag("z-images", disseminated_internally=None)))
    assert shared.check("no_dissemination").status == "checked"
    assert _gap(shared, "dissemination", "zeist").rules == ()


def test_a_learning_outcome_with_no_flag_recorded_asks_for_each_of_them_and_concludes_nothing():
    def silent(p):
        for outcome in p["learning_outcomes"]:
            for flag in ("intended", "recognised", "implemented", "institutionalised"):
                outcome.pop(flag, None)
            outcome.pop("disseminated_internally", None)
            outcome.pop("disseminated_externally", None)

    found = _diagnosis(_document(silent))
    assert {f.rule for f in found.findings} == set()
    for side in ("zeist", "berkane"):
        assert _gap(found, "recognition", side).rules == ("learning_not_recognised",)
        assert _gap(found, "dissemination", side).rules == ("no_dissemination",)
        assert _gap(found, "learning_use", side).rules == ()


def test_without_learning_outcomes_their_flags_are_not_asked_for_apart():
    found = _diagnosis(_document(lambda p: p.update(learning_outcomes=[])))
    assert not {"recognition", "dissemination", "learning_use"} & {gap.part for gap in found.gaps}


def test_learning_by_one_side_is_a_gap_when_the_other_side_is_not_on_record_at_all():
    def undocumented(p):
        _one_side_learns(p)
        p["actors"] = [a for a in p["actors"] if a["side"] != "zeist"]
        p["objectives"] = [o for o in p["objectives"] if o["side"] != "zeist"]
        for exchange in p["exchanges"]:
            exchange["participants"] = [x for x in exchange["participants"] if x["side"] != "zeist"]

    found = _diagnosis(_document(undocumented))
    assert found.check("one_way_learning").status == "not_checked"
    assert "one_way_learning" in _gap(found, "learning_outcomes", "zeist").rules


def test_without_learning_outcomes_one_way_knowledge_flows_fire_and_learning_is_still_asked_for():
    def one_way(p):
        p["learning_outcomes"] = []
        p["exchanges"][1]["knowledge"].pop(1)

    finding = _only(_document(one_way), "one_way_learning")
    assert finding.fact_texts == [
        "No learning outcome recorded; knowledge flows recorded: 1, all one way: Zeist → Berkane."
    ]


def test_without_exchanges_the_exchange_rules_are_not_checked_and_civil_society_is_no_finding():
    def grassroots(p):
        p.update(initiation="civil_society", exchanges=[])
        p["actors"] = [a for a in p["actors"] if a["type"] in ("ngo", "migrant_organisation")]

    found = _diagnosis(_document(grassroots))
    assert all(f.rule != "civil_society_without_local_gov" for f in found.findings)
    gap = _gap(found, "exchanges", None)
    assert gap.what.text == "No exchanges are recorded."
    assert {"civil_society_without_local_gov", "no_peer_to_peer", "exploratory_without_follow_up"} <= set(
        gap.rules
    )


def test_a_project_with_participants_not_named_is_not_read_as_without_local_government():
    def unnamed(p):
        _civil_society_alone(p)
        p["exchanges"][1]["participants"].append({"side": "berkane", "count": 4})

    assert _findings(_document(unnamed), "civil_society_without_local_gov") == []


def test_a_network_is_read_only_where_its_municipality_is_among_the_actors():
    found = _diagnosis(_document(lambda p: p.update(actors=[a for a in p["actors"] if a["key"] != "desk"])))
    assert found.check("narrow_governance_network").status == "partly_checked"
    gap = _gap(found, "municipality", "zeist")
    assert gap.what.text.startswith("The municipality of Zeist is not among its actors recorded")
    assert "narrow_governance_network" in gap.rules


def test_a_higher_level_of_government_or_many_local_partners_mean_a_network_beyond_the_municipality():
    def ministry(p):
        _municipal_network(p)
        p["actors"].append({"key": "ministry", "side": "zeist", "type": "national_ministry"})

    assert _findings(_document(ministry), "narrow_governance_network") == []

    def few(p):
        p["actors"] = [a for a in p["actors"] if a["key"] != "college"]

    [fact] = _only(_document(few), "narrow_governance_network").fact_texts
    assert fact.startswith("Zeist — actors recorded: 2; only Teacher is not part of the municipality")


def test_rule_6_needs_how_the_partnership_was_initiated():
    found = _diagnosis(_document(lambda p: (_reacting(p), p.pop("initiation"))))
    assert found.check("municipality_as_reactor").status == "not_checked"
    gap = _gap(found, "initiation", None)
    assert gap.rules == ("municipality_as_reactor",) and gap.form == "partnership"


def test_rule_6_is_silent_where_the_municipality_took_the_initiative_or_holds_an_objective():
    def initiator(p):
        _reacting(p)
        p["actors"][0]["roles"] = ["initiator"]  # Zeist's desk

    assert _findings(_document(initiator), "municipality_as_reactor") == []

    def own(p):
        _reacting(p)
        p["objectives"].append(
            {"key": "z2", "side": "zeist", "actor": "desk", "type": "economic_development"}
        )

    assert _findings(_document(own), "municipality_as_reactor") == []

    def others_started(p):
        _reacting(p)
        p["actors"][3]["roles"] = ["initiator"]  # the teacher

    facts = _only(_document(others_started), "municipality_as_reactor").fact_texts
    assert facts[0] == "Zeist: the initiative is recorded as taken by Teacher, not its municipality."


EMPTY = {
    "municipalities": HEALTHY["municipalities"],
    "partnerships": [{"key": "e", "name": "Empty", "municipalities": ["zeist", "berkane"]}],
}


@pytest.mark.parametrize(
    "document",
    [EMPTY, HEALTHY, *(_document(change) for change, _facts in FIRING.values())],
    ids=["empty", "healthy", *sorted(FIRING)],
)
def test_a_rule_leaves_gaps_only_in_what_it_says_it_needs(document):
    found = _diagnosis(document)
    for gap in found.gaps:
        for name in gap.rules:
            assert gap.part in {need.part for need in RULES[name].needs}, (name, gap.part)
    assert {check.status for check in found.checks} <= set(STATUSES)


def test_what_no_rule_needs_is_a_gap_too_without_rules():
    found = _diagnosis(HEALTHY)
    # all that is missing of the complete record: resources, and coded passages (it has no evidence)
    assert {gap.part for gap in found.gaps} == {
        "resources",
        *(f"evidence:{t.key}" for t in vocabulary("dimension").terms),
    }
    resources = [gap for gap in found.gaps if gap.part == "resources"]
    assert [(gap.side, gap.rules) for gap in resources] == [("zeist", ()), ("berkane", ())]
    assert resources[0].what.text == "No resources are recorded for Zeist."
    assert part("resources").used_for
    passages = _gap(found, "evidence:process_trust", "berkane")
    assert passages.what.text == "No passage from Berkane's sources is coded for “Process-based trust”."
    assert passages.form == "evidence"


def test_a_partnership_with_nothing_recorded_has_only_gaps():
    found = _diagnosis(EMPTY)
    assert found.findings == ()
    assert {check.status for check in found.checks} == {"not_checked"}
    waiting = {name for gap in found.gaps for name in gap.rules}
    # the corridor rule asks for the linkage only beside a large corridor, and for migrant stocks only
    # beside a linkage recorded as none or limited: with neither on record it asks for nothing
    assert waiting == set(RULES) - {"corridor_without_linkage"}
    assert [g.side for g in found.gaps if g.part == "actors"] == ["zeist", "berkane"]
    assert found.gaps[-1].side is None  # the partnership as a whole comes after its sides
    assert data_gaps(Dataset.from_document(EMPTY)) == list(found.gaps)


# --- choosing rules, and results as records ----------------------------------------------------


def test_rules_can_be_chosen_by_name_and_unknown_names_are_refused():
    ds = Dataset.from_document(_document(_unclear))
    assert [f.rule for f in diagnose(ds, rules=["no_clear_objectives"])] == ["no_clear_objectives"]
    assert diagnose(ds, rules=["no_peer_to_peer"]) == []
    with pytest.raises(ValueError, match="unknown rules nope"):
        diagnose(ds, rules=["nope"])


def test_a_rule_is_still_a_function_of_dataset_and_partnership():
    ds = Dataset.from_document(_document(_unclear))
    finding = RULES["no_clear_objectives"](ds, ds.partnership("zb"))
    assert finding is not None and finding.recommendation_number == 5


def test_findings_and_diagnoses_are_records():
    ds = Dataset.from_document(_document(_unclear))
    record = diagnose(ds)[0].to_record()
    assert record["rule"] == "no_clear_objectives" and record["recommendation_source"] == "ch. 10, rec. 5"
    assert record["facts"] == "Zeist — objectives recorded: 1, none marked as clearly formulated."
    [found] = diagnosis(ds)
    rows = found.to_records()
    assert len(rows) == len(RULES)
    assert next(r for r in rows if r["rule"] == "no_clear_objectives")["status"] == "fired"
    [gap] = data_gaps(Dataset.from_document(_document(lambda p: p.pop("initiation"))))[-1:]
    assert gap.to_record()["rules"] == ("municipality_as_reactor",)
