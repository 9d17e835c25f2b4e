"""Data files read with the line of every record and field: JSON as YAML would place it, found only when asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mutuality.formats.located import LocatedDict, read_data_file
from mutuality.formats.problems import DataFileError

TRICKY = {
    "format": "mutuality/1",
    "codes": [{"path": 'Trust / {braces} and "quotes": here', "description": 'back\\slash \\" } {'}],
    "respondents": [],
    "sources": [
        {
            "key": "s-1",
            "text": 'Emirdağ 🤝 قال المنسق: {"not": "a record"}\nsecond line',
            "empty": {},
            "codings": [
                {"quote": "Emirdağ 🤝", "occurrence": 1, "projects": [], "side": None, "memo": "a: b, {c}"},
                {"quote": "قال", "nested": {"deeper": [{"a": 1}, {"b": [True, False, 2.5]}]}},
            ],
        },
        {"key": "s-2", "codings": []},
    ],
}


def lines(value: Any) -> Any:
    """Every mapping's line and key lines, in the document's shape."""
    if isinstance(value, LocatedDict):
        return {
            "line": value.line,
            "keys": dict(value.key_lines),
            "items": {k: lines(v) for k, v in value.items()},
        }
    if isinstance(value, list):
        return [lines(item) for item in value]
    return None


@pytest.mark.parametrize("indent", [None, 1, 2, "\t"], ids=["one line", "indent 1", "indent 2", "tabs"])
def test_json_records_and_fields_are_on_the_lines_yaml_finds(tmp_path, indent):
    text = json.dumps(TRICKY, ensure_ascii=False, indent=indent)
    as_json = tmp_path / "data.json"
    as_json.write_text(text, encoding="utf-8")
    as_yaml = tmp_path / "data.yaml"  # JSON without tabs is YAML, read by the YAML reader
    as_yaml.write_text(text.replace("\t", " "), encoding="utf-8")
    document = read_data_file(as_json)
    assert document == TRICKY
    assert lines(document) == lines(read_data_file(as_yaml))


def test_a_json_record_knows_the_line_of_each_field(tmp_path):
    text = json.dumps(TRICKY, ensure_ascii=False, indent=2)
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    coding = read_data_file(path)["sources"][0]["codings"][1]
    numbered = text.splitlines()
    assert numbered[coding.line - 1].strip() == "{"
    assert numbered[coding.line_of("quote") - 1].strip() == '"quote": "قال",'
    assert numbered[coding.line_of("nested") - 1].strip() == '"nested": {'
    assert coding.line_of("no such field") == coding.line


def test_a_field_twice_in_a_json_record_is_refused_at_its_second_line(tmp_path):
    text = (
        '{\n  "sources": [\n    {\n      "key": "a",\n      "title": "A",\n      "key": "b"\n    }\n  ]\n}\n'
    )
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        read_data_file(path)
    [problem] = error.value.problems
    assert problem.line == 6
    assert "not valid JSON" in problem.message and "'key' appears twice" in problem.message


def test_half_a_character_deep_in_a_json_file_is_refused_at_its_field(tmp_path):
    text = '{"sources": [{"key": "a",\n "codings": [{"quote": "x",\n "projects": ["p\\udc00"]}]}]}'
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        read_data_file(path)
    [problem] = error.value.problems
    assert problem.line == 3 and "lone surrogate" in problem.message


def test_characters_beyond_the_basic_plane_escaped_in_pairs_are_read_whole(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"sources": [{"text": "🤝 ok"}]}), encoding="utf-8")  # ASCII: \\ud83e\\udd1d
    assert read_data_file(path)["sources"][0]["text"] == "🤝 ok"


def test_a_json_file_changed_after_reading_gives_no_line_rather_than_a_wrong_one(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(TRICKY, indent=2), encoding="utf-8")
    record = read_data_file(path)["sources"][1]
    path.write_text("\n\n\n" + json.dumps(TRICKY, indent=2), encoding="utf-8")
    assert record.line is None and record.line_of("key") is None


def test_a_file_read_again_unchanged_while_in_use_is_not_read_twice(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(TRICKY), encoding="utf-8")
    first = read_data_file(path)
    assert read_data_file(path) is first
    path.write_text(json.dumps({**TRICKY, "respondents": [{"key": "r"}]}), encoding="utf-8")
    changed = read_data_file(path)
    assert changed is not first and changed["respondents"] == [{"key": "r"}]


def test_a_folder_is_reported_as_unreadable(tmp_path):
    folder = tmp_path / "data.json"
    folder.mkdir()
    with pytest.raises(DataFileError) as error:
        read_data_file(Path(folder))
    assert "cannot be read" in str(error.value)
