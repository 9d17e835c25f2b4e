"""Codings out as CSV: one row per coding, with where it is and what it says."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from typing import IO

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext

from mutuality.evidence.models import Code, Coding, Source, SourceVersion
from mutuality.formats.cells import safe_cell
from mutuality.partnerships.models import Side
from mutuality.privacy.pseudonymise import Pseudonymiser, Replaced

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


def coding_rows(codings: QuerySet[Coding], *, with_names: bool = False) -> Iterator[list[object]]:
    """One flat row per coding, read as plain values.

    Real names in titles, quotes and memos are replaced (see
    :mod:`mutuality.privacy.pseudonymise`) unless ``with_names``. A quote is
    then cut from its version's text with the names replaced, so a coding that
    cuts a name ("Zahra said" in "Fatima Zahra said") quotes the whole
    replacement, never a part of the name; ``start`` and ``end`` still point
    into the stored text.

    Names that repeat across codings (code paths, coders, sides, a source's
    partnerships) are looked up once, so the rows stream at a constant memory
    cost however many codings there are — model instances for 270,000 codings
    took most of a minute. Each source version's text is read and its names
    replaced once, when the first of its codings comes; the rows come source
    by source, so only the current source's versions are kept.
    """
    code_paths = _code_paths()
    coders = dict(get_user_model().objects.values_list("pk", get_user_model().USERNAME_FIELD))
    sides = dict(Side.objects.values_list("pk", "municipality__key"))
    partnerships: dict[int, list[str]] = defaultdict(list)
    for source_id, key in Source.partnerships.through.objects.values_list("source_id", "partnership__key"):
        partnerships[source_id].append(key)
    rows = codings.order_by("version__source__key", "start", "id").values_list(
        "version__source_id",
        "version__source__key",
        "version__source__title",
        "version_id",
        "version__number",
        "start",
        "end",
        "code_id",
        "coder_id",
        "assessment",
        "factor_role",
        "concerns_side_id",
        "needs_review",
        "memo",
        "quote",
    )
    pseudonymiser = None if with_names else Pseudonymiser()
    current: int | None = None  # the source whose rows are coming
    hidden_title = ""
    versions: dict[int, Replaced | None] = {}  # its versions' texts with names replaced (None: no names)
    for (
        source_id,
        key,
        title,
        version_id,
        number,
        start,
        end,
        code,
        coder,
        assessment,
        role,
        side,
        review,
        memo,
        quote,
    ) in rows.iterator(chunk_size=5000):
        if pseudonymiser is not None:
            if source_id != current:
                current, versions = source_id, {}
                hidden_title = pseudonymiser.text(title, source_id)
            if version_id not in versions:
                versions[version_id] = (
                    pseudonymiser.replace(
                        SourceVersion.objects.values_list("text", flat=True).get(pk=version_id), source_id
                    )
                    if pseudonymiser.has_names(source_id)
                    else None
                )
            replaced = versions[version_id]
            if replaced is not None:
                quote = replaced.text[replaced.start(start) : replaced.end(end)]
            title, memo = hidden_title, pseudonymiser.text(memo, source_id)
        yield [
            key,
            title,
            number,
            start,
            end,
            code_paths[code],
            coders[coder],
            assessment,
            role,
            sides.get(side, ""),
            " ".join(sorted(partnerships[source_id])),
            review,
            memo,
            quote,
        ]


def _code_paths() -> dict[int, str]:
    """Every code's path ("parent / child"), from one query whatever the depth."""
    nodes = {pk: (name, parent) for pk, name, parent in Code.objects.values_list("pk", "name", "parent_id")}

    def path(pk: int) -> str:
        names = []
        node: int | None = pk
        while node is not None:
            name, node = nodes[node]
            names.append(name)
        return " / ".join(reversed(names))

    return {pk: path(pk) for pk in nodes}


def write_codings_csv(
    stream: IO[str], codings: QuerySet[Coding] | None = None, *, with_names: bool = False
) -> int:
    """Write every coding (or those given) to ``stream``, real names replaced unless ``with_names``;
    return how many rows were written."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in coding_rows(Coding.objects.all() if codings is None else codings, with_names=with_names):
        writer.writerow([safe_cell(value) for value in row])
        count += 1
    return count


class _Line:
    """A file-like object that hands back what the CSV writer writes, so rows leave one by one."""

    def write(self, value: str) -> str:
        return value


def codings_csv_chunks(
    codings: QuerySet[Coding] | None = None, *, with_names: bool = False, rows_per_chunk: int = 500
) -> Iterator[str]:
    """The same CSV as :func:`write_codings_csv`, as text in pieces of a few hundred rows, made as
    the codings are read: a download then holds one piece at a time, not the whole file."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    piece: list[str] = []
    for row in coding_rows(Coding.objects.all() if codings is None else codings, with_names=with_names):
        piece.append(writer.writerow([safe_cell(value) for value in row]))
        if len(piece) >= rows_per_chunk:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


def describe(count: int) -> str:
    return gettext("%(count)s codings written.") % {"count": count}
