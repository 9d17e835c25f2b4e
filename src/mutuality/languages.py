"""The languages Mutuality speaks, in one place: settings, the command line and the tests read it.

Kept free of Django so the command line can choose the language of its help
before Django (or the data folder) is set up.
"""

from __future__ import annotations


def _(message: str) -> str:
    """Marks a name for ``makemessages``; settings translates it lazily."""
    return message


LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
)
CODES: tuple[str, ...] = tuple(code for code, _name in LANGUAGES)


def from_environment(environ: dict[str, str], chosen: str | None = None) -> str:
    """The language of messages: ``chosen`` (``--lang``) or ``MUTUALITY_LANGUAGE``, else the POSIX
    locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``nl_NL.UTF-8`` → ``nl``), else English."""
    values = [("--lang", chosen or "")] + [
        (name, environ.get(name, "")) for name in ("MUTUALITY_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    ]
    for name, value in values:
        if not value:
            continue
        code = value.split(".")[0].split("@")[0].replace("_", "-").lower()
        for candidate in (code, code.split("-")[0]):
            if candidate in CODES:
                return candidate
        if name in ("--lang", "MUTUALITY_LANGUAGE", "LC_ALL"):
            break  # an explicit choice we do not have: English, not a weaker variable's language
    return "en"


def text_direction(text: str) -> str | None:
    """``rtl`` or ``ltr`` by the text's first strong character, as a browser's ``dir="auto"`` decides;
    ``None`` when it has none (digits, punctuation). A quote in Arabic inside a Dutch report, or a
    Dutch name in an Arabic one, is laid out in its own direction by this."""
    import unicodedata

    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None
