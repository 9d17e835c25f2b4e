"""Countries as ISO 3166-1 alpha-2 codes, named in the reader's language.

Every country field (a municipality's, a respondent's, whose learning a coding concerns) holds a
code from this one list, django-countries' copy of ISO 3166-1 with names translated into our
languages. A person may type a name instead ("Netherlands", "Marokko", "Türkiye", "NLD"):
:func:`country_code` reads it in any of the languages Mutuality speaks, and anything it cannot
read is refused with the code to use, never cut to two letters ("Netherlands" is not "NE", Niger).
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries

from mutuality.languages import CODES as LANGUAGES

# Names people use that ISO does not list (the official short names are found without these).
ALIASES = {
    "holland": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "turkey": "TR",
    "turkiye": "TR",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "uk": "GB",
    "united states": "US",
    "usa": "US",
}


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code of a country (upper case, as stored)."""
    return len(code) == 2 and code.isupper() and code in countries


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name), named and sorted in the active language (for select lists)."""
    return [(code, str(name)) for code, name in countries]


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself if it is not a country."""
    return str(countries.name(code)) or code


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def country_code(text: str) -> str | None:
    """The code of the country ``text`` names: a code (any case), an alpha-3 code, or a name in any
    of Mutuality's languages; None if it names none."""
    typed = " ".join(str(text).split())
    if not typed:
        return None
    if len(typed) == 2 and is_country(typed.upper()):
        return typed.upper()
    if len(typed) == 3 and typed.isalpha():
        found = countries.alpha2(typed.upper())
        if found:
            return str(found)
    plain = _plain(typed)
    return ALIASES.get(plain) or _names().get(plain)


@functools.cache
def _names() -> dict[str, str]:
    """Every country's name in every language (accents and case ignored) → its code."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                found.setdefault(_plain(str(name)), str(code))
    return found


def validate_country(value: str) -> None:
    """Refuse anything but a country's code, saying which code a name would have been."""
    if not value or is_country(value):
        return
    meant = country_code(value)
    if meant:
        message = gettext("%(value)s is not a country code; %(value)s is %(code)s.") % {
            "value": value,
            "code": meant,
        }
    else:
        message = gettext("%(value)s is not an ISO 3166 country code (such as NL, MA or TR).") % {
            "value": value
        }
    raise ValidationError(message, code="country")


def map_stored_countries(model: Any, field: str, label: Callable[[Any], str]) -> list[str]:
    """Turn every stored value of ``model.field`` into its ISO code where it names a country (for the
    migration that brought in the country list); return, by ``label``, those it could not read.

    Those are kept as they are — nothing is thrown away — and ``mutuality check`` names them.
    """
    unread = []
    for row in model.objects.exclude(**{field: ""}).only("pk", field):
        value = getattr(row, field)
        if is_country(value):
            continue
        code = country_code(value)
        if code is None:
            unread.append(f"{label(row)}: {value!r}")
            continue
        setattr(row, field, code)
        row.save(update_fields=[field])
    return unread


def report_unread(unread: list[str], what: str) -> None:
    """Say, on standard output, which stored countries a migration could not read."""
    if unread:
        sys.stdout.write(
            f"\n  {len(unread)} {what} could not be read as ISO 3166 countries and were kept as they were "
            f"(correct them; `mutuality check` lists them): " + "; ".join(unread) + "\n"
        )
