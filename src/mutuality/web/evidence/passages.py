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

from mutuality.evidence.models import Code
from mutuality.evidence.queries import Passage
from mutuality.privacy.reader import ReaderNames
from mutuality.web.templatetags.mutuality import isolated, passage_url, term

ITEM = (
    '\n  <li><blockquote dir="auto" data-testid="passage">{}</blockquote>\n'
    '    <small><a href="{}">{}</a> · {}{}{}{} · {}</small></li>\n'
)


OPEN = 2**31 - 1  # a coding id no page has, standing in the link for the id of each


def passage_items(passages: Iterable[Passage], reader: ReaderNames) -> SafeString:
    """The ``<li>`` of each passage, as the reader may read it; "" for none."""
    paths: dict[int, str] = {}  # each code's, translated once a page (fifty passages, a few codes)
    urls: dict[str, tuple[str, str]] = {}  # each source's passage link around the coding's id
    return format_html_join("", ITEM, (_fields(passage, reader, paths, urls) for passage in passages))


def _fields(
    passage: Passage, reader: ReaderNames, paths: dict[int, str], urls: dict[str, tuple[str, str]]
) -> tuple[object, ...]:
    source = passage.source
    if passage.code_id not in paths:
        paths[passage.code_id] = isolated(Code.shown_path(passage.code_names))
    if source.key not in urls:  # (made once a source: a page's passages are of a few)
        before, _open, after = passage_url(source.key, OPEN).rpartition(str(OPEN))
        urls[source.key] = (before, after)
    before, after = urls[source.key]
    return (
        reader.text(passage.quote, source),
        f"{before}{int(passage.pk)}{after}",
        isolated(reader.text(source.title, source)),
        paths[passage.code_id],
        _after(term("assessment", passage.assessment)) if passage.assessment else "",
        _after(term("factor_role", passage.factor_role)) if passage.factor_role else "",
        _after(isolated(passage.side)) if passage.side is not None else "",
        passage.coder,
    )


def _after(shown: object) -> SafeString:
    """`` · shown``, escaped unless it is safe already (as the template's ``{{ }}`` and tags did)."""
    return format_html(" · {}", shown)
