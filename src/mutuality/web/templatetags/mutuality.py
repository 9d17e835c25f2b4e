"""Template helpers that show framework terms in the user's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from mutuality.framework import Term, vocabulary

register = template.Library()


@register.simple_tag
def term(vocabulary_key: str, key: str) -> str:
    """The translated label of a vocabulary key; the key itself if it is unknown."""
    vocab = vocabulary(vocabulary_key)
    return gettext(vocab[key].label) if key in vocab else key


@register.simple_tag
def terms(vocabulary_key: str, keys: list[str]) -> str:
    return ", ".join(term(vocabulary_key, key) for key in keys or [])


@register.filter
def field_terms(bound_field: Any) -> list[Term]:
    """The terms a form field chooses from, for showing their definitions beside it."""
    key = getattr(bound_field.field, "vocabulary_key", None)
    return list(vocabulary(key)) if key else []


@register.filter
def translate(text: str) -> str:
    return gettext(text) if text else ""


@register.filter
def when(exchange: Any) -> str:
    """An exchange's date or period, only as precise as it was recorded."""
    from django.utils.formats import date_format

    formats = {"year": "Y", "month": "YEAR_MONTH_FORMAT", "day": "DATE_FORMAT"}
    fmt = formats.get(exchange.date_precision, "DATE_FORMAT")
    start = date_format(exchange.start_date, fmt)
    if exchange.end_date is None:
        return start
    end = date_format(exchange.end_date, fmt)
    return start if end == start else f"{start} – {end}"


@register.simple_tag
def passage_url(source_key: str, coding_id: int) -> str:
    """Where a coded passage sits in its source: the page scrolls to the words and marks them."""
    return f"{reverse('source', args=[source_key])}?passage={int(coding_id)}#passage"
