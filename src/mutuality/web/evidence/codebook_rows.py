"""The rows of the codebook's table (evidence/codebook.html), written in Python.

The codebook lists every code, the framework's and the project's own (138 on the bench corpus);
through the template engine each row resolved a dozen variables, filters and tags, half of the
page's time. Here each row is one ``format_html`` with the helpers the template used, so the table
is the same, byte for byte, and every value is escaped as the template escaped it (a test holds
the two equal).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from mutuality.web.templatetags.mutuality import isolated, translate

ROW = (
    '\n    <tr><td style="padding-inline-start: {}.5rem"><span class="swatch" style="--code-colour: {}"></span>\n'
    '      <a href="{}">{}</a>{}</td>\n'
    '      <td class="number">{}</td>\n'
    "      <td>{}</td></tr>\n  "
)


def codebook_rows(rows: Iterable[dict[str, Any]], *, can_edit: bool) -> SafeString:
    """The ``<tr>`` of each row (a code, its depth, its count and its two links); "" for none."""
    framework = format_html(' <small class="source">{}</small>', gettext("framework"))
    edit = gettext("Edit")
    return format_html_join(
        "",
        ROW,
        (
            (
                localize(row["depth"]),
                row["code"].colour,
                row["passages"],
                isolated(translate(row["code"].name)),
                framework if row["code"].vocabulary else "",
                localize(row["count"]),
                format_html('<a href="{}">{}</a>', row["edit"], edit) if can_edit else "",
            )
            for row in rows
        ),
    )
