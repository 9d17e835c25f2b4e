"""The partnership page sets each side's own rating beside the coded evidence on its learning, with
the gap between the sides and where rating and evidence point different ways (issue 19)."""

from __future__ import annotations

import re

from mutuality.selfassessment.models import Round


def block_of(client, key: str) -> str:
    page = client.get(f"/partnerships/{key}/").content.decode()
    return re.search(r'<section id="self-assessment".*?</section>', page, re.S).group(0)


def test_zeist_berkane_shows_the_illustrative_round_beside_the_evidence_with_its_gap(
    officer_client, case_studies
):
    """The case studies with their demo round (the set-up loads them, about 3 s)."""
    round = Round.objects.get(partnership__key="zeist-berkane")
    assert round.illustrative
    block = block_of(officer_client, "zeist-berkane")
    assert "illustrative" in block
    assert block.count('data-testid="evidence-level"') >= 6  # each dimension, beside each side's rating
    gaps = re.search(r'data-testid="sa-gaps">(.*?)</p>', block, re.S).group(1)
    assert "Power and equality" in gaps and "Zeist" in gaps and "Berkane" in gaps


def cells(block: str) -> list[tuple[str, str, str]]:
    """(dimension, side, the evidence's level) of every cell of the block's table."""
    found = []
    for dimension, row in re.findall(r'<tr><th scope="row"><bdi>(.*?)</bdi></th>(.*?)</tr>', block, re.S):
        for side, cell in re.findall(r'<td data-side="(\w+)">(.*?)</td>', row, re.S):
            level = re.search(r"level-(\w+)", cell)
            found.append((dimension, side, level.group(1) if level else ""))
    return found


def test_a_high_rating_where_the_evidence_finds_it_limited_is_named(officer_client, case_studies):
    """On the case studies (their set-up takes a few seconds)."""
    from mutuality.selfassessment.models import Answer

    before = cells(block_of(officer_client, "zeist-berkane"))
    assert {side for _dimension, side, _level in before} == {"zeist", "berkane"}
    limited = [dimension for dimension, side, level in before if side == "zeist" and level == "limited"]
    assert limited  # the case study finds power and equality limited for Zeist's learning
    # Every answer of Zeist's respondents at the top of the scale, the items in reverse too.
    Answer.objects.filter(response__side__municipality__key="zeist", item__reverse=False).update(value=5)
    Answer.objects.filter(response__side__municipality__key="zeist", item__reverse=True).update(value=1)
    block = block_of(officer_client, "zeist-berkane")
    notes = re.findall(r"<li>(Zeist rates .*?)</li>", block, re.S)
    assert sorted(note.split(" rates ")[1].split(" high ")[0] for note in notes) == sorted(limited)
