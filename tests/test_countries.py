"""Countries are ISO 3166 codes, read from a code or a name in any of our languages, shown by name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mutuality.countries import country_choices, country_code, country_name, is_country, validate_country


@pytest.mark.parametrize(
    "typed,code",
    [
        ("NL", "NL"),
        ("nl", "NL"),
        ("NLD", "NL"),
        ("Netherlands", "NL"),
        ("the Netherlands", "NL"),
        ("Nederland", "NL"),
        ("Pays-Bas", "NL"),
        ("Hollanda", "NL"),
        ("هولندا", "NL"),
        ("Morocco", "MA"),
        ("Maroc", "MA"),
        ("Fas", "MA"),
        ("المغرب", "MA"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("turkiye", "TR"),
        ("England", "GB"),
    ],
)
def test_a_code_or_a_name_in_any_of_our_languages_gives_the_code(typed, code):
    assert country_code(typed) == code


@pytest.mark.parametrize("typed", ["", "Atlantis", "XX", "Netherland Antilles and more", "N"])
def test_what_names_no_country_gives_none(typed):
    assert country_code(typed) is None


def test_only_upper_case_iso_codes_are_countries():
    assert is_country("NL") and is_country("NE")
    assert not is_country("nl") and not is_country("XX") and not is_country("NLD")


def test_names_and_the_choice_list_are_in_the_readers_language():
    with translation.override("nl"):
        assert country_name("MA") == "Marokko"
        assert ("TR", "Turkije") in country_choices()
    with translation.override("ar"):
        assert country_name("NL") == "هولندا"
    with translation.override("fr"):
        names = [name for _code, name in country_choices()]
        assert names.index("Maroc") < names.index("Pays-Bas")  # sorted by the French names


def test_a_name_typed_for_a_code_is_refused_with_the_code_it_names():
    with pytest.raises(ValidationError) as refused:
        validate_country("Netherlands")
    assert "Netherlands is NL" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        validate_country("XX")
    validate_country("")
    validate_country("MA")
