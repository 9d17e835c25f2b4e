"""Results as pandas DataFrames, and the notebook path: tables from a DataFrame of codings, no Django."""

from __future__ import annotations

import pandas as pd
import pytest

from mutuality.analysis import (
    continuity,
    diagnostics,
    governance,
    learning,
    mutuality,
    perspectives,
    resources,
)
from mutuality.analysis.dataset import Dataset
from mutuality.analysis.dimensions import dimension_table
from mutuality.analysis.frames import (
    codings_frame,
    dataset_frames,
    dimension_summary_frame,
    dimension_table_frame,
    to_frame,
)

DOCUMENT = {
    "municipalities": [
        {"key": "amsterdam", "name": "Amsterdam", "country": "NL"},
        {"key": "kocaeli", "name": "Kocaeli", "country": "TR"},
    ],
    "partnerships": [
        {
            "key": "ak",
            "name": "Amsterdam–Kocaeli",
            "municipalities": ["amsterdam", "kocaeli"],
            "actors": [
                {"key": "fire-a", "side": "amsterdam", "name": "Fire brigade", "type": "line_department"},
                {"key": "fire-k", "side": "kocaeli", "name": "Fire brigade", "type": "line_department"},
            ],
            "projects": [
                {
                    "key": "fire",
                    "name": "Fire safety",
                    "types": ["local_governance"],
                    "subjects": ["fire safety"],
                    "start_year": 2004,
                    "end_year": 2011,
                },
            ],
            "exchanges": [
                {
                    "key": "hazmat",
                    "title": "Hazardous materials training",
                    "project": "fire",
                    "start": "2008-10",
                    "method": "peer_to_peer",
                    "participants": [
                        {"side": "amsterdam", "actor": "fire-a"},
                        {"side": "kocaeli", "actor": "fire-k"},
                    ],
                    "knowledge": [
                        {"from": "amsterdam", "to": "kocaeli", "type": "tacit", "domain": "technical"}
                    ],
                }
            ],
            "learning_outcomes": [
                {
                    "key": "hazmat",
                    "side": "kocaeli",
                    "learned_from": "amsterdam",
                    "project": "fire",
                    "description": "hazardous materials",
                    "form": "transfer",
                    "recognised": True,
                },
                {
                    "key": "procedures",
                    "side": "amsterdam",
                    "learned_from": "kocaeli",
                    "project": "fire",
                    "description": "own procedures",
                    "form": "transformative",
                },
            ],
            "resources": [
                {"key": "flights", "side": "kocaeli", "kind": "financial", "amount": 2000, "unit": "eur"}
            ],
        }
    ],
}

CODINGS = [
    {
        "id": "1",
        "partnership": "ak",
        "code": "dimension/professional_similarity",
        "assessment": "strong",
        "role": "enabling",
        "side": "kocaeli",
        "coder": "ann",
        "source_side": "kocaeli",
        "quote": "same work",
    },
    {
        "id": "2",
        "partnership": "ak",
        "code": "dimension/professional_similarity",
        "assessment": "strong",
        "role": "enabling",
        "side": "amsterdam",
        "coder": "ann",
        "source_side": "amsterdam",
        "quote": "peers",
    },
    {
        "id": "3",
        "partnership": "ak",
        "code": "dimension/power_equality",
        "assessment": "limited",
        "side": "amsterdam",
        "coder": "bob",
        "source_side": "amsterdam",
        "quote": "open relations",
    },
    {
        "id": "4",
        "partnership": "ak",
        "code": "dimension/professional_similarity",
        "assessment": "limited",
        "side": "amsterdam",
        "coder": "bob",
        "source_side": "amsterdam",
        "quote": "little in common",
    },
]


@pytest.fixture
def dataset():
    return Dataset.from_document(DOCUMENT, CODINGS)


