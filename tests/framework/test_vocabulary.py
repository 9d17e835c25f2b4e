"""The framework vocabulary: every concept has a stable key, a label, a definition and a seed section."""

from __future__ import annotations

import re

import pytest

from mutuality.framework import VOCABULARIES, UnknownTermError, vocabulary

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
# A seed section; or, for the Sustainable Development Goals (not from the study), the UN resolution.
SEED_SECTION = re.compile(r"^(ch\. (1|2|8|10)\b|UN A/RES/70/1\b)")

ALL_VOCABULARIES = sorted(VOCABULARIES)
ALL_TERMS = [(vocab_key, term.key) for vocab_key in ALL_VOCABULARIES for term in VOCABULARIES[vocab_key]]


@pytest.mark.parametrize("vocab_key", ALL_VOCABULARIES)
def test_a_vocabulary_is_registered_under_its_own_key(vocab_key):
    assert VOCABULARIES[vocab_key].key == vocab_key
    assert vocabulary(vocab_key) is VOCABULARIES[vocab_key]


@pytest.mark.parametrize("vocab_key", ALL_VOCABULARIES)
def test_a_vocabulary_has_terms_with_unique_keys(vocab_key):
    keys = VOCABULARIES[vocab_key].keys()
    assert keys, f"{vocab_key} has no terms"
    assert len(keys) == len(set(keys)), f"{vocab_key} repeats a key"


def test_vocabulary_keys_are_snake_case_ascii():
    for vocab_key in ALL_VOCABULARIES:
        assert vocab_key.isascii() and SNAKE_CASE.match(vocab_key), vocab_key


@pytest.mark.parametrize(("vocab_key", "term_key"), ALL_TERMS)
def test_a_term_key_is_snake_case_ascii(vocab_key, term_key):
    assert term_key.isascii() and SNAKE_CASE.match(term_key), f"{vocab_key}: {term_key!r}"


@pytest.mark.parametrize("vocab_key", ALL_VOCABULARIES)
def test_a_vocabulary_has_a_label_a_definition_and_a_seed_section(vocab_key):
    vocab = VOCABULARIES[vocab_key]
    assert vocab.label.strip(), f"{vocab_key} has no label"
    assert vocab.definition.strip(), f"{vocab_key} has no definition"
    assert SEED_SECTION.match(vocab.source), f"{vocab_key} cites {vocab.source!r}"


@pytest.mark.parametrize(("vocab_key", "term_key"), ALL_TERMS)
def test_a_term_has_a_label_a_definition_and_a_seed_section(vocab_key, term_key):
    term = VOCABULARIES[vocab_key][term_key]
    assert term.label.strip(), f"{vocab_key}.{term_key} has no label"
    assert term.definition.strip(), f"{vocab_key}.{term_key} has no definition"
    assert SEED_SECTION.match(term.source), f"{vocab_key}.{term_key} cites {term.source!r}"


def test_asking_for_an_unknown_vocabulary_names_the_known_ones():
    with pytest.raises(KeyError) as error:
        vocabulary("x")
    message = str(error.value)
    assert "'x'" in message
    for vocab_key in ("dimension", "exchange_method", "recommendation"):
        assert vocab_key in message


def test_checking_an_unknown_term_lists_the_allowed_keys():
    methods = vocabulary("exchange_method")
    with pytest.raises(UnknownTermError) as error:
        methods.check("carrier_pigeon")
    message = str(error.value)
    assert "carrier_pigeon" in message
    for key in methods.keys():
        assert key in message
    assert error.value.key == "carrier_pigeon"
    assert error.value.vocabulary is methods


def test_checking_a_known_term_returns_its_key():
    assert vocabulary("exchange_method").check("field_visit") == "field_visit"


def test_only_strings_are_terms():
    with pytest.raises(UnknownTermError):
        vocabulary("exchange_method").check(["field_visit"])


def test_looking_up_an_unknown_term_raises_an_unknown_term_error():
    with pytest.raises(UnknownTermError):
        vocabulary("dimension")["happiness"]


def test_there_are_exactly_six_dimensions_of_mutual_learning():
    assert vocabulary("dimension").keys() == [
        "professional_similarity",
        "difference_recognition",
        "complementary_resources",
        "process_trust",
        "power_equality",
        "translocal_linkages",
    ]


def test_the_seven_recommendations_exist():
    assert set(vocabulary("recommendation").keys()) == {
        "seek_mutual_learning",
        "use_governance_networks",
        "peer_to_peer",
        "support_civil_society",
        "invest_long_term",
        "act_not_react",
        "include_migrants",
    }
