"""Exporting: an export loads into an empty database and exports again to the very same document."""

from __future__ import annotations

import json

import pytest

from mutuality.formats import schema
from mutuality.formats.data_export import export_document, export_json
from mutuality.formats.data_load import load_files
from mutuality.partnerships.models import (
    Actor,
    LearningOutcome,
    Municipality,
    Partnership,
    SupportProgramme,
)
from tests.formats.datasets import VALID_DATASET, assert_nothing_saved, record_counts, variant, write

pytestmark = pytest.mark.django_db

EMIRDAG = "Emirdağ"
ARABIC = "بلدية الناظور"  # Municipality of Nador
EMOJI = "🤝"  # U+1F91D, outside the Basic Multilingual Plane


def delete_everything() -> None:
    Partnership.objects.all().delete()  # sides, actors, projects, exchanges, ... go with it
    SupportProgramme.objects.all().delete()
    Municipality.objects.all().delete()
    assert_nothing_saved()


def round_trip(folder, text: str) -> tuple[str, str]:
    """Load ``text``, export, empty the database, load the export and export again."""
    load_files([write(folder, text, "original.yaml")])
    first = export_json()
    delete_everything()
    load_files([write(folder, first, "export.json")])
    return first, export_json()


def test_an_export_loaded_into_an_empty_database_exports_identically(tmp_path):
    first, second = round_trip(tmp_path, VALID_DATASET)
    assert second == first


def test_an_export_reloads_every_record(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])
    counts = record_counts()
    text = export_json()
    delete_everything()
    load_files([write(tmp_path, text, "export.json")])
    assert record_counts() == counts


def test_an_export_holds_every_field_of_the_data_format(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])
    document = export_document()
    assert document["format"] == schema.FORMAT
    assert [m["key"] for m in document["municipalities"]] == ["berkane", "zeist"]  # ordered by key
    assert set(document["municipalities"][0]) == {field.name for field in schema.MUNICIPALITY}
    [partnership] = document["partnerships"]
    assert partnership["municipalities"] == ["zeist", "berkane"]  # sides keep their order
    for list_name, spec in schema.PARTNERSHIP_LISTS:
        assert partnership[list_name], f"{list_name} is empty"
        for record in partnership[list_name]:
            assert set(record) == {field.name for field in spec}
    [exchange] = partnership["exchanges"]
    assert (exchange["start"], exchange["end"]) == ("2008-05", "2008-06")
    assert len(exchange["participants"]) == 2 and len(exchange["knowledge"]) == 2


def test_learning_flags_not_known_are_exported_as_null_and_stay_not_known_after_a_reload(tmp_path):
    first, second = round_trip(tmp_path, VALID_DATASET)
    assert second == first
    outcomes = {o["key"]: o for o in json.loads(first)["partnerships"][0]["learning_outcomes"]}
    zeist = outcomes["zeist-moroccan-youth"]  # the file gives recognised only
    assert zeist["recognised"] is True
    assert all(zeist[flag] is None for flag in ("intended", "implemented", "institutionalised"))
    assert LearningOutcome.objects.get(key="zeist-moroccan-youth").intended is None


def test_amounts_are_exported_as_numbers(tmp_path):
    load_files([write(tmp_path, variant("budget_eur: 4000", "budget_eur: 4000.5"))])
    [project] = export_document()["partnerships"][0]["projects"]
    assert project["budget_eur"] == 4000.5
    [resource] = export_document()["partnerships"][0]["resources"]
    assert resource["amount"] == 4000 and isinstance(resource["amount"], int)


def test_an_empty_database_exports_empty_lists():
    assert json.loads(export_json()) == {
        "format": schema.FORMAT,
        "municipalities": [],
        "support_programmes": [],
        "partnerships": [],
    }


def test_two_exports_of_the_same_data_are_identical(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])
    assert export_json() == export_json()


def unicode_dataset() -> str:
    text = variant("    name: Zeist\n", f"    name: {EMIRDAG}\n")
    text = variant("    name: Berkane\n", f'    name: "{ARABIC}"\n', text)
    text = variant("name: Zeist–Berkane", f"name: {EMIRDAG}–Nador {EMOJI}", text)
    text = variant(
        "description: Set up a youth council.",
        f'description: "Set up a youth council {EMOJI} — مجلس الشباب"',
        text,
    )
    return text


def test_unicode_survives_loading(tmp_path):
    load_files([write(tmp_path, unicode_dataset())])
    assert Municipality.objects.get(key="zeist").name == EMIRDAG
    assert Municipality.objects.get(key="berkane").name == ARABIC
    assert Partnership.objects.get().name == f"{EMIRDAG}–Nador {EMOJI}"
    assert LearningOutcome.objects.get(key="berkane-youth-council").description == (
        f"Set up a youth council {EMOJI} — مجلس الشباب"
    )


def test_unicode_survives_export_and_reload(tmp_path):
    first, second = round_trip(tmp_path, unicode_dataset())
    assert second == first
    for text in (EMIRDAG, ARABIC, EMOJI, "مجلس الشباب"):
        assert text in first  # written as themselves, not as \\u escapes
    assert Municipality.objects.get(key="berkane").name == ARABIC
    assert Partnership.objects.get().name.endswith(EMOJI)


def test_text_with_control_characters_survives_export_and_reload(tmp_path):
    # Text pasted from a wrongly decoded Word file carries C1 controls such as U+0092 for ’.
    load_files([write(tmp_path, VALID_DATASET)])
    Actor.objects.filter(key="berkane-municipality").update(description="Berkane\x92s\x85council\x7f!")
    first = export_json()
    delete_everything()
    load_files([write(tmp_path, first, "export.json")])
    assert Actor.objects.get(key="berkane-municipality").description == "Berkane\x92s\x85council\x7f!"
    assert export_json() == first


def test_json_from_other_tools_loads(tmp_path):
    """JSON indented with tabs and with non-ASCII escaped as \\uXXXX (json.dumps' default) is still JSON."""
    load_files([write(tmp_path, unicode_dataset())])
    document = export_document()
    delete_everything()
    load_files([write(tmp_path, json.dumps(document, indent="\t"), "other-tool.json")])
    assert export_document() == document
    assert Partnership.objects.get().name == f"{EMIRDAG}–Nador {EMOJI}"
