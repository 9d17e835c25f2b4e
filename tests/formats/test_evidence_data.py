"""Evidence data files: respondents, sources and codings in, all or nothing, and out again."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model

from mutuality.analysis.folding import fold_text
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, Respondent, RespondentIdentity, Source, SourceVersion
from mutuality.evidence.offsets import codepoint_to_utf16
from mutuality.evidence.versions import add_version
from mutuality.formats.data_load import load_files
from mutuality.formats.evidence_data import (
    CODE,
    CODING,
    RESPONDENT,
    SOURCE,
    export_evidence,
    load_evidence_files,
)
from mutuality.formats.problems import DataFileError
from mutuality.formats.source_files import import_folder
from mutuality.history.models import Change
from mutuality.partnerships.models.base import KEY_PATTERN, key_stem, make_key
from tests.formats.datasets import VALID_DATASET, line_of, reported, write

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

EVIDENCE = """\
codes:
  - path: Trust
    description: Trust between the partners.
  - path: Trust / Friendship
    colour: "#112233"

respondents:
  - key: r-ber-1
    label: R-BER-1
    role: Director of an NGO in Berkane
    organisation_type: ngo
    partnership: zeist-berkane
    side: berkane
    country: ma
    source: ch. 8.3.5
  - key: r-zei-1
    label: R-ZEI-1
    role: Policy advisor, Zeist

sources:
  - key: ngo-director-power
    title: Director of an NGO in Berkane on decision-making
    kind: interview
    partnerships: [zeist-berkane]
    side: berkane
    date: "2010-05"
    language: en
    respondent: r-ber-1
    text: >-
      We are dealing with two different communities. Seventy percent of the
      decision-making comes from Zeist. And we are friends, and we are friends.
    source: ch. 8.3.5
    codings:
      - quote: "Seventy percent of the decision-making comes from Zeist."
        code: dimension/power_equality
        assessment: moderate
        role: limiting
        side: berkane
        memo: One of the few respondents for whom power mattered.
      - quote: "we are friends"
        occurrence: 2
        code: Trust / Friendship
        coder: second-coder
      - quote: "We are dealing with two different communities."
        code: learning_theme/cultural_exchange
  - key: table
    title: A table without respondent
    kind: document
    text: Strong on fire safety.
    source: ch. 8.3.5
