"""Two people at once: coders both keep their codings; the second of two editors is told, not overwritten."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.models import Coding
from mutuality.web.conflicts import FIELD
from tests.accounts.conftest import World, client_for


def opened(client, path: str) -> dict[str, str]:
    """The hidden fingerprint of a form as the browser received it."""
    page = client.get(path).content.decode()
    return {FIELD: re.search(rf'name="{FIELD}" value="([0-9a-f]+)"', page).group(1)}


def test_the_second_editor_saving_the_same_record_gets_a_conflict_and_the_first_edit_stays(world: World):
    second_editor = type(world.users["editor"]).objects.create_user(
        "editor2", password="a-long-test-password"
    )
    Membership.objects.create(
        user=second_editor, partnership=world.p1, side=world.side_a, role=Role.PARTNER_EDITOR
    )
    actor = world.records[("actors", "A")]
    path = f"/partnerships/{world.p1.key}/actors/{actor.key}/edit/"
    first, second = client_for(world, "editor"), client_for(world, "editor")
    second.force_login(second_editor)
    base_first, base_second = opened(first, path), opened(second, path)
    fields = {"side": world.side_a.pk, "kind": "organisation", "type": "local_government"}

    saved = first.post(path, {**fields, "name": "Renamed by the first", **base_first})
    refused = second.post(path, {**fields, "name": "Renamed by the second", **base_second})

    assert saved.status_code == 302
    assert refused.status_code == 409
    assert "Someone else saved this record after you opened it" in refused.content.decode()
    actor.refresh_from_db()
    assert actor.name == "Renamed by the first"


def test_a_text_edited_by_two_researchers_keeps_the_first_version_and_tells_the_second(world: World):
    source = world.open_source
    path = f"/sources/{source.key}/text/"
    client = client_for(world, "researcher")
    number = source.current.number
    assert client.post(path, {"text": "First edit.", "base": number}).status_code == 302
    refused = client.post(path, {"text": "Second edit.", "base": number})
    assert refused.status_code == 409
    assert source.versions.count() == 2 and source.current.text == "First edit."


@pytest.mark.django_db(transaction=True)
def test_two_coders_coding_the_same_source_at_the_same_time_both_keep_their_codings(world: World):
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database locks whole tables between threads; "
            "this runs on PostgreSQL (the CI's second pass), where requests write at the same time"
        )
    Membership.objects.create(user=world.users["outsider"], partnership=world.p1, role=Role.RESEARCHER)
    source = world.open_source
    text = source.current.text
    before = Coding.objects.count()
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def code(role: str, words: str) -> None:
        client = client_for(world, role)
        start = text.index(words)
        barrier.wait()
        try:
            response = client.post(
                f"/sources/{source.key}/codings/",
                {"start": start, "end": start + len(words), "quote": words, "codes": [world.code.pk]},
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=code, args=("researcher", "waste")),
        threading.Thread(target=code, args=("outsider", "trust")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302, 302]
    assert Coding.objects.count() == before + 2
    assert {c.coder.username for c in Coding.objects.filter(quote__in=["waste", "trust"])} == {
        "researcher",
        "outsider",
    }
