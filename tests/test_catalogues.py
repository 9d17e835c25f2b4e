"""A message read from Mutuality's compiled catalogues in place is the message Django translates."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from mutuality.catalogues import Catalogue, translated
from mutuality.framework.vocabulary import DIMENSION
from mutuality.languages import CODES

OTHER_LANGUAGES = [code for code in CODES if code != "en"]


def messages(language: str) -> list[str]:
    """Every message of the language's catalogue with a translation of its own (no plural, no
    context), as Python's gettext reads the whole file."""
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    return [
        key for key, value in catalog.items() if isinstance(key, str) and key and "\x04" not in key and value
    ]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_of_a_catalogue_is_found_as_django_translates_it(language):
    found = messages(language)
    assert len(found) > 2000
    with translation.override(language):
        expected = {message: translation.gettext(message) for message in found}
    assert {message: translated(message, language) for message in found} == expected


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_frameworks_names_are_translated_in_every_language(language):
    labels = [str(term.label) for term in DIMENSION.terms]
    with translation.override(language):
        assert [translated(label, language) for label in labels] == [translation.gettext(x) for x in labels]
    assert translated(labels[0], language) != labels[0]


@pytest.mark.parametrize("language", CODES)
def test_a_message_no_catalogue_holds_comes_back_as_it_is(language):
    for message in ("Our own code: trust in İzmir", "", "\x00", "zzzz", "A"):
        assert translated(message, language) == message


def test_english_has_no_catalogue_and_every_message_stays_english():
    assert translated("Process-based trust", "en") == "Process-based trust"


def test_a_file_that_is_no_compiled_catalogue_is_refused_by_name(tmp_path):
    path = tmp_path / "django.mo"
    path.write_bytes(b'msgid ""\nmsgstr ""\n' * 4)
    with pytest.raises(ValueError, match="django.mo is not a compiled catalogue"):
        Catalogue(path)
