"""The partnership report sets each side's own rating beside its coded evidence, as the partnership
page does, and says where a round is missing rather than staying silent (issue 19)."""

from __future__ import annotations

from mutuality.datasets import load_report_data
from mutuality.reports.blocks import Paragraph, Table
from mutuality.reports.partnership_sections import partnership_report
from mutuality.selfassessment.models import Answer
from tests.reports.conftest import ZEIST_BERKANE


def section_of(key: str):
    report = partnership_report(load_report_data([key]), key)
    return next(section for section in report.sections if section.id == "self-assessment")


def test_zeist_berkane_reports_both_sides_ratings_beside_their_evidence(case_studies):
    """The case studies with their illustrative round (their set-up takes a few seconds)."""
    section = section_of(ZEIST_BERKANE)
    [table] = [block for block in section.blocks if isinstance(block, Table)]
    assert len(table.headers) == 5 and "own rating" in table.headers[1] and "evidence" in table.headers[2]
    assert len(table.rows) == 6  # the six dimensions
    text = " ".join(block.text for block in section.blocks if isinstance(block, Paragraph))
    assert "Made-up answers for a demonstration" in text
    # Zeist rating every statement at the top: where its evidence is limited, the report says so.
    Answer.objects.filter(response__side__municipality__key="zeist", item__reverse=False).update(value=5)
    Answer.objects.filter(response__side__municipality__key="zeist", item__reverse=True).update(value=1)
    text = " ".join(block.text for block in section_of(ZEIST_BERKANE).blocks if isinstance(block, Paragraph))
    assert "Zeist rates Power and equality high" in text


def test_a_partnership_without_a_round_is_told_what_a_round_would_add(case_studies):
    """On the case studies (their set-up takes a few seconds)."""
    section = section_of("meppel-al-hoceima")
    [note] = section.blocks
    assert "No self-assessment round yet" in note.text
