from __future__ import annotations

from mutuality.analysis.crosstab import cross_tab, cross_tab_counted


def test_pairs_are_counted_with_totals():
    table = cross_tab([("trust", "zeist"), ("trust", "berkane"), ("trust", "zeist"), ("power", "berkane")])
    assert table.count("trust", "zeist") == 2
    assert table.count("power", "zeist") == 0
    assert table.row_totals == {"trust": 3, "power": 1}
    assert table.column_totals == {"zeist": 2, "berkane": 2}


def test_rows_follow_the_order_given_and_unknown_ones_come_last():
    table = cross_tab([("b", 1), ("z", 1), ("a", 1)], row_order=["b", "a"])
    assert table.rows == ["b", "a", "z"]


def test_missing_values_are_a_column_of_their_own_placed_last():
    table = cross_tab([("trust", None), ("trust", "zeist")])
    assert table.columns == ["zeist", None]
    assert table.to_records() == [{"row": "trust", "zeist": 1, "None": 1}]


def test_counted_groups_add_up_when_several_map_to_one_cell():
    table = cross_tab_counted([(("trust", "zeist"), 2), (("trust", "zeist"), 3), (("power", None), 1)])
    assert table.count("trust", "zeist") == 5
    assert table.row_totals == {"trust": 5, "power": 1}
    assert table.columns == ["zeist", None]


def test_cells_are_shaded_in_five_steps_by_their_share_of_the_largest_count():
    from mutuality.analysis.crosstab import heat_step

    assert [heat_step(n, 10) for n in range(11)] == [None, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert heat_step(1, 1) == 4  # a table of ones is all "largest"
    assert heat_step(1, 1000) == 0  # the smallest count is still shaded, never blank
    assert heat_step(0, 0) is None
