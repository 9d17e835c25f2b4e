"""The atlas in templates: numbers and shares written the reader's way, countries by name, and the
"In the atlas" block of the partnership page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from mutuality import l10n
from mutuality.countries import country_name

register = template.Library()


@register.filter
def localized_number(value: Any, decimals: int = 0) -> str:
    """``12345.6`` as "12,346" (English), "12.346" (Dutch)…; "—" for nothing."""
    if value is None or value == "":
        return "—"
    return l10n.number(value, translation.get_language(), int(decimals))


@register.filter
def localized_share(value: Any) -> str:
    """A share between 0 and 1 as a percentage written the reader's way."""
    if value is None:
        return "—"
    return l10n.percent(value, translation.get_language())


@register.filter
def country_label(code: str) -> str:
    """A country's name in the reader's language; the code when it names none; "—" for none."""
    if not code:
        return "—"
    return country_name(code) or code


@register.inclusion_tag("atlas/_partnership_block.html")
def atlas_block(partnership: Any) -> dict[str, Any]:
    """The partnership page's "In the atlas" block; the page has already checked that its reader may
    read the partnership, and the block shows nothing more of it than the page does.

    (The atlas's figures are imported here, by the one page that shows them: every page's template
    engine imports this library, and they bring the report's analysis and the map, about 5 MiB.)
    """
    from mutuality.reports.atlas import caption, partnership_atlas

    return {"partnership": partnership, "atlas": partnership_atlas(partnership), "caption": caption()}
