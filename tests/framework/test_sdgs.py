"""The Sustainable Development Goals: 17 goals, cited from the 2030 Agenda, with their 169 targets."""

from __future__ import annotations

import pytest
from django.utils import translation

from mutuality.framework import vocabulary
from mutuality.framework.sdgs import TARGETS, goal_number, is_target, target_goal, target_order


def test_there_are_seventeen_goals_in_their_order():
    goals = vocabulary("sdg")
    assert goals.keys() == [f"sdg_{number}" for number in range(1, 18)]
    assert goals.multiple
    assert goals["sdg_11"].label == "Sustainable cities and communities"
    assert goals["sdg_17"].label == "Partnerships for the goals"


def test_every_goal_cites_the_resolution_and_the_vocabulary_the_oecd_framework_too():
    goals = vocabulary("sdg")
    assert "A/RES/70/1" in goals.source and "OECD" in goals.source
    for term in goals:
        assert term.source == f"UN A/RES/70/1, Goal {goal_number(term.key)}"


def test_the_resolution_sets_169_targets():
    assert sum(numbered + lettered for numbered, lettered in TARGETS.values()) == 169


@pytest.mark.parametrize("text", ["1.1", "1.5", "1.b", "11.6", "11.a", "11.c", "16.10", "17.19"])
def test_a_target_of_the_agenda_is_one(text):
    assert is_target(text)


@pytest.mark.parametrize(
    "text",
    ["11", "11.9", "11.d", "1.c", "17.a", "17.20", "18.1", "0.1", "11.06", "11.A", " 11.6", "SDG 11.6"],
)
def test_what_the_agenda_does_not_set_is_no_target(text):
    assert not is_target(text)


def test_a_target_belongs_to_its_goal_and_targets_sort_as_the_resolution_lists_them():
    assert target_goal("11.b") == "sdg_11"
    assert sorted(["11.b", "3.10", "11.6", "3.9", "11.a"], key=target_order) == [
        "3.9",
        "3.10",
        "11.6",
        "11.a",
        "11.b",
    ]
    with pytest.raises(ValueError):
        target_goal("11.9")


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("nl", "Duurzame steden en gemeenschappen"),
        ("fr", "Villes et communautés durables"),
        ("ar", "مدن ومجتمعات محلية مستدامة"),
        ("tr", "Sürdürülebilir şehirler ve topluluklar"),
    ],
)
def test_a_goal_is_named_in_every_language(language, name):
    """The catalogues' names, the UN's own in Arabic and French (needs the compiled catalogues)."""
    with translation.override(language):
        assert translation.gettext(vocabulary("sdg")["sdg_11"].label) == name
