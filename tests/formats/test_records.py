"""One reader for every data file: the partnership loader and the evidence loader read a value alike.

Each test adds a field ``probe`` to a record of each format (a municipality, a respondent), writes the
same value at the same line of a partnership file and of an evidence file, and loads both through
their public functions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mutuality.evidence.models import Respondent
from mutuality.formats import evidence_data as evidence_datafile
from mutuality.formats import schema
from mutuality.formats.data_load import load_files
from mutuality.formats.evidence_data import load_evidence_files
from mutuality.formats.problems import DataFileError, Problem
from mutuality.formats.schema import Field, FieldValueError
from mutuality.formats.values import PARSERS, UnknownKindError, parse_value
from tests.formats.datasets import assert_nothing_saved, write

pytestmark = pytest.mark.django_db

PARTNERSHIP_FILE = "municipalities:\n  - key: zeist\n    name: Zeist\n    country: NL\n    probe: {value}\n"
EVIDENCE_FILE = "respondents:\n  - key: r-1\n    label: R-1\n    role: Policy advisor\n    probe: {value}\n"
PROBE_LINE = 5

# A value of each kind that is wrong, and one that is right, as written in a file. A ``raw`` value is
# read where it is used, so any value passes the reader.
VALUES = {
    "key": ("Not A Key", "a-key"),
    "text": ("[1, 2]", "Some text"),
    "country": ("Atlantis", "Nederland"),
    "year": ("20008", "2008"),
    "count": ("-1", "0"),
    "positive": ("0", "2"),
    "amount": ("lots", "12.5"),
    "bool": ("perhaps", "false"),
    "words": ("fire safety", "[fire safety]"),
    "keys": ("[a, a]", "[a, b]"),
    "date": ("May 2010", '"2010-05"'),
    "vocab": ("telepathy", "field_visit"),
    "vocablist": ("[field_visit, telepathy]", "[field_visit]"),
    "targets": ("[16.10]", '["16.10"]'),  # unquoted, YAML reads 16.10 as the number 16.1
    "records": ("none of them", "[{a: 1}]"),
    "raw": (None, "[anything, {at: all}]"),
}


def probe(kind: str) -> Field:
    return Field("probe", kind, vocab="exchange_method")


@pytest.fixture
def probe_field(monkeypatch: pytest.MonkeyPatch):
    """Add a field of a kind to municipalities and to respondents."""

    def add(field: Field) -> None:
        monkeypatch.setattr(schema, "MUNICIPALITY", (*schema.MUNICIPALITY, field))
        monkeypatch.setattr(evidence_datafile, "RESPONDENT", (*evidence_datafile.RESPONDENT, field))

    return add


def problems_of(load, path: Path) -> list[Problem]:
    with pytest.raises(DataFileError) as error:
        load([path])
    return error.value.problems


def test_every_kind_is_tried():
    assert set(VALUES) == set(PARSERS)


@pytest.mark.parametrize("kind", [kind for kind, (bad, _good) in VALUES.items() if bad is not None])
def test_both_loaders_refuse_a_bad_value_of_every_kind_with_the_same_message(tmp_path, probe_field, kind):
    probe_field(probe(kind))
    bad = VALUES[kind][0]
    data = write(tmp_path, PARTNERSHIP_FILE.format(value=bad), "data.yaml")
    evidence = write(tmp_path, EVIDENCE_FILE.format(value=bad), "evidence.yaml")
    [from_data] = problems_of(load_files, data)
    [from_evidence] = problems_of(load_evidence_files, evidence)
    with pytest.raises(FieldValueError) as expected:
        parse_value(probe(kind), yaml.safe_load(f"probe: {bad}")["probe"])
    assert (from_data.line, from_data.field, from_data.message) == (PROBE_LINE, "probe", str(expected.value))
    assert (from_evidence.line, from_evidence.field, from_evidence.message) == (
        PROBE_LINE,
        "probe",
        str(expected.value),
    )
    assert_nothing_saved()
    assert not Respondent.objects.exists()


@pytest.mark.parametrize("kind", VALUES)
def test_both_loaders_take_a_good_value_of_every_kind(tmp_path, probe_field, kind):
    probe_field(probe(kind))
    good = VALUES[kind][1]
    load_files([write(tmp_path, PARTNERSHIP_FILE.format(value=good), "data.yaml")])
    load_evidence_files([write(tmp_path, EVIDENCE_FILE.format(value=good), "evidence.yaml")])
    assert Respondent.objects.get().key == "r-1"


@pytest.mark.parametrize("written", ["probe: whatever\n", ""])
def test_a_field_of_an_unknown_kind_is_a_programming_error_in_both_loaders(tmp_path, probe_field, written):
    """Raised, not reported as a problem of the file, whether or not a file gives the field."""
    probe_field(probe("nonsense"))
    data = write(tmp_path, PARTNERSHIP_FILE.replace("    probe: {value}\n", written), "data.yaml")
    evidence = write(tmp_path, EVIDENCE_FILE.replace("    probe: {value}\n", written), "evidence.yaml")
    with pytest.raises(UnknownKindError, match="'probe' is of kind 'nonsense'"):
        load_files([data])
    with pytest.raises(UnknownKindError, match="'probe' is of kind 'nonsense'"):
        load_evidence_files([evidence])
    assert_nothing_saved()
    assert not Respondent.objects.exists()


# Fields of one kind in both formats: (list, field) of each, and a bad value.
SHARED = {
    "key": (("municipalities", "key"), ("respondents", "key"), "Not A Key"),
    "text": (("municipalities", "name"), ("respondents", "label"), "[1, 2]"),
    "country": (("municipalities", "country"), ("respondents", "country"), "Atlantis"),
}


@pytest.mark.parametrize(("in_data", "in_evidence", "bad"), SHARED.values(), ids=SHARED.keys())
def test_the_formats_own_fields_of_one_kind_get_the_same_message(tmp_path, in_data, in_evidence, bad):
    messages = []
    for load, (list_name, field_name) in ((load_files, in_data), (load_evidence_files, in_evidence)):
        path = write(tmp_path, f"{list_name}:\n  - {field_name}: {bad}\n", f"{list_name}.yaml")
        [problem] = [p for p in problems_of(load, path) if p.field == field_name]
        assert problem.line == 2
        messages.append(problem.message)
    assert messages[0] == messages[1]
