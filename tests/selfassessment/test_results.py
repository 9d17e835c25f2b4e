"""A round's results read from the database: submitted answers only, per side by its municipality's
key, scales named by the framework, the gap between the two sides and the change since last round."""

from __future__ import annotations

import datetime as dt

import pytest

from mutuality.selfassessment.models import Answer, Instrument, Item, Response, Round, SideLink
from mutuality.selfassessment.results import round_results
from tests.evidence.conftest import partnership  # noqa: F401


@pytest.fixture
def instrument(db: None) -> Instrument:
    made = Instrument.objects.create(key="short", names={"en": "Short"})
    Item.objects.create(
        instrument=made,
        key="trust-1",
        position=1,
        vocabulary="dimension",
        term="process_trust",
        texts={"en": "We trust each other."},
    )
    Item.objects.create(
        instrument=made,
        key="trust-2",
        position=2,
        vocabulary="dimension",
        term="process_trust",
        texts={"en": "Promises are kept."},
    )
    Item.objects.create(
        instrument=made,
        key="power-1",
        position=3,
        vocabulary="dimension",
        term="power_equality",
        texts={"en": "We decide as equals."},
    )
    return made


def respond(
    round: Round, side_key: str, values: dict[str, int | None], *, submitted: bool = True
) -> Response:
    side = next(side for side in round.partnership.sides.all() if side.key == side_key)
    link, _token = SideLink.issue(round, side)
    response = Response.objects.create(
        link=link,
        round=round,
        side=side,
        resume_hash=f"{side_key}-{Response.objects.count()}",
        submitted_at=dt.datetime.now(dt.UTC) if submitted else None,
    )
    for key, value in values.items():
        Answer.objects.create(response=response, item=round.instrument.items.get(key=key), value=value)
    return response


def test_a_round_scores_each_side_on_each_scale_from_submitted_answers(partnership, instrument):  # noqa: F811
    round = Round.objects.create(
        partnership=partnership,
        instrument=instrument,
        name="2026",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 3, 1),
    )
    first, second = [side.key for side in partnership.sides.order_by("position", "id")]
    for values in (
        {"trust-1": 5, "trust-2": 5, "power-1": 2},
        {"trust-1": 4, "trust-2": 5, "power-1": None},
        {"trust-1": 5, "trust-2": 4, "power-1": 3},
    ):
        respond(round, first, values)
    for values in (
        {"trust-1": 2, "trust-2": 1, "power-1": 4},
        {"trust-1": 1, "trust-2": 2, "power-1": 5},
        {"trust-1": 2, "trust-2": 2, "power-1": 4},
    ):
        respond(round, second, values)
    respond(
        round, second, {"trust-1": 5, "trust-2": 5, "power-1": 5}, submitted=False
    )  # not sent: not counted

    results = round_results(round, "en")
    assert results.respondents == {first: 3, second: 3}
    assert [scale.key for scale in results.scales] == ["dimension/process_trust", "dimension/power_equality"]
    trust = results.scale("dimension/process_trust")
    assert trust.name == "Process-based trust"
    assert trust.per_side[first].mean == pytest.approx((5 + 4.5 + 4.5) / 3)
    assert trust.per_side[second].mean == pytest.approx((1.5 + 1.5 + 2) / 3)
    assert [item.key for item in trust.items] == ["trust-1", "trust-2"]
    power = results.scale("dimension/power_equality")
    assert (power.per_side[first].n, power.per_side[first].dont_know, power.per_side[first].mean) == (
        2,
        1,
        None,
    )
    assert power.gap.difference is None  # one side below three respondents
    assert [scale.key for scale in results.gaps] == ["dimension/process_trust"]
    assert trust.gap.test.p == pytest.approx(0.1)


def test_the_change_since_the_last_round_with_the_same_instrument(partnership, instrument):  # noqa: F811
    side = partnership.sides.order_by("position", "id").first().key
    rounds = [
        Round.objects.create(
            partnership=partnership,
            instrument=instrument,
            name=str(year),
            opens_on=dt.date(year, 1, 1),
            closes_on=dt.date(year, 2, 1),
        )
        for year in (2025, 2026)
    ]
    for round, value in zip(rounds, (2, 4), strict=True):
        for _ in range(3):
            respond(round, side, {"trust-1": value, "trust-2": value, "power-1": value})
    results = round_results(rounds[1], "en")
    assert results.previous == rounds[0]
    assert results.scale("dimension/process_trust").change[side] == pytest.approx(2)
    assert round_results(rounds[0], "en").scale("dimension/process_trust").change[side] is None
