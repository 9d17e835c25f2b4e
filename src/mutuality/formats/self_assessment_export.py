"""A self-assessment round out as files: its answers (CSV, XLSX) and its scores (CSV).

The answers are one row per submitted response and item: the side, the respondent's number in the
round (never who they are in an anonymous round; in a named round their name and role follow),
the item, its scale, the answer — a point of the scale, or ``don't know`` — and the comment with
whether its author let it become evidence. Comments and names are personal data: these files are for
those who run the round (:meth:`Access.can_run_assessment`), which the views that serve them check.

The scores are read through :func:`mutuality.selfassessment.results.round_results`, as every page,
report and the API read them, so a side below the privacy threshold has an ``n`` and no mean here
too. Every cell goes through :func:`~mutuality.formats.cells.safe_cell`: a comment that starts like a
formula stays text in Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from django.utils.text import slugify
from django.utils.translation import gettext

from mutuality.formats.cells import safe_cell
from mutuality.selfassessment.models import Answer, Round
from mutuality.selfassessment.results import RoundResults, round_results

#: The value written for an answer of "don't know": never a point of the scale.
DONT_KNOW = "don't know"
DIGITS = 4  # decimals of means, spreads, gaps, p-values and alphas

ANSWER_COLUMNS = (
    "side",
    "respondent",
    "item",
    "scale",
    "reverse",
    "value",
    "comment",
    "comment_may_become_evidence",
    "statement",
)
NAMED_COLUMNS = ("name", "role")  # after ``respondent``, in a round that is not anonymous
SCORE_COLUMNS = (
    "scale",
    "scale_name",
    "side",
    "n",
    "dont_know",
    "mean",
    "spread",
    "gap",
    "p",
    "alpha",
    "change",
)
TOGETHER = "together"  # the side column of the row for both sides as one group


def file_stem(round: Round) -> str:
    """``zeist-berkane-self-assessment-2026``: the partnership and the round, as a file's name."""
    return f"{round.partnership.key}-self-assessment-{slugify(round.name) or round.pk}"


def answer_columns(round: Round) -> tuple[str, ...]:
    if round.anonymous:
        return ANSWER_COLUMNS
    return (*ANSWER_COLUMNS[:2], *NAMED_COLUMNS, *ANSWER_COLUMNS[2:])


def answer_rows(round: Round, language: str) -> Iterator[list[object]]:
    """One row per submitted response and item, side by side, respondents numbered from 1 in the
    order they started (their number says nothing of who they are)."""
    answers = (
        Answer.objects.filter(response__round=round, response__submitted_at__isnull=False)
        .select_related("item", "response__side__municipality")
        .order_by(
            "response__side__position", "response__started_at", "response_id", "item__position", "item_id"
        )
    )
    numbers: dict[int, int] = {}
    for answer in answers:
        response = answer.response
        number = numbers.setdefault(response.pk, len(numbers) + 1)
        named = [] if round.anonymous else [response.name, response.role]
        yield [
            response.side.key,
            number,
            *named,
            answer.item.key,
            answer.item.scale_key,
            answer.item.reverse,
            DONT_KNOW if answer.value is None else answer.value,
            answer.comment,
            response.consent_to_evidence,
            answer.item.text_in(language),
        ]


def _number(value: float | None) -> float | str:
    return "" if value is None else round(value, DIGITS)


def score_rows(found: RoundResults) -> Iterator[list[object]]:
    """Per scale, a row for each side and one for both together: n, the mean and spread (empty below
    the threshold), and the scale's gap, its p-value and alpha on each."""
    for scale in found.scales:
        gap = scale.gap.difference if scale.gap else None
        p = scale.gap.test.p if scale.gap and scale.gap.test and gap is not None else None
        shared = [_number(gap), _number(p), _number(scale.alpha.alpha)]
        for side in found.sides:
            summary = scale.per_side[side.key]
            yield [
                scale.key,
                scale.name,
                side.key,
                summary.n,
                summary.dont_know,
                _number(summary.mean),
                _number(summary.spread),
                *shared,
                _number(scale.change.get(side.key)),
            ]
        both = scale.together
        yield [
            scale.key,
            scale.name,
            TOGETHER,
            both.n,
            both.dont_know,
            _number(both.mean),
            _number(both.spread),
            *shared,
            "",
        ]


def _csv(columns: Sequence[str], rows: Iterator[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(value) for value in columns])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def answers_csv(round: Round, language: str) -> str:
    return _csv(answer_columns(round), answer_rows(round, language))


def scores_csv(round: Round, language: str) -> str:
    return _csv(SCORE_COLUMNS, score_rows(round_results(round, language)))


def answers_xlsx(round: Round, language: str) -> bytes:
    """The answers on one sheet, the scores on a second."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = gettext("Answers")[:31]
    sheet.append([safe_cell(value) for value in answer_columns(round)])
    for row in answer_rows(round, language):
        sheet.append([safe_cell(value) for value in row])
    scores = workbook.create_sheet(gettext("Scores")[:31])
    scores.append([safe_cell(value) for value in SCORE_COLUMNS])
    for row in score_rows(round_results(round, language)):
        scores.append([safe_cell(value) for value in row])
    for each in (sheet, scores):
        for heading in each[1]:
            heading.font = Font(bold=True)
        each.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
