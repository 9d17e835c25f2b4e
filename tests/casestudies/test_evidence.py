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
from mutuality.evidence.models import Code, Coding, Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import check_coding_quotes
from mutuality.formats.evidence_data import export_evidence, load_evidence_files
from mutuality.framework import vocabulary
from tests.casestudies.test_dataset import CASE_STUDIES
from tests.commandline import COMMAND

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


# Lines of the seed's Table 8.1 itself: the table is what the codings should arrive at, so it is
# not evidence (coding it would make the table its own source).
TABLE_8_1_LINES = (
    "Importance of dimensions in achieving mutual learning",
    "Strong: on subjects of fire safety and waste management",
    "few direct peer-to-peer contacts for focused learning on local governance",
    "Support programmes provided funds",
    "Moderate: for projects established relatively recently",
    "Generally open and ‘equal’ relations despite differences in resource contributions",
    "Translocal linkages were important for broadening the scope of the exchanges",
)


def test_table_8_1_itself_is_not_a_source(case_studies):
    assert not Source.objects.filter(source__contains="Table 8.1").exists()
    for source in Source.objects.all():
        text = " ".join(source.current.text.split())
        for line in TABLE_8_1_LINES:
            assert line not in text, (source.key, line)


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
    """Runs the real case-study loader again over the loaded data (2–3 s): loading is what it checks."""
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
    """Exports all the case-study evidence twice and loads it back through the real evidence loader."""
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


