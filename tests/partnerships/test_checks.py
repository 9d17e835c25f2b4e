"""`mutuality check` finds records that reached the database around the forms and the loader."""

from __future__ import annotations

import datetime as dt

import pytest

from mutuality.checks import check_database
from mutuality.formats.data_load import load_files
from mutuality.partnerships.models import Actor, Exchange, LearningOutcome
from tests.formats.datasets import VALID_DATASET, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path):
    load_files([write(tmp_path, VALID_DATASET)])


def test_loaded_data_has_no_problems(loaded):
    assert list(check_database()) == []


def test_an_unknown_vocabulary_key_is_found(loaded):
    Exchange.objects.update(method="carrier_pigeon")
    [problem] = check_database()
    assert (problem.record, problem.field) == ("2008-visit-to-zeist", "method")
    assert "carrier_pigeon" in problem.message and "field_visit" in problem.message


def test_an_unknown_key_in_a_vocabulary_list_is_found(loaded):
    Actor.objects.filter(key="zeist-international-desk").update(roles=["coordinator", "juggler"])
    [problem] = check_database()
    assert (problem.record, problem.field) == ("zeist-international-desk", "roles")
    assert "juggler" in problem.message


def test_a_vocabulary_list_holding_something_other_than_keys_is_found_not_fatal(loaded):
    Actor.objects.filter(key="zeist-international-desk").update(roles=[["coordinator"], {"a": 1}])
    problems = [p for p in check_database() if p.field == "roles"]
    assert len(problems) == 2


def test_a_broken_rule_is_found(loaded):
    Exchange.objects.update(end_date=dt.date(2000, 1, 1))
    [problem] = check_database()
    assert (problem.record, problem.field) == ("2008-visit-to-zeist", "end_date")


def test_a_side_learning_from_itself_is_found(loaded):
    outcome = LearningOutcome.objects.get(key="berkane-youth-council")
    LearningOutcome.objects.filter(pk=outcome.pk).update(learned_from=outcome.side)
    [problem] = check_database()
    assert (problem.record, problem.field) == ("berkane-youth-council", "learned_from")
    assert "learning outcome berkane-youth-council, field 'learned_from'" in str(problem)


def test_a_country_that_is_no_iso_code_is_found_in_municipalities_and_the_evidence(loaded):
    from mutuality.evidence.models import Respondent
    from mutuality.partnerships.models import Municipality

    Municipality.objects.filter(key="zeist").update(country="XX")
    Respondent.objects.create(key="r1", label="R1", country="ZZ")
    problems = {(p.record, p.field) for p in check_database()}
    assert problems == {("zeist", "country"), ("r1", "country")}


def test_the_migration_maps_codes_in_any_case_and_lists_what_it_cannot_read(loaded):
    from mutuality.countries import map_stored_countries
    from mutuality.partnerships.models import Municipality

    Municipality.objects.filter(key="zeist").update(country="nl")
    Municipality.objects.filter(key="berkane").update(country="XX")
    unread = map_stored_countries(Municipality, "country", lambda m: m.key)
    assert unread == ["berkane: 'XX'"]
    assert dict(Municipality.objects.values_list("key", "country")) == {"zeist": "NL", "berkane": "XX"}
