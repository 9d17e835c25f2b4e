"""The browser's UTF-16 offsets and Python's code points meet in one place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutuality.evidence.offsets import (
    OffsetError,
    codepoint_to_utf16,
    codepoint_to_utf16_map,
    utf16_to_codepoint,
    utf16_to_codepoint_map,
)

TEXT = "Emirdağ: ılık 🤝 بركان ok"


def test_characters_inside_the_basic_plane_count_the_same():
    assert utf16_to_codepoint("Emirdağ", 7) == 7


def test_an_emoji_counts_two_in_the_browser_and_one_in_python():
    before_emoji = TEXT.index("🤝")
    assert utf16_to_codepoint(TEXT, before_emoji + 2) == before_emoji + 1
    assert codepoint_to_utf16(TEXT, len(TEXT)) == len(TEXT) + 1


def test_an_offset_inside_an_emoji_is_refused():
    with pytest.raises(OffsetError, match="inside the character"):
        utf16_to_codepoint(TEXT, TEXT.index("🤝") + 1)


def test_offsets_beyond_the_text_or_negative_are_refused():
    with pytest.raises(OffsetError, match="beyond the end"):
        utf16_to_codepoint("abc", 4)
    with pytest.raises(OffsetError, match="negative"):
        utf16_to_codepoint("abc", -1)


@given(st.text(), st.data())
def test_the_two_conversions_are_inverse(text, data):
    index = data.draw(st.integers(min_value=0, max_value=len(text)))
    units = codepoint_to_utf16(text, index)
    assert units == len(text[:index].encode("utf-16-le")) // 2
    assert utf16_to_codepoint(text, units) == index


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_the_maps_for_many_offsets_agree_with_the_single_conversions(text):
    to_points, to_units = utf16_to_codepoint_map(text), codepoint_to_utf16_map(text)
    for position in range(len(text) + 1):
        assert to_units(position) == codepoint_to_utf16(text, position)
        assert to_points(codepoint_to_utf16(text, position)) == position


def test_the_lenient_map_moves_an_offset_inside_an_emoji_to_its_start():
    assert utf16_to_codepoint_map(TEXT)(TEXT.index("🤝") + 1) == TEXT.index("🤝")
