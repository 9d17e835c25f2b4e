"""Folding forgives case, accents, the Turkish i's and Arabic vowel marks, and finds the way back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutuality.analysis.folding import fold, fold_character, fold_text


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("inşallah", "insallah"),
        ("İstanbul", "istanbul"),
        ("ISTANBUL", "istanbul"),
        ("ıstanbul", "istanbul"),
        ("izmir", "İzmir"),
        ("IĞDIR", "igdir"),
        ("Émile à l'école", "emile a l'ecole"),
        ("Straße", "STRASSE"),
        ("مَدْرَسَة", "مدرسة"),
        ("مـــدرسة", "مدرسة"),  # tatweel
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمنة", "امنة"),
        ("ٱلله", "الله"),
        ("على", "علي"),  # alef maqsura and ya are one
        ("مدرسه", "مدرسة"),  # ta marbuta and ha are one
        ("ﻣﺪﺭﺳﺔ", "مدرسة"),  # presentation forms, as copied from a PDF
        ("سنة ٢٠١١", "سنة 2011"),
        ("Ze\u00adist", "zeist"),  # a soft hyphen
    ],
)
def test_words_fold_alike_however_they_are_written(written, typed):
    assert fold_text(written) == fold_text(typed)


def test_what_folding_keeps_apart():
    assert fold_text("kat") != fold_text("kâr")
    assert fold_text("ilk") != fold_text("ülk")
    assert fold_text("مدرسة") != fold_text("مدارس")


def test_a_hit_is_highlighted_on_the_words_as_written():
    text = "Biz 🤝 İstanbul'da, inşallah, ISTANBUL."
    folded = fold(text)
    assert [text[start:end] for start, end in folded.find("istanbul")] == ["İstanbul", "ISTANBUL"]
    assert [text[start:end] for start, end in folded.find("insallah")] == ["inşallah"]


def test_an_arabic_hit_keeps_its_vowel_marks():
    text = "قال: المَدْرَسَةُ الجديدة"
    [(start, end)] = fold(text).find("المدرسة")
    assert text[start:end] == "المَدْرَسَةُ"


def test_a_letter_that_folds_to_two_is_highlighted_whole():
    text = "Die Straße"
    assert [text[start:end] for start, end in fold(text).find("s")] == ["S", "ß"]
    assert [text[start:end] for start, end in fold(text).find("sse")] == ["ße"]


def test_words_that_fold_to_nothing_find_nothing():
    assert fold("مَدْرَسَة").find("\u064e\u0652") == []


def _producers(text: str) -> list[int]:
    """For each character of the folded text, the original character that made it (by brute force)."""
    return [index for index, character in enumerate(text) for _ in fold_character(character)]


#: Characters that fold to none, one or several, for Hypothesis to mix with any others.
TRICKY = st.sampled_from(
    ["İ", "I", "ı", "ß", "ş", "a", " ", "\u0301", "\u064e", "ـ", "ﷺ", "ﬁ", "🤝", "\ufe0f", "ة"]
)


@given(st.text(st.one_of(TRICKY, st.characters())), st.data())
def test_the_way_back_covers_exactly_the_characters_that_folded_to_a_stretch(text, data):
    folded = fold(text)
    producers = _producers(text)
    assert folded.text == "".join(fold_character(c) for c in text)
    assert len(producers) == len(folded.text)
    start = data.draw(st.integers(0, len(folded.text)))
    end = data.draw(st.integers(start, len(folded.text)))
    original_start, original_end = folded.start(start), folded.end(end)
    assert 0 <= original_start <= original_end <= len(text)
    assert all(original_start <= producers[k] < original_end for k in range(start, end))
    assert folded.text[start:end] in fold_text(text[original_start:original_end])

    def between_characters(k: int) -> bool:
        return k in (0, len(producers)) or producers[k - 1] != producers[k]

    if start < end and between_characters(start) and between_characters(end):
        assert fold_text(text[original_start:original_end]) == folded.text[start:end]


@given(st.text(st.one_of(TRICKY, st.characters())), st.text(TRICKY, min_size=1, max_size=3))
def test_every_hit_folds_to_the_words_looked_for(text, words):
    folded = fold(text)
    needle = fold_text(words)
    hits = folded.find(words)
    for start, end in hits:
        assert needle in fold_text(text[start:end])
    assert all(a[1] <= b[0] for a, b in zip(hits, hits[1:], strict=False))


@given(st.text(alphabet=st.characters(min_codepoint=0x10000), max_size=20), st.text(max_size=20))
def test_astral_characters_and_emoji_keep_the_offsets(astral, rest):
    text = astral + "inşallah" + rest
    [(start, end)] = [hit for hit in fold(text).find("insallah") if hit[0] == len(astral)]
    # the word as written, and the marks and invisible characters that follow it, if any
    assert text[start:end].startswith("inşallah") and fold_text(text[start:end]) == "insallah"


@given(st.text(st.one_of(TRICKY, st.characters())))
def test_folding_twice_changes_nothing(text):
    assert fold_text(fold_text(text)) == fold_text(text)


@given(st.text(), st.text())
def test_folding_goes_character_by_character(a, b):
    assert fold_text(a + b) == fold_text(a) + fold_text(b)
