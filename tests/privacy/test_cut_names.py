"""A coding that cuts a name: pseudonymised exports quote the whole replacement, never a part of the name.

The evidence export then names every coding by its words in the replaced text,
so it loads back into an empty database with each coding on the same
(pseudonymised) words, even where the replaced text repeats them.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from mutuality.cli import app
from mutuality.evidence.models import Code, Coding, Memo, Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import add_version
from mutuality.formats.codings_csv import write_codings_csv
from mutuality.formats.data_load import load_documents
from mutuality.formats.evidence_data import export_evidence, load_evidence_files
from mutuality.partnerships.models import Partnership
from tests.web.conftest import SMALL_DATASET

TEXT = "Fatima Zahra said the visit to Haarlem built trust. Jan Jansen agreed. Piet Pietersen agreed too."
REPLACED = "R7 said the visit to Haarlem built trust. [name] agreed. [name] agreed too."
# Every word of every name, and the fragments the codings below cut out of them.
NAME_PARTS = re.compile(r"\b(?:Fatima|Zahra|Jan|Jansen|Piet|Pietersen)\b|atim|ahr|anse|ieters", re.IGNORECASE)

# (words coded in TEXT, the code's name, the words the pseudonymised exports quote)
CUTS = (
    ("Zahra said the visit", "Visits", "R7 said the visit"),  # starts inside a name
    ("built trust. Jan", "Trust", "built trust. [name]"),  # ends inside a name
    ("atima Za", "People", "R7"),  # inside a name
    ("Jansen agreed.", "People", "[name] agreed."),  # starts inside a name, first "[name] agreed."
    ("Piet Pietersen agreed", "Trust", "[name] agreed"),  # a whole name, second "[name] agreed"
    ("to Haarlem", "Visits", "to Haarlem"),  # no name: unchanged
)


@pytest.fixture
def cut(db: None) -> Source:
    """An interview naming its respondent and two others, coded across, around and inside the names."""
    load_documents([("small dataset", SMALL_DATASET)])
    coder = get_user_model().objects.create_user("coder")
    respondent = Respondent.objects.create(
        key="r-fz", label="R7", role="officer (Fatima Zahra's team)", source="Met Fatima Zahra"
    )
    RespondentIdentity.objects.create(respondent=respondent, real_name="Fatima Zahra")
    source = Source.objects.create(
        key="interview-fz",
        title="Interview with Fatima Zahra",
        respondent=respondent,
        names_to_hide="Jan Jansen\nPiet Pietersen",
        source="Recorded by Jan Jansen",
    )
    source.partnerships.add(Partnership.objects.get(key="haarlem-emirdag"))
    version = add_version(source, TEXT).version
    codes = {name: Code.objects.create(name=name) for name in ("Visits", "Trust", "People")}
    for words, code, _quoted in CUTS:
        start = TEXT.index(words)
        Coding.objects.create(
            version=version,
            start=start,
            end=start + len(words),
            code=codes[code],
            coder=coder,
            memo=f"Fatima Zahra on {code}" if code == "Visits" else "",
        )
    return source


def codings_csv(*, with_names: bool = False) -> str:
    stream = io.StringIO()
    write_codings_csv(stream, with_names=with_names)
    return stream.getvalue()


def test_the_codings_csv_quotes_the_whole_replacement_of_a_name_a_coding_cuts(cut):
    written = codings_csv()
    assert not NAME_PARTS.search(written), NAME_PARTS.search(written)
    rows = list(csv.DictReader(io.StringIO(written)))
    assert sorted((row["quote"], row["code"]) for row in rows) == sorted(
        (quoted, code) for _words, code, quoted in CUTS
    )
    # The offsets still point into the stored text.
    assert sorted((int(row["start"]), int(row["end"])) for row in rows) == sorted(
        (TEXT.index(words), TEXT.index(words) + len(words)) for words, _code, _quoted in CUTS
    )
    assert {row["memo"] for row in rows} == {"R7 on Visits", ""}
    assert {row["title"] for row in rows} == {"Interview with R7"}


def test_the_codings_csv_with_names_quotes_the_stored_words(cut):
    rows = list(csv.DictReader(io.StringIO(codings_csv(with_names=True))))
    assert sorted(row["quote"] for row in rows) == sorted(words for words, _code, _quoted in CUTS)
    assert {row["title"] for row in rows} == {"Interview with Fatima Zahra"}


def test_the_evidence_export_has_no_part_of_a_name(cut):
    document = export_evidence()
    dumped = json.dumps(document, ensure_ascii=False)
    assert not NAME_PARTS.search(dumped), NAME_PARTS.search(dumped)
    [source] = document["sources"]
    assert source["text"] == REPLACED
    assert source["source"] == "Recorded by [name]"
    [respondent] = document["respondents"]
    assert respondent["source"] == "Met R7" and respondent["role"] == "officer (R7's team)"
    for coding in source["codings"]:
        # Each quote names the place it has in the replaced text.
        assert coding["occurrence"] <= REPLACED.count(coding["quote"])
    quotes = {(c["quote"], c["occurrence"], c["code"]) for c in source["codings"]}
    assert ("[name] agreed", 2, "Trust") in quotes  # Piet's, not Jan's
    assert ("[name] agreed.", 1, "People") in quotes


def test_the_evidence_export_with_names_is_as_stored(cut):
    [source] = export_evidence(with_names=True)["sources"]
    assert source["text"] == TEXT and source["title"] == "Interview with Fatima Zahra"
    assert source["source"] == "Recorded by Jan Jansen"
    assert sorted(c["quote"] for c in source["codings"]) == sorted(words for words, _code, _quoted in CUTS)
    assert all(c["occurrence"] == 1 for c in source["codings"])


def _empty_the_evidence() -> None:
    """An empty evidence database: partnerships and framework codes, no evidence and no coders."""
    Memo.objects.all().delete()
    Coding.objects.all().delete()
    Source.objects.all().delete()
    Respondent.objects.all().delete()
    while Code.objects.filter(vocabulary="").exists():
        Code.objects.filter(vocabulary="", children__isnull=True).delete()
    get_user_model().objects.all().delete()


def test_a_pseudonymised_evidence_export_loads_back_with_every_coding_on_its_words(cut, tmp_path):
    runner = CliRunner()
    for name, args in (("data.json", ()), ("evidence.json", ("--evidence",))):
        result = runner.invoke(app, ["export", *args, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    first = (tmp_path / "evidence.json").read_text(encoding="utf-8")
    _empty_the_evidence()
    loaded = runner.invoke(app, ["load", str(tmp_path / "data.json"), str(tmp_path / "evidence.json")])
    assert loaded.exit_code == 0, loaded.output
    version = Source.objects.get(key="interview-fz").current
    assert version.text == REPLACED
    placed = sorted(
        (coding.start, coding.end, coding.quote, coding.code.name)
        for coding in Coding.objects.filter(version=version)
    )
    expected = []
    for words, code, quoted in CUTS:
        # Where the replacement of the coded words is: its own place in the replaced text.
        before = REPLACED.index(quoted, _replaced_start(TEXT.index(words)))
        expected.append((before, before + len(quoted), quoted, code))
    assert placed == sorted(expected)
    again = runner.invoke(app, ["export", "--evidence", "-o", str(tmp_path / "again.json")])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == first


def _replaced_start(offset: int) -> int:
    """Where a coding starting at ``offset`` of TEXT starts in REPLACED (each name → its replacement)."""
    moved = offset
    for name, replacement in (("Fatima Zahra", "R7"), ("Jan Jansen", "[name]"), ("Piet Pietersen", "[name]")):
        start = TEXT.index(name)
        if offset >= start + len(name):
            moved -= len(name) - len(replacement)
        elif offset > start:
            moved -= offset - start  # inside the name: from the start of its replacement
    return moved


def test_codings_that_come_to_the_same_words_are_written_once(cut, tmp_path):
    """One coder's codings of one code on "Zahra said" and "Fatima Zahra said" both quote "R7 said"."""
    version = cut.current
    visits = Code.objects.get(name="Visits")
    coder = get_user_model().objects.get(username="coder")
    Coding.objects.create(
        version=version,
        start=0,
        end=len("Fatima Zahra said the visit"),
        code=visits,
        coder=coder,
        memo="Whole",
    )
    Coding.objects.create(  # another code on the same words stays
        version=version,
        start=0,
        end=len("Fatima Zahra said the visit"),
        code=Code.objects.get(name="Trust"),
        coder=coder,
    )
    document = export_evidence()
    [source] = document["sources"]
    said = [(c["code"], c["memo"]) for c in source["codings"] if c["quote"] == "R7 said the visit"]
    assert said == [("Trust", ""), ("Visits", "Whole")]  # the earliest-starting of the two, whole name
    _empty_the_evidence()
    (tmp_path / "export.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    load_evidence_files([tmp_path / "export.json"])
    assert export_evidence() == document
