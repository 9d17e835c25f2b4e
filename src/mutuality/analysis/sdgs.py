"""Projects, exchanges and learning per Sustainable Development Goal, as a programme reports them.

The OECD's monitoring framework for city-to-city partnerships reports projects by the goals of the
2030 Agenda they serve (issue 19). A project names its goals (``Project.sdgs``); its exchanges and
learning outcomes count for each of them: an exchange by the project it names, a learning outcome by
its project, else by its exchange's project. A project with several goals counts under each, so the
goals add up to more than the projects.

A project that names no goal has them *not recorded*: it is counted as such, never as serving none,
and so are its exchanges and learning. Exchanges and learning outcomes that name no project cannot
be placed under a goal at all; they are counted apart, so that the totals can be checked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from mutuality.analysis.dataset import Dataset
from mutuality.framework import vocabulary

__all__ = ["GoalCount", "SdgCounts", "sdg_counts"]


@dataclass(frozen=True)
class GoalCount:
    """What serves one goal (``goal`` its key, ``None`` for the projects whose goals are not recorded)."""

    goal: str | None
    projects: int = 0
    exchanges: int = 0
    learning_outcomes: int = 0
    partnerships: int = 0


@dataclass(frozen=True)
class SdgCounts:
    """Per goal with at least one project, in the goals' order; then what cannot be placed under one."""

    goals: tuple[GoalCount, ...]
    not_recorded: GoalCount
    projects: int
    #: Exchanges and learning outcomes that name no project (so no goal).
    exchanges_without_project: int
    outcomes_without_project: int

    @property
    def recorded(self) -> int:
        """Projects with at least one goal recorded."""
        return self.projects - self.not_recorded.projects


def sdg_counts(dataset: Dataset, partnership: str | Iterable[str] | None = None) -> SdgCounts:
    """Count the projects, exchanges and learning outcomes of the partnerships per goal they serve."""
    keys = [found.key for found in dataset.select(partnership)]
    goals_of: dict[tuple[str, str], tuple[str | None, ...]] = {}
    for key in keys:
        for project in dataset.of("projects", key):
            goals_of[(key, project.key)] = tuple(project.sdgs) or (None,)
    projects: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for named, goals in goals_of.items():
        for goal in goals:
            projects[goal].add(named)
    exchanges: dict[str | None, int] = defaultdict(int)
    outcomes: dict[str | None, int] = defaultdict(int)
    without = [0, 0]
    for key in keys:
        for exchange in dataset.of("exchanges", key):
            _count(goals_of.get((key, exchange.project or "")), exchanges, without, 0)
        for outcome in dataset.of("learning_outcomes", key):
            project = outcome.project
            if project is None and outcome.exchange is not None:
                found = dataset.get("exchanges", key, outcome.exchange)
                project = found.project if found is not None else None
            _count(goals_of.get((key, project or "")), outcomes, without, 1)

    def count(goal: str | None) -> GoalCount:
        named = projects.get(goal, set())
        return GoalCount(goal, len(named), exchanges[goal], outcomes[goal], len({p for p, _k in named}))

    order = vocabulary("sdg").keys()
    return SdgCounts(
        goals=tuple(count(goal) for goal in order if projects.get(goal)),
        not_recorded=count(None),
        projects=len(goals_of),
        exchanges_without_project=without[0],
        outcomes_without_project=without[1],
    )


def _count(
    goals: tuple[str | None, ...] | None, into: dict[str | None, int], without: list[int], at: int
) -> None:
    """Count a record under each goal of its project; one naming no project (or an unknown one) apart."""
    if goals is None:
        without[at] += 1
        return
    for goal in goals:
        into[goal] += 1
