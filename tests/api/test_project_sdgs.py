"""A project's Sustainable Development Goals and targets through the API, checked as the forms check them."""

from __future__ import annotations

from django.urls import reverse

from mutuality.partnerships.models import Project


def test_a_project_is_written_and_read_with_its_goals_and_targets(world, api):
    editor = api("editor")
    url = reverse("api-project-list", args=[world.p1.key])
    body = {
        "key": "sdg-project",
        "name": "Cleaner streets",
        "types": ["local_governance"],
        "sdgs": ["sdg_11"],
        "sdg_targets": ["11.6"],
    }
    response = editor.post(url, body)
    assert response.status_code == 201, response.json()
    assert (response.json()["sdgs"], response.json()["sdg_targets"]) == (["sdg_11"], ["11.6"])
    assert Project.objects.get(key="sdg-project").sdgs == ["sdg_11"]
    detail = reverse("api-project-detail", args=[world.p1.key, "sdg-project"])
    assert editor.get(detail).json()["sdg_targets"] == ["11.6"]


def test_an_unknown_goal_or_target_is_refused_and_nothing_saved(world, api):
    url = reverse("api-project-list", args=[world.p1.key])
    base = {"key": "sdg-project", "name": "Cleaner streets", "types": ["local_governance"]}
    refused = api("editor").post(url, {**base, "sdgs": ["sdg_18"]})
    assert refused.status_code == 400 and "sdgs" in refused.json()
    refused = api("editor").post(url, {**base, "sdgs": ["sdg_11"], "sdg_targets": ["11.9"]})
    assert refused.status_code == 400 and "sdg_targets" in refused.json()
    assert not Project.objects.filter(key="sdg-project").exists()
