"""The matrix counts in the database exactly what each cell's passages link lists, for every attribute."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml
from django.contrib.auth import get_user_model

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.matrix import ATTRIBUTES, build_matrix
from mutuality.evidence.models import Coding, Respondent, Source
from mutuality.evidence.queries import PassageFilter
from mutuality.evidence.versions import add_version
from mutuality.formats.data_load import load_documents
from mutuality.partnerships.models import Partnership, Project
from tests.formats.datasets import VALID_DATASET


# How a coding counts under each attribute, written out one coding at a time.
def expected_values(coding: Coding, attribute: str) -> list[object]:
    source = coding.version.source
    respondent = source.respondent
    if attribute == "partnership":
        return [p.key for p in source.partnerships.all()] or [None]
    if attribute == "side":
        side = coding.concerns_side or source.side
        return [side.municipality.key if side else None]
    if attribute == "project_type":  # each type once, however many partnerships have it
        projects = list(coding.projects.all()) or [
            project for p in source.partnerships.all() for project in p.projects.all()
        ]
        return sorted({t for project in projects for t in project.types}) or [None]
    if attribute == "actor_type":
        return [respondent.organisation_type if respondent else None]
    if attribute == "respondent_role":
        return [respondent.role if respondent else None]
    if attribute == "source_kind":
        return [source.kind]
    if attribute == "assessment":
        return [coding.assessment]
    if attribute == "factor_role":
        return [coding.factor_role]
    if attribute == "coder":
        return [coding.coder.username]
    raise AssertionError(attribute)


@pytest.fixture
def varied(partnership, source, coder):
    """Codings that differ in every attribute the matrix counts by."""
    load_documents([("zeist-berkane", yaml.safe_load(VALID_DATASET))])
    zeist_berkane = Partnership.objects.get(key="zeist-berkane")
    second = get_user_model().objects.create_user("second", password="a-long-test-password")
    respondent = Respondent.objects.create(
        key="r1", label="R1", role="Waste officer", organisation_type="line_department"
    )
    both = Source.objects.create(
        title="Joint report",
        kind="document",
        respondent=respondent,
        side=zeist_berkane.sides.get(municipality__key="zeist"),
    )
    both.partnerships.add(partnership, zeist_berkane)
    add_version(both, "Waste bins came first. Youth came later. Trust took years.", user=coder)
    trust = framework_code("dimension", "process_trust")
    power = framework_code("dimension", "power_equality")
    youth = Project.objects.get(partnership=zeist_berkane, key="youth-participation")
    berkane = zeist_berkane.sides.get(municipality__key="berkane")
    made = [
        Coding.objects.create(
            version=source.current, start=0, end=3, code=trust, coder=coder, assessment="strong"
        ),
        Coding.objects.create(
            version=source.current, start=4, end=9, code=power, coder=second, factor_role="limiting"
        ),
        Coding.objects.create(
            version=both.current, start=0, end=5, code=trust, coder=coder, concerns_side=berkane
        ),
        Coding.objects.create(
            version=both.current, start=6, end=10, code=trust, coder=second, assessment="limited"
        ),
        Coding.objects.create(version=both.current, start=23, end=28, code=power, coder=coder),
    ]
    made[-1].projects.set([youth])
    return made


@pytest.mark.parametrize("attribute", sorted(ATTRIBUTES))
def test_each_cell_counts_its_codings_and_links_to_exactly_them(varied, attribute):
    expected = Counter(
        (coding.code_id, value)
        for coding in Coding.objects.all()
        for value in expected_values(coding, attribute)
    )

    matrix = build_matrix(Coding.objects.all(), attribute)

    assert {cell: n for cell, n in matrix.table.cells.items() if n} == dict(expected)
    for (code_id, value), count in expected.items():
        if value in (None, ""):
            continue  # "not recorded" has no filter value
        linked = PassageFilter(**{attribute: str(value)}).apply(Coding.objects.filter(code_id=code_id))
        assert linked.count() == count, (attribute, value)
