"""Matrix queries: codes × an attribute of the coded passages.

The database gives one (code, attribute value) pair per coding and value;
:func:`mutuality.analysis.crosstab.cross_tab` counts them. Each attribute
here has a matching :class:`~mutuality.evidence.queries.PassageFilter`
field, so every cell links to exactly the passages it counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy

from mutuality.analysis.crosstab import CrossTab, cross_tab_counted
from mutuality.evidence.codebook import code_tree
from mutuality.evidence.models import Code, Coding, SourceVersion
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Municipality, Partnership, Project, Side


@dataclass(frozen=True)
class Attribute:
    key: str
    label: Any
    counts: Callable[[QuerySet[Coding]], Iterator[Group]]
    display: Callable[[Any], str]


Group = tuple[tuple[int, Any], int]
"""((code id, attribute value), number of codings): one group of the database's GROUP BY."""


def _grouped(codings: QuerySet[Coding], *fields: str) -> QuerySet[Any]:
    """Count in the database: only the groups, not every coding, travel to Python."""
    return codings.order_by().values_list("code_id", *fields).annotate(n=models.Count("*"))


def _values(field: str) -> Callable[[QuerySet[Coding]], Iterator[Group]]:
    """An attribute of the coding itself (assessment, role)."""

    def counts(codings: QuerySet[Coding]) -> Iterator[Group]:
        for code_id, value, n in _grouped(codings, field):
            yield (code_id, value), n

    return counts


def _of_version(field: str) -> Callable[[QuerySet[Coding]], Iterator[Group]]:
    """An attribute of the coded source, reached through the coding's version.

    Counting per (code, version) uses the (code, version) index alone; joining
    every coding to its source and partnerships in SQL took six times longer
    on 270,000 codings. The few thousand versions are mapped here instead.
    """

    def counts(codings: QuerySet[Coding]) -> Iterator[Group]:
        values = _version_values(field)
        for code_id, version_id, n in _grouped(codings, "version_id"):
            for value in values.get(version_id, (None,)):
                yield (code_id, value), n

    return counts


def _version_values(field: str) -> dict[int, list[Any]]:
    """Each source version's values of ``field`` (several for a source in several partnerships)."""
    values: dict[int, list[Any]] = {}
    for version_id, value in SourceVersion.objects.order_by().values_list("pk", field):
        values.setdefault(version_id, []).append(value)
    return values


def _coders(codings: QuerySet[Coding]) -> Iterator[Group]:
    names = dict(get_user_model().objects.values_list("pk", get_user_model().USERNAME_FIELD))
    for code_id, coder_id, n in _grouped(codings, "coder_id"):
        yield (code_id, names.get(coder_id)), n


def _sides(codings: QuerySet[Coding]) -> Iterator[Group]:
    """The side a coding concerns, or else the side its source speaks for."""
    sides = dict(Side.objects.values_list("pk", "municipality__key"))
    source_side = {v: values[0] for v, values in _version_values("source__side__municipality__key").items()}
    for code_id, version_id, concerns, n in _grouped(codings, "version_id", "concerns_side_id"):
        yield (code_id, sides[concerns] if concerns else source_side.get(version_id)), n


def _project_types(codings: QuerySet[Coding]) -> Iterator[Group]:
    """The types of the projects a coding names, else of every project of its source's partnerships."""
    types: dict[int, set[str]] = {}
    for partnership_id, project_types in Project.objects.values_list("partnership_id", "types"):
        types.setdefault(partnership_id, set()).update(project_types or [])
    named: dict[int, tuple[int, int, set[str]]] = {}
    links = Coding.projects.through.objects.filter(coding__in=codings).values_list(
        "coding_id", "coding__code_id", "coding__version_id", "project__types"
    )
    for coding_id, code_id, version_id, project_types in links:
        named.setdefault(coding_id, (code_id, version_id, set()))[2].update(project_types or [])
    groups = Counter({(code_id, version_id): n for code_id, version_id, n in _grouped(codings, "version_id")})
    for code_id, version_id, project_types in named.values():
        groups[code_id, version_id] -= 1
        for project_type in sorted(project_types) or (None,):
            yield (code_id, project_type), 1
    version_types = {
        version_id: sorted({t for partnership_id in ids for t in types.get(partnership_id, ())})
        for version_id, ids in _version_values("source__partnerships").items()
    }
    for (code_id, version_id), n in groups.items():
        if n == 0:
            continue  # every coding of this group names its projects
        for project_type in version_types.get(version_id) or (None,):
            yield (code_id, project_type), n


def _term(vocab_key: str) -> Callable[[Any], str]:
    def display(value: Any) -> str:
        vocab = vocabulary(vocab_key)
        return gettext(vocab[value].label) if value in vocab else (value or gettext("not recorded"))

    return display


def _named(model: Any) -> Callable[[Any], str]:
    names: dict[str, str] = {}

    def display(value: Any) -> str:
        if not names:
            names.update(model.objects.values_list("key", "name"))
        return names.get(value, value) if value else gettext("not recorded")

    return display


def _plain(value: Any) -> str:
    return str(value) if value not in (None, "") else gettext("not recorded")


ATTRIBUTES: dict[str, Attribute] = {
    a.key: a
    for a in (
        Attribute(
            "partnership",
            gettext_lazy("Partnership"),
            _of_version("source__partnerships__key"),
            _named(Partnership),
        ),
        Attribute("side", gettext_lazy("Side"), _sides, _named(Municipality)),
        Attribute("project_type", gettext_lazy("Project type"), _project_types, _term("project_type")),
        Attribute(
            "actor_type",
            gettext_lazy("Actor type of the respondent"),
            _of_version("source__respondent__organisation_type"),
            _term("actor_type"),
        ),
        Attribute(
            "respondent_role",
            gettext_lazy("Respondent role"),
            _of_version("source__respondent__role"),
            _plain,
        ),
        Attribute(
            "source_kind",
            gettext_lazy("Kind of source"),
            _of_version("source__kind"),
            _term("source_kind"),
        ),
        Attribute("assessment", gettext_lazy("Assessment"), _values("assessment"), _term("assessment")),
        Attribute(
            "factor_role",
            gettext_lazy("Role (enabling or limiting)"),
            _values("factor_role"),
            _term("factor_role"),
        ),
        Attribute("coder", gettext_lazy("Coder"), _coders, _plain),
    )
}


@dataclass(frozen=True)
class Matrix:
    attribute: Attribute
    table: CrossTab[int, Any]  # code ids × the attribute's values
    codes: dict[int, Code]

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "code": self.codes[row],
                "cells": [(column, self.table.count(row, column)) for column in self.table.columns],
                "total": self.table.row_totals[row],
            }
            for row in self.table.rows
        ]

    def headings(self) -> list[tuple[Any, str]]:
        return [(column, self.attribute.display(column)) for column in self.table.columns]

    def as_rows(self) -> list[list[Any]]:
        """The table as plain rows, headings first, for CSV and XLSX."""
        header = [gettext("Code"), *[label for _value, label in self.headings()], gettext("Total")]
        body = [
            [row["code"].path, *[count for _column, count in row["cells"]], row["total"]]
            for row in self.rows()
        ]
        return [header, *body]


def build_matrix(codings: QuerySet[Coding], attribute_key: str) -> Matrix:
    attribute = ATTRIBUTES[attribute_key]
    tree = code_tree()
    codes = {code.pk: code for code, _depth in tree}
    table = cross_tab_counted(attribute.counts(codings), row_order=[code.pk for code, _depth in tree])
    return Matrix(attribute, table, codes)
