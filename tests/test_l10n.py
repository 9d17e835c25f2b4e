"""Money, numbers and shares follow each language's conventions, not English ones."""

from __future__ import annotations

import pytest

from mutuality import l10n

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "whole", "cents"),
    [
        ("en", "€4,000", "€1,234.50"),
        ("nl", f"€{NBSP}4.000", f"€{NBSP}1.234,50"),
        ("fr", f"4\u202f000{NBSP}€", f"1\u202f234,50{NBSP}€"),
        ("tr", "€4.000", "€1.234,50"),
        ("ar", f"\u200f4.000{NBSP}€", f"\u200f1.234,50{NBSP}€"),
    ],
)
def test_money_puts_the_euro_sign_and_separators_where_the_language_does(language, whole, cents):
    assert l10n.money(4000, language) == whole
    assert l10n.money(1234.5, language) == cents


def test_turkish_writes_the_percent_sign_first():
    assert l10n.percent(0.6, "tr") == "%60"
    assert l10n.percent(0.6, "en") == "60%"
    assert l10n.percent(0.6, "fr") == f"60{NBSP}%"


def test_numbers_group_by_language_and_round_to_the_decimals_asked():
    assert l10n.number(12345.678, "nl", 1) == "12.345,7"
    assert l10n.number(12345.678, "en") == "12,346"


def test_an_unknown_or_regional_language_falls_back_sensibly():
    assert l10n.money(10, "xx") == l10n.money(10, "en")
    assert l10n.money(10, "nl-be") == l10n.money(10, "nl")
    assert l10n.money(10, None) == "€10"
