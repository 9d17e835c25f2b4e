"""Every message is translated into Dutch, French, Turkish and Arabic, and stays so.

The catalogues are checked against the source itself: the messages are
extracted again from a copy of the package (as ``scripts/translations.py
update`` does) and each language must hold every one of them, translated, not
fuzzy, with the same placeholders, and compiled into the ``.mo`` Django reads.
A new string without a translation in any language fails here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.utils import translation

import mutuality

PACKAGE = Path(mutuality.__file__).parent
ROOT = PACKAGE.parents[1]
LANGUAGES = ("nl", "fr", "tr", "ar")
PLURAL_FORMS = {"nl": 2, "fr": 2, "tr": 2, "ar": 6}
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%%"
)


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def load_tool():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str | None, str, str]]:
    """The messages of the source as it is now, extracted afresh into a copy of the package."""
    if not shutil.which("xgettext"):
        if os.environ.get("MUTUALITY_REQUIRE_BROWSER") == "1":
            pytest.fail("GNU gettext is needed to check the catalogues (apt-get install gettext)")
        pytest.skip("needs GNU gettext (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("source") / "mutuality"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    load_tool().update(copy)
    fresh = polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    return {key(entry) for entry in fresh if not entry.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_every_message_of_the_source(language, extracted):
    held = {key(entry) for entry in catalogue(language) if not entry.obsolete}
    missing = sorted(extracted - held, key=str)
    assert not missing, (
        f"{len(missing)} messages are not in the {language} catalogue "
        f"(run: python scripts/translations.py update, translate, compile):\n"
        + "\n".join(repr(m[1])[:100] for m in missing[:40])
    )
    stale = held - extracted
    assert not stale, f"{len(stale)} messages in {language} are no longer in the source; run the update"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    entries = [entry for entry in catalogue(language) if not entry.obsolete]
    assert len(entries) > 1000
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: " + " | ".join(
        untranslated[:20]
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: " + " | ".join(fuzzy[:20])
    plural = [e.msgid for e in entries if e.msgid_plural and len(e.msgstr_plural) != PLURAL_FORMS[language]]
    assert not plural, f"plural entries without {PLURAL_FORMS[language]} forms in {language}: {plural[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_message(language):
    wrong = []
    for entry in catalogue(language):
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            allowed = set(placeholders(entry.msgid_plural)) | set(placeholders(entry.msgid))
            # A form for exactly one (or two) may leave out the number; it may never add a name.
            wrong += [
                (entry.msgid, form)
                for form in entry.msgstr_plural.values()
                if set(placeholders(form)) - allowed
            ]
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, "\n".join(f"{msgid!r} → {msgstr!r}" for msgid, msgstr in wrong[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_one_written(language):
    compiled = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"
    assert compiled.exists(), f"{compiled} is missing: python scripts/translations.py compile"
    read = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(compiled))}
    written = {
        (e.msgctxt, e.msgid): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in catalogue(language)
        if not e.obsolete and e.translated() and "fuzzy" not in e.flags
    }
    read.pop((None, ""), None)  # the header
    read = {k: (msgstr, {int(n): v for n, v in forms.items()}) for k, (msgstr, forms) in read.items()}
    differ = [k[1] for k in written.keys() | read.keys() if written.get(k) != read.get(k)]
    assert not differ, (
        f"{len(differ)} messages differ between django.po and django.mo: recompile. {differ[:5]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_reads_our_catalogue(language):
    expected = {e.msgid: e.msgstr for e in catalogue(language) if e.translated() and not e.msgid_plural}
    with translation.override(language):
        for msgid in ("Partnerships", "Process-based trust", "Mutual learning in %(name)s"):
            if msgid in expected:
                assert translation.gettext(msgid) == expected[msgid]
        assert translation.gettext("Partnerships") != "Partnerships"


# --- templates: no words outside the translation tags ----------------------------------

BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
SHOWN_ATTRIBUTE = re.compile(r'\b(title|alt|placeholder|aria-label|data-empty)\s*=\s*"([^"]*)"', re.I)
HTML_TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
WORD = re.compile(r"[^\W\d_]{2,}")
# Names of file formats read the same in every language.
FORMAT_NAMES = {
    "CSV",
    "XLSX",
    "PDF",
    "HTML",
    "Markdown",
    "JSON",
    "QDPX",
    "QDC",
    "REFI",
    "QDA",
    "API",
    "OpenAPI",
}


def words_outside_translation(template: str) -> list[str]:
    text = SCRIPT.sub("", BLOCK.sub("", COMMENT.sub("", template)))
    found = [
        value for _name, value in SHOWN_ATTRIBUTE.findall(text) if WORD.search(TEMPLATE_TAG.sub("", value))
    ]
    body = ENTITY.sub(" ", TEMPLATE_TAG.sub(" ", HTML_TAG.sub(" ", text)))
    found += [line.strip() for line in body.splitlines() if WORD.search(line)]
    return [item for item in found if set(WORD.findall(item)) - FORMAT_NAMES]


def test_templates_show_no_words_outside_the_translation_tags():
    found = {
        str(path.relative_to(PACKAGE)): words
        for path in sorted([*PACKAGE.rglob("templates/**/*.html"), *PACKAGE.rglob("templates/**/*.txt")])
        if (words := words_outside_translation(path.read_text(encoding="utf-8")))
    }
    assert not found, found


@pytest.mark.parametrize(
    "template",
    [
        "<p>Projects</p>",
        '<th title="Budget in euros">{% translate "Budget" %}</th>',
        "<p>{{ x }} and {{ y }}</p>",
    ],
)
def test_the_template_check_finds_words_written_in_the_markup(template):
    assert words_outside_translation(template)


@pytest.mark.parametrize(
    "template",
    [
        '<p>{% translate "Projects" %}</p>',
        "{% blocktranslate with n=count %}{{ n }} projects{% endblocktranslate %}",
        "<a href='x.csv'>CSV</a> · <a>XLSX</a>",
        '<script>const a = "words";</script>{# a comment #}',
    ],
)
def test_the_template_check_accepts_translated_markup(template):
    assert words_outside_translation(template) == []
