"""The partnership page at a glance: the six dimensions for each side's learning with their passages,
the balance of learning, the three findings resting on most with their recommendation and how complete
the records are, each linking into the report; evidence counted only as far as the reader may read it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from mutuality.analysis.diagnostics import Fact, Finding
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding
from mutuality.web.glance import ranked
from tests.accounts.conftest import World, client_for
from tests.accounts.conftest import world as world  # noqa: F401 - the shared cast


def glance_of(client: Client, key: str) -> str:
    page = client.get(f"/partnerships/{key}/").content.decode()
    found = re.search(r'<section class="glance".*?</section>', page, re.S)
    assert found, "the page has no glance block"
    return found.group(0)


def cells(block: str) -> dict[tuple[str, str], str]:
    """Each dimension cell's words (level and passages), by (side, dimension)."""
    found = re.findall(
        r'data-testid="dimension-cell" data-side="([^"]+)" data-dimension="([^"]+)"[^>]*>'
        r'<span class="visually-hidden">.*?</span>(.*?)</span>',
        block,
        re.S,
    )
    return {(side, dimension): re.sub(r"<[^>]+>", "", text).strip() for side, dimension, text in found}


def test_zeist_berkane_at_a_glance_shows_both_sides_findings_and_completeness_linked_to_the_report(
    officer_client, case_studies
):
    """Zeist–Berkane of the case studies (restoring them takes about a second and a half)."""
    block = glance_of(officer_client, "zeist-berkane")
    levels = cells(block)
    assert len(levels) == 12  # six dimensions for each of the two sides
    assert levels[("berkane", "process_trust")] == "Strong 3"
    assert levels[("zeist", "power_equality")] == "Limited 2"
    # No passage on a side's learning is said as not recorded, never as a level or a zero.
    assert levels[("zeist", "professional_similarity")] == "not recorded"
    # Zeist keeps the record: its row comes first.
    assert block.index('data-side="zeist"') < block.index('data-side="berkane"')

    findings = re.findall(r'data-testid="glance-finding">(.*?)</li>', block, re.S)
    # The study does not say whether the learning was shared, nor whether Berkane recognised its
    # waste-management learning: no finding rests on that (recommendations 1 and 2), it is data to record.
    assert len(findings) == 1
    assert "ch. 10, rec. 3" in findings[0] and "knowledge went only from Zeist to Berkane" in findings[0]
    assert not [f for f in findings if "disseminated" in f or "recognised" in f]

    assert "Learned by <bdi>Berkane</bdi>" in block and "0.86" in block
    # Zeist: no passage on two dimensions of its learning; whether its learning was shared, and what
    # else became of it, not recorded
    assert "11 of 15 parts recorded" in block
    for anchor in ("#dimensions", "#mutuality", "#diagnostics", "#completeness", "#record-next"):
        assert f'href="/partnerships/zeist-berkane/report/{anchor}"' in block
    # The framework's terms explain themselves on hover, and on a tap open their definition.
    assert 'href="/framework/#dimension-process_trust" title="Trust that grows' in block
    assert "Table 8.1" not in block and "Whose learning" not in block and "contradicting" not in block


def test_a_partnership_with_little_recorded_shows_what_is_missing_not_zeros(officer_client, partnership):
    block = glance_of(officer_client, "haarlem-emirdag")
    assert set(cells(block).values()) == {"not recorded"}
    learned = re.findall(r'data-testid="learned">([^<]*)<', block)
    assert learned == ["none recorded", "1"]  # Haarlem learned nothing on record; Emirdağ one outcome
    assert "one-way: only one side learned" in block


@pytest.fixture
def coded(world: World) -> World:
    """Emirdağ's learning coded with process-based trust: strong in the open interview, limited in
    the confidential one."""
    code = framework_code("dimension", "process_trust")
    for source, assessment in ((world.open_source, "strong"), (world.confidential_source, "limited")):
        Coding.objects.create(
            version=source.current,
            start=0,
            end=4,
            code=code,
            coder=world.users["researcher"],
            assessment=assessment,
            concerns_side=world.side_a,
        )
    return world


def test_a_researcher_sees_every_passage_a_viewer_only_the_open_ones(coded):
    researcher = cells(glance_of(client_for(coded, "researcher"), coded.p1.key))
    assert researcher[("emirdag", "process_trust")] == "Mixed 2"
    viewer_block = glance_of(client_for(coded, "viewer"), coded.p1.key)
    assert cells(viewer_block)[("emirdag", "process_trust")] == "Strong 1"
    assert "Counted from the sources open to you." in viewer_block


def test_a_reader_without_evidence_rights_sees_no_counts_from_the_evidence(coded):
    block = glance_of(client_for(coded, "contributor"), coded.p1.key)
    assert cells(block) == {}
    assert 'data-testid="evidence-closed"' in block
    # Completeness leaves the evidence out, rather than calling it not recorded: 9 parts per side.
    assert re.findall(r'data-testid="recorded">([^<]*)<', block)[0].endswith("of 9 parts recorded")


def finding(rule: str, recommendation: str, facts: int, records: int) -> Finding:
    return Finding(
        rule,
        recommendation,
        "zeist-berkane",
        tuple(Fact(f"fact {n}") for n in range(facts)),
        tuple(f"exchange:e{n}" for n in range(records)),
    )


def test_findings_resting_on_more_come_first_and_equals_by_recommendation_number():
    """The reader's three: what more facts and records show before what one record shows, whatever the
    order the rules run in."""
    migrants = finding("no_migrants_involved", "include_migrants", 1, 0)
    recognised = finding("learning_not_recognised", "seek_mutual_learning", 1, 1)
    peer = finding("one_way_peer_exchanges", "peer_to_peer", 1, 1)
    dissemination = finding("no_dissemination", "use_governance_networks", 1, 7)
    objectives = finding("no_clear_objectives", "invest_long_term", 2, 0)
    found = [migrants, peer, recognised, objectives, dissemination]
    assert ranked(found) == [dissemination, recognised, peer, objectives, migrants]
    assert found == [migrants, peer, recognised, objectives, dissemination]  # the rules' order is kept
    assert ranked([]) == []