"""


def load(folder: Path, text: str = EVIDENCE, name: str = "evidence.yaml") -> object:
    return load_evidence_files([write(folder, text, name)])


def refused(folder: Path, text: str, name: str = "evidence.yaml") -> tuple[DataFileError, Path]:
    path = write(folder, text, name)
    with pytest.raises(DataFileError) as error:
        load_evidence_files([path])
    return error.value, path


def counts() -> dict[str, int]:
    return {
        "respondents": Respondent.objects.count(),
        "sources": Source.objects.count(),
        "versions": SourceVersion.objects.count(),
        "codings": Coding.objects.count(),
        "codes": Code.objects.filter(vocabulary="").count(),
        "users": get_user_model().objects.count(),
    }


def assert_nothing_saved() -> None:
    assert counts() == {"respondents": 0, "sources": 0, "versions": 0, "codings": 0, "codes": 0, "users": 0}


def variant(old: str, new: str, text: str = EVIDENCE) -> str:
    """The evidence file with one passage changed (the passage must occur exactly once)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def last_line_of(text: str, fragment: str) -> int:
    return max(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.fixture(autouse=True)
def zeist_berkane(tmp_path: Path) -> None:
    """The partnership the evidence refers to (sides zeist and berkane)."""
    load_files([write(tmp_path, VALID_DATASET, "partnership.yaml")])


# --- a valid file ------------------------------------------------------------------------


def test_a_valid_file_loads_respondents_sources_and_codings(tmp_path):
    summary = load(tmp_path)
    assert counts() == {"respondents": 2, "sources": 2, "versions": 2, "codings": 3, "codes": 2, "users": 2}
    assert "sources: 2 new" in str(summary) and "codings: 3 new" in str(summary)

    respondent = Respondent.objects.get(key="r-ber-1")
    assert (respondent.label, respondent.country, respondent.organisation_type) == ("R-BER-1", "MA", "ngo")
    assert respondent.side.municipality.key == "berkane"
    assert respondent.side.partnership.key == "zeist-berkane"
    assert Respondent.objects.get(key="r-zei-1").side is None

    source = Source.objects.get(key="ngo-director-power")
    assert source.date == dt.date(2010, 5, 1)
    assert source.confidential is True  # the default
    assert source.side.municipality.key == "berkane"
    assert [p.key for p in source.partnerships.all()] == ["zeist-berkane"]
    text = source.current.text
    assert "\n" not in text and text.startswith("We are dealing")

    power = source.current.codings.get(code=framework_code("dimension", "power_equality"))
    assert power.quote == "Seventy percent of the decision-making comes from Zeist."
    assert text[power.start : power.end] == power.quote
    assert (power.assessment, power.factor_role, power.concerns_side.municipality.key) == (
        "moderate",
        "limiting",
        "berkane",
    )
    assert power.coder.username == "case-study"

    friends = source.current.codings.get(code__name="Friendship")
    assert friends.start == text.rindex("we are friends")
    assert friends.coder.username == "second-coder"
    assert friends.code.parent.name == "Trust" and friends.code.colour == "#112233"
    assert Source.objects.get(key="table").current.codings.count() == 0


def test_coders_are_made_inactive_without_a_usable_password(tmp_path):
    load(tmp_path)
    for name in ("case-study", "second-coder"):
        user = get_user_model().objects.get(username=name)
        assert not user.is_active
        assert not user.has_usable_password()


def test_an_existing_coder_is_used_as_is(tmp_path):
    user = get_user_model().objects.create_user("second-coder", password="a-long-test-password")
    load(tmp_path)
    user.refresh_from_db()
    assert user.is_active and user.has_usable_password()
    assert user.codings.count() == 1


# --- loading again --------------------------------------------------------------------------


def test_loading_twice_does_not_duplicate_and_keeps_codings(tmp_path):
    load(tmp_path)
    before = counts()
    ids = set(Coding.objects.values_list("pk", flat=True))
    versions = set(SourceVersion.objects.values_list("pk", flat=True))
    summary = load(tmp_path)
    assert counts() == before
    assert set(Coding.objects.values_list("pk", flat=True)) == ids
    assert set(SourceVersion.objects.values_list("pk", flat=True)) == versions
    assert "codings: 0 new, 0 updated, 3 already there" in str(summary)  # nothing changed


def test_a_source_here_by_key_gets_a_new_coding_of_the_file_and_keeps_the_others(tmp_path):
    load(tmp_path)
    ids = set(Coding.objects.values_list("pk", flat=True))
    summary = load(
        tmp_path,
        variant(
            "  - key: table\n",
            "      - quote: two different communities\n        code: Trust\n  - key: table\n",
        ),
    )
    assert "codings: 1 new, 0 updated, 3 already there" in str(summary)
    added = Coding.objects.exclude(pk__in=ids).get()
    assert added.quote == "two different communities" and added.version.number == 1
    assert ids < set(Coding.objects.values_list("pk", flat=True))


def test_a_quote_not_in_the_text_of_a_source_here_refuses_the_whole_load(tmp_path):
    load(tmp_path)
    before = counts()
    text = variant(
        "  - key: table\n",
        "      - quote: three different communities\n        code: Trust\n  - key: table\n",
    )
    error, path = refused(tmp_path, text)
    [problem] = error.problems
    assert (problem.file, problem.line, problem.field) == (str(path), last_line_of(text, "three"), "quote")
    assert "does not occur in the text" in problem.message
    assert counts() == before


def test_a_changed_text_makes_a_new_version_and_the_file_decides_the_codings(tmp_path):
    load(tmp_path)
    researcher = get_user_model().objects.create_user("researcher", password="a-long-test-password")
    source = Source.objects.get(key="ngo-director-power")
    Coding.objects.create(
        version=source.current,
        start=0,
        end=7,
        code=framework_code("dimension", "process_trust"),
        coder=researcher,
    )
    text = variant("      We are dealing with", "      Today we are dealing with", EVIDENCE)
    text = variant(
        "        memo: One of the few respondents for whom power mattered.\n",
        "        memo: Changed memo.\n",
        text,
    )
    text = variant(
        """      - quote: "We are dealing with two different communities."
        code: learning_theme/cultural_exchange
""",
        "",
        text,
    )
    load(tmp_path, text)
    source.refresh_from_db()
    assert source.versions.count() == 2
    version = source.current
    assert version.number == 2 and version.text.startswith("Today we are dealing")
    file_codings = version.codings.exclude(coder=researcher)
    assert sorted(c.code.name for c in file_codings) == ["Friendship", "Power and equality"]
    power = file_codings.get(code__vocabulary="dimension")
    assert power.memo == "Changed memo."
    assert version.text[power.start : power.end] == power.quote
    # The researcher's own coding is not the file's business: it stays (flagged, on the old text).
    assert researcher.codings.count() == 1
    assert Coding.objects.count() == 3


def test_a_source_made_elsewhere_gets_the_file_text_as_a_new_version(tmp_path):
    source = Source.objects.create(key="table", title="Made in the app")
    add_version(source, "Another text.")
    load(tmp_path)
    source.refresh_from_db()
    assert source.title == "A table without respondent"
    assert [v.text for v in source.versions.all()] == ["Another text.", "Strong on fire safety."]


# --- bad input: located, and nothing saved ---------------------------------------------


BAD = {
    "quote not in text": (
        'quote: "Seventy percent of the decision-making comes from Zeist."',
        'quote: "Eighty percent of the decision-making comes from Zeist."',
        "quote",
        "does not occur",
    ),
    "occurrence beyond the last": ("occurrence: 2", "occurrence: 3", "occurrence", "only 2 times"),
    "occurrence not a number": ("occurrence: 2", "occurrence: second", "occurrence", "1 or more"),
    "researcher code not found": ("code: Trust / Friendship", "code: Trust / Enmity", "code", "no code"),
    "unknown vocabulary": (
        "code: learning_theme/cultural_exchange",
        "code: colours/cultural_exchange",
        "code",
        "unknown vocabulary 'colours'",
    ),
    "unknown framework term": (
        "code: dimension/power_equality",
        "code: dimension/power",
        "code",
        "unknown dimension 'power'",
    ),
    "assessment on a non-dimension code": (
        "code: learning_theme/cultural_exchange",
        "code: learning_theme/cultural_exchange\n        assessment: strong",
        "assessment",
        "only codings of a dimension",
    ),
    "role on a non-dimension code": (
        "code: learning_theme/cultural_exchange",
        "code: learning_theme/cultural_exchange\n        role: enabling",
        "role",
        "only codings of a dimension",
    ),
    "unknown assessment": ("assessment: moderate", "assessment: huge", "assessment", "unknown assessment"),
    "unknown role": ("role: limiting", "role: blocking", "role", "unknown factor_role"),
    "coding side not in the partnership": (
        "        side: berkane\n        memo",
        "        side: utrecht\n        memo",
        "side",
        "'utrecht' is not a side of partnership zeist-berkane",
    ),
    "source side not in the partnership": (
        "    side: berkane\n    date",
        "    side: utrecht\n    date",
        "side",
        "is not a side",
    ),
    "respondent side not in the partnership": (
        "    side: berkane\n    country",
        "    side: utrecht\n    country",
        "side",
        "is not a side",
    ),
    "respondent side without partnership": (
        "    role: Policy advisor, Zeist\n",
        "    role: Policy advisor, Zeist\n    side: zeist\n",
        "side",
        "name the partnership",
    ),
    "unknown partnership": (
        "partnerships: [zeist-berkane]",
        "partnerships: [zeist-berlin]",
        "partnerships",
        "unknown partnership 'zeist-berlin'",
    ),
    "unknown respondent": ("respondent: r-ber-1", "respondent: r-ber-9", "respondent", "unknown respondent"),
    "unknown organisation type": (
        "organisation_type: ngo",
        "organisation_type: club",
        "organisation_type",
        "unknown actor_type",
    ),
    "unknown kind": ("kind: document", "kind: rumour", "kind", "unknown source_kind"),
    "bad date": ('date: "2010-05"', 'date: "May 2010"', "date", "YYYY"),
    "missing text": ("    text: Strong on fire safety.\n", "", None, "is required"),
    "bad key": ("key: table", "key: Table One", "key", "is not a key"),
    "key used twice": ("key: table", "key: ngo-director-power", "key", "used twice"),
    "unknown field": ("    language: en\n", "    language: en\n    mood: sad\n", "mood", "unknown field"),
    "confidential not true or false": (
        "    language: en\n",
        "    language: en\n    confidential: perhaps\n",
        "confidential",
        "true or false",
    ),
    "code path without parent": ("path: Trust / Friendship", "path: Care / Friendship", "path", "no code"),
}


@pytest.mark.parametrize(("old", "new", "field", "message"), BAD.values(), ids=BAD.keys())
def test_bad_input_is_reported_with_file_line_and_field_and_nothing_is_saved(
    tmp_path, old, new, field, message
):
    text = variant(old, new)
    error, path = refused(tmp_path, text)
    if field is None:  # a required field left out: reported at the record, under its name
        problem = next(p for p in error.problems if "is required" in p.message)
        assert problem.field == "text" and problem.line == line_of(text, "key: table")
    else:
        fragment = next(line for line in new.splitlines() if line not in old.splitlines()).strip()
        problem = reported(error, path, last_line_of(text, fragment), field)
        assert message in problem.message, problem.message
        assert problem.record, problem
    assert_nothing_saved()


def test_every_problem_in_every_file_is_reported_and_nothing_from_either_file_is_saved(tmp_path):
    good = write(tmp_path, EVIDENCE, "good.yaml")
    bad_text = """\
sources:
  - key: other
    title: Other
    text: Something said.
    codings:
      - quote: nothing like this
        code: dimension/process_trust
      - quote: Something
        code: dimension/no_such_dimension
"""
    bad = write(tmp_path, bad_text, "bad.yaml")
    with pytest.raises(DataFileError) as error:
        load_evidence_files([good, bad])
    assert {(p.file, p.line, p.field) for p in error.value.problems} == {
        (str(bad), line_of(bad_text, "quote: nothing"), "quote"),
        (str(bad), line_of(bad_text, "no_such_dimension"), "code"),
    }
    assert "codings[2]" in str(error.value)
    assert_nothing_saved()


def test_unreadable_files_are_reported_before_anything_is_loaded(tmp_path):
    broken = write(tmp_path, "sources:\n  - key: x\n    title: [X\n", "broken.yaml")
    with pytest.raises(DataFileError) as error:
        load_evidence_files([write(tmp_path, EVIDENCE, "good.yaml"), broken, tmp_path / "missing.yaml"])
    assert {p.file for p in error.value.problems} == {str(broken), str(tmp_path / "missing.yaml")}
    assert_nothing_saved()


def test_an_unknown_list_is_refused(tmp_path):
    error, path = refused(tmp_path, "transcripts: []\n" + EVIDENCE)
    reported(error, path, 1, "transcripts")


# --- Unicode ---------------------------------------------------------------------------------


def test_a_quote_with_arabic_and_an_emoji_is_found_at_code_point_offsets(tmp_path):
    # The text arrives decomposed (NFD: "g" + combining breve); offsets count the NFC text.
    text = "Emirdağ 🤝 قال المنسق في بركان: نحن نتعلم معًا 🤝 every visit."
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    document = f"""\
sources:
  - key: unicode
    title: Unicode
    partnerships: [zeist-berkane]
    text: {json.dumps(decomposed)}
    codings:
      - quote: "نحن نتعلم معًا 🤝"
        code: dimension/process_trust
        assessment: strong
        role: enabling
      - quote: "🤝"
        occurrence: 2
        code: learning_theme/cultural_exchange
      - quote: "every visit."
        code: learning_form/transfer
"""
    load(tmp_path, document)
    version = Source.objects.get(key="unicode").current
    assert version.text == text
    arabic = version.codings.get(code__vocabulary="dimension")
    assert (arabic.start, arabic.end) == (text.index("نحن"), text.index("نحن") + len("نحن نتعلم معًا 🤝"))
    emoji = version.codings.get(code__vocabulary="learning_theme")
    assert (emoji.start, emoji.end) == (text.rindex("🤝"), text.rindex("🤝") + 1)
    visit = version.codings.get(code__vocabulary="learning_form")
    assert visit.start == len(text) - len("every visit.")
    # In UTF-16 (the browser) the two emoji make that offset two units larger.
    assert codepoint_to_utf16(text, visit.start) == visit.start + 2
    exported = next(s for s in export_evidence()["sources"] if s["key"] == "unicode")
    assert [(c["quote"], c["occurrence"]) for c in exported["codings"]] == [
        ("نحن نتعلم معًا 🤝", 1),
        ("🤝", 2),
        ("every visit.", 1),
    ]


# --- export ------------------------------------------------------------------------------------


def clear_evidence() -> None:
    Coding.objects.all().delete()
    Source.objects.all().delete()
    Respondent.objects.all().delete()
    codes = Code.objects.filter(vocabulary="")
    while codes.exists():
        codes.filter(children=None).delete()


def test_an_export_loads_into_an_empty_database_and_exports_the_same(tmp_path):
    load(tmp_path)
    first = export_evidence()
    assert [c["path"] for c in first["codes"]] == ["Trust", "Trust / Friendship"]
    [power_source] = [s for s in first["sources"] if s["key"] == "ngo-director-power"]
    assert power_source["date"] == "2010-05-01"
    friends = next(c for c in power_source["codings"] if c["code"] == "Trust / Friendship")
    assert friends == {
        "quote": "we are friends",
        "occurrence": 2,
        "code": "Trust / Friendship",
        "assessment": "",
        "role": "",
        "side": None,
        "country": "",
        "projects": [],
        "memo": "",
        "coder": "second-coder",
    }
    dumped = json.dumps(first, ensure_ascii=False, indent=2)
    clear_evidence()
    load_evidence_files([write(tmp_path, dumped, "export.json")])
    assert export_evidence() == first
    # And as YAML, the way the case studies are written.
    clear_evidence()
    load_evidence_files([write(tmp_path, yaml.safe_dump(first, allow_unicode=True), "export.yaml")])
    assert export_evidence() == first


NAMES = [
    "my_source",
    "Interview.Zeist.2019",
    "Entretien à Berkane (coordinateur)",
    "Görüşme – Elazığ İl Özel İdaresi",
    "مقابلة مع منسق بركان",
    "Gesprek met de wethouder, 's-Hertogenbosch!",
    "___",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_key_made_from_any_name_is_a_valid_key(name):
    assert re.match(KEY_PATTERN, key_stem(name))
    assert re.match(KEY_PATTERN, make_key(name))


def test_sources_imported_under_any_name_export_load_and_export_the_same(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for number, name in enumerate(NAMES):
        (folder / f"{name}.txt").write_text(f"Words of interview {number}.", encoding="utf-8")
    import_folder(folder, partnerships=[])
    first = export_evidence()
    assert len(first["sources"]) == len(NAMES)
    dumped = yaml.safe_dump(first, allow_unicode=True)
    clear_evidence()
    load_evidence_files([write(tmp_path, dumped, "export.yaml")])
    assert yaml.safe_dump(export_evidence(), allow_unicode=True) == dumped


def test_the_export_keeps_text_as_it_is_stored(tmp_path):
    source = Source.objects.create(key="kept", title="Kept")
    add_version(source, "  Leading spaces and a trailing newline.\n")
    first = export_evidence()
    clear_evidence()
    load_evidence_files([write(tmp_path, json.dumps(first), "export.json")])
    assert Source.objects.get(key="kept").current.text == "  Leading spaces and a trailing newline.\n"
    assert export_evidence() == first


# --- the documentation ------------------------------------------------------------------------


def evidence_section() -> str:
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    return text[text.index("## Evidence: respondents, sources and codings") :]


def test_the_evidence_example_in_the_documentation_loads(tmp_path):
    example = re.search(r"```yaml\n(.*?)```", evidence_section(), re.S).group(1)
    load(tmp_path, example, "example.yaml")
    coding = Coding.objects.get()
    assert coding.quote == "Seventy percent of the decision-making comes from Zeist"
    assert coding.code == framework_code("dimension", "power_equality")
    assert Code.objects.get(name="Friendship").parent.name == "Trust"


def test_the_documentation_names_every_evidence_field():
    section = evidence_section()
    for spec in (CODE, RESPONDENT, SOURCE, CODING):
        for field in spec:
            assert re.search(rf"^\s*-? ?{field.name}:", section, re.M), f"{field.name} is not documented"


# --- projects and the country whose learning a coding concerns ---------------------------


def test_a_coding_names_its_projects_and_the_country_whose_learning_it_concerns(tmp_path):
    load(
        tmp_path,
        variant(
            "        side: berkane\n        memo: One of",
            "        side: berkane\n        country: nl\n        projects: [youth-participation]\n        memo: One of",
        ),
    )
    coding = Coding.objects.get(code__term="power_equality")
    assert coding.concerns_country == "NL"
    assert [p.key for p in coding.projects.all()] == ["youth-participation"]
    exported = next(
        c for s in export_evidence()["sources"] for c in s["codings"] if c["code"].startswith("dim")
    )
    assert (exported["country"], exported["projects"]) == ("NL", ["youth-participation"])


def test_an_unknown_project_is_refused_with_the_projects_there_are(tmp_path):
    text = variant(
        "        side: berkane\n        memo: One of", "        projects: [fire-safety]\n        memo: One of"
    )
    error, path = refused(tmp_path, text)
    problem = reported(error, path, last_line_of(text, "projects: [fire-safety]"), "projects")
    assert "'fire-safety'" in problem.message and "youth-participation" in problem.message
    assert_nothing_saved()


def test_a_country_that_is_no_country_is_refused(tmp_path):
    text = variant(
        "        side: berkane\n        memo: One of", "        country: Holland-Maroc\n        memo: One of"
    )
    error, path = refused(tmp_path, text)
    reported(error, path, last_line_of(text, "country: Holland-Maroc"), "country")
    assert_nothing_saved()


def test_a_country_named_in_words_is_stored_as_its_code(tmp_path):
    load(
        tmp_path,
        variant(
            "        side: berkane\n        memo: One of",
            "        country: Netherlands\n        memo: One of",
        ),
    )
    assert Coding.objects.get(code__term="power_equality").concerns_country == "NL"


def test_changing_only_a_codings_projects_updates_it_in_place(tmp_path):
    load(tmp_path)
    before = Coding.objects.get(code__term="power_equality").pk
    load(
        tmp_path,
        variant(
            "        side: berkane\n        memo: One of",
            "        projects: [youth-participation]\n        memo: One of",
        ),
    )
    coding = Coding.objects.get(code__term="power_equality")
    assert coding.pk == before and coding.projects.count() == 1


# --- many codings: written in bulk, checked and recorded as one by one ------------------------

WORDS = "Emirdağ şehir ılık قال المنسق 🤝 İstanbul café".split()


def many_codings(count: int) -> dict:
    """A source whose text has ``count`` numbered passages, each coded once, as an export writes it."""
    passages = [f"p{n:04d} {WORDS[n % len(WORDS)]} {WORDS[(n + 3) % len(WORDS)]}." for n in range(count)]
    return {
        "format": "mutuality/1",
        "sources": [
            {
                "key": "many",
                "title": "Many passages",
                "partnerships": ["zeist-berkane"],
                "text": " ".join(passages),
                "codings": [
                    {
                        "quote": passage,
                        "occurrence": 1,
                        "code": "dimension/process_trust" if n % 2 else "learning_form/transfer",
                        "assessment": "strong" if n % 2 else "",
                        "side": "zeist" if n % 3 == 0 else None,
                        "country": "ma" if n % 5 == 0 else "",
                        "memo": f"memo {n}",
                        "coder": "coder-a" if n % 4 else "coder-b",
                    }
                    for n, passage in enumerate(passages)
                ],
            }
        ],
    }


def test_a_bad_coding_among_hundreds_refuses_every_file_and_names_its_line_and_field(tmp_path):
    good = write(tmp_path, json.dumps(many_codings(20)).replace('"many"', '"other"'), "good.json")
    document = many_codings(600)
    document["sources"][0]["codings"][436]["quote"] = "words that are nowhere"
    document["sources"][0]["codings"][437]["code"] = "dimension/no_such_dimension"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    bad = write(tmp_path, text, "bad.json")
    with pytest.raises(DataFileError) as error:
        load_evidence_files([good, bad])
    assert {(p.file, p.line, p.field) for p in error.value.problems} == {
        (str(bad), line_of(text, "words that are nowhere"), "quote"),
        (str(bad), line_of(text, "no_such_dimension"), "code"),
    }
    assert "codings[437]" in str(error.value) and "codings[438]" in str(error.value)
    assert_nothing_saved()


def test_codings_written_in_bulk_are_those_a_save_writes(tmp_path):
    load(tmp_path, json.dumps(many_codings(300), ensure_ascii=False, indent=2), "many.json")
    version = Source.objects.get(key="many").current
    codings = list(version.codings.select_related("code", "concerns_side__municipality"))
    assert len(codings) == 300
    for coding in codings:
        assert coding.quote == version.text[coding.start : coding.end]
        assert coding.folded_quote == fold_text(coding.quote)  # the copy the word filter searches
        assert coding.concerns_country in ("", "MA") and coding.created_at is not None
    assert version.folded_text == fold_text(version.text)
    assert {c.coder.username for c in codings} == {"coder-a", "coder-b"}
    assert sum(c.concerns_side is not None for c in codings) == 100


def test_codings_written_in_bulk_are_in_the_history_as_saves_would_put_them(tmp_path):
    RespondentIdentity.objects.create(
        respondent=Respondent.objects.create(key="r-1", label="R1"), real_name="Ayşe Kılıç"
    )
    document = many_codings(12)
    document["sources"][0]["text"] += " Ayşe Kılıç said so."
    document["sources"][0]["codings"].append(
        {
            "quote": "Ayşe Kılıç said so.",
            "code": "dimension/process_trust",
            "projects": ["youth-participation"],
        }
    )
    load(tmp_path, json.dumps(document, ensure_ascii=False), "many.json")
    version = Source.objects.get(key="many").current
    loaded = list(version.codings.all())

    def history(coding: Coding) -> list[tuple[str, str, str, str, dict]]:
        rows = Change.objects.filter(model="evidence.coding", object_id=str(coding.pk)).order_by("pk")
        return [(c.action, c.object_repr, c.parent_model, c.parent_id, c.changes) for c in rows]

    # The same codings saved one by one, as a form saves them, are recorded alike.
    for coding in loaded:
        projects = list(coding.projects.all())
        copy = Coding.objects.get(pk=coding.pk)
        copy.pk = None
        copy.save()
        copy.projects.set(projects)
        assert history(coding) == history(copy) != []
    named = next(c for c in loaded if c.projects.exists())
    assert [row[0] for row in history(named)] == ["created", "changed"]
    assert "Kılıç" not in str(history(named)) and "[name]" in history(named)[0][1]  # no real name kept
