"""The unit of a file's offsets: expected from its producer, checked on the words."""

from __future__ import annotations

from mutuality.formats.refi_qda import offsets
from mutuality.formats.refi_qda.offsets import CODE_POINTS, UTF16, Selection, Text, decide

TEXT = "Hello 👋 world, we met in 🇳🇱 Zeist and in Berkane 🙂 twice."


def utf16(text: str, position: int) -> int:
    return len(text[:position].encode("utf-16-le")) // 2


def selections(text: str, words: list[str], unit: str) -> list[Selection]:
    found = []
    for item in words:
        start = text.index(item)
        end = start + len(item)
        found.append(
            Selection(utf16(text, start), utf16(text, end)) if unit == UTF16 else Selection(start, end)
        )
    return found


def test_nvivo_is_expected_to_count_utf16_units_and_others_code_points():
    assert offsets.expected_unit("NVivo for Windows 12.6") == UTF16
    assert offsets.expected_unit("NVivo 12 For Mac") == UTF16
    assert offsets.expected_unit("MAXQDA 2022") == CODE_POINTS
    assert offsets.expected_unit("") == CODE_POINTS


def test_texts_without_characters_outside_the_bmp_read_the_same_either_way():
    decision = decide("NVivo 14", [Text("a", "Plain text, عربي, güven.", [Selection(0, 5)])])
    assert decision.unit == UTF16 and "the same either way" in decision.reason


def test_the_expected_unit_is_kept_when_it_puts_every_selection_on_whole_words():
    words = ["world", "Zeist", "Berkane", "twice"]
    for origin, unit in (("NVivo 14", UTF16), ("MAXQDA 2022", CODE_POINTS)):
        decision = decide(origin, [Text("interview", TEXT, selections(TEXT, words, unit))])
        assert decision.unit == unit and not decision.cut


def test_the_other_unit_is_used_and_explained_when_only_it_fits_the_words():
    words = ["world", "Zeist", "Berkane", "twice"]
    decision = decide("MAXQDA 2022", [Text("interview", TEXT, selections(TEXT, words, UTF16))])
    assert decision.unit == UTF16
    assert "although MAXQDA 2022 is expected to write Unicode code points" in decision.reason


def test_when_neither_unit_fits_the_cut_codings_are_named():
    at = TEXT.index("Zeist")
    cut = [Selection(utf16(TEXT, at + 1), utf16(TEXT, at + 4))]  # "eis"; read as code points, "t a"
    decision = decide("NVivo 14", [Text("interview", TEXT, cut)])
    assert "neither way of counting" in decision.reason
    assert decision.cut and decision.cut[0].startswith("interview: «")


def test_the_list_of_cut_codings_is_capped_and_says_how_many_more():
    at = TEXT.index("Berkane")
    cut = [Selection(utf16(TEXT, at + 1), utf16(TEXT, at + 3))] * 30
    decision = decide("NVivo 14", [Text("interview", TEXT, cut)])
    assert len(decision.cut) == offsets.LISTED + 1 and "10 more" in decision.cut[-1]