def test_a_notebook_builds_table_8_1_from_a_hand_made_dataframe_of_codings():
    frame = pd.DataFrame(
        {
            "id": ["f1", "f2", "w1", "g1"],
            "code": ["dimension/professional_similarity"] * 4,
            "assessment": ["strong", "strong", "strong", "limited"],
            "subjects": ["fire safety", "fire safety", "waste management", "local governance"],
            "side_country": ["TR", "NL", "TR", "NL"],
            "quote": ["a", "b", "c", None],
        }
    )
    table = dimension_table(frame.to_dict("records"), by=["subject", ("subject", "country")])
    assert table.level("professional_similarity", "fire safety") == "strong"
    assert table.level("professional_similarity", "waste management") == "strong"
    assert table.level("professional_similarity", "local governance+NL") == "limited"
    assert table.cell("professional_similarity", "local governance").quotes == ("",)
    summary = dimension_summary_frame(table)
    row = summary.set_index("dimension").loc["professional_similarity"]
    assert (
        "subject: fire safety" in row["strong"] and "subject+country: local governance+NL" in row["limited"]
    )


def test_the_codings_frame_round_trips_into_the_same_table(dataset):
    frame = codings_frame(dataset)
    assert list(frame.columns[:3]) == ["id", "source", "partnerships"]
    assert frame.loc[0, "subjects"] == ("fire safety",)
    from_dataset = dimension_table(dataset, by=["subject", "country"])
    from_frame = dimension_table(frame.to_dict("records"), by=["subject", "country"])
    assert from_frame.to_records() == from_dataset.to_records()


def test_filtering_the_frame_in_a_notebook_changes_the_table(dataset):
    frame = codings_frame(dataset)
    only_ann = dimension_table(frame[frame.coder == "ann"].to_dict("records"), by=["subject"])
    assert only_ann.cell("professional_similarity", "fire safety").counts["limited"] == 0
    both = dimension_table(frame.to_dict("records"), by=["subject"])
    assert both.cell("professional_similarity", "fire safety").contradictory


def test_table_8_1_frame_has_one_row_per_cell(dataset):
    frame = dimension_table_frame(dataset, by=["subject"])
    assert list(frame["dimension"]) == ["professional_similarity", "power_equality"]
    assert (
        frame.loc[0, "strong"] == 2 and frame.loc[0, "limited"] == 1 and bool(frame.loc[0, "contradictory"])
    )
    assert dimension_table_frame(dimension_table(dataset)).shape[0] > 0


def test_every_result_becomes_a_frame(dataset):
    frames = {
        "learning": to_frame(learning.learning_by_side(dataset)),
        "mutuality": to_frame(mutuality.mutuality(dataset)),
        "flows": to_frame(mutuality.learning_flows(dataset)),
        "knowledge": to_frame(mutuality.knowledge_flows(dataset)),
        "resources": to_frame(resources.resources_by_side(dataset)),
        "resources_by_year": to_frame(resources.resources_by_year(dataset)),
        "continuity": to_frame(continuity.continuity(dataset)),
        "governance": to_frame(governance.governance(dataset)),
        "network": to_frame(governance.actor_network(dataset, "ak")),
        "perspectives": to_frame(perspectives.perspectives(dataset)),
        "diagnostics": to_frame(diagnostics.diagnose(dataset)),
    }
    for name, frame in frames.items():
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, name
    assert list(frames["learning"]["group"]) == ["amsterdam", "kocaeli"]
    assert frames["mutuality"].loc[0, "balance"] == 1.0
    assert set(frames["flows"]["from"]) == {"amsterdam", "kocaeli"}
    assert frames["resources"].set_index("side").loc["kocaeli", "financial_eur"] == 2000
    assert frames["continuity"].loc[0, "long_running_projects"] == ("fire",)
    assert frames["network"].loc[0, "direction"] == "vertical"
    assert set(frames["perspectives"]["side"]) == {"amsterdam", "kocaeli"}


def test_dataset_tables_become_frames_with_participants_and_knowledge_apart(dataset):
    frames = dataset_frames(dataset)
    assert frames["exchanges"].loc[0, "method"] == "peer_to_peer"
    assert list(frames["participants"]["actor"]) == ["fire-a", "fire-k"]
    assert frames["knowledge_flows"].loc[0, "to_side"] == "kocaeli"
    assert len(frames["codings"]) == 4 and frames["respondents"].empty


def test_an_empty_result_is_an_empty_frame(dataset):
    assert to_frame([]).empty
    assert to_frame(diagnostics.diagnose(dataset, rules=["no_peer_to_peer"])).empty
