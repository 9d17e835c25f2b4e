"""A page of passages, read as values (mutuality.evidence.queries.passage_page) and its items written
in Python (mutuality.web.evidence.passages): the same HTML the template wrote from the codings read
whole, escaped alike, names replaced for a reader who may not see them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mutuality.accounts.access import Access
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding
from mutuality.evidence.queries import Passage, _shown, passage_page
from mutuality.privacy.reader import ReaderNames
from mutuality.web.evidence.passages import passage_items

#: The template's loop as it was before the items were written in Python: the reference.
TEMPLATE_ITEMS = """{% load mutuality %}{% for c in page %}
  <li><blockquote dir="auto" data-testid="passage">{{ c.quote|hidden:c.version.source }}</blockquote>
    <small><a href="{% passage_url c.version.source.key c.pk %}">{{ c.version.source.title|hidden:c.version.source|isolated }}</a> · {{ c.code.display_path|isolated }}{% if c.assessment %} · {% term "assessment" c.assessment %}{% endif %}{% if c.factor_role %} · {% term "factor_role" c.factor_role %}{% endif %}{% if c.concerns_side %} · {{ c.concerns_side.municipality.name|isolated }}{% endif %} · {{ c.coder.get_username }}</small></li>
{% endfor %}"""  # noqa: E501


@pytest.fixture
def codings(source, coder, partnership):
    """Codings with every part an item shows, and without: grades, a side, characters to escape
    and a name to replace in the quote and the title."""
    source.title = "Talk with <Jan Jansen> & co"
    source.names_to_hide = "Jan Jansen"
    source.save()
    version = source.current
    version.text = "Jan Jansen said <b>trust</b> & ten years of visits. " + version.text
    version.save()
    own = Code.objects.create(name="Trust & <care>", parent=framework_code("dimension", "process_trust"))
    side = partnership.sides.select_related("municipality").first()
    rows = [
        Coding.objects.create(
            version=version, start=0, end=35, quote=version.text[0:35], code=own, coder=coder,
            assessment="strong", factor_role="enabling", concerns_side=side,
        ),
        Coding.objects.create(
            version=version, start=36, end=50, quote=version.text[36:50],
            code=framework_code("dimension", "power_equality"), coder=coder,
        ),
    ]  # fmt: skip
    return list(_shown(Coding.objects.filter(pk__in=[row.pk for row in rows])).order_by("start"))


def page_of(codings: list[Coding]) -> list[Passage]:
    """The passages of ``codings`` as the page reads them, in the same order."""
    page = passage_page(Coding.objects.filter(pk__in=[c.pk for c in codings]).order_by("start"), 1)
    return list(page.object_list)


def test_the_items_are_the_templates_for_a_reader_who_may_not_see_names(codings):
    # Outside a request the template's reader sees no names; so does this one.
    expected = engines["django"].from_string(TEMPLATE_ITEMS).render({"page": codings})
    written = passage_items(page_of(codings), ReaderNames(None))
    assert written == expected
    assert "Jan Jansen" not in written
    assert "&lt;b&gt;trust&lt;/b&gt; &amp; ten" in written
    assert " / Trust &amp; &lt;care&gt;</bdi> · Strong" in written


def test_a_reader_who_may_see_names_reads_them_escaped(codings, coder):
    written = passage_items(page_of(codings), ReaderNames(Access.of(coder)))
    assert "Jan Jansen said &lt;b&gt;trust" in written
    assert "<bdi>Talk with &lt;Jan Jansen&gt; &amp; co</bdi>" in written


def test_a_code_deeper_than_three_shows_its_whole_path(codings):
    coding = codings[0]
    deeper = Code.objects.create(name="Neighbours", parent=coding.code)
    deepest = Code.objects.create(name="Next door", parent=deeper)
    Coding.objects.filter(pk=coding.pk).update(code=deepest)
    (passage,) = page_of([coding])
    assert passage.code_names == deepest.path_names()
    assert passage.code_names[2:] == ("Trust & <care>", "Neighbours", "Next door")
    written = passage_items([passage], ReaderNames(None))
    assert " / Trust &amp; &lt;care&gt; / Neighbours / Next door</bdi> · Strong" in written


def test_the_path_above_a_deep_code_is_read_once_a_page(codings):
    deeper = Code.objects.create(name="Neighbours", parent=codings[0].code)
    deepest = Code.objects.create(name="Next door", parent=deeper)
    Coding.objects.filter(pk__in=[c.pk for c in codings]).update(code=deepest)
    with CaptureQueriesContext(connection) as one:
        page_of(codings[:1])
    with CaptureQueriesContext(connection) as both:
        passages = page_of(codings)
    assert len(both) == len(one)
    assert [p.code_names for p in passages] == [deepest.path_names()] * 2


def test_no_passages_make_no_items():
    assert passage_items([], ReaderNames(None)) == ""


def test_the_page_shows_the_items_and_says_when_none_match(coder_client: Client, codings):
    code = codings[0].code
    page = coder_client.get(f"/codes/{code.pk}/passages/").content.decode()
    assert page.count('data-testid="passage"') == 1
    assert "Jan Jansen said &lt;b&gt;trust" in page  # an administrator reads the names
    empty = coder_client.get(f"/codes/{code.pk}/passages/", {"text": "no such words"}).content.decode()
    assert '<ol class="passages"><li class="empty">No passages match.</li></ol>' in empty
