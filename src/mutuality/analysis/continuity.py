"""Continuity of the exchange over time (ch. 8.3.4, 8.7; ch. 10 rec. 5).

Process-based trust grows through continuous collaboration; "in many cases
visits to Morocco and Turkey were exploratory, and few long-lasting
partnerships were established" (ch. 8.7). This module reads that from the
exchanges.

* **Exchanges per year** — an exchange is *active* in every year from its
  start year to its end year (its start year when it has no end), so an
  exchange dated only by a programme period (2007–2010) counts in each of
  those years; ``started`` counts exchanges by start year only.
* **Gaps** — the years without any active exchange between the first and
  the last active year (the partnership's active span); reported as ranges
  ``(first, last)`` with the length of the longest. Years before the first
  exchange (e.g. since the partnership's founding) are not gaps: the data
  often start late.
* **Exploratory visits never followed up** — an exchange of stage
  ``exploratory`` for which no exchange of stage ``follow_up`` starts on or
  after it (dates compared at the precision both have: "2008" and
  "2008-05" count as the same time) in the same project — or, for a visit
  outside any project, in the same partnership. With
  ``scope="partnership"`` any follow-up in the partnership counts.
* **Long-running projects** — projects whose span (``end_year −
  start_year + 1``; missing years taken from the project's exchanges) is at
  least ``min_years`` (default 4) years.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mutuality.analysis.dataset import Dataset, Exchange

__all__ = [
    "Continuity",
    "ProjectSpan",
    "continuity",
    "exploratory_without_follow_up",
    "gaps",
    "long_running_projects",
]


@dataclass(frozen=True, slots=True)
class ProjectSpan:
    partnership: str
    project: str
    start_year: int | None
    end_year: int | None

    @property
    def years(self) -> int | None:
        if self.start_year is None or self.end_year is None:
            return None
        return self.end_year - self.start_year + 1


@dataclass(frozen=True, slots=True)
class Continuity:
    partnership: str
    active: Mapping[int, int]
    started: Mapping[int, int]
    gaps: tuple[tuple[int, int], ...]
    undated: tuple[str, ...]
    unfollowed: tuple[Exchange, ...]
    projects: tuple[ProjectSpan, ...]
    min_years: int

    @property
    def first_year(self) -> int | None:
        return min(self.active, default=None)

    @property
    def last_year(self) -> int | None:
        return max(self.active, default=None)

    @property
    def longest_gap(self) -> int:
        return max((last - first + 1 for first, last in self.gaps), default=0)

    @property
    def long_running(self) -> tuple[ProjectSpan, ...]:
        return tuple(s for s in self.projects if s.years is not None and s.years >= self.min_years)

    def to_record(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "exchanges": sum(self.started.values()) + len(self.undated),
            "active_years": len(self.active),
            "gaps": "; ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in self.gaps),
            "longest_gap": self.longest_gap,
            "unfollowed_exploratory": tuple(e.key for e in self.unfollowed),
            "long_running_projects": tuple(s.project for s in self.long_running),
        }

    def year_records(self) -> list[dict[str, Any]]:
        """One record per year of the active span, empty years included (for a time line)."""
        if not self.active:
            return []
        assert self.first_year is not None and self.last_year is not None
        return [
            {
                "partnership": self.partnership,
                "year": year,
                "active": self.active.get(year, 0),
                "started": self.started.get(year, 0),
            }
            for year in range(self.first_year, self.last_year + 1)
        ]


def gaps(years: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """The runs of missing years between the first and last of ``years``, as ``(first, last)``."""
    present = sorted(set(years))
    found = []
    for before, after in zip(present, present[1:], strict=False):
        if after - before > 1:
            found.append((before + 1, after - 1))
    return tuple(found)


def _on_or_after(date: str, reference: str) -> bool:
    n = min(len(date), len(reference))
    return date[:n] >= reference[:n]


def exploratory_without_follow_up(
    exchanges: Sequence[Exchange], *, scope: str = "project"
) -> tuple[Exchange, ...]:
    """The exploratory exchanges no follow-up exchange came after (module docstring)."""
    if scope not in ("project", "partnership"):
        raise ValueError("scope must be 'project' or 'partnership'")
    found = []
    for visit in exchanges:
        if visit.stage != "exploratory":
            continue
        followed = False
        for other in exchanges:
            if other.key == visit.key or other.stage != "follow_up":
                continue
            if scope == "project" and visit.project and other.project != visit.project:
                continue
            if visit.start is None or other.start is None or _on_or_after(other.start, visit.start):
                # An undated visit or follow-up cannot be ordered; give the partnership the benefit of the doubt.
                followed = True
                break
        if not followed:
            found.append(visit)
    return tuple(found)


def long_running_projects(dataset: Dataset, partnership: str, min_years: int = 4) -> tuple[ProjectSpan, ...]:
    return tuple(s for s in _spans(dataset, partnership) if s.years is not None and s.years >= min_years)


def _spans(dataset: Dataset, partnership: str) -> tuple[ProjectSpan, ...]:
    exchanges = dataset.of("exchanges", partnership)
    spans = []
    for project in dataset.of("projects", partnership):
        starts = [e.start_year for e in exchanges if e.project == project.key and e.start_year is not None]
        ends = [e.end_year for e in exchanges if e.project == project.key and e.end_year is not None]
        start = project.start_year if project.start_year is not None else min(starts, default=None)
        end = project.end_year if project.end_year is not None else max(ends, default=start)
        if start is None and end is not None:
            start = end
        spans.append(ProjectSpan(partnership, project.key, start, end))
    return tuple(spans)


def continuity(
    dataset: Dataset,
    partnership: str | Iterable[str] | None = None,
    *,
    min_years: int = 4,
    scope: str = "project",
) -> list[Continuity]:
    """Exchanges per year, gaps, unfollowed exploratory visits and long-running projects, per partnership."""
    results = []
    for p in dataset.select(partnership):
        exchanges = dataset.of("exchanges", p.key)
        active: Counter[int] = Counter()
        started: Counter[int] = Counter()
        undated = []
        for exchange in exchanges:
            first, last = exchange.start_year, exchange.end_year
            if first is None:
                undated.append(exchange.key)
                continue
            started[first] += 1
            for year in range(first, max(first, last or first) + 1):
                active[year] += 1
        results.append(
            Continuity(
                p.key,
                dict(sorted(active.items())),
                dict(sorted(started.items())),
                gaps(active),
                tuple(undated),
                exploratory_without_follow_up(exchanges, scope=scope),
                _spans(dataset, p.key),
                min_years,
            )
        )
    return results
