"""The project form: the Sustainable Development Goals ticked, their targets typed, a wrong target refused."""

from __future__ import annotations

from mutuality.partnerships.models import Project

NEW = "/partnerships/haarlem-emirdag/projects/new/"


def project_form(**fields):
    return {"name": "Waste", "types": ["local_governance"], "scale_level": "project", **fields}


def test_the_form_offers_the_seventeen_goals_and_saves_the_ticked_ones_with_their_targets(
    officer_client, partnership
):
    page = officer_client.get(NEW).content.decode()
    assert page.count('name="sdgs"') == 17 and "Sustainable cities and communities" in page
    response = officer_client.post(
        NEW, project_form(sdgs=["sdg_11", "sdg_12"], sdg_targets="11.6; 12.5, 11.b")
    )
    assert response.status_code == 302
    saved = Project.objects.get(name="Waste")
    assert (saved.sdgs, saved.sdg_targets) == (["sdg_11", "sdg_12"], ["11.6", "12.5", "11.b"])
    edit = officer_client.get(f"/partnerships/haarlem-emirdag/projects/{saved.key}/edit/").content.decode()
    assert 'value="11.6, 12.5, 11.b"' in edit


def test_a_target_the_agenda_does_not_set_or_of_a_goal_not_ticked_is_refused(officer_client, partnership):
    for targets, says in (
        ("11.9", "Not a target of the 2030 Agenda: 11.9"),
        ("12.5", "12.5: a target belongs"),
    ):
        response = officer_client.post(NEW, project_form(sdgs=["sdg_11"], sdg_targets=targets))
        assert response.status_code == 400
        assert says in " ".join(response.context["form"].errors["sdg_targets"])
    assert not Project.objects.filter(name="Waste").exists()


def test_a_project_may_leave_its_goals_unrecorded(officer_client, partnership):
    assert officer_client.post(NEW, project_form()).status_code == 302
    assert Project.objects.get(name="Waste").sdgs == []
