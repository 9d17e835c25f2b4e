"""Lists come in pages with counts, and filter by keys and vocabulary keys."""

from __future__ import annotations

from django.urls import reverse


def keys(response):
    assert response.status_code == 200, response.content
    return {item.get("key", item.get("id")) for item in response.json()["results"]}


def test_lists_come_in_pages_with_counts(world, api):
    admin = api("admin")
    first = admin.get(reverse("api-code-list"), page_size=10).json()
    assert first["count"] > 10 and len(first["results"]) == 10 and first["previous"] is None
    second = admin.get(first["next"].removeprefix("http://testserver")).json()
    assert second["count"] == first["count"]
    assert not {c["id"] for c in first["results"]} & {c["id"] for c in second["results"]}
    assert admin.get(reverse("api-code-list"), page=9999).status_code == 404


def test_records_filter_by_side_and_type(world, api):
    viewer = api("viewer")
    actors = reverse("api-actor-list", args=[world.p1.key])
    on_a = viewer.get(actors, side=world.side_a.municipality.key).json()["results"]
    assert on_a and {a["side"] for a in on_a} == {world.side_a.municipality.key}
    assert world.records[("actors", "A")].key in {a["key"] for a in on_a}
    assert keys(viewer.get(actors, type="no-such-type")) == set()
    projects = reverse("api-project-list", args=[world.p1.key])
    assert keys(viewer.get(projects, type="local_governance")) == {"waste"}
    assert keys(viewer.get(projects, type="twinning")) == set()


def test_sources_and_codings_filter_by_partnership_source_and_code(world, api):
    researcher = api("researcher")
    sources = reverse("api-source-list")
    assert keys(researcher.get(sources, partnership=world.p1.key)) == {
        world.open_source.key,
        world.confidential_source.key,
    }
    assert keys(researcher.get(sources, partnership=world.p1.key, confidential="false")) == {
        world.open_source.key
    }
    codings = reverse("api-coding-list")
    assert keys(researcher.get(codings, code=world.code.pk)) == {world.coding.pk}
    assert keys(researcher.get(codings, code="dimension/process_trust")) == {world.coding.pk}
    assert keys(researcher.get(codings, code="dimension/power_equality")) == set()
    assert keys(researcher.get(codings, source=world.open_source.key)) == {world.coding.pk}
    assert keys(researcher.get(codings, source=world.confidential_source.key)) == set()
    codes = researcher.get(reverse("api-code-list"), vocabulary="dimension", term="process_trust").json()
    assert [c["id"] for c in codes["results"]] == [world.code.pk]
