"""A migration corridor holds UN DESA's migrant stock both ways, as recorded, and says how large it is."""

from __future__ import annotations

import pytest

from mutuality.analysis.corridors import (
    LARGE_CORRIDOR,
    SIZE_CLASSES,
    Corridor,
    corridors_from_stocks,
    size_class,
)

NL_MA = Corridor(
    "NL",
    "MA",
    one_to_other=((2019, 1_200), (1990, 800)),
    other_to_one=((1990, 114_850), (2019, 180_879)),
)


def test_the_series_are_kept_in_year_order_whatever_order_they_came_in():
    assert NL_MA.one_to_other == ((1990, 800), (2019, 1_200))


def test_each_direction_gives_its_latest_year_and_figure():
    assert NL_MA.latest("MA", "NL") == (2019, 180_879)
    assert NL_MA.latest_other_to_one == (2019, 180_879)
    assert NL_MA.latest_one_to_other == (2019, 1_200)


def test_the_change_since_the_first_year_is_given_in_people_and_percent():
    change = NL_MA.change("MA", "NL")
    assert change is not None
    assert (change.first_year, change.first, change.latest_year, change.latest) == (
        1990,
        114_850,
        2019,
        180_879,
    )
    assert change.absolute == 66_029
    assert change.percent == 57.5


def test_a_change_from_nobody_has_no_percentage():
    corridor = Corridor("NL", "MA", ((1990, 0), (2019, 50)))
    change = corridor.change_one_to_other
    assert change is not None and change.absolute == 50 and change.percent is None


def test_a_direction_with_one_year_or_none_has_no_change():
    corridor = Corridor("NL", "MA", ((2019, 50),))
    assert corridor.change_one_to_other is None
    assert corridor.change_other_to_one is None
    assert corridor.latest_other_to_one is None
    assert corridor.size_of("MA", "NL") is None


def test_a_direction_the_corridor_does_not_join_is_refused():
    with pytest.raises(ValueError, match="NL–MA has no direction TR → NL"):
        NL_MA.stock("TR", "NL")


def test_size_classes_start_at_their_stated_thresholds():
    assert [least for _key, _label, least in SIZE_CLASSES] == [100_000, 10_000, 0]
    assert size_class(LARGE_CORRIDOR) == "large"
    assert size_class(LARGE_CORRIDOR - 1) == "medium"
    assert size_class(10_000) == "medium"
    assert size_class(9_999) == "small"
    assert NL_MA.size == "large"
    assert NL_MA.size_of("NL", "MA") == "small"


def test_as_dict_gives_both_directions_with_thresholds_and_source():
    data = NL_MA.as_dict()
    assert data["one"] == "NL" and data["other"] == "MA"
    assert data["other_to_one"]["stock"][-1] == {"year": 2019, "migrants": 180_879}
    assert data["other_to_one"]["change"]["percent"] == 57.5
    assert data["other_to_one"]["size"] == "large"
    assert data["size_thresholds"] == {"large": 100_000, "medium": 10_000, "small": 0}
    assert "UN DESA" in data["source"]


def test_corridors_from_rows_leave_out_pairs_with_nothing_recorded():
    rows = [("MA", "NL", 1990, 114_850), ("MA", "NL", 2019, 180_879), ("TR", "DE", 2019, 1_500_000)]
    found = corridors_from_stocks(rows, [("NL", "MA"), ("NL", "TR"), ("NL", "NL")])
    assert list(found) == [("NL", "MA")]
    assert found[("NL", "MA")].other_to_one == ((1990, 114_850), (2019, 180_879))
    assert found[("NL", "MA")].one_to_other == ()
