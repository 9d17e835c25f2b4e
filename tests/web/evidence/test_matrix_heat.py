"""The matrix and co-occurrence pages as a heat map: shaded cells, each linked to the passages it counts."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.matrix import ATTRIBUTES
from mutuality.evidence.models import Coding
from mutuality.partnerships.models import Partnership
from tests.web.evidence.test_coding_views import selection


def linked_cells(client: Client, by: str) -> list[dict[str, object]]:
    response = client.get("/matrix/", {"by": by})
    assert response.status_code == 200
    return [cell for row in response.context["rows"] for cell in row["cells"] if cell["url"]]


def listed(client: Client, url: str) -> int:
    return client.get(url).context["page"].paginator.count


@pytest.mark.parametrize("by", sorted(ATTRIBUTES))
def test_each_cell_of_the_case_studies_matrix_links_to_exactly_the_passages_it_counts(
    officer_client, case_studies, by
):
    """The link is made per attribute, so the three smallest and three largest cells of each stand
    for the rest (every cell was tens of pages an attribute, up to 8 s)."""
    cells = sorted(linked_cells(officer_client, by), key=lambda cell: cell["count"])
    if by != "respondent_role":  # the case studies' coded sources name no respondent's role
        assert cells
    for cell in cells[:3] + cells[3:][-3:]:
        assert listed(officer_client, cell["url"]) == cell["count"], (by, cell)


def test_a_researcher_follows_cells_to_the_passages_of_their_own_partnership_only(case_studies):
    partnership = Partnership.objects.filter(sources__versions__codings__isnull=False).distinct().first()
    assert partnership is not None
    user = get_user_model().objects.create_user("researcher", password="a-long-test-password")
    Membership.objects.create(user=user, partnership=partnership, role=Role.RESEARCHER)
    client = Client()
    client.force_login(user)
    assert Coding.objects.exclude(version__source__partnerships=partnership).exists()
    for by in ("partnership", "coder"):
        cells = linked_cells(client, by)
        assert cells
        for cell in cells:
            assert listed(client, cell["url"]) == cell["count"], (by, cell)


def test_cells_are_shaded_by_their_share_of_the_largest_and_empty_ones_are_not(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    power = framework_code("dimension", "power_equality")
    for words in ("Trust grew", "ten years", "visits"):
        coder_client.post(
            f"/sources/{source.key}/codings/", {**selection(source, words), "codes": [trust.pk]}
        )
    coder_client.post(f"/sources/{source.key}/codings/", {**selection(source, "visits"), "codes": [power.pk]})

    page = coder_client.get("/matrix/?by=partnership").content.decode()

    assert re.search(r'<td class="number heat-4"><a href="[^"]*" data-testid="cell">3</a>', page)
    assert re.search(r'<td class="number heat-1"><a href="[^"]*" data-testid="cell">1</a>', page)
    assert 'title="Haarlem–Emirdağ"' in page  # a long heading wraps and keeps its whole name


def test_a_cell_of_values_not_recorded_is_counted_but_not_linked(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew"), "codes": [trust.pk]}
    )

    response = coder_client.get("/matrix/?by=assessment")

    (row,) = [row for row in response.context["rows"] if row["code"] == trust]
    assert [(cell["count"], cell["url"]) for cell in row["cells"]] == [(1, "")]
    assert '<td class="number heat-4">1</td>' in response.content.decode()


def test_co_occurring_pairs_are_shaded_and_linked_to_their_pairs(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    power = framework_code("dimension", "power_equality")
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew"), "codes": [trust.pk, power.pk]}
    )

    response = coder_client.get("/cooccurrence/")

    cells = [cell for row in response.context["rows"] for cell in row["cells"]]
    assert sorted((cell["count"], cell["heat"]) for cell in cells) == [(0, None), (0, None), (1, 4), (1, 4)]
    page = response.content.decode()
    assert page.count('<td class="number heat-4"><a href="?') == 2
    assert page.count('<td class="number"></td>') == 2
    for cell in cells:
        if cell["count"]:
            assert coder_client.get("/cooccurrence/" + cell["url"]).context["pair_count"] == cell["count"]
