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
