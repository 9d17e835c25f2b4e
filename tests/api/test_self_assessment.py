"""``partnerships/{key}/self-assessment/``: each round with its instrument, each side's scores per
dimension (null below the privacy threshold, n always), and the gap between the sides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.selfassessment.scored import scored_round

EMIRDAG = [[4, 5, 2, 4], [5, 5, 1, 5], [4, 4, 2, None]]  # process_trust 4.5, 5, 4
HAARLEM = [[2, 2, 4, 3], [1, 2, 5, 3], [2, 3, 4, 2]]  # process_trust 2, 1.5, 2.5


def url(world) -> str:
    return reverse("api-self-assessment", args=[world.p1.key])


def test_a_reader_gets_each_round_with_its_instrument_and_each_sides_scores(world, api):
    scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM})
    response = api("viewer").get(url(world))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["partnership"] == world.p1.key and body["threshold"] == 3
    assert set(body["sides"]) == {"emirdag", "haarlem"}
    (round,) = body["rounds"]
    assert round["name"] == "2026" and round["instrument"] == {"key": "scored-check", "name": "Scored check"}
    assert round["respondents"] == {"emirdag": 3, "haarlem": 3}
    trust = round["sides"]["emirdag"]["process_trust"]
    assert trust == {"mean": pytest.approx(4.5), "spread": pytest.approx(0.5), "n": 3}
    assert round["sides"]["haarlem"]["process_trust"]["mean"] == pytest.approx(2.0)
    # Reversed item: agreeing strongly that one side decides scores low.
    assert round["sides"]["emirdag"]["power_equality"]["mean"] == pytest.approx((4 + 5 + 4) / 3)
    # A scale of the instrument's own goes by its key; only two Emirdağ respondents scored it.
    assert round["sides"]["emirdag"]["agreements"] == {"mean": None, "spread": None, "n": 2}
    assert {scale["key"] for scale in round["scales"]} == {"process_trust", "power_equality", "agreements"}


def test_the_gap_is_a_number_where_both_sides_have_scores_with_its_p_value(world, api):
    scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM})
    body = api("viewer").get(url(world)).json()
    round, (first, second) = (
        body["rounds"][0],
        body["sides"],
    )  # the gap is the first side's mean minus the second's
    means = {side: round["sides"][side]["process_trust"]["mean"] for side in (first, second)}
    assert round["gap"]["process_trust"] == pytest.approx(means[first] - means[second])
    assert abs(round["gap"]["process_trust"]) == pytest.approx(2.5)
    # Three against three, wholly apart: the exact two-sided p is 2/20.
    assert round["p_value"]["process_trust"] == pytest.approx(0.1)
    assert round["gap"]["agreements"] is None and round["p_value"]["agreements"] is None


def test_mean_and_spread_are_null_below_three_respondents_and_n_is_always_given(world, api):
    scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM[:2]})
    round = api("viewer").get(url(world)).json()["rounds"][0]
    assert round["respondents"]["haarlem"] == 2
    assert round["sides"]["haarlem"]["process_trust"] == {"mean": None, "spread": None, "n": 2}
    assert round["sides"]["emirdag"]["process_trust"]["mean"] == pytest.approx(4.5)
    assert round["gap"]["process_trust"] is None and round["p_value"]["process_trust"] is None


def test_rounds_come_earliest_first_and_comments_and_names_never(world, api):
    import datetime as dt

    scored_round(
        world.p1,
        {"emirdag": EMIRDAG},
        name="named",
        anonymous=False,
        opens_on=dt.date(2027, 3, 1),
        comments={("emirdag", 0, "trust-1"): "A private remark"},
        names={("emirdag", 0): "Ayşe Yılmaz"},
    )
    scored_round(world.p1, {"emirdag": EMIRDAG})
    response = api("admin").get(url(world))
    assert [r["name"] for r in response.json()["rounds"]] == ["2026", "named"]
    text = response.content.decode()
    assert "private remark" not in text and "Yılmaz" not in text and "Y\\u0131lmaz" not in text


def test_a_partnership_without_rounds_has_none(world, api):
    assert api("viewer").get(url(world)).json()["rounds"] == []


def test_who_may_not_read_the_partnership_does_not_find_it(world, api):
    scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM})
    assert api("outsider").get(url(world)).status_code == 404
    assert api("anonymous").get(url(world)).status_code == 401
    assert api("viewer").get(reverse("api-self-assessment", args=["no-such"])).status_code == 404


def test_it_is_read_only(world, api):
    assert api("admin").post(url(world), {}).status_code == 405
    assert api("admin").delete(url(world)).status_code == 405


def test_the_openapi_description_holds_it_with_nulls_where_scores_are_not_shown(db):
    """Generates the whole OpenAPI description (about 3 s: every serializer is walked)."""
    from tests.api.test_openapi import description

    spec = description()
    path = spec["paths"]["/api/v1/partnerships/{partnership}/self-assessment/"]
    assert set(path) - {"parameters"} == {"get"}
    schemas = spec["components"]["schemas"]
    score = schemas["SelfAssessmentScore"]["properties"]
    assert score["mean"]["nullable"] and score["spread"]["nullable"] and "nullable" not in score["n"]
    assert schemas["SelfAssessmentRound"]["properties"]["gap"]["additionalProperties"]["nullable"]
