"""Codings out as CSV: one row per coding, with where it is and what it says."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext

from mutuality.evidence.models import Coding
from mutuality.interop.cells import safe_cell

COLUMNS = (
    "source",
    "title",
    "version",
    "start",
    "end",
    "code",
    "coder",
    "assessment",
    "role",
    "whose_learning",
    "partnerships",
    "needs_review",
    "memo",
    "quote",
)


def coding_rows(codings: Iterable[Coding]) -> Iterable[list[object]]:
    for coding in codings:
        source = coding.version.source
        yield [
            source.key,
            source.title,
            coding.version.number,
            coding.start,
            coding.end,
            coding.code.path,
            coding.coder.get_username(),
            coding.assessment,
            coding.factor_role,
            coding.concerns_side.municipality.key if coding.concerns_side else "",
            " ".join(sorted(p.key for p in source.partnerships.all())),
            coding.needs_review,
            coding.memo,
            coding.quote,
        ]


def write_codings_csv(stream: IO[str], codings: Iterable[Coding] | None = None) -> int:
    """Write every coding (or those given) to ``stream``; return how many rows were written."""
    if codings is None:
        codings = (
            Coding.objects.select_related(
                "version__source", "code__parent__parent", "coder", "concerns_side__municipality"
            )
            .prefetch_related("version__source__partnerships")
            .defer("version__text")
            .order_by("version__source__key", "start", "id")
            .iterator(chunk_size=2000)
        )
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in coding_rows(codings):
        writer.writerow([safe_cell(value) for value in row])
        count += 1
    return count


def describe(count: int) -> str:
    return gettext("%(count)s codings written.") % {"count": count}
