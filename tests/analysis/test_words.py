"""Word frequencies and keyword in context: folded words, stop words by language, names left out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mutuality.analysis.words import (
    STOP_WORD_LANGUAGES,
    Text,
    keyword_in_context,
    stop_words,
    word_frequencies,
)


def counts(frequencies):
    return {w.spelling: w.count for w in frequencies.words}


def test_words_written_differently_count_as_one_shown_as_most_often_written():
    texts = [
        Text("İstanbul'da bir toplantı. Istanbul, ISTANBUL, istanbul ve Istanbul.", "tr"),
        Text("We went to Istanbul.", "en"),
    ]
    frequencies = word_frequencies(texts)
    [istanbul] = [w for w in frequencies.words if w.word == "istanbul"]
    assert (istanbul.spelling, istanbul.count) == ("Istanbul", 6)
    assert frequencies.spellings["istanbul"] == ("ISTANBUL", "Istanbul", "istanbul", "İstanbul")
    assert counts(frequencies)["toplantı"] == 1


def test_vocalised_arabic_counts_with_the_plain_spelling():
    frequencies = word_frequencies([Text("المَدْرَسَة الجديدة. المدرسة قريبة. المدرسة", "ar")])
    assert counts(frequencies)["المدرسة"] == 3


def test_the_most_frequent_come_first_then_in_order():
    frequencies = word_frequencies([Text("trust visits trust budget visits trust")])
    assert [(w.word, w.count) for w in frequencies.words] == [("trust", 3), ("visits", 2), ("budget", 1)]
    assert frequencies.total == 6 and frequencies.texts == 1


def test_stop_words_are_left_out_by_the_texts_language_unless_kept():
    dutch = Text("De deur van het stadhuis ging open en de wethouder kwam binnen.", "nl")
    english = Text("The door of the town hall opened.", "en")
    frequencies = word_frequencies([dutch, english])
    assert "de" not in counts(frequencies) and "the" not in counts(frequencies)
    assert counts(frequencies)["door"] == 1  # a Dutch stop word, an English word
    assert "van" not in counts(frequencies) and counts(frequencies)["stadhuis"] == 1
    kept = word_frequencies([dutch, english], keep_stop_words=True)
    assert counts(kept)["de"] == 2 and counts(kept)["the"] == 2  # "The" once, "the" once


def test_a_text_of_no_known_language_leaves_out_the_stop_words_of_all_five():
    frequencies = word_frequencies([Text("de la the ve في trust", "")])
    assert counts(frequencies) == {"trust": 1}
    assert stop_words("nl-BE") == stop_words("nl")
    assert stop_words("") == frozenset().union(*(stop_words(code) for code in STOP_WORD_LANGUAGES))


def test_stop_words_are_compared_folded():
    assert "cok" in stop_words("tr") and "deja" in stop_words("fr") and "الي" in stop_words("ar")
    frequencies = word_frequencies([Text("ÇOK güzel, Çok güzel", "tr"), Text("DÉJÀ vu", "fr")])
    assert counts(frequencies) == {"güzel": 2, "vu": 1}


def test_numbers_and_single_letters_are_not_words():
    frequencies = word_frequencies([Text("In 2011 x visits, 3 times: covid19.", "en")], keep_stop_words=True)
    assert counts(frequencies) == {"In": 1, "visits": 1, "times": 1, "covid19": 1}


def test_apostrophes_and_hyphens_part_words():
    frequencies = word_frequencies([Text("L'école de Zeist-Berkane", "fr")], keep_stop_words=True)
    assert counts(frequencies) == {"école": 1, "de": 1, "Zeist": 1, "Berkane": 1}


def test_hidden_stretches_are_not_counted_nor_shown_as_the_word():
    text = "R7 said R7 spoke with [name] about trust."
    hidden = ((0, 2), (8, 10), (22, 28))
    texts = [Text(text, "en", hidden)]
    frequencies = word_frequencies(texts)
    assert counts(frequencies) == {"said": 1, "spoke": 1, "trust": 1}
    assert keyword_in_context(texts, frequencies, "name") == []


def test_keyword_in_context_shows_each_occurrence_with_its_words_around():
    texts = [
        Text("Trust grew. We trust them.", "en"),
        Text("No word here.", "en"),
        Text("TRUST, trusted, distrust: trust!", "en"),
    ]
    frequencies = word_frequencies(texts)
    lines = keyword_in_context(texts, frequencies, "trust", width=6)
    assert [(line.text, line.before, line.word, line.after) for line in lines] == [
        (0, "", "Trust", " grew."),
        (0, "w. We ", "trust", " them."),
        (2, "", "TRUST", ", trus"),
        (2, "rust: ", "trust", "!"),
    ]
    assert len(lines) == frequencies.get("trust").count
    assert texts[2].text[lines[3].start : lines[3].end] == "trust"


def test_keyword_in_context_is_paged():
    texts = [Text("visit " * 3, "en"), Text("visit " * 4, "en")]
    frequencies = word_frequencies(texts)
    first = keyword_in_context(texts, frequencies, "visit", limit=5)
    rest = keyword_in_context(texts, frequencies, "visit", skip=5, limit=5)
    assert [(line.text, line.start) for line in first + rest] == [
        (0, 0),
        (0, 6),
        (0, 12),
        (1, 0),
        (1, 6),
        (1, 12),
        (1, 18),
    ]


def test_keyword_in_context_finds_the_arabic_word_with_its_marks():
    texts = [Text("قالت: المَدْرَسَةُ قريبة", "ar")]
    frequencies = word_frequencies(texts)
    [line] = keyword_in_context(texts, frequencies, "المدرسة")
    assert line.word == "المَدْرَسَةُ"


def test_a_stop_word_has_no_lines_unless_stop_words_are_kept():
    texts = [Text("de stad en de haven", "nl")]
    assert keyword_in_context(texts, word_frequencies(texts), "de") == []
    kept = word_frequencies(texts, keep_stop_words=True)
    assert len(keyword_in_context(texts, kept, "de")) == 2


WORDS = st.sampled_from(
    ["İstanbul", "istanbul", "ISTANBUL", "de", "De", "مَدْرَسَة", "مدرسة", "trust", "x", "42"]
)
SEPARATORS = st.sampled_from([" ", ", ", "'", "-", "\n", " 🤝 "])


@given(
    st.lists(
        st.tuples(st.lists(st.tuples(WORDS, SEPARATORS), max_size=12), st.sampled_from(["nl", "en", ""]))
    ),
    st.booleans(),
)
def test_the_lines_of_every_word_number_its_count(texts, keep):
    texts = [Text("".join(w + s for w, s in words), language) for words, language in texts]
    frequencies = word_frequencies(texts, keep_stop_words=keep)
    for word in frequencies.words:
        lines = keyword_in_context(texts, frequencies, word.word, limit=10_000)
        assert len(lines) == word.count
        assert {line.word for line in lines} <= set(frequencies.spellings[word.word])
