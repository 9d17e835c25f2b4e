"""The framework matrix: cases × framework codes, the analyst's summary beside its evidence.

Rows are cases — partnerships, or the sides of partnerships — and columns
are codes (by default the six dimensions of mutual learning). A cell holds
what the analyst wrote (:class:`FrameworkCell`) and the coded passages that
belong to that case and code, fetched live so the grid follows the coding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from mutuality.evidence.codebook import descendants
from mutuality.evidence.models import Code, Coding, FrameworkCell
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Partnership, Side


@dataclass
class Cell:
    case: Case
    code: Code
    note: FrameworkCell | None
    passages: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Case:
    partnership: Partnership
    side: Side | None

    @property
    def label(self) -> str:
        if self.side is None:
            return self.partnership.name
        return f"{self.partnership.name} — {self.side.municipality.name}"


def default_codes() -> list[Code]:
    terms = {t.key: i for i, t in enumerate(vocabulary("dimension"))}
    codes = Code.objects.filter(vocabulary="dimension").exclude(term="")
    return sorted(codes, key=lambda code: terms.get(code.term, 99))


def build(
    by_side: bool,
    codes: list[Code],
    partnerships: list[Partnership] | None = None,
    codings: QuerySet[Coding] | None = None,
) -> list[list[Cell]]:
    """One list of cells per case, in the order of ``codes``.

    ``codings`` are those the reader may see (default: all); ``partnerships``
    the cases (default: every partnership with passages or notes).
    """
    code_of: dict[int, int] = {}  # code id -> the id of the column's code it counts for
    for code in codes:
        for pk in {code.pk} | descendants(code):
            code_of.setdefault(pk, code.pk)
    rows = (
        (Coding.objects.all() if codings is None else codings)
        .filter(code_id__in=code_of)
        .values_list(
            "pk",
            "code_id",
            "quote",
            "assessment",
            "factor_role",
            "concerns_side_id",
            "version__source__side_id",
            "version__source__key",
            "version__source_id",
            "version__source__title",
            "version__source__partnerships",
        )
        .order_by("version__source__title", "start")
    )
    found: dict[tuple[int, int | None, int], list[dict[str, Any]]] = {}
    for (
        pk,
        code_id,
        quote,
        assessment,
        role,
        concerns,
        source_side,
        key,
        source_id,
        title,
        partnership_id,
    ) in rows.iterator():
        passage = {
            "id": pk,
            "quote": quote,
            "assessment": assessment,
            "role": role,
            "source": key,
            "source_id": source_id,
            "title": title,
        }
        column = code_of[code_id]
        found.setdefault((partnership_id, None, column), []).append(passage)
        side_id = concerns or source_side
        if side_id:
            found.setdefault((partnership_id, side_id, column), []).append(passage)
    notes = {
        (n.partnership_id, n.side_id, n.code_id): n for n in FrameworkCell.objects.filter(code__in=codes)
    }
    if partnerships is None:
        used = {p for p, _s, _c in found} | {p for p, _s, _c in notes}
        partnerships = list(Partnership.objects.filter(pk__in=used).prefetch_related("sides__municipality"))
    whole: list[Side | None] = [None]  # each partnership as one case
    cases = [Case(p, side) for p in partnerships for side in (list(p.sides.all()) if by_side else whole)]
    grid = []
    for case in cases:
        case_side_id = case.side.pk if case.side else None
        grid.append(
            [
                Cell(
                    case,
                    code,
                    notes.get((case.partnership.pk, case_side_id, code.pk)),
                    found.get((case.partnership.pk, case_side_id, code.pk), []),
                )
                for code in codes
            ]
        )
    return grid
