"""The partnership page at a glance: the six dimensions for each side's learning with their passages,
the balance of learning, the first three findings with their recommendation and how complete the
records are, each linking into the report; evidence counted only as far as the reader may read it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding
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
    assert len(findings) == 3
    assert "Actively look for opportunities for mutual learning" in findings[0]
    assert "ch. 10, rec. 1" in findings[0]
    assert "1 not marked as recognised" in findings[0]

    assert "Learned by <bdi>Berkane</bdi>" in block and "0.86" in block
    assert "10 of 12 parts recorded" in block  # Zeist: no passage on two dimensions of its learning
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
    # Completeness leaves the evidence out, rather than calling it not recorded: 6 parts per side.
    assert re.findall(r'data-testid="recorded">([^<]*)<', block)[0].endswith("of 6 parts recorded")
