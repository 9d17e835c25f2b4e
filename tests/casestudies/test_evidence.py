"""The evidence behind Table 8.1 in the bundled case studies: cited, coded, reloadable."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
from collections import Counter

import pytest

from mutuality.casestudies import evidence_files, load_case_studies
from mutuality.evidence.datafile import export_evidence, load_evidence_files
from mutuality.evidence.models import Code, Coding, Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import check_coding_quotes
from mutuality.framework import vocabulary
from tests.casestudies.test_dataset import CASE_STUDIES
from tests.test_cli import COMMAND

# Table 8.1: for each dimension, the assessments it gives (complementary resources and
# translocality carry no grade in the table; the data grade them as their memos explain).
TABLE_8_1 = {
    "professional_similarity": {"strong", "limited"},
    "difference_recognition": {"strong", "limited"},
    "complementary_resources": {"moderate", "limited"},
    "process_trust": {"strong", "moderate", "limited"},
    "power_equality": {"limited"},
    "translocal_linkages": {"strong"},
}
CITATION = re.compile(r"\bch\. (8|1)(\.\d+)*\b")


def dimension_codings():
    return Coding.objects.filter(code__vocabulary="dimension").exclude(code__term="")


def test_the_evidence_files_are_bundled():
    names = {path.stem for path in evidence_files()}
    assert {"general", "zeist-berkane", "haarlem-emirdag", "amsterdam-kocaeli"} <= names


def test_every_dimension_has_coded_passages_for_every_assessment_of_table_8_1(case_studies):
    found = Counter(dimension_codings().values_list("code__term", "assessment"))
    assert set(TABLE_8_1) == set(vocabulary("dimension").keys())
    for dimension, assessments in TABLE_8_1.items():
        for assessment in assessments:
            assert found[(dimension, assessment)] >= 2, (dimension, assessment, found)
    assert not dimension_codings().filter(assessment="").exists()


def test_the_table_itself_is_a_coded_source(case_studies):
    table = Source.objects.get(key="g-table-8-1")
    assert table.kind == "document" and "Table 8.1" in table.source
    coded = set(table.current.codings.values_list("code__term", "assessment"))
    assert {(d, a) for d, assessments in TABLE_8_1.items() for a in assessments} <= coded


def test_each_case_study_has_its_own_evidence(case_studies):
    for key in CASE_STUDIES:
        assert Source.objects.filter(partnerships__key=key).exists(), key
    assert 40 <= Source.objects.count() <= 100


def test_every_source_cites_a_section_of_chapter_8_or_1(case_studies):
    for source in Source.objects.all():
        assert CITATION.search(source.source), f"{source.key} cites {source.source!r}"


def test_every_coding_quote_occurs_in_its_source_text(case_studies):
    codings = Coding.objects.select_related("version")
    assert codings.count() > 100
    for coding in codings:
        text = coding.version.text
        assert coding.quote and coding.quote in text
        assert text[coding.start : coding.end] == coding.quote
        assert coding.version == coding.version.source.current
    assert check_coding_quotes() == []


def test_sides_belong_to_the_partnerships_of_their_source(case_studies):
    for source in Source.objects.prefetch_related("partnerships"):
        partnerships = {p.pk for p in source.partnerships.all()}
        if source.side is not None:
            assert source.side.partnership_id in partnerships, source.key
        for coding in source.current.codings.exclude(concerns_side=None):
            assert coding.concerns_side.partnership_id in partnerships, (source.key, coding.quote)


def test_respondents_are_anonymised_by_role(case_studies):
    assert not RespondentIdentity.objects.exists()
    for respondent in Respondent.objects.all():
        assert re.fullmatch(r"R-[A-Z]{2,3}-\d+", respondent.label), respondent.label
        assert respondent.role
        assert CITATION.search(respondent.source), respondent.key
    interviews = Source.objects.filter(kind="interview")
    assert interviews.filter(respondent__isnull=False).count() >= 25


def test_assessments_and_roles_are_only_on_dimensions(case_studies):
    others = Coding.objects.exclude(code__vocabulary="dimension")
    assert not others.exclude(assessment="", factor_role="").exists()
    assert Code.objects.filter(vocabulary="").count() == 0  # only framework codes are used
    assert set(Coding.objects.values_list("coder__username", flat=True)) == {"case-study"}


def test_loading_twice_changes_nothing(case_studies):
    before = {
        "codings": sorted(Coding.objects.values_list("pk", "start", "end", "code_id", "assessment")),
        "sources": Source.objects.count(),
        "respondents": Respondent.objects.count(),
    }
    load_case_studies()
    after = {
        "codings": sorted(Coding.objects.values_list("pk", "start", "end", "code_id", "assessment")),
        "sources": Source.objects.count(),
        "respondents": Respondent.objects.count(),
    }
    assert after == before


def test_the_case_study_evidence_exports_and_loads_back_the_same(case_studies, tmp_path):
    first = export_evidence()
    Coding.objects.all().delete()
    Source.objects.all().delete()
    Respondent.objects.all().delete()
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    load_evidence_files([path])
    assert export_evidence() == first


TABLES = (
    "evidence_respondent",
    "evidence_source",
    "evidence_source_partnerships",
    "evidence_sourceversion",
    "evidence_coding",
    "auth_user",
    "partnerships_partnership",
)


def demo_counts(database: str) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def test_load_demo_twice_gives_the_same_counts(tmp_path):
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env["MUTUALITY_DATA_DIR"] = str(tmp_path)
    env.pop("MUTUALITY_SECRET_KEY", None)
    counts = []
    for _round in range(2):
        result = subprocess.run(
            [*COMMAND, "load-demo"], env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 0, result.stderr
        assert "codings" in result.stdout or counts  # the first load reports the codings it made
        counts.append(demo_counts(str(tmp_path / "mutuality.sqlite3")))
    assert counts[0] == counts[1]
    assert counts[0]["evidence_coding"] > 100 and counts[0]["evidence_source"] >= 40


@pytest.mark.parametrize("path", evidence_files(), ids=lambda path: path.name)
def test_each_evidence_file_says_where_its_texts_come_from(path):
    assert path.read_text(encoding="utf-8").startswith("# Evidence:")
