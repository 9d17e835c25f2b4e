"""A scored round to read back: an instrument of four items (two on process-based trust, one on
power and equality scored in reverse, one on a scale of the instrument's own), and a round of a
partnership with submitted responses per side, made directly in the database as the questionnaire
would leave them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from mutuality.partnerships.models import Partnership
from mutuality.selfassessment.models import (
    Answer,
    Instrument,
    Item,
    Response,
    Round,
    SideLink,
    new_token,
    token_hash,
)

ITEMS = (  # key, vocabulary, term, own scale, reverse
    ("trust-1", "dimension", "process_trust", "", False),
    ("trust-2", "dimension", "process_trust", "", False),
    ("power-1", "dimension", "power_equality", "", True),
    ("kept-1", "", "", "agreements", False),
)

Values = Sequence[int | None]  # one respondent's answers to ITEMS, in order; None: "don't know"


def instrument(key: str = "scored-check") -> Instrument:
    found = Instrument.objects.filter(key=key).first()
    if found is not None:
        return found
    made = Instrument.objects.create(
        key=key,
        names={"en": "Scored check", "nl": "Gescoorde check"},
        scales={"agreements": {"en": "Agreements kept", "nl": "Afspraken nagekomen"}},
    )
    for position, (item, vocabulary, term, scale, reverse) in enumerate(ITEMS, start=1):
        Item.objects.create(
            instrument=made,
            key=item,
            position=position,
            vocabulary=vocabulary,
            term=term,
            scale=scale,
            reverse=reverse,
            section="ch. 8.3",
            texts={"en": f"Statement {item}.", "nl": f"Stelling {item}."},
        )
    return made


def scored_round(
    partnership: Partnership,
    answers: dict[str, list[Values]],
    *,
    name: str = "2026",
    opens_on: dt.date = dt.date(2026, 3, 1),
    comments: dict[tuple[str, int, str], str] | None = None,
    names: dict[tuple[str, int], str] | None = None,
    **fields: object,
) -> Round:
    """A round of ``partnership`` with, per side key, each respondent's submitted answers;
    ``comments`` by (side, respondent index, item key), ``names`` by (side, respondent index)."""
    round = Round.objects.create(
        partnership=partnership,
        instrument=instrument(),
        name=name,
        opens_on=opens_on,
        closes_on=opens_on + dt.timedelta(days=30),
        **fields,
    )
    items = list(round.instrument.items.order_by("position"))
    sides = {side.key: side for side in partnership.sides.select_related("municipality")}
    for side_key, respondents in answers.items():
        link, _token = SideLink.issue(round, sides[side_key])
        for index, values in enumerate(respondents):
            response = Response.objects.create(
                link=link,
                round=round,
                side=link.side,
                resume_hash=token_hash(new_token()),
                name=(names or {}).get((side_key, index), ""),
                submitted_at=timezone.now(),
            )
            for item, value in zip(items, values, strict=True):
                comment = (comments or {}).get((side_key, index, item.key), "")
                Answer.objects.create(response=response, item=item, value=value, comment=comment)
    return round
