"""Rows of the lists that name one city, merged — by rules that are written down, and undoably.

Wikipedia's list has no Wikidata ids, so a city it shares with Wikidata's list is known only by
name and place; and both lists spell cities in several ways ("Adapazarı", "Adapazari"). Every row
as a list names a city stays a :class:`~mutuality.atlas.models.City` of its own; a merge points it
to the city that stands for the group (``merged_into``) and says by which rule:

``name``
    the same folded name (:func:`~mutuality.atlas.names.fold_name`: transliterated, case and
    punctuation ignored) in the same country, and at most one Wikidata id among the rows — the
    deterministic rule: a name and a country name one city as far as the lists can tell (a list
    that names two towns of one name in one country cannot be read apart anyway);
``name_nearby``
    the same folded name in the same country but two Wikidata ids, whose coordinates lie within
    :data:`NEAR_KM` — Wikidata holds some cities twice, as the city and as the municipality
    (Amsterdam is Q727 and Q9899, 2 km apart) — and a row without an id joined to the one of
    several such groups it lies near; two ids of one name far apart (two towns called Neustadt)
    stay apart, and a row without an id between them joins neither;
``similar_nearby``
    similar folded names (:func:`~mutuality.atlas.names.similar`: the same words in another order,
    or nearly the same letters) in the same country, within :data:`NEAR_KM`, and not two Wikidata
    ids: a spelling the folding does not forgive ("Haaren – Esch", "Esch (Haaren)"), for a place
    both lists put on the same spot.

A group's city is the row with a Wikidata id, else the row read first. Links are between the
groups' cities (:func:`derive_links`, from the rows as each source named them), so undoing a merge
(:func:`unmerge`) re-derives them and loses nothing; an undone merge is ``kept_apart`` and no rule
merges that row again. The merges are worked out afresh from the rows each time (:func:`resolve`),
so running them again changes nothing.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from mutuality.analysis.network import great_circle_km
from mutuality.atlas.models import City, Link, LinkSource

if TYPE_CHECKING:
    from mutuality.atlas.matching import Matching
from mutuality.atlas.names import fold_name, similar

#: How near two places of one name (or of similar names) must be to be one city, in km: the
#: distance between Wikidata's two items of one city (city and municipality) is under 6 km for
#: the cities of the case studies; two towns of one name lie tens of km apart or more.
NEAR_KM = 10.0
RULES = ("name", "name_nearby", "similar_nearby")


@dataclass(frozen=True)
class Row:
    pk: int
    folded: str
    country: str
    wikidata: str
    lat: float | None
    lon: float | None
    kept_apart: bool


class _Groups:
    """Union–find over rows, refusing to join two groups that both have a Wikidata id unless told."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.parent: dict[int, int] = {}
        self.ids: dict[int, set[str]] = {}
        for row in rows:
            self.parent[row.pk] = row.pk
            self.ids[row.pk] = {row.wikidata} if row.wikidata else set()

    def find(self, pk: int) -> int:
        root = pk
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[pk] != root:
            self.parent[pk], pk = root, self.parent[pk]
        return root

    def join(self, one: int, two: int, *, ids_may_differ: bool = False) -> bool:
        a, b = self.find(one), self.find(two)
        if a == b:
            return True
        if not ids_may_differ and self.ids[a] and self.ids[b] and self.ids[a] != self.ids[b]:
            return False
        keep, gone = min(a, b), max(a, b)
        self.parent[gone] = keep
        self.ids[keep] |= self.ids.pop(gone)
        return True


def _near(one: Row, two: Row) -> bool:
    if one.lat is None or one.lon is None or two.lat is None or two.lon is None:
        return False
    return great_circle_km(one.lat, one.lon, two.lat, two.lon) <= NEAR_KM


def _same_name(groups: _Groups, rows: list[Row], how: dict[int, str]) -> None:
    """Rows of one folded name and country: the ``name`` and ``name_nearby`` rules (``how`` each
    row joined, by id)."""
    with_id = [row for row in rows if row.wikidata]
    without = [row for row in rows if not row.wikidata]
    for i, one in enumerate(with_id):
        for two in with_id[i + 1 :]:
            if _near(one, two):
                groups.join(one.pk, two.pk, ids_may_differ=True)
                how[one.pk] = how[two.pk] = "name_nearby"
    roots = sorted({groups.find(row.pk) for row in with_id})
    apart: list[Row] = []
    for row in without:
        if len(roots) <= 1:
            if roots:
                groups.join(row.pk, roots[0])
                how[row.pk] = "name"
            else:
                apart.append(row)
            continue
        near = {groups.find(other.pk) for other in with_id if _near(row, other)}
        if len(near) == 1:
            groups.join(row.pk, near.pop())
            how[row.pk] = "name_nearby"
        else:
            apart.append(row)
    for row in apart[1:]:
        groups.join(apart[0].pk, row.pk)
        how[row.pk] = how[apart[0].pk] = "name"


