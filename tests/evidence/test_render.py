from __future__ import annotations

from mutuality.evidence.render import Segment, segments


def test_uncoded_text_is_one_segment():
    assert segments(10, []) == [Segment(0, 10, ())]


def test_overlapping_codings_split_the_text_where_they_begin_and_end():
    assert segments(10, [(1, 2, 6), (2, 4, 8)]) == [
        Segment(0, 2, ()),
        Segment(2, 4, (1,)),
        Segment(4, 6, (1, 2)),
        Segment(6, 8, (2,)),
        Segment(8, 10, ()),
    ]


def test_identical_ranges_share_one_segment():
    assert segments(4, [(7, 0, 4), (3, 0, 4)]) == [Segment(0, 4, (3, 7))]


def test_overlapping_codings_get_lanes_side_by_side_and_no_more_lanes_than_needed():
    from mutuality.evidence.render import lanes

    placed = lanes([(1, 0, 10), (2, 5, 15), (3, 12, 20), (4, 16, 18), (5, 30, 40)])
    assert placed[1] != placed[2]  # overlap
    assert placed[3] == placed[1]  # 3 starts after 1 ends: its lane is free again
    assert placed[4] not in (placed[3],)  # inside 3
    assert placed[5] == 0
    assert max(placed.values()) == 1  # never more than two codings over one place


def test_an_edge_moves_by_a_whole_word_with_its_punctuation_and_emoji():
    from mutuality.evidence.render import moved_by_word

    text = "نحن نتعلم معًا 🤝 في كل زيارة."
    start = text.index("معًا")
    end = start + len("معًا")
    assert text[slice(*moved_by_word(text, start, end, "end", 1))] == "معًا 🤝"
    assert text[slice(*moved_by_word(text, start, end, "start", -1))] == "نتعلم معًا"
    wide = moved_by_word(text, start, len(text) - 1, "end", 1)
    assert text[slice(*wide)] == "معًا 🤝 في كل زيارة."  # the last word's full stop comes with it


def test_an_edge_that_would_leave_no_word_or_has_nowhere_to_go_stays():
    from mutuality.evidence.render import moved_by_word

    text = "one two"
    assert moved_by_word(text, 0, 3, "start", 1) == (0, 3)
    assert moved_by_word(text, 0, 3, "end", -1) == (0, 3)
    assert moved_by_word(text, 0, 3, "start", -1) == (0, 3)
    assert moved_by_word(text, 4, 7, "end", 1) == (4, 7)
