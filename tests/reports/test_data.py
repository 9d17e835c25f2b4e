"""Reading a report's dataset from the database with flat queries gives what the exporters give."""

from __future__ import annotations

from mutuality.analysis.dataset import Dataset
from mutuality.datasets import find_partnership, load_dataset, load_report_data
from mutuality.evidence.models import SourceVersion
from mutuality.formats.data_export import export_document
from mutuality.formats.evidence_data import export_evidence
from tests.reports.conftest import ZEIST_BERKANE, add_source, code, side

UNORDERED = {"municipalities", "programmes", "respondents"}


def test_the_flat_queries_read_the_same_dataset_as_the_exporters(case_studies, coder):
    source = add_source("report-data", ZEIST_BERKANE, coder=coder, side_of="berkane")
    code(source, coder, "Decisions were mostly made in Zeist", "power_equality", "limited", "limiting")
    expected = Dataset.from_document(export_document(), export_evidence())
    found = load_dataset()
    assert found.codings, "the case studies come with codings"
    tables = dict(found.tables())
    for name, records in expected.tables():
        if name in UNORDERED:
            assert sorted(map(repr, tables[name])) == sorted(map(repr, records)), name
        else:
            assert list(tables[name]) == list(records), name


def test_one_partnership_brings_only_its_records_and_the_sources_linked_to_it(case_studies):
    dataset = load_dataset([ZEIST_BERKANE])
    assert [p.key for p in dataset.partnerships] == [ZEIST_BERKANE]
    assert {a.partnership for a in dataset.actors} == {ZEIST_BERKANE}
    assert dataset.codings and all(ZEIST_BERKANE in c.partnerships for c in dataset.codings)
    everything = load_dataset()
    assert len(dataset.of("learning_outcomes", ZEIST_BERKANE)) == len(
        everything.of("learning_outcomes", ZEIST_BERKANE)
    )
    assert {c.id for c in dataset.codings} == {c.id for c in everything.of("codings", ZEIST_BERKANE)}


def test_only_codings_on_the_current_version_of_a_source_are_read(case_studies, coder):
    source = add_source("report-versions", ZEIST_BERKANE, coder=coder)
    code(source, coder, "In Zeist the exchange was seen as an equal one", "power_equality", "strong")
    newer = SourceVersion.objects.create(source=source, number=2, text="A new text without that sentence.")
    data = load_report_data([ZEIST_BERKANE])
    assert not [c for c in data.dataset.codings if c.source == "report-versions"]
    code(source, coder, "A new text", "process_trust", "moderate")
    data = load_report_data([ZEIST_BERKANE])
    [found] = [c for c in data.dataset.codings if c.source == "report-versions"]
    assert (found.quote, found.term, found.assessment) == ("A new text", "process_trust", "moderate")
    assert data.source_titles["report-versions"] == "Interview report-versions"
    assert newer.number == 2


def test_a_coding_keeps_whose_learning_it_concerns_and_the_side_the_source_comes_from(case_studies, coder):
    source = add_source("report-sides", ZEIST_BERKANE, coder=coder, side_of="berkane")
    code(
        source,
        coder,
        "Decisions were mostly made in Zeist",
        "power_equality",
        "limited",
        "limiting",
        concerns=side(ZEIST_BERKANE, "berkane"),
    )
    [found] = [c for c in load_dataset([ZEIST_BERKANE]).codings if c.source == "report-sides"]
    assert (found.side, found.side_country, found.source_side, found.viewpoint) == (
        "berkane",
        "MA",
        "berkane",
        "berkane",
    )
    assert (found.code, found.role, found.coder) == ("dimension/power_equality", "limiting", "report-coder")


def test_a_partnership_is_found_by_key_or_by_name_with_any_dash(case_studies):
    assert find_partnership("zeist-berkane") == ZEIST_BERKANE
    assert find_partnership("Zeist–Berkane") == ZEIST_BERKANE
    assert find_partnership("zeist - berkane") == ZEIST_BERKANE
    assert find_partnership("Zeist-Berkane") == ZEIST_BERKANE
    assert find_partnership("Utrecht–Berkane") is None
