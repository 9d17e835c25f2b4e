"""The codebook: framework codes from the vocabulary; rename, move and merge keep codings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mutuality.evidence.codebook import (
    CODED_VOCABULARIES,
    framework_code,
    merge_codes,
    move_code,
    rename_code,
    sync_framework_codes,
)
from mutuality.evidence.models import Code, Coding
from mutuality.framework import vocabulary


def test_every_framework_term_is_a_code_after_migrating(db):
    for vocab_key in CODED_VOCABULARIES:
        for term in vocabulary(vocab_key):
            code = framework_code(vocab_key, term.key)
            assert code.name == term.label and code.parent.vocabulary == vocab_key
    assert sync_framework_codes() == 0


def test_the_six_dimensions_are_dimension_codes(db):
    dimensions = Code.objects.filter(vocabulary="dimension").exclude(term="")
    assert dimensions.count() == 6 and all(code.is_dimension for code in dimensions)


def own_code(name, parent=None):
    return Code.objects.create(name=name, parent=parent)


def test_renaming_and_moving_keep_codings(source, coder):
    code = own_code("Hospitality")
    coding = Coding.objects.create(version=source.current, start=0, end=3, code=code, coder=coder)
    rename_code(code, "Hospitality and time")
    move_code(code, framework_code("dimension", "complementary_resources"))
    coding.refresh_from_db()
    assert coding.code.path == "Dimension of mutual learning / Complementary resources / Hospitality and time"


def test_a_code_cannot_move_under_its_own_sub_code(db):
    parent = own_code("Trust")
    child = own_code("Early trust", parent)
    with pytest.raises(ValidationError, match="sub-codes"):
        move_code(parent, child)


def test_merging_moves_codings_and_sub_codes(source, coder):
    merged, into = own_code("Trust (old)"), own_code("Trust")
    sub = own_code("Early", merged)
    Coding.objects.create(version=source.current, start=0, end=3, code=merged, coder=coder)
    assert merge_codes(merged, into) == 1
    assert not Code.objects.filter(pk=merged.pk).exists()
    assert into.codings.count() == 1
    sub.refresh_from_db()
    assert sub.parent == into


def test_a_code_merged_into_itself_is_refused_and_nothing_changes(db):
    code = own_code("Trust")
    with pytest.raises(ValidationError, match="into itself"):
        merge_codes(code, code)
    assert Code.objects.filter(pk=code.pk).exists()


def test_framework_codes_are_not_merged_away(db):
    with pytest.raises(ValidationError, match="framework code"):
        merge_codes(framework_code("dimension", "power_equality"), own_code("Power"))


def test_framework_codes_are_shown_in_the_readers_language_and_own_codes_as_written(db):
    from django.utils import translation

    trust = framework_code("dimension", "process_trust")
    mine = own_code("Vriendschap tussen brandweerlieden", parent=trust)
    assert mine.display_path == mine.path  # English: as stored
    with translation.override("ar"):
        parts = mine.display_path.split(" / ")
        assert (
            parts[0] == translation.gettext("Dimension of mutual learning") != "Dimension of mutual learning"
        )
        assert parts[1] == translation.gettext(trust.name) != trust.name
        assert parts[2] == "Vriendschap tussen brandweerlieden"
    assert mine.path.startswith("Dimension of mutual learning / ")  # what exports and other tools read


def test_merging_keeps_the_analysts_framework_cells(source, coder):
    from mutuality.evidence.models import FrameworkCell

    partnership = source.partnerships.first()
    side = partnership.sides.first()
    hospitality, time = own_code("Hospitality"), own_code("Time")
    FrameworkCell.objects.create(
        partnership=partnership, code=hospitality, summary="Guests were housed.", assessment="moderate"
    )
    FrameworkCell.objects.create(partnership=partnership, code=time, summary="Volunteers gave weekends.")
    FrameworkCell.objects.create(partnership=partnership, side=side, code=hospitality, summary="On one side.")
    merge_codes(hospitality, time)
    whole = FrameworkCell.objects.get(partnership=partnership, side=None, code=time)
    assert whole.summary == "Volunteers gave weekends.\n\nGuests were housed."
    assert whole.assessment == "moderate"
    assert FrameworkCell.objects.get(partnership=partnership, side=side).code == time
    assert FrameworkCell.objects.count() == 2
