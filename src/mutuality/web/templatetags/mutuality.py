"""Template helpers that show framework terms in the user's language, and users' own words in their own direction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms, template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from mutuality.framework import Term, vocabulary
from mutuality.partnerships import naming
from mutuality.privacy.reader import current_reader

register = template.Library()


@register.filter
def hidden(text: Any, source: Any = None) -> Any:
    """Evidence text (a quote, a title, a memo) as the page's reader may read it: real names replaced
    unless they may see them (mutuality.privacy.reader decides). ``source`` is the source the text
    belongs to; a text of no source shows names to administrators only. Values that are not text
    (ids and counts in a history) are left as they are."""
    if not isinstance(text, str):
        return text
    return current_reader().text(text, source or None)


@register.filter
def isolated(text: Any) -> SafeString | str:
    """Words a user typed, escaped and set apart from the page's direction in a ``<bdi>``.

    On an Arabic (right-to-left) page "Waste sorting." would otherwise show its full stop at the
    left end, and a Latin name beside Arabic words could swap places with them; inside ``<bdi>``
    the text takes the direction of its own first letter. Elements that hold nothing but such
    text (a heading, a paragraph of description) take ``dir="auto"`` instead. Numbers (ids and
    counts in a history) are shown as they are.
    """
    if text is None or text == "":
        return ""
    if isinstance(text, (int, float, Decimal)):  # bool included
        return str(text)
    return format_html("<bdi>{}</bdi>", text)


@register.filter
def citation(source: str) -> str:
    """Where a record comes from, as a reader cites it (mutuality.reports.labels.citation).

    (Imported here: the labels bring the report's figures, which only the partnership page cites,
    and every page loads this library.)
    """
    from mutuality.reports.labels import citation as reader_citation

    return reader_citation(source or "")


@register.filter
def named(record: Any) -> str:
    """How a message or heading names a record: its own words, shortened at a word (mutuality.partnerships.naming)."""
    return naming.named(record)


@register.filter
def bidi_widget(bound_field: forms.BoundField) -> SafeString:
    """A form field's input, as ``{{ field }}`` renders it, except that text boxes take the direction
    of what is typed into them (``dir="auto"``), whatever the page's."""
    text_box = isinstance(bound_field.field.widget, (forms.TextInput, forms.Textarea))
    shown = bound_field.as_widget(attrs={"dir": "auto"} if text_box else None)
    if bound_field.field.show_hidden_initial:
        shown += bound_field.as_hidden(only_initial=True)
    return shown


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
