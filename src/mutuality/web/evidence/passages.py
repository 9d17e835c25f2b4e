"""The list items of a page of passages (evidence/passages.html), written in Python.

Fifty passages through the template engine cost a quarter of the page's time: each item resolves
a dozen variables, filters and tags. Here each item is one ``format_html`` with the same helpers
the template used (:mod:`mutuality.web.templatetags.mutuality`), so the page is the same, byte for
byte, and every value is escaped as the template escaped it: the quote and the source's title with
real names replaced for a reader who may not see them, the user's words set apart in ``<bdi>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from mutuality.evidence.models import Coding
from mutuality.privacy.reader import ReaderNames
from mutuality.web.templatetags.mutuality import isolated, passage_url, term

ITEM = (
    '\n  <li><blockquote dir="auto" data-testid="passage">{}</blockquote>\n'
    '    <small><a href="{}">{}</a> · {}{}{}{} · {}</small></li>\n'
)


OPEN = 2**31 - 1  # a coding id no page has, standing in the link for the id of each


def passage_items(codings: Iterable[Coding], reader: ReaderNames) -> SafeString:
    """The ``<li>`` of each coding, as the reader may read it; "" for none."""
    paths: dict[int, str] = {}  # each code's, translated once a page (fifty passages, a few codes)
    urls: dict[str, tuple[str, str]] = {}  # each source's passage link around the coding's id
    return format_html_join("", ITEM, (_fields(coding, reader, paths, urls) for coding in codings))


def _fields(
    coding: Coding, reader: ReaderNames, paths: dict[int, str], urls: dict[str, tuple[str, str]]
) -> tuple[object, ...]:
    source = coding.version.source
    side = coding.concerns_side
    if coding.code_id not in paths:
        paths[coding.code_id] = isolated(coding.code.display_path)
    if source.key not in urls:  # (made once a source: a page's passages are of a few)
        before, _open, after = passage_url(source.key, OPEN).rpartition(str(OPEN))
        urls[source.key] = (before, after)
    before, after = urls[source.key]
    return (
        reader.text(coding.quote, source),
        f"{before}{int(coding.pk)}{after}",
        isolated(reader.text(source.title, source)),
        paths[coding.code_id],
        _after(term("assessment", coding.assessment)) if coding.assessment else "",
        _after(term("factor_role", coding.factor_role)) if coding.factor_role else "",
        _after(isolated(side.municipality.name)) if side is not None else "",
        coding.coder.get_username(),
    )


def _after(shown: object) -> SafeString:
    """`` · shown``, escaped unless it is safe already (as the template's ``{{ }}`` and tags did)."""
    return format_html(" · {}", shown)
