"""Partner discovery ranks cities by reasons one can read: each reason's points shown, the score their
sum, cities already linked left out and counted, what is not known said rather than guessed."""

from __future__ import annotations

import pytest

from mutuality.analysis.discovery import (
    Filters,
    Home,
    Place,
    corridor_points,
    discover,
    size_points,
)

ZEIST = Home("Zeist", "NL", (1,), 65_000)

PLACES = {
    p.id: p
    for p in (
        Place(1, "Zeist", "NL", 65_000),
        Place(2, "Berkane", "MA", 110_000),
        Place(3, "Slavkov", "CZ", 6_500),
        Place(4, "Bondy", "FR", 54_000),
        Place(5, "Saint-Gilles", "BE", None),
        Place(6, "Nador", "MA", 160_000),
        Place(7, "Edirne", "TR", 650_000),
        Place(8, "Utrecht", "NL", 360_000),
        Place(9, "Far Away", "JP", 65_000),
    )
}
LINKS = [(1, 2), (1, 3), (2, 4), (2, 5), (3, 4), (6, 8)]
STOCKS = {"MA": (2019, 180_879), "TR": (2019, 204_702), "BE": (2019, 60_996), "FR": (2019, 29_455)}
NAMES = {"MA": "Morocco", "TR": "Türkiye", "BE": "Belgium", "FR": "France", "NL": "the Netherlands"}


def partners_of(links):
    partners: dict[int, list[int]] = {}
    for one, two in links:
        partners.setdefault(one, []).append(two)
        partners.setdefault(two, []).append(one)
    return partners


def run(home=ZEIST, **options):
    return discover(home, PLACES, partners_of(LINKS), STOCKS, names=NAMES, **options)


def ranked(found):
    return [(c.place.name, c.score) for c in found.candidates]


def test_size_points_fall_with_the_order_of_magnitude_between_the_two():
    assert size_points(65_000, 65_000) == 2.0
    assert size_points(650_000, 65_000) == 0.0
    assert size_points(6_500, 65_000) == 0.0
    assert size_points(205_548, 65_000) == 1.0  # about 3.16 times as large
    assert size_points(0, 65_000) == 0.0


def test_corridor_points_count_orders_of_magnitude_above_a_thousand_up_to_three():
    assert corridor_points(1_000) == 0.0
    assert corridor_points(10_000) == 1.0
    assert corridor_points(100_000) == 2.0
    assert corridor_points(180_879) == 2.26
    assert corridor_points(50_000_000) == 3.0


def test_the_score_is_the_sum_of_the_reasons_each_shown_with_its_points():
    found = run()
    bondy = next(c for c in found.candidates if c.place.name == "Bondy")
    points = {r.key: r.points for r in bondy.reasons}
    assert points == {"corridor": 1.47, "partners_of_partners": 2.0, "size": 1.84}
    assert bondy.score == round(sum(points.values()), 2) == 5.31
    texts = [r.text for r in bondy.reasons]
    assert texts[0] == (
        "29\u202f455 people born in France lived in the Netherlands in 2019 (UN DESA, by country: how many "
        "live in Zeist is not known)."
    )
    assert texts[1] == "Already linked to 2 of Zeist's partners: Berkane, Slavkov."
    assert texts[2] == "Population 54\u202f000, Zeist 65\u202f000."


def test_candidates_are_ranked_by_score_and_cities_already_linked_are_left_out_and_counted():
    found = run()
    assert ranked(found) == [
        ("Bondy", 5.31),
        ("Nador", 3.48),
        ("Saint-Gilles", 2.79),
        ("Edirne", 2.31),
        ("Far Away", 2.0),
    ]
    assert found.already_linked == 2  # Berkane, Slavkov
    assert found.weighed == 5  # the home country's cities are not weighed


def test_the_home_country_is_weighed_only_when_asked_for():
    found = run(filters=Filters(include_home_country=True))
    assert ("Utrecht", 0.51) in ranked(found)


def test_an_unknown_population_is_said_never_read_as_a_size():
    gilles = next(c for c in run().candidates if c.place.name == "Saint-Gilles")
    unknown = [r for r in gilles.reasons if r.key == "size_unknown"]
    assert [(r.text, r.points) for r in unknown] == [("Population not known (the lists give none).", 0.0)]


def test_without_the_home_population_no_size_is_compared():
    found = run(Home("Zeist", "NL", (1,), None))
    assert all(r.key != "size" for c in found.candidates for r in c.reasons)
    assert "Far Away" not in [c.place.name for c in found.candidates]  # no reason left to list it


def test_a_city_with_no_reason_that_scores_is_not_listed():
    found = run(filters=Filters(countries=frozenset({"CZ", "JP"})))
    assert ranked(found) == [("Far Away", 2.0)]  # Slavkov is linked; nothing else scores


def test_filters_by_country_population_and_reason():
    assert [c.place.country for c in run(filters=Filters(countries=frozenset({"MA"}))).candidates] == ["MA"]
    excluded = run(filters=Filters(exclude_countries=frozenset({"MA", "FR"})))
    assert {c.place.country for c in excluded.candidates} == {"BE", "TR", "JP"}
    sized = run(filters=Filters(min_population=60_000, max_population=200_000))
    assert ranked(sized) == [("Nador", 3.48), ("Far Away", 2.0)]  # unknown populations left out
    friends = run(filters=Filters(must_have=frozenset({"partners_of_partners"})))
    assert [c.place.name for c in friends.candidates] == ["Bondy", "Saint-Gilles"]
    with pytest.raises(ValueError, match="unknown reasons nope"):
        Filters(must_have=frozenset({"nope"}))


def test_a_list_holds_a_few_cities_a_country_unless_countries_are_asked_for():
    places = {**PLACES, **{n: Place(n, f"Town {n}", "MA", 65_000) for n in range(20, 26)}}
    found = discover(ZEIST, places, partners_of(LINKS), STOCKS, per_country=3)
    assert sum(c.place.country == "MA" for c in found.candidates) == 3
    asked = discover(ZEIST, places, partners_of(LINKS), STOCKS, filters=Filters(countries=frozenset({"MA"})))
    assert len(asked.candidates) == 7
    everything = discover(ZEIST, places, partners_of(LINKS), STOCKS, per_country=None, top=None)
    assert sum(c.place.country == "MA" for c in everything.candidates) == 7


def test_top_cuts_the_list_and_candidates_are_plain_data():
    [first] = run(top=1).candidates
    data = first.as_dict()
    assert data["city"] == "Bondy" and data["country"] == "FR" and data["score"] == 5.31
    assert data["reasons"][0] == {
        "reason": "corridor",
        "text": first.reasons[0].text,
        "points": 1.47,
    }
    translated = first.as_dict(lambda message: message.replace("Already linked to", "Al gekoppeld aan"))
    assert translated["reasons"][1]["text"] == "Al gekoppeld aan 2 of Zeist's partners: Berkane, Slavkov."