def _cell(row: Row) -> tuple[int, int]:
    assert row.lat is not None and row.lon is not None
    return math.floor(row.lat * 10), math.floor(row.lon * 10)


def _similar_nearby(groups: _Groups, rows: list[Row]) -> None:
    """Rows of one country with coordinates, compared only with those in nearby cells of 0.1°."""
    cells: dict[tuple[int, int], list[Row]] = defaultdict(list)
    placed = [row for row in rows if row.lat is not None and row.lon is not None]
    for row in placed:
        cells[_cell(row)].append(row)
    for row in placed:
        lat_cell, lon_cell = _cell(row)
        # 0.1° of latitude is 11 km; of longitude less away from the equator, so look wider.
        reach = min(36, math.ceil(1 / max(math.cos(math.radians(row.lat or 0.0)), 0.03)))
        for dlat in (-1, 0, 1):
            for dlon in range(-reach, reach + 1):
                for other in cells.get((lat_cell + dlat, lon_cell + dlon), ()):
                    if (
                        other.pk > row.pk
                        and other.folded != row.folded
                        and not (row.wikidata and other.wikidata)
                        and similar(row.folded, other.folded)
                        and _near(row, other)
                    ):
                        groups.join(row.pk, other.pk)


def _rule(member: Row, head: Row, how: dict[int, str]) -> str:
    """A row of another name than its city's came by a similar name; else as it joined."""
    if member.folded != head.folded:
        return "similar_nearby"
    return how.get(member.pk, "name")


@dataclass
class Resolution:
    """What :func:`resolve` found: rows merged by rule, links made and removed."""

    merged: Counter[str] = field(default_factory=Counter)
    new_merges: Counter[str] = field(default_factory=Counter)
    undone: int = 0
    links_created: int = 0
    links_removed: int = 0
    orphans_removed: int = 0
    matching: Matching | None = None


def _rows() -> list[Row]:
    """Every city row, its folded name brought up to date first."""
    rows: list[Row] = []
    stale: list[City] = []
    for city in City.objects.order_by("pk").only(
        "pk", "name", "folded", "country", "wikidata", "latitude", "longitude", "kept_apart"
    ):
        folded = fold_name(city.name)
        if city.folded != folded:
            city.folded = folded
            stale.append(city)
        rows.append(
            Row(city.pk, folded, city.country, city.wikidata, city.latitude, city.longitude, city.kept_apart)
        )
    if stale:
        City.objects.bulk_update(stale, ["folded"], batch_size=2000)
    return rows


def plan_merges(rows: list[Row]) -> dict[int, tuple[int, str]]:
    """Every merged row: the row that stands for its group, and by which rule."""
    eligible = [row for row in rows if row.country and not row.kept_apart]
    groups = _Groups(eligible)
    how: dict[int, str] = {}
    by_name: dict[tuple[str, str], list[Row]] = defaultdict(list)
    by_country: dict[str, list[Row]] = defaultdict(list)
    for row in eligible:
        by_name[(row.folded, row.country)].append(row)
        by_country[row.country].append(row)
    for same in by_name.values():
        if len(same) > 1:
            _same_name(groups, same, how)
    for country_rows in by_country.values():
        _similar_nearby(groups, country_rows)
    members: dict[int, list[Row]] = defaultdict(list)
    for row in eligible:
        members[groups.find(row.pk)].append(row)
    plan: dict[int, tuple[int, str]] = {}
    for group in members.values():
        if len(group) < 2:
            continue
        head = min(group, key=lambda row: (not row.wikidata, row.pk))
        for row in group:
            if row is not head:
                plan[row.pk] = (head.pk, _rule(row, head, how))
    return plan


def _remove_orphans() -> int:
    """Cities no source names any more (a list imported again without them)."""
    named = set(LinkSource.objects.values_list("city_one_id", flat=True)) | set(
        LinkSource.objects.values_list("city_two_id", flat=True)
    )
    orphans = [pk for pk in City.objects.values_list("pk", flat=True) if pk not in named]
    for start in range(0, len(orphans), 900):
        City.objects.filter(pk__in=orphans[start : start + 900]).delete()
    return len(orphans)