def test_load_demo_twice_gives_the_same_counts(demo_load, demo_data_folder):
    """The folder is a copy of one `mutuality load-demo` filled; loading once more changes no count."""
    assert "codings: 177 new" in demo_load[1]  # the first load reports the codings it made
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env["MUTUALITY_DATA_DIR"] = str(demo_data_folder)
    env.pop("MUTUALITY_SECRET_KEY", None)
    database = str(demo_data_folder / "mutuality.sqlite3")
    first = demo_counts(database)
    result = subprocess.run(
        [*COMMAND, "load-demo"], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "sources: 0 new, 93 updated" in result.stdout
    assert demo_counts(database) == first
    assert first["evidence_coding"] > 100 and first["evidence_source"] >= 40


@pytest.mark.parametrize("path", evidence_files(), ids=lambda path: path.name)
def test_each_evidence_file_says_where_its_texts_come_from(path):
    assert path.read_text(encoding="utf-8").startswith("# Evidence:")


# --- contexts of the codings: the projects a passage is about, and whose learning ---------

# Sources that are about one project of their partnership (ch. 8): every dimension coding on
# them names that project, and only that one.
SINGLE_PROJECT_SOURCES = {
    "ak-firefighter-solidarity": "amsterdam-kocaeli/fire-safety",
    "ak-fire-departments-learning": "amsterdam-kocaeli/fire-safety",
    "he-waste-company-turkish-employees": "haarlem-emirdag/waste-management",
    "he-policy-officer-we-are-babies": "haarlem-emirdag/waste-management",
    "he-emirdag-motivation": "haarlem-emirdag/waste-management",
    "he-migrant-exchanges-explored": "haarlem-emirdag/migrants-in-haarlem",
    "ma-waste-director-exchanging": "meppel-al-hoceima/waste-management",
    "ma-womens-training-approaches": "meppel-al-hoceima/womens-exchange",
    "ma-policy-officer-liveable-world": "meppel-al-hoceima/womens-exchange",
    "ma-former-mayor-discussion-spaces": "meppel-al-hoceima/integration-dialogue",
    "ma-migrants-speak-openly": "meppel-al-hoceima/integration-dialogue",
    "rc-police-reciprocity": "rotterdam-casablanca/police-exchange",
    "rc-casablanca-police-both-sides-learn": "rotterdam-casablanca/police-exchange",
    "rc-transnational-not-translocal": "rotterdam-casablanca/police-exchange",
    "zb-health-advisor-waste-behind": "zeist-berkane/waste-management",
    "zb-health-advisor-40-or-50-years": "zeist-berkane/waste-management",
    "zb-coordinator-indignant-follow-up": "zeist-berkane/youth-exchange",
    "zb-zeist-youth-exchange-costs": "zeist-berkane/youth-exchange",
    "zb-coordinator-youth-follow-up": "zeist-berkane/youth-exchange",
    "zb-teacher-stereotypes": "zeist-berkane/youth-exchange",
    "zb-youth-talking-and-exchanging": "zeist-berkane/youth-exchange",
    "zb-youth-similar-school": "zeist-berkane/youth-exchange",
    "zb-hospital-garden-expectations": "zeist-berkane/youth-exchange",
    "zb-youth-participation-in-the-open": "zeist-berkane/youth-participation",
}
WASTE_MANAGEMENT = {
    f"{key}/waste-management" for key in ("haarlem-emirdag", "zeist-berkane", "meppel-al-hoceima")
}
GOVERNANCE_IN_NL = {"haarlem-emirdag/migrants-in-haarlem", "meppel-al-hoceima/integration-dialogue"}


def project_names(coding: Coding) -> set[str]:
    return {f"{p.partnership.key}/{p.key}" for p in coding.projects.select_related("partnership")}


def analysis_coding(source: str, dimension: str, quote_start: str) -> Coding:
    codings = dimension_codings().filter(version__source__key=source, code__term=dimension)
    return codings.get(quote__startswith=quote_start)


def test_dimension_codings_about_one_project_name_it(case_studies):
    for key, project in SINGLE_PROJECT_SOURCES.items():
        codings = dimension_codings().filter(version__source__key=key)
        assert codings.exists(), key
        for coding in codings:
            assert project_names(coding) == {project}, (key, coding.quote)


def test_every_case_study_has_dimension_codings_naming_its_projects(case_studies):
    named = set(
        dimension_codings().exclude(projects=None).values_list("projects__partnership__key", flat=True)
    )
    partnerships = {"amsterdam-kocaeli", "haarlem-emirdag", "meppel-al-hoceima", "rotterdam-casablanca"}
    assert partnerships | {"zeist-berkane"} <= named
    assert dimension_codings().exclude(projects=None).distinct().count() >= 35


def test_named_projects_belong_to_the_partnerships_of_their_source(case_studies):
    for coding in Coding.objects.exclude(projects=None).select_related("version__source"):
        partnerships = set(coding.version.source.partnerships.values_list("pk", flat=True))
        for project in coding.projects.all():
            assert project.partnership_id in partnerships, (coding.version.source.key, coding.quote)


def test_the_analysis_behind_the_rows_of_table_8_1_names_its_projects_and_country(case_studies):
    # Similarity strong on fire safety and waste management: passages about those projects.
    similar = dimension_codings().filter(code__term="professional_similarity", assessment="strong")
    named = set().union(*(project_names(c) for c in similar))
    assert "amsterdam-kocaeli/fire-safety" in named and len(named & WASTE_MANAGEMENT) >= 2
    # ch. 8.3.4: trust and one-to-one contacts limited in the exchange on social cohesion in the
    # Netherlands (Table 8.1: similarity and trust limited for governance in the Netherlands) ...
    social_cohesion = "limited use was made of one-to-one contacts"
    for dimension in ("professional_similarity", "process_trust"):
        limited = analysis_coding("g-peer-contacts-social-cohesion", dimension, social_cohesion)
        assert limited.assessment == "limited" and limited.factor_role == "limiting"
        assert limited.concerns_country == "NL" and project_names(limited) == GOVERNANCE_IN_NL
    # ... and strong for strengthening local governance in Morocco (its projects) and Turkey (ch. 8.7).
    morocco = analysis_coding("g-peer-contacts-social-cohesion", "process_trust", "peer-to-peer learning")
    assert morocco.assessment == "strong" and morocco.concerns_country == "MA"
    assert {"zeist-berkane/waste-management", "meppel-al-hoceima/waste-management"} <= project_names(morocco)
    assert all(not name.startswith(("amsterdam-", "haarlem-")) for name in project_names(morocco))
    assert not project_names(morocco) & GOVERNANCE_IN_NL
    turkey = analysis_coding("g-conclusions-trust-and-power", "process_trust", "Process-based building")
    assert turkey.assessment == "strong" and turkey.concerns_country == "TR"
    # Table 8.1: too many perceived differences, particularly for learning by Dutch local governments.
    for source, words in (
        ("g-conclusions-peer-learning", "Some policymakers felt"),
        ("g-dutch-interest-similar-partners", "the most popular Turkish partner municipalities"),
        ("g-differences-as-source", "Some Dutch municipalities"),
    ):
        coding = analysis_coding(source, "difference_recognition", words)
        assert (coding.assessment, coding.concerns_country) == ("limited", "NL"), source


def test_statements_on_learning_by_dutch_local_governments_concern_nl(case_studies):
    country = dimension_codings().exclude(concerns_country="")
    assert set(country.values_list("concerns_country", flat=True)) == {"NL", "MA", "TR"}
    assert country.filter(concerns_country="NL").count() >= 15
    # Morocco and Turkey only for the analysis of local governance strengthened there (ch. 8.3.4, 8.7).
    others = country.exclude(concerns_country="NL")
    assert others.count() == 2
    assert all("local governance in Morocco and Turkey" in c.quote for c in others)
    # A country is for statements across partnerships; a coding on one side names the side.
    assert not Coding.objects.exclude(concerns_country="").exclude(concerns_side=None).exists()
    for coding in dimension_codings().filter(quote__contains="learning by Dutch"):
        assert coding.concerns_country == "NL", coding.quote


def test_the_programme_table_8_1_shows_the_rows_of_the_seed(case_studies):
    from mutuality.analysis.dimensions import dimension_table
    from mutuality.datasets import load_dataset

    dataset = load_dataset()
    table = dimension_table(dataset, ("subject", ("project_type", "country"), "country"))
    similarity = "professional_similarity"
    for subject in ("fire safety", "waste management"):
        cell = table.cell(similarity, subject, "subject")
        assert cell is not None and cell.level == "strong", (subject, cell)
        assert not cell.contradictory, (subject, cell.contradictions)
    for context, family in (("integration+NL", "project_type+country"), ("NL", "country")):
        cell = table.cell(similarity, context, family)
        assert cell is not None and cell.level == "limited", (context, cell)
        assert not cell.contradictory, (context, cell.contradictions)
    rows = {row.dimension: row for row in table.rows()}
    statements = {s.level: s for s in rows[similarity].statements}
    assert set(statements) == {"strong", "limited"}
    assert {"subject: fire safety", "subject: waste management"} <= set(statements["strong"].contexts)
    assert {"project_type+country: integration+NL", "country: NL"} <= set(statements["limited"].contexts)
    assert not statements["strong"].contradicted and not statements["limited"].contradicted
    # Scoping the codings to their projects and country leaves far fewer contradicting cells:
    # 157 of 210 when every coding took all projects of its source's partnerships.
    assert len(table.contradictions) <= 110, len(table.contradictions)
    strong_and_limited = [c for c in table.cells if "strong_and_limited" in c.contradictions]
    assert len(strong_and_limited) <= 60, len(strong_and_limited)
