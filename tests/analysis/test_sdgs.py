"""Projects, exchanges and learning per Sustainable Development Goal: what is not recorded is counted as such.

``DOCUMENT`` is in the data format, so the report's tests load it into the database too.
"""

from __future__ import annotations

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.sdgs import GoalCount, sdg_counts


def outcome(key, side, **links):
    return {"key": key, "side": side, "description": "d", "form": "transfer", **links}


DOCUMENT = {
    "municipalities": [
        {"key": "zeist", "name": "Zeist", "country": "NL"},
        {"key": "berkane", "name": "Berkane", "country": "MA"},
        {"key": "haarlem", "name": "Haarlem", "country": "NL"},
        {"key": "emirdag", "name": "Emirdağ", "country": "TR"},
    ],
    "partnerships": [
        {
            "key": "zeist-berkane",
            "name": "Zeist–Berkane",
            "municipalities": ["zeist", "berkane"],
            "projects": [
                {
                    "key": "waste",
                    "name": "Waste",
                    "types": ["local_governance"],
                    "sdgs": ["sdg_11", "sdg_12"],
                },
                {"key": "youth", "name": "Youth", "types": ["local_governance"], "sdgs": ["sdg_4"]},
                {"key": "unrecorded", "name": "Unrecorded", "types": ["economic_development"]},
            ],
            "exchanges": [
                {
                    "key": "x1",
                    "title": "Visit x1",
                    "project": "waste",
                    "start": "2008",
                    "method": "field_visit",
                },
                {
                    "key": "x2",
                    "title": "Visit x2",
                    "project": "waste",
                    "start": "2009",
                    "method": "training_course",
                },
                {
                    "key": "x3",
                    "title": "Visit x3",
                    "project": "unrecorded",
                    "start": "2009",
                    "method": "training_course",
                },
                {"key": "x4", "title": "Visit x4", "start": "2010", "method": "third_party_conference"},
            ],
            "learning_outcomes": [
                outcome("l1", "zeist", project="waste"),
                outcome("l2", "berkane", exchange="x2"),  # through its exchange's project
                outcome("l3", "berkane", exchange="x3"),
                outcome("l4", "zeist"),  # no project at all
            ],
        },
        {
            "key": "haarlem-emirdag",
            "name": "Haarlem–Emirdağ",
            "municipalities": ["haarlem", "emirdag"],
            "projects": [{"key": "fire", "name": "Fire", "types": ["local_governance"], "sdgs": ["sdg_11"]}],
            "exchanges": [
                {
                    "key": "f1",
                    "title": "Visit f1",
                    "project": "fire",
                    "start": "2008",
                    "method": "field_visit",
                }
            ],
        },
    ],
}


def test_each_goal_counts_its_projects_their_exchanges_and_learning_in_the_goals_order():
    found = sdg_counts(Dataset.from_document(DOCUMENT))
    assert found.goals == (
        GoalCount("sdg_4", projects=1, exchanges=0, learning_outcomes=0, partnerships=1),
        GoalCount("sdg_11", projects=2, exchanges=3, learning_outcomes=2, partnerships=2),
        GoalCount("sdg_12", projects=1, exchanges=2, learning_outcomes=2, partnerships=1),
    )


def test_projects_without_goals_are_not_recorded_and_what_names_no_project_is_counted_apart():
    found = sdg_counts(Dataset.from_document(DOCUMENT))
    assert found.not_recorded == GoalCount(None, projects=1, exchanges=1, learning_outcomes=1, partnerships=1)
    assert (found.projects, found.recorded) == (4, 3)
    assert (found.exchanges_without_project, found.outcomes_without_project) == (1, 1)


def test_only_the_partnerships_asked_for_are_counted():
    found = sdg_counts(Dataset.from_document(DOCUMENT), ["haarlem-emirdag"])
    assert found.goals == (GoalCount("sdg_11", projects=1, exchanges=1, learning_outcomes=0, partnerships=1),)
    assert found.not_recorded.projects == 0 and found.projects == 1


def test_a_programme_without_projects_counts_nothing():
    found = sdg_counts(Dataset.from_document({"partnerships": []}))
    assert found.goals == () and found.projects == 0