def _apply(plan: dict[int, tuple[int, str]], resolution: Resolution) -> None:
    changed: list[City] = []
    for city in City.objects.only("pk", "merged_into_id", "merge_rule"):
        into, rule = plan.get(city.pk, (None, ""))
        if (city.merged_into_id, city.merge_rule) != (into, rule):
            if into is not None:
                resolution.new_merges[rule] += 1
            elif city.merged_into_id is not None:
                resolution.undone += 1
            city.merged_into_id, city.merge_rule = into, rule
            changed.append(city)
    if changed:
        City.objects.bulk_update(changed, ["merged_into", "merge_rule"], batch_size=2000)
    resolution.merged = Counter(rule for _into, rule in plan.values())


def derive_links(resolution: Resolution | None = None) -> None:
    """Every source's link: between the cities that stand for the two it names (none if one)."""
    from mutuality.evidence.bulk import insert

    resolution = resolution or Resolution()
    head = dict(City.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
    sources = list(LinkSource.objects.values_list("pk", "city_one_id", "city_two_id", "link_id"))
    existing = {(a, b): pk for pk, a, b in Link.objects.values_list("pk", "city_a_id", "city_b_id")}
    wanted: dict[int, tuple[int, int] | None] = {}
    for pk, one, two, _link in sources:
        a, b = head.get(one, one), head.get(two, two)
        wanted[pk] = None if a == b else (min(a, b), max(a, b))
    missing = sorted({pair for pair in wanted.values() if pair is not None and pair not in existing})
    created = [Link(city_a_id=a, city_b_id=b) for a, b in missing]
    insert(Link, created)
    for new in created:
        existing[(new.city_a_id, new.city_b_id)] = new.pk
    moved: dict[int | None, list[int]] = defaultdict(list)
    for pk, _one, _two, link in sources:
        pair = wanted[pk]
        target = existing[pair] if pair is not None else None
        if target != link:
            moved[target].append(pk)
    for target, pks in moved.items():
        for start in range(0, len(pks), 900):
            LinkSource.objects.filter(pk__in=pks[start : start + 900]).update(link_id=target)
    removed, _ = Link.objects.filter(sources__isnull=True).delete()
    resolution.links_created += len(created)
    resolution.links_removed += removed


def resolve() -> Resolution:
    """Merge the rows by the rules, derive the links, match the municipalities: all afresh."""
    from mutuality.atlas.matching import match_municipalities

    resolution = Resolution()
    with transaction.atomic():
        resolution.orphans_removed = _remove_orphans()
        _apply(plan_merges(_rows()), resolution)
        derive_links(resolution)
        resolution.matching = match_municipalities()
    return resolution


class NotMerged(ValueError):
    """The city asked to be split was merged with none."""


def unmerge(city_id: int) -> list[int]:
    """Split a merged city back into the rows its sources named (a city that stands for others:
    all of them; a row merged into another: that row), keep them apart from then on, and derive
    the links again. The rows split off, by id."""
    with transaction.atomic():
        city = City.objects.select_for_update().get(pk=city_id)
        if city.merged_into_id is not None:
            split = [city.pk]
        else:
            split = list(City.objects.filter(merged_into=city).order_by("pk").values_list("pk", flat=True))
        if not split:
            raise NotMerged(city_id)
        City.objects.filter(pk__in=split).update(merged_into=None, merge_rule="", kept_apart=True)
        resolve()
    return split


def merge_groups() -> list[dict[str, object]]:
    """Every city that stands for others, with the rows merged into it, the rule and where each
    row was read (its first source), for ``mutuality atlas merges`` and the pages."""
    members: dict[int, list[City]] = defaultdict(list)
    for city in City.objects.filter(merged_into__isnull=False).order_by("pk"):
        assert city.merged_into_id is not None
        members[city.merged_into_id].append(city)
    first_source: dict[int, str] = {}
    wanted = {city.pk for group in members.values() for city in group} | set(members)
    for file, line, one, two in LinkSource.objects.order_by("file", "line").values_list(
        "file", "line", "city_one_id", "city_two_id"
    ):
        for pk in (one, two):
            if pk in wanted and pk not in first_source:
                first_source[pk] = f"{file}:{line}"
    groups: list[dict[str, object]] = []
    for head in City.objects.filter(pk__in=list(members)).order_by("country", "name", "pk"):
        groups.append(
            {
                "id": head.pk,
                "name": head.name,
                "country": head.country,
                "wikidata": head.wikidata,
                "source": first_source.get(head.pk, ""),
                "merged": [
                    {
                        "id": city.pk,
                        "name": city.name,
                        "wikidata": city.wikidata,
                        "rule": city.merge_rule,
                        "source": first_source.get(city.pk, ""),
                    }
                    for city in members[head.pk]
                ],
            }
        )
    return groups
