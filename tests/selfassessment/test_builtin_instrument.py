"""The instrument shipped with Mutuality, and the demo's illustrative rounds loaded with the case
studies (src/mutuality/selfassessment/instruments/, docs/self-assessment.md)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from mutuality.formats.instruments import load_builtin_instruments
from mutuality.framework import vocabulary
from mutuality.selfassessment.models import Answer, Instrument, Round
from mutuality.selfassessment.results import round_results
from tests.casestudies import seeds

LANGUAGES = ["ar", "en", "fr", "nl", "tr"]


@pytest.fixture
def builtin(db: None) -> Instrument:
    load_builtin_instruments()
    return Instrument.objects.get(key="mutual-learning")


def test_the_built_in_instrument_is_written_in_all_five_languages(builtin):
    assert builtin.builtin
    assert builtin.languages == LANGUAGES
    assert sorted(builtin.names) == sorted(builtin.descriptions) == LANGUAGES
    assert builtin.scale_points == 5
    assert sorted(builtin.scale_labels) == LANGUAGES
    assert all(len(labels) == 5 for labels in builtin.scale_labels.values())
    for item in builtin.items.all():
        assert sorted(item.texts) == LANGUAGES, item.key
        assert all(text.strip() for text in item.texts.values()), item.key


def test_every_item_counts_in_a_framework_term_and_cites_its_section(builtin):
    for item in builtin.items.all():
        term = vocabulary(item.vocabulary)[item.term]  # raises for a term that is not one
        assert re.match(r"ch\. \d", item.section), item.key
        if item.vocabulary in ("dimension", "recommendation"):
            assert term.source in item.section, (
                f"{item.key} rests on {item.section}, its term on {term.source}"
            )


def test_every_dimension_form_of_learning_and_recommendation_has_its_statements(builtin):
    items = list(builtin.items.all())
    per_term = Counter((item.vocabulary, item.term) for item in items)
    for term in vocabulary("dimension").keys():
        assert per_term["dimension", term] == 3, term
        assert any(item.reverse for item in items if item.term == term), f"{term} has no reversed item"
    for name in ("learning_form", "recommendation"):
        for term in vocabulary(name).keys():
            assert 1 <= per_term[name, term] <= 2, (name, term)
    assert {item.vocabulary for item in items} == {"dimension", "learning_form", "recommendation"}


@pytest.mark.skipif(not seeds.available(), reason="needs the seed chapters")
def test_the_statements_are_written_in_own_words_and_cite_sections_that_exist(builtin):
    chapters = " ".join(
        seeds.normalised(path.read_text(encoding="utf-8")).lower()
        for path in sorted(seeds.SEEDS.glob("ch*.txt"))
    )
    for item in builtin.items.all():
        for number in seeds.cited_sections(item.section):
            assert seeds.exists(number), f"{item.key} cites ch. {number}"
        words = re.findall(r"[\w']+", item.texts["en"].lower())
        for start in range(len(words) - 6):
            run = " ".join(words[start : start + 7])
            assert run not in chapters, f"{item.key} copies the seeds: {run!r}"


def test_loading_the_built_in_instrument_again_changes_nothing(builtin):
    again = load_builtin_instruments()
    assert "items: 0 new, 0 updated, 36 already there" in str(again)


# --- the demo's illustrative rounds -------------------------------------------------------------


@pytest.mark.parametrize(("partnership", "sides"), [("zeist-berkane", 2), ("haarlem-emirdag", 2)])
def test_the_demo_round_is_there_after_the_case_studies_and_marked_illustrative(
    case_studies, partnership, sides
):
    round = Round.objects.get(partnership__key=partnership, instrument__key="mutual-learning")
    assert round.illustrative and "(illustrative)" in round.name
    results = round_results(round, "en")
    assert len(results.respondents) == sides
    assert all(count >= 3 for count in results.respondents.values()), results.respondents
    assert round.links.exists() and not any(link.usable() for link in round.links.all())
    answers = Answer.objects.filter(response__round=round)
    assert answers.filter(value__isnull=True).exists()  # a few "don't know"
    assert answers.exclude(comment="").exists()


def test_the_zeist_berkane_demo_shows_a_gap_on_power_and_agreement_on_trust(case_studies):
    round = Round.objects.get(partnership__key="zeist-berkane", illustrative=True)
    results = round_results(round, "en")
    power = results.scale("dimension/power_equality")
    trust = results.scale("dimension/process_trust")
    assert power is not None and power.gap is not None and power.gap.test is not None
    assert power.gap.difference is not None and power.gap.difference > 1.5
    assert power.gap.test.beyond_noise
    assert trust is not None and trust.gap is not None and trust.gap.test is not None
    assert not trust.gap.test.beyond_noise
    widest = {scale.key for scale in results.gaps[:2]}
    assert widest == {"dimension/power_equality", "dimension/difference_recognition"}
