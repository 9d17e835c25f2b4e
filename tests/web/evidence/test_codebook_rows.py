"""The codebook's rows written in Python (mutuality.web.evidence.codebook_rows): the same HTML the
template's loop wrote, escaped alike, in the reader's language."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code
from mutuality.web.evidence.codebook_rows import codebook_rows

#: The template's loop as it was before the rows were written in Python: the reference.
TEMPLATE_ROWS = """{% load i18n mutuality %}{% for row in rows %}
    <tr><td style="padding-inline-start: {{ row.depth }}.5rem"><span class="swatch" style="--code-colour: {{ row.code.colour }}"></span>
      <a href="{{ row.passages }}">{{ row.code.name|translate|isolated }}</a>{% if row.code.vocabulary %} <small class="source">{% translate "framework" %}</small>{% endif %}</td>
      <td class="number">{{ row.count }}</td>
      <td>{% if can_edit %}<a href="{{ row.edit }}">{% translate "Edit" %}</a>{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501


@pytest.fixture
def rows(db: None) -> list[dict[str, object]]:
    """A framework code, and a project's own under it with characters to escape in its name."""
    trust = framework_code("dimension", "process_trust")
    own = Code.objects.create(name='Trust & <"care">', parent=trust, colour="#e69f00")
    return [
        {
            "code": trust,
            "depth": 1,
            "count": 13045,
            "passages": "/codes/1/passages/",
            "edit": "/codes/1/edit/",
        },
        {
            "code": own,
            "depth": 2,
            "count": 0,
            "passages": "/codes/2/passages/?a=1&b=2",
            "edit": "/codes/2/edit/",
        },
    ]


@pytest.mark.parametrize("language", ["en", "ar", "tr"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_rows_are_the_templates(rows, language, can_edit):
    with translation.override(language):
        expected = engines["django"].from_string(TEMPLATE_ROWS).render({"rows": rows, "can_edit": can_edit})
        assert codebook_rows(rows, can_edit=can_edit) == expected
    assert "Trust &amp; &lt;&quot;care&quot;&gt;" in expected
    assert ("/codes/2/edit/" in expected) == can_edit


def test_no_codes_make_no_rows():
    assert codebook_rows([], can_edit=True) == ""


def test_the_codebook_page_shows_every_code_with_its_count(coder_client: Client, rows):
    page = coder_client.get("/codes/").content.decode()
    assert "<bdi>Trust &amp; &lt;&quot;care&quot;&gt;</bdi>" in page
    assert page.count('<span class="swatch"') == Code.objects.count()
