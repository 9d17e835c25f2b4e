"""Matrix queries: codes × an attribute of the coded passages.

The database gives one (code, attribute value) pair per coding and value;
:func:`mutuality.analysis.crosstab.cross_tab` counts them. Each attribute
here has a matching :class:`~mutuality.evidence.queries.PassageFilter`
field, so every cell links to exactly the passages it counts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy

from mutuality.analysis.crosstab import CrossTab, cross_tab_counted
from mutuality.evidence.codebook import code_tree
from mutuality.evidence.models import Code, Coding
from mutuality.framework import vocabulary
from mutuality.interop.cells import safe_cell
from mutuality.partnerships.models import Municipality, Partnership, Project


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
    return codings.order_by().values_list("code_id", *fields).annotate(n=models.Count("id"))


def _values(field: str) -> Callable[[QuerySet[Coding]], Iterator[Group]]:
    def counts(codings: QuerySet[Coding]) -> Iterator[Group]:
        for code_id, value, n in _grouped(codings, field):
            yield (code_id, value), n

    return counts


def _sides(codings: QuerySet[Coding]) -> Iterator[Group]:
    """The side a coding concerns, or else the side its source speaks for."""
    groups = _grouped(codings, "concerns_side__municipality__key", "version__source__side__municipality__key")
    for code_id, concerns, source_side, n in groups:
        yield (code_id, concerns or source_side), n


def _project_types(codings: QuerySet[Coding]) -> Iterator[Group]:
    types: dict[int, set[str]] = {}
    for partnership_id, project_types in Project.objects.values_list("partnership_id", "types"):
        types.setdefault(partnership_id, set()).update(project_types or [])
    for code_id, partnership_id, n in _grouped(codings, "version__source__partnerships"):
        for project_type in sorted(types.get(partnership_id, ())) or [None]:
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
            _values("version__source__partnerships__key"),
            _named(Partnership),
        ),
        Attribute("side", gettext_lazy("Side"), _sides, _named(Municipality)),
        Attribute("project_type", gettext_lazy("Project type"), _project_types, _term("project_type")),
        Attribute(
            "actor_type",
            gettext_lazy("Actor type of the respondent"),
            _values("version__source__respondent__organisation_type"),
            _term("actor_type"),
        ),
        Attribute(
            "respondent_role",
            gettext_lazy("Respondent role"),
            _values("version__source__respondent__role"),
            _plain,
        ),
        Attribute(
            "source_kind",
            gettext_lazy("Kind of source"),
            _values("version__source__kind"),
            _term("source_kind"),
        ),
        Attribute("assessment", gettext_lazy("Assessment"), _values("assessment"), _term("assessment")),
        Attribute(
            "factor_role",
            gettext_lazy("Role (enabling or limiting)"),
            _values("factor_role"),
            _term("factor_role"),
        ),
        Attribute("coder", gettext_lazy("Coder"), _values("coder__username"), _plain),
    )
}


@dataclass(frozen=True)
class Matrix:
    attribute: Attribute
    table: CrossTab
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


def matrix_csv(matrix: Matrix) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(matrix.as_rows())
    return buffer.getvalue()


def matrix_xlsx(matrix: Matrix) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(gettext("Matrix"))[:31]
    for row in matrix.as_rows():
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
