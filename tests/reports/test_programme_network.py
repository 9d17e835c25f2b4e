"""The programme report's section on the twinning network: each partnership placed in the atlas,
what the lists name, the corridor beside the linkage recorded — and, with nothing imported, a
sentence saying so rather than a section of zeros."""

from __future__ import annotations

import pytest

from mutuality.datasets import load_report_data
from mutuality.formats.atlas import import_files
from mutuality.reports.blocks import Chart, Facts, Only, Paragraph, Section, Table
from mutuality.reports.programme_sections import programme_report
from tests.atlas.small_atlas import import_small_atlas

pytestmark = pytest.mark.django_db


def network_section(keys: list[str] | None = None) -> Section:
    report = programme_report(load_report_data(keys), keys)
    return next(section for section in report.sections if section.id == "network")


def rows_by_partnership(section: Section) -> dict[str, tuple[str, ...]]:
    [only] = [block for block in section.blocks if isinstance(block, Only)]
    [table] = [block for block in only.blocks if isinstance(block, Table)]
    return {row[0].text: tuple(cell.text or " | ".join(cell.items) for cell in row[1:]) for row in table.rows}


def test_with_nothing_imported_the_section_says_the_atlas_is_empty(case_studies):
    section = network_section()
    [paragraph] = section.blocks
    assert isinstance(paragraph, Paragraph) and "atlas of twinning links is empty" in paragraph.text
    assert not any(isinstance(block, (Table, Chart, Facts)) for block in section.blocks)


def test_each_partnership_is_placed_with_its_link_its_corridor_and_its_linkage(case_studies, tmp_path):
    import_small_atlas(tmp_path)
    section = network_section(["zeist-berkane", "alkmaar-bergama", "gouda-imzourene", "amsterdam-larache"])
    rows = rows_by_partnership(section)
    cities, listed, corridor, linkage = rows["Zeist–Berkane"]
    assert cities.startswith("Zeist (") and " | Berkane (" in cities  # first side first
    assert listed == "Wikipedia's lists of twin towns (via Hekman), lines 2, 3"
    assert "People born in Morocco living in Netherlands: 180,879 (2019" in corridor
    assert linkage == "Limited"
    # A municipality no list names: nothing can be said of the link.
    assert rows["Gouda–Imzourene"][1] == "cannot be said: a side is not in the atlas"
    assert "Imzourene: not in the lists" in rows["Gouda–Imzourene"][0]
    [lead] = [block for block in section.blocks if isinstance(block, Paragraph)]
    assert lead.text.startswith("Of 4 partnerships, ")
    [chart] = [block for block in section.blocks if isinstance(block, Chart)]
    assert 'data-kind="partnerships"' in chart.svg


def test_both_sides_in_the_atlas_without_a_link_between_them_is_said(case_studies, tmp_path):
    import_small_atlas(tmp_path)
    other = tmp_path / "hekman_twin_cities_more.csv"
    other.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        "Casablanca,Morocco,33.5731,-7.5898,Bordeaux,France,44.8378,-0.5792\n",
        encoding="utf-8",
    )
    import_files([other])
    rows = rows_by_partnership(network_section(["amsterdam-casablanca"]))
    cities, listed, _corridor, _linkage = rows["Amsterdam–Casablanca"]
    assert cities.startswith("Amsterdam (") and "Casablanca (1)" in cities
    assert listed == "not named by the lists"


def test_a_corridor_not_recorded_is_said_to_be_missing_not_zero(case_studies, tmp_path):
    import_small_atlas(tmp_path)
    rows = rows_by_partnership(network_section(["zeist-berkane", "alkmaar-bergama"]))
    # The small atlas has no stock of people born in the Netherlands living in Türkiye.
    assert "People born in Netherlands living in Türkiye" not in rows["Alkmaar–Bergama"][2]
    assert "204,702" in rows["Alkmaar–Bergama"][2]
