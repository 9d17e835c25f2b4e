"""Editing a coded text: codings move with unchanged words, are flagged where words changed."""

from __future__ import annotations

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding
from mutuality.evidence.versions import add_version, check_coding_quotes, normalise
from tests.evidence.conftest import TEXT


def code_words(source, coder, words):
    version = source.current
    start = version.text.index(words)
    return Coding.objects.create(
        version=version,
        start=start,
        end=start + len(words),
        code=framework_code("dimension", "process_trust"),
        coder=coder,
    )


def test_text_is_stored_in_nfc_with_plain_newlines():
    assert normalise("e\u0301\r\nx") == "é\nx"


def test_a_coding_on_unchanged_words_moves_with_them(source, coder):
    coding = code_words(source, coder, "Trust grew")
    change = add_version(source, "A new first line.\n" + TEXT, user=coder)
    coding.refresh_from_db()
    assert (change.moved, change.flagged) == (1, 0)
    assert coding.version == change.version
    assert change.version.text[coding.start : coding.end] == "Trust grew"


def test_a_coding_on_changed_words_stays_on_its_version_and_is_flagged(source, coder):
    coding = code_words(source, coder, "Trust grew")
    old_version = source.current
    change = add_version(source, TEXT.replace("Trust grew", "Distrust grew"), user=coder)
    coding.refresh_from_db()
    assert (change.moved, change.flagged) == (0, 1)
    assert coding.needs_review and coding.version == old_version
    assert old_version.text[coding.start : coding.end] == "Trust grew"


def test_no_coding_ever_points_at_other_words_than_its_own(source, coder):
    code_words(source, coder, "ılık bir ilişki")
    code_words(source, coder, "🤝 every")
    add_version(source, "Intro.\n" + TEXT.replace("ten", "eleven"), user=coder)
    assert check_coding_quotes() == []
