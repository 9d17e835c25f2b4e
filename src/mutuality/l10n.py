"""Numbers, money and shares written the way each of our languages writes them.

Django localises dates and plain numbers in templates; money and percentages
need more than a decimal separator: the euro sign goes before the amount in
Dutch and Turkish and after it in French and Arabic, Turkish writes "%12".
Babel carries the CLDR rules offline, so these are pure functions of a value and
a language code, usable from the analysis, reports, the CLI and notebooks alike.

Arabic follows Moroccan usage (``ar_MA``: Western digits, a comma for decimals)
so that it agrees with Django's Arabic date and number formats.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent

# Django language code -> the CLDR locale whose conventions we follow.
CLDR_LOCALES = {"en": "en", "nl": "nl", "fr": "fr", "tr": "tr", "ar": "ar_MA"}


@cache
def _locale(language: str | None) -> Locale:
    code = (language or "en").split("-")[0].lower()
    return Locale.parse(CLDR_LOCALES.get(code, code if code in CLDR_LOCALES.values() else "en"))


@cache
def _whole_money_pattern(language: str | None) -> str:
    """The language's currency pattern without decimals, for amounts in whole euros."""
    pattern = _locale(language).currency_formats["standard"].pattern
    return pattern.replace(".00", "")


def money(amount: float | int, language: str | None, currency: str = "EUR") -> str:
    """``€ 4.000`` (nl), ``4 000 €`` (fr), ``€4,000`` (en); cents only when there are any."""
    locale = _locale(language)
    if float(amount).is_integer():
        return format_currency(
            amount, currency, format=_whole_money_pattern(language), locale=locale, currency_digits=False
        )
    return format_currency(amount, currency, locale=locale)


def number(value: float | int, language: str | None, decimals: int = 0) -> str:
    """A number with the language's grouping and decimal separator, rounded to ``decimals``."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(language))


def percent(share: float, language: str | None) -> str:
    """A share between 0 and 1 as a percentage: ``60 %`` (fr, nl style), ``%60`` (tr)."""
    return format_percent(share, locale=_locale(language))
