"""The programme report's section on the Sustainable Development Goals."""

from __future__ import annotations

import pytest

from mutuality.datasets import load_report_data
from mutuality.formats.data_load import load_documents
from mutuality.reports.blocks import Table
from mutuality.reports.programme_sections import programme_report
from mutuality.reports.render import render_html_file
from tests.analysis.test_sdgs import DOCUMENT

pytestmark = pytest.mark.django_db


def sdg_table(report) -> Table:
    section = next(s for s in report.sections if s.id == "sdgs")
    return next(b for b in section.blocks if isinstance(b, Table))


def test_goals_served_are_listed_with_their_counts_and_not_recorded_is_named_as_such():
    load_documents([("sdgs", DOCUMENT)])
    report = programme_report(load_report_data())
    table = sdg_table(report)
    rows = [[cell.text for cell in row] for row in table.rows]
    assert rows == [
        ["4. Quality education", "1", "0", "0", "1"],
        ["11. Sustainable cities and communities", "2", "3", "2", "2"],
        ["12. Responsible consumption and production", "1", "2", "2", "1"],
        ["Not recorded", "1", "1", "1", "1"],
    ]
    assert "that is not a project serving none" in table.note
    assert "1 exchange and 1 learning outcome name no project" in table.note
    html = render_html_file(report)
    assert "Sustainable cities and communities" in html and "Not recorded" in html


def test_goals_are_named_in_the_readers_language():
    """Needs the compiled catalogues with the goals' names (merged from /tmp/tr/sdg.py)."""
    from django.utils import translation

    load_documents([("sdgs", DOCUMENT)])
    with translation.override("fr"):
        rows = sdg_table(programme_report(load_report_data())).rows
    assert rows[1][0].text == "11. Villes et communautés durables"


def test_a_programme_whose_projects_have_no_goals_recorded_says_so():
    plain = {
        **DOCUMENT,
        "partnerships": [
            {
                **DOCUMENT["partnerships"][1],
                "projects": [{"key": "fire", "name": "Fire", "types": ["local_governance"]}],
            }
        ],
    }
    load_documents([("no goals", plain)])
    rows = [[cell.text for cell in row] for row in sdg_table(programme_report(load_report_data())).rows]
    assert rows == [["Not recorded", "1", "1", "0", "1"]]
