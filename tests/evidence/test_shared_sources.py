"""A source shared by two partnerships, saved by a researcher of only one of them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.models import Source
from mutuality.evidence.versions import add_version
from tests.accounts.conftest import World, client_for
from tests.accounts.conftest import world as world  # noqa: F401 - the shared cast


def shared_source(world: World, *, confidential: bool) -> Source:
    """A source of both partnerships, told from a side of the second (which the researcher does not research)."""
    source = Source.objects.create(
        title="Shared interview", kind="interview", confidential=confidential, side=world.p2.sides.first()
    )
    source.partnerships.add(world.p1, world.p2)
    add_version(source, "Words of a shared interview.", user=world.users["admin"])
    return source


def details(world: World, source: Source, **changes: object) -> dict[str, object]:
    """The edit form as a browser sends it: the researcher sees only the first partnership, and a
    read-only field (the confidentiality, the other partnership's side) is not sent at all."""
    return {"title": source.title, "kind": source.kind, "partnerships": [world.p1.pk], **changes}


@pytest.mark.parametrize("confidential", [True, False])
def test_saving_keeps_the_other_partnership_and_its_confidentiality(world: World, confidential: bool):
    source = shared_source(world, confidential=confidential)
    side = source.side
    client = client_for(world, "researcher")
    form = client.get(reverse("source-edit", args=[source.key])).content.decode()
    offered = re.search(r'<select name="partnerships".*?</select>', form, re.S).group(0)
    assert world.p1.name in offered and world.p2.name not in offered  # so it cannot be unticked
    assert "those links stay as they are" in form
    assert "only someone who researches all of them can change this" in form

    forged = {"confidential": "on"} if not confidential else {}  # a browser would send neither
    response = client.post(
        reverse("source-edit", args=[source.key]), details(world, source, title="Renamed", **forged)
    )

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Renamed"
    assert set(source.partnerships.all()) == {world.p1, world.p2}
    assert source.confidential is confidential
    assert source.side == side


def test_leaving_out_their_own_partnership_leaves_the_source_with_the_other(world: World):
    source = shared_source(world, confidential=False)
    client = client_for(world, "researcher")
    response = client.post(reverse("source-edit", args=[source.key]), details(world, source, partnerships=[]))
    assert response.status_code == 302
    assert list(source.partnerships.all()) == [world.p2]


def test_a_researcher_of_every_partnership_changes_the_confidentiality(world: World):
    source = shared_source(world, confidential=True)
    Membership.objects.create(user=world.users["researcher"], partnership=world.p2, role=Role.RESEARCHER)
    client = client_for(world, "researcher")
    data = {**details(world, source), "partnerships": [world.p1.pk, world.p2.pk], "side": source.side.pk}
    response = client.post(reverse("source-edit", args=[source.key]), data)  # "confidential" unticked
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.confidential is False
    assert set(source.partnerships.all()) == {world.p1, world.p2}
