"""The reports list a partnership's sides in its order, the first side (the one that keeps the record)
first, whatever the names' alphabetical order: the report's subtitle, overview, balance and flows; the
programme report's partnership list ("Municipality", "Partner") and its table of every side."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mutuality.analysis import mutuality
from mutuality.datasets import load_report_data
from mutuality.formats.data_load import load_documents
from mutuality.partnerships.models import Partnership
from mutuality.reports.blocks import Block, Only, Report, Section, Table
from mutuality.reports.partnership_sections import partnership_report
from mutuality.reports.programme_sections import programme_report
from mutuality.web.forms import FirstSideForm

KEY = "tilburg-nador"
TILBURG_NADOR = {
    "municipalities": [
        {"key": "tilburg", "name": "Tilburg", "country": "NL"},
        {"key": "nador", "name": "Nador", "country": "MA"},
    ],
    "partnerships": [
        {
            "key": KEY,
            "name": "Tilburg–Nador",
            # Tilburg keeps the record, although Nador comes first by name and by key.
            "municipalities": ["tilburg", "nador"],
            "exchanges": [
                {
                    "key": "visit",
                    "title": "Visit to Tilburg",
                    "method": "field_visit",
                    "start": "2009",
                    "knowledge": [
                        {"from": "nador", "to": "tilburg", "type": "codified", "domain": "technical"},
                        {"from": "tilburg", "to": "nador", "type": "codified", "domain": "technical"},
                    ],
                }
            ],
            "learning_outcomes": [
                {
                    "key": "nador-learned",
                    "side": "nador",
                    "learned_from": "tilburg",
                    "description": "Waste",
                    "form": "transfer",
                },
                {
                    "key": "tilburg-learned",
                    "side": "tilburg",
                    "learned_from": "nador",
                    "description": "Youth",
                    "form": "transfer",
                },
            ],
        }
    ],
}


@pytest.fixture
def tilburg_nador(db: None) -> Partnership:
    load_documents([("Tilburg–Nador", TILBURG_NADOR)])
    return Partnership.objects.get(key=KEY)


def make_nador_first(partnership: Partnership) -> None:
    FirstSideForm(partnership=partnership).save(partnership.sides.get(municipality__key="nador"))


def section(report: Report, ident: str) -> Section:
    return next(s for s in report.sections if s.id == ident)


def tables(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Table]:
    for block in blocks:
        if isinstance(block, Table):
            yield block
        elif isinstance(block, Only):
            yield from tables(block.blocks)


def table(sec: Section, first_header: str, second_header: str | None = None) -> Table:
    return next(
        t
        for t in tables(sec.blocks)
        if t.headers[0] == first_header and (second_header is None or t.headers[1] == second_header)
    )


def texts(cells: tuple) -> list[str]:
    return [cell.text for cell in cells]


def the_report() -> Report:
    return partnership_report(load_report_data([KEY]), KEY)


def test_the_partnership_report_puts_the_first_side_first(tilburg_nador):
    report = the_report()
    assert report.subtitle.startswith("Tilburg – Nador ·")
    overview = dict(next(b for b in section(report, "overview").blocks if hasattr(b, "items")).items)
    assert overview["Sides"] == "Tilburg (Netherlands); Nador (Morocco)"
    balance = table(section(report, "mutuality"), "Level")
    assert [h for h in balance.headers if h.startswith("Learned by")] == [
        "Learned by Tilburg",
        "Learned by Nador",
    ]


def test_who_learned_from_whom_starts_with_what_the_first_side_gave(tilburg_nador):
    """Flows were sorted by side key, so Nador's ("nador" < "tilburg") came first."""
    mutual = section(the_report(), "mutuality")
    learning = table(mutual, "From", "To")
    assert [texts(r[:2]) for r in learning.rows] == [["Tilburg", "Nador"], ["Nador", "Tilburg"]]
    knowledge = next(t for t in tables(mutual.blocks) if t.headers[2] == "Kind of knowledge")
    assert [texts(r[:2]) for r in knowledge.rows] == [["Tilburg", "Nador"], ["Nador", "Tilburg"]]


def test_the_programme_report_names_the_first_side_municipality_and_the_other_partner(tilburg_nador):
    report = programme_report(load_report_data(None), None)
    listed = table(section(report, "partnerships"), "Partnership", "Municipality")
    assert listed.headers[:4] == ("Partnership", "Municipality", "Partner", "Partner country")
    assert texts(listed.rows[0][:4]) == ["Tilburg–Nador", "Tilburg", "Nador", "Morocco"]
    every_side = table(section(report, "learning"), "Partnership", "Side")
    assert [r[1].text for r in every_side.rows] == ["Tilburg", "Nador"]


def test_making_the_other_side_first_reorders_both_reports(tilburg_nador):
    make_nador_first(tilburg_nador)
    report = the_report()
    assert report.subtitle.startswith("Nador – Tilburg ·")
    learning = table(section(report, "mutuality"), "From", "To")
    assert [texts(r[:2]) for r in learning.rows] == [["Nador", "Tilburg"], ["Tilburg", "Nador"]]
    programme = programme_report(load_report_data(None), None)
    listed = table(section(programme, "partnerships"), "Partnership", "Municipality")
    assert texts(listed.rows[0][1:4]) == ["Nador", "Tilburg", "Netherlands"]


def test_flows_follow_the_sides_order_with_an_unknown_source_last(tilburg_nador):
    data = load_report_data([KEY]).dataset
    flows = mutuality.learning_flows(data, partnership=KEY, by_form=False)
    assert [(f.from_side, f.to_side) for f in flows] == [("tilburg", "nador"), ("nador", "tilburg")]
    edges = mutuality.knowledge_flows(data, partnership=KEY, by=None)
    assert [(e.from_side, e.to_side) for e in edges] == [("tilburg", "nador"), ("nador", "tilburg")]
