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
from mutuality.web.evidence.views import memo_base
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


def hidden(page: str, name: str) -> str:
    """The value of the hidden field ``name`` of a page's form."""
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page).group(1)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/partnerships/{p1}/edit/", FIELD),
        ("/partnerships/{p1}/actors/{actor}/edit/", FIELD),
        ("/partnerships/{p1}/exchanges/visit/edit/", FIELD),
        ("/municipalities/emirdag/edit/", FIELD),
        ("/sources/{source}/edit/", FIELD),
        ("/sources/{source}/text/", "base"),
        ("/codings/{coding}/change/", FIELD),  # a coding changed on the workbench, its memo with it
    ],
)
def test_every_form_on_a_stored_record_carries_its_token(world: World, path: str, field: str):
    actor = world.records[("actors", "A")]
    url = path.format(p1=world.p1.key, actor=actor.key, source=world.open_source.key, coding=world.coding.pk)
    page = client_for(world, "admin").get(url).content.decode()
    assert hidden(page, field)


def test_a_new_record_has_no_token_to_carry(world: World):
    page = client_for(world, "admin").get("/municipalities/new/").content.decode()
    assert FIELD not in page


def test_a_source_edited_by_two_researchers_keeps_the_first_edit_and_the_refusal_can_be_saved_over(
    world: World,
):
    source = world.open_source
    path = f"/sources/{source.key}/edit/"
    first, second = client_for(world, "researcher"), client_for(world, "admin")
    base_first, base_second = opened(first, path), opened(second, path)
    fields = {"title": "", "kind": "interview", "partnerships": [world.p1.pk], "language": "en"}

    assert first.post(path, {**fields, "title": "By the first", **base_first}).status_code == 302
    refused = second.post(path, {**fields, "title": "By the second", **base_second})

    assert refused.status_code == 409
    assert "Someone else saved this after you opened it" in refused.content.decode()
    source.refresh_from_db()
    assert source.title == "By the first"
    # The refusal carries the record as it is now: saving it again is a choice made knowing that.
    again = hidden(refused.content.decode(), FIELD)
    assert again != base_second[FIELD]
    assert second.post(path, {**fields, "title": "By the second", FIELD: again}).status_code == 302


def test_a_refused_text_carries_the_newest_version_it_was_refused_for(world: World):
    source = world.open_source
    path = f"/sources/{source.key}/text/"
    client = client_for(world, "researcher")
    opened_at = hidden(client.get(path).content.decode(), "base")
    assert client.post(path, {"text": "First edit.", "base": opened_at}).status_code == 302
    refused = client.post(path, {"text": "Second edit.", "base": opened_at})
    assert refused.status_code == 409
    page = refused.content.decode()
    newest = str(source.current.number)
    assert f"Someone saved version {newest} of this text" in page and hidden(page, "base") == newest


def test_a_memo_is_refused_only_when_the_memo_changed_not_the_rest_of_its_coding(world: World):
    coding = world.coding
    client = client_for(world, "researcher")
    opened_on = memo_base(coding.memo)  # what the memo's form carries, as a script sends it
    Coding.objects.filter(pk=coding.pk).update(needs_review=True)  # flagged by a new version meanwhile
    client.post(f"/codings/{coding.pk}/memo/", {"memo": "mine", "base": opened_on})
    coding.refresh_from_db()
    assert coding.memo == "mine"


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
