"""The Dataset: records read from the data format and the evidence, without Django."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from mutuality.analysis.dataset import Coding, Dataset, as_codings, year_of

DOCUMENT = {
    "municipalities": [
        {"key": "zeist", "name": "Zeist", "country": "NL"},
        {"key": "berkane", "name": "Berkane", "country": "MA"},
        {"key": "haarlem", "name": "Haarlem", "country": "NL"},
        {"key": "emirdag", "name": "Emirdağ", "country": "TR"},
    ],
    "support_programmes": [{"key": "matra", "name": "MATRA", "start_year": 2007, "end_year": 2010}],
    "partnerships": [
        {
            "key": "zeist-berkane",
            "name": "Zeist–Berkane",
            "municipalities": ["zeist", "berkane"],
            "governance_model": "multi_actor",
            "actors": [
                {"key": "desk", "side": "zeist", "name": "International desk", "type": "international_desk"},
                {"key": "ssr", "side": "berkane", "name": "SSR", "type": "migrant_organisation"},
            ],
            "projects": [
                {
                    "key": "waste",
                    "name": "Waste management",
                    "types": ["local_governance"],
                    "support_programme": "matra",
                    "subjects": ["waste management"],
                    "budget_eur": 4000,
                },
                {
                    "key": "youth",
                    "name": "Youth exchange",
                    "types": ["transnational_linkages"],
                    "subjects": ["youth"],
                },
            ],
            "objectives": [
                {"key": "o1", "side": "berkane", "type": "international_norms", "clearly_formulated": True}
            ],
            "exchanges": [
                {
                    "key": "visit",
                    "title": "Visit",
                    "project": "waste",
                    "start": "2008-05",
                    "end": "2009",
                    "method": "field_visit",
                    "participants": [{"side": "zeist", "actor": "desk", "count": 2}, {"side": "berkane"}],
                    "knowledge": [{"from": "zeist", "to": "berkane", "type": "tacit", "domain": "technical"}],
                },
                {
                    "key": "garden",
                    "title": "Garden",
                    "project": "youth",
                    "start": "2009",
                    "method": "peer_to_peer",
                },
            ],
            "learning_outcomes": [
                {
                    "key": "l1",
                    "side": "berkane",
                    "learned_from": "zeist",
                    "description": "sorting",
                    "form": "transfer",
                }
            ],
            "resources": [{"key": "r1", "side": "zeist", "kind": "financial", "amount": 4000, "unit": "eur"}],
        },
        {"key": "haarlem-emirdag", "name": "Haarlem–Emirdağ", "municipalities": ["haarlem", "emirdag"]},
    ],
}

EVIDENCE = {
    "respondents": [
        {
            "key": "r12",
            "label": "R12",
            "role": "policy officer",
            "organisation_type": "international_desk",
            "partnership": "zeist-berkane",
            "side": "berkane",
            "country": "MA",
        }
    ],
    "sources": [
        {
            "key": "interview-berkane",
            "title": "Interview",
            "kind": "interview",
            "partnerships": ["zeist-berkane"],
            "side": None,
            "date": "2011-04-02",
            "respondent": "r12",
            "text": "…",
            "codings": [
                {
                    "quote": "we learned a lot",
                    "occurrence": 1,
                    "code": "dimension/process_trust",
                    "assessment": "strong",
                    "role": "enabling",
                    "side": "berkane",
                    "memo": "",
                    "coder": "ann",
                },
                {
                    "quote": "bins",
                    "code": "Themes / Waste",
                    "assessment": "",
                    "role": "",
                    "side": None,
                    "coder": "ann",
                },
            ],
        },
        {
            "key": "report",
            "title": "Report",
            "kind": "document",
            "partnerships": ["zeist-berkane", "haarlem-emirdag"],
            "side": "zeist",
            "text": "…",
            "codings": [{"quote": "peers", "code": "dimension/professional_similarity", "side": "zeist"}],
        },
    ],
}


def test_partnership_records_are_read_with_their_sides_and_countries():
    ds = Dataset.from_document(DOCUMENT)
    assert [p.key for p in ds.partnerships] == ["zeist-berkane", "haarlem-emirdag"]
    sides = ds.of("sides", "zeist-berkane")
    assert [(s.key, s.name, s.country, s.position) for s in sides] == [
        ("zeist", "Zeist", "NL", 0),
        ("berkane", "Berkane", "MA", 1),
    ]
    assert ds.partnership("zeist-berkane").sides == ("zeist", "berkane")
    assert ds.get("projects", "zeist-berkane", "waste").budget_eur == 4000.0
    assert ds.get("projects", "zeist-berkane", "waste").subjects == ("waste management",)


def test_exchanges_keep_participants_knowledge_and_partial_dates():
    ds = Dataset.from_document(DOCUMENT)
    visit = ds.get("exchanges", "zeist-berkane", "visit")
    assert visit.start == "2008-05" and visit.start_year == 2008 and visit.end_year == 2009
    assert visit.participants[0].actor == "desk" and visit.participants[0].count == 2
    assert visit.participants[1].actor is None
    assert visit.knowledge[0].from_side == "zeist" and visit.knowledge[0].to_side == "berkane"
    garden = ds.get("exchanges", "zeist-berkane", "garden")
    assert garden.end_year == 2009 and garden.stage == "follow_up"


def test_records_are_frozen_and_slotted():
    ds = Dataset.from_document(DOCUMENT)
    outcome = ds.learning_outcomes[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.side = "zeist"  # type: ignore[misc]
    assert not hasattr(outcome, "__dict__")


def test_records_built_in_bulk_are_the_records_their_fields_make():
    """Codings, exchanges and outcomes (made by the hundred thousand) are the ordinary records: equal,
    hashing alike, frozen and slotted."""
    ds = Dataset.from_document(DOCUMENT, EVIDENCE)
    visit = ds.get("exchanges", "zeist-berkane", "visit")
    built = (ds.codings[0], visit, visit.participants[0], visit.knowledge[0], ds.learning_outcomes[0])
    for record in built:
        kind = type(record)
        again = kind(**{f.name: getattr(record, f.name) for f in dataclasses.fields(kind)})
        assert kind.__module__ == "mutuality.analysis.dataset"
        assert record == again and hash(record) == hash(again) and repr(record) == repr(again)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, dataclasses.fields(kind)[0].name, "changed")
        assert not hasattr(record, "__dict__")
    assert dataclasses.replace(ds.codings[0], assessment="limited").assessment == "limited"


def test_evidence_codings_are_flattened_with_source_respondent_and_contexts():
    ds = Dataset.from_document(DOCUMENT, EVIDENCE)
    first, second, third = ds.codings
    assert first.id == "interview-berkane#1"
    assert (first.vocabulary, first.term, first.dimension) == ("dimension", "process_trust", "process_trust")
    assert first.source_kind == "interview" and first.source_date == "2011-04-02"
    assert (first.respondent_role, first.respondent_org_type, first.respondent_side) == (
        "policy officer",
        "international_desk",
        "berkane",
    )
    assert first.viewpoint == "berkane"  # the source has no side: the respondent's
    assert (first.side, first.side_country, first.assessment, first.role) == (
        "berkane",
        "MA",
        "strong",
        "enabling",
    )
    assert first.subjects == ("waste management", "youth")
    assert first.project_types == ("local_governance", "transnational_linkages")
    assert first.exchange_methods == ("field_visit", "peer_to_peer")
    assert (second.code, second.vocabulary, second.dimension) == ("Themes / Waste", "", None)
    assert third.partnerships == ("zeist-berkane", "haarlem-emirdag") and third.viewpoint == "zeist"


def test_a_source_linked_to_two_partnerships_counts_in_both():
    ds = Dataset.from_document(DOCUMENT, EVIDENCE)
    assert [c.id for c in ds.of("codings", "haarlem-emirdag")] == ["report#1"]
    assert len(ds.of("codings", "zeist-berkane")) == 3


def test_plain_coding_records_are_read_and_a_named_project_narrows_the_contexts():
    records = [
        {
            "id": "x1",
            "partnership": "zeist-berkane",
            "project": "youth",
            "code": "dimension/translocal_linkages",
            "assessment": "strong",
            "side": "zeist",
        },
        {
            "partnerships": "zeist-berkane; haarlem-emirdag",
            "vocabulary": "dimension",
            "term": "power_equality",
        },
    ]
    ds = Dataset.from_document(DOCUMENT, records)
    first, second = ds.codings
    assert (
        first.id == "x1"
        and first.subjects == ("youth",)
        and first.project_types == ("transnational_linkages",)
    )
    assert first.exchange_methods == ("peer_to_peer",) and first.side_country == "NL"
    assert second.id == "c2" and second.partnerships == ("zeist-berkane", "haarlem-emirdag")
    assert second.code == "dimension/power_equality"


def test_empty_cells_from_a_dataframe_count_as_missing():
    nan = float("nan")
    coding = as_codings(
        [{"id": "a", "code": "dimension/process_trust", "assessment": nan, "side": nan, "subjects": nan}]
    )[0]
    assert coding.assessment == "" and coding.side is None and coding.subjects == ()


def test_a_learning_flag_left_out_is_not_known_never_false():
    ds = Dataset.from_document(DOCUMENT)
    outcome = ds.learning_outcomes[0]  # records no flag
    assert outcome.recognised is None and outcome.institutionalised is None and outcome.disseminated is None

    def flags(**given):
        document = {
            "municipalities": DOCUMENT["municipalities"],
            "partnerships": [
                {
                    "key": "p",
                    "municipalities": ["zeist", "berkane"],
                    "learning_outcomes": [{"key": "l", "side": "zeist", **given}],
                }
            ],
        }
        return Dataset.from_document(document).learning_outcomes[0]

    assert flags(recognised=False).recognised is False and flags(recognised=True).recognised is True
    # an empty cell of a DataFrame or a CSV is not known; the words of a sheet are read
    assert flags(recognised=float("nan")).recognised is None and flags(recognised="").recognised is None
    assert flags(recognised="no").recognised is False and flags(recognised="TRUE").recognised is True
    # disseminated: yes if shared either way, no only when both are recorded as no
    assert flags(disseminated_externally=True).disseminated is True
    assert flags(disseminated_internally=False).disseminated is None
    assert flags(disseminated_internally=False, disseminated_externally=False).disseminated is False


def test_with_codings_keeps_the_partnership_data_and_replaces_the_evidence():
    ds = Dataset.from_document(DOCUMENT, EVIDENCE)
    other = ds.with_codings([{"partnership": "zeist-berkane", "code": "dimension/process_trust"}])
    assert other.partnerships == ds.partnerships
    assert len(other.codings) == 1 and other.codings[0].subjects == ("waste management", "youth")
    assert len(ds.codings) == 3


def test_codings_pass_through_unchanged():
    coding = Coding("k", code="dimension/process_trust", vocabulary="dimension", term="process_trust")
    assert as_codings([coding]) == (coding,)
    assert Dataset.from_codings([coding]).codings == (coding,)


def test_unknown_partnership_is_a_clear_error():
    with pytest.raises(KeyError, match="no partnership 'nowhere'"):
        Dataset.from_document(DOCUMENT).partnership("nowhere")


def test_years_of_partial_dates():
    assert [year_of("2008"), year_of("2008-05-01"), year_of(None), year_of(""), year_of(2010)] == [
        2008,
        2008,
        None,
        None,
        2010,
    ]


def test_analysis_modules_import_without_django():
    """Every module of the analysis, found on disk (a hand-written list missed four), imports
    without Django; only ``frames`` may bring in pandas."""
    import pkgutil

    import mutuality.analysis

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    modules = sorted(m.name for m in pkgutil.iter_modules(mutuality.analysis.__path__) if m.name != "frames")
    assert {"agreement", "crosstab", "relations", "dataset"} <= set(modules)
    code = (
        "import sys\n"
        + "".join(f"import mutuality.analysis.{m}\n" for m in modules)
        + "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
        + "assert 'pandas' not in sys.modules, 'pandas imported outside frames'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_coding_that_names_projects_takes_its_contexts_from_them_alone():
    evidence = {
        "sources": [
            {
                "key": "table",
                "partnerships": ["haarlem-emirdag", "zeist-berkane"],
                "codings": [
                    {"quote": "waste", "code": "dimension/professional_similarity", "projects": ["waste"]},
                    {"quote": "all", "code": "dimension/professional_similarity"},
                    {
                        "quote": "Dutch learning",
                        "code": "dimension/professional_similarity",
                        "assessment": "limited",
                        "country": "nl",
                        "projects": ["zeist-berkane/youth", "zeist-berkane/waste"],
                    },
                ],
            }
        ]
    }
    named, unnamed, dutch = Dataset.from_document(DOCUMENT, evidence).codings
    assert named.projects == ("zeist-berkane/waste",)
    assert (named.subjects, named.project_types, named.exchange_methods) == (
        ("waste management",),
        ("local_governance",),
        ("field_visit",),
    )
    assert unnamed.projects == () and set(unnamed.subjects) == {"waste management", "youth"}
    assert dutch.side is None and dutch.side_country == "NL"
    assert set(dutch.project_types) == {"local_governance", "transnational_linkages"}
