"""`mutuality suggest`: codes proposed for a transcript that is not stored, as JSON lines (issue 18).

The command runs in this process (typer's test runner) on the test database with the case
studies, so each run costs the training (under a second), not a new process and a migrated
folder; tests/test_cli.py checks its --help as a user runs it, and that it imports no heavy
library for it.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mutuality.cli import app
from mutuality.evidence.models import Coding

TRANSCRIPT = (
    "Interviewer: How did the cooperation with Berkane start?\n"
    "Respondent: Over the years we came to trust the people of the municipality. "
    "The Dutch side paid for most of it, so in the end they decided. 🙂\n"
    "Belediye başkanı ile aramızda güven var. الشراكة مبنية على الثقة بين البلديتين.\n"
)


@pytest.fixture(scope="module", autouse=True)
def scikit_learn():
    """Imported once for the module (about 1.5 s), not by whichever test trains first."""
    import sklearn.linear_model  # noqa: F401


@pytest.fixture
def transcript(case_studies, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    path = tmp_path / "interview.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return path


def lines(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["suggest", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_each_passage_is_a_json_line_with_its_best_codes(transcript):
    found = lines(str(transcript))
    assert len(found) == 5
    for line in found:
        assert set(line) == {"start", "end", "quote", "suggestions"}
        assert TRANSCRIPT[line["start"] : line["end"]] == line["quote"]  # code points
        assert len(line["suggestions"]) == 3
        confidences = [s["confidence"] for s in line["suggestions"]]
        assert confidences == sorted(confidences, reverse=True) and all(0 <= c <= 1 for c in confidences)
        for suggestion in line["suggestions"]:
            assert set(suggestion) == {"code", "confidence", "assessment", "role", "reasons"}
            for reason in suggestion["reasons"]:
                assert set(reason) == {"source", "quote", "similarity"}
    assert found[-1]["quote"] == "الشراكة مبنية على الثقة بين البلديتين."
    assert any("🙂" in line["quote"] for line in found)


def test_codes_top_and_passage_narrow_what_is_proposed(transcript):
    (whole,) = lines(str(transcript), "--passage", "--codes", "dimension", "--top", "2")
    assert (whole["start"], whole["end"]) == (0, len(TRANSCRIPT.rstrip()))
    codes = [s["code"] for s in whole["suggestions"]]
    assert len(codes) == 2 and all(code.startswith("dimension/") for code in codes)
    for suggestion in whole["suggestions"]:
        assert suggestion["assessment"] in {"strong", "moderate", "limited"}
        assert suggestion["role"] in {"enabling", "limiting"}
    dimension = lines(str(transcript), "--codes", "dimension/process_trust", "--top", "5")
    assert {s["code"] for line in dimension for s in line["suggestions"]} == {"dimension/process_trust"}


def test_a_partnership_trains_on_its_own_codings(transcript):
    result = CliRunner().invoke(app, ["suggest", str(transcript), "-p", "Zeist–Berkane"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Learned from ")
    sources = {r["source"] for line in result.stdout.splitlines() for s in json.loads(line)["suggestions"]
               for r in s["reasons"]}  # fmt: skip
    assert sources and all(source.startswith(("zb-", "g-")) for source in sources)
    again = CliRunner().invoke(app, ["suggest", str(transcript), "-p", "zeist-berkane"])
    assert again.stderr == "" and again.stdout == result.stdout  # the model kept is used


def test_wrong_input_is_refused_plainly(transcript, tmp_path):
    missing = CliRunner().invoke(app, ["suggest", str(tmp_path / "none.txt")])
    assert missing.exit_code == 1
    assert missing.stderr.startswith(f"{tmp_path / 'none.txt'} cannot be read: No such file or directory")
    unknown = CliRunner().invoke(app, ["suggest", str(transcript), "-p", "Utrecht–Berkane"])
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("No partnership is called 'Utrecht–Berkane' (give its name or key).")
    codes = CliRunner().invoke(app, ["suggest", str(transcript), "--codes", "knowledge_type"])
    assert codes.exit_code == 2
    assert "proposes no code under 'knowledge_type'" in codes.stderr
    Coding.objects.all().delete()
    nothing = CliRunner().invoke(app, ["suggest", str(transcript)])
    assert nothing.exit_code == 1
    assert nothing.stderr.startswith("Nothing is coded yet, so the assistant has nothing to learn from")


def test_erasing_a_respondent_forgets_the_models_that_quote_their_sources(transcript, settings):
    lines(str(transcript))
    kept = settings.DATA_DIR / "assistant" / "all.npz"
    assert kept.exists()
    erased = CliRunner().invoke(app, ["respondent-delete", "r-ber-1", "--yes"])
    assert erased.exit_code == 0, erased.output
    assert not kept.exists()
