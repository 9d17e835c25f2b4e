"""The command line speaks the user's language: ``--lang``, ``MUTUALITY_LANGUAGE`` or the POSIX locale."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from django.utils import translation

from mutuality.cli import cli_language
from tests.commandline import COMMAND

NOT_FOUND = "No partnership is called '%(name)s' (give its name or key)."


def run(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "MUTUALITY_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    environment.update(MUTUALITY_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [*COMMAND, *args], env=environment, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def in_language(language: str, message: str, **values: str) -> str:
    with translation.override(language):
        return translation.gettext(message) % values


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"MUTUALITY_LANGUAGE": "tr"}, "tr"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LC_MESSAGES": "fr_MA.UTF-8", "LANG": "nl_NL.UTF-8"}, "fr"),
        ({"LC_ALL": "ar_MA.UTF-8@latin", "LANG": "nl_NL.UTF-8"}, "ar"),
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_comes_from_the_first_variable_that_names_one(environ, language):
    assert cli_language(environ) == language


def test_lang_translates_the_messages(data_folder):
    done = run(data_folder, "--lang", "nl", "report", "--partnership", "Nergens")
    assert done.returncode == 1
    expected = in_language("nl", NOT_FOUND, name="Nergens")
    assert expected != NOT_FOUND % {"name": "Nergens"}
    assert expected in done.stderr


def test_the_posix_locale_is_followed_without_an_option(data_folder):
    done = run(data_folder, "report", "--partnership", "Hiçbir", LANG="tr_TR.UTF-8")
    assert in_language("tr", NOT_FOUND, name="Hiçbir") in done.stderr


def test_an_unknown_language_is_refused_with_the_ones_there_are(tmp_path):
    done = run(tmp_path, "--lang", "de", "check")
    assert done.returncode == 1
    assert "Unknown language 'de'; available: en, nl, fr, tr, ar." in done.stderr


def shown(output: str) -> str:
    """The words of a help screen, without its frame and line breaks."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


def test_help_is_shown_in_the_chosen_language(tmp_path):
    done = run(tmp_path, "--lang", "nl", "--help")
    assert done.returncode == 0
    assert in_language("nl", "Create or upgrade the database tables.") in shown(done.stdout)


def test_help_follows_the_posix_locale_too(tmp_path):
    done = run(tmp_path, "report", "--help", LANG="tr_TR.UTF-8")
    assert done.returncode == 0
    assert in_language("tr", "The programme report: every partnership side by side.") in shown(done.stdout)


def test_a_text_takes_the_direction_of_its_first_strong_letter():
    from mutuality.languages import text_direction

    assert text_direction("قال المنسق in Zeist") == "rtl"
    assert text_direction("2011: Zeist en بركان") == "ltr"
    assert text_direction("2011 – 12") is None
