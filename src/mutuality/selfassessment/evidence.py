"""Respondents' comments kept as evidence: one source a side a round, to be coded like an interview.

Only the comments of respondents who agreed (``Response.consent_to_evidence``) go in, never a name
or role, each under the statement it answers (in the respondent's language) and the answer given,
the respondents numbered as the exports number them. The source is confidential, on the round's
partnership and the side, of the kind "survey answer"; sending again after more answers came in
adds a version of its text (codings on the old text move with their words), or nothing if none
changed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from mutuality.evidence.models import Source
from mutuality.evidence.versions import add_version, normalise
from mutuality.partnerships.models import Side
from mutuality.selfassessment.models import Answer, Round


def source_key(round: Round, side: Side) -> str:
    return f"{round.partnership.key}-self-assessment-{round.pk}-{side.key}"[:80]


def comments_text(round: Round, side: Side) -> tuple[str, str]:
    """The consented comments of ``side`` in ``round`` as one text, and the language most of them
    were written in ("" when there is none)."""
    answers = (
        Answer.objects.filter(
            response__round=round,
            response__side=side,
            response__submitted_at__isnull=False,
            response__consent_to_evidence=True,
        )
        .exclude(comment="")
        .select_related("item", "response")
        .order_by("response__started_at", "response_id", "item__position")
    )
    numbers: dict[int, int] = {}
    blocks: list[str] = []
    languages: Counter[str] = Counter()
    for answer in answers:
        number = numbers.setdefault(answer.response_id, len(numbers) + 1)
        language = answer.response.language
        languages[language] += 1
        with translation.override(language or None):
            given = gettext("don't know") if answer.value is None else str(answer.value)
            blocks.append(
                gettext("Respondent %(number)s — %(statement)s\nAnswer: %(answer)s\n%(comment)s")
                % {
                    "number": number,
                    "statement": answer.item.text_in(language),
                    "answer": given,
                    "comment": answer.comment,
                }
            )
    language = languages.most_common(1)[0][0] if languages else ""
    return "\n\n".join(blocks), language


def comments_to_evidence(round: Round, user: Any) -> list[tuple[Source, str]]:
    """Each side's consented comments as a source: ``(source, "new" | "changed" | "unchanged")``;
    a side without any is left out."""
    done = []
    with transaction.atomic():
        for side in round.partnership.sides.select_related("municipality").order_by("position", "id"):
            text, language = comments_text(round, side)
            if not text:
                continue
            key = source_key(round, side)
            source = Source.objects.filter(key=key).first()
            how = "new" if source is None else "changed"
            if source is None:
                title = gettext("Self-assessment %(round)s: comments from %(side)s") % {
                    "round": round.name,
                    "side": side.municipality.name,
                }
                source = Source.objects.create(
                    key=key,
                    title=title[:300],
                    kind="survey_answer",
                    side=side,
                    language=language,
                    date=round.closes_on,
                    confidential=True,
                )
                source.partnerships.add(round.partnership)
            elif source.current is not None and source.current.text == normalise(text):
                done.append((source, "unchanged"))
                continue
            add_version(source, text, user=user)
            done.append((source, how))
    return done
