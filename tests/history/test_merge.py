"""Merging codes: each moved coding and memo keeps a history entry with its code before and after."""

from __future__ import annotations

from django.urls import reverse

from mutuality.evidence.codebook import merge_codes
from mutuality.evidence.models import Code, Coding, Memo
from mutuality.history.models import Change
from tests.accounts.conftest import client_for


def changes_of(record):
    return Change.objects.filter(model=record._meta.label_lower, object_id=str(record.pk)).order_by("id")


def test_a_merge_shows_on_the_moved_codings_history_with_the_code_before_and_after(world):
    merged = Code.objects.create(name="Trust (old)")
    into = Code.objects.create(name="Trust")
    merged_pk = merged.pk
    coding = Coding.objects.create(
        version=world.open_source.current, start=0, end=3, code=merged, coder=world.users["researcher"]
    )
    memo = Memo.objects.create(code=merged, text="Early notes on trust", author=world.users["researcher"])
    client = client_for(world, "researcher")
    response = client.post(reverse("code-merge", args=[merged.pk]), {"into": into.pk})
    assert response.status_code == 302
    coding.refresh_from_db()
    assert coding.code == into

    change = changes_of(coding).last()
    assert change.action == "changed"
    assert change.changes == {"code_id": [merged_pk, into.pk]}
    assert (
        change.user == world.users["researcher"] and change.username == "researcher" and change.via == "web"
    )
    assert change.object_repr.startswith("Trust: ")
    assert change.parent_model == "evidence.sourceversion" and change.parent_id == str(coding.version_id)
    moved_memo = changes_of(memo).last()
    assert moved_memo.changes == {"code_id": [merged_pk, into.pk]}
    assert moved_memo.parent_model == "evidence.code" and moved_memo.parent_id == str(into.pk)
    assert changes_of(merged).last().action == "deleted"

    # The coding's history page, and its source's, show the change of code.
    for model, pk in (("evidence.coding", coding.pk), ("evidence.source", world.open_source.pk)):
        page = client.get(reverse("record-history", args=[model, pk])).content.decode()
        assert f"<del>{merged_pk}</del> <ins>{into.pk}</ins>" in page, model


def test_merging_thousands_of_codings_writes_their_history_in_a_few_queries(
    world, django_assert_max_num_queries
):
    merged = Code.objects.create(name="Many (old)")
    into = Code.objects.create(name="Many")
    version = world.open_source.current
    coder = world.users["researcher"]
    Coding.objects.bulk_create(
        Coding(version=version, start=0, end=3, quote=version.text[:3], code=merged, coder=coder)
        for _ in range(3000)
    )
    before, merged_pk = Change.objects.count(), merged.pk
    # A save per coding would take three queries each; bulk INSERTs take one per batch (about 90
    # rows on SQLite, which limits the parameters of a statement; 1,000 on PostgreSQL).
    with django_assert_max_num_queries(60):
        assert merge_codes(merged, into) == 3000
    entries = Change.objects.filter(model="evidence.coding", action="changed").order_by("id")
    assert Change.objects.count() - before == 3001  # 3000 codings moved, the merged code deleted
    assert entries.count() == 3000
    assert all(entry.changes == {"code_id": [merged_pk, into.pk]} for entry in entries)
    assert set(entries.values_list("object_id", flat=True)) == {
        str(pk) for pk in into.codings.values_list("pk", flat=True)
    }
