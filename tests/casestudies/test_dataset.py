"""The bundled case studies: what the seeds say is there, loadable, reloadable, exportable."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from django.apps import apps

from mutuality.casestudies import case_study_files, load_case_studies
from mutuality.checks import check_database
from mutuality.formats.data_export import export_json
from mutuality.formats.data_load import load_files
from mutuality.formats.problems import DataFileError
from mutuality.partnerships.models import LearningOutcome, Partnership

CASE_STUDIES = [
    "amsterdam-kocaeli",
    "rotterdam-casablanca",
    "amsterdam-larache",
    "haarlem-emirdag",
    "zeist-berkane",
    "meppel-al-hoceima",
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("partnerships").get_models()}


def test_the_six_case_studies_and_the_table_1_3_links_are_there(case_studies):
    keys = set(Partnership.objects.values_list("key", flat=True))
    assert set(CASE_STUDIES) <= keys
    assert {"almelo-denizli", "nijmegen-gaziantep", "gouda-imzourene", "rotterdam-istanbul"} <= keys


def test_zeist_berkane_has_its_projects_programme_linkage_and_learning_on_both_sides(case_studies):
    partnership = Partnership.objects.get(key="zeist-berkane")
    names = " | ".join(p.name.lower() for p in partnership.projects.all())
    assert "youth participation" in names and "waste" in names and "women's business centre" in names
    programmes = {p.support_programme.name for p in partnership.projects.all() if p.support_programme}
    assert programmes == {"MATRA"}
    assert partnership.translocal_linkage == "limited"
    learners = set(partnership.learning_outcomes.values_list("side__municipality__key", flat=True))
    assert learners == {"zeist", "berkane"}


def test_kocaeli_and_amsterdam_fire_professionals_both_learn(case_studies):
    outcomes = LearningOutcome.objects.filter(partnership__key="amsterdam-kocaeli")
    assert {o.side.municipality.key for o in outcomes} == {"amsterdam", "kocaeli"}


def test_a_learning_flag_is_stored_only_where_the_study_states_it(case_studies):
    """What became of the learning is given where the chapters say so; every other flag is not known."""
    flags = ("intended", "recognised", "implemented", "disseminated_internally", "disseminated_externally")
    flags += ("institutionalised",)
    stated = {}
    for path in case_study_files():
        for partnership in yaml.safe_load(path.read_text(encoding="utf-8")).get("partnerships") or ():
            for outcome in partnership.get("learning_outcomes") or ():
                stated[(partnership["key"], outcome["key"])] = outcome
    assert stated
    for outcome in LearningOutcome.objects.select_related("partnership"):
        given = stated[(outcome.partnership.key, outcome.key)]
        assert {flag: getattr(outcome, flag) for flag in flags} == {flag: given.get(flag) for flag in flags}
    berkane = LearningOutcome.objects.get(key="berkane-waste-management")
    assert (berkane.recognised, berkane.implemented, berkane.disseminated_externally) == (None, None, None)


def test_every_record_cites_where_it_comes_from(case_studies):
    pattern = re.compile(r"ch\. (1|2|8|10)\b|\bRC21 paper 2011\b")
    for model in apps.get_app_config("partnerships").get_models():
        if not any(f.name == "source" for f in model._meta.get_fields()):
            continue
        for record in model.objects.all():
            assert pattern.search(record.source), f"{model.__name__} {record.key} cites no seed section"


def test_the_case_studies_pass_the_database_check(case_studies):
    assert list(check_database()) == []


def test_loading_twice_does_not_duplicate(case_studies):
    """Runs the real case-study loader again over the loaded data (2–3 s): loading is what it checks."""
    before = counts()
    load_case_studies()
    assert counts() == before


def test_an_export_loads_into_an_empty_database_and_exports_the_same(case_studies, tmp_path):
    first = export_json()
    for model in reversed(list(apps.get_app_config("partnerships").get_models())):
        model.objects.all().delete()
    (tmp_path / "export.json").write_text(first, encoding="utf-8")
    load_files([tmp_path / "export.json"])
    assert export_json() == first


def test_one_bad_record_in_the_dataset_loads_none_of_it(db, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for path in case_study_files():
        shutil.copy(path, folder / path.name)
    damaged = folder / "zeist-berkane.yaml"
    damaged.write_text(
        damaged.read_text(encoding="utf-8").replace("method: field_visit", "method: telepathy", 1)
    )
    with pytest.raises(DataFileError) as raised:
        load_files(sorted(Path(folder).glob("*.yaml")))
    assert "zeist-berkane.yaml, line" in str(raised.value)
    assert "telepathy" in str(raised.value)
    assert set(counts().values()) == {0}
